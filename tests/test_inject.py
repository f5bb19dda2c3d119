"""The divergence injector: deterministic, gold always consistent, each type does what it says."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.evaluation.gold import coverage_problem
from aligner.evaluation.inject import (
    EXPECTED_FLAG,
    INJECTION_TYPES,
    CleanDocument,
    InjectionSettings,
    change_number,
    inject_files,
    injected_records,
    number_values,
)
from aligner.evaluation.metrics import bead_keys
from tests.conftest import data_file

EN = [
    "We enrolled twelve patients in 2019.",
    "Each patient received five doses of the vaccine.",
    "Antibody levels rose in all of them.",
    "No serious adverse event was reported during the follow-up period.",
]
FR = [
    "Nous avons inclus douze patients en 2019.",
    "Chaque patient a reçu cinq doses du vaccin.",
    "Les taux d'anticorps ont augmenté chez tous.",
    "Aucun événement indésirable grave n'a été signalé pendant le suivi.",
]


def collection(size: int = 12) -> list[CleanDocument]:
    return [
        CleanDocument(f"doc{k}", [f"{s} (study {k})" for s in EN], [f"{s} (étude {k})" for s in FR])
        for k in range(size)
    ]


def records(settings: InjectionSettings, size: int = 12) -> list[dict]:
    return list(injected_records(collection(size), settings))


def test_same_seed_same_output_other_seed_other_output() -> None:
    settings = InjectionSettings(seed=13, rate=0.8)
    assert records(settings) == records(settings)
    assert records(settings) != records(InjectionSettings(seed=14, rate=0.8))


def test_every_document_gold_covers_every_sentence_once_in_order() -> None:
    for seed in range(5):
        for record in records(InjectionSettings(seed=seed, rate=1.0), size=20):
            gold = bead_keys(record["gold"])
            assert coverage_problem(gold, len(record["en"]), len(record["fr"])) is None
            assert all(len(en) <= 1 and len(fr) <= 1 for en, fr in gold)


@pytest.mark.parametrize("kind", INJECTION_TYPES)
def test_each_type_changes_exactly_what_it_reports(kind: str) -> None:
    clean = {d.id: d for d in collection()}
    for record in records(InjectionSettings(seed=3, rate=1.0, types=(kind,))):
        info = record["injected"]
        original = clean[record["id"]]
        assert info["type"] == kind and info["flag"] == EXPECTED_FLAG[kind]
        gold = bead_keys(record["gold"])
        if kind == "addition":
            (j,) = info["fr"]
            assert ((), (j,)) in gold
            assert record["fr"][:j] + record["fr"][j + 1 :] == original.fr
            assert record["fr"][j] not in original.fr
        elif kind == "omission":
            (i,) = info["en"]
            assert ((i,), ()) in gold
            assert record["fr"] == original.fr[:i] + original.fr[i + 1 :]
        else:
            (j,) = info["fr"]
            changed = [k for k in range(len(original.fr)) if record["fr"][k] != original.fr[k]]
            changed += [k for k in range(len(original.en)) if record["en"][k] != original.en[k]]
            assert changed == [j]
            assert gold == [((k,), (k,)) for k in range(len(original.en))]
            if kind == "untranslated":
                assert record["fr"][j] == original.en[j]
            if kind == "substitution":
                assert record["fr"][j] not in original.fr


def test_number_change_leaves_a_value_the_other_side_lacks() -> None:
    for record in records(InjectionSettings(seed=5, rate=1.0, types=("number_mismatch",))):
        info = record["injected"]
        (i,) = info["en"]
        values_en = number_values(record["en"][i], "en")
        values_fr = number_values(record["fr"][i], "fr")
        assert values_en != values_fr
        assert info["before"] != info["after"]


def test_number_words_change_in_both_languages() -> None:
    rng = random.Random(1)
    text, before, after = (
        change_number("Twelve patients were seen.", "en", {"12"}, rng) or ("",) * 3
    )
    assert before == "Twelve" and after[0].isupper() and after.lower() != "twelve"
    text, before, after = (
        change_number("Nous avons vu cinq patients.", "fr", {"5"}, rng) or ("",) * 3
    )
    assert before == "cinq" and after != "cinq" and after in text
    assert "5" not in number_values(text, "fr")


def test_digits_change_keeps_format_and_skips_names() -> None:
    rng = random.Random(2)
    changed = change_number("Coverage was 85,5 % in COVID-19 wards.", "fr", {"855"}, rng)
    assert changed is not None
    text, before, after = changed
    assert before == "85,5" and after.startswith("85,") and "COVID-19" in text
    assert change_number("The p53 and COVID-19 genes.", "en", set(), rng) is None


def test_documents_without_numbers_do_not_get_number_mismatch() -> None:
    docs = [
        CleanDocument(f"d{k}", ["No numbers here at all."], ["Aucun nombre ici."]) for k in range(4)
    ]
    out = list(injected_records(docs, InjectionSettings(rate=1.0, types=("number_mismatch",))))
    assert all(record["injected"] is None for record in out)


def test_rate_zero_leaves_everything_clean_and_rate_one_changes_all() -> None:
    assert all(r["injected"] is None for r in records(InjectionSettings(rate=0.0)))
    assert all(r["injected"] is not None for r in records(InjectionSettings(rate=1.0)))


def test_files_skip_documents_that_are_not_one_to_one(tmp_path: Path) -> None:
    path = tmp_path / "clean.jsonl"
    lines = [
        {"id": "a", "en": EN, "fr": FR, "gold": [[[i], [i]] for i in range(4)]},
        {"id": "b", "en": EN[:2], "fr": FR[:1], "gold": [[[0, 1], [0]]]},
        {"id": "c", "en": EN, "fr": FR, "gold": [[[i], [i]] for i in range(4)]},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    out = io.StringIO()
    summary = inject_files([path], out, InjectionSettings(rate=1.0))
    written = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in written] == ["a", "c"]
    assert "left out 1" in summary


def test_files_skip_documents_whose_gold_pairs_an_empty_line_with_text(tmp_path: Path) -> None:
    # A record of wmt_biomed_realigned has this shape: "Title" / "" and each later English
    # line against the French line before its translation; its 1-1 gold is shifted.
    shifted = {"id": "shifted", "en": ["Title", *EN[:3]], "fr": ["", "Title", *FR[:2]]}
    blank_both = {"id": "blank", "en": [*EN[:2], "", EN[3]], "fr": [*FR[:2], " ", FR[3]]}
    path = tmp_path / "clean.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in (shifted, blank_both)), "utf-8")
    out = io.StringIO()
    summary = inject_files([path], out, InjectionSettings(rate=1.0))
    written = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in written] == ["blank"]
    assert "left out 1" in summary


def test_cli_writes_a_file_that_eval_reads(tmp_path: Path) -> None:
    path = tmp_path / "clean.jsonl"
    path.write_text(
        "".join(json.dumps({"id": d.id, "en": d.en, "fr": d.fr}) + "\n" for d in collection(6))
    )
    out = tmp_path / "injected.jsonl"
    runner = CliRunner()
    result = runner.invoke(
        main, ["inject", str(path), "-o", str(out), "--seed", "7", "--rate", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 6 documents" in result.output
    result = runner.invoke(main, ["eval", str(out), "--scorer", "lexical", "--format", "json"])
    assert result.exit_code == 0, result.output
    detection = json.loads(result.output)["detection"]
    assert sum(row["documents"] for row in detection["recall"].values()) == 6
    assert all(json.loads(line)["corpus"] == "clean.jsonl" for line in out.open())
    assert list(detection["false_flags_by_corpus"]) == ["clean.jsonl"]


def test_unknown_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clean.jsonl"
    path.write_text(json.dumps({"id": "a", "en": EN, "fr": FR}) + "\n")
    result = CliRunner().invoke(main, ["inject", str(path), "--types", "addition,typo"])
    assert result.exit_code == 2 and "typo" in result.output


def test_real_clean_abstracts_are_deterministic_and_consistent() -> None:
    paths = [
        data_file("matos_nlp_abstracts_enfr.jsonl"),
        data_file("wmt_biomed_realigned_enfr.jsonl"),
    ]
    settings = InjectionSettings(seed=13, rate=0.5, sample=300)
    first, second = io.StringIO(), io.StringIO()
    inject_files(paths, first, settings)
    inject_files(paths, second, settings)
    assert first.getvalue() == second.getvalue()
    written = [json.loads(line) for line in first.getvalue().splitlines()]
    assert len(written) == 300
    kinds = {r["injected"]["type"] for r in written if r["injected"]}
    assert kinds == set(INJECTION_TYPES)
    for record in written:
        gold = bead_keys(record["gold"])
        assert coverage_problem(gold, len(record["en"]), len(record["fr"])) is None
