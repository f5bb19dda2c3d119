"""Numbers that do not look like numbers (issue 24, class 3): dimensions, factors and
multipliers, ordinals and centuries, units glued to digits, number words in ranges.

Each kind is tested both ways: a translation that keeps the number agrees, a change is a
mismatch naming the numbers; and end to end through ``aligner check`` on small records.
The examples are our own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.cli import main
from aligner.numbers import compare_numbers, extract_mentions

# The same number, written another way on the other side: no mismatch.
TRANSLATED = [
    # dimensions
    ("We fitted a 2D model of the heart.", "Nous avons ajusté un modèle 2D du cœur."),
    ("We fitted a 2D model of the heart.", "Nous avons ajusté un modèle bidimensionnel du cœur."),
    ("a 3-D reconstruction", "une reconstruction tridimensionnelle"),
    ("a three-dimensional reconstruction", "une reconstruction 3D"),
    ("a 3D scaffold", "un échafaudage tri-dimensionnel"),
    ("4D-Var data assimilation", "l'assimilation de données 4D-Var"),
    ("quadridimensional imaging", "une imagerie 4D"),
    ("two- and three-dimensional arrays", "des réseaux bi- ou tri-dimensionnels"),
    # factors and multipliers
    ("a tenfold increase", "une augmentation de dix fois"),
    ("a tenfold increase", "une multiplication par dix"),
    ("a tenfold increase", "une augmentation d'un facteur 10"),
    ("Admissions rose fourfold.", "Les admissions ont quadruplé."),
    ("the forcing of 5×CO2", "le forçage de 5×CO2"),
    ("a ×10 gain", "un gain d'un facteur 10"),
    ("risk was twice as high", "le risque était deux fois plus élevé"),
    ("a 3-fold higher risk", "un risque trois fois plus élevé"),
    ("The aim of this work was twofold: to map and to rank.",
     "Ce travail visait à cartographier et à classer."),
    # ordinals and centuries
    ("in the 19th century", "au XIXe siècle"),
    ("in the nineteenth century", "au XIXe siècle"),
    ("in the nineteenth century", "au dix-neuvième siècle"),
    ("in the 19th century", "au dix-neuvième siècle"),
    ("the seventieth anniversary", "le soixante-dixième anniversaire"),
    ("on the 110th meridian", "sur le cent dixième méridien"),
    ("the third dose", "la troisième dose"),
    ("the third dose", "la 3e dose"),
    ("impacted third molars", "des troisièmes molaires incluses"),
    ("a fifth of the patients", "20 % des patients"),  # a fraction, not a rank
    ("Third, we show that 5 sites differ.", "Enfin, nous montrons que 5 sites diffèrent."),
    ("a postgraduate programme (12 countries)", "un programme de troisième cycle (12 pays)"),
    # units glued to the digits
    ("at 3km from the coast", "à 3 km de la côte"),
    ("a 10 mm lesion", "une lésion de 10mm"),
    ("3.5mg/kg daily", "3,5 mg/kg par jour"),
    # number words in ranges
    ("two to three days", "deux à trois jours"),
    ("two to three days", "2-3 jours"),
    ("between four and six weeks", "entre quatre et six semaines"),
    ("nine hundred and two cases", "neuf cent deux cas"),
]

# One number changed: a mismatch, naming what each side has.
CHANGED = [
    # dimensions
    ("We fitted a 2D model of the heart.", "Nous avons ajusté un modèle 3D du cœur.",
     ("2D",), ("3D",)),
    ("a 3-D reconstruction", "une reconstruction bidimensionnelle", ("3-D",),
     ("bidimensionnelle",)),
    ("a three-dimensional reconstruction", "une reconstruction 2D", ("three",), ("2D",)),
    ("4D-Var data assimilation", "l'assimilation de données 3D-Var", ("4D-Var",), ("3D-Var",)),
    # factors and multipliers
    ("a tenfold increase", "une augmentation de cinq fois", ("tenfold",), ("cinq",)),
    ("a threefold increase in 2019", "une augmentation du double en 2019", ("threefold",), ()),
    ("the forcing of 5×CO2", "le forçage de 4×CO2", ("5",), ("4",)),
    ("a ×10 gain", "un gain ×100", ("10",), ("100",)),
    ("three times higher", "deux fois plus élevé", ("three",), ("deux",)),
    ("twice as high", "trois fois plus élevé", (), ("trois",)),
    # ordinals and centuries
    ("in the 19th century", "au XVIIIe siècle", ("19th",), ("XVIIIe",)),
    ("in the nineteenth century", "au dix-huitième siècle", ("nineteenth",),
     ("dix huitième",)),
    ("the third dose", "la quatrième dose", ("third",), ("quatrième",)),
    ("the third dose", "la 4e dose", ("third",), ("4e",)),
    ("the 19th patient", "le 18e patient", ("19th",), ("18e",)),
    # units glued to the digits
    ("at 3km from the coast", "à 5 km de la côte", ("3km",), ("5",)),
    ("a 10 mm lesion", "une lésion de 12mm", ("10",), ("12mm",)),
    # number words in ranges
    ("two to three days", "deux à quatre jours", ("three",), ("quatre",)),
    ("two to three days", "2 à 4 jours", ("three",), ("4",)),
    ("between four and six weeks", "entre quatre et huit semaines", ("six",), ("huit",)),
]


@pytest.mark.parametrize(("en", "fr"), TRANSLATED)
def test_a_translated_number_agrees(en: str, fr: str) -> None:
    difference = compare_numbers(en, fr)
    assert not difference, difference.reason()


@pytest.mark.parametrize(("en", "fr", "only_en", "only_fr"), CHANGED)
def test_a_changed_number_is_a_mismatch(en: str, fr: str, only_en: tuple[str, ...],
                                         only_fr: tuple[str, ...]) -> None:
    difference = compare_numbers(en, fr)
    assert (difference.only_en, difference.only_fr) == (only_en, only_fr)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("a 2D map", "en", 2.0), ("une carte 3D", "fr", 3.0), ("4D-Var", "en", 4.0),
     ("tenfold", "en", 10.0), ("bidimensionnelle", "fr", 2.0),
     ("le dix-septième siècle", "fr", 17.0), ("la quatre-vingt-dixième", "fr", 90.0)],
)
def test_the_number_is_read_as_a_hard_number(text: str, lang: str, value: float) -> None:
    [mention] = extract_mentions(text, lang)
    assert mention.hard and mention.values == frozenset({value})


def test_an_ordinal_dropped_or_added_is_idiom_but_a_changed_one_counts() -> None:
    """A spelled ordinal counts only against an ordinal of the other side."""
    assert not compare_numbers("the wealthiest fifth of 200 households",
                               "le quintile le plus riche des 200 ménages")
    assert compare_numbers("the fifth of 200 households", "le quatrième des 200 ménages")


def test_a_dimension_dropped_from_a_sentence_with_numbers_is_a_mismatch() -> None:
    """"3D" is information the reader cannot recover, like any digit."""
    difference = compare_numbers("The 3D model of 12 patients.", "Le modèle de 12 patients.")
    assert difference.only_en == ("3D",)


def _check(tmp_path: Path, en: list[str], fr: list[str]) -> dict:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "en": en, "fr": fr}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(source), "--scorer", "lexical",
                                       "--format", "jsonl"])
    assert result.exit_code == 0, repr(result.exception)
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    return record


EN_ABSTRACT = [
    "We built a 3D model of the knee from magnetic resonance images.",
    "Cartilage loss was tenfold higher in the nineteenth-century skeletons.",
    "Two to three scans per patient were enough.",
]
FR_ABSTRACT = [
    "Nous avons construit un modèle tridimensionnel du genou à partir d'images par résonance "
    "magnétique.",
    "La perte de cartilage était dix fois plus élevée dans les squelettes du XIXe siècle.",
    "Deux à trois examens par patient ont suffi.",
]


def test_check_keeps_translated_numbers_unflagged(tmp_path: Path) -> None:
    record = _check(tmp_path, EN_ABSTRACT, FR_ABSTRACT)
    assert "number_mismatch" not in record["flags"]


@pytest.mark.parametrize(
    ("index", "changed"),
    [
        (0, "Nous avons construit un modèle bidimensionnel du genou à partir d'images par "
            "résonance magnétique."),
        (1, "La perte de cartilage était cinq fois plus élevée dans les squelettes du XIXe "
            "siècle."),
        (1, "La perte de cartilage était dix fois plus élevée dans les squelettes du XVIIIe "
            "siècle."),
        (2, "Deux à quatre examens par patient ont suffi."),
    ],
)
def test_check_flags_the_sentence_whose_number_changed(tmp_path: Path, index: int,
                                                       changed: str) -> None:
    french = [*FR_ABSTRACT[:index], changed, *FR_ABSTRACT[index + 1:]]
    record = _check(tmp_path, EN_ABSTRACT, french)
    flagged = [bead for bead in record["beads"] if "number_mismatch" in bead["flags"]]
    assert [bead["fr"] for bead in flagged] == [[index]]
