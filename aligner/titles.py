"""Titles and keywords are checked too: each as its own unit, never mixed into the abstract.

A record carrying ``title_en`` and ``title_fr`` (``aligner ingest`` writes them; any input
may give them) gets ``title_check``: the pair scored and flagged as one bead, with the
same scorer and flag vocabulary as the abstract, so a diverging title reads like a
diverging sentence. A record carrying ``keywords_en`` and ``keywords_fr`` gets
``keywords_check``: the two lists aligned like sentences (monotone, keywords are usually
given in the same order), so a keyword without a counterpart shows up in ``unmatched_en``
or ``unmatched_fr``. Identical keywords on both sides (a place name, an acronym) are not
flagged ``untranslated``: a keyword legitimately stays the same. None of this changes the
record's ``status``, ``beads`` or ``flags`` (the contract's abstract check).

Output keys (added to the contract, documented in docs/ingest-formats.md)::

    "title_check": {"en", "fr", "status", "score", "flags"}
    "keywords_check": {"en", "fr", "status", "pairs": [{"en", "fr", "score", "flags"}],
                       "unmatched_en", "unmatched_fr", "flags"}
"""

from __future__ import annotations

from typing import Any, Protocol

from aligner.records import FLAG_UNTRANSLATED, STATUS_MISSING_EN, STATUS_MISSING_FR, STATUS_OK, Bead


class PairChecker(Protocol):
    def score_pair(self, en: list[str], fr: list[str]) -> Bead: ...

    def check_sentences(self, en: list[str], fr: list[str]) -> list[Bead]: ...


def title_check(checker: PairChecker, meta: dict[str, Any]) -> dict[str, Any] | None:
    """The title pair as one scored bead; None when the record gives no language's title."""
    en, fr = _text(meta.get("title_en")), _text(meta.get("title_fr"))
    if not en and not fr:
        return None
    out: dict[str, Any] = {"en": en, "fr": fr, "status": STATUS_OK, "score": None, "flags": []}
    if not en or not fr:
        out["status"] = STATUS_MISSING_EN if not en else STATUS_MISSING_FR
        return out
    bead = checker.score_pair([en], [fr])
    out["score"] = None if bead.score is None else round(float(bead.score), 4)
    out["flags"] = list(bead.flags)
    return out


def keywords_check(checker: PairChecker, meta: dict[str, Any]) -> dict[str, Any] | None:
    """The keyword lists aligned; None when the record gives no language's keywords."""
    en, fr = _terms(meta.get("keywords_en")), _terms(meta.get("keywords_fr"))
    if not en and not fr:
        return None
    out: dict[str, Any] = {"en": en, "fr": fr, "status": STATUS_OK, "pairs": [],
                           "unmatched_en": [], "unmatched_fr": [], "flags": []}
    if not en or not fr:
        out["status"] = STATUS_MISSING_EN if not en else STATUS_MISSING_FR
        out["unmatched_en"], out["unmatched_fr"] = list(en), list(fr)
        return out
    flags: set[str] = set()
    for bead in checker.check_sentences(en, fr):
        en_terms = [en[i] for i in bead.en]
        fr_terms = [fr[j] for j in bead.fr]
        bead_flags = [flag for flag in bead.flags
                      if not (flag == FLAG_UNTRANSLATED and _same(en_terms, fr_terms))]
        flags.update(bead_flags)
        if not fr_terms:
            out["unmatched_en"].extend(en_terms)
        elif not en_terms:
            out["unmatched_fr"].extend(fr_terms)
        out["pairs"].append({
            "en": en_terms, "fr": fr_terms,
            "score": None if bead.score is None else round(float(bead.score), 4),
            "flags": bead_flags,
        })
    out["flags"] = sorted(flags)
    return out


def _same(en: list[str], fr: list[str]) -> bool:
    return [t.casefold() for t in en] == [t.casefold() for t in fr]


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _terms(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [term.strip() for term in value if isinstance(term, str) and term.strip()]
