"""Hostile input at size (issue 28): every record out with a status and a specific reason,
in bounded memory, exit status 0.

Encodings (bytes that are not UTF-8, UTF-16/32 with or without a byte-order mark, raw NUL
bytes), a 5 MB abstract, a 20,000-sentence record (as text and as a list), wrong JSON
types, repeated and missing ids, a truncated last line, an over-long line.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.decoding import decoded_lines
from aligner.errors import InputError
from aligner.readers import read_file
from aligner.validate import DEFAULT_MAX_SENTENCES, MAX_SIDE_CHARS

GOOD = {"id": "good", "en": "We studied ten mice.", "fr": "Nous avons étudié dix souris."}
# Peak memory allowed for a run whose every big record is refused: start-up is ~80 MB.
REFUSED_RUN_MAX_RSS_MB = 400


def run_check(path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], list[dict],
                                                 float]:
    """Run `aligner check` on ``path``; (process, output records, peak RSS in MB)."""
    out = path.with_suffix(".out.jsonl")
    command = [sys.executable, "-m", "aligner", "check", str(path), "--scorer", "lexical",
               "--jobs", "1", "--format", "jsonl", "-o", str(out), *extra]
    rss_file = path.with_suffix(".rss")
    shim = [sys.executable, "-c", RSS_SHIM, str(rss_file), *command]
    done = subprocess.run(shim, capture_output=True, text=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return done, records, int(rss_file.read_text()) / 1024


# Runs the command as its child and writes the child's peak RSS (KiB). The run is started
# from this small fresh process, not from pytest: a child forked from a big pytest process
# is charged that process's pages until it execs, so its peak would measure the test session
# (1.3 GB late in a full run), not the checker.
RSS_SHIM = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def jsonl(*objects: object) -> bytes:
    return b"".join(json.dumps(o, ensure_ascii=False).encode() + b"\n" for o in objects)


def records_of(tmp_path: Path, name: str, data: bytes) -> list:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_file(str(path)))


def test_a_latin1_line_is_read_as_windows_1252_with_a_note(tmp_path: Path) -> None:
    line = '{"id": "latin", "en": "Coffee.", "fr": "Le café – l’étude."}\n'
    [record] = records_of(tmp_path, "in.jsonl", line.encode("cp1252"))
    assert record.fr == "Le café – l’étude."
    assert "not UTF-8 (byte 0xe9" in record.notes[0] and "Windows-1252" in record.notes[0]


def test_damaged_utf8_keeps_the_good_characters_and_says_what_was_replaced(
    tmp_path: Path,
) -> None:
    data = '{"id": "mixed", "en": "Caf\u00e9.", "fr": "Caf\u00e9 '.encode() + b'\xff\xfe."}\n'
    [record] = records_of(tmp_path, "in.jsonl", data)
    assert record.en == "Café." and record.fr == "Café \ufffd\ufffd."
    assert "0xff" in record.notes[0] and "replaced" in record.notes[0]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_utf16_and_utf32_jsonl_and_csv_are_read(tmp_path: Path, codec: str) -> None:
    text = jsonl(GOOD, dict(GOOD, id="two")).decode()
    assert [r.id for r in records_of(tmp_path, "in.jsonl", text.encode(codec))] == ["good", "two"]
    table = "id,en,fr\ncsv1,We studied ten mice.,Nous avons étudié dix souris.\n"
    [row] = records_of(tmp_path, "in.csv", table.encode(codec))
    assert (row.id, row.fr) == ("csv1", "Nous avons étudié dix souris.")


def test_an_over_long_line_is_skipped_in_bounded_memory_and_reported() -> None:
    data = b'{"id": "a"}\n' + b"x" * 5000 + b"\n" + b'{"id": "b"}\n'
    lines = list(decoded_lines(io.BufferedReader(io.BytesIO(data)), max_line_bytes=1000))
    assert [line.too_long for line in lines] == [0, 5001, 0]
    assert lines[2].text == '{"id": "b"}\n' and lines[2].number == 3


def test_a_csv_field_over_the_limit_stops_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "limit.csv"
    path.write_bytes(b"id,en,fr\na,b,c\n" + b'x,"' + b"y" * 30 + b'",z\n')
    old = csv.field_size_limit(10)
    try:
        with pytest.raises(InputError, match=r"limit.csv, line 3: not readable as CSV"):
            list(read_file(str(path)))
    finally:
        csv.field_size_limit(old)


def test_hostile_records_at_size_each_come_out_with_a_status_and_reason(tmp_path: Path) -> None:
    short = "Yes. " * 20_000  # 20,000 sentences in 100,000 characters
    lines = jsonl(
        GOOD,
        {"id": "five-mb", "en": "word " * (1024 * 1024), "fr": "Un mot."},
        {"id": "twenty-k-text", "en": short, "fr": "Oui."},
        {"id": "twenty-k-list", "en": ["Yes."] * 20_000, "fr": ["Oui."]},
        {"id": "nul", "en": "Null\x00 byte.", "fr": "Octet\x00 nul."},
        {"id": "types", "en": 3.5, "fr": True},
        {"id": {"nested": 1}, "en": "Dict id.", "fr": "Identifiant dict."},
        {"id": "good", "en": "Repeated id.", "fr": "Identifiant répété."},
        {"en": "No id.", "fr": "Pas d'identifiant."},
        ["a", "list"],
    ) + b'{"id": "cut", "en": "The file ends in the mid'
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(lines)
    done, records, peak_mb = run_check(path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(records) == 11
    by_id = {r["id"]: r for r in records}
    assert by_id["good"]["status"] == "ok" and by_id["good#2"]["status"] == "ok"
    assert f"over the limit of {MAX_SIDE_CHARS:,}" in by_id["five-mb"]["reason"]
    for name in ("twenty-k-text", "twenty-k-list"):
        assert by_id[name]["status"] == "error"
        assert f"20,000 sentences, over the limit of {DEFAULT_MAX_SENTENCES:,}" in by_id[name][
            "reason"]
    assert len(by_id["twenty-k-text"]["en"]) == 20_000  # shown, not dropped
    assert by_id["nul"]["status"] == "ok" and "removed control characters" in " ".join(
        by_id["nul"]["notes"])
    assert "'en' is a float" in by_id["types"]["reason"]
    assert by_id["hostile.jsonl:7"]["status"] == "ok"  # a dict id is replaced, noted
    assert by_id["hostile.jsonl:9"]["status"] == "ok"  # a missing id is generated
    assert "expected a JSON object, found a list" in by_id["hostile.jsonl:10"]["reason"]
    assert "ends in the middle of this record" in by_id["hostile.jsonl:11"]["reason"]
    assert peak_mb < REFUSED_RUN_MAX_RSS_MB, f"peak RSS {peak_mb:.0f} MB"


def test_the_sentence_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl({"id": "many", "en": ["Yes."] * 12, "fr": ["Oui."] * 12}))
    monkeypatch.setenv("ALIGNER_MAX_SENTENCES", "10")
    _, [record], _ = run_check(path)
    assert "12 sentences, over the limit of 10" in record["reason"]
    monkeypatch.setenv("ALIGNER_MAX_SENTENCES", "20")
    _, [record], _ = run_check(path)
    assert record["status"] == "ok"
