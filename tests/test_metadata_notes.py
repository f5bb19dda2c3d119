"""The table and HTML reports say what title_check / keywords_check found."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from aligner.cli import main
from aligner.metadata_notes import metadata_notes


def test_passing_title_and_keywords_say_nothing() -> None:
    title = {"en": "Wells", "fr": "Puits", "status": "ok", "score": 0.9, "flags": []}
    keywords = {"status": "ok", "pairs": [{"en": ["wells"], "fr": ["puits"], "flags": []}],
                "unmatched_en": [], "unmatched_fr": [], "flags": []}
    assert metadata_notes(title, keywords) == []
    assert metadata_notes(None, None) == []


def test_flagged_title_names_flag_score_and_both_texts() -> None:
    title = {"en": "Dry wells", "fr": "La pluie en ville", "status": "ok", "score": 0.12,
             "flags": ["low_fidelity"]}
    (line,) = metadata_notes(title, None)
    assert "low_fidelity" in line and "0.12" in line
    assert "Dry wells" in line and "La pluie en ville" in line


def test_missing_sides_and_unmatched_keywords_are_named() -> None:
    title = {"en": "Dry wells", "fr": None, "status": "missing_fr", "score": None, "flags": []}
    keywords = {"status": "ok", "pairs": [], "unmatched_en": [], "unmatched_fr": ["sécurité"],
                "flags": ["addition"]}
    notes = metadata_notes(title, keywords)
    assert notes == ["title: no French title", "keywords: French only: sécurité"]


def _record(tmp_path: Path) -> Path:
    record = {
        "id": "kw1",
        "en": "We measured the water level in twelve wells. Levels fell every summer.",
        "fr": "Nous avons mesuré le niveau de l'eau dans douze puits. "
              "Les niveaux ont baissé chaque été.",
        "title_en": "Water levels in twelve wells",
        "keywords_en": ["groundwater", "wells"],
        "keywords_fr": ["eaux souterraines", "puits", "violence conjugale"],
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_table_and_html_reports_show_title_and_keyword_findings(tmp_path: Path) -> None:
    source = _record(tmp_path)
    jsonl = CliRunner().invoke(main, ["check", str(source), "--scorer", "lexical",
                                      "--format", "jsonl", "--jobs", "1"])
    checked = json.loads(jsonl.stdout.splitlines()[0])
    expected = metadata_notes(checked.get("title_check"), checked.get("keywords_check"))
    assert "title: no French title" in expected
    for output_format in ("table", "html"):
        outcome = CliRunner().invoke(main, ["check", str(source), "--scorer", "lexical",
                                            "--format", output_format, "--jobs", "1"])
        assert outcome.exit_code == 0, outcome.output
        for line in expected:
            assert line in outcome.stdout
    assert "keywords: French only: violence conjugale" in expected
