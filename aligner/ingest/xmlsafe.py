"""Read untrusted XML safely and turn its elements into the text a reader sees.

Journal records come from anywhere, so parsing must never reach the network or the disk
beyond the file itself, and never expand entities (XXE, "billion laughs"). lxml is used
with a hardened parser: no DTD loading, no network, no entity resolution, ``huge_tree``
off (libxml2's own limits on depth and text size stay on). A DOCTYPE naming an external
DTD (JATS files usually do) is harmless: the DTD is not read. Entities the file declares
itself are left unexpanded and named in a note.

Files are parsed as a stream (:func:`iter_elements`): every record element is handed over
when it ends and then cleared, so a 10,000-record OAI-PMH page is read in flat memory.

Encoding: the XML declaration is trusted only when the bytes agree with it. A file that
declares ISO-8859-1 but holds UTF-8 (or declares UTF-8 but holds Windows-1252) is read in
the encoding its bytes show, with a note; undecodable bytes become U+FFFD, never a crash.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

SNIFF_BYTES = 1 << 20
CHUNK = 1 << 16
_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*\?>", re.DOTALL)
_DECLARED_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s+%?\s*([\w.-]+)")
_NAMED_REFERENCE = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset([b"amp", b"lt", b"gt", b"quot", b"apos"])
UTF8_NAMES = frozenset(["utf-8", "utf8"])


class XmlProblem(Exception):
    """A file that cannot be read as XML; ``kind`` is its status, the message says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class XmlSource:
    """An opened XML stream plus what was noticed while opening it."""

    stream: IO[bytes]
    notes: list[str] = field(default_factory=list)


def hardened_parser_options() -> dict[str, bool]:
    """The lxml options that keep a parse local and bounded (shared by both parse paths)."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def parse_bytes(data: bytes) -> etree._Element:
    """A whole small document (a fragment, a test) parsed with the hardened options."""
    parser = etree.XMLParser(**hardened_parser_options())
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XmlProblem("malformed XML", f"not well-formed XML ({exc})") from exc


def open_xml(stream: IO[bytes]) -> XmlSource:
    """Wrap a byte stream so that lxml receives UTF-8 whatever the file declared.

    Only the first :data:`SNIFF_BYTES` are looked at to decide the encoding, so the file
    is never read whole; named HTML entities (``&eacute;``) that XML does not define are
    replaced by their characters on the way, with a note.
    """
    head = stream.read(SNIFF_BYTES)
    notes: list[str] = []
    encoding = _choose_encoding(head, notes)
    declared_entities = sorted({m.decode() for m in _ENTITY_DECLARATION.findall(head[:65536])})
    if declared_entities:
        notes.append(
            "the file declares entities in its DOCTYPE (" + ", ".join(declared_entities[:5])
            + "); they are not expanded (entity expansion is refused for safety)"
        )
    transcoder = _Transcoder(head, stream, encoding, notes)
    return XmlSource(transcoder, notes)


def _choose_encoding(head: bytes, notes: list[str]) -> str:
    """The declared encoding when the bytes agree, else UTF-8 or Windows-1252, with a note."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    match = _DECLARATION.match(head)
    declared_match = _DECLARED_ENCODING.search(match.group(0)) if match else None
    declared = declared_match.group(1).decode("ascii").lower() if declared_match else "utf-8"
    try:
        codecs.lookup(declared)
    except LookupError:
        notes.append(f"unknown encoding '{declared}' declared; read as UTF-8")
        declared = "utf-8"
    utf8_ok = _valid_utf8_prefix(head)
    if declared in UTF8_NAMES or declared.replace("_", "-") == "utf-8":
        if utf8_ok:
            return "utf-8"
        notes.append("declared UTF-8 but the bytes are not UTF-8; read as Windows-1252")
        return "cp1252"
    if declared.startswith("utf-16"):
        return declared
    if utf8_ok and re.search(rb"[\xc2-\xf4][\x80-\xbf]", head):
        notes.append(f"declared {declared} but the bytes are UTF-8; read as UTF-8")
        return "utf-8"
    return declared


