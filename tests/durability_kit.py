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
