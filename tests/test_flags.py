"""Each flag fires on a hand-made divergent bead, stays off on a faithful one, and says why."""

from __future__ import annotations

import pytest

from aligner.flags import BeadText, Flagger, flag_low_fidelity, missing_terms
from aligner.records import Bead

THRESHOLD = 0.3
FLAGGER = Flagger(low_fidelity_threshold=THRESHOLD)

EN = [
    "The trial enrolled twelve patients with chronic pain over 3.5 years.",
    "Pain decreased in both groups after six months of treatment.",
]
FR = [
    "L'essai a inclus douze patients souffrant de douleur chronique sur 3,5 ans.",
    "La douleur a diminué dans les deux groupes après six mois de traitement.",
]


def flag_pair(en: str, fr: str, score: float | None = 0.9) -> Bead:
    """Flag a 1-1 bead linking ``en`` to ``fr`` with the given score."""
    return FLAGGER.flag([en], [fr], [Bead((0,), (0,), score=score)])[0]


def test_faithful_beads_get_no_flag() -> None:
    beads = FLAGGER.flag(EN, FR, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)])
    assert [bead.flags for bead in beads] == [(), ()]
    assert all("reasons" not in bead.details for bead in beads)


def test_addition_and_omission_on_one_sided_beads() -> None:
    added, dropped = FLAGGER.flag(EN, FR, [Bead((), (0,)), Bead((1,), ())])
    assert added.flags == ("addition",)
    assert added.details["reasons"]["addition"] == "French text with no English source"
    assert dropped.flags == ("omission",)
    assert "no French rendering" in dropped.details["reasons"]["omission"]


def test_number_mismatch_names_both_sides() -> None:
    bead = flag_pair(EN[0], FR[0].replace("douze", "quinze"))
    assert bead.flags == ("number_mismatch",)
    assert bead.details["reasons"]["number_mismatch"] == (
        "numbers differ: English has twelve, French has quinze"
    )
    assert bead.details["numbers_only_en"] == ["twelve"]
    assert bead.details["numbers_only_fr"] == ["quinze"]


def test_untranslated_when_the_french_side_is_the_english_source() -> None:
    bead = flag_pair(EN[1], EN[1])
    assert "untranslated" in bead.flags
    assert bead.details["reasons"]["untranslated"] == "the French side repeats the English text"


def test_untranslated_when_the_french_side_is_other_english_text() -> None:
    bead = flag_pair(EN[0], "Pain decreased in both groups after six months of treatment.")
    assert "untranslated" in bead.flags
    assert "the French side is in English" in bead.details["reasons"]["untranslated"]


def test_shared_headings_names_and_formulas_are_not_untranslated() -> None:
    for text in ("Introduction", "Conclusion", "Jean-Paul Sartre", "E = mc2", "viky.ai",
                 "(Med Buccale Chir Buccale 2009 ; 15 : 93-100)."):
        assert flag_pair(text, text).flags == (), text


def test_quoted_english_inside_french_is_not_untranslated() -> None:
    bead = flag_pair(
        "speaker A: 'Sheldon, what the hell are you doing?'",
        "locuteur A : 'Sheldon, what the hell are you doing ?'",
    )
    assert "untranslated" not in bead.flags


def test_wrong_language_names_the_language_and_side() -> None:
    bead = flag_pair(
        "The results show that the proposed procedure improves tracking performance.",
        "Die Ergebnisse von Simulationen haben gezeigt, dass das vorgeschlagene Verfahren "
        "die Verfolgung erheblich verbessert und für die Praxis geeignet ist.",
    )
    assert bead.flags == ("wrong_language",)
    reason = bead.details["reasons"]["wrong_language"]
    assert reason.startswith("the French side looks like German")
    assert bead.details["language"] == "de" and bead.details["side"] == "fr"


def test_wrong_language_on_a_non_latin_script() -> None:
    chinese = "本研究对十二名慢性疼痛患者进行了为期三年半的随访，" "结果表明疼痛明显减轻。"
    bead = flag_pair(EN[0], chinese)
    assert "wrong_language" in bead.flags
    assert "Chinese" in bead.details["reasons"]["wrong_language"]


def test_short_names_and_formulas_never_get_wrong_language() -> None:
    for text in ("Homo sapiens", "Escherichia coli O157:H7", "α = β + γ", "Kraków, Łódź",
                 "Müller et al.", "Достоевский"):
        assert "wrong_language" not in flag_pair(text, text).flags, text


def test_low_fidelity_below_the_threshold_names_missing_content_words() -> None:
    bead = flag_pair(
        "The violence prevention programme improved safety in shelters.",
        "Le programme de prévention a été évalué dans les refuges.",
        score=0.05,
    )
    assert bead.flags == ("low_fidelity",)
    reason = bead.details["reasons"]["low_fidelity"]
    assert reason.startswith("score 0.05 is below 0.30")
    assert bead.details["missing_words"] == ["violence", "improved", "safety", "shelters"]
    assert "violence, improved, safety, shelters" in reason


def test_low_fidelity_does_not_fire_at_or_above_the_threshold() -> None:
    assert flag_pair(EN[0], FR[0], score=THRESHOLD).flags == ()


def test_several_flags_keep_one_reason_each() -> None:
    bead = flag_pair(EN[0], "The trial enrolled fifteen patients with chronic pain.", 0.05)
    assert bead.flags[0] == "untranslated" and "number_mismatch" in bead.flags
    assert set(bead.details["reasons"]) == set(bead.flags)
    for flag in bead.flags:
        assert f"{flag}: {bead.details['reasons'][flag]}" in bead.details["reason"]