def _valid_utf8_prefix(head: bytes) -> bool:
    """Whether ``head`` is UTF-8, allowing a multi-byte character cut at its end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


class _Transcoder:
    """A read()-able stream giving UTF-8 bytes, the XML declaration rewritten to say so."""

    def __init__(self, head: bytes, rest: IO[bytes], encoding: str, notes: list[str]) -> None:
        self._rest = rest
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._notes = notes
        self._buffer = b""
        self._pending = b""
        self._replaced_entities: set[str] = set()
        text = self._decoder.decode(head, final=False)
        first = self._fix_entities(_DECLARATION.sub(b"", text.encode("utf-8"), count=1))
        self._buffer = b'<?xml version="1.0" encoding="UTF-8"?>' + first
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        while not self._eof and (size < 0 or len(self._buffer) < size):
            chunk = self._rest.read(CHUNK)
            final = not chunk
            text = self._decoder.decode(chunk, final=final)
            self._buffer += self._fix_entities(text.encode("utf-8"), final=final)
            self._eof = final
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        if self._eof and not self._buffer and self._replaced_entities:
            names = ", ".join(sorted(self._replaced_entities)[:8])
            self._notes.append(f"HTML named entities decoded ({names}); XML does not define them")
            self._replaced_entities = set()
        return out

    def _fix_entities(self, data: bytes, final: bool = False) -> bytes:
        """Replace ``&eacute;``-style references XML lacks; a reference cut at the end of a
        chunk is kept for the next one."""
        data = self._pending + data
        self._pending = b""
        if not final:
            cut = data.rfind(b"&")
            if cut >= 0 and b";" not in data[cut:] and len(data) - cut < 40:
                data, self._pending = data[:cut], data[cut:]
        if b"&" not in data:
            return data
        return _NAMED_REFERENCE.sub(self._replace, data)

    def _replace(self, match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        character = html.entities.html5.get(name.decode() + ";")
        if character is None:
            return match.group(0)
        self._replaced_entities.add(name.decode())
        return character.encode("utf-8")


def iter_elements(
    source: XmlSource, is_record: Callable[[etree._Element, int], bool],
    on_root: Callable[[etree._Element], None] | None = None,
) -> Iterator[etree._Element]:
    """Each element for which ``is_record(element, depth)`` holds, when it ends; then cleared.

    ``on_root`` sees the root element as soon as it starts (to detect the dialect before
    any record). Raises :class:`XmlProblem` for malformed or truncated XML, after the
    records completed before the fault were yielded.
    """
    events = etree.iterparse(source.stream, events=("start", "end"), **hardened_parser_options())
    depth = 0
    try:
        for event, element in events:
            if event == "start":
                if depth == 0 and on_root is not None:
                    on_root(element)
                depth += 1
                continue
            depth -= 1
            if is_record(element, depth):
                yield element
                _release(element)
    except etree.XMLSyntaxError as exc:
        raise _classify_syntax_error(exc) from exc


def _release(element: etree._Element) -> None:
    """Free a handled record, the records before it and everything before its ancestors, so
    memory stays flat; the record's other earlier siblings stay (a Crossref deposit's
    ``journal_metadata`` precedes each of its ``journal_article`` elements)."""
    element.clear(keep_tail=True)
    node = element
    while node is not None:
        parent = node.getparent()
        if parent is None:
            break
        previous = node.getprevious()
        while previous is not None:
            earlier = previous.getprevious()
            if node is not element or previous.tag == element.tag:
                parent.remove(previous)
            previous = earlier
        node = parent


def _classify_syntax_error(exc: etree.XMLSyntaxError) -> XmlProblem:
    """Turn libxml2's message into a status a curator understands."""
    message = str(exc)
    lowered = message.lower()
    if any(marker in lowered for marker in TRUNCATION_MARKERS):
        return XmlProblem("truncated XML", f"the file ends before its XML is complete ({message})")
    if "document is empty" in lowered or "start tag expected" in lowered:
        return XmlProblem("malformed XML", f"no XML element found ({message})")
    if "entity" in lowered and ("loop" in lowered or "amplification" in lowered):
        return XmlProblem("unsafe XML", f"entity expansion refused ({message})")
    return XmlProblem("malformed XML", f"not well-formed XML ({message})")


TRUNCATION_MARKERS = ("premature end", "end of data", "not closed", "eoferror", "unexpected end")


def local_name(element: etree._Element) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def lang_of(element: etree._Element, *names: str) -> str | None:
    """``xml:lang`` or the first of ``names`` (``lang``, ``locale``...) set on the element."""
    for name in (XML_LANG, *names):
        value = element.get(name)
        if value:
            return value.strip()
    return None


def xpath_of(element: etree._Element, record: etree._Element, record_path: str) -> str:
    """A readable path to ``element`` (local names, 1-based positions among same-name
    siblings) below ``record``, which is at ``record_path``; namespaces are left out.

    Paths are relative to the record because earlier records of a stream are freed,
    which would shift absolute positions."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and node is not record:
        name = local_name(node)
        parent = node.getparent()
        if parent is None:
            break
        same = [child for child in parent if local_name(child) == name]
        steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/".join([record_path, *reversed(steps)])


def children(element: etree._Element, *names: str) -> list[etree._Element]:
    """Direct children with one of these local names."""
    return [child for child in element if local_name(child) in names]


def first(element: etree._Element | None, *path: str) -> etree._Element | None:
    """The first descendant reached through these local names, one step per name."""
    node = element
    for name in path:
        if node is None:
            return None
        node = next((child for child in node if local_name(child) == name), None)
    return node


def descendants(element: etree._Element, *names: str) -> list[etree._Element]:
    """All descendants with one of these local names, in document order."""
    wanted = set(names)
    return [node for node in element.iter() if local_name(node) in wanted]


def either(*elements: etree._Element | None) -> etree._Element | None:
    """The first element that is not None (``a or b`` would test lxml's child count)."""
    return next((element for element in elements if element is not None), None)


def text_of(element: etree._Element | None) -> str:
    """All the element's characters, whitespace collapsed; '' for None."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
