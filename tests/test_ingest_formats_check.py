"""`aligner check` reads journals' files directly, and checks titles and keywords as their
own units (title_check, keywords_check), never inside the abstract's beads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aligner.cli import main
from aligner.pipeline import Checker, CheckerConfig
from aligner.records import InputRecord
from aligner.titles import keywords_check, title_check
from tests.contract import assert_contract_record

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "formats"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(CheckerConfig(scorer="lexical"))


def check(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["check", *args, "--format", "jsonl", "--scorer", "lexical"],
                              input=stdin)


def lines(result: Result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_check_reads_a_directory_of_journal_files_one_result_per_article() -> None:
    results = lines(check(str(FIXTURES)))
    for result in results:
        assert_contract_record(result)
    by_id = {r["id"]: r for r in results}
    erudit = by_id["10.7202/1099999ar"]
    assert erudit["status"] == "ok" and len(erudit["fr"]) == 2
    assert erudit["meta"]["layout"] == "erudit-xml"
    assert erudit["meta"]["fr_path"] == "/article/liminaire/resume[1]"
    # the deleted OAI record and the empty HAL deposit are reported, not dropped
    errors = [r for r in results if r["status"] == "error"]
    assert any("deleted record" in r["reason"] for r in errors)
    assert any("empty record" in r["reason"] and "hal-09999998" in r["reason"] for r in errors)


def test_another_language_pair_is_missing_fr_with_its_languages() -> None:
    result = lines(check(str(FIXTURES / "jats_scielo_subarticle.xml")))[0]
    assert result["status"] == "missing_fr"
    assert "pt" in result["reason"] and "es" in result["reason"]


def test_check_reads_journal_xml_from_standard_input() -> None:
    results = lines(check("-", stdin=(FIXTURES / "ojs_native.xml").read_bytes()))
    assert [r["status"] for r in results] == ["ok"]
    assert results[0]["meta"]["layout"] == "ojs-native"


def test_contract_jsonl_is_still_read_as_before(tmp_path: Path) -> None:
    corpus = tmp_path / "in.json"
    corpus.write_text(json.dumps({"id": "a", "en": "The cat sleeps.", "fr": "Le chat dort."})
                      + "\n", encoding="utf-8")
    results = lines(check(str(corpus)))
    assert [r["id"] for r in results] == ["a"]
    assert "title_check" not in results[0] and "keywords_check" not in results[0]


def test_title_pair_is_scored_apart_from_the_abstract(checker: Checker) -> None:
    record = InputRecord(
        id="t", en="Children sleep less in summer.", fr="Les enfants dorment moins en été.",
        meta={"title_en": "Sleep of children in summer",
              "title_fr": "Le sommeil des enfants en été"},
    )
    result = checker.check(record).to_dict()
    assert len(result["beads"]) == 1 and result["beads"][0]["en"] == [0]
    assert result["title_check"]["status"] == "ok"
    faithful = result["title_check"]["score"]
    diverging = title_check(checker, {"title_en": "Sleep of children in summer",
                                      "title_fr": "Les prix du pétrole en 2019"})
    assert diverging["score"] < faithful
    assert diverging["flags"]  # reported as diverging


def test_missing_title_side_is_named(checker: Checker) -> None:
    assert title_check(checker, {"title_en": "Only English", "title_fr": None})["status"] == (
        "missing_fr")
    assert title_check(checker, {}) is None


def test_keyword_without_counterpart_is_reported(checker: Checker) -> None:
    out = keywords_check(checker, {
        "keywords_en": ["sleep", "children", "summer holidays", "Montreal"],
        "keywords_fr": ["sommeil", "enfants", "Montreal"],
    })
    assert out["unmatched_en"] == ["summer holidays"] and out["unmatched_fr"] == []
    assert "omission" in out["flags"]
    same = next(pair for pair in out["pairs"] if pair["en"] == ["Montreal"])
    assert "untranslated" not in same["flags"]  # a place name stays the same


def test_gold_files_check_directly_when_the_sample_is_present() -> None:
    if not GOLD.exists():
        pytest.skip(f"needs {GOLD} (real journal files) to check them directly")
    results = lines(check(str(GOLD / "erudit"), str(GOLD / "jats")))
    assert len(results) == 9 and all(r["status"] == "ok" for r in results)
    both = [r for r in results if r["meta"]["keywords_en"] and r["meta"]["keywords_fr"]]
    assert both and all(r["keywords_check"]["status"] == "ok" for r in both)
    assert all(r["beads"] and all(b["en"] or b["fr"] for b in r["beads"]) for r in results)
