"""How a change to aligner.numbers moves the number comparison on the real data.

Runs :func:`aligner.numbers.compare_numbers` on every gold 1-1 pair of the four gold files
of ``../shared/data``, once with the numbers code of a git revision (``--baseline``,
default ``main``) and once with the working tree's, and prints per corpus how many pairs
have a number difference under each and how many pairs changed (became flagged, became
clean, or name other numbers). The changed pairs are written to ``--out`` (JSONL) to be
read one by one: a count alone says nothing about whether the change is right.

    .venv/bin/python scripts/measure_numbers.py --baseline main --out /tmp/numbers_changes.jsonl

The baseline's ``aligner`` folder is exported with ``git archive`` into a temporary folder
and run in a subprocess, so that both layouts (``numbers.py`` and the ``numbers/``
package) can be compared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
GOLD_FILES = ("wmt20_medline_fr2en_gold", "matos_nlp_abstracts_enfr",
              "wmt_biomed_realigned_enfr", "transread_novels_enfr_gold")

# Runs in a subprocess whose sys.path starts with the code to measure.
_WORKER = """
import json, sys
from aligner.numbers import compare_numbers
for line in sys.stdin:
    en, fr = json.loads(line)
    d = compare_numbers(en, fr)
    print(json.dumps([list(d.only_en), list(d.only_fr)]))
"""


def gold_pairs(data: Path) -> list[tuple[str, str, str, str]]:
    """(corpus, document id, English, French) of every gold 1-1 pair."""
    pairs = []
    for name in GOLD_FILES:
        with open(data / f"{name}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                for en_ids, fr_ids in record["gold"]:
                    if len(en_ids) == 1 and len(fr_ids) == 1:
                        pairs.append((name, record["id"], record["en"][en_ids[0]],
                                      record["fr"][fr_ids[0]]))
    return pairs


def run_numbers(code_root: Path, pairs: list[tuple[str, str, str, str]]) -> list[list[list[str]]]:
    """compare_numbers of each pair, computed by the ``aligner`` package under ``code_root``."""
    feed = "".join(json.dumps([en, fr]) + "\n" for _c, _d, en, fr in pairs)
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code_root)!r})\n"
               + _WORKER]
    done = subprocess.run(command, input=feed, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def export_revision(revision: str, target: Path) -> Path:
    """The ``aligner`` folder of ``revision``, written under ``target``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "aligner"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, help="write the changed pairs here (JSONL)")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data folder at {args.data}: this measurement needs ../shared/data")
    pairs = gold_pairs(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        before = run_numbers(export_revision(args.baseline, Path(tmp)), pairs)
    after = run_numbers(ROOT, pairs)
    rows: dict[str, list[int]] = {}
    changes = []
    for (corpus, doc, en, fr), old, new in zip(pairs, before, after, strict=True):
        row = rows.setdefault(corpus, [0, 0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += any(old)
        row[2] += any(new)
        if old != new:
            kind = "flagged" if not any(old) else "cleared" if not any(new) else "other"
            row[3 + ("flagged", "cleared", "other").index(kind)] += 1
            changes.append({"corpus": corpus, "id": doc, "change": kind, "en": en, "fr": fr,
                            "before": old, "after": new})
    header = ("corpus", "pairs", "diff before", "diff after", "newly flagged", "cleared",
              "other numbers")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    total = [sum(column) for column in zip(*rows.values(), strict=True)]
    for corpus, row in [*rows.items(), ("all", total)]:
        print(f"| {corpus} | " + " | ".join(str(v) for v in row) + " |")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            for change in changes:
                handle.write(json.dumps(change, ensure_ascii=False) + "\n")
        print(f"{len(changes)} changed pairs written to {args.out}")


if __name__ == "__main__":
    main()
