"""How bad a finding is: ``critical``, ``major`` or ``minor``, by written rules.

The scale answers the curator's first question, "what must I fix before publication?":

- ``critical``: the French tells the reader something different or leaves something out
  that can be checked against the English: a sentence added or omitted, a number, a
  statistic or an identifier (DOI, trial id, gene symbol...) changed. These are errors a
  journal must correct, and the checker's evidence for them is hard (an empty side, a
  differing token).
- ``major``: the French may not convey the English (``low_fidelity``), is still in English
  (``untranslated``) or is in a third language (``wrong_language``). Real problems when
  right, but judged by a model or by language clues, so more often a false alarm.
- ``minor``: form, not content: brackets or quotation marks left unbalanced by the
  translation.

Why three levels and these: they are the levels of the MQM error typology's severities
(https://themqm.org/error-types-2/severity-levels-of-error-types/: minor, major,
critical), which translation-QA tools and their users already know, and each level maps to
an action (fix before publishing / read / tidy when convenient). A bead's severity is the
worst of its findings; a record's is the worst of its beads that are not dismissed.
"""

from __future__ import annotations

from collections.abc import Iterable

from aligner.records import (
    FLAG_ADDITION,
    FLAG_LOW_FIDELITY,
    FLAG_NUMBER_MISMATCH,
    FLAG_OMISSION,
    FLAG_UNTRANSLATED,
    FLAG_WRONG_LANGUAGE,
    SEVERITY_LEVELS,
)

# Worst first: the order reports list them and the order of a "worst first" sort.
LEVELS = SEVERITY_LEVELS
CRITICAL, MAJOR, MINOR = LEVELS
RANK = {level: rank for rank, level in enumerate(LEVELS)}

# The new checks' codes (aligner.checks); they live on a bead's ``checks``, not ``flags``.
CHECK_IDENTIFIER = "identifier_changed"
CHECK_STATISTIC = "statistic_mismatch"
CHECK_BRACKETS = "bracket_unbalanced"
CHECKS = (CHECK_IDENTIFIER, CHECK_STATISTIC, CHECK_BRACKETS)

SEVERITY_OF: dict[str, str] = {
    FLAG_ADDITION: CRITICAL,
    FLAG_OMISSION: CRITICAL,
    FLAG_NUMBER_MISMATCH: CRITICAL,
    CHECK_IDENTIFIER: CRITICAL,
    CHECK_STATISTIC: CRITICAL,
    FLAG_UNTRANSLATED: MAJOR,
    FLAG_LOW_FIDELITY: MAJOR,
    FLAG_WRONG_LANGUAGE: MAJOR,
    CHECK_BRACKETS: MINOR,
}
# A code this version does not know (results written by a newer checker) is read as
# ``major``: shown, never hidden by a --min-severity minor filter, never called critical.
UNKNOWN_SEVERITY = MAJOR


def severity_of(code: str) -> str:
    """The level of one flag or check code."""
    return SEVERITY_OF.get(code, UNKNOWN_SEVERITY)


def worst(codes: Iterable[str]) -> str | None:
    """The most severe level among ``codes`` (None when there are none)."""
    levels = [severity_of(code) for code in codes]
    return min(levels, key=RANK.__getitem__) if levels else None


def worst_level(levels: Iterable[str | None]) -> str | None:
    """The most severe of some levels (None values ignored; None when none is left)."""
    known = [level for level in levels if level in RANK]
    return min(known, key=RANK.__getitem__) if known else None


def at_least(level: str | None, minimum: str | None) -> bool:
    """Is ``level`` as severe as ``minimum`` or worse? Everything is, with no minimum."""
    if minimum is None:
        return True
    if level is None:
        return False
    return RANK.get(level, RANK[UNKNOWN_SEVERITY]) <= RANK[minimum]


def empty_counts() -> dict[str, int]:
    return {level: 0 for level in LEVELS}
