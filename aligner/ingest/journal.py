"""Journals' own records (XML or JSON) -> ingested records, the format told by the content.

:func:`sniff` looks at the first bytes: XML (not an HTML page) or JSON; anything else
goes back to the page readers of :mod:`aligner.ingest.core`. An XML file is streamed:
its root element names the dialect (JATS, Érudit, TEI, OAI-PMH, Crossref deposit, PubMed,
OJS native), whose reader says which elements are records and reads each one as it ends.

Every outcome is reported, in document order: a record, or an :class:`Unrecognised` whose
``kind`` is the status (``malformed XML``, ``truncated XML``, ``unknown dialect``,
``empty record``, ``deleted record``, ``unreadable record``...) and whose reason says what
was wrong. A fault in the middle of a file keeps the records read before it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import IO, Any, Protocol

from lxml import etree

from aligner.ingest import crossref, crossref_xml, erudit_xml, hal, jats, oai, ojs, pubmed, tei
from aligner.ingest.jsonstream import JsonProblem, iter_array_items, iter_values
from aligner.ingest.model import IngestedRecord, Unrecognised
from aligner.ingest.structured import Article, Skipped, to_record
from aligner.ingest.xmlsafe import XmlProblem, iter_elements, local_name, namespace, open_xml

XML = "xml"
JSON = "json"
_HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_XML_START = re.compile(rb"^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<")
_JSON_START = re.compile(rb"^(\xef\xbb\xbf)?\s*[\[{]")


Outcome = IngestedRecord | Unrecognised


class RecordReader(Protocol):
    def is_record(self, element: etree._Element, depth: int) -> bool: ...

    def read(self, record: etree._Element, record_path: str) -> Any: ...


class RootRecord:
    """A dialect whose root element is the one record of the file (JATS, Érudit, OJS)."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module

    def is_record(self, element: etree._Element, depth: int) -> bool:
        return depth == 0

    def read(self, record: etree._Element, record_path: str) -> Article:
        return self.module.read(record, record_path)


# Dialects in the order they are tried on the root element; the first match reads the file.
DIALECTS: tuple[tuple[ModuleType, str], ...] = (
    (oai, "stream"),
    (erudit_xml, "root"),
    (ojs, "stream"),
    (jats, "root"),
    (tei, "stream"),
    (crossref_xml, "stream"),
    (pubmed, "stream"),
)
KNOWN = "JATS/NLM, Érudit XML, TEI (OpenEdition, HAL), OAI-PMH, Crossref deposit, PubMed, OJS"


def sniff(head: bytes) -> str | None:
    """``xml`` for an XML document that is not an HTML page, ``json`` for JSON, else None.

    An HTML page or fragment (``<p>...``, ``<!DOCTYPE html>``) goes to the page readers:
    the first element must not be an HTML one, and an ``<article>`` is JATS/Érudit/OJS only
    with an XML declaration, a namespace or a JATS ``<front>``."""
    if _JSON_START.match(head):
        return JSON
    if not _XML_START.match(head) or _HTML_MARKERS.search(head[:4096]):
        return None
    first = _FIRST_ELEMENT.search(head.lstrip(b"\xef\xbb\xbf"))
    name = first.group(1).lower() if first else b""
    if name in _HTML_ELEMENTS:
        return None
    if name == b"article" and not (head.lstrip().startswith((b"<?xml", b"\xef\xbb\xbf<?xml"))
                                   or b"xmlns" in head[:4096] or b"<front" in head):
        return None
    return XML


_FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w:.-]*)")
_HTML_ELEMENTS = frozenset([b"p", b"div", b"span", b"h1", b"h2", b"h3", b"h4", b"table",
                            b"ul", b"ol", b"section", b"main", b"meta", b"title", b"a", b"b",
                            b"i", b"em", b"strong", b"br", b"header", b"nav", b"form"])


def reader_for(root: etree._Element) -> RecordReader:
    """The reader of the dialect the root element names; ``unknown dialect`` otherwise."""
    for module, style in DIALECTS:
        if module.matches(root):
            return RootRecord(module) if style == "root" else module.Reader()
    ns = namespace(root)
    raise XmlProblem(
        "unknown dialect",
        f"root element <{local_name(root)}>{f' (namespace {ns})' if ns else ''} is not a "
        f"journal record format this tool reads ({KNOWN})",
    )


