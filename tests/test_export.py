"""``aligner export``: CSV for journals, TMX 1.4, JSONL with decisions merged."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.export import EXPORT_CSV_COLUMNS
from aligner.review.app import ReviewApp
from aligner.review.store import DecisionStore
from tests.review_data import hand_result, read_jsonl, write_jsonl

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def corpus() -> list[dict[str, Any]]:
    return [
        hand_result(
            "r1",
            ["We studied 10 mice.", "Results < expectations & more.", "It worked.", "Done."],
            [
                "Nous avons étudié 12 souris.",
                "Résultats < attentes & plus.",
                "Ajout.",
                "Ça a marché.",
                "Fini.",
            ],
            [
                ([0], [0], 0.30, ["number_mismatch"]),  # confirmed: a real divergence
                ([1], [1], 0.95, []),  # unflagged: good
                ([], [2], None, ["addition"]),  # undecided flag
                ([2], [3], 0.40, ["low_fidelity"]),  # dismissed: false alarm, good
                ([3], [4], 0.90, []),
            ],
            doi="10.1000/x\x01y",
            title="=cmd|' /C calc'!A0",
            journal="@Journal",
        ),
        hand_result(
            "r2",
            ["First part.", "Second part."],
            ["Première partie, seconde partie."],
            [([0], [], None, ["omission"]), ([1], [0], 0.5, ["low_fidelity"])],
            title="-2 + 3",
        ),
        {
            "id": "broken",
            "status": "error",
            "reason": "line 3: invalid JSON",
            "en": [],
            "fr": [],
            "beads": [],
            "flags": [],
            "meta": {},
        },
    ]


@pytest.fixture()
def reviewed(tmp_path: Path) -> tuple[Path, Path]:
    results = write_jsonl(tmp_path / "out.jsonl", corpus())
    db = tmp_path / "review.sqlite"
    app = ReviewApp(results, DecisionStore(db), "alice")
    app.decide({"pos": 0, "bead": 0, "decision": "confirmed", "note": "=10 vs 12, tell authors"})
    app.decide({"pos": 0, "bead": 3, "decision": "dismissed"})
    app.decide({"pos": 1, "bead": 0, "decision": "merge_next"})  # omission + next = 2-1
    return results, db


def export(*args: str) -> Any:
    result = CliRunner().invoke(main, ["export", *args])
    return result


def test_csv_round_trips_through_pandas(reviewed: tuple[Path, Path], tmp_path: Path) -> None:
    results, db = reviewed
    out = tmp_path / "journal.csv"
    result = export(str(results), "--db", str(db), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for spreadsheets"
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.columns) == EXPORT_CSV_COLUMNS
    assert len(table) == 5 + 2 + 1, "one row per bead, one for a record without beads"
    first = table.iloc[0]
    assert (first["record_id"], first["decision"], first["reviewer"]) == (
        "r1",
        "confirmed",
        "alice",
    )
    assert first["english"] == "We studied 10 mice." and first["french"].startswith("Nous")
    assert first["flags"] == "number_mismatch" and first["score"] == "0.3000"
    assert first["flag_reason"] == "number_mismatch"  # the bead's details.reason
    assert table.iloc[1]["flag_reason"] == "", "an unflagged bead has no reason"
    assert table.iloc[3]["decision"] == "dismissed"
    assert table.iloc[2]["decision"] == ""
    assert "Résultats < attentes & plus." in set(table["french"])
    assert table.iloc[7]["status"] == "error" and "invalid JSON" in table.iloc[7]["reason"]


def test_csv_neutralises_formulas(reviewed: tuple[Path, Path], tmp_path: Path) -> None:
    results, db = reviewed
    out = tmp_path / "journal.csv"
    export(str(results), "--db", str(db), "--format", "csv", "-o", str(out))
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for value in table.to_numpy().ravel():
        assert not value.startswith(("=", "+", "-", "@")), value
    assert table.iloc[0]["title"] == "'=cmd|' /C calc'!A0"
    assert table.iloc[0]["note"] == "'=10 vs 12, tell authors"


def test_csv_flagged_only(reviewed: tuple[Path, Path], tmp_path: Path) -> None:
    results, db = reviewed
    out = tmp_path / "flagged.csv"
    export(str(results), "--db", str(db), "--format", "csv", "-o", str(out), "--flagged-only")
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(zip(table["record_id"], table["bead"], strict=True)) == [
        ("r1", "0"),
        ("r1", "2"),
        ("r1", "3"),
        ("r2", "0"),
        ("r2", "1"),
    ]
    assert all(table["flags"] != "")


def test_tmx_has_only_known_good_pairs(reviewed: tuple[Path, Path], tmp_path: Path) -> None:
    results, db = reviewed
    out = tmp_path / "pairs.tmx"
    result = export(str(results), "--db", str(db), "--format", "tmx", "-o", str(out))
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for name, value in [
        ("srclang", "en"),
        ("adminlang", "en"),
        ("segtype", "sentence"),
        ("creationtool", "aligner"),
        ("datatype", "plaintext"),
    ]:
        assert header.get(name) == value
    units = root.findall("./body/tu")
    ids = [tu.get("tuid") for tu in units]
    # r1: unflagged 1 and 4, dismissed 3; confirmed 0 and undecided 2 are left out.
    # r2: the reviewer merged the omission into bead 1: one corrected 2-1 pair.
    assert ids == ["r1:1", "r1:3", "r1:4", "r2:0+1"]
    pairs = {
        tu.get("tuid"): {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        for tu in units
    }
    assert pairs["r1:1"] == {
        "en": "Results < expectations & more.",
        "fr": "Résultats < attentes & plus.",
    }
    assert pairs["r2:0+1"]["en"] == "First part. Second part."
    doi = units[0].find("prop[@type='x-doi']")
    assert doi is not None and doi.text == "10.1000/xy", "control characters removed"


def test_tmx_without_database_keeps_unflagged_pairs(tmp_path: Path) -> None:
    results = write_jsonl(tmp_path / "out.jsonl", corpus())
    out = tmp_path / "pairs.tmx"
    result = export(str(results), "--format", "tmx", "-o", str(out))
    assert result.exit_code == 0 and "no review database" in result.output
    ids = [tu.get("tuid") for tu in ET.parse(out).getroot().iter("tu")]
    assert ids == ["r1:1", "r1:4"]


def test_jsonl_adds_decisions_and_keeps_the_contract(
    reviewed: tuple[Path, Path], tmp_path: Path
) -> None:
    results, db = reviewed
    out = tmp_path / "reviewed.jsonl"
    result = export(str(results), "--db", str(db), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    original, merged = read_jsonl(results), read_jsonl(out)
    assert len(merged) == len(original)
    for before, after in zip(original, merged, strict=True):
        for key, value in before.items():
            if key != "beads":
                assert after[key] == value, key
        for bead_before, bead_after in zip(before["beads"], after["beads"], strict=True):
            assert {k: bead_after[k] for k in bead_before} == bead_before
    assert merged[0]["beads"][0]["review"]["decision"] == "confirmed"
    assert "review" not in merged[0]["beads"][1]
    assert "review_alignment" not in merged[0]
    assert [b["en"] for b in merged[1]["review_alignment"]] == [[0, 1]]


def test_jsonl_flagged_only_drops_clean_records(
    reviewed: tuple[Path, Path], tmp_path: Path
) -> None:
    results, db = reviewed
    out = tmp_path / "flagged.jsonl"
    export(str(results), "--db", str(db), "--format", "jsonl", "-o", str(out), "--flagged-only")
    assert [r["id"] for r in read_jsonl(out)] == ["r1", "r2"]


def test_bad_results_line_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    results = tmp_path / "out.jsonl"
    results.write_text(json.dumps(corpus()[0]) + "\n{not json\n", encoding="utf-8")
    out = tmp_path / "x.csv"
    result = export(str(results), "--format", "csv", "-o", str(out))
    assert result.exit_code != 0
    assert "line 2" in result.output and "out.jsonl" in result.output
    assert not out.exists() and not Path(f"{out}.part").exists()


def test_usage_errors(tmp_path: Path) -> None:
    results = write_jsonl(tmp_path / "out.jsonl", corpus())
    tmx_flagged = export(str(results), "--format", "tmx", "-o", "-", "--flagged-only")
    assert tmx_flagged.exit_code != 0 and "--flagged-only" in tmx_flagged.output
    missing_db = export(
        str(results), "--db", str(tmp_path / "nope.sqlite"), "--format", "csv", "-o", "-"
    )
    assert missing_db.exit_code != 0 and "nope.sqlite" in missing_db.output


def test_csv_severity_and_evidence_columns_and_min_severity(
    reviewed: tuple[Path, Path], tmp_path: Path
) -> None:
    results, db = reviewed
    out = tmp_path / "critical.csv"
    result = export(str(results), "--db", str(db), "--format", "csv", "-o", str(out),
                    "--min-severity", "critical")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    # number_mismatch, addition, omission are critical; the low_fidelity beads are major.
    assert list(zip(table["record_id"], table["bead"], table["severity"], strict=True)) == [
        ("r1", "0", "critical"), ("r1", "2", "critical"), ("r2", "0", "critical")]


def test_evidence_column_and_tmx_note_from_checker_output(tmp_path: Path) -> None:
    from tests.review_data import run_check

    results = run_check(tmp_path, [{"id": "d", "en": "It began on 19 July 2019.",
                                    "fr": "Il a commencé le 9 juillet 2019."}])
    out = tmp_path / "all.csv"
    assert export(str(results), "--format", "csv", "-o", str(out)).exit_code == 0
    table = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert table.iloc[0]["evidence"] == 'number_mismatch: en "19 July" / fr "9 juillet"'
    assert table.iloc[0]["severity"] == "critical"

    db = tmp_path / "review.sqlite"
    ReviewApp(results, DecisionStore(db), "bob").decide(
        {"pos": 0, "bead": 0, "decision": "dismissed"})
    tmx = tmp_path / "pairs.tmx"
    assert export(str(results), "--db", str(db), "--format", "tmx", "-o", str(tmx)).exit_code == 0
    note = ET.parse(tmx).getroot().find("./body/tu/note")
    assert note is not None and '"19 July"' in (note.text or "")
    assert "dismissed" in (note.text or "")


def test_tmx_keeps_a_pair_dismissed_when_checked(tmp_path: Path) -> None:
    record = hand_result("d", ["It began in 2019."], ["Il a commencé en 2018."],
                         [([0], [0], 0.4, ["number_mismatch"])])
    record["beads"][0]["dismissed"] = {"reviewer": "ed", "pattern": "2019 <-> 2018"}
    results = write_jsonl(tmp_path / "out.jsonl", [record])
    out = tmp_path / "pairs.tmx"
    assert export(str(results), "--format", "tmx", "-o", str(out)).exit_code == 0
    assert [tu.get("tuid") for tu in ET.parse(out).getroot().findall("./body/tu")] == ["d:0"]
