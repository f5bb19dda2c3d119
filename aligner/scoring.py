"""Bead scores: the probability that the French side conveys the English side.

A logistic model over the bead's features (similarities, length ratio, number agreement;
see :mod:`aligner.features`), fitted by ``scripts/train_models.py`` on clean abstract
pairs against the divergences a reader cares about (an unrelated sentence, the
neighbouring sentence, a truncated translation, a changed number). Its parameters and the
``low_fidelity`` threshold are in ``aligner/data/fidelity_model.json``.

The score's components are kept under ``details["components"]`` so that a report can say
why a score is low: ``similarity`` (e5 cosine with the neural scorer; without it the
translation-lexicon cosine, see :mod:`aligner.similarity.lexicon`), ``length`` (log
French/English length ratio), ``numbers`` (share of numbers in common, None when neither
side has any), ``language`` (share of the French side's language clues that are French,
from :func:`aligner.language.count_evidence`; None without clues; reported, not part of
the probability: text left in English is the ``untranslated`` flag's business) and
``logit`` (the model's evidence before the sigmoid).

Calibration: ``scripts/train_models.py`` prints a reliability table (mean predicted
against observed share of faithful pairs, per probability bin) and the Brier score on
held-out generated pairs; the figures are in the README's scoring section.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import repeat
from operator import mul
from typing import Any

from aligner.language import count_evidence
from aligner.records import Bead


@dataclass(frozen=True)
class FidelityModel:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    low_fidelity_threshold: float

    def __post_init__(self) -> None:
        if len(self.features) != len(self.weights):
            raise ValueError(f"fidelity model: {len(self.features)} features but "
                             f"{len(self.weights)} weights")

    def probability(self, features: dict[str, float]) -> tuple[float, float]:
        """(probability, logit) for one bead's features.

        The terms are summed in the model's feature order (``map`` rather than a generator:
        this runs for every bead), so the logit is the same sum, term for term.
        """
        values = map(features.get, self.features, repeat(0.0))
        logit = self.bias + sum(map(mul, self.weights, values))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit)))), logit


@lru_cache(maxsize=4)
def load_fidelity_model(scorer: str) -> FidelityModel:
    text = resources.files("aligner").joinpath("data/fidelity_model.json").read_text("utf-8")
    entry = json.loads(text)[scorer]
    return FidelityModel(tuple(entry["features"]), tuple(entry["weights"]), entry["bias"],
                         entry["low_fidelity_threshold"])


class BeadScorer:
    """Gives each bead with two non-empty sides a calibrated score; others score None."""

    def __init__(self, scorer: str = "lexical") -> None:
        self.model = load_fidelity_model(scorer)

    def score(self, en: list[str], fr: list[str], beads: list[Bead]) -> list[Bead]:
        return [self._score_bead(bead, " ".join(fr[j] for j in bead.fr)) for bead in beads]

    def _score_bead(self, bead: Bead, french: str) -> Bead:
        if not bead.en or not bead.fr:
            return replace(bead, score=None)
        features: dict[str, Any] = bead.details.get("features", {})
        probability, logit = self.model.probability(features)
        details = dict(bead.details)
        details["components"] = {
            "similarity": features.get("e5_span", features.get("lex_span",
                                                               features.get("char_span"))),
            "length": features.get("len_log_ratio"),
            "numbers": None if features.get("num_none") else features.get("num_jaccard"),
            "language": french_share(french),
            "logit": round(logit, 3),
        }
        return replace(bead, score=probability, details=details)


def french_share(text: str) -> float | None:
    """Share of the language clues in ``text`` that point to French (None: no clues)."""
    evidence = count_evidence(text)
    total = evidence.english + evidence.french
    return round(evidence.french / total, 3) if total else None
