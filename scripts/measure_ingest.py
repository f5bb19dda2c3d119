"""Measure `aligner ingest` on real abstracts wrapped in synthetic pages; print a table.

Real EN/FR abstract pairs from ../shared/data (SciELO health raw texts, MaTOS NLP
abstracts) are wrapped in four page shapes: a plain-text page of unknown layout with the
English first, the same with the French first, an HTML page (navigation, script, footer,
entities) in random order, and an Érudit-like page. Each page is ingested and the
recovered ``en``/``fr`` compared with the source texts (whitespace-insensitive). This
measures what the layouts cannot show on three seeds: language assignment and prose
detection on thousands of real abstracts of every length.

    .venv/bin/python scripts/measure_ingest.py            # 300 pairs per file
    .venv/bin/python scripts/measure_ingest.py --limit 0  # every pair
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from aligner.ingest import IngestedRecord, ingest_text

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SOURCES = {
    "scielo": ("scielo_health_fren_docs.jsonl", "en_text", "fr_text"),
    "matos": ("matos_nlp_abstracts_enfr.jsonl", "en", "fr"),
}


def pairs(name: str, limit: int) -> Iterator[tuple[str, str]]:
    """(English, French) abstract texts of one data file; sentence lists are joined."""
    file_name, en_key, fr_key = SOURCES[name]
    with open(DATA / file_name, encoding="utf-8") as stream:
        for count, line in enumerate(stream):
            if limit and count >= limit:
                return
            record = json.loads(line)
            en, fr = record[en_key], record[fr_key]
            yield (" ".join(en) if isinstance(en, list) else en,
                   " ".join(fr) if isinstance(fr, list) else fr)


def text_en_first(en: str, fr: str, rng: random.Random) -> str:
    return f"A study title\n\nHome | Journals | About\n\n{en}\n\n{fr}\n\nShare this article\n"


def text_fr_first(en: str, fr: str, rng: random.Random) -> str:
    return f"Un titre d'étude\n\n{fr}\n\n{en}\n\nDownload PDF\n"


def html_page(en: str, fr: str, rng: random.Random) -> str:
    first, second = (en, fr) if rng.random() < 0.5 else (fr, en)
    return (
        "<!DOCTYPE html><html><head><title>Article</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><h1>A study</h1>"
        f"<p>{html.escape(first)}</p><p>{html.escape(second)}</p>"
        "<footer>Copyright © Publisher</footer></body></html>"
    )


def erudit_page(en: str, fr: str, rng: random.Random) -> str:
    return (
        "A STUDY\n\nFiche du document\n\nDate\n\n2020\n\nCiter ce document\n\n"
        f"Partage / Export\n\nRésumé En Fr\n\n{en}\n\n{fr}\n\ndocument thumbnail\n\n"
        "Par les mêmes auteurs\n\nExporter en\n"
    )


PAGES: dict[str, Callable[[str, str, random.Random], str]] = {
    "text, en first": text_en_first,
    "text, fr first": text_fr_first,
    "html, random order": html_page,
    "erudit": erudit_page,
}


def same(left: str, right: str) -> bool:
    return left.split() == right.split()


def measure(name: str, limit: int) -> list[tuple[str, str, int, Counter[str], float]]:
    """Per page shape: (data, shape, pages, outcome counts, seconds)."""
    data = list(pairs(name, limit))
    rows = []
    for shape, make in PAGES.items():
        rng = random.Random(0)
        outcomes: Counter[str] = Counter()
        start = time.perf_counter()
        for en, fr in data:
            result = ingest_text(make(en, fr, rng), f"{shape}.html" if "html" in shape else "x")
            if not isinstance(result, IngestedRecord):
                outcomes["unrecognised"] += 1
                continue
            outcomes["en exact"] += same(result.en, en)
            outcomes["fr exact"] += same(result.fr, fr)
            outcomes["both exact"] += same(result.en, en) and same(result.fr, fr)
            outcomes["swapped"] += same(result.en, fr) or same(result.fr, en)
        rows.append((name, shape, len(data), outcomes, time.perf_counter() - start))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="pairs per file (0: all)")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: needs {DATA} (the evaluation data beside the repository)")
        return 0
    print("| data | page shape | pages | both exact | en exact | fr exact | swapped | "
          "unrecognised | pages/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in SOURCES:
        for data, shape, total, c, seconds in measure(name, args.limit):
            pct = {k: f"{100 * c[k] / total:.1f}%" for k in ("both exact", "en exact", "fr exact")}
            print(f"| {data} | {shape} | {total} | {pct['both exact']} | {pct['en exact']} | "
                  f"{pct['fr exact']} | {c['swapped']} | {c['unrecognised']} | "
                  f"{total / seconds:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
