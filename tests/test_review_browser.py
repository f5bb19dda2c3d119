"""The review app driven in a real headless browser (Debian's chromium through Playwright).

Skipped with a message when chromium or the playwright package is missing
(``scripts/run_tests.sh`` installs both). No browser is ever downloaded: Playwright is
pointed at the system's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.review.app import ReviewApp
from aligner.review.server import ReviewServer
from aligner.review.store import DecisionStore
from tests.review_data import FLAGGED_INPUT, INSERTED_FR, run_check

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> str:
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.skip("needs Debian's chromium (apt-get install chromium); not installed")
    return executable


def sync_playwright_or_skip():  # noqa: ANN201 - the playwright type is optional
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("needs the playwright Python package (the [test] extra); not installed")
    return sync_playwright


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[ReviewServer]:
    results = run_check(tmp_path, FLAGGED_INPUT)
    app = ReviewApp(results, DecisionStore(tmp_path / "review.sqlite"), "browser-test")
    srv = ReviewServer(app, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_confirm_dismiss_reload_export(server: ReviewServer, tmp_path: Path) -> None:
    executable = chromium_or_skip()
    sync_playwright = sync_playwright_or_skip()
    from playwright.sync_api import expect

    queue = server.app.index.queue  # what the checker flagged, most severe first
    total = len(queue)
    assert total >= 2 and queue[0].record_id == "added" and "addition" in queue[0].flags
    second = queue[1]
    expect.set_options(timeout=20_000)  # CI machines can be slow; nothing here is timed
    dialogs: list[str] = []
    page_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(server.url)
            progress = page.locator("#progress-text")
            expect(progress).to_contain_text(f"0 / {total} flagged beads reviewed")

            # The most severe item (the inserted French sentence) opens first.
            expect(page.locator("tr.current")).to_contain_text(INSERTED_FR)
            expect(page.locator(".record-head h1")).to_have_text("added — Mice & <men>")
            page.get_by_role("button", name="Confirm flag").click()
            expect(progress).to_contain_text(f"1 / {total} flagged beads reviewed")

            # The app moved on to the next item; dismiss it with the keyboard.
            expect(page).to_have_url(re.compile(f"r={second.pos}&b={second.bead}$"))
            expect(page.locator("tr.current")).to_have_attribute("data-bead", str(second.bead))
            page.keyboard.press("d")
            expect(progress).to_contain_text(f"2 / {total} flagged beads reviewed")

            # A note on that bead, through the keyboard as well.
            page.goto(f"{server.url}#r={second.pos}&b={second.bead}")
            page.reload()
            expect(page.locator("tr.current")).to_have_attribute("data-bead", str(second.bead))
            page.keyboard.press("n")
            page.keyboard.type("checked against the PDF")
            page.keyboard.press("Control+Enter")
            expect(page.locator("#message")).to_have_text("Note saved.")

            page.reload()
            expect(progress).to_contain_text(f"2 / {total} flagged beads reviewed")
            expect(page.locator("#queue li")).to_have_count(total)
            decisions = page.locator("#queue li").evaluate_all(
                "items => items.map(li => li.dataset.decision)"
            )
            assert decisions == ["confirmed", "dismissed"] + [""] * (total - 2)
            expect(page.locator("#queue li").nth(0)).to_contain_text("confirmed divergence")
            expect(page.locator("#note")).to_have_value("checked against the PDF")
        finally:
            browser.close()
    assert not dialogs, f"input text was executed: {dialogs}"
    assert not page_errors, page_errors

    out = tmp_path / "journal.csv"
    result = CliRunner().invoke(
        main,
        [
            "export",
            str(server.app.index.path),
            "--db",
            str(server.app.store.path),
            "--format",
            "csv",
            "-o",
            str(out),
            "--flagged-only",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    decided = {
        (row.record_id, int(row.bead)): (row.decision, row.note, row.reviewer)
        for row in table.itertuples()
        if row.decision
    }
    assert decided == {
        ("added", queue[0].bead): ("confirmed", "", "browser-test"),
        (second.record_id, second.bead): ("dismissed", "checked against the PDF", "browser-test"),
    }
    assert len(table) == total, "--flagged-only: one row per flagged bead"
