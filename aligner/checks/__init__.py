"""QA checks that translation-QA tools run and aligners lack, each with evidence spans.

- :mod:`~aligner.checks.identifiers`: DOIs, URLs, e-mail addresses, ORCID iDs, ISBNs,
  trial registration numbers, gene/protein symbols (TP53) and formulas (CO2) must be
  carried over unchanged; acronyms may be translated (OMS/WHO, ADN/DNA).
- :mod:`~aligner.checks.statistics`: p-values, ``n =``, confidence intervals, odds /
  hazard / risk ratios and the sign of percentages must match (0,05 is 0.05; IC à 95 %
  is 95% CI).
- :mod:`~aligner.checks.brackets`: brackets and quotation marks the English balances must
  stay balanced in the French (« » and "" are both quotation marks).

A check's finding is a :class:`Finding`: a code from :data:`aligner.severity.CHECKS`, a
sentence a reviewer reads, and evidence spans (:mod:`aligner.evidence`). The codes go on
a bead's ``checks``, never on its contract ``flags`` (docs/evidence-and-severity.md says
why).
"""

from __future__ import annotations

from collections.abc import Callable

from aligner.checks.base import Finding
from aligner.checks.brackets import check_brackets
from aligner.checks.identifiers import check_identifiers
from aligner.checks.statistics import check_statistics
from aligner.evidence import Sentences

Check = Callable[[Sentences, Sentences], Finding | None]
CHECK_FUNCTIONS: tuple[Check, ...] = (check_identifiers, check_statistics)
__all__ = ["CHECK_FUNCTIONS", "Finding", "run_checks"]


def run_checks(english: Sentences, french: Sentences, whole_en: Sentences | None = None,
               whole_fr: Sentences | None = None) -> list[Finding]:
    """Every check's finding on a bead with both sides: identifiers, statistics, brackets.

    ``whole_en`` / ``whole_fr`` are the record's sentences: brackets are balanced over the
    whole text (see :mod:`aligner.checks.brackets`).
    """
    findings = [finding for check in CHECK_FUNCTIONS
                if (finding := check(english, french)) is not None]
    brackets = check_brackets(english, french, whole_en, whole_fr)
    return findings + ([brackets] if brackets else [])
