"""``aligner export``: results plus reviewers' decisions as CSV (journals), TMX or JSONL.

- CSV: one row per bead for a spreadsheet: record id, DOI, title, journal, status, the
  English and French sentence(s), score, flags, the decision, the reviewer's note. UTF-8
  with a BOM (so spreadsheets show accents), formula-like cells neutralised.
- TMX 1.4 (the translation-memory exchange standard): one ``<tu>`` per aligned pair that is
  known good: unflagged beads, flags a reviewer dismissed, and pairs a reviewer produced by
  correcting the alignment. Confirmed divergences and undecided flags are left out.
- JSONL: the results unchanged, with decisions added as extra keys (``review`` on a
  decided bead; ``review_alignment`` on a record whose alignment a reviewer corrected).

Everything streams record by record; only the decisions are held in memory.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import click

from aligner.errors import AlignerError
from aligner.evidence import describe
from aligner.output_guard import refuse_output_over_inputs
from aligner.report import spreadsheet_safe
from aligner.review import default_db_path
from aligner.review.corrections import corrected_beads, has_corrections
from aligner.review.results import bead_keys, bead_texts, iter_results
from aligner.review.store import CONFIRMED, DISMISSED, Decision, DecisionStore
from aligner.severity import LEVELS, at_least, worst
from aligner.version import __version__

EXPORT_FORMATS = ("csv", "tmx", "jsonl")
EXPORT_CSV_COLUMNS = [
    "record_id",
    "doi",
    "title",
    "journal",
    "status",
    "reason",
    "bead",
    "english",
    "french",
    "score",
    "flags",
    "flag_reason",
    "decision",
    "note",
    "reviewer",
    "decided_at",
    # added with evidence (docs/evidence-and-severity.md)
    "checks",
    "severity",
    "evidence",
]
# Characters XML 1.0 forbids (C0 controls but tab/newline/CR, surrogates, U+FFFE/U+FFFF).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Decisions = dict[tuple[str, str], Decision]


class ReviewedRecord:
    """One results record with the decision on each of its beads (None when undecided)."""

    def __init__(self, record: dict[str, Any], decisions: Decisions) -> None:
        self.record = record
        self.keys = bead_keys(record)
        self.decisions: list[Decision | None] = [
            decisions.get((record["id"], key)) for key in self.keys
        ]

    @property
    def beads(self) -> list[dict[str, Any]]:
        return self.record["beads"]

    def is_flagged(self, index: int) -> bool:
        """Flagged by the checker (a flag or a check), or marked a divergence by a reviewer."""
        decision = self.decisions[index]
        return bead_flagged(self.beads[index]) or (
            decision is not None and decision.decision == CONFIRMED
        )

    def kept(self, index: int, min_severity: str | None) -> bool:
        """Flagged, and at least ``min_severity`` (a reviewer's confirmation counts as the
        bead's own severity, or ``major`` for a bead the checker did not flag)."""
        if not self.is_flagged(index):
            return False
        return at_least(bead_severity(self.beads[index]) or "major", min_severity)


def bead_flagged(bead: dict[str, Any]) -> bool:
    return bool(bead.get("flags") or bead.get("checks"))


def bead_severity(bead: dict[str, Any]) -> str | None:
    """The bead's severity, or the worst level of its codes (results from older checkers)."""
    level = bead.get("severity")
    if level in LEVELS:
        return str(level)
    return worst([str(c) for c in (bead.get("flags") or []) + (bead.get("checks") or [])])


def bead_evidence(bead: dict[str, Any]) -> str:
    evidence = bead.get("evidence")
    if not isinstance(evidence, list):
        return ""
    return describe(e for e in evidence if isinstance(e, dict))


def reviewed_records(results: str | Path, decisions: Decisions) -> Iterator[ReviewedRecord]:
    for _line, _offset, record in iter_results(results):
        yield ReviewedRecord(record, decisions)


def load_decisions(db: Path | None, results: str | Path) -> tuple[Decisions, Path | None]:
    """Decisions from ``db`` (default beside the results); none when there is no database."""
    path = db or default_db_path(results)
    if not path.is_file():
        if db is not None:
            raise AlignerError(f"{db}: no review database here (check the --db path)")
        return {}, None
    return DecisionStore(path, readonly=True).all(), path


# ---- CSV -------------------------------------------------------------------------------
def write_csv(records: Iterator[ReviewedRecord], stream: IO[str], flagged_only: bool,
              min_severity: str | None = None) -> int:
    """One row per bead (records without beads: one row with status and reason)."""
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(EXPORT_CSV_COLUMNS)
    rows = 0
    for item in records:
        for cells in _csv_rows(item, flagged_only, min_severity):
            writer.writerow(["" if c is None else spreadsheet_safe(c) for c in cells])
            rows += 1
    return rows


def _csv_rows(item: ReviewedRecord, flagged_only: bool, min_severity: str | None = None
              ) -> Iterator[list[Any]]:
    record = item.record
    meta = record["meta"]
    head = [
        record["id"],
        _text(meta.get("doi")),
        _text(meta.get("title")),
        _text(meta.get("journal")),
        _text(record.get("status")),
        _text(record.get("reason")),
    ]
    if not item.beads and not flagged_only and not min_severity:
        yield head + [""] * (len(EXPORT_CSV_COLUMNS) - len(head))
    for index, bead in enumerate(item.beads):
        if flagged_only and not item.is_flagged(index):
            continue
        if min_severity and not item.kept(index, min_severity):
            continue
        english, french = bead_texts(record, bead)
        decision = item.decisions[index]
        score = bead.get("score")
        yield head + [
            index,
            english,
            french,
            "" if score is None else f"{float(score):.4f}",
            ";".join(str(flag) for flag in bead.get("flags", [])),
            _flag_reason(bead),
            (decision.decision or "") if decision else "",
            decision.note if decision else "",
            decision.reviewer if decision else "",
            decision.decided_at if decision else "",
            ";".join(str(code) for code in bead.get("checks") or []),
            (bead_severity(bead) or "") if bead_flagged(bead) else "",
            bead_evidence(bead),
        ]


# ---- TMX -------------------------------------------------------------------------------
def xml_text(text: str) -> str:
    """Text safe inside an XML element: forbidden characters removed, markup escaped."""
    return escape(XML_FORBIDDEN.sub("", text))


def xml_attr(text: str) -> str:
    return quoteattr(XML_FORBIDDEN.sub("", text))


def good_pairs(item: ReviewedRecord) -> Iterator[tuple[str, dict[str, Any]]]:
    """(tuid suffix, bead) for each known-good pair with both sides, after corrections."""
    if has_corrections(item.decisions):
        for bead in corrected_beads(item.beads, item.decisions):
            good = bead["corrected"] or _known_good(
                bead["flags"] or bead.get("checks"), bead["decision"])
            if good and bead["en"] and bead["fr"]:
                yield "+".join(str(i) for i in bead["source"]), bead
        return
    for index, bead in enumerate(item.beads):
        decision = item.decisions[index]
        codes = (bead.get("flags") or []) + (bead.get("checks") or [])
        verdict = decision.decision if decision else None
        if verdict is None and bead.get("dismissed"):
            verdict = DISMISSED  # dismissed when checked (check --decisions)
        good = _known_good(codes, verdict)
        if good and bead["en"] and bead["fr"]:
            yield str(index), bead


def _known_good(flags: list[str] | None, verdict: str | None) -> bool:
    """Unflagged and not marked divergent, or flagged and dismissed as a false alarm."""
    return verdict == DISMISSED or (not flags and verdict != CONFIRMED)


def write_tmx(records: Iterator[ReviewedRecord], stream: IO[str]) -> int:
    """A TMX 1.4 document of the known-good aligned pairs; returns the number of ``<tu>``."""
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    stream.write(
        f'  <header creationtool="aligner" creationtoolversion={xml_attr(__version__)} '
        'datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" '
        'o-tmf="aligner-jsonl"/>\n  <body>\n'
    )
    units = 0
    for item in records:
        record = item.record
        for suffix, bead in good_pairs(item):
            english, french = bead_texts(record, bead)
            stream.write(f"    <tu tuid={xml_attr(record['id'] + ':' + suffix)}>\n")
            note = _tmx_note(bead)
            if note:
                stream.write(f"      <note>{xml_text(note)}</note>\n")
            for prop in ("doi", "journal"):
                value = _text(record["meta"].get(prop))
                if value:
                    stream.write(f'      <prop type="x-{prop}">{xml_text(value)}</prop>\n')
            for lang, text in (("en", english), ("fr", french)):
                stream.write(f'      <tuv xml:lang="{lang}"><seg>{xml_text(text)}</seg></tuv>\n')
            stream.write("    </tu>\n")
            units += 1
    stream.write("  </body>\n</tmx>\n")
    return units


def _tmx_note(bead: dict[str, Any]) -> str:
    """For a flagged pair in the memory (a reviewer dismissed the flag): what the checker
    found and where, so that a later user of the memory knows it was looked at."""
    if not bead_flagged(bead):
        return ""
    codes = ", ".join(str(c) for c in (bead.get("flags") or []) + (bead.get("checks") or []))
    evidence = bead_evidence(bead)
    return f"aligner flagged {codes} (dismissed by a reviewer)" + (
        f"; evidence: {evidence}" if evidence else "")


# ---- JSONL -----------------------------------------------------------------------------
def reviewed_dict(item: ReviewedRecord) -> dict[str, Any]:
    """The results record with decisions as added keys (the contract's keys untouched)."""
    out = dict(item.record)
    beads = []
    for bead, decision in zip(item.beads, item.decisions, strict=True):
        bead = dict(bead)
        if decision is not None:
            bead["review"] = decision.to_dict()
        beads.append(bead)
    out["beads"] = beads
    if has_corrections(item.decisions):
        out["review_alignment"] = corrected_beads(item.beads, item.decisions)
    return out


def write_jsonl(records: Iterator[ReviewedRecord], stream: IO[str], flagged_only: bool,
                min_severity: str | None = None) -> int:
    written = 0
    for item in records:
        if flagged_only and not any(item.is_flagged(i) for i in range(len(item.beads))):
            continue
        if min_severity and not any(item.kept(i, min_severity) for i in range(len(item.beads))):
            continue
        stream.write(json.dumps(reviewed_dict(item), ensure_ascii=False) + "\n")
        written += 1
    return written


def run_export(
    results: str | Path,
    output_format: str,
    stream: IO[str],
    db: Path | None = None,
    flagged_only: bool = False,
    min_severity: str | None = None,
) -> tuple[int, Path | None]:
    """Write the export; returns (rows, TMX units or records written; database used).

    ``min_severity``: csv rows / jsonl records of flagged beads of that severity or worse
    only (it implies ``flagged_only``).
    """
    decisions, used = load_decisions(db, results)
    records = reviewed_records(results, decisions)
    if output_format == "csv":
        return write_csv(records, stream, flagged_only, min_severity), used
    if output_format == "tmx":
        return write_tmx(records, stream), used
    return write_jsonl(records, stream, flagged_only, min_severity), used


def _export_to(
    stream: IO[str], results: str, output_format: str, db: Path | None, flagged_only: bool,
    min_severity: str | None = None,
) -> tuple[int, Path | None]:
    try:
        return run_export(results, output_format, stream, db, flagged_only, min_severity)
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _flag_reason(bead: dict[str, Any]) -> str:
    """The checker's reason for a flagged bead (``details.reason``); empty when unflagged or
    when the results were written without details."""
    details = bead.get("details")
    if not bead.get("flags") or not isinstance(details, dict):
        return ""
    return _text(details.get("reason"))


@click.command()
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Review database with the decisions. Default: review.sqlite beside RESULTS "
    "(exported without decisions when absent). Example: --db review.sqlite",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="csv (one row per bead, for journals' spreadsheets), tmx (TMX 1.4 translation "
    "memory of the known-good pairs) or jsonl (results with decisions merged). "
    "Example: --format csv",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(allow_dash=True, dir_okay=False),
    help="File to write; '-' for standard output. Example: -o decisions.csv",
)
@click.option(
    "--flagged-only",
    is_flag=True,
    help="csv: only flagged beads (or beads a reviewer confirmed as divergent); "
    "jsonl: only records with such a bead.",
)
@click.option(
    "--min-severity",
    type=click.Choice(LEVELS),
    default=None,
    help="csv, jsonl: only flagged beads (records) of this severity or worse; implies "
    "--flagged-only. Example: --min-severity critical",
)
def export(
    results: str, db: Path | None, output_format: str, output: str, flagged_only: bool,
    min_severity: str | None = None,
) -> None:
    """Export RESULTS (from `aligner check --format jsonl`) with reviewers' decisions.

    \b
    Examples:
      aligner export out.jsonl --format csv -o for-journal.csv
      aligner export out.jsonl --format csv --flagged-only -o flagged.csv
      aligner export out.jsonl --db review.sqlite --format tmx -o pairs.tmx
      aligner export out.jsonl --format jsonl -o reviewed.jsonl
    """
    if (flagged_only or min_severity) and output_format == "tmx":
        raise click.UsageError("--flagged-only and --min-severity go with csv or jsonl; "
                               "TMX holds good pairs")
    from aligner.cli import open_output

    refuse_output_over_inputs(output, [results, db or default_db_path(results)])
    if output == "-":
        count, used = _export_to(sys.stdout, results, output_format, db, flagged_only,
                                 min_severity)
    else:
        partial = Path(f"{output}.part")  # a failed export never leaves a truncated file
        try:
            with open_output(str(partial)) as stream:
                count, used = _export_to(stream, results, output_format, db, flagged_only,
                                         min_severity)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, output)
    what = {"csv": "row(s)", "tmx": "translation unit(s)", "jsonl": "record(s)"}[output_format]
    source = f"decisions from {used}" if used else "no review database found: no decisions"
    click.echo(f"exported {count} {what} to {output} ({source})", err=True)
