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
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy

from aligner.ingest import IngestedRecord, ingest_text
from aligner.ingest.language import paragraph_language

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
            en = " ".join(en) if isinstance(en, list) else en
            fr = " ".join(fr) if isinstance(fr, list) else fr
            if en.strip() and fr.strip():  # a few source records are blank: no test material
                yield en, fr


# A page maker returns (page, the expected en, the expected fr).
Page = tuple[str, str, str]


def text_en_first(en: str, fr: str, rng: random.Random) -> Page:
    page = f"A study title\n\nHome | Journals | About\n\n{en}\n\n{fr}\n\nShare this article\n"
    return page, en, fr


def text_fr_first(en: str, fr: str, rng: random.Random) -> Page:
    return f"Un titre d'étude\n\n{fr}\n\n{en}\n\nDownload PDF\n", en, fr


def text_glued(en: str, fr: str, rng: random.Random) -> Page:
    """Both abstracts in one paragraph, in random order (the break lost by the scrape)."""
    first, second = (en, fr) if rng.random() < 0.5 else (fr, en)
    return f"A study title\n\n{first} {second}\n", en, fr


def text_english_only(en: str, fr: str, rng: random.Random) -> Page:
    return f"A study title\n\nAbstract\n\n{en}\n\nKeywords: one; two\n", en, ""


def html_page(en: str, fr: str, rng: random.Random) -> Page:
    first, second = (en, fr) if rng.random() < 0.5 else (fr, en)
    page = (
        "<!DOCTYPE html><html><head><title>Article</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><h1>A study</h1>"
        f"<p>{html.escape(first)}</p><p>{html.escape(second)}</p>"
        "<footer>Copyright © Publisher</footer></body></html>"
    )
    return page, en, fr


def erudit_page(en: str, fr: str, rng: random.Random) -> Page:
    page = (
        "A STUDY\n\nFiche du document\n\nDate\n\n2020\n\nCiter ce document\n\n"
        f"Partage / Export\n\nRésumé En Fr\n\n{en}\n\n{fr}\n\ndocument thumbnail\n\n"
        "Par les mêmes auteurs\n\nExporter en\n"
    )
    return page, en, fr


PAGES: dict[str, Callable[[str, str, random.Random], Page]] = {
    "text, en first": text_en_first,
    "text, fr first": text_fr_first,
    "text, both in one paragraph": text_glued,
    "text, English only": text_english_only,
    "html, random order": html_page,
    "erudit": erudit_page,
}


def same(ingested: str, source: str) -> bool:
    """Equal up to whitespace and Unicode normalisation; mojibake in the source (``Ã©``,
    ``\x9cuvre``) counts as repaired, since ingest repairs it."""
    expected = [source, ftfy.fix_encoding(source), ftfy.fix_text(source, uncurl_quotes=False)]
    return any(_words(ingested) == _words(text) for text in expected)


def _words(text: str) -> list[str]:
    """Words after NFC; zero-width spaces (which ingest turns into spaces) count as spaces."""
    return unicodedata.normalize("NFC", text).replace("\u200b", " ").split()


def measure(name: str, limit: int) -> list[tuple[str, str, int, Counter[str], float]]:
    """Per page shape: (data, shape, pages, outcome counts, seconds)."""
    data = list(pairs(name, limit))
    rows = []
    for shape, make in PAGES.items():
        rng = random.Random(0)
        paragraph_language.cache_clear()  # each shape pays for its own identification
        outcomes: Counter[str] = Counter()
        start = time.perf_counter()
        for source_en, source_fr in data:
            page, en, fr = make(source_en, source_fr, rng)
            result = ingest_text(page, f"{shape}.html" if "html" in shape else "x")
            if not isinstance(result, IngestedRecord):
                outcomes["unrecognised"] += 1
                continue
            outcomes["en exact"] += same(result.en, en)
            outcomes["fr exact"] += same(result.fr, fr)
            outcomes["both exact"] += same(result.en, en) and same(result.fr, fr)
            outcomes["swapped"] += bool(fr) and (same(result.en, fr) or same(result.fr, en))
            # A side with text that is not the expected text: worse than an empty side.
            outcomes["wrong text"] += bool(result.en and not same(result.en, en)) or bool(
                result.fr and not same(result.fr, fr)
            )
        rows.append((name, shape, len(data), outcomes, time.perf_counter() - start))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="pairs per file (0: all)")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: needs {DATA} (the evaluation data beside the repository)")
        return 0
    print("| data | page shape | pages | both exact | en exact | fr exact | wrong text | "
          "swapped | unrecognised | pages/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in SOURCES:
        for data, shape, total, c, seconds in measure(name, args.limit):
            pct = {k: f"{100 * c[k] / total:.1f}%" for k in ("both exact", "en exact", "fr exact")}
            print(f"| {data} | {shape} | {total} | {pct['both exact']} | {pct['en exact']} | "
                  f"{pct['fr exact']} | {c['wrong text']} | {c['swapped']} | {c['unrecognised']} | "
                  f"{total / seconds:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
