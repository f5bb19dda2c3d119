"""Review server durability (issue 28): 200 concurrent decision POSTs with the server
SIGKILLed midway and restarted: every POST answered 200 is in the database and
PRAGMA integrity_check is ok; two servers on one database do not corrupt it."""

from __future__ import annotations

from pathlib import Path

from tests.durability_kit import concurrent_posts, review_results, start_review, stored_notes


def test_every_answered_post_survives_a_sigkill(tmp_path: Path) -> None:
    results, db = review_results(tmp_path / "out.jsonl"), tmp_path / "review.sqlite"
    process, port, token = start_review(results, db)
    answered = concurrent_posts([(port, token)], 200, kill=process.kill, kill_at=100)
    process.wait()
    assert 0 < len(answered) < 200
    restarted, port, token = start_review(results, db)  # opens (and recovers) the WAL
    restarted.kill()
    restarted.wait()
    notes, integrity = stored_notes(db)
    assert integrity == "ok"
    assert {note for _, _, note in answered} <= set(notes.values())


def test_two_servers_on_one_database(tmp_path: Path) -> None:
    results, db = review_results(tmp_path / "out.jsonl"), tmp_path / "review.sqlite"
    first, second = start_review(results, db), start_review(results, db)
    answered = concurrent_posts([first[1:], second[1:]], 200)
    for process, _, _ in (first, second):
        process.terminate()
        process.wait()
    notes, integrity = stored_notes(db)
    assert integrity == "ok"
    assert len(answered) == 200
    assert {note for _, _, note in answered} == set(notes.values())
