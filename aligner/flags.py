"""Divergence flags on beads, from the contract's fixed vocabulary.

Each flagger keeps its evidence and its decision apart (as OpusFilter's filters do): it
looks at one bead and returns either nothing or a :class:`FlagDecision` carrying the flag
code and a sentence a reviewer can read. Flaggers run in the order of :data:`FLAGGERS`;
a bead can carry several flags.

- ``addition`` / ``omission``: the alignment left a side empty.
- ``number_mismatch``: the sets of numbers differ (:mod:`aligner.numbers`: digits and
  number words in both languages, decimal comma and point, thousands separators).
- ``untranslated``: the French side is identical to the English, or is English text.
- ``wrong_language``: a side is confidently in a third language (at least six words, so
  names and formulas never trigger it).
- ``low_fidelity``: both sides present but the calibrated score is below the threshold
  chosen on held-out clean pairs (``aligner/data/fidelity_model.json``); the reason names
  English content words with no look-alike on the French side, when there are any.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from aligner.language import ENGLISH_WORDS, detect_language
from aligner.numbers import format_values, number_difference
from aligner.records import (
    FLAG_ADDITION,
    FLAG_LOW_FIDELITY,
    FLAG_NUMBER_MISMATCH,
    FLAG_OMISSION,
    FLAG_UNTRANSLATED,
    FLAG_WRONG_LANGUAGE,
    Bead,
)
from aligner.similarity.lexical import fold

WRONG_LANGUAGE_CONFIDENCE = 0.9
WRONG_LANGUAGE_MIN_WORDS = 6
LOOKALIKE_DICE = 0.5
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@dataclass(frozen=True)
class FlagDecision:
    code: str
    reason: str


@dataclass(frozen=True)
class BeadText:
    """What a flagger sees: the bead, its two sides' text, and the low_fidelity threshold."""

    bead: Bead
    en: str
    fr: str
    threshold: float


def flag_empty_side(item: BeadText) -> FlagDecision | None:
    if not item.bead.en:
        return FlagDecision(FLAG_ADDITION, "French text with no English source")
    if not item.bead.fr:
        return FlagDecision(FLAG_OMISSION, "English text with no French rendering")
    return None


def flag_numbers(item: BeadText) -> FlagDecision | None:
    only_en, only_fr = number_difference(item.en, item.fr)
    if not only_en and not only_fr:
        return None
    parts = []
    if only_en:
        parts.append(f"English has {format_values(only_en)}")
    if only_fr:
        parts.append(f"French has {format_values(only_fr)}")
    return FlagDecision(FLAG_NUMBER_MISMATCH, "numbers differ: " + "; ".join(parts))


def flag_untranslated(item: BeadText) -> FlagDecision | None:
    if fold(item.fr).strip() == fold(item.en).strip():
        return FlagDecision(FLAG_UNTRANSLATED, "the French side repeats the English text")
    guess = detect_language(item.fr)
    if guess.lang == "en":
        return FlagDecision(FLAG_UNTRANSLATED, "the French side is in English")
    return None


def flag_wrong_language(item: BeadText) -> FlagDecision | None:
    for side, text in (("English", item.en), ("French", item.fr)):
        if len(text.split()) < WRONG_LANGUAGE_MIN_WORDS:
            continue
        guess = detect_language(text)
        if guess.lang not in ("en", "fr", "und") and guess.confidence >= WRONG_LANGUAGE_CONFIDENCE:
            return FlagDecision(
                FLAG_WRONG_LANGUAGE, f"the {side} side looks like '{guess.lang}' text"
            )
    return None


def flag_low_fidelity(item: BeadText) -> FlagDecision | None:
    score = item.bead.score
    if score is None or score >= item.threshold:
        return None
    reason = f"score {score:.2f} is below {item.threshold:.2f}: the French may not convey it"
    missing = missing_terms(item.en, item.fr)
    if missing:
        reason += "; English words with no French look-alike: " + ", ".join(missing[:8])
    return FlagDecision(FLAG_LOW_FIDELITY, reason)


FLAGGERS: tuple[Callable[[BeadText], FlagDecision | None], ...] = (
    flag_empty_side,
    flag_untranslated,
    flag_wrong_language,
    flag_numbers,
    flag_low_fidelity,
)


def missing_terms(en: str, fr: str) -> list[str]:
    """English content words with no French word sharing enough character trigrams.

    Cognates (*analysis*/*analyse*) and names match; a word translated by an unrelated
    French word (*safety*/*sécurité*) does not, so the list is a hint, not a proof.
    """
    french = [_trigrams(w) for w in _CONTENT_WORD.findall(fold(fr))]
    missing = []
    for word in dict.fromkeys(_CONTENT_WORD.findall(en)):
        folded = fold(word)
        if folded in ENGLISH_WORDS:
            continue
        grams = _trigrams(folded)
        if not any(_dice(grams, other) >= LOOKALIKE_DICE for other in french):
            missing.append(word)
    return missing


def _trigrams(word: str) -> set[str]:
    padded = f"_{word}_"
    return {padded[k : k + 3] for k in range(len(padded) - 2)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


class Flagger:
    """Adds flags (and a ``reason`` in details) to beads; never reorders or drops beads."""

    def __init__(self, low_fidelity_threshold: float = 0.5) -> None:
        self.threshold = low_fidelity_threshold

    def flag(self, en: list[str], fr: list[str], beads: list[Bead]) -> list[Bead]:
        return [self._flag_bead(en, fr, bead) for bead in beads]

    def _flag_bead(self, en: list[str], fr: list[str], bead: Bead) -> Bead:
        item = BeadText(bead, " ".join(en[i] for i in bead.en),
                        " ".join(fr[j] for j in bead.fr), self.threshold)
        decisions = []
        for flagger in FLAGGERS:
            decision = flagger(item)
            if decision:
                decisions.append(decision)
                if decision.code in (FLAG_ADDITION, FLAG_OMISSION):
                    break  # a one-sided bead has nothing to compare
        if not decisions:
            return replace(bead, flags=())
        details = dict(bead.details)
        details["reason"] = "; ".join(d.reason for d in decisions)
        return replace(bead, flags=tuple(d.code for d in decisions), details=details)
