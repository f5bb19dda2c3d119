"""Readers: every line of input becomes a record, bad lines included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.readers import detect_format, read_file, read_records, read_text_pair


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_jsonl_keeps_order_and_carries_other_keys_as_meta(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "en": "One.", "fr": "Un.", "doi": "10.1/x", "year": 2020},
        {"id": "b", "en": ["One.", "Two."], "fr": ["Un.", "Deux."]},
    ]
    path = write(tmp_path / "in.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    records = list(read_file(path))
    assert [r.id for r in records] == ["a", "b"]
    assert records[0].meta == {"doi": "10.1/x", "year": 2020}
    assert records[1].en == ["One.", "Two."]
    assert [r.line for r in records] == [1, 2]


def test_invalid_json_line_becomes_a_record_with_its_line_number(tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", '{"id": "a", "en": "x", "fr": "y"}\n{oops\n[1, 2]\n')
    records = list(read_file(path))
    assert len(records) == 3
    assert records[0].problem is None
    assert "line 2" in records[1].problem and "invalid JSON" in records[1].problem
    assert "line 3" in records[2].problem and "list" in records[2].problem


def test_blank_lines_are_not_records(tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", '\n{"id": "a"}\n   \n{"id": "b"}\n')
    assert [r.id for r in read_file(path)] == ["a", "b"]


def test_binary_garbage_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "en": "x", "fr": "y"}\n\xff\xfe\x00\x81garbage\n{"id": "b"}\n')
    records = list(read_file(str(path)))
    assert [r.id for r in records] == ["a", None, "b"]
    assert records[1].problem and "line 2" in records[1].problem


@pytest.mark.parametrize("suffix, delimiter", [(".csv", ","), (".tsv", "\t")])
def test_delimited_files_with_extra_columns(tmp_path: Path, suffix: str, delimiter: str) -> None:
    text = delimiter.join(["id", "en", "fr", "journal"]) + "\n"
    text += delimiter.join(["r1", "Hello.", "Bonjour.", "J"]) + "\n"
    records = list(read_file(write(tmp_path / f"in{suffix}", text)))
    assert len(records) == 1
    assert (records[0].id, records[0].en, records[0].fr) == ("r1", "Hello.", "Bonjour.")
    assert records[0].meta == {"journal": "J"}


def test_csv_with_quoted_newlines_and_bom(tmp_path: Path) -> None:
    text = '\ufeffid,en,fr\nr1,"Line one.\nLine two.","Ligne un, deux."\n'
    records = list(read_file(write(tmp_path / "in.csv", text)))
    assert records[0].id == "r1"
    assert records[0].en == "Line one.\nLine two."


def test_csv_missing_column_names_it(tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", "id,en\nr1,Hello.\n")
    with pytest.raises(InputError, match=r"missing column\(s\) fr"):
        list(read_file(path))


def test_empty_file_gives_no_records_and_no_error(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.jsonl", "")
    assert list(read_file(path)) == []


def test_format_detection_by_content(tmp_path: Path) -> None:
    assert detect_format(write(tmp_path / "a.txt", '{"id": 1}\n')) == "jsonl"
    assert detect_format(write(tmp_path / "b.txt", "id\ten\tfr\n")) == "tsv"
    assert detect_format(write(tmp_path / "c.txt", "id,en,fr\n")) == "csv"
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format(write(tmp_path / "d.txt", "just words\n"))


def test_unreadable_inputs_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        list(read_records([str(tmp_path / "absent.jsonl")]))
    # a directory is read (its journal files ingested); an empty one is a record with a reason
    empty = tmp_path / "empty"
    empty.mkdir()
    records = list(read_records([str(empty)]))
    assert len(records) == 1 and "directory contains no files" in records[0].problem


def test_text_pair(tmp_path: Path) -> None:
    en = write(tmp_path / "abs_en.txt", "One. Two.")
    fr = write(tmp_path / "abs_fr.txt", "Un. Deux.")
    record = read_text_pair(en, fr)
    assert (record.id, record.en, record.fr) == ("abs_en", "One. Two.", "Un. Deux.")
