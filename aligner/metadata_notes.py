"""What the table and HTML reports say about a record's title and keywords.

``title_check`` and ``keywords_check`` (:mod:`aligner.titles`) reach JSONL as keys, but an
editor reading the terminal table or the HTML page needs them as sentences. Only what a
person should look at is said: a flagged title (with its score and both texts), a title
or keyword list present in one language only, keyword pairs that carry flags, and
keywords with no counterpart. A title pair that passed says nothing, like an unflagged
bead.
"""

from __future__ import annotations

from typing import Any

from aligner.records import STATUS_MISSING_EN, STATUS_MISSING_FR

MISSING_SIDE = {STATUS_MISSING_EN: "English", STATUS_MISSING_FR: "French"}


def metadata_notes(title_check: dict[str, Any] | None,
                   keywords_check: dict[str, Any] | None) -> list[str]:
    """One line per thing to look at in the title and keywords; [] when all is well."""
    return [*_title_notes(title_check or {}), *_keyword_notes(keywords_check or {})]


def _title_notes(check: dict[str, Any]) -> list[str]:
    if not check:
        return []
    missing = MISSING_SIDE.get(check.get("status", ""))
    if missing:
        return [f"title: no {missing} title"]
    flags = check.get("flags") or []
    if not flags:
        return []
    score = check.get("score")
    scored = "" if score is None else f" (score {score:.2f})"
    return [f"title: {', '.join(flags)}{scored}: EN «{check.get('en')}» / FR «{check.get('fr')}»"]


def _keyword_notes(check: dict[str, Any]) -> list[str]:
    if not check:
        return []
    missing = MISSING_SIDE.get(check.get("status", ""))
    if missing:
        return [f"keywords: no {missing} keywords"]
    notes = []
    for pair in check.get("pairs") or []:
        if pair.get("flags") and pair.get("en") and pair.get("fr"):
            notes.append(f"keywords: {', '.join(pair['flags'])}: "
                         f"{'; '.join(pair['en'])} / {'; '.join(pair['fr'])}")
    for side, name in (("unmatched_en", "English"), ("unmatched_fr", "French")):
        if check.get(side):
            notes.append(f"keywords: {name} only: {'; '.join(check[side])}")
    return notes
