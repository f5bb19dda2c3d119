"""A picture instead of a read: the sentence similarity matrix of a record as an SVG heatmap,
with the chosen alignment path and the flagged beads marked.

Rows are English sentences, columns French ones; a cell's darkness is the similarity of
the pair. Each bead is a rectangle over its rows and columns, so the alignment path is the
chain of rectangles from top left to bottom right: an added French sentence (no English
row) is a column band, an omitted English sentence a row band. Flagged beads are drawn in
their severity's colour and thicker; a dismissed bead is dashed. Every cell and bead has a
``<title>`` (a tooltip) with the sentence numbers, the similarity and the flags.

Why server-side SVG: no script and no external asset, so it is allowed by the HTML
report's and the review app's Content-Security-Policy, it prints, and it scales.

The similarity shown is the lexical scorer's (character n-grams and the shipped lexicon,
mean of the two cosines): it needs no model, so any results file can be drawn, whichever
scorer wrote it. The encoders are built once per process. Records with more than
:data:`MAX_SENTENCES` sentences on a side are not drawn (a novel's matrix is millions of
cells); :func:`heatmap_svg` then returns a short note instead.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

MAX_SENTENCES = 120
CELL = 16  # pixels per sentence
MARGIN = 28
SEVERITY_COLOURS = {"critical": "#c62828", "major": "#ef6c00", "minor": "#7b1fa2"}
PATH_COLOUR = "#1b5e20"


@lru_cache(maxsize=1)
def _encoders() -> tuple[Any, ...]:
    from aligner.similarity import encoders_for

    return tuple(encoders_for("lexical").values())


def similarity_matrix(en: Sequence[str], fr: Sequence[str]) -> np.ndarray:
    """Mean cosine of the lexical encoders for every (English, French) sentence pair."""
    if not en or not fr:
        return np.zeros((len(en), len(fr)))
    total = np.zeros((len(en), len(fr)))
    encoders = _encoders()
    for encoder in encoders:
        total += encoder.encode(list(en), "en") @ encoder.encode(list(fr), "fr").T
    return np.clip(total / len(encoders), 0.0, 1.0)


def heatmap_svg(en: Sequence[str], fr: Sequence[str], beads: Sequence[dict[str, Any]],
                matrix: np.ndarray | None = None, title: str = "") -> str:
    """The SVG (an ``<svg>`` element, no XML prolog) of one record; see the module docstring.

    ``beads`` are contract bead dicts (``en``, ``fr``, ``flags``, optional ``checks``,
    ``severity``, ``dismissed``, ``score``).
    """
    if len(en) > MAX_SENTENCES or len(fr) > MAX_SENTENCES:
        return (f'<p class="heatmap-note">No similarity picture: {len(en)} English and '
                f"{len(fr)} French sentences (drawn up to {MAX_SENTENCES} a side).</p>")
    if matrix is None:
        matrix = similarity_matrix(en, fr)
    width = MARGIN + CELL * max(len(fr), 1) + 4
    height = MARGIN + CELL * max(len(en), 1) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_esc(title or 'sentence similarity')}: rows English, columns French</title>",
        _axes(len(en), len(fr)),
        _cells(matrix),
    ]
    parts.extend(_bead_rect(index, bead, len(en), len(fr)) for index, bead in enumerate(beads))
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _axes(n_en: int, n_fr: int) -> str:
    labels = [f'<text x="{MARGIN + CELL * j + CELL / 2}" y="{MARGIN - 6}" class="axis" '
              f'text-anchor="middle" font-size="9">{j}</text>' for j in range(n_fr)]
    labels += [f'<text x="{MARGIN - 4}" y="{MARGIN + CELL * i + CELL * 0.7}" class="axis" '
               f'text-anchor="end" font-size="9">{i}</text>' for i in range(n_en)]
    labels.append(f'<text x="{MARGIN}" y="9" font-size="9">FR →</text>')
    labels.append(f'<text x="2" y="{MARGIN + 10}" font-size="9">EN ↓</text>')
    return "".join(labels)


def _cells(matrix: np.ndarray) -> str:
    cells = []
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            value = float(matrix[i, j])
            shade = int(round(255 - 200 * value))
            cells.append(
                f'<rect class="cell" x="{MARGIN + CELL * j}" y="{MARGIN + CELL * i}" '
                f'width="{CELL}" height="{CELL}" fill="rgb({shade},{shade},255)">'
                f"<title>EN {i} / FR {j}: similarity {value:.2f}</title></rect>")
    return "".join(cells)


def _bead_rect(index: int, bead: dict[str, Any], n_en: int, n_fr: int) -> str:
    """A bead's rectangle; a one-sided bead (addition, omission) is a shaded band across
    the whole matrix: a French column with no English row, an English row with no column."""
    en, fr = list(bead.get("en") or []), list(bead.get("fr") or [])
    codes = [str(c) for c in (bead.get("flags") or []) + (bead.get("checks") or [])]
    y, h = (MARGIN + CELL * en[0], CELL * len(en)) if en else (MARGIN, CELL * max(n_en, 1))
    x, w = (MARGIN + CELL * fr[0], CELL * len(fr)) if fr else (MARGIN, CELL * max(n_fr, 1))
    colour = SEVERITY_COLOURS.get(str(bead.get("severity")), "#c62828") if codes else PATH_COLOUR
    classes = "bead flagged" if codes else "bead"
    dash = ' stroke-dasharray="4 3"' if bead.get("dismissed") else ""
    one_sided = not en or not fr
    fill = f'fill="{colour}" fill-opacity="0.18"' if one_sided else 'fill="none"'
    score = bead.get("score")
    tip = (f"bead {index}: EN {en or '-'} / FR {fr or '-'}"
           + (f", score {float(score):.2f}" if isinstance(score, (int, float)) else "")
           + (f", {', '.join(codes)}" if codes else "")
           + (" (dismissed)" if bead.get("dismissed") else ""))
    return (f'<rect class="{classes}" data-bead="{index}" x="{x}" y="{y}" width="{w}" '
            f'height="{h}" {fill} stroke="{colour}" stroke-width="{2.5 if codes else 1.5}"'
            f"{dash}><title>{_esc(tip)}</title></rect>")
