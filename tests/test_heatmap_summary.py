"""The similarity heatmap (aligner.heatmap) and the corpus summary (aligner.summary)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from aligner.heatmap import MAX_SENTENCES, heatmap_svg, similarity_matrix
from aligner.summary import CorpusSummary, summary_html

SVG = "{http://www.w3.org/2000/svg}"


def test_similarity_is_highest_on_the_translation() -> None:
    en = ["The cat sleeps on the sofa.", "Prices rose sharply in 2020."]
    fr = ["Les prix ont fortement augmenté en 2020.", "Le chat dort sur le canapé."]
    matrix = similarity_matrix(en, fr)
    assert matrix.shape == (2, 2)
    assert matrix[0, 1] > matrix[0, 0] and matrix[1, 0] > matrix[1, 1]


def test_heatmap_is_valid_svg_with_path_flagged_beads_and_escaped_text() -> None:
    en = ["We studied <b>ten</b> mice.", "Pain fell."]
    fr = ["Nous avons étudié dix souris.", "Ajout & <script>.", "La douleur a baissé."]
    beads = [{"en": [0], "fr": [0], "flags": [], "score": 0.9},
             {"en": [], "fr": [1], "flags": ["addition"], "severity": "critical"},
             {"en": [1], "fr": [2], "flags": [], "checks": ["bracket_unbalanced"],
              "severity": "minor", "dismissed": {"reviewer": "a"}}]
    svg = heatmap_svg(en, fr, beads, title="r<1>")
    root = ET.fromstring(svg)  # well-formed XML: every text escaped
    cells = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "cell"]
    assert len(cells) == 2 * 3
    rects = {r.get("data-bead"): r for r in root.iter(f"{SVG}rect") if r.get("data-bead")}
    assert rects["0"].get("class") == "bead"
    assert rects["1"].get("class") == "bead flagged"
    assert rects["1"].get("height") == str(16 * 2), "an addition spans every English row"
    assert rects["2"].get("stroke-dasharray"), "a dismissed bead is dashed"
    assert "<script>" not in svg and "r&lt;1&gt;" in svg


def test_a_record_too_large_gets_a_note_not_a_matrix() -> None:
    big = ["A."] * (MAX_SENTENCES + 1)
    assert "No similarity picture" in heatmap_svg(big, ["B."], [])


def _record(record_id: str, levels: list[str], score: float, dismissed: bool = False) -> dict:
    codes = {"critical": "number_mismatch", "major": "low_fidelity", "minor":
             "bracket_unbalanced"}
    beads = [{"score": score, "flags": [], "checks": []}]
    for level in levels:
        bead = {"score": score, "severity": level, "flags": [codes[level]], "checks": []}
        if dismissed:
            bead["dismissed"] = {"reviewer": "x"}
        beads.append(bead)
    return {"id": record_id, "status": "ok", "beads": beads}


def test_summary_counts_and_worst_records_first_in_bounded_memory() -> None:
    summary = CorpusSummary(worst_shown=3)
    for record in [_record("minor", ["minor"], 0.9), _record("two-critical",
                   ["critical", "critical"], 0.8), _record("clean", [], 0.95),
                   _record("major-low", ["major"], 0.1), _record("major-high", ["major"], 0.6),
                   _record("dismissed", ["critical"], 0.2, dismissed=True),
                   _record("one-critical", ["critical"], 0.9)]:
        summary.add(record)
    data = summary.to_dict()
    assert [r["id"] for r in data["worst_records"]] == ["two-critical", "one-critical",
                                                        "major-low"]
    assert data["flagged_beads_by_severity"] == {"critical": 3, "major": 2, "minor": 1,
                                                 "dismissed": 1}
    assert data["flagged_beads_by_kind"]["number_mismatch"] == 3
    assert sum(data["score_histogram"]["counts"]) == 7 + 7  # every scored bead
    page = summary_html(summary, "#r{position}")
    assert re.search(r'<a href="#r1">two-critical</a> 2 critical', page)
