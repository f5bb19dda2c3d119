"""Train the shipped Punkt parameters (aligner/data/punkt_{en,fr}.json) on in-domain abstracts.

Training text: the English and French sides of the parallel abstract corpora in
../shared/data (MaTOS NLP abstracts and the realigned WMT biomedical test sets), each document
joined into one paragraph. The SciELO documents are held out: scripts/measure_splitter.py
measures the splitter against their own sentence split.

The data is never copied into the repository, only the derived parameters, pruned to keep the
files small:

* ``ortho_context``: only words seen at least ``--min-count`` times *and* at least once in
  lower case. Punkt reads a missing entry as "no evidence", which is exactly what an entry
  without a lower-case occurrence says to its orthographic heuristic, so dropping those
  changes no decision; rare words carry little evidence either way. With the default floor
  of 5 the files are ~140/170 kB and scripts/measure_splitter.py gives the same figures as
  with a floor of 2 (~250/300 kB).
* ``abbrev_types``: learned types that do not look like abbreviations (digits, quotes,
  slashes), single letters (left to Punkt's initial heuristic) and ordinary words cut short
  in the training text are dropped; the hand-written abbreviations of
  :data:`aligner.segment.HAND_ABBREVIATIONS` are added.
* ``collocations`` (initials and ordinals only, Punkt's default) and ``sent_starters`` are
  kept whole: they are small.

Usage::

    .venv/bin/python scripts/train_punkt.py            # writes aligner/data/punkt_*.json
    .venv/bin/python scripts/train_punkt.py --min-count 3 --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktTrainer

from aligner.segment import (
    DATA_DIR,
    HAND_ABBREVIATIONS,
    LANGUAGES,
    ORTHO_LC,
    ScientificLanguageVars,
    params_path,
    params_to_json,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
TRAINING_FILES = ("matos_nlp_abstracts_enfr.jsonl", "wmt_biomed_realigned_enfr.jsonl")
# A learned abbreviation must look like one: letters, optionally with inner periods/hyphens.
# Single letters are left to Punkt's initial heuristic (see aligner.segment).
_ABBREVIATION_SHAPE = re.compile(r"^(?:[^\W\d_]{2,}|[^\W\d_]+(?:[.-]+[^\W\d_]+)+)$")
# Ordinary words Punkt took for abbreviations because the training text cuts them short.
_NOT_ABBREVIATIONS = {"dos", "law", "yet", "ram", "oh", "eeh"}


def documents(data_dir: Path, lang: str) -> Iterator[str]:
    """One paragraph per document: the sentences of one language side joined by spaces."""
    for name in TRAINING_FILES:
        with (data_dir / name).open(encoding="utf-8") as handle:
            for line in handle:
                sentences = json.loads(line).get(lang) or []
                if sentences:
                    yield " ".join(sentences)


def train(data_dir: Path, lang: str) -> tuple[PunktParameters, PunktTrainer, int]:
    """Unsupervised Punkt training on every document of ``lang``."""
    trainer = PunktTrainer(lang_vars=ScientificLanguageVars())
    count = 0
    for text in documents(data_dir, lang):
        trainer.train(text, finalize=False)
        count += 1
    trainer.finalize_training()
    return trainer.get_params(), trainer, count


def prune(params: PunktParameters, trainer: PunktTrainer, lang: str, min_count: int) -> None:
    """Drop uninformative ortho entries and add the hand-written abbreviations (in place)."""
    counts = trainer._type_fdist  # noqa: SLF001 - Punkt exposes no public word counts
    params.ortho_context = {
        word: flags
        for word, flags in params.ortho_context.items()
        if flags & ORTHO_LC and counts[word] + counts[word + "."] >= min_count
    }
    params.abbrev_types = {
        abbreviation
        for abbreviation in params.abbrev_types
        if _ABBREVIATION_SHAPE.match(abbreviation) and abbreviation not in _NOT_ABBREVIATIONS
    } | HAND_ABBREVIATIONS[lang]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="../shared/data folder")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="where to write the JSON")
    parser.add_argument("--min-count", type=int, default=5, help="ortho_context frequency floor")
    args = parser.parse_args(argv)
    missing = [name for name in TRAINING_FILES if not (args.data / name).exists()]
    if missing:
        print(f"training data missing in {args.data}: {', '.join(missing)}", file=sys.stderr)
        return 2
    for lang in LANGUAGES:
        params, trainer, count = train(args.data, lang)
        learned = len(params.abbrev_types)
        prune(params, trainer, lang, args.min_count)
        provenance = {
            "trained_on": list(TRAINING_FILES),
            "documents": count,
            "learned_abbreviations": learned,
            "ortho_min_count": args.min_count,
            "script": "scripts/train_punkt.py",
        }
        out = args.out / params_path(lang).name
        text = json.dumps(params_to_json(params, lang, provenance), ensure_ascii=False, indent=0)
        out.write_text(text + "\n", encoding="utf-8")
        print(
            f"{lang}: {count} documents, {len(params.abbrev_types)} abbreviations "
            f"({learned} learned), {len(params.collocations)} collocations, "
            f"{len(params.sent_starters)} sentence starters, "
            f"{len(params.ortho_context)} ortho entries -> {out} ({out.stat().st_size:,} bytes)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
