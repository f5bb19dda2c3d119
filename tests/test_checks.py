"""The QA checks of aligner.checks: what they catch, and the equivalent renderings they pass."""

from __future__ import annotations

import pytest

from aligner.checks import run_checks
from aligner.checks.brackets import check_brackets
from aligner.checks.identifiers import check_identifiers, equivalent
from aligner.checks.statistics import check_statistics
from aligner.evidence import Sentences


def sides(en: str | list[str], fr: str | list[str]) -> tuple[Sentences, Sentences]:
    en_list = [en] if isinstance(en, str) else en
    fr_list = [fr] if isinstance(fr, str) else fr
    return (Sentences.of("en", en_list, range(len(en_list))),
            Sentences.of("fr", fr_list, range(len(fr_list))))


def texts(finding) -> list[tuple[str, str]]:  # noqa: ANN001 - Finding
    return [(s["side"], s["text"]) for s in finding.spans]


# ---- identifiers ------------------------------------------------------------------------
@pytest.mark.parametrize(("en", "fr", "expected"), [
    ("Registered as NCT01234567.", "Enregistré sous NCT01234576.",
     [("en", "NCT01234567"), ("fr", "NCT01234576")]),
    ("See doi 10.1000/abc.12 for data.", "Voir les données.", [("en", "10.1000/abc.12")]),
    ("Write to jane.doe@example.org today.", "Écrire à jane.doe@example.com.",
     [("en", "jane.doe@example.org"), ("fr", "jane.doe@example.com")]),
    ("ORCID 0000-0002-1825-0097.", "ORCID 0000-0002-1825-0079.",
     [("en", "0000-0002-1825-0097"), ("fr", "0000-0002-1825-0079")]),
    ("ISBN 978-3-16-148410-0 is cited.", "L'ISBN 978-3-16-148410-9 est cité.",
     [("en", "ISBN 978-3-16-148410-0"), ("fr", "ISBN 978-3-16-148410-9")]),
    ("Mutations of TP53 were frequent.", "Les mutations de TP63 étaient fréquentes.",
     [("en", "TP53"), ("fr", "TP63")]),
    ("Levels of CO2 rose.", "Les taux de NO2 ont augmenté.", [("en", "CO2"), ("fr", "NO2")]),
    ("Visit https://example.org/data now.", "Voir https://example.org/donnees.",
     [("en", "https://example.org/data"), ("fr", "https://example.org/donnees")]),
])
def test_changed_identifiers_are_found_with_spans(en: str, fr: str, expected: list) -> None:
    finding = check_identifiers(*sides(en, fr))
    assert finding is not None and finding.code == "identifier_changed"
    assert texts(finding) == expected


@pytest.mark.parametrize(("en", "fr"), [
    ("The WHO guidelines on DNA testing.", "Les recommandations de l'OMS sur les tests d'ADN."),
    ("RNA and HIV in MRI and BMI studies.", "L'ARN et le VIH dans les études d'IRM et d'IMC."),
    ("Patients with T2D and ICD-10 codes.", "Patients avec DT2 et codes CIM-10."),
    ("Levels of CO₂ and TP53 (see https://x.org/a/).", "Taux de CO2 et TP53 (voir https://x.org/a)."),
    ("Contact A.B@Example.org.", "Contact : a.b@example.org."),
    ("ISBN 978-3-16-148410-0.", "ISBN 9783161484100."),
    ("IL-6 and COVID-19 in 2020.", "L'IL6 et la COVID-19 en 2020."),
    ("The IL-6 level.", "Le taux d'interleukine 6."),  # a symbol spelled out: no finding
])
def test_equivalent_identifiers_pass(en: str, fr: str) -> None:
    assert check_identifiers(*sides(en, fr)) is None


def test_acronym_equivalence_rules() -> None:
    assert equivalent("DNA", "ADN") and equivalent("WHO", "OMS") and equivalent("LAMAS", "LAMA")
    assert not equivalent("TP53", "TP63") and not equivalent("DNA", "ARN")


