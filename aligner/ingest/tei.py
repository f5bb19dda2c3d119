"""TEI records: OpenEdition's export (Lodel, schema tei.openedition) and HAL's TEI.

OpenEdition (one ``<TEI>`` per article, or a ``teiCorpus`` of them): titles in
``teiHeader/fileDesc/titleStmt/title`` (``type="main"``, translations ``type="alt"
xml:lang``), abstracts in ``text/front/div[@type="abstract"][@xml:lang]``, keywords in
``profileDesc/textClass/keywords[@xml:lang]`` (``list/item`` or ``term``), the article's
language in ``profileDesc/langUsage/language/@ident``.

HAL (``TEI/text/body/listBibl/biblFull``, one per deposit, many per API page): titles
``titleStmt/title[@xml:lang]``, abstracts ``profileDesc/abstract[@xml:lang]``, keywords
``textClass/keywords/term[@xml:lang]``, the journal and ids in ``sourceDesc/biblStruct``,
the document type in ``classCode[@scheme="halTypology"]``.

A TEI ``<abstract>`` in ``profileDesc`` (TEI P5 since 2015) is read in both layouts.
"""

from __future__ import annotations

from lxml import etree

from aligner.ingest.readable import block_text, inline_text
from aligner.ingest.structured import Article, Piece, normalise_language, year_of
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

NAME = "tei"
TEI_NAMESPACE = "http://www.tei-c.org/ns/1.0"
TITLE_TYPES = frozenset(["", "main", "alt", "trans", "translated", "parallel"])
ISSN_TYPES = frozenset(["issn", "eissn", "pissn", "e-issn", "p-issn"])


def matches(root: etree._Element) -> bool:
    return local_name(root) in ("TEI", "teiCorpus") and namespace(root) in (TEI_NAMESPACE, "")


class Reader:
    """Per-file state: a file holding HAL ``biblFull`` records yields those, not the TEI."""

    def __init__(self) -> None:
        self.saw_bibl = False

    def is_record(self, element: etree._Element, depth: int) -> bool:
        name = local_name(element)
        if name == "biblFull":
            self.saw_bibl = True
            return True
        return name == "TEI" and not self.saw_bibl

    def read(self, record: etree._Element, record_path: str) -> Article:
        if local_name(record) == "biblFull":
            return _read_hal(record, record_path)
        return _read_tei(record, record_path)


def _read_tei(record: etree._Element, record_path: str) -> Article:
    article = Article(layout="openedition-tei", where=record_path)
    header = first(record, "teiHeader")
    profile = first(header, "profileDesc")
    article.language = _language(profile) or normalise_language(lang_of(record))
    title_statement = first(header, "fileDesc", "titleStmt")
    _titles(title_statement, article, record, record_path)
    article.authors = _authors(title_statement)
    publication = first(header, "fileDesc", "publicationStmt")
    _publication(publication, article)
    bibl = first(header, "fileDesc", "sourceDesc", "biblStruct")
    if bibl is not None:
        _monograph(bibl, article)
        article.article_type = article.article_type or bibl.get("type")
    _abstracts_and_keywords(record, profile, article, record_path)
    return article


def _read_hal(record: etree._Element, record_path: str) -> Article:
    article = Article(layout="hal-tei", where=record_path)
    profile = first(record, "profileDesc")
    article.language = _language(profile)
    title_statement = first(record, "titleStmt")
    _titles(title_statement, article, record, record_path)
    article.authors = _authors(title_statement)
    publication = first(record, "publicationStmt")
    _publication(publication, article)
    for idno in children(publication, "idno") if publication is not None else []:
        if idno.get("type") == "halId":
            article.record_id = text_of(idno)
    bibl = first(record, "sourceDesc", "biblStruct")
    if bibl is not None:
        _monograph(bibl, article)
        for idno in children(bibl, "idno"):
            if (idno.get("type") or "").lower() == "doi":
                article.doi = text_of(idno)
    for code in descendants(profile, "classCode") if profile is not None else []:
        if code.get("scheme") == "halTypology":
            article.article_type = text_of(code)
    _abstracts_and_keywords(record, profile, article, record_path)
    return article


def _language(profile: etree._Element | None) -> str:
    language = first(profile, "langUsage", "language")
    return normalise_language(language.get("ident")) if language is not None else ""


def _titles(statement: etree._Element | None, article: Article, record: etree._Element,
            record_path: str) -> None:
    if statement is None:
        return
    for title in children(statement, "title"):
        if (title.get("type") or "") not in TITLE_TYPES:
            continue
        text = inline_text(title)
        if text:
            lang = normalise_language(lang_of(title))
            if not lang and not article.titles:
                lang = article.language
            article.titles.append(Piece(text, lang, xpath_of(title, record, record_path)))


def _authors(statement: etree._Element | None) -> list[str]:
    names: list[str] = []
    for author in children(statement, "author") if statement is not None else []:
        if (author.get("role") or "aut") not in ("aut", "crp", "author"):
            continue
        person = first(author, "persName")
        if person is not None:
            parts = [text_of(part) for part in children(person, "forename", "surname")]
            names.append(" ".join(part for part in parts if part) or text_of(person))
    return [name for name in names if name]


def _publication(statement: etree._Element | None, article: Article) -> None:
    if statement is None:
        return
    for idno in children(statement, "idno"):
        if (idno.get("type") or "").lower() == "doi" and not article.doi:
            article.doi = text_of(idno)
    date = first(statement, "date")
    if date is not None:
        article.year = year_of(date.get("when") or text_of(date))
    availability = first(statement, "availability")
    if availability is not None:
        licence = first(availability, "licence")
        if licence is not None:
            article.licence = licence.get("target") or text_of(licence)
        else:
            article.licence = text_of(availability) or None


def _monograph(bibl: etree._Element, article: Article) -> None:
    monogr = first(bibl, "monogr")
    if monogr is None:
        return
    for title in children(monogr, "title"):
        if title.get("level") == "j":
            article.journal = text_of(title)
    article.issn = [text_of(idno) for idno in children(monogr, "idno")
                    if (idno.get("type") or "").lower() in ISSN_TYPES]
    imprint = first(monogr, "imprint")
    if imprint is None:
        return
    for scope in children(imprint, "biblScope"):
        unit = scope.get("unit") or scope.get("type") or ""
        if unit == "volume":
            article.volume = text_of(scope)
        elif unit in ("issue", "number"):
            article.issue = text_of(scope)
    date = first(imprint, "date")  # the issue's date: the bibliographic year
    if date is not None:
        article.year = year_of(date.get("when") or text_of(date)) or article.year


def _abstracts_and_keywords(record: etree._Element, profile: etree._Element | None,
                            article: Article, record_path: str) -> None:
    places: list[etree._Element] = []
    if profile is not None:
        places.extend(children(profile, "abstract"))
    front = first(record, "text", "front")
    if front is not None:
        places.extend(div for div in children(front, "div") if div.get("type") == "abstract")
    for abstract in places:
        article.abstracts.append(Piece(
            block_text(abstract), normalise_language(lang_of(abstract)),
            xpath_of(abstract, record, record_path),
        ))
    text_class = first(profile, "textClass")
    for group in children(text_class, "keywords") if text_class is not None else []:
        group_lang = normalise_language(lang_of(group))
        by_lang: dict[str, list[str]] = {}
        for term in descendants(group, "term", "item"):
            text = inline_text(term)
            if text:
                by_lang.setdefault(normalise_language(lang_of(term)) or group_lang, []).append(
                    text)
        article.keywords.extend(by_lang.items())
