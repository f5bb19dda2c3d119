"""Publisher article pages with a structured abstract (Emerald and similar).

The page text starts at an "Abstract" heading; the abstract follows, structured in
sections ("Purpose–", "Design/methodology/approach–", "Findings–", "Originality/value–"...)
that are kept with their headings, because a reviewer needs to see which section a
sentence belongs to. The scrape often glues a section to the previous one
("...this issue.Design/methodology/approach–"); a space is restored there. Site
boilerplate ("Talk to us", "Schedule a call", "Disclaimer: ...") ends the abstract.
"""

from __future__ import annotations

import re

from aligner.ingest.model import Candidate, ParsedPage
from aligner.ingest.text import (
    find_doi,
    is_boilerplate,
    is_prose,
    keywords_from_line,
    paragraphs,
)

NAME = "publisher"

# Section headings of structured abstracts (Emerald's list, plus common variants).
STRUCTURED_HEADINGS = (
    "Purpose",
    "Design/methodology/approach",
    "Methodology/approach",
    "Approach",
    "Findings",
    "Research limitations/implications",
    "Practical implications",
    "Social implications",
    "Originality/value",
    "Value",
)
_HEADINGS = "|".join(re.escape(heading) for heading in STRUCTURED_HEADINGS)
# A heading followed by a dash or a colon: "Findings–", "Purpose - ", "Originality/value:".
_HEADING_WITH_DASH = re.compile(rf"(?:^|(?<=[\s.!?]))(?:{_HEADINGS})\s*[–—:-]")
# The same heading glued to the end of the previous section's last sentence.
_GLUED_HEADING = re.compile(rf"(?<=[a-z0-9)][.!?])(?=(?:{_HEADINGS})\s*[–—:-])")
_ABSTRACT_HEADING = re.compile(r"^(?:abstract|summary|structured abstract)\s*:?$", re.I)


def matches(text: str) -> bool:
    """True for an "Abstract" heading line followed by a structured abstract."""
    page_paragraphs = paragraphs(text)
    start = _abstract_start(page_paragraphs)
    if start is None:
        return False
    body = " ".join(page_paragraphs[start:])
    return len(set(_HEADING_WITH_DASH.findall(body))) >= 2


def parse(text: str) -> ParsedPage:
    """Abstract paragraphs from the heading down to the first boilerplate paragraph."""
    page_paragraphs = paragraphs(text)
    page = ParsedPage(layout=NAME, doi=find_doi(text))
    start = _abstract_start(page_paragraphs) or 0
    for position, paragraph in enumerate(page_paragraphs[start:], start=start):
        if is_boilerplate(paragraph):
            page.notes.append(f"site boilerplate from '{paragraph[:40]}' on removed")
            break
        found = keywords_from_line(paragraph)
        if found is not None:
            page.keywords.extend(found)
        elif is_prose(paragraph):
            repaired = _GLUED_HEADING.sub(" ", paragraph)
            page.candidates.append(Candidate(repaired, position, None, "abstract"))
    return page


def _abstract_start(page_paragraphs: list[str]) -> int | None:
    """Index of the paragraph after the "Abstract" heading, or None without one."""
    for index, paragraph in enumerate(page_paragraphs):
        if _ABSTRACT_HEADING.match(paragraph):
            return index + 1
    return None
