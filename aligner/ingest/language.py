"""Which language is a candidate paragraph in: English, French, or something else?

Ingest needs a three-way answer per paragraph, with a confidence, to put an abstract on
the right side whatever its position on the page, and to keep a Spanish or Portuguese
abstract (common on SciELO-style pages) off the French side.

:func:`aligner.language.detect_language` is tuned for one short sentence: it counts
English and French function words first, and "de", "la", "que", "a" make Spanish text
look French to it. A whole paragraph is enough text for langid's 97-language model
(Lui & Baldwin 2012; shipped with the package, so offline), which tells Spanish from
French reliably; so paragraphs of :data:`MIN_WORDS_FOR_LANGID` words or more are
classified by langid, shorter ones by ``detect_language``. The detector's own code is
kept, so a note can say "language 'es'" rather than "other".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from aligner.ingest.text import word_count
from aligner.language import detect_language

ENGLISH = "en"
FRENCH = "fr"
OTHER = "other"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "und": "undetermined"}

# Below this confidence an en/fr guess is not trusted with a side (a paragraph mixing
# both languages about equally, or too little text to tell).
MIN_CONFIDENCE = 0.5
MIN_WORDS_FOR_LANGID = 12


@dataclass(frozen=True)
class ParagraphLanguage:
    """``lang`` is ``en``, ``fr`` or ``other``; ``code`` the detector's own answer."""

    lang: str
    confidence: float
    code: str

    @property
    def name(self) -> str:
        """A readable name for messages: English, French, or the detector's code."""
        return LANGUAGE_NAMES.get(self.code, f"language '{self.code}'")


@lru_cache(maxsize=4096)
def paragraph_language(text: str) -> ParagraphLanguage:
    """English, French or other for one paragraph, with the detector's confidence."""
    if word_count(text) >= MIN_WORDS_FOR_LANGID:
        code, confidence = _classify(text)
    else:
        guess = detect_language(text)
        code, confidence = guess.lang, guess.confidence
    if code in (ENGLISH, FRENCH) and confidence >= MIN_CONFIDENCE:
        return ParagraphLanguage(code, confidence, code)
    return ParagraphLanguage(OTHER, confidence, code)


def _classify(text: str) -> tuple[str, float]:
    """langid's answer for ``text``: the same naive Bayes sum over its features, restricted to
    the features the text has. ``LanguageIdentifier.classify`` multiplies the full 7,480 x 97
    matrix (converted to float64) on every call, 10x slower on a loaded machine; a paragraph
    has only a few hundred non-zero features."""
    identifier = _langid()
    features = identifier.instance2fv(text)
    present = np.flatnonzero(features)
    scores = features[present].astype(np.float64) @ identifier.nb_ptc[present]
    probabilities = identifier.norm_probs(scores + identifier.nb_pc)
    best = int(np.argmax(probabilities))
    return str(identifier.nb_classes[best]), float(probabilities[best])


@lru_cache(maxsize=1)
def _langid() -> Any:
    """langid's identifier with probabilities normalised to [0, 1]; loaded once (~1-3 s)."""
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)
