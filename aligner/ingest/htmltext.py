"""HTML pages to plain text, plus the bibliographic ``<meta>`` tags journal sites publish.

Journal platforms (OJS, Érudit, most publishers) describe each article in ``<meta>`` tags
for Google Scholar (``citation_*``) and Dublin Core (``DC.*``, ``dcterms.*``); OJS even puts
every abstract there, each with its ``xml:lang``. Those tags are cleaner than the page body,
so they are read first; the body becomes text with one paragraph per block element, with
scripts, styles, navigation and forms left out and entities decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose content is never article text.
SKIPPED = frozenset(
    ["script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button",
     "select", "iframe", "aside"]
)
# Elements that end a paragraph.
BLOCKS = frozenset(
    ["p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
     "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "blockquote", "pre",
     "figure", "figcaption", "hr", "body", "title", "address", "details", "summary"]
)
_VOID = frozenset(["br", "hr", "meta", "link", "img", "input", "area", "base", "col", "embed",
                   "source", "track", "wbr"])
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:p|div|body|meta|span|br|a)\b[^>]*>", re.IGNORECASE)
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

# Meta names (lower case) -> field. Abstract tags become candidates with their language.
TITLE_TAGS = ("citation_title", "dc.title", "dcterms.title", "og:title")
DOI_TAGS = ("citation_doi", "dc.identifier", "dc.identifier.doi", "dcterms.identifier",
            "prism.doi", "bepress_citation_doi")
AUTHOR_TAGS = ("citation_author", "dc.creator", "dc.creator.personalname", "dcterms.creator")
JOURNAL_TAGS = ("citation_journal_title", "dc.source", "dc.relation.ispartof",
                "prism.publicationname", "dcterms.ispartof")
DATE_TAGS = ("citation_publication_date", "citation_date", "citation_online_date",
             "citation_year", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.date",
             "prism.publicationdate")
KEYWORD_TAGS = ("citation_keywords", "dc.subject", "keywords", "dcterms.subject")
ABSTRACT_TAGS = ("citation_abstract", "dc.description", "dcterms.abstract",
                 "dcterms.description", "dc.description.abstract")


@dataclass
class MetaTag:
    """One ``<meta>`` tag: lower-cased name, content, and language attribute if any."""

    name: str
    content: str
    lang: str | None = None


@dataclass
class HtmlPage:
    """The visible text of a page (paragraphs separated by blank lines) and its meta tags."""

    text: str
    title: str | None = None
    meta: list[MetaTag] = field(default_factory=list)

    def values(self, names: tuple[str, ...]) -> list[str]:
        """Contents of the tags with one of ``names``, in the order of ``names``."""
        return [tag.content for name in names for tag in self.meta if tag.name == name]

    def first(self, names: tuple[str, ...]) -> str | None:
        """The first non-blank content among tags named ``names``."""
        return next((value for value in self.values(names) if value.strip()), None)

    def abstracts(self) -> list[MetaTag]:
        """Abstract tags (citation_abstract, DC.description...), in page order."""
        return [tag for tag in self.meta if tag.name in ABSTRACT_TAGS and tag.content.strip()]


def looks_like_html(text: str, suffix: str = "") -> bool:
    """True for an HTML file: by suffix, a doctype/html start, or several common tags."""
    if suffix.lower() in HTML_SUFFIXES:
        return True
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


def parse_html(markup: str) -> HtmlPage:
    """Visible text and meta tags of an HTML document (entities decoded)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return HtmlPage(text=parser.text(), title=parser.title, meta=parser.meta)


class _TextExtractor(HTMLParser):
    """Collects text outside skipped elements, breaking paragraphs at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[MetaTag] = []
        self.title: str | None = None
        self._chunks: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._read_meta(dict(attrs))
            return
        if tag == "title":
            self._in_title = True
        if tag in SKIPPED and tag not in _VOID:
            self._skip_depth += 1
        if tag == "br":
            self._chunks.append("\n")
        elif tag in BLOCKS:
            self._chunks.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._read_meta(dict(attrs))
        elif tag == "br":
            self._chunks.append("\n")
        elif tag in BLOCKS:
            self._chunks.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            self.title = " ".join("".join(self._title_parts).split()) or None
        if tag in SKIPPED and self._skip_depth:
            self._skip_depth -= 1
        if tag in BLOCKS:
            self._chunks.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        elif not self._skip_depth:
            # Newlines in the markup are layout of the source, not of the text.
            self._chunks.append(re.sub(r"\s+", " ", data))

    def _read_meta(self, attrs: dict[str, str | None]) -> None:
        name = attrs.get("name") or attrs.get("property") or ""
        content = attrs.get("content")
        if name and content is not None:
            lang = attrs.get("xml:lang") or attrs.get("lang")
            self.meta.append(MetaTag(name.strip().lower(), " ".join(content.split()), lang))

    def text(self) -> str:
        """Visible text: spaces collapsed, ``<br>`` kept as a line end, blocks blank-separated."""
        raw = "".join(self._chunks)
        blocks = []
        for block in re.split(r"\n[ \t\r\f\v]*\n", raw):
            kept = [" ".join(line.split()) for line in block.split("\n")]
            blocks.append("\n".join(line for line in kept if line))
        return "\n\n".join(block for block in blocks if block)
