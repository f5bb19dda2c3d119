"""The HTML report: one self-contained page an editor can read, streamed record by record.

The page has inline CSS only: no script, no external asset, nothing fetched when opened.
Every piece of input text goes through :func:`html.escape`, so an abstract containing
``<script>`` shows as text.

Streaming: records are written as they arrive, so memory stays flat on large runs. The
summary (counts by status and by flag) is only known at the end, so it is *written* at the
end but *shown* on top: the page body is a flex column and the summary has ``order: -1``.
Screen readers and text browsers meet it last; a "summary" link at the top jumps to it.
Clean records (ok, no flag) are collapsed under ``<details>``; a pure-CSS checkbox hides
them altogether.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import IO, Any

from aligner.records import FLAGS, STATUS_OK, STATUSES, Bead, CheckResult
from aligner.report import ResultWriter
from aligner.version import __version__

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

CSS = """
:root { --line: #d9dee3; --muted: #5f6b76; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: #1d2125; background: #f6f7f9; display: flex; flex-direction: column; }
body > header { order: -2; background: #22303c; color: #fff; padding: 10px 20px; }
body > header h1 { font-size: 18px; margin: 0; }
body > header a { color: #cfe0f5; }
#summary { order: -1; background: #fff; margin: 12px 20px 0; padding: 8px 16px;
  border: 1px solid var(--line); border-radius: 6px; }
#summary h2 { font-size: 16px; margin: 6px 0; }
#summary table { border-collapse: collapse; margin: 4px 24px 8px 0; display: inline-table;
  vertical-align: top; }
#summary td, #summary th { padding: 2px 10px; border-bottom: 1px solid var(--line);
  text-align: left; }
#summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
main { order: 0; padding: 0 20px 40px; }
.toggle { margin: 10px 20px 0; order: -1; font-size: 14px; }
body:has(#only-flagged:checked) details.clean { display: none; }
details.record { background: #fff; border: 1px solid var(--line); border-radius: 6px;
  margin-top: 12px; padding: 6px 12px; }
details.record > summary { cursor: pointer; font-weight: 600; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px;
  color: #fff; background: #2e7d32; font-weight: 400; }
.status.missing_en, .status.missing_fr { background: #a66300; }
.status.error { background: #b3261e; }
.meta, .reason, .note { color: var(--muted); font-size: 13px; margin: 2px 0; }
.reason { color: #8a1c16; }
.chip { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px;
  background: #f6c4c1; margin: 1px 2px; font-weight: 400; }
table.beads { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 6px 0; }
table.beads th { text-align: left; font-size: 13px; color: var(--muted);
  border-bottom: 2px solid var(--line); padding: 4px 6px; }
table.beads td { vertical-align: top; border-bottom: 1px solid var(--line); padding: 4px 6px;
  overflow-wrap: anywhere; }
table.beads col.idx { width: 3em; } table.beads col.info { width: 14em; }
tr.flagged { background: #fde2e1; }
.sent { display: block; } .n { color: var(--muted); font-size: 11px; margin-right: 4px; }
.nothing { color: var(--muted); font-style: italic; }
.why { font-size: 13px; }
"""


def esc(value: Any) -> str:
    """Any value as escaped HTML text (quotes too, so it is safe in attributes)."""
    # Control characters are HTML parse errors (and invisible): shown as U+FFFD.
    text = _CONTROL.sub("\ufffd", "" if value is None else str(value))
    return html.escape(text, quote=True)


class HtmlWriter(ResultWriter):
    """Writes the report page; see the module docstring for the layout."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(stream)
        self._records = 0
        self._statuses: Counter[str] = Counter()
        self._flags: Counter[str] = Counter()
        self._flagged_records = 0
        self._flagged_beads = 0
        self.stream.write(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'\">\n"
            f"<title>aligner report</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"<header><h1>aligner report</h1><div>aligner {esc(__version__)} · "
            '<a href="#summary">summary</a></div></header>\n'
            '<label class="toggle"><input type="checkbox" id="only-flagged"> '
            "show only records with flags or problems</label>\n<main>\n"
        )

    def write(self, result: CheckResult) -> None:
        self._records += 1
        self._statuses[result.status] += 1
        self._flags.update(flag for bead in result.beads for flag in bead.flags)
        self._flagged_beads += sum(1 for bead in result.beads if bead.flags)
        flagged = bool(result.flags)
        self._flagged_records += flagged
        clean = result.status == STATUS_OK and not flagged
        attributes = ' class="record clean"' if clean else ' class="record" open'
        parts = [
            f'<details id="r{self._records}"{attributes}>',
            f"<summary>{esc(result.id)} {_status(result.status)} ",
            f"{len(result.en)} EN / {len(result.fr)} FR sentences ",
            "".join(f'<span class="chip">{esc(flag)}</span>' for flag in result.flags),
            "</summary>",
            _meta(result.meta),
        ]
        if result.reason:
            parts.append(f'<p class="reason">{esc(result.reason)}</p>')
        parts.extend(f'<p class="note">note: {esc(note)}</p>' for note in result.notes)
        if result.beads:
            parts.append(_beads_table(result))
        parts.append("</details>\n")
        self.stream.write("".join(parts))

    def close(self) -> None:
        self.stream.write("</main>\n" + self._summary() + "</body>\n</html>\n")
        super().close()

    def _summary(self) -> str:
        statuses = "".join(
            f'<tr><td>{_status(status)}</td><td class="n">{self._statuses[status]}</td></tr>'
            for status in STATUSES
        )
        flags = "".join(
            f'<tr><td>{esc(flag)}</td><td class="n">{self._flags[flag]}</td></tr>' for flag in FLAGS
        )
        return (
            '<section id="summary"><h2>Summary</h2>'
            f"<p>{self._records} record(s), {self._flagged_records} with flags, "
            f"{self._flagged_beads} flagged bead(s) (a bead may carry several flags).</p>"
            f"<table><tr><th>status</th><th>records</th></tr>{statuses}</table>"
            f"<table><tr><th>flag</th><th>beads</th></tr>{flags}</table></section>\n"
        )


def _status(status: str) -> str:
    return f'<span class="status {esc(status)}">{esc(status)}</span>'


def _meta(meta: dict[str, Any]) -> str:
    shown = [
        f"{key}: {esc(meta[key])}" for key in ("title", "doi", "journal", "year") if meta.get(key)
    ]
    return f'<p class="meta">{" · ".join(shown)}</p>' if shown else ""


def _beads_table(result: CheckResult) -> str:
    rows = "".join(_bead_row(result, index, bead) for index, bead in enumerate(result.beads))
    return (
        '<table class="beads"><colgroup><col class="idx"><col><col><col class="info">'
        "</colgroup><thead><tr><th>#</th><th>English</th><th>Français</th>"
        f"<th>score, flags</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _bead_row(result: CheckResult, index: int, bead: Bead) -> str:
    score = "—" if bead.score is None else f"{bead.score:.2f}"
    chips = "".join(f'<span class="chip">{esc(flag)}</span>' for flag in bead.flags)
    reason = bead.details.get("reason") if bead.details else None
    why = f'<div class="why">{esc(reason)}</div>' if reason else ""
    css = ' class="flagged"' if bead.flags else ""
    return (
        f"<tr{css}><td>{index}</td><td>{_sentences(result.en, bead.en)}</td>"
        f"<td>{_sentences(result.fr, bead.fr)}</td>"
        f"<td>score {score} {chips}{why}</td></tr>"
    )


def _sentences(sentences: list[str], indexes: tuple[int, ...]) -> str:
    if not indexes:
        return '<span class="nothing">(nothing)</span>'
    return "".join(
        f'<span class="sent"><span class="n">{i}</span>{esc(sentences[i])}</span>' for i in indexes
    )
