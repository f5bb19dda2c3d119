"""How closely ``aligner ingest`` reads the journals' real records: a table against gold.

Reads ``../shared/data/formats/gold.jsonl`` (one line per file and record, each side's
title, abstract and keywords as a reader sees them) and ingests every file it names with
:mod:`aligner.ingest.journal`. For each field and side it counts exact matches, and
matches once whitespace is normalised (paragraph breaks and runs of spaces made one
space), so a layout difference is told apart from a wrong text. Nothing here is tuned:
the gold files are a test of the readers written from the formats' specifications.

    python scripts/measure_ingest_formats.py [--data ../shared/data/formats] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from aligner.ingest.journal import ingest_xml
from aligner.ingest.model import IngestedRecord

FIELDS = ("title", "abstract", "keywords")
SIDES = ("en", "fr")


def loose(value: object) -> object:
    """Whitespace-insensitive form of a value (a list compared item by item)."""
    if isinstance(value, list):
        return [loose(item) for item in value]
    if isinstance(value, str):
        return re.sub(r"[ \t\r\n]+", " ", value).strip()
    return value


def produced(record: IngestedRecord | None, side: str, name: str) -> object:
    if record is None:
        return None
    data = record.to_dict()
    if name == "abstract":
        return data[side] or None
    value = data[f"{name}_{side}"]
    return value if value or name == "title" else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/formats")
    parser.add_argument("--show", action="store_true", help="print each mismatch")
    args = parser.parse_args()
    data = Path(args.data)
    gold_path = data / "gold.jsonl"
    if not gold_path.exists():
        print(f"skipped: {gold_path} not found (the real-format sample is not here)")
        return 0
    gold = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    exact: Counter[str] = Counter()
    close: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    by_format: Counter[str] = Counter()
    cache: dict[str, list[IngestedRecord]] = {}
    seen: Counter[str] = Counter()
    for line in gold:
        file = line["file"]
        if file not in cache:
            with (data / file).open("rb") as stream:
                cache[file] = [o for o in ingest_xml(stream, file) if isinstance(o, IngestedRecord)]
        index = seen[file]
        seen[file] += 1
        record = cache[file][index] if index < len(cache[file]) else None
        all_right = True
        for side in SIDES:
            for name in FIELDS:
                want = (line.get(side) or {}).get(name)
                want = want if want not in ("", None) or name != "keywords" else []
                got = produced(record, side, name)
                key = f"{name}_{side}"
                totals[key] += 1
                exact[key] += got == want
                close[key] += loose(got) == loose(want)
                if loose(got) != loose(want):
                    all_right = False
                    if args.show:
                        print(f"{file} {key}\n  gold: {str(want)[:300]}\n  got:  {str(got)[:300]}")
        by_format[line["format"] + (" ok" if all_right else " differs")] += 1
    print(f"{'field':<14}{'records':>9}{'exact':>8}{'whitespace-normalised':>23}")
    for side in SIDES:
        for name in FIELDS:
            key = f"{name}_{side}"
            print(f"{key:<14}{totals[key]:>9}{exact[key]:>8}{close[key]:>23}")
    print()
    for key, count in sorted(by_format.items()):
        print(f"{key:<30}{count:>4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
