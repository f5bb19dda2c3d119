"""One number as written, the unit every reader of :mod:`aligner.numbers` produces."""

from __future__ import annotations

from dataclasses import dataclass

from aligner.numbers.vocabulary import MAX_WEAK_VALUE


@dataclass(frozen=True)
class Mention:
    """One number as written: its text, its possible values, and whether it is evidence.

    ``key`` is set for identifiers (``il#`` for IL-6): they are compared with the other
    side's identifiers of the same shape, not by value. ``marker`` is set for enumeration
    labels (``(2)``, ``1)``): soft, but compared with the other side's labels when it has
    some (see :func:`compare_numbers`).
    """

    text: str
    values: frozenset[float]
    hard: bool = True
    key: str = ""
    spelled: bool = False
    marker: bool = False
    # the value as written when ``values`` adds another reading ("two decades": 2, and 20)
    written: float | None = None
    # an ordinal ("fourth", "second", "4th"): a spelled one counts only against another
    # ordinal (see :func:`aligner.numbers.compare_numbers`)
    ordinal: bool = False

    @property
    def weak(self) -> bool:
        """A small number spelled out ("two", "trois"): see :func:`compare_numbers`."""
        size = self.written if self.written is not None else max(self.values, default=0)
        return self.spelled and size <= MAX_WEAK_VALUE

