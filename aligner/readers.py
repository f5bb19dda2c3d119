"""Read input records from JSONL, CSV/TSV, a pair of plain-text files, or journals' records.

Journals' own files (JATS, Érudit, TEI, OAI-PMH, Crossref, HAL, PubMed, OJS: XML or JSON,
told by their content), directories and .zip / .tar.gz archives are read through
:mod:`aligner.ingest` (one record per article, as ``aligner ingest`` writes it); a file or
record ingest cannot read becomes a record with ``problem`` set, so ``check`` reports it.

Readers only turn bytes into :class:`~aligner.records.InputRecord` objects; they never
judge the content. A line that cannot be parsed still yields a record (with ``problem``
set) so that the output keeps one record per input record, in order. Only a file that
cannot be read at all raises :class:`~aligner.errors.InputError`.

Records are streamed: nothing holds a whole file in memory. Bytes become text in
:mod:`aligner.decoding` (byte-order marks, lines that are not UTF-8, over-long lines), which
says per line what it repaired; those notes travel on the record.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from aligner.decoding import MAX_LINE_BYTES, DecodedLine, decoded_lines, read_text, sniff_encoding
from aligner.errors import InputError
from aligner.records import InputRecord

REQUIRED_COLUMNS = ("id", "en", "fr")
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
TSV_SUFFIXES = {".tsv", ".tab"}
JOURNAL = "journal"

# csv's default field limit (128 KiB) is below a long abstract; a line's limit is ample.
csv.field_size_limit(MAX_LINE_BYTES)


def read_records(paths: Iterable[str]) -> Iterator[InputRecord]:
    """Yield the records of every input, in order. ``-`` reads JSONL from standard input."""
    for path in paths:
        yield from read_file(path)


def read_file(path: str) -> Iterator[InputRecord]:
    """Yield the records of one JSONL, CSV or TSV file, chosen by suffix or by content; a
    journal's XML/JSON file, a directory or an archive is ingested first."""
    if path == "-":
        from aligner.ingest.sources import Prefixed, Source

        head = sys.stdin.buffer.read(8192)
        rest = Prefixed(head, sys.stdin.buffer)
        if _journal_content(head):
            yield from _read_journal([Source("stdin", lambda: rest)])
            return
        yield from _read_jsonl(decoded_lines(io.BufferedReader(rest)), "<stdin>")
        return
    file_format = detect_format(path)
    if file_format == JOURNAL:
        yield from _read_journal([path])
        return
    with _open_text(path) as stream:
        lines = decoded_lines(stream.buffer)
        if file_format == "jsonl":
            yield from _read_jsonl(lines, path)
        else:
            yield from _read_delimited(lines, path, "\t" if file_format == "tsv" else ",")


def _journal_content(head: bytes) -> bool:
    """Whether these first bytes are a journal's XML or JSON rather than contract JSONL."""
    from aligner.ingest.journal import JSON, XML, sniff

    kind = sniff(head)
    if kind == XML:
        return True
    if kind != JSON:
        return False
    first_line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        value = json.loads(first_line)
    except ValueError:  # a pretty-printed document: a Crossref or HAL answer?
        return any(key in head for key in (b'"message-type"', b'"response"', b'"DOI"'))
    return _journal_json(value)


def _journal_json(value: Any) -> bool:
    """A Crossref answer or work, or a HAL answer or document (not a contract record)."""
    from aligner.ingest import crossref, hal

    if isinstance(value, list):
        return bool(value) and _journal_json(value[0])
    if not isinstance(value, dict):
        return False
    if "message-type" in value or isinstance(value.get("response"), dict):
        return True
    return crossref.is_work(value) or (hal.is_doc(value) and "en" not in value)


def _read_journal(paths: list[Any]) -> Iterator[InputRecord]:
    """Records of journals' files (paths, or an ingest ``Source``) through ``aligner
    ingest``; a file or record it cannot read becomes a record with ``problem`` set."""
    from aligner.ingest.core import file_id, ingest_paths, ingest_source
    from aligner.ingest.model import IngestedRecord

    if paths and not isinstance(paths[0], str):
        found: Iterator[Any] = (o for source in paths for o in ingest_source(source))
    else:
        found = ingest_paths(paths)
    for index, outcome in enumerate(found, start=1):
        if isinstance(outcome, IngestedRecord):
            yield _record_from_mapping(outcome.to_dict(), outcome.source_file, index)
            continue
        yield InputRecord(
            id=file_id(outcome.source_file), en=None, fr=None, source=outcome.source_file,
            line=index, meta={"source_file": outcome.source_file, "ingest_status": outcome.kind},
            problem=f"{outcome.source_file}: {outcome.kind}: {outcome.reason}",
        )


def read_text_pair(en_path: str, fr_path: str, record_id: str | None = None) -> InputRecord:
    """One record from two plain-text files: the English and the French abstract."""
    texts, notes = [], []
    for side, path in (("en", en_path), ("fr", fr_path)):
        with _open_text(path) as stream:
            text, repairs = read_text(stream.buffer)
        texts.append(text)
        notes.extend(f"{side} file {path}, {repair}" for repair in repairs)
    return InputRecord(
        id=record_id or Path(en_path).stem,
        en=texts[0],
        fr=texts[1],
        meta={"en_file": en_path, "fr_file": fr_path},
        source=en_path,
        line=1,
        notes=notes,
    )


