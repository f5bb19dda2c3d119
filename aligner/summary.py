"""The corpus at a glance: flagged beads by kind and severity, a score histogram, and the
worst records first. Fed one results record (a contract dict) at a time, so it streams.

"Worst" is the order a curator should open records in: most critical beads first, then
most major, then most minor, then the lowest bead score. Dismissed beads count apart and
never make a record worse. Used by the HTML report and the review app's summary page.
"""

from __future__ import annotations

import heapq
import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aligner.records import FLAGS
from aligner.severity import LEVELS, severity_of

HISTOGRAM_BINS = 10
WORST_SHOWN = 25


@dataclass(order=True)
class RankedRecord:
    """A record's place in the worst-first order (the sort key first)."""

    key: tuple[int, int, int, float]
    position: int
    record_id: str = field(compare=False)
    counts: dict[str, int] = field(compare=False)
    min_score: float | None = field(compare=False)


def _codes(bead: dict[str, Any]) -> list[str]:
    return [str(c) for c in (bead.get("flags") or []) + (bead.get("checks") or [])]


def _bead_level(bead: dict[str, Any]) -> str | None:
    codes = _codes(bead)
    if not codes:
        return None
    level = bead.get("severity")
    return str(level) if level in LEVELS else min(
        (severity_of(c) for c in codes), key=LEVELS.index)


class CorpusSummary:
    """Counts over a stream of results records (see the module docstring)."""

    def __init__(self, worst_shown: int = WORST_SHOWN) -> None:
        self.records = 0
        self.statuses: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.levels: Counter[str] = Counter()
        self.histogram = [0] * HISTOGRAM_BINS
        self.worst_shown = worst_shown
        self._worst: list[tuple[tuple[int, int, int, float], int, RankedRecord]] = []

    def add(self, record: dict[str, Any]) -> None:
        position = self.records
        self.records += 1
        self.statuses[str(record.get("status", ""))] += 1
        counts = {level: 0 for level in (*LEVELS, "dismissed")}
        scores = []
        for bead in record.get("beads") or []:
            score = bead.get("score")
            if isinstance(score, (int, float)):
                scores.append(float(score))
                self.histogram[min(HISTOGRAM_BINS - 1, int(score * HISTOGRAM_BINS))] += 1
            level = _bead_level(bead)
            if level is None:
                continue
            if bead.get("dismissed"):
                counts["dismissed"] += 1
                self.levels["dismissed"] += 1
                continue
            counts[level] += 1
            self.levels[level] += 1
            self.codes.update(str(c) for c in _codes(bead))
        if not any(counts[level] for level in LEVELS):
            return
        low = min(scores) if scores else None
        key = (-counts["critical"], -counts["major"], -counts["minor"],
               low if low is not None else 1.0)
        ranked = RankedRecord(key, position, str(record.get("id", "")), counts, low)
        # A max-heap on the sort key keeps the worst ``worst_shown`` in bounded memory.
        inverted = (tuple(-k for k in key), -position, ranked)
        if len(self._worst) < self.worst_shown:
            heapq.heappush(self._worst, inverted)  # type: ignore[arg-type]
        elif inverted > self._worst[0]:  # type: ignore[operator]
            heapq.heapreplace(self._worst, inverted)  # type: ignore[arg-type]

    def worst(self) -> list[RankedRecord]:
        """The worst records, worst first."""
        return sorted(item[2] for item in self._worst)

    def to_dict(self) -> dict[str, Any]:
        known = [c for c in FLAGS if self.codes[c]] + sorted(set(self.codes) - set(FLAGS))
        return {
            "records": self.records,
            "statuses": dict(self.statuses),
            "flagged_beads_by_kind": {code: self.codes[code] for code in known},
            "flagged_beads_by_severity": {level: self.levels[level]
                                          for level in (*LEVELS, "dismissed")},
            "score_histogram": {"bins": HISTOGRAM_BINS, "counts": list(self.histogram)},
            "worst_records": [{"position": r.position, "id": r.record_id, "counts": r.counts,
                               "min_score": r.min_score} for r in self.worst()],
        }


def histogram_svg(counts: list[int], width: int = 320, height: int = 120) -> str:
    """Bead scores in equal bins over [0, 1] as an SVG bar chart (each bar with a tooltip)."""
    top = max(counts) if counts and max(counts) else 1
    bar = width / max(len(counts), 1)
    bars = []
    for index, count in enumerate(counts):
        h = (height - 20) * count / top
        low, high = index / len(counts), (index + 1) / len(counts)
        bars.append(
            f'<rect class="bar" x="{index * bar + 1:.1f}" y="{height - 14 - h:.1f}" '
            f'width="{bar - 2:.1f}" height="{h:.1f}" fill="#3f6fb5">'
            f"<title>score {low:.1f}-{high:.1f}: {count} bead(s)</title></rect>")
    axis = (f'<text x="0" y="{height - 2}" font-size="10">0</text>'
            f'<text x="{width - 8}" y="{height - 2}" font-size="10">1</text>'
            f'<text x="{width / 2 - 30:.0f}" y="{height - 2}" font-size="10">bead score</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="histogram" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f"<title>bead score histogram</title>{''.join(bars)}{axis}</svg>")


def summary_html(summary: CorpusSummary, link: str = "#r{position}") -> str:
    """The summary as an HTML fragment: tables by severity and by kind, the histogram, and
    the worst records linked with ``link`` (formatted with the record's 0-based position)."""
    data = summary.to_dict()
    levels = "".join(f'<tr><td><span class="sev {html.escape(level)}">{html.escape(level)}'
                     f'</span></td><td class="n">{count}</td></tr>'
                     for level, count in data["flagged_beads_by_severity"].items())
    kinds = "".join(f'<tr><td>{html.escape(code)}</td><td class="n">{count}</td></tr>'
                    for code, count in data["flagged_beads_by_kind"].items())
    worst = "".join(
        f'<li><a href="{html.escape(link.format(position=r["position"]))}">'
        f'{html.escape(r["id"])}</a> '
        + ", ".join(f"{n} {level}" for level, n in r["counts"].items() if n)
        + (f"; lowest score {r['min_score']:.2f}" if r["min_score"] is not None else "")
        + "</li>" for r in data["worst_records"])
    return (
        '<div class="corpus-summary">'
        f"<table><tr><th>severity</th><th>beads</th></tr>{levels}</table>"
        f"<table><tr><th>kind</th><th>beads</th></tr>{kinds or '<tr><td>none</td></tr>'}"
        f"</table><figure>{histogram_svg(data['score_histogram']['counts'])}"
        "<figcaption>bead scores</figcaption></figure>"
        f"<h3>Worst records first</h3><ol class=\"worst\">{worst or '<li>none flagged</li>'}"
        "</ol></div>")
