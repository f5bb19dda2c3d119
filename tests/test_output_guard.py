"""`export` and `ingest` refuse an output that would destroy or feed back into an input.

`check` has had this guard since issue 28 (tests/test_durability.py); the same mistake
with `export out.jsonl -o out.jsonl` used to replace the results with their export, and
`ingest folder/ -o folder/corpus.jsonl` read its own half-written output back.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.output_guard import refuse_output_over_inputs

PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" xml:lang="en"><front><article-meta>
<article-id pub-id-type="doi">10.1000/guard.1</article-id>
<abstract><p>We measured the water level in twelve wells over three dry summers.</p></abstract>
<trans-abstract xml:lang="fr"><p>Nous avons mesuré le niveau de l'eau dans douze puits
pendant trois étés secs.</p></trans-abstract>
</article-meta></front></article>
"""


def _results(path: Path) -> bytes:
    record = {"id": "r1", "status": "ok", "en": ["One."], "fr": ["Un."], "beads": []}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path.read_bytes()


def test_export_over_its_results_is_refused_and_results_survive(tmp_path: Path) -> None:
    results = tmp_path / "out.jsonl"
    before = _results(results)
    outcome = CliRunner().invoke(main, ["export", str(results), "--format", "jsonl",
                                        "-o", str(results)])
    assert outcome.exit_code == 2
    assert "would destroy the input" in outcome.output
    assert results.read_bytes() == before


def test_export_over_the_review_database_is_refused(tmp_path: Path) -> None:
    results = tmp_path / "out.jsonl"
    _results(results)
    db = tmp_path / "review.sqlite"
    db.write_bytes(b"not really sqlite, but it must survive")
    outcome = CliRunner().invoke(main, ["export", str(results), "--db", str(db),
                                        "--format", "csv", "-o", str(db)])
    assert outcome.exit_code == 2
    assert db.read_bytes() == b"not really sqlite, but it must survive"


def test_ingest_over_an_input_file_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text(PAGE, encoding="utf-8")
    outcome = CliRunner().invoke(main, ["ingest", str(page), "-o", str(page)])
    assert outcome.exit_code == 2
    assert page.read_text(encoding="utf-8") == PAGE


def test_ingest_output_inside_an_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.xml").write_text(PAGE, encoding="utf-8")
    target = folder / "corpus.jsonl"
    outcome = CliRunner().invoke(main, ["ingest", str(folder), "-o", str(target)])
    assert outcome.exit_code == 2
    assert "inside the input folder" in outcome.output
    assert not target.exists()


def test_ingest_output_beside_the_folder_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.xml").write_text(PAGE, encoding="utf-8")
    target = tmp_path / "corpus.jsonl"
    outcome = CliRunner().invoke(main, ["ingest", str(folder), "-o", str(target)])
    assert outcome.exit_code == 0, outcome.output
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize("output", ["-", "elsewhere.jsonl"])
def test_stdout_and_new_files_pass(tmp_path: Path, output: str) -> None:
    given = tmp_path / "in.jsonl"
    given.write_text("{}\n", encoding="utf-8")
    refuse_output_over_inputs(str(tmp_path / output) if output != "-" else output,
                              [str(given), None, "-"])


def test_a_hard_link_is_the_same_file(tmp_path: Path) -> None:
    given = tmp_path / "in.jsonl"
    given.write_text("{}\n", encoding="utf-8")
    alias = tmp_path / "alias.jsonl"
    alias.hardlink_to(given)
    with pytest.raises(click.UsageError, match="would destroy"):
        refuse_output_over_inputs(str(alias), [str(given)])
