"""Bead scores: the probability that the French side conveys the English side.

The score follows the chain rule, in two logistic parts fitted by
``scripts/train_models.py`` (parameters in ``aligner/data/fidelity_model.json``):

- ``content``: is the French about the same thing as the English at all? Similarity
  features only, fitted against an unrelated sentence of another abstract and the
  neighbouring sentence. Low similarity means less in a short pair ("Aims" /
  "Objectif") than in a long one, so each similarity enters weighted by the pair's
  shortness and by its longness (:func:`fidelity_inputs`).
- ``detail``: given that it is, is it the whole sentence with the same numbers? Length
  ratio and number agreement, fitted against the French cut in half, a clause dropped and
  a number changed.

The score combines the two: a weighted sum of their log-probabilities (the product
P(content) * P(detail), the chain rule, with unit weights) mapped to a probability by
an isotonic calibration curve (see :class:`FidelityModel`). One logistic model over
all these features, the earlier design, let the length terms push clean pairs of unusual
length below the cut and caught 29% of substituted sentences; with the parts apart each
can be judged on its own evidence (README, *Scoring*, has the figures).

``low_fidelity``: a bead is flagged when either part's probability is below that part's
``flag_below`` floor, chosen on held-out clean pairs so that together they flag about
0.5% of faithful pairs. :class:`BeadScorer` writes the parts that fell short, each with
its floor, under ``details["fidelity"]["short_of"]`` for the flagger and the reports.

``details["components"]`` keeps what a report needs to say why a score is low:
``similarity`` (e5 cosine with the neural scorer; without it the translation-lexicon
cosine, see :mod:`aligner.similarity.lexicon`), ``length`` (log French/English length
ratio), ``numbers`` (share of numbers in common, None when neither side has any),
``language`` (share of the French side's language clues that are French, from
:func:`aligner.language.count_evidence`; None without clues; reported, not part of the
probability: text left in English is the ``untranslated`` flag's business), ``content``
and ``detail`` (the two parts' probabilities) and ``logit`` (log-odds of the score).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from aligner.language import count_evidence
from aligner.records import Bead

# Characters (mean of the two sides) at which pair_shortness is 1/2.
SHORTNESS_CHARS = 30.0
PRODUCT = "*"


def fidelity_inputs(features: dict[str, float], en_text: str, fr_text: str) -> dict[str, float]:
    """A bead's alignment features plus ``pair_shortness`` = 1 / (1 + mean chars / 30) and
    ``pair_longness`` = 1 - pair_shortness.

    Shortness is 1 for an empty pair, 1/2 at 30 characters a side, near 0 for long
    sentences: how little the similarity of so few words can say. Each similarity enters
    the content part twice, times longness and times shortness, both with non-negative
    weights, so the score never falls when a similarity rises, whatever the length.
    """
    mean_chars = (len(en_text) + len(fr_text)) / 2
    shortness = 1.0 / (1.0 + mean_chars / SHORTNESS_CHARS)
    return {**features, "pair_shortness": shortness, "pair_longness": 1.0 - shortness}


@dataclass(frozen=True)
class LogisticPart:
    """One logistic part of the fidelity model; a feature "a*b" is the product of a and b."""

    name: str
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    flag_below: float

    def __post_init__(self) -> None:
        if len(self.features) != len(self.weights):
            raise ValueError(f"fidelity part {self.name}: {len(self.features)} features but "
                             f"{len(self.weights)} weights")

    def logit(self, inputs: dict[str, float]) -> float:
        """The bias plus each weight times its feature (missing features count 0)."""
        total = self.bias
        for name, weight in zip(self.features, self.weights, strict=True):
            total += weight * feature_value(inputs, name)
        return total

    def probability(self, inputs: dict[str, float]) -> float:
        return sigmoid(self.logit(inputs))


def feature_value(inputs: dict[str, float], name: str) -> float:
    """A feature's value; "a*b" multiplies a and b; a missing or None feature is 0."""
    if PRODUCT in name:
        value = 1.0
        for factor in name.split(PRODUCT):
            value *= inputs.get(factor) or 0.0
        return value
    return inputs.get(name) or 0.0


def sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))


@dataclass(frozen=True)
class Assessment:
    """A bead's score, each part's probability, and the parts below their floor."""

    score: float
    parts: dict[str, float]
    short_of: tuple[str, ...]


MIN_PART_PROBABILITY = 1e-6  # parts' log-probabilities are clipped here before combining


