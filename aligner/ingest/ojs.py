"""OJS native XML (PKP ``native.xsd``, namespace ``http://pkp.sfu.ca``), OJS 2.4 and 3.x.

An export holds one ``<article>``, an ``<articles>`` list, or issues with their
``articles``; each ``article`` is a record. OJS 3 puts the metadata in the article's
``<publication>`` (the last one is the current version), OJS 2 directly in the article.
Fields carry ``locale`` attributes (``fr_CA``, ``en_US``): ``title`` (with ``prefix``),
``abstract`` (HTML, escaped as text, read as a reader sees it), ``keywords/keyword``,
``authors/author`` (``givenname``, ``familyname``), ``id[@type="doi"]`` or
``pub-id[@type="doi"]``, ``licenseUrl``. Volume, number and year come from the enclosing
issue's ``issue_identification`` when the article is inside one.
"""

from __future__ import annotations

from lxml import etree

from aligner.ingest.readable import inline_text, markup_text
from aligner.ingest.structured import Article, Piece, normalise_language, year_of
from aligner.ingest.xmlsafe import children, first, local_name, namespace, text_of, xpath_of

NAME = "ojs-native"
PKP_NAMESPACE = "http://pkp.sfu.ca"


def matches(root: etree._Element) -> bool:
    return namespace(root) == PKP_NAMESPACE


class Reader:
    def is_record(self, element: etree._Element, depth: int) -> bool:
        return local_name(element) == "article" and namespace(element) == PKP_NAMESPACE

    def read(self, record: etree._Element, record_path: str) -> Article:
        return read(record, record_path)


def read(record: etree._Element, record_path: str) -> Article:
    article = Article(layout=NAME, where=record_path)
    publications = children(record, "publication")
    meta = publications[-1] if publications else record
    article.language = normalise_language(meta.get("locale") or record.get("locale"))
    article.year = year_of(meta.get("date_published") or record.get("date_published"))
    article.article_type = meta.get("section_ref") or record.get("section_ref")
    for title in children(meta, "title"):
        prefix = next((text_of(p) for p in children(meta, "prefix")
                       if p.get("locale") == title.get("locale")), "")
        text = " ".join(part for part in (prefix, inline_text(title)) if part)
        if text:
            article.titles.append(Piece(text, normalise_language(title.get("locale")),
                                        xpath_of(title, record, record_path)))
    _main_title_first(article)
    for abstract in children(meta, "abstract"):
        article.abstracts.append(Piece(markup_text(text_of_raw(abstract)),
                                       normalise_language(abstract.get("locale")),
                                       xpath_of(abstract, record, record_path)))
    for group in children(meta, "keywords"):
        terms = [inline_text(term) for term in children(group, "keyword") if inline_text(term)]
        article.keywords.append((normalise_language(group.get("locale")), terms))
    for identifier in children(meta, "id", "pub-id"):
        if (identifier.get("type") or "").lower() == "doi":
            article.doi = text_of(identifier)
        elif identifier.get("type") == "internal" and not article.record_id:
            article.record_id = text_of(identifier)
    article.authors = _authors(first(meta, "authors"))
    licence = first(meta, "licenseUrl")
    article.licence = text_of(licence) or None
    _issue(record, article)
    return article


def text_of_raw(element: etree._Element) -> str:
    """The element's characters unchanged (the escaped HTML of an OJS abstract)."""
    return "".join(element.itertext())


def _main_title_first(article: Article) -> None:
    """The title in the article's own locale is its main title."""
    main = [piece for piece in article.titles if piece.lang == article.language]
    if main:
        article.titles.remove(main[0])
        article.titles.insert(0, main[0])


def _authors(authors: etree._Element | None) -> list[str]:
    names: list[str] = []
    for author in children(authors, "author") if authors is not None else []:
        given = text_of(first(author, "givenname") if first(author, "givenname") is not None
                        else first(author, "firstname"))
        family = text_of(first(author, "familyname") if first(author, "familyname") is not None
                         else first(author, "lastname"))
        name = " ".join(part for part in (given, family) if part)
        if name:
            names.append(name)
    return names


def _issue(record: etree._Element, article: Article) -> None:
    node = record.getparent()
    while node is not None and local_name(node) != "issue":
        node = node.getparent()
    identification = first(node, "issue_identification") if node is not None else None
    if identification is None:
        return
    article.volume = text_of(first(identification, "volume")) or None
    article.issue = text_of(first(identification, "number")) or None
    article.year = article.year or year_of(text_of(first(identification, "year")))
