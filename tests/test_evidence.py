"""Evidence spans and severity on flagged beads, through the checker and its reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from aligner.evidence import Sentences, describe, find_tokens, verify
from aligner.flags import Flagger
from aligner.pipeline import Checker, CheckerConfig
from aligner.records import Bead, CheckResult
from aligner.report import CsvWriter, TableWriter
from aligner.severity import at_least, worst
from tests.review_data import invoke_check, read_jsonl, write_jsonl

DATE_EN = "The trial began on 19 July 2019 with 120 patients."
DATE_FR = "L'essai a commencé le 9 juillet 2019 avec 120 patients."


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(CheckerConfig(scorer="lexical"))


def assert_spans_exact(out: dict) -> None:
    for bead in out["beads"]:
        for item in bead.get("evidence", []):
            assert out[item["side"]][item["sentence"]][item["start"]:item["end"]] == item["text"]


def test_number_evidence_points_at_the_date_on_both_sides() -> None:
    bead = Flagger().flag([DATE_EN], [DATE_FR], [Bead((0,), (0,), 0.9)])[0]
    assert "number_mismatch" in bead.flags and bead.severity == "critical"
    numbers = [(s["side"], s["text"]) for s in bead.evidence if s["flag"] == "number_mismatch"]
    assert numbers == [("en", "19 July"), ("fr", "9 juillet")]
    assert 'en "19 July" / fr "9 juillet"' in describe(bead.evidence)


def test_addition_points_at_the_whole_french_sentence(checker: Checker) -> None:
    en = ["We studied mice.", "Pain was reduced."]
    fr = ["Nous avons étudié des souris.",
          "La sécurité et la violence dans les stades sont un enjeu majeur pour les villes.",
          "La douleur a été réduite."]
    result = CheckResult("r", "ok", en=en, fr=fr, beads=checker.check_sentences(en, fr))
    added = next(b for b in result.beads if not b.en)
    assert added.severity == "critical"
    assert [(s["side"], s["sentence"], s["start"], s["end"]) for s in added.evidence] == [
        ("fr", added.fr[0], 0, len(fr[added.fr[0]]))]
    out = result.to_dict()
    assert out["severity"] == "critical" and out["severity_counts"]["critical"] >= 1
    assert_spans_exact(out)


def test_untranslated_points_at_english_words_left_in_the_french() -> None:
    en = "The results of the study show a clear effect of the treatment on pain."
    fr = "Les résultats montrent that the treatment has a clear effect on pain."
    bead = Flagger().flag([en], [fr], [Bead((0,), (0,), 0.9)])[0]
    assert "untranslated" in bead.flags and bead.severity == "major"
    words = {s["text"] for s in bead.evidence if s["flag"] == "untranslated"}
    assert {"that", "the", "has", "on"} <= words and "Les" not in words


def test_low_fidelity_points_at_missing_and_extra_words() -> None:
    bead = Bead((0,), (0,), 0.1, details={"fidelity": {"short_of": {"content": 0.3}},
                                          "components": {"content": 0.1}})
    en, fr = "Vaccination reduced hospital admissions.", "Le climat influence les récoltes."
    flagged = Flagger().flag([en], [fr], [bead])[0]
    spans = [(s["side"], s["kind"], s["text"]) for s in flagged.evidence]
    assert ("en", "missing_word", "Vaccination") in spans
    assert ("fr", "extra_word", "climat") in spans
    assert not any(text == "les" for _side, _kind, text in spans)  # a function word


def test_find_tokens_respects_number_boundaries() -> None:
    sentences = Sentences.of("en", ["In 120 cases, 12 were mild and 12.5% severe."], [0])
    found = find_tokens("number_mismatch", sentences, ["12"], "number")
    assert [(s["start"], s["text"]) for s in found] == [(14, "12")]


def test_verify_drops_spans_that_do_not_match_the_text() -> None:
    good = {"side": "en", "sentence": 0, "start": 0, "end": 3, "text": "The"}
    bad = {"side": "en", "sentence": 0, "start": 0, "end": 3, "text": "Thx"}
    outside = {"side": "fr", "sentence": 4, "start": 0, "end": 1, "text": "L"}
    assert verify([good, bad, outside], ["The end."], ["La fin."]) == [good]


def test_severity_rules() -> None:
    assert worst(["low_fidelity", "number_mismatch"]) == "critical"
    assert worst(["bracket_unbalanced"]) == "minor"
    assert worst(["untranslated", "bracket_unbalanced"]) == "major"
    assert worst([]) is None
    assert at_least("critical", "major") and not at_least("minor", "major")
    assert at_least("minor", None)


def test_unflagged_beads_carry_no_evidence_keys(checker: Checker) -> None:
    en, fr = ["Water boils at 100 degrees."], ["L'eau bout à 100 degrés."]
    out = CheckResult("r", "ok", en=en, fr=fr, beads=checker.check_sentences(en, fr)).to_dict()
    assert out["beads"][0]["flags"] == [] and "evidence" not in out["beads"][0]
    assert out["severity"] is None and out["checks"] == []


def test_jsonl_csv_and_table_carry_evidence(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "date", "en": DATE_EN, "fr": DATE_FR},
        {"id": "stat", "en": "Mortality fell (p < 0.05).",
         "fr": "La mortalité a baissé (p > 0,05)."},
    ])
    assert invoke_check(source, tmp_path / "out.jsonl", "--jobs", "1").exit_code == 0
    records = {r["id"]: r for r in read_jsonl(tmp_path / "out.jsonl")}
    for record in records.values():
        assert_spans_exact(record)
    stat_bead = records["stat"]["beads"][0]
    assert stat_bead["flags"] == [] and stat_bead["checks"] == ["statistic_mismatch"]
    assert records["stat"]["checks"] == ["statistic_mismatch"]
    assert records["stat"]["severity"] == "critical"

    assert invoke_check(source, tmp_path / "out.csv", "--jobs", "1",
                        output_format="csv").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    date_row = next(r for r in rows if r["id"] == "date")
    assert date_row["severity"] == "critical"
    assert 'en "19 July" / fr "9 juillet"' in date_row["evidence"]

    result = invoke_check(source, tmp_path / "out.txt", "--jobs", "1", output_format="table")
    table = (tmp_path / "out.txt").read_text("utf-8")
    assert result.exit_code == 0
    assert 'evidence: number_mismatch: en "19 July" / fr "9 juillet"' in table
    assert "by severity: critical 2" in table


def test_min_severity_hides_lesser_beads_from_reports() -> None:
    beads = [Bead((0,), (0,), 0.2, flags=("low_fidelity",), severity="major"),
             Bead((1,), (1,), 0.9, flags=("number_mismatch",), severity="critical")]
    result = CheckResult("r", "ok", en=["a", "b 2"], fr=["x", "y 3"], beads=beads)
    table = io.StringIO()
    writer = TableWriter(table, width=100, colour=False, min_severity="critical")
    writer.write(result)
    writer.close()
    assert "bead 1" in table.getvalue() and "bead 0" not in table.getvalue()
    sheet = io.StringIO()
    csv_writer = CsvWriter(sheet, min_severity="critical")
    csv_writer.write(result)
    rows = list(csv.DictReader(io.StringIO(sheet.getvalue().lstrip("\ufeff"))))
    assert [r["bead"] for r in rows] == ["1"]


def test_check_min_severity_option(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "date", "en": DATE_EN, "fr": DATE_FR}])
    out = tmp_path / "out.txt"
    assert invoke_check(source, out, "--jobs", "1", "--min-severity", "critical",
                        output_format="table").exit_code == 0
    assert "19 July" in out.read_text("utf-8")
    bad = invoke_check(source, out, "--min-severity", "severe", output_format="table")
    assert bad.exit_code != 0 and "severe" in bad.output


def test_min_severity_with_jsonl_is_refused_with_a_reason(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "date", "en": DATE_EN, "fr": DATE_FR}])
    result = invoke_check(source, tmp_path / "o.jsonl", "--min-severity", "major")
    assert result.exit_code == 2 and "keeps every finding" in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_the_erudit_seed_keeps_only_its_added_french_sentence(checker: Checker) -> None:
    """The seed record: the new checks add nothing; the addition carries its evidence."""
    from tests.test_align import seed_sentences

    en, fr = seed_sentences()
    if (len(en), len(fr)) != (5, 7):
        pytest.skip(f"the splitter gives {len(en)} EN / {len(fr)} FR sentences, not 5 / 7")
    out = CheckResult("seed", "ok", en=en, fr=fr, beads=checker.check_sentences(en, fr)).to_dict()
    flagged = [b for b in out["beads"] if b["flags"] or b.get("checks")]
    assert [(b["en"], b["fr"], b["flags"], b["checks"]) for b in flagged] == [
        ([], [4], ["addition"], [])]
    assert flagged[0]["evidence"][0]["text"] == fr[4]
    assert out["severity_counts"] == {"critical": 1, "major": 0, "minor": 0, "dismissed": 0}
