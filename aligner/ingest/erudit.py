"""Érudit record pages (erudit.org): "Fiche du document", "Citer ce document", "Résumé En Fr".

The scraped page is a column of labels and values (Date, Type de document, "Ce document
est lié à :", Licence...), a citation line ending in "ID : <DOI>", then a heading such as
"Résumé En Fr" naming the abstracts' languages in page order, the abstracts, and page
furniture ("document thumbnail", "Par les mêmes auteurs", "Exporter en"...). The heading's
language list gives each abstract its slot; the side is still decided by language.
"""

from __future__ import annotations

import re

from aligner.ingest.model import Candidate, ParsedPage
from aligner.ingest.text import (
    clean_doi,
    find_doi,
    find_year,
    is_section_text,
    keywords_from_line,
    lines,
    paragraphs,
)

NAME = "erudit"

# Lines that only appear on Érudit record pages; two of them identify the layout.
MARKERS = (
    "fiche du document",
    "citer ce document",
    "consortium érudit",
    "ce document est lié à :",
    "partage / export",
    "document thumbnail",
    "par les mêmes auteurs",
)
# Lines that end the abstract section (page furniture after, or metadata before, it).
FURNITURE = frozenset(
    [
        "document thumbnail",
        "par les mêmes auteurs",
        "sur les mêmes sujets",
        "sur les mêmes disciplines",
        "exporter en",
        "fiche du document",
        "citer ce document",
        "métriques",
        "partage / export",
        "plan",
        "note biographique",
        "notes biographiques",
        "bibliographie",
        "texte intégral",
        "lire le document",
    ]
)
# "Résumé En Fr", "Abstract Fr En Es", "Résumés", "Abstract": the abstracts' heading.
_ABSTRACT_HEADING = re.compile(
    r"^(?:résumés?|abstracts?|resumen)((?:\s+[A-Z][a-z]){0,6})\s*$", re.IGNORECASE
)
_CITATION = re.compile(r"^(?P<authors>.+?),\s*«\s*(?P<title>.+?)\s*»\s*,\s*(?P<rest>.+)$")
_LICENCE = re.compile(r"^(?:all rights reserved|tous droits réservés)\s*©?\s*(.+)$", re.I)


def matches(text: str) -> bool:
    """True when at least two Érudit-only labels are present."""
    present = {line.lower() for line in lines(text)}
    return sum(marker in present for marker in MARKERS) >= 2


def parse(text: str) -> ParsedPage:
    """Metadata from the label column and the citation line; abstracts from their section."""
    page_lines = lines(text)
    page = ParsedPage(layout=NAME)
    page.title = next((line for line in page_lines if line), None)
    page.year = _year(page_lines)
    page.journal = _journal(page_lines)
    citation = _citation(page_lines)
    page.doi = _doi(page_lines, citation)
    page.authors = _authors(page_lines, citation)
    page.candidates, page.keywords = _abstracts(page_lines, page.notes)
    return page


def _value_after(page_lines: list[str], label: str) -> str | None:
    """The first non-blank line after a label line (labels and values alternate)."""
    for index, line in enumerate(page_lines):
        if line.lower() == label:
            return next((value for value in page_lines[index + 1 :] if value), None)
    return None


def _year(page_lines: list[str]) -> int | None:
    value = _value_after(page_lines, "date")
    return find_year(value) if value else None


def _journal(page_lines: list[str]) -> str | None:
    """"Canadian Social Work Review ; vol. 40 no. 1 (2023)" -> "Canadian Social Work Review"."""
    value = _value_after(page_lines, "ce document est lié à :")
    return value.split(" ; ")[0].strip() or None if value else None


def _citation(page_lines: list[str]) -> re.Match[str] | None:
    """The "Authors, « Title », Journal, ID : DOI" line under "Citer ce document"."""
    for line in page_lines:
        match = _CITATION.match(line)
        if match:
            return match
    return None


def _doi(page_lines: list[str], citation: re.Match[str] | None) -> str | None:
    if citation:
        found = re.search(r"\bID\s*:\s*(\S+)", citation.group("rest"))
        if found and clean_doi(found.group(1)):
            return clean_doi(found.group(1))
    return find_doi("\n".join(page_lines))


def _authors(page_lines: list[str], citation: re.Match[str] | None) -> list[str]:
    """All authors from the licence line when it confirms the citation; else the citation's.

    The citation line abbreviates to "First Author et al."; the licence line lists everyone
    but the scrape glued first and last names ("LyudaKrupin"). Names are un-glued only when
    that reproduces the citation's first author exactly, so a name like "McTague" is never
    split on a guess.
    """
    cited = _split_names(citation.group("authors")) if citation else []
    cited = [re.sub(r"\s+et al\.?$", "", name) for name in cited]
    holders = _licence_holders(page_lines)
    if cited and holders:
        unglued = [re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])", " ", name) for name in holders]
        if unglued[0] == cited[0] or holders[0] == cited[0]:
            return unglued if unglued[0] == cited[0] else holders
    return cited


def _licence_holders(page_lines: list[str]) -> list[str]:
    """Names in "All Rights Reserved © A, B and C, 2023" (the year dropped)."""
    for line in page_lines:
        match = _LICENCE.match(line)
        if match:
            holders = re.sub(r",?\s*\d{4}\s*$", "", match.group(1))
            return _split_names(holders)
    return []


def _split_names(value: str) -> list[str]:
    """ "A, B and C" / "A, B et C" -> ["A", "B", "C"]."""
    parts = re.split(r",\s*|\s+(?:and|et|&)\s+", value)
    return [part.strip() for part in parts if part.strip()]


def _abstracts(
    page_lines: list[str], notes: list[str]
) -> tuple[list[Candidate], list[str]]:
    """Candidates from the abstract section, with the slot its heading gives each one.

    Slots are given only when the section holds one paragraph per listed language: a
    multi-paragraph abstract cannot be told from two abstracts in scraped text.
    """
    start, slots = _abstract_section_start(page_lines)
    heading = page_lines[start - 1] if start else None
    if start is None:
        notes.append("no 'Résumé'/'Abstract' heading found; abstracts taken by language only")
    section: list[str] = []
    for line in page_lines[start or 0 :]:
        if line.lower() in FURNITURE:
            break
        section.append(line)
    prose: list[tuple[int, str]] = []
    keywords: list[str] = []
    for position, paragraph in enumerate(paragraphs("\n".join(section))):
        found = keywords_from_line(paragraph)
        if found is not None:
            keywords.extend(found)
        elif is_section_text(paragraph):
            prose.append((position, paragraph))
    if slots and len(slots) != len(prose):
        notes.append(
            f"'{heading}' lists {len(slots)} abstract(s) but {len(prose)} paragraph(s) follow; "
            "abstracts taken by language only"
        )
        slots = []
    candidates = [
        Candidate(
            text,
            position,
            slots[number] if slots and slots[number] in ("en", "fr") else None,
            f"abstract {number + 1} under '{heading}'" if heading else "page",
        )
        for number, (position, text) in enumerate(prose)
    ]
    return candidates, keywords


def _abstract_section_start(page_lines: list[str]) -> tuple[int | None, list[str]]:
    """Index of the first line after the abstracts' heading, and the languages it lists."""
    for index, line in enumerate(page_lines):
        match = _ABSTRACT_HEADING.match(line)
        if match:
            codes = [code.lower() for code in match.group(1).split()]
            return index + 1, codes
    return None, []
