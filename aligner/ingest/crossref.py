"""Crossref REST API JSON: one work (``message-type: work``), a ``work-list`` page
(``message.items``), a bare work, a JSON array of works, or JSON Lines of works.

Fields (Crossref REST API "work" schema): ``DOI``, ``title`` / ``original-title`` /
``subtitle`` (lists), ``abstract`` (a JATS fragment: ``<jats:p>``, ``<jats:sec>``...,
read as a reader sees it; several ``<jats:abstract xml:lang>`` in one string are read as
separate abstracts), ``container-title``, ``ISSN``, ``volume``, ``issue``, ``issued``
(``date-parts``), ``author`` (``given``, ``family`` or ``name``), ``type``, ``license``,
``language``. Each abstract's ``where`` is a JSON pointer (RFC 6901) into the file.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from aligner.ingest.readable import block_text, markup_text
from aligner.ingest.structured import Article, Piece, normalise_language, year_of
from aligner.ingest.xmlsafe import lang_of, local_name

NAME = "crossref-json"
_ABSTRACT_OPEN = re.compile(r"<(jats:)?abstract\b", re.IGNORECASE)
DATE_KEYS = ("issued", "published-print", "published-online", "published", "created")


def is_work(value: Any) -> bool:
    return isinstance(value, dict) and "DOI" in value and ("title" in value or "type" in value)


def read(work: dict[str, Any], pointer: str) -> Article:
    article = Article(layout=NAME, where=pointer)
    article.language = normalise_language(work.get("language"))
    article.doi = work.get("DOI")
    for key in ("title", "original-title"):
        for index, title in enumerate(_strings(work.get(key))):
            text = markup_text(title)
            if text:
                lang = article.language if key == "title" else ""
                article.titles.append(Piece(text, lang, f"{pointer}/{key}/{index}"))
    abstract = work.get("abstract")
    if isinstance(abstract, str) and abstract.strip():
        article.abstracts.extend(abstract_pieces(abstract, f"{pointer}/abstract"))
    article.journal = next(iter(_strings(work.get("container-title"))), None)
    article.issn = _strings(work.get("ISSN"))
    article.volume = _string(work.get("volume"))
    article.issue = _string(work.get("issue"))
    article.year = next((year_of(_date_parts(work.get(key))) for key in DATE_KEYS
                         if _date_parts(work.get(key))), None)
    article.authors = [_person(author) for author in work.get("author") or []
                       if isinstance(author, dict)]
    article.authors = [name for name in article.authors if name]
    article.article_type = _string(work.get("type"))
    licences = [item.get("URL") for item in work.get("license") or [] if isinstance(item, dict)]
    article.licence = next((url for url in licences if url), None)
    return article


def abstract_pieces(fragment: str, pointer: str) -> list[Piece]:
    """One piece per ``<jats:abstract>`` in the string, else the whole string as one."""
    if len(_ABSTRACT_OPEN.findall(fragment)) < 2:
        match = re.search(r'xml:lang="([^"]+)"', fragment[:300])
        return [Piece(markup_text(fragment), normalise_language(match.group(1)) if match
                      else "", pointer)]
    cleaned = re.sub(r"<(/?)[A-Za-z][\w.-]*:", r"<\1", fragment)
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    pieces: list[Piece] = []
    for index, node in enumerate(n for n in root.iter() if local_name(n) == "abstract"):
        lang = normalise_language(node.get("xml:lang") or lang_of(node, "lang"))
        pieces.append(Piece(block_text(node), lang, f"{pointer} (abstract {index + 1})"))
    return pieces


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _string(value: Any) -> str | None:
    return (str(value).strip() or None) if value not in (None, "") else None


def _date_parts(value: Any) -> str:
    if isinstance(value, dict):
        parts = value.get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0]:
            return str(parts[0][0])
    return ""


def _person(author: dict[str, Any]) -> str:
    name = " ".join(str(author.get(key) or "").strip() for key in ("given", "family")).strip()
    return name or str(author.get("name") or "").strip()

