"""Turn raw files into ingested records: read, pick a layout, merge metadata, assign sides.

Flow for one file: bytes -> text (encoding repaired) -> HTML to text + meta tags when the
file is HTML -> the first layout whose markers match (Érudit, citation index, publisher;
the generic fallback otherwise) parses metadata and candidate paragraphs -> candidates are
assigned to ``en``/``fr`` by language (:mod:`aligner.ingest.assign`). A file that yields
no record is returned as :class:`Unrecognised` with the reason, never dropped silently.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

from aligner.ingest import citation_index, erudit, generic, journal, publisher, sources
from aligner.ingest.assign import Assignment, assign_by_language
from aligner.ingest.htmltext import (
    ABSTRACT_TAGS,
    AUTHOR_TAGS,
    DATE_TAGS,
    DOI_TAGS,
    JOURNAL_TAGS,
    KEYWORD_TAGS,
    TITLE_TAGS,
    HtmlPage,
    looks_like_html,
    parse_html,
)
from aligner.ingest.language import ENGLISH, FRENCH, paragraph_language
from aligner.ingest.mixed import split_mixed
from aligner.ingest.model import Candidate, IngestedRecord, ParsedPage, Unrecognised
from aligner.ingest.text import (
    clean_doi,
    find_year,
    is_prose,
    normalise_text,
    paragraphs,
    split_keywords,
)

# Site layouts, most specific first; the generic fallback is tried last.
LAYOUTS: tuple[ModuleType, ...] = (erudit, citation_index, publisher)
ID_SOURCES = ("doi", "file")
STDIN = sources.STDIN
BINARY_SNIFF = 8192


def ingest_paths(
    paths: Iterable[str], id_from: str = "doi"
) -> Iterator[IngestedRecord | Unrecognised]:
    """Ingest every file (directories and archives expanded), in order, giving each record a
    unique id. A journal's XML or JSON file gives one record per article."""
    if id_from not in ID_SOURCES:
        raise ValueError(f"id_from must be one of {ID_SOURCES}, not {id_from!r}")
    ids = _UniqueIds()
    for item in sources.expand(paths):
        if isinstance(item, Unrecognised):
            yield item
            continue
        for outcome in ingest_source(item):
            if isinstance(outcome, IngestedRecord):
                if id_from == "file":
                    outcome.id = file_id(outcome.source_file)
                ids.make_unique(outcome)
            yield outcome


def ingest_source(source: sources.Source) -> Iterator[IngestedRecord | Unrecognised]:
    """The records of one source: a journal's XML/JSON (streamed) or one raw page."""
    try:
        stream = source.open()
    except OSError as exc:
        yield Unrecognised(source.name, f"cannot read ({exc.strerror or exc})")
        return
    try:
        head = stream.read(BINARY_SNIFF)
        kind = journal.sniff(head)
        if kind == journal.XML:
            yield from journal.ingest_xml(sources.Prefixed(head, stream), source.name)
        elif kind == journal.JSON:
            yield from journal.ingest_json(sources.Prefixed(head, stream), source.name)
        else:
            yield ingest_bytes(head + stream.read(), source.name)
    except OSError as exc:
        yield Unrecognised(source.name, f"cannot read ({exc.strerror or exc})")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def ingest_file(path: str) -> IngestedRecord | Unrecognised:
    """The record of one file (a raw page or a journal's one-article record), or the reason
    it gives none.

    The format is told by the content, as in ``aligner ingest``: JATS, Érudit XML, TEI,
    Crossref or HAL JSON holding one article give that article; a raw page (text, HTML)
    gives its record. A file holding several articles (an OAI-PMH page, a PubMed set) is
    not one record: the answer is :class:`Unrecognised` saying how many it holds, and
    :func:`ingest_paths` reads them all. ``-`` is standard input; its ``source_file`` is
    ``stdin``, which is also its id when the page has no DOI.
    """
    if path == STDIN:
        source = sources.Source("stdin", lambda: sys.stdin.buffer)
    elif not Path(path).is_file():
        return Unrecognised(path, "not a file" if Path(path).exists() else "no such file")
    else:
        source = sources.Source(path, lambda: open(path, "rb"))  # noqa: SIM115 - closed by reader
    outcomes = list(ingest_source(source))
    records = [outcome for outcome in outcomes if isinstance(outcome, IngestedRecord)]
    if len(records) > 1:
        return Unrecognised(source.name, f"holds {len(records)} records, not one: read it with "
                                         "ingest_paths() or `aligner ingest`")
    if records:
        return records[0]
    return outcomes[0] if outcomes else Unrecognised(source.name, "no record found")


def ingest_bytes(data: bytes, source_file: str) -> IngestedRecord | Unrecognised:
    """One record from the bytes of a raw page; ``source_file`` names it in the output."""
    if b"\x00" in data[:BINARY_SNIFF]:
        return Unrecognised(source_file, "binary file (contains NUL bytes), not text or HTML")
    text, notes = _decode(data)
    if not text.strip():
        return Unrecognised(source_file, "empty file")
    return ingest_text(text, source_file, notes)


