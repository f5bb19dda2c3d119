"""Measure sentence splitting against the SciELO abstracts' own sentence split.

``../shared/data/scielo_health_fren_docs.jsonl`` holds, per document, the raw abstract
(``en_text``/``fr_text``) and the source's split (``en``/``fr`` lists; the raw text is exactly
the sentences joined by single spaces). For each language and splitter this prints

* ``docs =``: share of documents whose split is identical to the source's;
* boundary precision / recall / F1 (micro-averaged over all sentence-internal boundaries,
  a boundary being the character offset where a sentence starts);
* throughput in abstracts per second (one process).

The source's split is not perfect (a few sentences are cut in the middle of a citation), so
100 % is neither reachable nor the goal; the comparison between splitters is what matters.
These documents are held out from Punkt training (see scripts/train_punkt.py).

Usage::

    .venv/bin/python scripts/measure_splitter.py
    .venv/bin/python scripts/measure_splitter.py --show 5   # print disagreements too
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from aligner import segment

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "scielo_health_fren_docs.jsonl"

Splitter = Callable[[str, str], list[str]]

# The abbreviations of the first (untrained) version of aligner/segment.py.
_STUB_ABBREVIATIONS = {
    "en": {"e.g", "i.e", "et al", "cf", "vs", "fig", "eq", "vol", "no", "approx", "dr", "mr"},
    "fr": {"p. ex", "c.-à-d", "cf", "fig", "vol", "n", "m", "mme", "dr", "chap", "etc"},
}


def _untrained(abbreviations: dict[str, set[str]] | None) -> Splitter:
    tokenizers: dict[str, PunktSentenceTokenizer] = {}
    for lang in segment.LANGUAGES:
        params = PunktParameters()
        params.abbrev_types = set((abbreviations or {}).get(lang, set()))
        tokenizers[lang] = PunktSentenceTokenizer(params)
    return lambda text, lang: tokenizers[lang].tokenize(text)


def _trained_without_rules(text: str, lang: str) -> list[str]:
    return segment._tokenizer(lang).tokenize(text)  # noqa: SLF001 - the ablation needs it


SPLITTERS: dict[str, Splitter] = {
    "punkt untrained": _untrained(None),
    "punkt untrained + stub abbreviations": _untrained(_STUB_ABBREVIATIONS),
    "punkt trained, no rules": _trained_without_rules,
    "aligner (trained + rules)": segment.split_sentences,
}


@dataclass
class Tally:
    """Counts for one splitter and language."""

    docs: int = 0
    identical: int = 0
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0
    seconds: float = 0.0
    misses: list[tuple[list[str], list[str]]] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def row(self, name: str, lang: str) -> str:
        precision = self.true_positive / self.predicted if self.predicted else 1.0
        recall = self.true_positive / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rate = self.docs / self.seconds if self.seconds else float("inf")
        return (
            f"| {lang} | {name} | {self.identical / self.docs:.1%} | {precision:.3f} "
            f"| {recall:.3f} | {f1:.3f} | {rate:,.0f} |"
        )


def starts(text: str, sentences: list[str]) -> set[int]:
    """Offsets in ``text`` where the 2nd, 3rd... sentence starts (sentences are in order)."""
    offsets: set[int] = set()
    position = 0
    for index, sentence in enumerate(sentences):
        found = text.find(sentence.strip(), position)
        if found < 0:
            raise ValueError(f"sentence not found in its text: {sentence[:60]!r}")
        if index:
            offsets.add(found)
        position = found + len(sentence.strip())
    return offsets


def extra_kind(text: str, offset: int) -> str:
    """Why the splitter put a boundary at ``offset`` where the source did not."""
    if not text[offset - 1].isspace():
        return "extra: glued sentence (no space before it)"
    if segment._HEADING_RE.match(text, offset):  # noqa: SLF001 - same rule, for the report
        return "extra: before a structured-abstract heading"
    return "extra: other"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def measure(records: list[dict], lang: str, splitter: Splitter, keep: int) -> Tally:
    tally = Tally()
    for record in records:
        text, gold = record[f"{lang}_text"], record[lang]
        if not text.strip():
            continue
        began = time.perf_counter()
        predicted = splitter(text, lang)
        tally.seconds += time.perf_counter() - began
        expected, got = starts(text, gold), starts(text, predicted)
        tally.docs += 1
        tally.identical += expected == got
        tally.true_positive += len(expected & got)
        tally.predicted += len(got)
        tally.gold += len(expected)
        for offset in got - expected:
            tally.kinds[extra_kind(text, offset)] += 1
        tally.kinds["missed boundary"] += len(expected - got)
        if expected != got and len(tally.misses) < keep:
            tally.misses.append((gold, predicted))
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=0, help="print N disagreements per language")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"needs {args.data} (the evaluation data beside the repository)", file=sys.stderr)
        return 2
    records = load(args.data)
    segment.split_sentences("Warm up.", "en")
    segment.split_sentences("Préchauffage.", "fr")
    print(f"{len(records)} documents from {args.data.name}\n")
    print("| lang | splitter | docs identical | boundary P | boundary R | F1 | abstracts/s |")
    print("|---|---|---|---|---|---|---|")
    shown: list[tuple[str, Tally]] = []
    for lang in segment.LANGUAGES:
        for name, splitter in SPLITTERS.items():
            keep = args.show if splitter is segment.split_sentences else 0
            tally = measure(records, lang, splitter, keep)
            print(tally.row(name, lang))
            if splitter is segment.split_sentences:
                shown.append((lang, tally))
    print("\nDisagreements of the aligner splitter with the source, by kind:\n")
    print("| lang | kind | boundaries |")
    print("|---|---|---|")
    for lang, tally in shown:
        for kind, count in sorted(tally.kinds.items()):
            print(f"| {lang} | {kind} | {count} |")
    for lang, tally in shown:
        for gold, predicted in tally.misses:
            print(f"\n--- {lang} disagreement")
            print("source :", *gold, sep="\n  | ")
            print("aligner:", *predicted, sep="\n  | ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
