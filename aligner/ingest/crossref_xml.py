"""Crossref deposit XML (``doi_batch``, schemas 4.x and 5.x).

Each ``journal_article`` (and ``conference_paper``, ``posted_content``, ``content_item``)
is a record: ``titles/title`` in the article's ``language`` attribute,
``titles/original_language_title[@language]``, ``jats:abstract[@xml:lang]`` (JATS markup,
read by :mod:`aligner.ingest.jats` rules), ``contributors/person_name``, ``doi_data/doi``,
``publication_date/year``, the licence (``ai:license_ref``). Journal title, ISSN, volume
and issue come from the enclosing ``journal`` element's ``journal_metadata`` and
``journal_issue``.
"""

from __future__ import annotations

from lxml import etree

from aligner.ingest.jats import MAIN_ABSTRACT_TYPES
from aligner.ingest.readable import block_text, inline_text
from aligner.ingest.structured import MAIN_KIND, Article, Piece, normalise_language, year_of
from aligner.ingest.xmlsafe import (
    children,
    descendants,
    first,
    lang_of,
    local_name,
    text_of,
    xpath_of,
)

NAME = "crossref-xml"
RECORDS = frozenset(["journal_article", "conference_paper", "posted_content", "content_item"])


def matches(root: etree._Element) -> bool:
    return local_name(root) in ("doi_batch", "crossref_result", "doi_records")


class Reader:
    def is_record(self, element: etree._Element, depth: int) -> bool:
        return local_name(element) in RECORDS

    def read(self, record: etree._Element, record_path: str) -> Article:
        return read(record, record_path)


def read(record: etree._Element, record_path: str) -> Article:
    article = Article(layout=NAME, where=record_path)
    article.language = normalise_language(record.get("language"))
    article.article_type = local_name(record)
    titles = first(record, "titles")
    for title in children(titles, "title", "original_language_title") if titles is not None \
            else []:
        text = inline_text(title)
        lang = normalise_language(title.get("language")) or (
            article.language if local_name(title) == "title" else "")
        if text:
            article.titles.append(Piece(text, lang, xpath_of(title, record, record_path)))
    for abstract in children(record, "abstract"):
        kind = (abstract.get("abstract-type") or "").lower()
        article.abstracts.append(Piece(
            block_text(abstract), normalise_language(lang_of(abstract)),
            xpath_of(abstract, record, record_path),
            kind=MAIN_KIND if kind in MAIN_ABSTRACT_TYPES else kind))
    article.authors = _authors(first(record, "contributors"))
    article.doi = text_of(first(record, "doi_data", "doi")) or None
    date = first(record, "publication_date")
    article.year = year_of(text_of(first(date, "year")))
    licences = [text_of(node) for node in descendants(record, "license_ref") if text_of(node)]
    article.licence = licences[0] if licences else None
    _journal(record, article)
    return article


def _authors(contributors: etree._Element | None) -> list[str]:
    names: list[str] = []
    for person in children(contributors, "person_name", "organization") \
            if contributors is not None else []:
        if (person.get("contributor_role") or "author") != "author":
            continue
        parts = [text_of(first(person, "given_name")), text_of(first(person, "surname"))]
        name = " ".join(part for part in parts if part) or text_of(person)
        if name:
            names.append(name)
    return names


def _journal(record: etree._Element, article: Article) -> None:
    journal = record.getparent()
    if journal is None or local_name(journal) != "journal":
        return
    metadata = first(journal, "journal_metadata")
    if metadata is not None:
        article.journal = text_of(first(metadata, "full_title")) or None
        article.issn = [text_of(issn) for issn in children(metadata, "issn")]
    issue = first(journal, "journal_issue")
    if issue is not None:
        article.volume = text_of(first(issue, "journal_volume", "volume")) or None
        article.issue = text_of(first(issue, "issue")) or None
        if article.year is None:
            article.year = year_of(text_of(first(issue, "publication_date", "year")))