@dataclass(frozen=True)
class FidelityModel:
    """The parts, and how their evidence combines into the score.

    The parts' log-probabilities are summed with weights (``combine_bias +
    sum_k combine_weights[k] * log P_k``; bias 0 and weights 1 would be the plain product
    P(content) * P(detail)), then mapped to a probability by an isotonic calibration
    curve (Zadrozny & Elkan 2002): a non-decreasing piecewise-linear map through the
    ``calibration`` knots, fitted on generated pairs where faithful and divergent pairs
    weigh the same. A logistic map alone was over-confident in the middle bins.
    """

    parts: tuple[LogisticPart, ...]
    combine_bias: float = 0.0
    combine_weights: tuple[float, ...] = ()
    calibration: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        if self.combine_weights and len(self.combine_weights) != len(self.parts):
            raise ValueError(f"fidelity model: {len(self.parts)} parts but "
                             f"{len(self.combine_weights)} combining weights")

    def assess(self, inputs: dict[str, float]) -> Assessment:
        probabilities = {part.name: part.probability(inputs) for part in self.parts}
        short_of = tuple(part.name for part in self.parts
                         if probabilities[part.name] < part.flag_below)
        return Assessment(self.combine(list(probabilities.values())), probabilities, short_of)

    def evidence(self, probabilities: list[float]) -> float:
        """The weighted sum of the parts' log-probabilities (before calibration)."""
        weights = self.combine_weights or (1.0,) * len(probabilities)
        total = self.combine_bias
        for weight, probability in zip(weights, probabilities, strict=True):
            total += weight * math.log(max(probability, MIN_PART_PROBABILITY))
        return total

    def combine(self, probabilities: list[float]) -> float:
        evidence = self.evidence(probabilities)
        if not self.calibration:
            return sigmoid(evidence)
        return interpolate(self.calibration, evidence)

    def part(self, name: str) -> LogisticPart:
        return next(part for part in self.parts if part.name == name)


def interpolate(knots: tuple[tuple[float, float], ...], x: float) -> float:
    """Piecewise-linear through sorted (x, y) knots, flat beyond the first and last."""
    index = bisect_right(knots, (x, math.inf))
    if index == 0:
        return knots[0][1]
    if index == len(knots):
        return knots[-1][1]
    (x0, y0), (x1, y1) = knots[index - 1], knots[index]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1


@lru_cache(maxsize=4)
def load_fidelity_model(scorer: str) -> FidelityModel:
    text = resources.files("aligner").joinpath("data/fidelity_model.json").read_text("utf-8")
    return model_from_entry(json.loads(text)[scorer])


def model_from_entry(entry: dict[str, Any]) -> FidelityModel:
    """The model of one scorer's entry in fidelity_model.json."""
    parts = tuple(
        LogisticPart(name, tuple(part["features"]), tuple(part["weights"]), part["bias"],
                     part["flag_below"])
        for name, part in entry["parts"].items()
    )
    combine = entry.get("combine", {})
    knots = tuple((float(x), float(y)) for x, y in combine.get("calibration", ()))
    return FidelityModel(parts, combine.get("bias", 0.0), tuple(combine.get("weights", ())),
                         knots)


class BeadScorer:
    """Gives each bead with two non-empty sides a calibrated score; others score None."""

    def __init__(self, scorer: str = "lexical") -> None:
        self.model = load_fidelity_model(scorer)

    def score(self, en: list[str], fr: list[str], beads: list[Bead]) -> list[Bead]:
        return [self._score_bead(bead, " ".join(en[i] for i in bead.en),
                                 " ".join(fr[j] for j in bead.fr)) for bead in beads]

    def _score_bead(self, bead: Bead, english: str, french: str) -> Bead:
        if not bead.en or not bead.fr:
            return replace(bead, score=None)
        features: dict[str, Any] = bead.details.get("features", {})
        assessment = self.model.assess(fidelity_inputs(features, english, french))
        details = dict(bead.details)
        details["components"] = {
            "similarity": features.get("e5_span", features.get("lex_span",
                                                               features.get("char_span"))),
            "length": features.get("len_log_ratio"),
            "numbers": None if features.get("num_none") else features.get("num_jaccard"),
            "language": french_share(french),
            **{name: round(p, 4) for name, p in assessment.parts.items()},
            "logit": round(_log_odds(assessment.score), 3),
        }
        # the parts below their floor, with that floor (for the flag's reason)
        details["fidelity"] = {"short_of": {name: self.model.part(name).flag_below
                                            for name in assessment.short_of}}
        return replace(bead, score=assessment.score, details=details)


def _log_odds(probability: float) -> float:
    clipped = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log(clipped / (1 - clipped))


def french_share(text: str) -> float | None:
    """Share of the language clues in ``text`` that point to French (None: no clues)."""
    evidence = count_evidence(text)
    total = evidence.english + evidence.french
    return round(evidence.french / total, 3) if total else None
