"""JATS / NLM XML (NISO Z39.96 JATS 1.0-1.3, NLM 3.0), as PMC, SciELO and Érudit publish it.

Read from ``front/article-meta`` (JATS Tag Library, "Journal Publishing"):
``<abstract>`` and ``<trans-abstract xml:lang>``; ``title-group/article-title`` and
``trans-title-group[@xml:lang]/trans-title``; ``kwd-group[@xml:lang]``; ids, dates,
volume/issue, contributors, ``permissions/license``. SciELO puts each translation in a
``<sub-article article-type="translation" xml:lang>`` with its own ``front-stub``: its
title, abstracts and keywords are read in that language. An abstract whose
``abstract-type`` is graphical, teaser, key-points... is kept apart (named in a note, not
checked against the main one). Elements are matched by local name, so the NLM and JATS
namespaces (or none) read alike.
"""

from __future__ import annotations

from lxml import etree

from aligner.ingest.readable import block_text, inline_text
from aligner.ingest.structured import MAIN_KIND, Article, Piece, normalise_language, year_of
from aligner.ingest.xmlsafe import children, either, first, lang_of, local_name, xpath_of

NAME = "jats"
# abstract-type values that are the article's main abstract (others are kept apart).
MAIN_ABSTRACT_TYPES = frozenset(["", "summary", "structured", "author", "abstract", "main",
                                 "normal", "full", "author-abstract", "original"])
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def matches(root: etree._Element) -> bool:
    """A JATS/NLM ``<article>`` (no namespace, or an NLM/JATS one)."""
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    return local_name(root) == "article" and (not namespace or "nlm" in namespace
                                              or "jats" in namespace.lower())


def read(article_element: etree._Element, record_path: str) -> Article:
    """One article (main article plus its translation sub-articles)."""
    article = Article(layout=NAME, where=record_path)
    article.language = normalise_language(lang_of(article_element))
    article.article_type = article_element.get("article-type")
    front = first(article_element, "front")
    meta = first(front, "article-meta")
    if meta is None:
        article.notes.append("no front/article-meta element: no abstract or title to read")
        return article
    _read_meta(meta, article, article_element, record_path)
    journal = first(front, "journal-meta")
    if journal is not None:
        _read_journal(journal, article)
    for sub in children(article_element, "sub-article"):
        _read_sub_article(sub, article, article_element, record_path)
    return article


def read_meta_into(meta: etree._Element, article: Article, record: etree._Element,
                   record_path: str, language: str) -> None:
    """Titles, abstracts and keywords of a JATS-like metadata block (article-meta,
    front-stub, a Crossref deposit's journal_article...), in ``language`` by default."""
    for group in children(meta, "title-group"):
        for title in children(group, "article-title"):
            _add_title(article, title, record, record_path, language)
        for trans in children(group, "trans-title-group"):
            lang = normalise_language(lang_of(trans))
            for title in children(trans, "trans-title"):
                _add_title(article, title, record, record_path, lang)
    for abstract in children(meta, "abstract", "trans-abstract"):
        kind = (abstract.get("abstract-type") or "").strip().lower()
        default = language if local_name(abstract) == "abstract" else ""
        article.abstracts.append(Piece(
            text=block_text(abstract),
            lang=normalise_language(lang_of(abstract)) or default,
            where=xpath_of(abstract, record, record_path),
            kind=MAIN_KIND if kind in MAIN_ABSTRACT_TYPES else kind,
        ))
    for group in children(meta, "kwd-group"):
        terms = [inline_text(kwd) for kwd in group.iter() if local_name(kwd) in ("kwd",
                                                                               "compound-kwd")]
        article.keywords.append(
            (normalise_language(lang_of(group)) or language, [t for t in terms if t])
        )


def _add_title(article: Article, title: etree._Element, record: etree._Element,
               record_path: str, language: str) -> None:
    text = inline_text(title)
    if text:
        lang = normalise_language(lang_of(title)) or language
        article.titles.append(Piece(text, lang, xpath_of(title, record, record_path)))


def _read_meta(meta: etree._Element, article: Article, record: etree._Element,
               record_path: str) -> None:
    read_meta_into(meta, article, record, record_path, article.language)
    for article_id in children(meta, "article-id"):
        kind = article_id.get("pub-id-type") or ""
        value = inline_text(article_id)
        if kind == "doi" and not article.doi:
            article.doi = value
        elif kind in ("publisher-id", "pmid", "pmc", "other") and not article.record_id:
            article.record_id = value
    years = [year_of(inline_text(year)) for date in children(meta, "pub-date", "date")
             for year in children(date, "year")]
    article.year = next((year for year in years if year), None)
    volume, issue = first(meta, "volume"), first(meta, "issue")
    article.volume = inline_text(volume) if volume is not None else None
    article.issue = inline_text(issue) if issue is not None else None
    article.authors = _authors(meta)
    article.licence = _licence(first(meta, "permissions"))


def _read_journal(journal: etree._Element, article: Article) -> None:
    title = either(first(journal, "journal-title-group", "journal-title"),
                   first(journal, "journal-title"))
    article.journal = inline_text(title) if title is not None else None
    article.issn = [inline_text(issn) for issn in children(journal, "issn")]


def _read_sub_article(sub: etree._Element, article: Article, record: etree._Element,
                      record_path: str) -> None:
    """SciELO's translations: a ``sub-article`` whose front-stub is in its own language."""
    kind = sub.get("article-type") or ""
    lang = normalise_language(lang_of(sub))
    stub = either(first(sub, "front-stub"), first(sub, "front", "article-meta"),
                  first(sub, "front"))
    if stub is None:
        return
    if kind not in ("translation", "translated-article", ""):
        article.notes.append(f"sub-article of type '{kind}' ({lang or 'no language'}) not read")
        return
    read_meta_into(stub, article, record, record_path, lang)


def _authors(meta: etree._Element) -> list[str]:
    """Contributors of author groups: 'Given Surname', or the collaboration's name."""
    names: list[str] = []
    for group in children(meta, "contrib-group"):
        if (group.get("content-type") or "author") != "author":
            continue
        for contrib in children(group, "contrib"):
            if (contrib.get("contrib-type") or "author") not in ("author", "person"):
                continue
            name = either(first(contrib, "name"), first(contrib, "string-name"))
            if name is not None:
                given, surname = first(name, "given-names"), first(name, "surname")
                parts = [inline_text(part) for part in (given, surname) if part is not None]
                names.append(" ".join(p for p in parts if p) or inline_text(name))
            elif first(contrib, "collab") is not None:
                names.append(inline_text(first(contrib, "collab")))
    return [name for name in names if name]


def _licence(permissions: etree._Element | None) -> str | None:
    """The licence's URL (``license/@xlink:href`` or ``ali:license_ref``), else its text."""
    if permissions is None:
        return None
    for node in permissions.iter():
        name = local_name(node)
        if name == "license" and node.get(XLINK_HREF):
            return node.get(XLINK_HREF)
        if name == "license_ref" and inline_text(node):
            return inline_text(node)
    licence = first(permissions, "license")
    return (inline_text(licence) or None) if licence is not None else None
