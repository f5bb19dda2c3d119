"""The text a reader sees in a record's XML: tags removed, paragraphs kept, notes dropped.

Rules, shared by every XML dialect (a linguist reading the rendered page would agree):

- paragraphs (``p``, ``alinea``, ``AbstractText``...) are kept, joined by a blank line;
- inline markup (italic, bold, sub/sup, small caps, links) becomes its text, with no
  space added, so ``CO<sub>2</sub>`` reads ``CO2``; a line break reads as a space;
- note calls (JATS ``xref ref-type="fn"``, Érudit ``renvoi``, TEI ``note``) are dropped,
  as are footnotes: they are not part of the abstract a reader reads;
- mathematics reads as its ``alttext`` when the file gives one, else as its characters;
  where ``<alternatives>`` offers several renderings, the first is read;
- a structured abstract's section title becomes a lead-in, ``Background: ...``, as
  PubMed shows it; a heading that only says "Abstract" / "Résumé" is dropped;
- spaces and line breaks are collapsed to one space, but a no-break space is kept
  (French typography puts one before ``:`` and inside guillemets).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from aligner.ingest.xmlsafe import local_name

BLOCKS = frozenset(["p", "alinea", "para", "AbstractText", "list-item", "item", "disp-quote",
                    "ab", "statement", "verse-line"])
SECTIONS = frozenset(["sec", "div", "section", "div1", "div2"])
HEADINGS = frozenset(["title", "head", "titre", "label"])
DROPPED = frozenset(["renvoi", "note", "fn", "fn-group", "notefin", "notebr", "ref-list",
                     "object-id", "permissions", "alt-text", "long-desc",
                     "CopyrightInformation"])
MATH = frozenset(["math", "inline-formula", "disp-formula", "tex-math", "formula"])
BREAKS = frozenset(["break", "lb", "br"])
NOTE_CALL_TYPES = frozenset(["fn", "table-fn", "note"])
HEADING_WORDS = frozenset([
    "abstract", "abstracts", "summary", "résumé", "resume", "résumés", "sommaire", "resumen",
    "resumo", "synopsis", "abstract:", "résumé :", "résumé:", "english abstract",
    "french abstract", "résumé en français", "résumé en anglais",
])
_SPACES = re.compile(r"[ \t\r\n]+")
_SPACE_BEFORE_PUNCT = re.compile(r" ([,.;)])")


def clean(text: str) -> str:
    """Collapse ordinary whitespace (not no-break spaces) and trim."""
    return _SPACES.sub(" ", text).strip(" \t\r\n")


def inline_text(element: etree._Element) -> str:
    """The element's text, inline markup flattened, note calls dropped, whitespace collapsed."""
    parts: list[str] = []
    _collect(element, parts, top=True)
    return clean("".join(parts))


def _collect(element: etree._Element, parts: list[str], top: bool = False) -> None:
    name = local_name(element)
    if not top and _is_dropped(element, name):
        _tail(element, parts)
        return
    if not isinstance(element.tag, str):  # an unexpanded entity: keep it visible
        if isinstance(element, etree._Entity):
            parts.append(element.text or "")
        _tail(element, parts)
        return
    if name in MATH and not top:
        parts.append(_math_text(element))
        _tail(element, parts)
        return
    if name in BREAKS:
        parts.append(" ")
    if name == "alternatives" and len(element):
        _collect(element[0], parts)
        _tail(element, parts)
        return
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
    if not top:
        _tail(element, parts)


def _tail(element: etree._Element, parts: list[str]) -> None:
    if element.tail:
        parts.append(element.tail)


def _is_dropped(element: etree._Element, name: str) -> bool:
    if name in DROPPED:
        return True
    if name == "xref":
        return (element.get("ref-type") or "") in NOTE_CALL_TYPES
    if name == "ref":  # TEI <ref type="note"> and <ref target="#ftn1"> note calls
        return (element.get("type") or "") == "note" or (element.get("target") or "").startswith(
            ("#ftn", "#note", "#fn"))
    return False


def _math_text(element: etree._Element) -> str:
    """A formula as text: its alttext, else the characters of its first rendering."""
    alttext = element.get("alttext")
    if alttext:
        return alttext
    for node in element.iter():
        if local_name(node) == "math" and node.get("alttext"):
            return node.get("alttext") or ""
    maths = [node for node in element.iter() if local_name(node) == "math"]
    target = maths[0] if maths else element
    return "".join(target.itertext())


def paragraphs(element: etree._Element) -> list[str]:
    """The element's paragraphs as a reader sees them (see the module docstring)."""
    found: list[str] = []
    _paragraphs_into(element, found, lead="", depth=0)
    found = [text for text in found if text]
    while found and found[0].lower().strip(" :.\u00a0") in HEADING_WORDS:
        found.pop(0)
    return found


def _paragraphs_into(element: etree._Element, found: list[str], lead: str, depth: int) -> str:
    """Append the paragraphs under ``element``; ``lead`` (a section title) prefixes the first.

    Returns the lead still unused (a section title followed by no paragraph)."""
    if not any(_is_block_or_section(child) for child in element):
        text = inline_text(element)
        if text:
            found.append(_with_lead(lead, text))
            return ""
        return lead
    if element.text and element.text.strip():
        found.append(_with_lead(lead, clean(element.text)))
        lead = ""
    for child in element:
        name = local_name(child)
        if _is_dropped(child, name) or not isinstance(child.tag, str):
            continue
        if name in HEADINGS:
            heading = inline_text(child)
            if depth > 0 and heading.lower().strip(" :.\u00a0") not in HEADING_WORDS:
                lead = heading
            continue
        if name in SECTIONS:
            lead = _paragraphs_into(child, found, lead, depth + 1)
        elif name in BLOCKS or name == "list":
            label = child.get("Label") or child.get("label") if name == "AbstractText" else None
            lead = _paragraphs_into(child, found, _join_leads(lead, label), depth + 1)
        else:
            text = inline_text(child)
            if text:
                found.append(_with_lead(lead, text))
                lead = ""
    return lead


def _is_block_or_section(element: etree._Element) -> bool:
    name = local_name(element)
    return name in BLOCKS or name in SECTIONS or name == "list" or name in HEADINGS


def _join_leads(lead: str, label: str | None) -> str:
    if not label:
        return lead
    label = clean(label)
    label = label[:1].upper() + label[1:].lower() if label.isupper() else label
    return f"{lead} {label}".strip() if lead else label


def _with_lead(lead: str, text: str) -> str:
    if not lead:
        return text
    separator = " " if lead.endswith((":", ".", "?")) else ": "
    return f"{lead}{separator}{text}"


def block_text(element: etree._Element) -> str:
    """The element's paragraphs joined by a blank line."""
    return "\n\n".join(paragraphs(element))


def markup_text(value: str) -> str:
    """An abstract given as a string that may hold HTML or JATS markup (OJS, Crossref, HAL
    JSON) as the reader sees it; plain text is only whitespace-normalised per paragraph.

    The markup is read with lxml's HTML parser, which expands no DTD entity and fetches
    nothing; a ``jats:`` prefix is ignored like any namespace (elements match by local name).
    """
    if "<" not in value and "&" not in value:
        return "\n\n".join(clean(part) for part in re.split(r"\n\s*\n", value) if clean(part))
    fragment = re.sub(r"<(/?)[A-Za-z][\w.-]*:", r"<\1", value)  # <jats:p> -> <p>
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean(re.sub(r"<[^>]+>", " ", value))
    return block_text(root)
