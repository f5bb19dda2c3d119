"""Hostile input: the run finishes, and every input record comes out with a status."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.cli import main
from aligner.pipeline import Checker, CheckerConfig
from aligner.records import InputRecord
from tests.contract import assert_contract_record
from tests.hostile import hostile_lines


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
    path.write_text("\n".join(hostile_lines()) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_jsonl_output(hostile_file: Path) -> list[dict]:
    result = CliRunner().invoke(
        main, ["check", str(hostile_file), "--scorer", "lexical", "--format", "jsonl"]
    )
    assert result.exit_code == 0, repr(result.exception)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_output_record_per_input_line(hostile_jsonl_output: list[dict]) -> None:
    assert len(hostile_jsonl_output) == len(hostile_lines())
    ids = [out["id"] for out in hostile_jsonl_output]
    assert len(set(ids)) == len(ids), "ids must be unique in the output"


def test_every_output_record_honours_the_contract(hostile_jsonl_output: list[dict]) -> None:
    for out in hostile_jsonl_output:
        assert_contract_record(out)


def by_id(outputs: list[dict], record_id: str) -> dict:
    return next(out for out in outputs if out["id"] == record_id)


@pytest.mark.parametrize(
    "record_id, status, reason_words",
    [
        ("good", "ok", []),
        ("wrong-type-en", "error", ["'en'", "int"]),
        ("wrong-type-fr", "error", ["'fr'", "dict"]),
        ("list-with-number", "error", ["item 1"]),
        ("missing-fr", "missing_fr", ["French"]),
        ("missing-en", "missing_en", ["English"]),
        ("both-missing", "missing_en", ["both"]),
        ("html", "ok", []),
        # Over the sentence limit of aligner.validate (issue 28: bounded memory).
        ("long-doc", "error", ["5,000 sentences", "limit"]),
        ("huge", "ok", []),
    ],
)
def test_status_and_reason(
    hostile_jsonl_output: list[dict], record_id: str, status: str, reason_words: list[str]
) -> None:
    out = by_id(hostile_jsonl_output, record_id)
    assert out["status"] == status, out["reason"]
    for word in reason_words:
        assert word in out["reason"]


def test_bad_lines_are_reported_with_file_and_line(hostile_jsonl_output: list[dict]) -> None:
    errors = [out for out in hostile_jsonl_output if out["status"] == "error"]
    reasons = " | ".join(out["reason"] for out in errors)
    assert "line 4: invalid JSON" in reasons
    assert "line 7: invalid JSON" in reasons
    assert "line 10: expected a JSON object" in reasons


def test_repairs_and_generated_ids_are_noted(hostile_jsonl_output: list[dict]) -> None:
    html = by_id(hostile_jsonl_output, "html")
    assert "<" not in " ".join(html["en"]) and "alert" not in " ".join(html["en"])
    assert any("HTML" in note for note in html["notes"])
    mojibake = by_id(hostile_jsonl_output, "mojibake")
    assert "café" in " ".join(mojibake["en"])
    control = by_id(hostile_jsonl_output, "control")
    assert "\x00" not in json.dumps(control["en"] + control["fr"], ensure_ascii=False)
    generated = [
        out for out in hostile_jsonl_output if any("no id" in n for n in out.get("notes", []))
    ]
    assert generated, "the record without id must get a generated id and a note"
    assert by_id(hostile_jsonl_output, "good#2")["en"][0].startswith("Repeated")


def test_csv_output_has_every_record_and_no_live_formula(hostile_file: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", str(hostile_file), "--scorer", "lexical", "--format", "csv"]
    )
    assert result.exit_code == 0, repr(result.exception)
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len({row["id"] for row in rows}) == len(hostile_lines())
    for row in rows:
        for value in row.values():
            assert not (value or "").startswith(("=", "+", "-", "@")), row


def test_html_output_has_every_record_escaped(hostile_file: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", str(hostile_file), "--scorer", "lexical", "--format", "html"]
    )
    assert result.exit_code == 0, repr(result.exception)
    assert "<script>alert(1)</script>" not in result.stdout
    for record_id in ("good", "good#2", "long-doc", "missing-fr", "wrong-type-en"):
        assert record_id in result.stdout


def test_empty_input_file_gives_empty_output(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(empty), "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_csv_input_missing_a_column_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,english,fr\nr1,Hello.,Bonjour.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad), "--format", "jsonl"])
    assert result.exit_code != 0
    assert "missing column(s) en" in result.output and "bad.csv" in result.output


SIDE = st.one_of(
    st.none(),
    st.text(max_size=300),
    st.lists(st.text(max_size=80), max_size=6),
    st.integers(),
    st.lists(st.one_of(st.text(max_size=20), st.integers()), max_size=3),
)


@pytest.fixture(scope="module")
def lexical_checker() -> Checker:
    return Checker(CheckerConfig(scorer="lexical"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(
        st.tuples(st.one_of(st.none(), st.text(max_size=5), st.integers()), SIDE, SIDE), max_size=6
    )
)
def test_property_one_result_per_record_and_beads_cover(
    lexical_checker: Checker, records: list[tuple[object, object, object]]
) -> None:
    inputs = [
        InputRecord(id=i, en=en, fr=fr, source="gen", line=n + 1)
        for n, (i, en, fr) in enumerate(records)
    ]
    outputs = [result.to_dict() for result in lexical_checker.check_all(inputs)]
    assert len(outputs) == len(inputs)
    for out in outputs:
        assert_contract_record(out)
        json.dumps(out)
