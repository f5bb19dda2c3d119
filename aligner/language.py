"""Offline language identification, tuned for short English and French scientific text.

General identifiers (langid, Lui & Baldwin 2012) are unreliable on one short sentence full
of names, numbers and Latin terms. Our question is narrower: is this English, French, or
something else? Function words answer the first two cheaply and reliably ("the", "of",
"and" against "le", "des", "et", plus French elisions ``l'``, ``d'``, ``qu'``). Only when
neither language shows such evidence is langid (which ships its model, so it works
offline) asked, and only for text long enough to judge. Too little evidence gives
``und``: the flaggers never act on ``und``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

ENGLISH_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "is", "are", "was", "were", "that", "this", "these", "those", "with", "for", "by", "from", "on", "as", "be", "been", "which", "who", "whose", "it", "its", "not", "or", "an", "at", "have", "has", "had", "we", "our", "their", "they", "there", "than", "but", "between", "into", "during", "after", "before", "also", "may", "can", "could", "should", "would", "using", "used"]
)
FRENCH_WORDS = frozenset(
    ["le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "sont", "été", "dans", "pour", "par", "sur", "avec", "au", "aux", "ce", "cette", "ces", "qui", "que", "dont", "il", "elle", "ils", "elles", "nous", "notre", "nos", "leur", "leurs", "pas", "ne", "se", "sa", "son", "ses", "ou", "mais", "entre", "lors", "après", "avant", "aussi", "peut", "être", "ont", "était", "étaient", "chez", "selon"]
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ELISION = re.compile(r"\b(?:l|d|qu|j|n|s|c|m)['’][^\W\d_]", re.IGNORECASE)
MIN_EVIDENCE = 2
MIN_WORDS_FOR_LANGID = 6


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``: undetermined) and a confidence in [0, 1]."""

    lang: str
    confidence: float


@lru_cache(maxsize=1)
def _langid() -> Any:
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


@lru_cache(maxsize=100_000)
def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text``; ``und`` when the evidence is too thin."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    french = sum(1 for w in words if w in FRENCH_WORDS) + len(_ELISION.findall(text))
    if max(english, french) >= MIN_EVIDENCE and english != french:
        lang = "en" if english > french else "fr"
        return LanguageGuess(lang, max(english, french) / (english + french + 1))
    if len(words) < MIN_WORDS_FOR_LANGID:
        return LanguageGuess("und", 0.0)
    lang, probability = _langid().classify(text)
    return LanguageGuess(lang, float(probability))
