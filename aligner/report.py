"""Writers for check results: JSONL (the contract), CSV (for spreadsheets), a terminal table.

Every writer has the same shape: built on an open text stream, fed one
:class:`~aligner.records.CheckResult` at a time with :meth:`ResultWriter.write`, finished
with :meth:`ResultWriter.close`. So reports stream: memory stays flat however many
records go through. Writers are looked up by format name in :data:`WRITERS`.
"""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from collections import Counter
from collections.abc import Callable
from typing import IO, Any

from aligner.records import FLAGS, STATUS_OK, CheckResult

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["id", "status", "reason", "bead", "en_idx", "fr_idx", "en", "fr", "score", "flags"]


def spreadsheet_safe(value: Any) -> Any:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    Numbers are left alone (a negative score is a number, not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class ResultWriter:
    """Base class: subclasses implement :meth:`write` and may extend :meth:`close`."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, result: CheckResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class JsonlWriter(ResultWriter):
    """One contract output object per line (../shared/CONTRACT.md)."""

    def write(self, result: CheckResult) -> None:
        self.stream.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


class CsvWriter(ResultWriter):
    """One row per bead, UTF-8 with a BOM so that spreadsheets show accents correctly.

    A record without beads (an error) still gets one row carrying its status and reason.
    Text cells are neutralised against formula injection.
    """

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(stream)
        self.stream.write("\ufeff")
        self._csv = csv.writer(stream, lineterminator="\r\n")
        self._csv.writerow(CSV_COLUMNS)

    def write(self, result: CheckResult) -> None:
        if not result.beads:
            self._row([result.id, result.status, result.reason, "", "", "", "", "", "", ""])
        for index, bead in enumerate(result.beads):
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
                ]
            )

    def _row(self, cells: list[Any]) -> None:
        self._csv.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in cells])


class TableWriter(ResultWriter):
    """A report for people: one summary line per record, flagged beads side by side.

    Ends with totals by status and by flag, so an editor sees the state of a whole batch.
    """

    def __init__(self, stream: IO[str], width: int | None = None) -> None:
        super().__init__(stream)
        self.width = width or min(shutil.get_terminal_size((120, 40)).columns, 160)
        self._statuses: Counter[str] = Counter()
        self._flags: Counter[str] = Counter()
        self._records = 0

    def write(self, result: CheckResult) -> None:
        self._records += 1
        self._statuses[result.status] += 1
        self._flags.update(flag for bead in result.beads for flag in bead.flags)
        self._line(self._summary(result))
        if result.status != STATUS_OK:
            self._line(f"  {result.reason}")
        for note in result.notes:
            self._line(f"  note: {note}")
        for index, bead in enumerate(result.beads):
            if bead.flags:
                self._flagged_bead(result, index, bead)
        self._line("")

    def close(self) -> None:
        statuses = ", ".join(f"{name} {count}" for name, count in sorted(self._statuses.items()))
        flags = ", ".join(f"{flag} {self._flags[flag]}" for flag in FLAGS if self._flags[flag])
        self._line(f"{self._records} record(s): {statuses or 'none'}")
        self._line(f"flagged beads: {flags or 'none'}")
        super().close()

    def _summary(self, result: CheckResult) -> str:
        flagged = sum(1 for bead in result.beads if bead.flags)
        scores = [bead.score for bead in result.beads if bead.score is not None]
        mean = f"mean score {sum(scores) / len(scores):.2f}" if scores else "no score"
        flags = ", ".join(result.flags) or "no flags"
        return (
            f"== {result.id} [{result.status}] {len(result.en)} EN / {len(result.fr)} FR "
            f"sentences, {len(result.beads)} beads, {flagged} flagged ({flags}); {mean}"
        )

    def _flagged_bead(self, result: CheckResult, index: int, bead: Any) -> None:
        score = "-" if bead.score is None else f"{bead.score:.2f}"
        self._line(
            f"  bead {index}  EN {list(bead.en)} / FR {list(bead.fr)}  score {score}  "
            f"[{', '.join(bead.flags)}]"
        )
        reason = bead.details.get("reason") if bead.details else None
        if reason:
            self._line(f"    why: {reason}")
        column = max(20, (self.width - 7) // 2)
        left = textwrap.wrap(" ".join(result.en[i] for i in bead.en) or "(nothing)", column)
        right = textwrap.wrap(" ".join(result.fr[j] for j in bead.fr) or "(nothing)", column)
        for row in range(max(len(left), len(right))):
            en_part = left[row] if row < len(left) else ""
            fr_part = right[row] if row < len(right) else ""
            self._line(f"    {en_part:<{column}} | {fr_part}")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")


def html_writer(stream: IO[str]) -> ResultWriter:
    """The HTML report (:mod:`aligner.html_report`), imported on use: it subclasses
    :class:`ResultWriter`, so importing it here at load time would be circular."""
    from aligner.html_report import HtmlWriter

    return HtmlWriter(stream)


WRITERS: dict[str, Callable[[IO[str]], ResultWriter]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "table": TableWriter,
    "html": html_writer,
}
