"""HAL API JSON (``api.archives-ouvertes.fr/search``): ``response.docs[]``, one per deposit.

HAL gives each language its own fields: ``en_title_s`` / ``fr_title_s``,
``en_abstract_s`` / ``fr_abstract_s``, ``en_keyword_s`` / ``fr_keyword_s`` (lists), and
other languages the same way (``es_abstract_s``); ``title_s`` / ``abstract_s`` /
``keyword_s`` hold all of them without language, read only when no language field is
present. Metadata: ``halId_s``, ``doiId_s``, ``journalTitle_s``, ``journalIssn_s`` /
``journalEissn_s``, ``volume_s``, ``issue_s``, ``producedDateY_i`` /
``publicationDateY_i``, ``authFullName_s``, ``docType_s``, ``licence_s``, ``language_s``.
"""

from __future__ import annotations

import re
from typing import Any

from aligner.ingest.readable import markup_text
from aligner.ingest.structured import Article, Piece, normalise_language, year_of

NAME = "hal-json"
_LANG_FIELD = re.compile(r"^([a-z]{2})_(title|abstract|keyword)_s$")


def is_doc(value: Any) -> bool:
    return isinstance(value, dict) and any(
        key in value for key in ("halId_s", "docid", "uri_s")) or isinstance(value, dict) and any(
        _LANG_FIELD.match(key) for key in value)


def read(doc: dict[str, Any], pointer: str) -> Article:
    article = Article(layout=NAME, where=pointer)
    languages = _strings(doc.get("language_s"))
    article.language = normalise_language(languages[0]) if languages else ""
    article.record_id = _first(doc.get("halId_s")) or _first(doc.get("docid"))
    article.doi = _first(doc.get("doiId_s"))
    by_language = [(m.group(1), m.group(2), key) for key in doc
                   if (m := _LANG_FIELD.match(key))]
    for lang, kind, key in by_language:
        for index, value in enumerate(_strings(doc.get(key))):
            where = f"{pointer}/{key}/{index}"
            if kind == "title":
                article.titles.append(Piece(markup_text(value), lang, where))
            elif kind == "abstract":
                article.abstracts.append(Piece(markup_text(value), lang, where))
        if kind == "keyword":
            article.keywords.append((lang, _strings(doc.get(key))))
    if not any(kind == "abstract" for _, kind, _ in by_language):
        for index, value in enumerate(_strings(doc.get("abstract_s"))):
            article.abstracts.append(Piece(markup_text(value), "", f"{pointer}/abstract_s/{index}"))
    if not any(kind == "title" for _, kind, _ in by_language):
        for index, value in enumerate(_strings(doc.get("title_s"))):
            lang = article.language if index == 0 else ""
            article.titles.append(Piece(markup_text(value), lang, f"{pointer}/title_s/{index}"))
    if not any(kind == "keyword" for _, kind, _ in by_language) and doc.get("keyword_s"):
        article.keywords.append(("", _strings(doc.get("keyword_s"))))
    _main_title_first(article)
    article.journal = _first(doc.get("journalTitle_s"))
    article.issn = _strings(doc.get("journalIssn_s")) + _strings(doc.get("journalEissn_s"))
    article.volume = _first(doc.get("volume_s"))
    article.issue = _first(doc.get("issue_s"))
    article.year = year_of(doc.get("publicationDateY_i") or doc.get("producedDateY_i")
                           or _first(doc.get("publicationDate_s")))
    article.authors = _strings(doc.get("authFullName_s"))
    article.article_type = _first(doc.get("docType_s"))
    article.licence = _first(doc.get("licence_s"))
    return article


def _main_title_first(article: Article) -> None:
    main = [piece for piece in article.titles if piece.lang == article.language]
    if main and article.titles[0] is not main[0]:
        article.titles.remove(main[0])
        article.titles.insert(0, main[0])


def _strings(value: Any) -> list[str]:
    if isinstance(value, (str, int)):
        return [str(value)] if str(value).strip() else []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return []


def _first(value: Any) -> str | None:
    values = _strings(value)
    return values[0] if values else None
