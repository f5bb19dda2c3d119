"""Harder injected divergences, made from real text (``aligner inject --types ...``).

The first injection kinds (:mod:`aligner.evaluation.inject`) take a random sentence of
another abstract, which shares little with its new neighbours, and change digits or the
commonest number words. Real misses are subtler (issue 24), so these kinds make them:

- ``similar_addition``: the French sentence of another abstract most similar to a French
  sentence of this one (chrF, :mod:`aligner.evaluation.similar_text`), inserted just
  before or after it. Same topic, same words: the aligner is tempted to glue it into a
  1-2 bead. Expected ``addition`` on it.
- ``glued_sentence``: the French sentence of another abstract most similar to a French
  sentence of this one, appended inside that sentence (``...; <donor>`` or
  ``..., et <donor>``): one French sentence that says more than its English source.
  Expected ``low_fidelity`` on it (gold stays 1-1: no sentence was added).
- ``dimension_change``, ``factor_change``, ``ordinal_change``, ``fr_number_word``:
  :mod:`aligner.evaluation.inject_numbers`.

Donors are real sentences, at least ``min_donor_words`` words long, never a near copy of
a sentence of the receiving document (chrF >= :data:`NEAR_COPY`: the same sentence
repeated in two abstracts of one thesis would leave the gold ambiguous about which copy
is the addition).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from aligner.evaluation.similar_text import Match, SimilarSentences, chrf

NEAR_COPY = 0.6
GLUES = ("; ", ", et ")

Change = tuple[list[str], list[str], list[list[list[int]]], dict[str, Any]]


class SimilarDonors:
    """The similar-sentence index over the collection's French sides, built on first use."""

    def __init__(self, french_sides: Sequence[Sequence[str]], min_words: int) -> None:
        self.french_sides = french_sides
        self.min_words = min_words
        self._index: SimilarSentences | None = None

    @property
    def index(self) -> SimilarSentences:
        if self._index is None:
            self._index = SimilarSentences(self.french_sides)
        return self._index

    def donor_for(self, document: int, anchor: int) -> Match | None:
        """The most similar long-enough French sentence of another document to
        ``french_sides[document][anchor]`` that is not a near copy of any of its sentences."""
        own = self.french_sides[document]

        def acceptable(text: str) -> bool:
            return len(text.split()) >= self.min_words and all(
                chrf(text, sentence) < NEAR_COPY for sentence in own)

        matches = self.index.most_similar(own[anchor], document, acceptable, limit=1)
        return matches[0] if matches else None


def similar_addition(en: list[str], fr: list[str], donor: Match, donor_id: str,
                     anchor: int, after: bool) -> Change:
    """``donor`` inserted next to French sentence ``anchor`` (after it, or before it)."""
    where = anchor + 1 if after else anchor
    new_fr = fr[:where] + [donor.text] + fr[where:]
    gold = [[[i], [i if i < where else i + 1]] for i in range(len(en))]
    gold.insert(where, [[], [where]])
    info = {"type": "similar_addition", "en": [], "fr": [where], "flag": "addition",
            "donor": donor_id, "next_to": anchor if after else anchor + 1,
            "similarity": round(donor.similarity, 3)}
    return list(en), new_fr, gold, info


def glue(sentence: str, donor: str, joint: str) -> str:
    """``sentence`` with ``donor`` appended after ``joint`` ("; " or ", et "), as one
    sentence: the first one's final full stop dropped, the donor's first letter lowered
    unless it starts an acronym or a name written in capitals (*IRM*, *COVID*)."""
    head = sentence.rstrip()
    end = ""
    while head and head[-1] in ".!?…":
        end = head[-1] + end
        head = head[:-1].rstrip()
    first_word = donor.split()[0] if donor.split() else ""
    tail = donor
    if first_word[:1].isupper() and not (len(first_word) > 1 and first_word[1:2].isupper()):
        tail = donor[0].lower() + donor[1:]
    tail = tail.rstrip()
    if end and tail[-1:] not in ".!?…":
        tail += end
    return head + joint + tail


def glued_sentence(en: list[str], fr: list[str], donor: Match, donor_id: str,
                   position: int, rng: random.Random) -> Change:
    """French sentence ``position`` with the donor sentence appended inside it."""
    joint = rng.choice(GLUES)
    new_fr = list(fr)
    new_fr[position] = glue(fr[position], donor.text, joint)
    gold = [[[i], [i]] for i in range(len(en))]
    info = {"type": "glued_sentence", "en": [position], "fr": [position],
            "flag": "low_fidelity", "donor": donor_id, "glued": donor.text,
            "similarity": round(donor.similarity, 3)}
    return list(en), new_fr, gold, info
