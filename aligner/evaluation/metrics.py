"""Alignment metrics: a predicted bead list against a gold bead list.

Definitions (all micro-averaged: counts are summed over documents, then divided):

- ``all``: exact bead match over every bead, including 1-0 and 0-1 beads.
- ``strict``: exact bead match over non-empty beads only (both sides present), on both the
  predicted and the gold side. Vecalign's ``score.py`` (Thompson & Koehn 2019, after
  Sennrich & Volk 2011) computes recall the same way, but its precision also counts the
  system's own 1-0/0-1 beads as units; ours leaves them out so that precision and recall
  count the same kind of unit (null beads are measured by ``all``, ``addition`` and
  ``omission``).
- ``lax``: sentence links. Each (en_i, fr_j) pair inside a non-empty bead is one link;
  precision/recall/F1 over link sets. A 2-2 bead holds 4 links; predicting it as two 1-1
  beads finds 2 of them. (Vecalign's "lax" is bead-level instead: a predicted bead counts
  as correct when it shares at least one link with gold; link-level figures are stricter
  for big beads and easier to interpret.)
- ``addition``: French sentences in beads with an empty English side.
- ``omission``: English sentences in beads with an empty French side.
- ``exact``: share of documents whose whole bead list equals gold.

A ratio with a zero denominator is ``None`` (shown as ``n/a``), never a made-up 0 or 1.
F1 is ``2 tp / (predicted + gold)``, defined as soon as either side has units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MEASURES = ("all", "strict", "lax", "addition", "omission")

# A bead as compared here: (English indexes, French indexes).
BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Counts:
    """True positives, predicted units and gold units of one measure."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.predicted + self.gold
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "p": _round(self.precision),
            "r": _round(self.recall),
            "f1": _round(self.f1),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _set_counts(predicted: set, gold: set) -> Counts:
    return Counts(len(predicted & gold), len(predicted), len(gold))


def bead_keys(beads: Iterable[Sequence[Sequence[int]]]) -> list[BeadKey]:
    """Normalise beads given as pairs of index sequences; beads empty on both sides dropped."""
    keys = [(tuple(en), tuple(fr)) for en, fr in beads]
    return [key for key in keys if key[0] or key[1]]


def links(beads: Iterable[BeadKey]) -> set[tuple[int, int]]:
    """Every (en_i, fr_j) pair inside a non-empty bead."""
    return {(i, j) for en, fr in beads for i in en for j in fr}


def compare_document(predicted: list[BeadKey], gold: list[BeadKey]) -> dict[str, Counts]:
    """Counts of every measure for one document."""
    pred_set, gold_set = set(predicted), set(gold)

    def non_empty(beads: set[BeadKey]) -> set[BeadKey]:
        return {bead for bead in beads if bead[0] and bead[1]}

    def added(beads: set[BeadKey]) -> set[int]:
        return {j for en, fr in beads if not en for j in fr}

    def omitted(beads: set[BeadKey]) -> set[int]:
        return {i for en, fr in beads if not fr for i in en}

    return {
        "all": _set_counts(pred_set, gold_set),
        "strict": _set_counts(non_empty(pred_set), non_empty(gold_set)),
        "lax": _set_counts(links(pred_set), links(gold_set)),
        "addition": _set_counts(added(pred_set), added(gold_set)),
        "omission": _set_counts(omitted(pred_set), omitted(gold_set)),
    }


@dataclass
class AlignmentScores:
    """Running totals over documents (micro-average)."""

    counts: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MEASURES})
    documents: int = 0
    exact_documents: int = 0

    def add_document(self, predicted: list[BeadKey], gold: list[BeadKey]) -> dict[str, Counts]:
        document = compare_document(predicted, gold)
        for measure, counts in document.items():
            self.counts[measure].add(counts)
        self.documents += 1
        self.exact_documents += int(predicted == gold)
        return document

    def merge(self, other: AlignmentScores) -> None:
        for measure in MEASURES:
            self.counts[measure].add(other.counts[measure])
        self.documents += other.documents
        self.exact_documents += other.exact_documents

    @property
    def exact_share(self) -> float | None:
        return self.exact_documents / self.documents if self.documents else None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {m: self.counts[m].to_dict() for m in MEASURES}
        out["documents"] = self.documents
        out["exact_documents"] = self.exact_documents
        out["exact"] = _round(self.exact_share)
        return out
