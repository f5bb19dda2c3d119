"""Read input records from JSONL, CSV/TSV, a pair of plain-text files, or journals' records.

Journals' own files (JATS, Érudit, TEI, OAI-PMH, Crossref, HAL, PubMed, OJS: XML or JSON,
told by their content), directories and .zip / .tar.gz archives are read through
:mod:`aligner.ingest` (one record per article, as ``aligner ingest`` writes it); a file or
record ingest cannot read becomes a record with ``problem`` set, so ``check`` reports it.

Readers only turn bytes into :class:`~aligner.records.InputRecord` objects; they never
judge the content. A line that cannot be parsed still yields a record (with ``problem``
set) so that the output keeps one record per input record, in order. Only a file that
cannot be read at all raises :class:`~aligner.errors.InputError`.

Records are streamed: nothing holds a whole file in memory.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from aligner.errors import InputError
from aligner.records import InputRecord

REQUIRED_COLUMNS = ("id", "en", "fr")
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
TSV_SUFFIXES = {".tsv", ".tab"}
JOURNAL = "journal"

# csv's default field limit (128 KiB) is below a long abstract; 64 MiB is ample.
csv.field_size_limit(64 * 1024 * 1024)


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
        stream = io.TextIOWrapper(io.BufferedReader(rest), encoding="utf-8-sig", errors="replace")
        yield from _read_jsonl(stream, "<stdin>")
        return
    file_format = detect_format(path)
    if file_format == JOURNAL:
        yield from _read_journal([path])
        return
    with _open_text(path) as stream:
        if file_format == "jsonl":
            yield from _read_jsonl(stream, path)
        else:
            yield from _read_delimited(stream, path, "\t" if file_format == "tsv" else ",")


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
    texts = []
    for path in (en_path, fr_path):
        with _open_text(path) as stream:
            texts.append(stream.read())
    return InputRecord(
        id=record_id or Path(en_path).stem,
        en=texts[0],
        fr=texts[1],
        meta={"en_file": en_path, "fr_file": fr_path},
        source=en_path,
        line=1,
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
    """Open as UTF-8 (a BOM is skipped); undecodable bytes become U+FFFD, never a crash."""
    file_path = Path(path)
    if file_path.is_dir():
        raise InputError(f"{path}: is a directory; give the input files themselves")
    try:
        return open(file_path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from exc


def _read_jsonl(stream: IO[str], source: str) -> Iterator[InputRecord]:
    """One record per non-blank line; a bad line becomes a record with ``problem`` set."""
    for line_number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _unparsed(source, line_number, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            kind = type(obj).__name__
            yield _unparsed(source, line_number, f"expected a JSON object, found a {kind}")
            continue
        yield _record_from_mapping(obj, source, line_number)


def _read_delimited(stream: IO[str], source: str, delimiter: str) -> Iterator[InputRecord]:
    """CSV/TSV with a header row naming at least the ``id``, ``en`` and ``fr`` columns."""
    reader = csv.DictReader(stream, delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        found = ", ".join(header) if header else "no header at all"
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)} in the header (found: {found}); "
            "the first row must name the id, en and fr columns"
        )
    reader.fieldnames = header
    for row in reader:
        # DictReader puts surplus cells under the key None; keep them visible, not lost.
        extra = row.pop(None, None)  # type: ignore[call-overload]
        record = _record_from_mapping(dict(row), source, reader.line_num)
        if extra:
            record.meta["extra_cells"] = extra
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
