"""OAI-PMH responses (GetRecord, or a ListRecords page holding many records).

Each ``<record>`` (OAI-PMH 2.0) is one article: a ``header`` with ``status="deleted"`` is
reported as a deleted record; the ``<metadata>`` child is read by its format: Dublin Core
(``oai_dc``: ``dc:title``, ``dc:description[@xml:lang]`` as abstracts, ``dc:subject`` as
keywords, ``dc:creator``, ``dc:identifier`` for the DOI, ``dc:source`` for the journal),
MODS 3 (``titleInfo``, ``abstract[@lang]``, ``subject/topic``, ``relatedItem[@type="host"]``,
``part/detail``), or a JATS, Érudit or TEI article embedded as is. An OAI-PMH ``<error>``
(``noRecordsMatch``, ``badResumptionToken``...) is reported with its code. Harvesting the
next page (``resumptionToken``) is left to the harvester: this reads files.
"""

from __future__ import annotations

import re

from lxml import etree

from aligner.ingest import erudit_xml, jats, tei
from aligner.ingest.readable import block_text, inline_text
from aligner.ingest.structured import Article, Piece, Skipped, normalise_language, year_of
from aligner.ingest.xmlsafe import (
    children,
    descendants,
    first,
    lang_of,
    local_name,
    namespace,
    text_of,
    xpath_of,
)

NAME = "oai-pmh"
OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
_DOI = re.compile(r"\b(10\.\d{4,9}/\S+)")


def matches(root: etree._Element) -> bool:
    return local_name(root) == "OAI-PMH" or namespace(root) == OAI_NAMESPACE


class Reader:
    """Records are the ``record`` elements (and ``error`` elements, reported)."""

    def is_record(self, element: etree._Element, depth: int) -> bool:
        name = local_name(element)
        return (name == "record" and namespace(element) in (OAI_NAMESPACE, "")) or (
            name == "error" and depth == 1)

    def read(self, record: etree._Element, record_path: str) -> object:
        if local_name(record) == "error":
            return Skipped("OAI-PMH error", f"{record.get('code') or 'error'}: "
                           f"{text_of(record) or 'no message'}")
        header = first(record, "header")
        identifier = text_of(first(header, "identifier"))
        if header is not None and header.get("status") == "deleted":
            return Skipped("deleted record", f"{identifier or 'record'} is marked deleted")
        metadata = first(record, "metadata")
        payload = next((child for child in metadata if isinstance(child.tag, str)), None) \
            if metadata is not None else None
        if payload is None:
            return Skipped("empty record", f"{identifier or 'record'} has no metadata")
        path = f"{record_path}/metadata/{local_name(payload)}"
        article = _read_payload(payload, path)
        if article is None:
            return Skipped("unknown dialect", f"metadata format <{local_name(payload)}> "
                           f"({namespace(payload) or 'no namespace'}) is not read")
        article.record_id = article.record_id or identifier or None
        article.layout = f"{NAME}/{article.layout}"
        return article


def _read_payload(payload: etree._Element, path: str) -> Article | None:
    name = local_name(payload)
    if name == "dc":
        return read_dublin_core(payload, path)
    if name == "mods":
        return read_mods(payload, path)
    if erudit_xml.matches(payload):
        return erudit_xml.read(payload, path)
    if jats.matches(payload):
        return jats.read(payload, path)
    if tei.matches(payload):
        return tei.Reader().read(payload, path)
    return None


