"""Print the per-kind detection table of docs/detection.md from `aligner eval --format json`.

Usage:
    .venv/bin/python scripts/detection_table.py NAME=EVAL.json [NAME=EVAL.json ...]

Each EVAL.json is the output of `aligner eval INJECTED.jsonl --format json` on a file
written by `aligner inject`; NAME labels its row (e.g. lexical-text, e5-numbers). One row
per file: recall of the expected flag per injected kind (with the number injected) and
the untouched French sentences flagged. Reads only what it is given; runs nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def row(name: str, report: dict) -> tuple[str, dict[str, str], str]:
    detection = report.get("detection") or {}
    cells = {kind: f"{entry['recall']:.3f} ({entry['documents']})"
             for kind, entry in detection.get("recall", {}).items()
             if entry.get("recall") is not None}
    untouched = (f"{detection['false_flag_rate']:.2%} "
                 f"({detection['untouched_flagged']}/{detection['untouched_fr']})"
                 if detection.get("untouched_fr") else "n/a")
    return name, cells, untouched


def main(arguments: list[str]) -> int:
    if not arguments or any("=" not in a for a in arguments):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rows = []
    for argument in arguments:
        name, path = argument.split("=", 1)
        try:
            report = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{path}: cannot read an eval report ({exc})", file=sys.stderr)
            return 1
        rows.append(row(name, report))
    kinds = list(dict.fromkeys(kind for _, cells, _ in rows for kind in cells))
    print("| run | " + " | ".join(kinds) + " | untouched flagged |")
    print("|---|" + "---:|" * (len(kinds) + 1))
    for name, cells, untouched in rows:
        print(f"| {name} | " + " | ".join(cells.get(k, "") for k in kinds) + f" | {untouched} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
