"""The fallback for pages of unknown layout: prose paragraphs, sorted by language.

Any page whose English and French abstracts are separate paragraph blocks can be read
without knowing the site: short lines (titles, labels, buttons) and boilerplate are
dropped, the remaining prose paragraphs are identified by language, and the first block
of each language becomes that side. An "Abstract"/"Résumé" heading gives the paragraph
after it a slot, so a French abstract under "Abstract" is reported. Title and DOI are
taken when they can be recognised (first short line; first DOI in the text).
"""

from __future__ import annotations

import re

from aligner.ingest.model import Candidate, ParsedPage
from aligner.ingest.text import (
    find_doi,
    is_prose,
    keywords_from_line,
    paragraphs,
    word_count,
)

NAME = "generic"

_HEADING_SLOTS = (
    (re.compile(r"^(?:abstract|summary|english abstract)\s*:?$", re.I), "en"),
    (re.compile(r"^(?:résumé|resume|sommaire|résumé français|french abstract)\s*:?$", re.I), "fr"),
)
MAX_TITLE_WORDS = 40


def matches(text: str) -> bool:
    """The fallback accepts every page; whether it finds an abstract is decided later."""
    return True


def parse(text: str) -> ParsedPage:
    """Prose paragraphs as candidates; a title and a DOI when present."""
    page_paragraphs = paragraphs(text)
    page = ParsedPage(layout=NAME, doi=find_doi(text))
    page.title = _title(page_paragraphs)
    slot: str | None = None
    for position, paragraph in enumerate(page_paragraphs):
        heading_slot = _heading_slot(paragraph)
        if heading_slot:
            slot = heading_slot
            continue
        found = keywords_from_line(paragraph)
        if found is not None:
            page.keywords.extend(found)
        elif is_prose(paragraph):
            origin = f"paragraph {position + 1}" + (" after an abstract heading" if slot else "")
            page.candidates.append(Candidate(paragraph, position, slot, origin))
        slot = None
    return page


def _heading_slot(paragraph: str) -> str | None:
    """"en" after an "Abstract" heading, "fr" after "Résumé", else None."""
    for pattern, slot in _HEADING_SLOTS:
        if pattern.match(paragraph):
            return slot
    return None


def _title(page_paragraphs: list[str]) -> str | None:
    """The first paragraph when it is short and not prose or a heading (a likely title)."""
    if not page_paragraphs:
        return None
    first = page_paragraphs[0]
    if _heading_slot(first) or is_prose(first) or word_count(first) > MAX_TITLE_WORDS:
        return None
    return first if word_count(first) >= 2 else None
