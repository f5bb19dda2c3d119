"""The command line: documented options, contract output, clear usage errors."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aligner.cli import LAZY_COMMANDS, main
from aligner.records import FLAGS
from tests.contract import assert_contract_record

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = re.compile(r"\b(example|e\.g\.)", re.IGNORECASE)


def all_commands() -> list[str]:
    return sorted(set(main.list_commands(click.Context(main))) | set(LAZY_COMMANDS))


@pytest.mark.parametrize("name", all_commands())
def test_every_option_is_explained_with_an_example(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None and command.help, f"{name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            text = param.help or ""
            assert text, f"aligner {name} {param.opts[0]} has no help"
            assert EXAMPLE.search(text) or param.is_flag or param.secondary_opts, (
                f"aligner {name} {param.opts[0]}: help should show an example: {text!r}"
            )
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_top_level_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in all_commands():
        assert name in result.output


def test_every_flag_code_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for flag in FLAGS:
        assert f"`{flag}`" in readme, f"flag {flag} is not explained in README.md"


def test_text_pair_input(tmp_path: Path) -> None:
    en = tmp_path / "paper_en.txt"
    fr = tmp_path / "paper_fr.txt"
    en.write_text("We studied sleep. Results were clear.", encoding="utf-8")
    fr.write_text("Nous avons étudié le sommeil. Les résultats étaient clairs.", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["check", "--en", str(en), "--fr", str(fr), "--scorer", "lexical", "--format", "jsonl"],
    )
    assert result.exit_code == 0, repr(result.exception)
    [out] = [json.loads(line) for line in result.stdout.splitlines()]
    assert_contract_record(out)
    assert out["id"] == "paper_en" and out["status"] == "ok"
    assert len(out["en"]) == 2 and len(out["fr"]) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["check"], "no input"),
        (["check", "--en", "README.md"], "--en and --fr go together"),
        (["check", "README.md", "--en", "README.md", "--fr", "README.md"], "not both"),
        (["check", "missing-file.jsonl"], "cannot open"),
        (["check", "x.jsonl", "--scheduler", "tcp://h:1"], "--scheduler goes with"),
    ],
)
def test_usage_errors_are_one_clear_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert message in result.output


def test_output_file_and_default_format_off_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "in.tsv"
    source.write_text("id\ten\tfr\nr1\tOne sentence.\tUne phrase.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["check", str(source), "--scorer", "lexical", "-o", str(out)])
    assert result.exit_code == 0, repr(result.exception)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["r1"]


def test_table_report_summarises_and_shows_flagged_beads(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    record = {
        "id": "r1",
        "en": ["The trial enrolled patients.", "Pain decreased."],
        "fr": ["L'essai a inclus des patients.", "La douleur a diminué."],
    }
    missing = {"id": "r2", "en": "Only English here."}
    source.write_text(json.dumps(record) + "\n" + json.dumps(missing) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(source), "--scorer", "lexical", "--format", "table"]
    )
    assert result.exit_code == 0, repr(result.exception)
    assert "== r1 [ok] 2 EN / 2 FR" in result.stdout
    assert "== r2 [missing_fr]" in result.stdout and "no French abstract" in result.stdout
    assert "2 record(s): missing_fr 1, ok 1" in result.stdout


def test_csv_report_says_why_each_bead_is_flagged(tmp_path: Path) -> None:
    """A journal opening the spreadsheet reads the reason beside the flag."""
    source = tmp_path / "in.jsonl"
    record = {
        "id": "r1",
        "en": ["We enrolled 120 patients with type 2 diabetes.", "Pain decreased."],
        "fr": ["Nous avons inclus 150 patients atteints de diabète de type 2.",
               "La douleur a diminué."],
    }
    source.write_text(json.dumps(record) + "\n" + json.dumps({"id": "r2", "en": "Only.", "fr": ""})
                      + "\n", encoding="utf-8")
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(
        main, ["check", str(source), "--scorer", "lexical", "--format", "csv", "-o", str(out)]
    )
    assert result.exit_code == 0, repr(result.exception)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    flagged = [row for row in rows if row["flags"]]
    assert [row["flags"] for row in flagged] == ["number_mismatch"]
    assert "120" in flagged[0]["flag_reason"] and "150" in flagged[0]["flag_reason"]
    assert all(row["flag_reason"] == "" for row in rows if not row["flags"])
    assert rows[-1]["status"] == "missing_fr" and rows[-1]["flag_reason"] == ""
