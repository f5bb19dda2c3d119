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

Evidence (docs/evidence-and-severity.md): in a flagged bead the characters each finding
points at are wrapped in ``<mark>`` (escaped text on both sides of it), with the finding's
code as a tooltip; each flagged bead shows its severity; each record has its similarity
heatmap with the alignment path and flagged beads (:mod:`aligner.heatmap`); the summary
adds counts by severity and kind, a score histogram and the worst records first
(:mod:`aligner.summary`). With ``min_severity``, flagged beads below it are shown as
plain rows. Dismissed beads (``check --decisions``) are shown dismissed, not counted.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import IO, Any

from aligner.heatmap import heatmap_svg
from aligner.metadata_notes import metadata_notes
from aligner.records import FLAGS, STATUS_OK, STATUSES, Bead, CheckResult
from aligner.summary import CorpusSummary, summary_html
from aligner.version import __version__
from aligner.writer_base import ResultWriter, bead_severity, dismissal_text, reported

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
mark { background: #ffe08a; padding: 0 1px; border-radius: 2px; }
mark.sentence { background: #ffd2cc; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px;
  color: #fff; background: #7b1fa2; }
.sev.critical { background: #c62828; } .sev.major { background: #ef6c00; }
.sev.dismissed { background: #607d8b; }
tr.dismissed { background: #eef1f3; }
figure.picture { margin: 6px 0; } figure.picture figcaption { font-size: 12px;
  color: var(--muted); }
svg.heatmap, svg.histogram { max-width: 100%; height: auto; }
.corpus-summary table { display: inline-table; }
"""


def esc(value: Any) -> str:
    """Any value as escaped HTML text (quotes too, so it is safe in attributes)."""
    # Control characters are HTML parse errors (and invisible): shown as U+FFFD.
    text = _CONTROL.sub("\ufffd", "" if value is None else str(value))
    return html.escape(text, quote=True)


class HtmlWriter(ResultWriter):
    """Writes the report page; see the module docstring for the layout."""

    def __init__(self, stream: IO[str], min_severity: str | None = None) -> None:
        super().__init__(stream, min_severity)
        self._records = 0
        self._statuses: Counter[str] = Counter()
        self._flags: Counter[str] = Counter()
        self._flagged_records = 0
        self._flagged_beads = 0
        self._corpus = CorpusSummary()
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
        shown = [bead for bead in result.beads if reported(bead, self.min_severity)]
        self._flags.update(code for bead in shown for code in bead.flags + bead.checks)
        self._flagged_beads += len(shown)
        self._corpus.add(_summary_dict(result, self.min_severity))
        flagged = bool(shown)
        self._flagged_records += flagged
        clean = result.status == STATUS_OK and not flagged
        attributes = ' class="record clean"' if clean else ' class="record" open'
        parts = [
            f'<details id="r{self._records}"{attributes}>',
            f"<summary>{esc(result.id)} {_status(result.status)} ",
            f"{len(result.en)} EN / {len(result.fr)} FR sentences ",
            "".join(f'<span class="chip">{esc(flag)}</span>'
                    for flag in sorted({c for b in shown for c in b.flags + b.checks})),
            "</summary>",
            _meta(result.meta),
        ]
        if result.reason:
            parts.append(f'<p class="reason">{esc(result.reason)}</p>')
        parts.extend(f'<p class="note">note: {esc(note)}</p>' for note in result.notes)
        parts.extend(f'<p class="note">{esc(line)}</p>'
                     for line in metadata_notes(result.title_check, result.keywords_check))
        if result.beads:
            parts.append(_beads_table(result, self.min_severity))
        if result.status == STATUS_OK and result.en and result.fr:
            parts.append(_picture(result))
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
        codes = [*FLAGS, *sorted(set(self._flags) - set(FLAGS))]
        flags = "".join(
            f'<tr><td>{esc(flag)}</td><td class="n">{self._flags[flag]}</td></tr>' for flag in codes
        )
        only = (f" Only beads of severity {esc(self.min_severity)} or worse are counted."
                if self.min_severity else "")
        return (
            '<section id="summary"><h2>Summary</h2>'
            f"<p>{self._records} record(s), {self._flagged_records} with flags, "
            f"{self._flagged_beads} flagged bead(s) (a bead may carry several flags).{only}</p>"
            f"<table><tr><th>status</th><th>records</th></tr>{statuses}</table>"
            f"<table><tr><th>flag</th><th>beads</th></tr>{flags}</table>"
            f"{summary_html(self._corpus, '#r{position}')}</section>\n"
        )


def _status(status: str) -> str:
    return f'<span class="status {esc(status)}">{esc(status)}</span>'


def _meta(meta: dict[str, Any]) -> str:
    shown = [
        f"{key}: {esc(meta[key])}" for key in ("title", "doi", "journal", "year") if meta.get(key)
    ]
    return f'<p class="meta">{" · ".join(shown)}</p>' if shown else ""


def _summary_dict(result: CheckResult, min_severity: str | None) -> dict[str, Any]:
    """What the corpus summary needs of a record, with beads below the minimum unflagged."""
    beads = []
    for bead in result.beads:
        visible = reported(bead, min_severity) or bead.dismissed is not None
        beads.append({"score": bead.score, "flags": list(bead.flags) if visible else [],
                      "checks": list(bead.checks) if visible else [],
                      "severity": bead_severity(bead), "dismissed": bead.dismissed})
    return {"id": result.id, "status": result.status, "beads": beads}


def _picture(result: CheckResult) -> str:
    svg = heatmap_svg(result.en, result.fr, [bead.to_dict() for bead in result.beads],
                      title=f"record {result.id}")
    return (f'<figure class="picture">{svg}<figcaption>Sentence similarity: rows English, '
            "columns French; the alignment path and the flagged beads outlined, additions and "
            "omissions shaded.</figcaption></figure>")


def _beads_table(result: CheckResult, min_severity: str | None = None) -> str:
    rows = "".join(_bead_row(result, index, bead, min_severity)
                   for index, bead in enumerate(result.beads))
    return (
        '<table class="beads"><colgroup><col class="idx"><col><col><col class="info">'
        "</colgroup><thead><tr><th>#</th><th>English</th><th>Français</th>"
        f"<th>score, flags</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _bead_row(result: CheckResult, index: int, bead: Bead, min_severity: str | None = None
              ) -> str:
    score = "—" if bead.score is None else f"{bead.score:.2f}"
    shown = reported(bead, min_severity)
    dismissed = bead.flagged and bead.dismissed is not None
    codes = bead.flags + bead.checks if (shown or dismissed) else ()
    chips = "".join(f'<span class="chip">{esc(flag)}</span>' for flag in codes)
    level = bead_severity(bead) if codes else None
    badge = f'<span class="sev {esc(level)}">{esc(level)}</span> ' if level else ""
    if dismissed:
        badge = (f'<span class="sev dismissed">dismissed</span> '
                 f'<span class="why">{esc(dismissal_text(bead.dismissed))}</span> ')
    reason = bead.details.get("reason") if bead.details and codes else None
    why = f'<div class="why">{esc(reason)}</div>' if reason else ""
    css = ' class="flagged"' if shown else ' class="dismissed"' if dismissed else ""
    spans = list(bead.evidence) if codes else []
    return (
        f"<tr{css}><td>{index}</td><td>{_sentences(result.en, bead.en, 'en', spans)}</td>"
        f"<td>{_sentences(result.fr, bead.fr, 'fr', spans)}</td>"
        f"<td>{badge}score {score} {chips}{why}</td></tr>"
    )


def _sentences(sentences: list[str], indexes: tuple[int, ...], side: str = "",
               spans: list[dict[str, Any]] | None = None) -> str:
    if not indexes:
        return '<span class="nothing">(nothing)</span>'
    return "".join(
        f'<span class="sent"><span class="n">{i}</span>'
        f"{marked(sentences[i], _spans_of(spans, side, i))}</span>"
        for i in indexes
    )


def _spans_of(spans: list[dict[str, Any]] | None, side: str, sentence: int
              ) -> list[dict[str, Any]]:
    return [s for s in spans or [] if s["side"] == side and s["sentence"] == sentence]


def marked(text: str, spans: list[dict[str, Any]]) -> str:
    """``text`` escaped, with each evidence span in a ``<mark>`` (overlaps merged into the
    first; a whole-sentence span is class ``sentence``)."""
    out, position = [], 0
    for item in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = max(item["start"], position), item["end"]
        if end <= start or text[item["start"]:item["end"]] != item.get("text"):
            continue
        kind = "sentence" if item.get("kind") == "sentence" else "ev"
        out.append(esc(text[position:start]))
        out.append(f'<mark class="{kind}" title="{esc(item.get("flag", ""))}">'
                   f"{esc(text[start:end])}</mark>")
        position = end
    out.append(esc(text[position:]))
    return "".join(out)
