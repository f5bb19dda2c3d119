"""PubMed / MEDLINE XML (``PubmedArticleSet``, NLM's pubmed DTDs 2019-2025).

Each ``PubmedArticle`` is a record, read from ``MedlineCitation/Article``: ``ArticleTitle``
(English by PubMed's rule; a translated title is bracketed, ``[...]``, and read without
the brackets), ``VernacularTitle`` (the original-language title, in the article's
``Language``), ``Abstract/AbstractText`` (``Label`` sections as lead-ins, copyright line
dropped), ``OtherAbstract[@Language]`` (``fre`` -> French), ``KeywordList/Keyword``,
``ELocationID[@EIdType="doi"]`` or ``PubmedData/ArticleIdList``, journal and issue data.
"""

from __future__ import annotations

import re

from lxml import etree

from aligner.ingest.readable import block_text, inline_text
from aligner.ingest.structured import Article, Piece, normalise_language, year_of
from aligner.ingest.xmlsafe import children, descendants, first, local_name, text_of, xpath_of

NAME = "pubmed"
RECORDS = frozenset(["PubmedArticle", "MedlineCitation"])
_BRACKETED = re.compile(r"^\[(.*)\]\.?$", re.DOTALL)


def matches(root: etree._Element) -> bool:
    return local_name(root) in ("PubmedArticleSet", "MedlineCitationSet", "PubmedArticle")


class Reader:
    def is_record(self, element: etree._Element, depth: int) -> bool:
        name = local_name(element)
        if name == "MedlineCitation":  # inside a PubmedArticle, read with it
            parent = element.getparent()
            return parent is None or local_name(parent) != "PubmedArticle"
        return name == "PubmedArticle"

    def read(self, record: etree._Element, record_path: str) -> Article:
        return read(record, record_path)


def read(record: etree._Element, record_path: str) -> Article:
    article = Article(layout=NAME, where=record_path)
    citation = record if local_name(record) == "MedlineCitation" else first(record,
                                                                            "MedlineCitation")
    body = first(citation, "Article")
    article.record_id = text_of(first(citation, "PMID")) or None
    if body is None:
        article.notes.append("no MedlineCitation/Article element")
        return article
    languages = [normalise_language(text_of(lang)) for lang in children(body, "Language")]
    article.language = next((lang for lang in languages if lang and lang != "en"), "en")
    title = first(body, "ArticleTitle")
    if title is not None and inline_text(title):
        text = inline_text(title)
        bracketed = _BRACKETED.match(text)
        article.titles.append(Piece(bracketed.group(1).strip() if bracketed else text, "en",
                                    xpath_of(title, record, record_path)))
    vernacular = first(body, "VernacularTitle")
    if vernacular is not None and inline_text(vernacular):
        article.titles.append(Piece(inline_text(vernacular).rstrip("."), article.language,
                                    xpath_of(vernacular, record, record_path)))
    abstract = first(body, "Abstract")
    if abstract is not None:
        article.abstracts.append(Piece(block_text(abstract), "",
                                       xpath_of(abstract, record, record_path)))
    for other in children(citation, "OtherAbstract"):
        article.abstracts.append(Piece(block_text(other), normalise_language(
            other.get("Language")), xpath_of(other, record, record_path)))
    for group in children(citation, "KeywordList"):
        terms = [inline_text(k) for k in children(group, "Keyword") if inline_text(k)]
        article.keywords.append(("", terms))
    _journal(first(body, "Journal"), article)
    article.authors = _authors(first(body, "AuthorList"))
    types = [text_of(t) for t in descendants(body, "PublicationType")]
    article.article_type = types[0] if types else None
    for node in children(body, "ELocationID") + descendants(record, "ArticleId"):
        kind = node.get("EIdType") or node.get("IdType") or ""
        if kind == "doi" and not article.doi:
            article.doi = text_of(node)
    return article


def _journal(journal: etree._Element | None, article: Article) -> None:
    if journal is None:
        return
    article.journal = text_of(first(journal, "Title")) or None
    article.issn = [text_of(issn) for issn in children(journal, "ISSN")]
    issue = first(journal, "JournalIssue")
    article.volume = text_of(first(issue, "Volume")) or None
    article.issue = text_of(first(issue, "Issue")) or None
    date = first(issue, "PubDate")
    article.year = year_of(text_of(first(date, "Year")) or text_of(first(date, "MedlineDate")))


def _authors(authors: etree._Element | None) -> list[str]:
    names: list[str] = []
    for author in children(authors, "Author") if authors is not None else []:
        collective = text_of(first(author, "CollectiveName"))
        parts = [text_of(first(author, "ForeName")), text_of(first(author, "LastName"))]
        name = " ".join(part for part in parts if part) or collective
        if name:
            names.append(name)
    return names