def test_missing_terms_match_lookalikes_and_skip_stop_words() -> None:
    missing = missing_terms(
        "In this study, the cognitive analysis of patients showed significant anxiety.",
        "Dans cette étude, l'analyse cognitive des patients montrait une anxiété importante.",
    )
    assert missing == ["significant"]  # "showed" is a stop word; the rest have look-alikes


def test_missing_terms_accepts_a_translation_lexicon() -> None:
    lexicon = {"safety": ["sécurité"], "violence": ["violence"]}.get
    missing = missing_terms("safety and violence", "la sécurité et la violence",
                            translations=lambda word: lexicon(word, []))
    assert missing == []


def test_flags_keep_existing_details_and_bead_order() -> None:
    beads = [Bead((0,), (0,), 0.9, details={"components": {"similarity": 0.8}}),
             Bead((1,), (), None)]
    out = FLAGGER.flag(EN, FR, beads)
    assert [(b.en, b.fr) for b in out] == [(b.en, b.fr) for b in beads]
    assert out[0].details["components"] == {"similarity": 0.8}


@pytest.mark.parametrize(("score", "threshold"), [(0.0331, 0.0333), (0.0195, 0.0204),
                                                  (0.4449, 0.4451), (0.01, 0.5)])
def test_low_fidelity_reason_shows_the_score_below_the_threshold(
    score: float, threshold: float
) -> None:
    """The reason never reads "0.033 is below 0.033": enough digits to see the difference."""
    bead = Bead((0,), (0,), score=score)
    decision = flag_low_fidelity(BeadText(bead, "The cat sat.", "Le chat.", threshold))
    assert decision is not None
    shown = decision.reason.split(":")[0].removeprefix("score ").split(" is below ")
    assert float(shown[0]) < float(shown[1])


def fidelity_bead(short_of: list[str], score: float) -> Bead:
    """A bead as the scorer leaves it: its parts' probabilities and which fell short."""
    details = {
        "components": {"content": 0.01 if "content" in short_of else 0.9,
                       "detail": 0.0005 if "detail" in short_of else 0.8},
        "fidelity": {"short_of": {name: {"content": 0.035, "detail": 0.001}[name]
                                  for name in short_of}},
    }
    return Bead((0,), (0,), score=score, details=details)


@pytest.mark.parametrize(
    ("short_of", "reading"),
    [(["content"], "does not seem to say what the English says"),
     (["detail"], "leave out part of the English"),
     (["content", "detail"], "content 0.01 is below 0.035")],
)
def test_low_fidelity_names_the_part_that_fell_short(short_of: list[str], reading: str) -> None:
    bead = FLAGGER.flag(EN[:1], FR[1:], [fidelity_bead(short_of, score=0.02)])[0]
    assert "low_fidelity" in bead.flags
    assert reading in bead.details["reasons"]["low_fidelity"]


def test_parts_decide_low_fidelity_not_the_score_alone() -> None:
    """With the parts known, a middling score with no part below its floor is not flagged
    (and the flagger's plain threshold is not used)."""
    bead = FLAGGER.flag(EN[:1], FR[:1], [fidelity_bead([], score=0.1)])[0]
    assert "low_fidelity" not in bead.flags


MOVED_EN = [
    "Speech processing has been studied since the 1950s.",
    "The latest breakthrough came around 2010 with deep neural networks.",
    "Word error rates fell sharply.",
]
MOVED_FR = [
    "Le traitement de la parole est étudié depuis les années 1950, et la dernière rupture"
    " date de 2010.",
    "Les réseaux de neurones profonds ont alors amélioré l'état de l'art.",
    "Les taux d'erreur ont fortement baissé.",
]


def one_to_one(count: int) -> list[Bead]:
    return [Bead((i,), (i,), score=0.9) for i in range(count)]


def test_number_stated_in_the_neighbouring_sentence_is_not_flagged() -> None:
    """2010 moved into the French sentence before: still said, one sentence away."""
    beads = FLAGGER.flag(MOVED_EN, MOVED_FR, one_to_one(3))
    assert [bead.flags for bead in beads] == [(), (), ()]


def test_number_stated_two_beads_away_is_still_flagged() -> None:
    en = [MOVED_EN[0], "Several systems were compared.", MOVED_EN[1]]
    fr = [MOVED_FR[0], "Plusieurs systèmes ont été comparés.", MOVED_FR[1]]
    beads = FLAGGER.flag(en, fr, one_to_one(3))
    assert beads[2].flags == ("number_mismatch",)
    assert beads[2].details["numbers_only_en"] == ["2010"]


def test_neighbours_excuse_only_the_numbers_they_state() -> None:
    en = ["The network was set up in 31 countries by July 2005.", "Coverage rose."]
    fr = ["Un réseau a été mis en place dans 29 pays.",
          "En juillet 2005, la couverture a augmenté."]
    first = FLAGGER.flag(en, fr, one_to_one(2))[0]
    assert first.flags == ("number_mismatch",)
    assert first.details["numbers_only_en"] == ["31"]
    assert first.details["numbers_only_fr"] == ["29"]


def test_neighbours_never_make_a_spelled_out_count_missing() -> None:
    """"the two models" / "les modèles" is how translators write (no number on the French
    side); a number in the next French sentence must not turn it into a flag."""
    en = ["We compare the two models.", "Both were trained on 12 corpora."]
    fr = ["Nous comparons les modèles.", "Ils ont été entraînés sur 12 corpus."]
    assert [bead.flags for bead in FLAGGER.flag(en, fr, one_to_one(2))] == [(), ()]
