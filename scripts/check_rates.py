"""How often the QA checks of aligner.checks fire on gold 1-1 pairs (clean translations).

Each pair is checked within its whole record (brackets are balanced over the
record, as in `aligner check`). Every finding on a gold pair that people aligned as a
translation is a candidate false flag (some are real: a translator's typo in a trial id
is a real error). Prints, per data
file and check, the number of pairs and of findings, and with --show N the first N
findings of each check, for reading.

    .venv/bin/python scripts/check_rates.py ../shared/data/wmt_biomed_realigned_enfr.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from aligner.checks import run_checks
from aligner.evidence import Sentences


def gold_pairs(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for en_idx, fr_idx in record.get("gold", []):
                if len(en_idx) == 1 and len(fr_idx) == 1:
                    yield record, en_idx[0], fr_idx[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    print(f"{'file':42} {'pairs':>7} {'identifier':>11} {'statistic':>10} {'brackets':>9}")
    for path in args.files:
        counts: Counter[str] = Counter()
        shown: Counter[str] = Counter()
        pairs = 0
        for record, en_index, fr_index in gold_pairs(path):
            pairs += 1
            record_id = record["id"]
            findings = run_checks(Sentences.of("en", record["en"], [en_index]),
                                  Sentences.of("fr", record["fr"], [fr_index]),
                                  Sentences.of("en", record["en"], range(len(record["en"]))),
                                  Sentences.of("fr", record["fr"], range(len(record["fr"]))))
            for finding in findings:
                counts[finding.code] += 1
                if shown[finding.code] < args.show:
                    shown[finding.code] += 1
                    print(f"  [{finding.code}] {record_id}: {finding.reason}")
        print(f"{path.name[:42]:42} {pairs:7d} {counts['identifier_changed']:11d} "
              f"{counts['statistic_mismatch']:10d} {counts['bracket_unbalanced']:9d}")


if __name__ == "__main__":
    main()
