"""Record validation and text repair: bad records get reasons, repairs get notes."""

from __future__ import annotations

import pytest

from aligner.records import InputRecord
from aligner.validate import IdAssigner, clean_text, is_blank, side_problem

CLEANING_CASES = [
    # (raw text, expected cleaned text, a word expected in the notes or None)
    ("Plain text.", "Plain text.", None),
    ("Caf\u00c3\u00a9 and cr\u00c3\u00a8me.", "Café and crème.", "mojibake"),
    ("<p>First.</p><p>Second &amp; third.</p>", "First.\nSecond & third.", "HTML"),
    ("Tom &amp; Jerry &#233;t&eacute;", "Tom & Jerry été", "entities"),
    ("Nul\x00byte and bell\x07 here.", "Nul byte and bell here.", "control"),
    ("Spaces\u00a0\u202fand\ttabs   here.", "Spaces and tabs here.", None),
    ("<script>alert(1)</script>Text.", "Text.", "HTML"),
    ("  \n Line one. \n\n Line two. \n", "Line one.\n\nLine two.", None),
    ("p < 0.05 and n > 3 stay.", "p < 0.05 and n > 3 stay.", None),
    # Typography is the author's, not damage: kept as is, and no repair noted.
    ("L\u2019\u00e9tude \u00ab\u00a0sens\u00a0\u00bb \u201cquoted\u201d.",
     "L\u2019\u00e9tude \u00ab sens \u00bb \u201cquoted\u201d.", None),
    ("The \ufb01rst ligature stays.", "The \ufb01rst ligature stays.", None),
]


@pytest.mark.parametrize("raw, expected, note_word", CLEANING_CASES)
def test_clean_text(raw: str, expected: str, note_word: str | None) -> None:
    cleaned = clean_text(raw)
    assert cleaned.text == expected
    if note_word is None:
        assert cleaned.notes == []
    else:
        assert any(note_word.lower() in note.lower() for note in cleaned.notes), cleaned.notes


def record(record_id: object, line: int = 1) -> InputRecord:
    return InputRecord(id=record_id, en="x", fr="y", source="dir/in.jsonl", line=line)


def test_ids_missing_non_string_and_repeated() -> None:
    assigner = IdAssigner()
    assert assigner.assign(record("a")) == ("a", [])
    generated, notes = assigner.assign(record(None, line=7))
    assert generated == "in.jsonl:7" and "no id" in notes[0]
    number, notes = assigner.assign(record(42))
    assert number == "42" and "int" in notes[0]
    weird, notes = assigner.assign(record({"x": 1}, line=9))
    assert weird == "in.jsonl:9" and "dict" in notes[0]
    again, notes = assigner.assign(record("a"))
    assert again == "a#2" and "repeated" in notes[0]
    third, _ = assigner.assign(record("a"))
    assert third == "a#3"
    clash, _ = assigner.assign(record("a#2"))
    assert clash not in {"a", "a#2", "a#3"}


def test_same_input_gives_same_ids() -> None:
    inputs = [record("a"), record(None, 2), record("a"), record(3)]
    first = [IdAssigner().assign(r)[0] for r in inputs]
    assigner = IdAssigner()
    second = [assigner.assign(r)[0] for r in inputs]
    assert len(set(second)) == len(second)
    assert first[:2] == second[:2]


@pytest.mark.parametrize(
    "value, problem_word",
    [
        ("text", None),
        (["a", "b"], None),
        (None, None),
        (42, "int"),
        ({"text": "x"}, "dict"),
        (["a", 3], "item 1"),
    ],
)
def test_side_problem(value: object, problem_word: str | None) -> None:
    problem = side_problem(value, "fr")
    assert (problem is None) == (problem_word is None)
    if problem_word:
        assert problem_word in problem and "'fr'" in problem


@pytest.mark.parametrize(
    "value, blank", [(None, True), ("", True), ("  \n", True), ([], True), (["", " "], True),
                     ("x", False), (["", "x"], False)]
)
def test_is_blank(value: object, blank: bool) -> None:
    assert is_blank(value) is blank
