"""Synthetic abstracts and a kill/resume harness for the durability tests and scripts/torture.py.

Written for these tests (no corpus text): sentence pairs from a dozen templates with
varying numbers, 3-8 sentences a record, and now and then a French sentence dropped or a
number changed, so that the outputs compared across killed and uninterrupted runs hold
flags, not only clean beads. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TEMPLATES = [
    ("We enrolled {a} patients in {b} hospitals.",
     "Nous avons recruté {a} patients dans {b} hôpitaux."),
    ("The mean age was {a} years.", "L'âge moyen était de {a} ans."),
    ("Follow-up lasted {a} months on average.", "Le suivi a duré {a} mois en moyenne."),
    ("Mortality fell from {a}% to {b}%.", "La mortalité est passée de {a} % à {b} %."),
    ("Interviews were conducted with {a} teachers.",
     "Des entretiens ont été menés auprès de {a} enseignants."),
    ("The survey was sent to {a} households in {b}.",
     "Le questionnaire a été envoyé à {a} ménages en {b}."),
    ("Results suggest a strong association between diet and sleep.",
     "Les résultats suggèrent une forte association entre l'alimentation et le sommeil."),
    ("This study examines the history of rural schools.",
     "Cette étude examine l'histoire des écoles rurales."),
    ("Data were analysed with mixed models.",
     "Les données ont été analysées à l'aide de modèles mixtes."),
    ("The authors discuss the implications for public policy.",
     "Les auteurs discutent des implications pour les politiques publiques."),
    ("Costs rose by {a} dollars per patient.",
     "Les coûts ont augmenté de {a} dollars par patient."),
    ("Samples were collected between {b} and {c}.",
     "Les échantillons ont été prélevés entre {b} et {c}."),
]


def synthetic_record(index: int, rng: random.Random) -> dict[str, str]:
    """One record: a few template pairs, sometimes with an omission or a changed number."""
    en, fr = [], []
    for _ in range(rng.randint(3, 8)):
        template_en, template_fr = rng.choice(TEMPLATES)
        values = {"a": rng.randint(2, 900), "b": rng.randint(1990, 2020),
                  "c": rng.randint(2021, 2024)}
        en.append(template_en.format(**values))
        if rng.random() < 0.05:
            values["a"] += 1  # a number the French gets wrong
        if rng.random() < 0.04:
            continue  # a sentence the French leaves out
        fr.append(template_fr.format(**values))
    return {"id": f"rec-{index:05d}", "en": " ".join(en), "fr": " ".join(fr)}


def write_synthetic_jsonl(path: Path, count: int, seed: int = 28) -> Path:
    """Write ``count`` synthetic records to ``path`` (JSONL) and return it."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as stream:
        for index in range(count):
            stream.write(json.dumps(synthetic_record(index, rng), ensure_ascii=False) + "\n")
    return path


# --- running, killing and resuming `aligner check` in a subprocess -----------------------

def check_command(source: Path, output: Path, *extra: str) -> list[str]:
    """The `aligner check` command line of these runs (lexical: no model download, fast)."""
    return [sys.executable, "-m", "aligner", "check", str(source), "--scorer", "lexical",
            "--format", "jsonl", "-o", str(output), *extra]


def start(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a run in its own process group (so a kill reaches its workers too)."""
    return subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def kill_after(process: subprocess.Popen[bytes], output: Path, seconds: float,
               min_bytes: int = 1, sig: int = signal.SIGKILL, limit: float = 300.0) -> bool:
    """Wait ``seconds`` and until ``output`` has ``min_bytes``, then send ``sig`` to the
    run's process group. False when the run ended first (nothing was killed)."""
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < limit:
        grown = output.exists() and output.stat().st_size >= min_bytes
        if grown and time.monotonic() - started >= seconds:
            os.killpg(process.pid, sig)
            process.wait()
            return True
        time.sleep(0.02)
    process.wait()
    return False


def output_ids(output: Path) -> list[str]:
    """Ids of the complete lines of an output file (a cut last line is ignored)."""
    ids = []
    with open(output, "rb") as stream:
        for raw in stream:
            if raw.endswith(b"\n"):
                ids.append(json.loads(raw)["id"])
    return ids


def input_ids(source: Path) -> list[str]:
    with open(source, encoding="utf-8") as stream:
        return [json.loads(line)["id"] for line in stream if line.strip()]


# --- the review server under concurrent writes and SIGKILL ------------------------------

def review_results(path: Path, records: int = 50, beads: int = 5) -> Path:
    """A results file of ``records`` x ``beads`` flagged beads (contract records by hand)."""
    with open(path, "w", encoding="utf-8") as stream:
        for r in range(records):
            en = [f"Sentence {i} of {r}." for i in range(beads)]
            fr = [f"Phrase {i} de {r}." for i in range(beads)]
            bead_list = [{"en": [i], "fr": [i], "score": 0.1, "flags": ["low_fidelity"]}
                         for i in range(beads)]
            stream.write(json.dumps({"id": f"r{r}", "status": "ok", "reason": None, "en": en,
                                     "fr": fr, "beads": bead_list, "flags": ["low_fidelity"],
                                     "meta": {}}) + "\n")
    return path


def start_review(results: Path, db: Path) -> tuple[subprocess.Popen[bytes], int, str]:
    """Start `aligner review` on a free port; (process, port, session token)."""
    import re
    import urllib.request

    process = subprocess.Popen(
        [sys.executable, "-m", "aligner", "review", str(results), "--db", str(db), "--port", "0",
         "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    while line := process.stdout.readline().decode():
        if found := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
            port = int(found.group(1))
            break
    else:
        raise RuntimeError("review server did not start")
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
    token = re.search(r'name="review-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return process, port, token


def post_decision(port: int, token: str, pos: int, bead: int, note: str) -> bool:
    """One decision POST; True only when the server answered 200."""
    import http.client

    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/api/decision", body=json.dumps(
            {"pos": pos, "bead": bead, "decision": "confirmed", "note": note}),
            headers={"Content-Type": "application/json", "X-Review-Token": token})
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def concurrent_posts(servers: list[tuple[int, str]], posts: int, kill: Any = None,
                     kill_at: int = -1) -> list[tuple[int, int, str]]:
    """``posts`` decisions on distinct beads from 16 threads, spread over ``servers``;
    ``kill()`` is called once ``kill_at`` answers came back. The (pos, bead, note) answered 200."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    answered: list[tuple[int, int, str]] = []
    lock = threading.Lock()
    counter = [0]

    def one(n: int) -> None:
        port, token = servers[n % len(servers)]
        pos, bead, note = n // 5, n % 5, f"post-{n}"
        ok = post_decision(port, token, pos, bead, note)
        with lock:
            counter[0] += 1
            if ok:
                answered.append((pos, bead, note))
            if kill is not None and counter[0] == kill_at:
                kill()

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(one, range(posts)))
    return answered


def stored_notes(db: Path) -> tuple[dict[tuple[str, str], str], str]:
    """(note by (record id, bead key), PRAGMA integrity_check) of a review database."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        notes = {(r, k): n for r, k, n in conn.execute(
            "SELECT record_id, bead_key, note FROM decisions")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return notes, integrity