def ingest_text(
    text: str, source_file: str, notes: list[str] | None = None
) -> IngestedRecord | Unrecognised:
    """One record from the text of a raw page (plain text or HTML)."""
    notes = list(notes or [])
    text, repair_notes = normalise_text(text)
    notes.extend(repair_notes)
    html_page = None
    if looks_like_html(text, Path(source_file).suffix):
        html_page = parse_html(text)
        text = html_page.text
        notes.append("read as HTML: tags, scripts and styles removed, entities decoded")
    layout = next((module for module in LAYOUTS if module.matches(text)), generic)
    page = layout.parse(text)
    candidates = page.candidates
    if html_page is not None:
        candidates = _merge_html(page, html_page, notes)
    if layout is generic and not _has_english_or_french(candidates):
        return Unrecognised(source_file, _unrecognised_reason(text, candidates))
    assignment = _assign_sides(candidates, notes)
    _title_by_language(page)
    return IngestedRecord(
        id=page.doi or file_id(source_file),
        page=page,
        en=assignment.en,
        fr=assignment.fr,
        source_file=source_file,
        notes=notes + page.notes + assignment.notes,
        warnings=assignment.warnings,
    )


def _title_by_language(page: ParsedPage) -> None:
    """A page's one title goes to ``title_en`` or ``title_fr`` when its language is clear."""
    if page.title:
        language = paragraph_language(page.title)
        if language.lang == ENGLISH:
            page.title_en = page.title
        elif language.lang == FRENCH:
            page.title_fr = page.title


def _assign_sides(candidates: list[Candidate], notes: list[str]) -> Assignment:
    """Sides by language; when one is empty, retry with two-language paragraphs cut in two."""
    assignment = assign_by_language(candidates)
    if assignment.en and assignment.fr:
        return assignment
    split_notes: list[str] = []
    split = split_mixed(candidates, split_notes)
    if not split_notes:
        return assignment
    notes.extend(split_notes)
    return assign_by_language(split)


def _decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (BOM skipped); else the charset an HTML page declares; else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["cp1252"]:
        try:
            return data.decode(encoding), [f"not UTF-8; decoded as {encoding}"]
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace"), ["not UTF-8; undecodable bytes replaced"]


def _merge_html(page: ParsedPage, html_page: HtmlPage, notes: list[str]) -> list[Candidate]:
    """Fill metadata from meta tags (preferred: they are structured) and add meta abstracts.

    Abstracts from meta tags come first, each its own block; body paragraphs repeating one
    of them are dropped, so the page body only fills a side the tags lack.
    """
    page.title = html_page.first(TITLE_TAGS) or page.title or html_page.title
    dois = [clean_doi(value) for value in html_page.values(DOI_TAGS)]
    page.doi = next((doi for doi in dois if doi), page.doi)
    page.authors = html_page.values(AUTHOR_TAGS[:1]) or html_page.values(AUTHOR_TAGS[1:]) or (
        page.authors
    )
    page.journal = html_page.first(JOURNAL_TAGS) or page.journal
    dates = [find_year(value) for value in html_page.values(DATE_TAGS)]
    page.year = next((year for year in dates if year), page.year)
    keywords = [kw for value in html_page.values(KEYWORD_TAGS) for kw in split_keywords(value)]
    page.keywords = list(dict.fromkeys(keywords)) or page.keywords
    meta_abstracts = _meta_candidates(html_page)
    if not meta_abstracts:
        return page.candidates
    notes.append(f"{len(meta_abstracts)} abstract(s) read from the page's meta tags")
    seen = {_fingerprint(c.text) for c in meta_abstracts}
    offset = 2 * len(meta_abstracts)
    body = [
        Candidate(c.text, c.position + offset, c.slot, c.origin)
        for c in page.candidates
        if _fingerprint(c.text) not in seen
    ]
    return meta_abstracts + body


def _meta_candidates(html_page: HtmlPage) -> list[Candidate]:
    """One candidate per distinct abstract meta tag, slotted by its language attribute."""
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for tag in html_page.abstracts():
        if tag.name not in ABSTRACT_TAGS or _fingerprint(tag.content) in seen:
            continue
        seen.add(_fingerprint(tag.content))
        lang = (tag.lang or "").split("-")[0].lower()
        slot = lang if lang in (ENGLISH, FRENCH) else None
        candidates.append(
            Candidate(tag.content, 2 * len(candidates), slot, f"meta tag {tag.name}")
        )
    return candidates


def _fingerprint(text: str) -> str:
    """The first 80 letters of a text, lower-cased: equal for the same abstract."""
    return re.sub(r"\W+", "", text.lower())[:80]


def _has_english_or_french(candidates: list[Candidate]) -> bool:
    return any(paragraph_language(c.text).lang in (ENGLISH, FRENCH) for c in candidates)


def _unrecognised_reason(text: str, candidates: list[Candidate]) -> str:
    """Why the generic fallback found nothing: no prose at all, or prose in other languages."""
    if not candidates:
        count = len(paragraphs(text))
        prose = sum(1 for p in paragraphs(text) if is_prose(p))
        return (
            f"no known layout (Érudit, citation index, publisher) and no abstract-like "
            f"paragraph ({count} paragraph(s), {prose} of prose)"
        )
    found = Counter(paragraph_language(c.text).name for c in candidates)
    listed = ", ".join(f"{name}: {n}" for name, n in found.most_common())
    return f"no known layout and no English or French paragraph (prose found in {listed})"


def file_id(source_file: str) -> str:
    """The file name without its suffix: the id of a record without a DOI."""
    return Path(source_file).stem or source_file


class _UniqueIds:
    """Ids are the DOI when known (stable across re-scrapes, meaningful to an editor), else
    the file name without its suffix; a repeat gets ``#2``, ``#3``... and a note, because
    review decisions are attached to ids."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def make_unique(self, record: IngestedRecord) -> None:
        base = record.id
        self.seen[base] += 1
        if self.seen[base] > 1:
            record.id = f"{base}#{self.seen[base]}"
            self.seen[record.id] += 1
            record.notes.append(
                f"id '{base}' already used by an earlier file; this record is '{record.id}'"
            )