def read_dublin_core(dc: etree._Element, path: str) -> Article:
    """Simple or qualified Dublin Core: every ``description``/``abstract`` is an abstract."""
    article = Article(layout="dc", where=path)
    languages = [normalise_language(text_of(lang)) for lang in children(dc, "language")]
    article.language = next((lang for lang in languages if lang), "")
    for element in dc:
        name = local_name(element)
        lang = normalise_language(lang_of(element))
        if name == "title" and inline_text(element):
            article.titles.append(Piece(inline_text(element), lang or (
                article.language if not article.titles else ""), xpath_of(element, dc, path)))
        elif name in ("description", "abstract"):
            article.abstracts.append(Piece(block_text(element), lang, xpath_of(element, dc, path)))
        elif name == "subject" and inline_text(element):
            article.keywords.append((lang, _split_subjects(inline_text(element))))
        elif name == "creator" and inline_text(element):
            article.authors.append(inline_text(element))
        elif name == "identifier":
            match = _DOI.search(text_of(element))
            article.doi = article.doi or (match.group(1) if match else None)
        elif name == "source" and not article.journal:
            article.journal = text_of(element).split(";")[0].strip() or None
        elif name in ("date", "issued") and article.year is None:
            article.year = year_of(text_of(element))
        elif name == "type" and not article.article_type:
            article.article_type = text_of(element) or None
        elif name in ("rights", "license") and not article.licence:
            article.licence = text_of(element) or None
    return article


def _split_subjects(value: str) -> list[str]:
    """A ``dc:subject`` holds one term, or several separated by ';' (OJS does this)."""
    return [term.strip() for term in value.split(";") if term.strip()]


def read_mods(mods: etree._Element, path: str) -> Article:
    """MODS 3: titles, abstracts, topics, names, host journal, part details, identifiers."""
    article = Article(layout="mods", where=path)
    language = first(mods, "language", "languageTerm")
    article.language = normalise_language(text_of(language))
    for info in children(mods, "titleInfo"):
        title = first(info, "title")
        if title is not None and inline_text(title):
            lang = normalise_language(lang_of(info, "lang") or lang_of(title, "lang"))
            article.titles.append(Piece(inline_text(title), lang or (
                article.language if not article.titles else ""), xpath_of(title, mods, path)))
    for abstract in children(mods, "abstract"):
        article.abstracts.append(Piece(block_text(abstract), normalise_language(
            lang_of(abstract, "lang")), xpath_of(abstract, mods, path)))
    for subject in children(mods, "subject"):
        terms = [inline_text(topic) for topic in children(subject, "topic") if inline_text(topic)]
        article.keywords.append((normalise_language(lang_of(subject, "lang")), terms))
    for name in children(mods, "name"):
        parts = {part.get("type") or "": text_of(part) for part in children(name, "namePart")}
        full = " ".join(p for p in (parts.get("given"), parts.get("family")) if p) or " ".join(
            parts.values())
        if full:
            article.authors.append(full)
    _mods_identifiers(mods, article)
    host = next((item for item in children(mods, "relatedItem") if item.get("type") == "host"),
                None)
    if host is not None:
        article.journal = text_of(first(host, "titleInfo", "title")) or None
        _mods_identifiers(host, article)
        _mods_part(first(host, "part"), article)
    _mods_part(first(mods, "part"), article)
    issued = descendants(mods, "dateIssued")
    article.year = article.year or (year_of(text_of(issued[0])) if issued else None)
    genre = first(mods, "genre")
    article.article_type = text_of(genre) or None
    rights = first(mods, "accessCondition")
    article.licence = text_of(rights) or None
    return article


def _mods_identifiers(element: etree._Element, article: Article) -> None:
    for identifier in children(element, "identifier"):
        kind = (identifier.get("type") or "").lower()
        if kind == "doi":
            article.doi = article.doi or text_of(identifier)
        elif kind in ("issn", "eissn"):
            article.issn.append(text_of(identifier))


def _mods_part(part: etree._Element | None, article: Article) -> None:
    if part is None:
        return
    for detail in children(part, "detail"):
        number = text_of(first(detail, "number"))
        if detail.get("type") == "volume":
            article.volume = article.volume or number or None
        elif detail.get("type") in ("issue", "number"):
            article.issue = article.issue or number or None
    date = first(part, "date")
    if date is not None:
        article.year = article.year or year_of(text_of(date))
