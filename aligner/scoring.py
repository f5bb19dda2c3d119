"""Bead scores: how faithfully the French side conveys the English side, in [0, 1].

First version: sacrebleu's chrF between the two sides (character n-grams catch cognates,
names and numbers, which EN/FR scientific text shares a lot of). The alignment issue
replaces it with a calibrated probability over several components.
"""

from __future__ import annotations

from dataclasses import replace

from sacrebleu.metrics import CHRF

from aligner.records import Bead


class BeadScorer:
    """Gives each bead with two non-empty sides a score; empty-sided beads score None."""

    def __init__(self) -> None:
        self._chrf = CHRF()

    def score(self, en: list[str], fr: list[str], beads: list[Bead]) -> list[Bead]:
        return [self._score_bead(en, fr, bead) for bead in beads]

    def _score_bead(self, en: list[str], fr: list[str], bead: Bead) -> Bead:
        if not bead.en or not bead.fr:
            return replace(bead, score=None)
        en_text = " ".join(en[i] for i in bead.en)
        fr_text = " ".join(fr[j] for j in bead.fr)
        chrf = self._chrf.sentence_score(fr_text, [en_text]).score / 100.0
        return replace(bead, score=chrf)