def detect_format(path: str) -> str:
    """``jsonl``, ``csv``, ``tsv``, or ``journal`` (a journal's XML/JSON, a directory, an
    archive) from the content first, else the suffix, else the first character."""
    from aligner.ingest.sources import is_archive

    if Path(path).is_dir() or is_archive(path):
        return JOURNAL
    suffix = Path(path).suffix.lower()
    readable = Path(path).is_file()
    if readable and suffix not in CSV_SUFFIXES | TSV_SUFFIXES and _journal_content(
            _head_bytes(path)):
        return JOURNAL
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in TSV_SUFFIXES:
        return "tsv"
    with _open_text(path) as stream:
        head = stream.read(4096)
    first_line = head.lstrip().split("\n", 1)[0]
    if first_line.startswith("{"):
        return "jsonl"
    if "\t" in first_line:
        return "tsv"
    if "," in first_line:
        return "csv"
    raise InputError(
        f"{path}: cannot tell the format (expected JSONL lines starting with '{{', a CSV/TSV "
        "header with id, en, fr columns, or a journal's XML/JSON record); rename it with a "
        ".jsonl, .csv or .tsv suffix"
    )


def _head_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(8192)
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from exc


def _open_text(path: str) -> IO[str]:
    """Open as text in the encoding its byte-order mark names, else UTF-8 (a BOM is
    skipped); undecodable bytes become U+FFFD, never a crash. The readers decode line by
    line from its ``buffer`` (:mod:`aligner.decoding`); the text layer serves format sniffing."""
    file_path = Path(path)
    if file_path.is_dir():
        raise InputError(f"{path}: is a directory; give the input files themselves")
    try:
        with open(file_path, "rb") as probe:
            codec, _ = sniff_encoding(probe.read(4096))
        codec = "utf-8-sig" if codec == "utf-8" else codec
        return open(file_path, encoding=codec, errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from exc


def _read_jsonl(lines: Iterable[DecodedLine], source: str) -> Iterator[InputRecord]:
    """One record per non-blank line; a bad line becomes a record with ``problem`` set.

    Control characters inside JSON strings (a raw NUL, a tab) are accepted
    (``strict=False``): the text is still readable and cleaning removes them, with a note.
    """
    for line in lines:
        if line.too_long:
            yield _unparsed(source, line.number, f"the line is {line.too_long:,} bytes long, "
                            f"over the limit of {MAX_LINE_BYTES:,}; split the record")
            continue
        if not line.text.strip():
            continue
        try:
            obj = json.loads(line.text, strict=False)
        except json.JSONDecodeError as exc:
            why = f"invalid JSON ({exc.msg} at column {exc.colno})"
            if not line.complete:
                why = f"the file ends in the middle of this record (cut off: {why})"
            yield _unparsed(source, line.number, why)
            continue
        if not isinstance(obj, dict):
            kind = type(obj).__name__
            yield _unparsed(source, line.number, f"expected a JSON object, found a {kind}")
            continue
        record = _record_from_mapping(obj, source, line.number)
        if line.note:
            record.notes.append(f"input line {line.number}: {line.note}")
        yield record


def _read_delimited(lines: Iterable[DecodedLine], source: str, delimiter: str
                    ) -> Iterator[InputRecord]:
    """CSV/TSV with a header row naming at least the ``id``, ``en`` and ``fr`` columns.

    A row that cannot be parsed (an over-long line, a field over the limit) ends the file
    with an :class:`InputError` naming the line: in CSV a quoted field may span lines, so
    no later row could be trusted.
    """
    notes: dict[int, str] = {}
    reader = csv.DictReader(_row_texts(lines, source, notes), delimiter=delimiter)
    try:
        yield from _delimited_records(reader, source, notes)
    except csv.Error as exc:
        raise InputError(f"{source}, line {reader.line_num + 1}: not readable as CSV ({exc})"
                         ) from exc


def _row_texts(lines: Iterable[DecodedLine], source: str, notes: dict[int, str]
               ) -> Iterator[str]:
    """The text of each line for the csv module, keeping each line's repair note."""
    for line in lines:
        if line.too_long:
            raise InputError(f"{source}, line {line.number}: the line is {line.too_long:,} "
                             f"bytes long, over the limit of {MAX_LINE_BYTES:,}")
        if line.note:
            notes[line.number] = line.note
        yield line.text


def _delimited_records(reader: csv.DictReader, source: str, notes: dict[int, str]
                       ) -> Iterator[InputRecord]:
    """The rows of a delimited file as records (the header checked first)."""
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        found = ", ".join(header) if header else "no header at all"
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)} in the header (found: {found}); "
            "the first row must name the id, en and fr columns"
        )
    reader.fieldnames = header
    last_line = reader.line_num
    for row in reader:
        # DictReader puts surplus cells under the key None; keep them visible, not lost.
        extra = row.pop(None, None)  # type: ignore[call-overload]
        record = _record_from_mapping(dict(row), source, reader.line_num)
        if extra:
            record.meta["extra_cells"] = extra
        record.notes.extend(f"input line {number}: {notes[number]}"
                            for number in range(last_line + 1, reader.line_num + 1)
                            if number in notes)
        last_line = reader.line_num
        yield record


def _record_from_mapping(obj: dict[str, Any], source: str, line_number: int) -> InputRecord:
    """Split a parsed object into id, sides and the other keys (carried as ``meta``)."""
    meta = {key: value for key, value in obj.items() if key not in REQUIRED_COLUMNS}
    return InputRecord(
        id=obj.get("id"),
        en=obj.get("en"),
        fr=obj.get("fr"),
        meta=meta,
        source=source,
        line=line_number,
    )


def _unparsed(source: str, line_number: int, why: str) -> InputRecord:
    """A placeholder record for a line that could not be parsed."""
    return InputRecord(
        id=None,
        en=None,
        fr=None,
        source=source,
        line=line_number,
        problem=f"{source}, line {line_number}: {why}; fix the line and re-run",
    )
