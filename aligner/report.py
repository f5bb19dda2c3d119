"""Writers for check results: JSONL (the contract), CSV (for spreadsheets), a terminal table.

Every writer has the same shape: built on an open text stream, fed one
:class:`~aligner.records.CheckResult` at a time with :meth:`ResultWriter.write`, finished
with :meth:`ResultWriter.close`. So reports stream: memory stays flat however many
records go through. Writers are looked up by format name in :data:`WRITERS`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import IO, Any

from aligner.csvsafe import FORMULA_PREFIXES, spreadsheet_safe  # noqa: F401 - re-exported
from aligner.evidence import describe
from aligner.html_report import HtmlWriter
from aligner.metadata_notes import metadata_notes
from aligner.records import FLAG_LOW_FIDELITY, FLAGS, STATUS_OK, CheckResult
from aligner.severity import LEVELS
from aligner.writer_base import (
    ResultWriter,
    bead_severity,
    below_minimum,
    dismissal_text,
    reported,
)

__all__ = ["WRITERS", "ResultWriter", "spreadsheet_safe", "writer_for"]

# flag_reason: why the bead is flagged, in words ("numbers differ: English has 12, French has
# 15"), so that a journal reading the spreadsheet needs no other file.
CSV_COLUMNS = ["id", "status", "reason", "bead", "en_idx", "fr_idx", "en", "fr", "score", "flags",
               "flag_reason"]
# Added after flag_reason (docs/evidence-and-severity.md): the QA checks' codes, the bead's
# severity, its evidence as a person reads it (en "19 July" / fr "9 juillet") and, with
# --decisions, who dismissed it.
EVIDENCE_COLUMNS = ["checks", "severity", "evidence", "dismissed"]
CSV_COLUMNS += EVIDENCE_COLUMNS


class JsonlWriter(ResultWriter):
    """One contract output object per line (../shared/CONTRACT.md)."""

    def write(self, result: CheckResult) -> None:
        self.stream.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


class CsvWriter(ResultWriter):
    """One row per bead, UTF-8 with a BOM so that spreadsheets show accents correctly.

    A record without beads (an error) still gets one row carrying its status and reason.
    Text cells are neutralised against formula injection.
    """

    def __init__(self, stream: IO[str], min_severity: str | None = None) -> None:
        super().__init__(stream, min_severity)
        self.stream.write("\ufeff")
        self._csv = csv.writer(stream, lineterminator="\r\n")
        self._csv.writerow(CSV_COLUMNS)

    def write(self, result: CheckResult) -> None:
        if not result.beads:
            self._row([result.id, result.status, result.reason] + [""] * (len(CSV_COLUMNS) - 3))
        for index, bead in enumerate(result.beads):
            if below_minimum(bead, self.min_severity):
                continue
            self._row(
                [
                    result.id,
                    result.status,
                    result.reason,
                    index,
                    " ".join(str(i) for i in bead.en),
                    " ".join(str(j) for j in bead.fr),
                    " ".join(result.en[i] for i in bead.en),
                    " ".join(result.fr[j] for j in bead.fr),
                    "" if bead.score is None else f"{bead.score:.4f}",
                    ";".join(bead.flags),
                    bead.details.get("reason", "") if bead.flagged else "",
                    ";".join(bead.checks),
                    bead_severity(bead) or "",
                    describe(bead.evidence),
                    dismissal_text(bead.dismissed),
                ]
            )

    def _row(self, cells: list[Any]) -> None:
        self._csv.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in cells])


class TableWriter(ResultWriter):
    """A report for people reading a terminal: one summary per record, flagged beads side by side.

    For each record: a summary line (status, sentence and bead counts, flags, mean score),
    the status reason and notes, then every flagged bead as a block: its flags and score,
    one reason per flag (for ``low_fidelity`` the English content words with no French
    counterpart), and the English and French text in two columns wrapped to the width.
    Ends with totals by status and by flag, so an editor sees the state of a whole batch.

    Width: the terminal's when writing to one, else ``$COLUMNS`` or 100; never under 40.
    Text is measured in display cells (East Asian wide characters count two) so columns
    stay aligned, and control characters from the input (escape sequences, bidi
    overrides) are shown as ``?`` so that no input can drive the terminal. Colour (ANSI)
    only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org).
    """

    def __init__(self, stream: IO[str], width: int | None = None, colour: bool | None = None,
                 min_severity: str | None = None) -> None:
        super().__init__(stream, min_severity)
        tty = _is_tty(stream)
        self.width = max(MIN_TABLE_WIDTH, width or _default_width(tty))
        self.colour = (tty and "NO_COLOR" not in os.environ) if colour is None else colour
        self._statuses: Counter[str] = Counter()
        self._flags: Counter[str] = Counter()
        self._severities: Counter[str] = Counter()
        self._records = 0

    def write(self, result: CheckResult) -> None:
        self._records += 1
        self._statuses[result.status] += 1
        shown = [bead for bead in result.beads if reported(bead, self.min_severity)]
        self._flags.update(code for bead in shown for code in bead.flags + bead.checks)
        self._severities.update(str(bead_severity(bead)) for bead in shown)
        self._severities["dismissed"] += sum(1 for b in result.beads if b.dismissed is not None)
        self._wrapped(self._summary(result), indent="", hanging="   ", style=BOLD)
        if result.status != STATUS_OK and result.reason:
            self._wrapped(result.reason, indent="   ", hanging="   ")
        for note in result.notes:
            self._wrapped(f"note: {note}", indent="   ", hanging="         ")
        for line in metadata_notes(result.title_check, result.keywords_check):
            self._wrapped(line, indent="   ", hanging="     ")
        for index, bead in enumerate(result.beads):
            if reported(bead, self.min_severity):
                self._flagged_bead(result, index, bead)
            elif bead.flagged and bead.dismissed is not None:
                self._wrapped(f"-- bead {index}: {', '.join(bead.flags + bead.checks)} "
                              f"dismissed {dismissal_text(bead.dismissed)} (not counted)",
                              indent="  ", hanging="     ")
        self._line("")

    def close(self) -> None:
        statuses = ", ".join(f"{name} {count}" for name, count in sorted(self._statuses.items()))
        codes = [*FLAGS, *sorted(set(self._flags) - set(FLAGS))]
        flags = ", ".join(f"{flag} {self._flags[flag]}" for flag in codes if self._flags[flag])
        levels = ", ".join(f"{level} {self._severities[level]}"
                           for level in (*LEVELS, "dismissed") if self._severities[level])
        self._wrapped(f"{self._records} record(s): {statuses or 'none'}", "", "  ")
        self._wrapped(f"flagged beads: {flags or 'none'}", "", "  ")
        self._wrapped(f"by severity: {levels or 'none'}", "", "  ")
        if self.min_severity:
            self._wrapped(f"(only {self.min_severity} or worse shown: --min-severity)", "", "  ")
        super().close()

    def _summary(self, result: CheckResult) -> str:
        shown = [bead for bead in result.beads if reported(bead, self.min_severity)]
        scores = [bead.score for bead in result.beads if bead.score is not None]
        mean = f"mean score {sum(scores) / len(scores):.2f}" if scores else "no score"
        counts = Counter(code for bead in shown for code in bead.flags + bead.checks)
        codes = [*FLAGS, *sorted(set(counts) - set(FLAGS))]
        flags = ", ".join(f"{flag} {counts[flag]}" for flag in codes if counts[flag])
        levels = {bead_severity(bead) for bead in shown}
        worst = next((level for level in LEVELS if level in levels), "")
        return (
            f"== {terminal_safe(result.id)} [{result.status}] {len(result.en)} EN / "
            f"{len(result.fr)} FR sentences, {len(result.beads)} beads, {len(shown)} flagged"
            f"{' (' + flags + ')' if flags else ''}{'; ' + worst if worst else ''}; {mean}"
        )

    def _flagged_bead(self, result: CheckResult, index: int, bead: Any) -> None:
        score = "-" if bead.score is None else f"{bead.score:.2f}"
        head = (f"-- bead {index}: EN {_indexes(bead.en)} / FR {_indexes(bead.fr)}, "
                f"score {score}: ")
        level = bead_severity(bead)
        self._wrapped(head + ", ".join(bead.flags + bead.checks) + (f" [{level}]" if level else ""),
                      indent="  ", hanging="     ", style=RED)
        details = bead.details or {}
        reasons = details.get("reasons") or {}
        for flag in bead.flags + bead.checks:
            reason = reasons.get(flag)
            if reason:
                self._wrapped(f"{flag}: {reason}", indent="     ", hanging="       ")
        if not reasons and details.get("reason"):
            self._wrapped(str(details["reason"]), indent="     ", hanging="       ")
        missing = details.get("missing_words")
        low_reason = str(reasons.get(FLAG_LOW_FIDELITY, ""))
        if missing and FLAG_LOW_FIDELITY in bead.flags and str(missing[0]) not in low_reason:
            self._wrapped("missing in French: " + ", ".join(map(str, missing)),
                          indent="     ", hanging="       ")
        if bead.evidence:
            self._wrapped("evidence: " + describe(bead.evidence), indent="     ",
                          hanging="       ")
        english = " ".join(result.en[i] for i in bead.en) or "(no English)"
        french = " ".join(result.fr[j] for j in bead.fr) or "(no French)"
        self._columns(english, french)

    def _columns(self, english: str, french: str) -> None:
        """English left, French right, each wrapped to half the width."""
        column = (self.width - len(COLUMN_INDENT) - len(COLUMN_GAP)) // 2
        left = wrap_cells("EN: " + terminal_safe(english), column)
        right = wrap_cells("FR: " + terminal_safe(french), column)
        for row in range(max(len(left), len(right))):
            en_part = left[row] if row < len(left) else ""
            fr_part = right[row] if row < len(right) else ""
            padding = " " * (column - display_width(en_part))
            self._line(f"{COLUMN_INDENT}{en_part}{padding}{COLUMN_GAP}{fr_part}".rstrip())

    def _wrapped(self, text: str, indent: str, hanging: str, style: str = "") -> None:
        """Write ``text`` wrapped to the width, in ``style`` (ANSI) when colour is on."""
        lines = wrap_cells(terminal_safe(text), self.width - len(indent),
                           self.width - len(hanging))
        for number, line in enumerate(lines):
            prefix = indent if number == 0 else hanging
            self._line(prefix + (style + line + RESET if self.colour and style else line))

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")


MIN_TABLE_WIDTH = 40
DEFAULT_FILE_WIDTH = 100
COLUMN_INDENT = "   "
COLUMN_GAP = " | "
BOLD = "\x1b[1m"
RED = "\x1b[1;31m"
RESET = "\x1b[0m"
# C0/C1 controls, and the bidirectional overrides that can make text display reordered.
_UNSAFE_FOR_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def terminal_safe(text: str) -> str:
    """Text that cannot drive a terminal: controls become ``?``, tabs and newlines spaces."""
    return _UNSAFE_FOR_TERMINAL.sub("?", str(text).replace("\t", " ").replace("\n", " "))


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def wrap_cells(text: str, width: int, later_width: int | None = None) -> list[str]:
    """Greedy word wrap by display width; words longer than a line are cut."""
    later_width = width if later_width is None else later_width
    lines: list[str] = []
    current = ""
    for word in text.split():
        limit = width if not lines else later_width
        candidate = f"{current} {word}" if current else word
        if display_width(candidate) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while display_width(word) > (width if not lines else later_width):
            head, word = _cut(word, width if not lines else later_width)
            lines.append(head)
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def _cut(word: str, width: int) -> tuple[str, str]:
    """The longest head of ``word`` fitting ``width`` cells, and the rest."""
    used = 0
    for position, ch in enumerate(word):
        used += display_width(ch)
        if used > width:
            return word[: max(1, position)], word[max(1, position):]
    return word, ""


def _indexes(indexes: tuple[int, ...]) -> str:
    return "[" + ",".join(str(i) for i in indexes) + "]"


def _is_tty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _default_width(tty: bool) -> int:
    if tty:
        return shutil.get_terminal_size((DEFAULT_FILE_WIDTH, 40)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else DEFAULT_FILE_WIDTH


WRITERS: dict[str, Callable[..., ResultWriter]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "table": TableWriter,
    "html": HtmlWriter,
}


def writer_for(output_format: str, stream: IO[str], min_severity: str | None = None
               ) -> ResultWriter:
    """The writer of ``output_format`` on ``stream``, showing beads of ``min_severity`` or worse."""
    return WRITERS[output_format](stream, min_severity=min_severity)
