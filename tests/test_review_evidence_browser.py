"""Evidence, dismissals and the similarity picture in a real headless browser (chromium
through Playwright, as tests/test_review_browser.py; skipped with a message without them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.review.app import ReviewApp
from aligner.review.server import ReviewServer
from aligner.review.store import DecisionStore
from tests.review_data import FLAGGED_INPUT, invoke_check, read_jsonl, run_check, write_jsonl
from tests.test_review_browser import CHROMIUM_ARGS, chromium_or_skip, sync_playwright_or_skip

pytestmark = pytest.mark.browser


def serve(results: Path, db: Path) -> ReviewServer:
    srv = ReviewServer(ReviewApp(results, DecisionStore(db), "browser-test"), "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture()
def browser_page() -> Iterator:  # noqa: ANN201 - playwright types are optional
    executable = chromium_or_skip()
    sync_playwright = sync_playwright_or_skip()
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # nothing here is timed
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
        finally:
            browser.close()
    assert not errors, errors


def test_number_change_is_highlighted_and_heatmap_renders(tmp_path: Path, browser_page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    results = run_check(tmp_path, FLAGGED_INPUT)
    srv = serve(results, tmp_path / "review.sqlite")
    try:
        item = next(i for i in srv.app.index.queue if i.record_id == "numbers")
        page = browser_page
        page.goto(f"{srv.url}#r={item.pos}&b={item.bead}")
        row = page.locator("tr.current")
        expect(row).to_contain_text("120")
        marks = row.locator("mark.ev")
        expect(marks).to_have_count(2)
        assert marks.all_inner_texts() == ["120", "340"]
        expect(marks.first).to_be_visible()
        background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the mark is coloured"
        expect(row.locator(".level")).to_have_text("critical")

        heatmap = page.locator("img#heatmap")
        expect(heatmap).to_be_visible()
        page.wait_for_function("() => document.getElementById('heatmap').complete")
        assert heatmap.evaluate("img => img.naturalWidth") > 0, "the SVG was drawn"
        svg = page.request.get(f"{srv.url}api/heatmap/{item.pos}").text()
        assert 'class="bead flagged"' in svg and "<title>EN 0 / FR 0" in svg

        page.goto(f"{srv.url}summary")
        expect(page.locator("ol.worst li").first).to_be_visible()
        expect(page.locator("svg.histogram")).to_be_visible()
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_dismissal_survives_a_rerun(tmp_path: Path, browser_page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    results = run_check(tmp_path, FLAGGED_INPUT)
    db = tmp_path / "review.sqlite"
    srv = serve(results, db)
    page = browser_page
    try:
        item = next(i for i in srv.app.index.queue if i.record_id == "numbers")
        page.goto(f"{srv.url}#r={item.pos}&b={item.bead}")
        expect(page.locator("tr.current mark.ev").first).to_be_visible()
        page.keyboard.press("d")
        expect(page.locator("#message")).to_contain_text("dismissed")
    finally:
        srv.shutdown()
        srv.server_close()

    # The corpus comes back re-ordered, the record renamed: check it with the decisions.
    rerun_input = [dict(r) for r in reversed(FLAGGED_INPUT)]
    for record in rerun_input:
        if record["id"] == "numbers":
            record["id"] = "numbers-again"
    source = write_jsonl(tmp_path / "rerun.input.jsonl", rerun_input)
    rerun = tmp_path / "rerun.jsonl"
    result = invoke_check(source, rerun, "--jobs", "1", "--decisions", str(db))
    assert result.exit_code == 0, result.output
    again = next(r for r in read_jsonl(rerun) if r["id"] == "numbers-again")
    assert again["severity_counts"]["dismissed"] == 1 and again["severity"] is None

    # And the app on the new results shows it dismissed.
    srv = serve(rerun, db)
    try:
        page.goto(srv.url)
        page.locator("#filter-status").select_option("dismissed")
        expect(page.locator("#queue li")).to_have_count(1)
        expect(page.locator("#queue li").first).to_contain_text("numbers-again")
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_pattern_dismissal_from_the_evidence(tmp_path: Path, browser_page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    results = run_check(tmp_path, FLAGGED_INPUT)
    srv = serve(results, tmp_path / "review.sqlite")
    page = browser_page
    try:
        item = next(i for i in srv.app.index.queue if i.record_id == "numbers")
        page.goto(f"{srv.url}#r={item.pos}&b={item.bead}")
        expect(page.locator("#pattern-en")).to_have_value("120")  # filled from the evidence
        expect(page.locator("#pattern-fr")).to_have_value("340")
        page.get_by_role("button", name="Dismiss pattern").click()
        expect(page.locator("#message")).to_contain_text("Saved pattern")
        expect(page.locator("tr.current")).to_contain_text("pattern: 120 <-> 340")
        assert [p.en for p in srv.app.patterns()] == ["120"]
    finally:
        srv.shutdown()
        srv.server_close()
