"""`aligner eval` end to end on a tiny gold file written here (lexical scorer, no data needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.evaluation.refresd import NO_DIFFERENCE, SOME_DIFFERENCE, UNRELATED, roc_auc
from aligner.pipeline import Checker, CheckerConfig
from tests.conftest import data_file

DOCS = [
    {
        "id": "trial",
        "en": [
            "We enrolled 120 patients with type 2 diabetes in a randomised trial.",
            "Patients received metformin or placebo for 24 weeks.",
            "The primary outcome was the change in HbA1c.",
            "Metformin lowered HbA1c by 1.2 points compared with placebo.",
        ],
        "fr": [
            "Résumé",
            "Nous avons inclus 120 patients atteints de diabète de type 2 dans un essai randomisé.",
            "Les patients ont reçu de la metformine ou un placebo pendant 24 semaines.",
            "Le critère principal était la variation de l'HbA1c.",
            "La metformine a diminué l'HbA1c de 1,2 point par rapport au placebo.",
        ],
        "gold": [[[], [0]], [[0], [1]], [[1], [2]], [[2], [3]], [[3], [4]]],
    },
    {
        "id": "survey",
        "en": [
            "Vaccination coverage in Kenya: a national survey.",
            "We surveyed 3,000 households in 2019.",
            "Coverage was 85% for measles and 78% for polio.",
            "Rural districts had lower coverage than cities.",
        ],
        "fr": [
            "Nous avons interrogé 3 000 ménages en 2019.",
            "La couverture était de 85 % pour la rougeole et de 78 % pour la poliomyélite.",
            "Les districts ruraux avaient une couverture plus faible que les villes.",
        ],
        "gold": [[[0], []], [[1], [0]], [[2], [1]], [[3], [2]]],
    },
    {
        "id": "merge",
        "en": [
            "Sleep apnoea is common in obese adults.",
            "It is often undiagnosed.",
            "We tested a home screening device in 45 clinics.",
        ],
        "fr": [
            "L'apnée du sommeil est fréquente chez les adultes obèses et souvent non "
            "diagnostiquée.",
            "Nous avons testé un appareil de dépistage à domicile dans 45 cliniques.",
        ],
        "gold": [[[0, 1], [0]], [[2], [1]]],
    },
]

MEASURES = ("all", "strict", "lax", "addition", "omission")


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_gold.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), "utf-8")
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_report_has_named_measures_overall_and_per_file(gold_file: Path) -> None:
    report = json.loads(run("eval", str(gold_file), "--scorer", "lexical", "--format", "json"))
    assert report["documents"] == 3
    for measure in MEASURES:
        assert set(report[measure]) >= {"p", "r", "f1"}, measure
        for key in ("p", "r", "f1"):
            value = report[measure][key]
            assert value is None or 0.0 <= value <= 1.0
    per_file = report["files"][str(gold_file)]
    assert per_file["documents"] == 3
    assert all(per_file[m] == report[m] for m in MEASURES)  # one file: same figures
    assert report["statuses"] == {"ok": 3}
    assert 0.0 <= report["exact"] <= 1.0


def _independent_counts(
    output_lines: list[str], docs: list[dict] = DOCS
) -> dict[str, tuple[int, int, int]]:
    """tp/predicted/gold per measure, computed from `aligner check` output without our module."""
    totals = {m: [0, 0, 0] for m in MEASURES}
    for line, doc in zip(output_lines, docs, strict=True):
        predicted = {(tuple(b["en"]), tuple(b["fr"])) for b in json.loads(line)["beads"]}
        gold = {(tuple(en), tuple(fr)) for en, fr in doc["gold"]}
        views = {
            "all": lambda s: s,
            "strict": lambda s: {b for b in s if b[0] and b[1]},
            "lax": lambda s: {(i, j) for en, fr in s for i in en for j in fr},
            "addition": lambda s: {j for en, fr in s if not en for j in fr},
            "omission": lambda s: {i for en, fr in s if not fr for i in en},
        }
        for measure, view in views.items():
            p, g = view(predicted), view(gold)
            totals[measure][0] += len(p & g)
            totals[measure][1] += len(p)
            totals[measure][2] += len(g)
    return {m: (tp, pred, gold) for m, (tp, pred, gold) in totals.items()}


def test_eval_agrees_with_independent_computation_from_check_output(
    gold_file: Path, tmp_path: Path
) -> None:
    check_input = tmp_path / "input.jsonl"
    check_input.write_text(
        "".join(
            json.dumps({"id": d["id"], "en": d["en"], "fr": d["fr"]}, ensure_ascii=False) + "\n"
            for d in DOCS
        ),
        "utf-8",
    )
    check_out = tmp_path / "check.jsonl"
    run("check", str(check_input), "--scorer", "lexical", "--format", "jsonl", "-o", str(check_out))
    expected = _independent_counts(check_out.read_text("utf-8").splitlines())
    report = json.loads(run("eval", str(gold_file), "--scorer", "lexical", "--format", "json"))
    for measure, (tp, predicted, gold) in expected.items():
        got = report[measure]
        assert (got["tp"], got["predicted"], got["gold"]) == (tp, predicted, gold), measure
        if predicted:
            assert got["p"] == pytest.approx(tp / predicted, abs=1e-4)
        if gold:
            assert got["r"] == pytest.approx(tp / gold, abs=1e-4)
        assert got["f1"] == pytest.approx(2 * tp / (predicted + gold), abs=1e-4)
    # the gold counts themselves are fixed by the file
    assert expected["addition"][2] == 1 and expected["omission"][2] == 1
    assert expected["lax"][2] == 4 + 3 + 3


def test_agreement_on_real_medline_documents(tmp_path: Path) -> None:
    gold_path = data_file("wmt20_medline_fr2en_gold.jsonl")
    with gold_path.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for _, line in zip(range(6), handle, strict=False)]
    check_input = tmp_path / "input.jsonl"
    check_input.write_text(
        "".join(json.dumps({"id": d["id"], "en": d["en"], "fr": d["fr"]}) + "\n" for d in docs)
    )
    check_out = tmp_path / "check.jsonl"
    run("check", str(check_input), "--scorer", "lexical", "--format", "jsonl", "-o", str(check_out))
    expected = _independent_counts(check_out.read_text("utf-8").splitlines(), docs)
    args = ("eval", str(gold_path), "--limit", "6", "--scorer", "lexical", "--format", "json")
    report = json.loads(run(*args))
    assert report["documents"] == 6
    for measure, counts in expected.items():
        got = report[measure]
        assert (got["tp"], got["predicted"], got["gold"]) == counts, measure


def test_save_output_writes_the_checkers_contract_jsonl(gold_file: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.jsonl"
    run("eval", str(gold_file), "--scorer", "lexical", "--save-output", str(saved))
    records = [json.loads(line) for line in saved.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == [d["id"] for d in DOCS]
    assert [r["fr"] for r in records] == [d["fr"] for d in DOCS]  # lists used as given


def test_table_output_names_every_measure(gold_file: Path) -> None:
    text = run("eval", str(gold_file), "--scorer", "lexical")
    for measure in MEASURES:
        assert f"\n  {measure} " in text
    assert "3 documents" in text


def test_injected_file_reports_detection(tmp_path: Path) -> None:
    doc = dict(DOCS[2])
    doc["injected"] = {"type": "untranslated", "en": [2], "fr": [1], "flag": "untranslated"}
    doc["fr"] = [doc["fr"][0], DOCS[2]["en"][2]]
    clean = dict(DOCS[1], injected=None)
    path = tmp_path / "injected.jsonl"
    path.write_text(json.dumps(doc) + "\n" + json.dumps(clean) + "\n", "utf-8")
    report = json.loads(run("eval", str(path), "--scorer", "lexical", "--format", "json"))
    detection = report["detection"]
    assert detection["recall"]["untranslated"]["documents"] == 1
    assert detection["clean_documents"] == 1
    assert detection["untouched_fr"] == 1 + 3
    assert "gold_one_to_one_flagged" not in report  # injected files have their own measure


def test_gold_file_reports_flags_on_its_one_to_one_pairs(gold_file: Path) -> None:
    report = json.loads(run("eval", str(gold_file), "--scorer", "lexical", "--format", "json"))
    one_to_one = sum(1 for d in DOCS for en, fr in d["gold"] if len(en) == len(fr) == 1)
    pairs = report["gold_one_to_one_flagged"]
    assert pairs["french"] == one_to_one
    assert (pairs["flagged"], pairs["by_flag"]) == (0, {})  # faithful translations
    assert "flagged among gold 1-1 French sentences: 0.0%" in run("eval", str(gold_file),
                                                                  "--scorer", "lexical")


def test_gold_labels_give_flags_per_annotators_label(tmp_path: Path) -> None:
    labelled = dict(DOCS[1], gold_labels=["NO_ALIGNMENT", "OK", "OK", "SOURCE_GREATER_TARGET"])
    path = tmp_path / "labelled.jsonl"
    path.write_text(json.dumps(labelled) + "\n" + json.dumps(DOCS[2]) + "\n", "utf-8")
    report = json.loads(run("eval", str(path), "--scorer", "lexical", "--format", "json"))
    by_label = report["gold_labelled_flagged"]
    assert sorted(by_label) == ["OK", "SOURCE_GREATER_TARGET"]  # 1-0 beads are not pairs
    assert (by_label["OK"]["french"], by_label["OK"]["flagged"]) == (2, 0)
    assert by_label["SOURCE_GREATER_TARGET"]["french"] == 1
    table = run("eval", str(path), "--scorer", "lexical")
    assert "OK" in table.split("by the annotators' label")[1]


def test_refresd_option_reports_both_aucs(tmp_path: Path) -> None:
    pairs = [
        ("The cat sleeps on the sofa.", "Le chat dort sur le canapé.", "no_meaning_difference"),
        ("The river is 300 km long.", "Le fleuve mesure 300 km.", "no_meaning_difference"),
        ("The cat sleeps on the sofa.", "Le chat noir dort sur le grand canapé.",
         "some_meaning_difference"),
        ("The river is 300 km long.", "La ville compte 12 églises.", "unrelated"),
    ]  # fmt: skip
    path = tmp_path / "refresd.jsonl"
    path.write_text(
        "".join(json.dumps({"en": e, "fr": f, "label": lab}) + "\n" for e, f, lab in pairs)
    )
    args = ("eval", "--refresd", str(path), "--scorer", "lexical", "--format", "json")
    refresd = json.loads(run(*args))["refresd"]
    assert refresd["pairs"] == 4
    assert refresd["labels"][UNRELATED]["flagged_pairs"] == 1  # a city's churches, not a river
    # the same figures from the bead scorer directly: labels reach the right classes
    checker = Checker(CheckerConfig(scorer="lexical"))
    score = {lab: [] for _, _, lab in pairs}
    for en, fr, lab in pairs:
        score[lab].append(checker.score_pair([en], [fr]).score)
    none, some, unrelated = (score[k] for k in (NO_DIFFERENCE, SOME_DIFFERENCE, UNRELATED))
    assert refresd["auc_unrelated_vs_none"] == pytest.approx(roc_auc(none, unrelated), abs=1e-4)
    assert refresd["auc_some_vs_none"] == pytest.approx(roc_auc(none, some), abs=1e-4)


def test_malformed_gold_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"en": ["a"], "fr": ["b"], "gold": [[[0], []]]}) + "\n")
    result = CliRunner().invoke(main, ["eval", str(path), "--scorer", "lexical"])
    assert result.exit_code != 0
    assert "line 1" in result.output and "French indexes" in result.output


def test_no_input_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 2
    assert "gold files" in result.output


def test_document_with_an_empty_side_is_scored_from_its_status_beads(tmp_path: Path) -> None:
    """No English at all: the checker reports missing_en, every French sentence unpaired."""
    path = tmp_path / "empty_side.jsonl"
    doc = {"id": "fr-only", "en": [], "fr": ["Résumé.", "Texte."], "gold": [[[], [0]], [[], [1]]]}
    path.write_text(json.dumps(doc) + "\n", "utf-8")
    report = json.loads(run("eval", str(path), "--scorer", "lexical", "--format", "json"))
    assert report["statuses"] == {"missing_en": 1}
    assert (report["addition"]["tp"], report["addition"]["gold"]) == (2, 2)
    assert report["exact"] == 1.0
    assert report["strict"]["f1"] is None  # nothing to pair on either side
