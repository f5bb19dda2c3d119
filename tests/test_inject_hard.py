"""The harder injected kinds: similar donors, glued sentences, number forms (issue 24)."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.evaluation.gold import coverage_problem
from aligner.evaluation.inject import (
    EXPECTED_FLAG,
    HARD_INJECTION_TYPES,
    CleanDocument,
    InjectionSettings,
    injected_records,
)
from aligner.evaluation.inject_hard import glue
from aligner.evaluation.inject_numbers import (
    change_number_form,
    french_value,
    french_words,
    roman_value,
    stated_values,
    to_roman,
)
from aligner.evaluation.metrics import bead_keys
from aligner.evaluation.similar_text import SimilarSentences, chrf

HEART = [
    ["Nous avons suivi des patients atteints d'insuffisance cardiaque pendant un an.",
     "La mortalité était plus faible dans le groupe traité."],
    ["Les patients atteints d'insuffisance cardiaque chronique ont été suivis par leur "
     "médecin traitant.", "Le sommeil des enfants a été mesuré à domicile."],
    ["Les élèves ont appris la grammaire du latin en deux semestres.",
     "Le corpus comprend des textes littéraires du siècle dernier."],
]


def test_chrf_is_one_for_identical_zero_for_disjoint_and_symmetric() -> None:
    assert chrf("les patients", "les patients") == pytest.approx(1.0)
    assert chrf("abc", "xyz") == 0.0
    a, b = "Nous avons suivi des patients.", "Des patients ont été suivis."
    assert chrf(a, b) == pytest.approx(chrf(b, a))
    assert 0.0 < chrf(a, b) < 1.0


def test_most_similar_sentence_comes_from_another_document() -> None:
    index = SimilarSentences(HEART)
    best = index.most_similar(HEART[0][0], exclude_document=0)
    assert len(best) == 1
    assert (best[0].document, best[0].position) == (1, 0)  # the other heart-failure sentence
    never_own = index.most_similar(HEART[1][0], exclude_document=1, limit=5)
    assert all(match.document != 1 for match in never_own)


def test_accept_filters_candidates_in_similarity_order() -> None:
    index = SimilarSentences(HEART)
    chosen = index.most_similar(HEART[0][0], 0, accept=lambda text: "chronique" not in text)
    assert all("chronique" not in m.text for m in chosen)


def test_glue_makes_one_sentence_of_two() -> None:
    assert glue("Le taux a baissé.", "Les coûts ont augmenté.", ", et ") == (
        "Le taux a baissé, et les coûts ont augmenté.")
    assert glue("Le taux a baissé.", "IRM et scanner ont été faits", "; ") == (
        "Le taux a baissé; IRM et scanner ont été faits.")


def heart_collection() -> list[CleanDocument]:
    english = [["We followed heart failure patients for one year.",
                "Mortality was lower in the treated group."],
               ["Patients with chronic heart failure were followed by their doctor.",
                "The children's sleep was measured at home."],
               ["The pupils learnt Latin grammar in two semesters.",
                "The corpus holds literary texts of the last century."]]
    return [CleanDocument(f"d{k}", en, fr) for k, (en, fr) in enumerate(
        zip(english, HEART, strict=True))]


@pytest.mark.parametrize("kind", ["similar_addition", "glued_sentence"])
def test_text_kinds_use_the_most_similar_sentence_and_keep_gold_consistent(kind: str) -> None:
    documents = heart_collection()
    settings = InjectionSettings(seed=3, rate=1.0, types=(kind,), min_donor_words=4)
    changed = 0
    for record in injected_records(documents, settings):
        injected = record["injected"]
        if injected is None:  # its drawn sentence shares no word with other documents
            continue
        changed += 1
        assert injected["type"] == kind and injected["flag"] == EXPECTED_FLAG[kind]
        assert injected["donor"] != record["id"]
        gold = bead_keys(record["gold"])
        assert coverage_problem(gold, len(record["en"]), len(record["fr"])) is None
        original = next(d for d in documents if d.id == record["id"])
        j = injected["fr"][0]
        if kind == "similar_addition":
            assert ((), (j,)) in gold and len(record["fr"]) == len(original.fr) + 1
            donor = next(d for d in documents if d.id == injected["donor"])
            assert record["fr"][j] in donor.fr
        else:
            assert gold == [((i,), (i,)) for i in range(len(original.en))]
            assert record["fr"][j].startswith(original.fr[j].rstrip(".")[:20])
            assert len(record["fr"][j]) > len(original.fr[j]) + 20
    assert changed


def test_heart_failure_sentences_are_each_others_donors() -> None:
    documents = heart_collection()
    settings = InjectionSettings(seed=1, rate=1.0, types=("glued_sentence",))
    for record in injected_records(documents, settings):
        if record["id"] == "d0" and record["injected"]["fr"] == [0]:
            assert record["injected"]["donor"] == "d1"


@pytest.mark.parametrize("value, words", [
    (2, "deux"), (17, "dix-sept"), (21, "vingt et un"), (34, "trente-quatre"),
    (71, "soixante et onze"), (77, "soixante-dix-sept"), (80, "quatre-vingts"),
    (81, "quatre-vingt-un"), (97, "quatre-vingt-dix-sept"), (100, "cent"),
    (200, "deux cents"), (201, "deux cent un"), (1000, "mille"), (2500, "deux mille cinq cents"),
])
def test_french_words(value: int, words: str) -> None:
    assert french_words(value) == words
    assert french_value(words) == value


def test_french_words_read_back_to_their_value() -> None:
    assert all(french_value(french_words(n)) == n for n in range(2, 3000))


def test_roman_numerals() -> None:
    assert roman_value("XIX") == 19 and roman_value("XVIII") == 18
    assert roman_value("IIII") is None and roman_value("XIXX") is None
    assert to_roman(20) == "XX"


def test_stated_values_read_many_forms() -> None:
    values = stated_values("a tenfold rise in 3D, the 19th century and twenty-five cases")
    assert {10.0, 3.0, 19.0, 25.0} <= values
    assert {19.0, 2.0, 71.0} <= stated_values("au XIXe siècle, deux fois, soixante et onze")


def test_ordinal_change_breaks_an_agreed_century() -> None:
    en, fr = ["It shaped the 19th century."], ["Il a marqué le XIXe siècle."]
    en2, fr2, info = change_number_form(en, fr, "ordinal_change", random.Random(0))
    changed = en2[0] if info["side"] == "en" else fr2[0]
    assert info["before"] in ("19th", "XIXe") and info["after"] in (
        "18th", "20th", "XVIIIe", "XXe")
    assert info["after"] in changed and info["flag"] == "number_mismatch"


def test_factor_and_dimension_changes() -> None:
    en, fr = ["A tenfold rise in 3D images."], ["Une hausse de dix fois des images 3D."]
    for kind in ("factor_change", "dimension_change"):
        for seed in range(5):
            en2, fr2, info = change_number_form(en, fr, kind, random.Random(seed))
            other = fr2[0] if info["side"] == "en" else en2[0]
            assert (en2, fr2) != (en, fr)
            new = info["after"]
            assert not any(ch.isdigit() for ch in new) or new not in other


def test_french_number_word_changes_only_french_words_the_english_states() -> None:
    en = ["Twenty-five patients had seven visits and a new device."]
    fr = ["Vingt-cinq patients ont eu sept visites et un appareil neuf."]
    seen = set()
    for seed in range(20):
        _, fr2, info = change_number_form(en, fr, "fr_number_word", random.Random(seed))
        assert info["side"] == "fr"
        seen.add(info["before"])
        assert "neuf" in fr2[0] and " un " in fr2[0]  # the adjective and the article stay
    assert seen == {"Vingt-cinq", "sept"}
    assert change_number_form(["Several visits."], ["Sept visites."], "fr_number_word",
                              random.Random(0)) is None  # English states no seven


def test_cli_hard_types(tmp_path) -> None:
    clean = tmp_path / "clean.jsonl"
    with clean.open("w", encoding="utf-8") as handle:
        for document in heart_collection():
            handle.write(json.dumps({"id": document.id, "en": document.en,
                                     "fr": document.fr}) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["inject", str(clean), "-o", str(out), "--rate", "1",
                                       "--types", "hard"])
    assert result.exit_code == 0, result.output
    kinds = {json.loads(line)["injected"]["type"] for line in out.read_text().splitlines()}
    assert kinds <= set(HARD_INJECTION_TYPES) and kinds
    bad = CliRunner().invoke(main, ["inject", str(clean), "--types", "nonsense"])
    assert bad.exit_code != 0 and "hard" in bad.output