def ingest_xml(stream: IO[bytes], source_file: str) -> Iterator[Outcome]:
    """Every record of one XML file, streamed, in document order."""
    source = open_xml(stream)
    state: dict[str, RecordReader] = {}

    def on_root(root: etree._Element) -> None:
        state["reader"] = reader_for(root)

    def is_record(element: etree._Element, depth: int) -> bool:
        return state["reader"].is_record(element, depth)

    count = 0
    try:
        for element in iter_elements(source, is_record, on_root):
            count += 1
            path = _record_path(element, count)
            yield from _outcomes(state["reader"], element, path, source_file, source.notes)
    except XmlProblem as problem:
        where = f" after {count} record(s)" if count else ""
        yield Unrecognised(source_file, f"{problem}{where}", kind=problem.kind)
        return
    if count == 0:
        yield Unrecognised(source_file, "no article record in the file", kind="empty record")


def _record_path(element: etree._Element, position: int) -> str:
    """``/article`` for a root record, else ``//record[3]`` (the n-th record of the file)."""
    if element.getparent() is None:
        return "/" + local_name(element)
    return f"//{local_name(element)}[{position}]"


def _outcomes(reader: RecordReader, element: etree._Element, path: str, source_file: str,
              file_notes: list[str]) -> Iterator[Outcome]:
    try:
        found = reader.read(element, path)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        yield Unrecognised(source_file, f"record {path}: could not be read ({type(exc).__name__}:"
                           f" {exc})", kind="unreadable record")
        return
    for item in found if isinstance(found, list) else [found]:
        if isinstance(item, Skipped):
            yield Unrecognised(source_file, f"record {path}: {item.reason}", kind=item.kind)
        else:
            yield finish(item, source_file, file_notes)


def finish(article: Article, source_file: str, file_notes: list[str]) -> Outcome:
    """The record of an article, or ``empty record`` when it has no abstract at all."""
    article.notes[:0] = file_notes
    label = article.doi or article.record_id or article.where
    if not any(piece.text.strip() for piece in article.abstracts):
        title = f" (title: '{article.titles[0].text[:80]}')" if article.titles else ""
        return Unrecognised(source_file, f"record {label}: no abstract in any language{title}",
                            kind="empty record")
    record = to_record(article, source_file)
    if not record.id:
        record.id = Path(source_file).stem or source_file
    return record


def ingest_json(stream: IO[bytes], source_file: str) -> Iterator[Outcome]:
    """Every record of a Crossref or HAL JSON file (one document, an array, JSON Lines)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace")
    head = text.read(1 << 16)
    count = 0
    try:
        for pointer, value in _json_values(text, head):
            count += 1
            outcome = _json_outcome(value, pointer, source_file)
            if count == 1 and outcome is None:
                yield Unrecognised(source_file, f"not Crossref or HAL JSON: its first record "
                                   f"({pointer}) is {_shape(value)}", kind="unknown dialect")
                return
            yield outcome or Unrecognised(source_file, f"{pointer}: not a Crossref work or a "
                                          f"HAL document ({_shape(value)})",
                                          kind="unknown dialect")
    except JsonProblem as problem:
        where = f" after {count} record(s)" if count else ""
        yield Unrecognised(source_file, f"{problem}{where}", kind=problem.kind)
        return
    if count == 0:
        yield Unrecognised(source_file, "no record in the JSON file", kind="empty record")


def _json_values(text: IO[str], head: str) -> Iterator[tuple[str, Any]]:
    """(JSON pointer, record) pairs: a list page streamed item by item, else each value."""
    for key, pointer in (("items", "/message/items"), ("docs", "/response/docs")):
        if re.search(r'"' + key + r'"\s*:\s*\[', head) and (
                key == "items" and '"message' in head or key == "docs" and '"response"' in head):
            _, items = iter_array_items(text, head, key)
            for index, item in enumerate(items):
                yield f"{pointer}/{index}", item
            return
    for index, value in enumerate(iter_values(text, head)):
        if isinstance(value, dict) and isinstance(value.get("message"), dict):
            yield "/message", value["message"]
        else:
            yield f"/{index}", value


def _json_outcome(value: Any, pointer: str, source_file: str) -> Outcome | None:
    """The record of a Crossref work or HAL document; None for any other JSON value."""
    if crossref.is_work(value):
        return finish(crossref.read(value, pointer), source_file, [])
    if hal.is_doc(value):
        return finish(hal.read(value, pointer), source_file, [])
    return None


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "an object with keys " + ", ".join(list(value)[:6])
    return f"a JSON {type(value).__name__}"
