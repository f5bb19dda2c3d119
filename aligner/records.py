"""The data passed between pipeline stages.

Stages exchange these small dataclasses, never free-form dicts, so that a reader of any
stage can see what it receives. Only :meth:`CheckResult.to_dict` produces the JSON shape of
the contract (``../shared/CONTRACT.md``); every writer starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Record statuses, as fixed by the contract.
STATUS_OK = "ok"
STATUS_MISSING_EN = "missing_en"
STATUS_MISSING_FR = "missing_fr"
STATUS_ERROR = "error"
STATUSES = (STATUS_OK, STATUS_MISSING_EN, STATUS_MISSING_FR, STATUS_ERROR)

# Bead flags, the contract's fixed vocabulary, in the order reports list them.
FLAG_ADDITION = "addition"
FLAG_OMISSION = "omission"
FLAG_LOW_FIDELITY = "low_fidelity"
FLAG_NUMBER_MISMATCH = "number_mismatch"
FLAG_UNTRANSLATED = "untranslated"
FLAG_WRONG_LANGUAGE = "wrong_language"
FLAGS = (
    FLAG_ADDITION,
    FLAG_OMISSION,
    FLAG_LOW_FIDELITY,
    FLAG_NUMBER_MISMATCH,
    FLAG_UNTRANSLATED,
    FLAG_WRONG_LANGUAGE,
)

# Severity levels of flagged beads, worst first (rules in aligner.severity).
SEVERITY_LEVELS = ("critical", "major", "minor")

# A side of an input record: an abstract to split, sentences already split, or nothing.
Side = str | list[str] | None


@dataclass
class InputRecord:
    """One record as read from an input file, before any processing.

    ``en``/``fr`` keep whatever type the file had (validation happens in the pipeline so
    that a bad record becomes an ``error`` result instead of stopping the run).
    ``source`` and ``line`` say where the record came from, for error messages.
    ``problem`` is set by a reader that could not parse the line at all (invalid JSON...):
    the pipeline turns it into an ``error`` result with that reason.
    """

    id: Any
    en: Any
    fr: Any
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int = 0
    problem: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Bead:
    """One alignment unit: English sentence indexes linked to French sentence indexes.

    Either side may be empty (an omission or an addition), never both. ``score`` is the
    probability that the French conveys the English (None when a side is empty);
    ``details`` keeps the score's components for reports.

    Added by the evidence layer (docs/evidence-and-severity.md): ``checks`` (findings of
    the QA checks of :mod:`aligner.checks`, a vocabulary apart from the contract's
    ``flags``), ``severity`` (the worst finding's level, :mod:`aligner.severity`),
    ``evidence`` (character spans pointing at what justifies each finding) and
    ``dismissed`` (a reviewer's standing dismissal, :mod:`aligner.decisions`).
    """

    en: tuple[int, ...]
    fr: tuple[int, ...]
    score: float | None = None
    flags: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    checks: tuple[str, ...] = ()
    severity: str | None = None
    evidence: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)
    dismissed: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    @property
    def flagged(self) -> bool:
        """Has the bead a contract flag or a check finding?"""
        return bool(self.flags or self.checks)

    def to_dict(self) -> dict[str, Any]:
        """The contract's bead object (``details`` is an added key)."""
        out: dict[str, Any] = {
            "en": list(self.en),
            "fr": list(self.fr),
            "score": None if self.score is None else round(float(self.score), 4),
            "flags": list(self.flags),
        }
        if self.details:
            out["details"] = self.details
        if self.flagged:
            out["checks"] = list(self.checks)
            out["severity"] = self.severity
            out["evidence"] = [dict(span) for span in self.evidence]
        if self.dismissed is not None:
            out["dismissed"] = dict(self.dismissed)
        return out


@dataclass
class CheckResult:
    """The checker's verdict on one input record (one output line of the contract)."""

    id: str
    status: str
    reason: str | None = None
    en: list[str] = field(default_factory=list)
    fr: list[str] = field(default_factory=list)
    beads: list[Bead] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    checker: dict[str, str] | None = None  # who judged it (aligner.identity)
    # Titles and keywords checked as their own units (aligner.titles); None when absent.
    title_check: dict[str, Any] | None = None
    keywords_check: dict[str, Any] | None = None

    @property
    def flags(self) -> list[str]:
        """Record-level flags: the sorted set of its beads' flags."""
        return sorted({flag for bead in self.beads for flag in bead.flags})

    def to_dict(self) -> dict[str, Any]:
        """The contract's output record. Added keys: ``notes`` when non-empty, ``checker``
        (version, scorer and models of the checker that wrote it) when known, and the
        severity summary of :func:`_severity_summary`."""
        out: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "reason": self.reason,
            "en": list(self.en),
            "fr": list(self.fr),
            "beads": [bead.to_dict() for bead in self.beads],
            "flags": self.flags,
            "meta": self.meta,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        out.update(_severity_summary(self.beads))
        if self.checker:
            out["checker"] = dict(self.checker)
        if self.title_check is not None:
            out["title_check"] = self.title_check
        if self.keywords_check is not None:
            out["keywords_check"] = self.keywords_check
        return out


def _severity_summary(beads: list[Bead]) -> dict[str, Any]:
    """Record-level added keys: ``checks`` (sorted set of the beads' check codes),
    ``severity`` (worst level among beads not dismissed; None when none is flagged) and
    ``severity_counts`` (flagged beads per level, dismissed ones apart)."""
    counts = {level: 0 for level in SEVERITY_LEVELS}
    counts["dismissed"] = 0
    for bead in beads:
        if not bead.flagged:
            continue
        if bead.dismissed is not None:
            counts["dismissed"] += 1
        elif bead.severity in counts:
            counts[bead.severity] += 1
    open_levels = [level for level in SEVERITY_LEVELS if counts[level]]
    return {
        "checks": sorted({code for bead in beads for code in bead.checks}),
        "severity": open_levels[0] if open_levels else None,
        "severity_counts": counts,
    }
