"""What every report writer shares: the :class:`ResultWriter` base class and the rule of
which flagged beads a report for people shows.

Its own module so that :mod:`aligner.report` (the writer registry) and
:mod:`aligner.html_report` (one writer) both import it and neither imports the other.
"""

from __future__ import annotations

from typing import IO, Any

from aligner.records import Bead, CheckResult
from aligner.severity import at_least, worst


def bead_severity(bead: Bead) -> str | None:
    """The bead's severity; for a bead flagged without one (made by hand or by an older
    checker), the worst level of its codes."""
    return bead.severity or worst(bead.flags + bead.checks)


def reported(bead: Bead, min_severity: str | None) -> bool:
    """Is a flagged bead reported as open: not dismissed, and at least ``min_severity``?"""
    return (bead.flagged and bead.dismissed is None
            and at_least(bead_severity(bead), min_severity))


def below_minimum(bead: Bead, min_severity: str | None) -> bool:
    """A flagged bead left out of a report by --min-severity."""
    return bead.flagged and not at_least(bead_severity(bead), min_severity)


def dismissal_text(dismissed: dict[str, Any] | None) -> str:
    """``by alice 2026-12-04 (pattern ADN <-> DNA)``; empty when not dismissed."""
    if not dismissed:
        return ""
    text = f"by {dismissed.get('reviewer') or 'unknown'}"
    if dismissed.get("decided_at"):
        text += f" {str(dismissed['decided_at'])[:10]}"
    if dismissed.get("pattern"):
        text += f" (pattern {dismissed['pattern']})"
    return text


class ResultWriter:
    """Base class: subclasses implement :meth:`write` and may extend :meth:`close`.

    ``min_severity`` (``critical``, ``major``, ``minor`` or None for all): flagged beads
    below it are left out of the reports for people (table, CSV rows, HTML highlights).
    The JSONL writer ignores it: the contract output keeps every finding.
    """

    def __init__(self, stream: IO[str], min_severity: str | None = None) -> None:
        self.stream = stream
        self.min_severity = min_severity

    def write(self, result: CheckResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()
