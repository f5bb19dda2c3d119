"""The review app's evidence features without a browser: severity filter and sort, check
codes in the queue, evidence sent with beads, pattern dismissals, heatmap and summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aligner.review.app import RequestProblem, ReviewApp
from aligner.review.store import DecisionStore
from tests.review_data import hand_result, write_jsonl
from tests.test_review_server import request, server  # noqa: F401 - the fixture


def corpus() -> list[dict[str, Any]]:
    soft = hand_result("soft", ["A b c."], ["A b c fr."], [([0], [0], 0.10, ["low_fidelity"])])
    hard = hand_result("hard", ["We had 12 rats (p < 0.05)."], ["Nous avions 15 rats (p > 0,05)."],
                       [([0], [0], 0.8, ["number_mismatch"])])
    hard["beads"][0].update(checks=["statistic_mismatch"], severity="critical", evidence=[
        {"flag": "number_mismatch", "side": "en", "sentence": 0, "start": 7, "end": 9,
         "text": "12", "kind": "number"},
        {"flag": "number_mismatch", "side": "fr", "sentence": 0, "start": 12, "end": 14,
         "text": "15", "kind": "number"},
        {"flag": "statistic_mismatch", "side": "en", "sentence": 0, "start": 16, "end": 24,
         "text": "p < 0.05", "kind": "statistic"},
        {"flag": "statistic_mismatch", "side": "fr", "sentence": 0, "start": 0, "end": 3,
         "text": "not what the offsets cover", "kind": "statistic"},
    ])
    minor = hand_result("minor", ["(x)"], ["(x"], [([0], [0], 0.9, [])])
    minor["beads"][0].update(checks=["bracket_unbalanced"], severity="minor", evidence=[])
    return [soft, hard, minor]


@pytest.fixture()
def app(tmp_path: Path) -> ReviewApp:
    results = write_jsonl(tmp_path / "out.jsonl", corpus())
    return ReviewApp(results, DecisionStore(tmp_path / "review.sqlite"), "tester")


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_queue_is_worst_first_with_check_only_beads_included(app: ReviewApp) -> None:
    page = app.queue({})
    assert ids(page) == ["hard", "soft", "minor"]
    assert [item["severity"] for item in page["items"]] == ["critical", "major", "minor"]
    assert page["items"][0]["flags"] == ["number_mismatch", "statistic_mismatch"]


def test_severity_filter_sort_and_check_code_filter(app: ReviewApp) -> None:
    assert ids(app.queue({"severity": "major"})) == ["hard", "soft"]
    assert ids(app.queue({"sort": "score"})) == ["soft", "hard", "minor"]
    assert ids(app.queue({"sort": "record"})) == ["soft", "hard", "minor"]
    assert ids(app.queue({"flag": "bracket_unbalanced"})) == ["minor"]
    with pytest.raises(RequestProblem, match="severity"):
        app.queue({"severity": "grave"})
    with pytest.raises(RequestProblem, match="sort"):
        app.queue({"sort": "random"})


def test_record_sends_only_evidence_that_matches_the_text(app: ReviewApp) -> None:
    bead = app.record(1)["beads"][0]
    assert bead["severity"] == "critical"
    assert [e["text"] for e in bead["evidence"]] == ["12", "15", "p < 0.05"]


def test_a_pattern_covering_every_finding_dismisses_across_the_corpus(app: ReviewApp) -> None:
    app.add_pattern({"en": "12", "fr": "15"})
    assert app.record(1)["beads"][0]["pattern"] is None, "the statistic is still open"
    app.add_pattern({"en": "p < 0.05", "fr": "p > 0,05", "flag": "statistic_mismatch"})
    # The French statistic span was dropped (it did not match its text): nothing to cover
    # it, so the pattern excuses the English span, and the finding is covered.
    assert app.record(1)["beads"][0]["pattern"] == "pattern: 12 <-> 15"
    assert ids(app.queue({"status": "dismissed"})) == ["hard"]
    assert app.progress(app.store.all()) == {"reviewed": 1, "total": 3}
    removed = app.add_pattern({"en": "12", "fr": "15", "remove": True})
    assert removed["removed"] is True and app.record(1)["beads"][0]["pattern"] is None
    with pytest.raises(RequestProblem):
        app.add_pattern({"en": "", "fr": "x"})


def test_heatmap_and_summary_endpoints(server) -> None:  # noqa: ANN001, F811
    status, headers, body = request(server, "GET", "/api/heatmap/1")
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert "<svg" in body and 'class="bead flagged"' in body
    assert "onerror" not in body.replace("&lt;", "<").split("<title>")[0]
    status, headers, page = request(server, "GET", "/summary")
    assert status == 200 and "Worst records first" in page
    assert page.index(">hard<") < page.index(">soft<"), "worst first"
    assert "<img src=x" not in page, "record text escaped"
    status, _h, answer = request(server, "POST", "/api/pattern", {"en": "C.", "fr": "X fr."})
    assert status == 200 and answer["pattern"]["reviewer"] == "tester"
    status, _h, _ = request(server, "POST", "/api/pattern", {"en": "C.", "fr": "X"},
                            headers={"X-Review-Token": "wrong"})
    assert status == 403
