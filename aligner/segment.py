"""Sentence splitting for English and French abstracts (first version).

An untrained NLTK Punkt tokenizer with a few abbreviations: enough to split plain prose.
The splitting issue replaces this with trained, shipped parameters and rules for
scientific abstracts; the interface (:func:`split_sentences`) stays.
"""

from __future__ import annotations

from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

_ABBREVIATIONS = {
    "en": {"e.g", "i.e", "et al", "cf", "vs", "fig", "eq", "vol", "no", "approx", "dr", "mr"},
    "fr": {"p. ex", "c.-à-d", "cf", "fig", "vol", "n", "m", "mme", "dr", "chap", "etc"},
}


@lru_cache(maxsize=4)
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS.get(lang, set()))
    return PunktSentenceTokenizer(params)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` (language ``en`` or ``fr``) into sentences, dropping blank ones."""
    sentences: list[str] = []
    for paragraph in text.split("\n"):
        if paragraph.strip():
            sentences.extend(s.strip() for s in _tokenizer(lang).tokenize(paragraph))
    return [s for s in sentences if s]


def signature() -> str:
    """Identifies the splitter in reports, so results can be reproduced."""
    return "punkt-untrained"