# ---- statistics -------------------------------------------------------------------------
@pytest.mark.parametrize(("en", "fr", "expected"), [
    ("Risk fell (p < 0.05).", "Le risque a baissé (p > 0,05).",
     [("en", "p < 0.05"), ("fr", "p > 0,05")]),
    ("We included n = 120 adults.", "Nous avons inclus n = 210 adultes.",
     [("en", "n = 120"), ("fr", "n = 210")]),
    ("OR 2.3 (95% CI 1.2-3.4).", "RC 2,3 (IC à 95 % : 1,2-4,3).",
     [("en", "95% CI 1.2-3.4"), ("fr", "IC à 95 % : 1,2-4,3")]),
    ("The odds ratio was 2.3.", "Le rapport de cotes était de 3,2.",
     [("en", "odds ratio was 2.3"), ("fr", "rapport de cotes était de 3,2")]),
    ("HR = 0.8 for death.", "HR = 0,6 pour le décès.", [("en", "HR = 0.8"), ("fr", "HR = 0,6")]),
    ("Sales changed by -12% in 2020.", "Les ventes ont varié de +12 % en 2020.",
     [("en", "-12%"), ("fr", "+12 %")]),
    ("RD -0.03, 95% CI -0.05 to -0.00.", "DR ‐0,03, IC à 95 % 0,05 à ‐0,00.",
     [("en", "95% CI -0.05 to -0.00"), ("fr", "IC à 95 % 0,05 à ‐0,00")]),
])
def test_changed_statistics_are_found(en: str, fr: str, expected: list) -> None:
    finding = check_statistics(*sides(en, fr))
    assert finding is not None and finding.code == "statistic_mismatch"
    assert texts(finding) == expected


@pytest.mark.parametrize(("en", "fr"), [
    ("p < 0.05 overall", "p < 0,05 au total"),
    ("p<.001 overall", "p < 0,001 au total"),
    ("in n = 10,000 people", "chez n = 10 000 personnes"),
    ("OR 2.3 (95% CI 1.2-3.4)", "RC 2,3 (IC à 95 % : 1,2-3,4)"),
    ("95% CI [1.2, 3.4]", "IC à 95 % [1,2 ; 3,4]"),
    ("odds ratio 1.5", "rapport de cotes 1,5"),
    ("a fall of 12%", "-12 %"),  # the sign in words on one side only: no finding
    ("Schistosoma mansoni - 70% (CI 66-73%)", "Schistosoma mansoni : 70 % (IC = 66 - 73 %)"),
    ("RD -0.27, 95% CI -0.32 to -0.22", "DR ‐0,27, IC à 95 % ‐0,32 à ‐0,22"),
    ("p = 0.03", "la différence était significative"),  # a kind on one side only
])
def test_equivalent_statistics_pass(en: str, fr: str) -> None:
    assert check_statistics(*sides(en, fr)) is None


# ---- brackets ---------------------------------------------------------------------------
def test_a_bracket_left_open_by_the_french_is_found() -> None:
    en, fr = "Mortality (in 2019) was high.", "La mortalité (en 2019 était élevée."
    finding = check_brackets(*sides(en, fr))
    assert finding is not None and finding.code == "bracket_unbalanced"
    assert finding.spans[0]["text"] == "(" and fr[finding.spans[0]["start"]] == "("


@pytest.mark.parametrize(("en", "fr"), [
    ('He said "yes" to it.', "Il a dit « oui »."),  # « » against ""
    ('He said "yes".', "Il a dit “oui”."),
    ("Two items: (1) a, (2) b.", "Deux éléments : 1) a, 2) b."),  # list labels
    ("It (was) fine.", "C'était bien."),  # brackets dropped altogether
    ("Broken (source.", "Cassé (source."),  # the English is already unbalanced
    ("'Well!' thought Alice.", '"Certes," dit Alice.'),  # a kind the English never uses
])
def test_balanced_or_not_the_translations_fault_passes(en: str, fr: str) -> None:
    assert check_brackets(*sides(en, fr)) is None


def test_a_quotation_over_two_sentences_is_balanced_over_the_record() -> None:
    en = ['"Do not whisper," said my aunt.', '"Sit down."']
    fr = ["« Ne chuchotez pas, dit ma tante.", "Asseyez-vous. »"]
    whole_en, whole_fr = sides(en, fr)
    first_en, first_fr = Sentences.of("en", en, [0]), Sentences.of("fr", fr, [0])
    assert check_brackets(first_en, first_fr) is not None  # the bead alone looks open
    assert check_brackets(first_en, first_fr, whole_en, whole_fr) is None


def test_run_checks_finds_each_kind_once_in_a_bead() -> None:
    en = "TP53 was mutated in n = 40 (p < 0.01)."
    fr = "TP63 était muté chez n = 40 (p > 0,01."
    codes = [f.code for f in run_checks(*sides(en, fr))]
    assert codes == ["identifier_changed", "statistic_mismatch", "bracket_unbalanced"]
