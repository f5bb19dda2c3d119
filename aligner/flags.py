"""Divergence flags on beads, from the contract's fixed vocabulary.

First version: only the flags the alignment itself implies (an empty side is an addition
or an omission). The alignment issue adds the content flags.
"""

from __future__ import annotations

from dataclasses import replace

from aligner.records import FLAG_ADDITION, FLAG_OMISSION, Bead


class Flagger:
    """Adds flags to beads; never removes or reorders beads."""

    def flag(self, en: list[str], fr: list[str], beads: list[Bead]) -> list[Bead]:
        return [replace(bead, flags=self._flags(bead)) for bead in beads]

    @staticmethod
    def _flags(bead: Bead) -> tuple[str, ...]:
        if not bead.en:
            return (FLAG_ADDITION,)
        if not bead.fr:
            return (FLAG_OMISSION,)
        return ()
