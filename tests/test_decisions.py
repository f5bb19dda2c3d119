"""Dismissals that stick: review decisions and patterns applied by `aligner check --decisions`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from aligner.cli import main
from aligner.decisions import Dismissals, Pattern, text_digest
from aligner.records import Bead, CheckResult
from aligner.review.app import ReviewApp
from aligner.review.dismissals import load_dismissals
from aligner.review.store import DecisionStore
from tests.review_data import invoke_check, read_jsonl, write_jsonl

NUMBERS = {"id": "numbers", "en": "The cohort included 120 patients.",
           "fr": "La cohorte comprenait 340 patients."}
CLEAN = {"id": "clean", "en": "Water boils.", "fr": "L'eau bout."}


def checked(tmp_path: Path, records: list[dict], *options: str, name: str = "out") -> list[dict]:
    source = write_jsonl(tmp_path / f"{name}.input.jsonl", records)
    output = tmp_path / f"{name}.jsonl"
    result = invoke_check(source, output, "--jobs", "1", *options)
    assert result.exit_code == 0, result.output
    return read_jsonl(output)


def dismiss_in_app(results: Path, db: Path, record_id: str) -> None:
    """Dismiss the first flagged bead of ``record_id`` as the review app does."""
    app = ReviewApp(results, DecisionStore(db), "curator")
    item = next(i for i in app.index.queue if i.record_id == record_id)
    app.decide({"pos": item.pos, "bead": item.bead, "decision": "dismissed"})


def test_a_dismissal_survives_a_rerun_reingestion_and_reordering(tmp_path: Path) -> None:
    first = checked(tmp_path, [NUMBERS, CLEAN])
    assert first[0]["severity"] == "critical"
    db = tmp_path / "review.sqlite"
    dismiss_in_app(tmp_path / "out.jsonl", db, "numbers")

    # Re-ingested under another id, and in another order: still dismissed, not counted.
    renamed = dict(NUMBERS, id="numbers-v2")
    again = checked(tmp_path, [CLEAN, renamed], "--decisions", str(db), name="again")
    bead = next(b for b in again[1]["beads"] if b["flags"])
    assert bead["dismissed"]["reviewer"] == "curator"
    assert bead["flags"] == ["number_mismatch"], "the checker's verdict is kept"
    assert again[1]["severity"] is None
    assert again[1]["severity_counts"] == {"critical": 0, "major": 0, "minor": 0, "dismissed": 1}


def test_changed_text_reopens_the_flag(tmp_path: Path) -> None:
    checked(tmp_path, [NUMBERS])
    db = tmp_path / "review.sqlite"
    dismiss_in_app(tmp_path / "out.jsonl", db, "numbers")
    changed = dict(NUMBERS, fr="La cohorte comprenait 350 patients.")
    again = checked(tmp_path, [changed], "--decisions", str(db), name="again")
    bead = next(b for b in again[0]["beads"] if b["flags"])
    assert "dismissed" not in bead and again[0]["severity"] == "critical"


def test_table_shows_dismissed_beads_apart(tmp_path: Path) -> None:
    checked(tmp_path, [NUMBERS])
    db = tmp_path / "review.sqlite"
    dismiss_in_app(tmp_path / "out.jsonl", db, "numbers")
    source = write_jsonl(tmp_path / "t.input.jsonl", [NUMBERS])
    out = tmp_path / "t.txt"
    assert invoke_check(source, out, "--jobs", "1", "--decisions", str(db),
                        output_format="table").exit_code == 0
    table = out.read_text("utf-8")
    assert "dismissed by curator" in table and "(not counted)" in table
    assert "flagged beads: none" in table and "by severity: dismissed 1" in table


def _bead_with(flag: str, spans: list[dict]) -> Bead:
    return Bead((0,), (0,), 0.9, flags=(flag,), severity="critical", evidence=tuple(spans))


def test_a_pattern_covers_a_finding_only_when_all_its_spans_are_covered() -> None:
    en, fr = ["DNA and TP53 were sampled."], ["L'ARN et TP63 ont été prélevés."]
    spans = [{"flag": "identifier_changed", "side": "en", "sentence": 0, "start": 0, "end": 3,
              "text": "DNA"},
             {"flag": "identifier_changed", "side": "fr", "sentence": 0, "start": 2, "end": 5,
              "text": "ARN"}]
    result = CheckResult("r", "ok", en=en, fr=fr, beads=[_bead_with("identifier_changed", spans)])
    dna_arn = Dismissals(patterns=[Pattern("DNA", "ARN", reviewer="a")])
    assert dna_arn.apply(result).beads[0].dismissed["pattern"] == "DNA <-> ARN"

    fresh = CheckResult("r", "ok", en=en, fr=fr, beads=[_bead_with("identifier_changed", spans)])
    other_flag = Dismissals(patterns=[Pattern("DNA", "ARN", flag="number_mismatch")])
    assert other_flag.apply(fresh).beads[0].dismissed is None
    partial = Dismissals(patterns=[Pattern("DNA", "ADN")])  # French ARN not covered
    assert partial.apply(fresh).beads[0].dismissed is None


def test_patterns_export_import_and_apply(tmp_path: Path) -> None:
    runner = CliRunner()
    db, other = tmp_path / "review.sqlite", tmp_path / "other.sqlite"
    added = runner.invoke(main, ["dismissals", "add-pattern", "--db", str(db), "--en", "120",
                                 "--fr", "340", "--reviewer", "ed", "--note", "typo in PDF"])
    assert added.exit_code == 0, added.output
    exported = tmp_path / "dismissals.json"
    result = runner.invoke(main, ["dismissals", "export", "--db", str(db), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    data = json.loads(exported.read_text("utf-8"))
    assert data["format"] == "aligner-dismissals"
    assert data["patterns"][0]["en"] == "120" and data["patterns"][0]["note"] == "typo in PDF"
    result = runner.invoke(main, ["dismissals", "import", str(exported), "--db", str(other)])
    assert result.exit_code == 0, result.output
    assert load_dismissals(other).patterns[0].fr == "340"

    # The file itself works as --decisions, as does the database it went into.
    for source in (exported, other):
        out = checked(tmp_path, [NUMBERS], "--decisions", str(source), name=source.stem)
        bead = next(b for b in out[0]["beads"] if b["flags"])
        assert bead["dismissed"]["pattern"] == "120 <-> 340"


def test_bead_dismissals_export_with_their_texts(tmp_path: Path) -> None:
    checked(tmp_path, [NUMBERS])
    db = tmp_path / "review.sqlite"
    dismiss_in_app(tmp_path / "out.jsonl", db, "numbers")
    exported = tmp_path / "d.json"
    CliRunner().invoke(main, ["dismissals", "export", "--db", str(db), "-o", str(exported)])
    beads = json.loads(exported.read_text("utf-8"))["beads"]
    assert beads == [{"key": text_digest([NUMBERS["en"]], [NUMBERS["fr"]]),
                      "en": NUMBERS["en"], "fr": NUMBERS["fr"], "note": "",
                      "reviewer": "curator", "decided_at": beads[0]["decided_at"]}]


def test_a_bad_decisions_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    source = write_jsonl(tmp_path / "in.jsonl", [NUMBERS])
    result = invoke_check(source, tmp_path / "o.jsonl", "--decisions", str(bad))
    assert result.exit_code != 0 and "not a dismissals file" in result.output
