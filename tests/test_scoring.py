"""Bead scores: probabilities in [0, 1], rising with similarity, with readable components."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from aligner.align import SentenceAligner
from aligner.flags import Flagger
from aligner.pipeline import Checker, CheckerConfig
from aligner.records import Bead
from aligner.scoring import (
    BeadScorer,
    fidelity_inputs,
    french_share,
    load_fidelity_model,
)

EN = ["The treatment reduced hospital admissions by 35% compared with placebo."]
FR_GOOD = ["Le traitement a réduit les hospitalisations de 35 % par rapport au placebo."]
FR_BAD = ["Le festival de musique attire chaque été des milliers de touristes."]


def scored(scorer: BeadScorer, features: dict[str, float]) -> Bead:
    return scorer.score(EN, FR_GOOD, [Bead((0,), (0,), details={"features": features})])[0]


def base_features(similarity: float) -> dict[str, float]:
    features = {"len_log_ratio": 0.1, "len_log_ratio_sq": 0.01, "num_jaccard": 1.0,
                "num_none": 0.0, "num_one_side": 0.0}
    for name in ("char", "lex", "e5"):
        features[f"{name}_span"] = features[f"{name}_min"] = similarity
    return features


@pytest.mark.parametrize("scorer_name", ["lexical", "e5"])
def test_score_is_a_probability_and_rises_with_similarity(scorer_name: str) -> None:
    scorer = BeadScorer(scorer_name)
    scores = [scored(scorer, base_features(s)).score for s in (-0.2, 0.0, 0.2, 0.5, 0.8, 1.0)]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores) and scores[-1] > scores[0]


def similarities(part) -> set[str]:
    """The similarity features a part uses, alone or inside a product term."""
    return {factor for name in part.features for factor in name.split("*")
            if factor.endswith("_span")}


@pytest.mark.parametrize("scorer_name", ["lexical", "e5"])
@pytest.mark.parametrize("shortness", [0.0, 0.4, 0.8, 1.0])
def test_content_rises_with_every_similarity_for_short_and_long_pairs(
    scorer_name: str, shortness: float
) -> None:
    """Monotone in each encoder's similarity whatever the pair's length, not only above."""
    content = load_fidelity_model(scorer_name).part("content")
    names = similarities(content)
    assert names >= {"char_span"} | ({"e5_span"} if scorer_name == "e5" else {"lex_span"})
    for name in names:
        low, high = ({name: value, "pair_shortness": shortness, "pair_longness": 1 - shortness}
                     for value in (0.1, 0.6))
        assert content.logit(high) >= content.logit(low)  # the probability may saturate


@pytest.mark.parametrize("scorer_name", ["lexical", "e5"])
def test_similarity_weights_are_never_negative(scorer_name: str) -> None:
    """What makes the property above hold for any input, not only the values tried."""
    content = load_fidelity_model(scorer_name).part("content")
    weights = [w for name, w in zip(content.features, content.weights, strict=True)
               if "_span" in name]
    assert weights and min(weights) >= 0


# A low similarity for each scorer: e5 cosines of unrelated sentences sit near 0.75.
LOW_SIMILARITY = {"lexical": {"char": 0.15, "lex": 0.15},
                  "e5": {"char": 0.15, "lex": 0.15, "e5": 0.75}}


@pytest.mark.parametrize("scorer_name", ["lexical", "e5"])
def test_low_similarity_weighs_less_in_a_short_pair(scorer_name: str) -> None:
    """ "Aims" / "Objectif" share few subwords; a long pair that similar is unrelated."""
    content = load_fidelity_model(scorer_name).part("content")
    features = {f"{name}_span": value for name, value in LOW_SIMILARITY[scorer_name].items()}
    short = fidelity_inputs(features, "Aims", "Objectif")
    long = fidelity_inputs(features, EN[0], FR_BAD[0])
    assert content.logit(short) > content.logit(long)


def test_score_rises_with_each_part_and_stays_inside_0_1() -> None:
    """The combination is monotone in each part (the chain rule, recalibrated)."""
    model = load_fidelity_model("lexical")
    grid = [0.001, 0.05, 0.3, 0.7, 0.99]
    for fixed in grid:
        by_content = [model.combine([p, fixed]) for p in grid]
        by_detail = [model.combine([fixed, p]) for p in grid]
        assert by_content == sorted(by_content) and by_detail == sorted(by_detail)
        assert all(0.0 < s < 1.0 for s in by_content + by_detail)
    assert model.combine([0.99, 0.99]) > 0.9 > 0.1 > model.combine([0.001, 0.99])


def test_extreme_features_stay_in_range() -> None:
    scorer = BeadScorer("lexical")
    for value in (-1e6, 1e6):
        assert 0.0 <= scored(scorer, base_features(value)).score <= 1.0


def test_translation_scores_above_unrelated_sentence_with_components() -> None:
    aligner = SentenceAligner("lexical")
    scorer = BeadScorer("lexical")
    good, bad = (
        scorer.score(EN, fr, [Bead((0,), (0,), details={"features":
                                                         aligner.bead_features(EN, fr)})])[0]
        for fr in (FR_GOOD, FR_BAD)
    )
    assert good.score > 0.8 > 0.2 > bad.score
    components = good.details["components"]
    assert set(components) >= {"similarity", "length", "numbers", "language", "content",
                               "detail", "logit"}
    assert components["numbers"] == 1.0 and components["language"] == 1.0
    assert good.details["fidelity"]["short_of"] == {}
    assert list(bad.details["fidelity"]["short_of"]) == ["content"]
    flagged = Flagger().flag(EN, FR_BAD, [bad])[0]
    assert "low_fidelity" in flagged.flags
    assert "does not seem to say what the English says" in flagged.details["reason"]


def test_truncated_rendering_fails_the_detail_part() -> None:
    en = ["Patients who received the new treatment were discharged from hospital three days "
          "earlier on average, and their pain scores at discharge were markedly lower than "
          "those of patients who received the usual care in the same wards."]
    fr = ["Les patients ayant reçu le nouveau traitement."]
    aligner = SentenceAligner("lexical")
    scorer = BeadScorer("lexical")
    bead = scorer.score(en, fr, [Bead((0,), (0,), details={
        "features": aligner.bead_features(en, fr)})])[0]
    assert "detail" in bead.details["fidelity"]["short_of"]
    assert bead.score < 0.05


def test_empty_side_has_no_score() -> None:
    scorer = BeadScorer("lexical")
    assert scorer.score(EN, [], [Bead((0,), ())])[0].score is None


def test_score_pair_with_one_side_empty_is_a_flagged_one_sided_bead() -> None:
    """A forced pair with nothing on one side is reported like an aligned one-sided bead."""
    checker = Checker(CheckerConfig(scorer="lexical"))
    omitted = checker.score_pair(EN, [])
    added = checker.score_pair([], FR_GOOD)
    assert (omitted.en, omitted.fr, omitted.score, omitted.flags) == ((0,), (), None, ("omission",))
    assert (added.en, added.fr, added.score, added.flags) == ((), (0,), None, ("addition",))
    with pytest.raises(ValueError, match="at least one sentence"):
        checker.score_pair([], [])


def test_french_share_reads_language_clues() -> None:
    assert french_share("Les résultats sont présentés dans le tableau.") == 1.0
    assert french_share("The results are shown in the table.") == 0.0
    assert french_share("COVID-19") is None


@pytest.mark.parametrize("scorer_name", ["lexical", "e5"])
def test_shipped_model_met_its_held_out_checks(scorer_name: str) -> None:
    """The held-out figures train_models.py stored with the model (README, Scoring): a
    retrained model that flags more clean pairs, misses unrelated ones, or drifts from
    calibration is not shipped by accident."""
    text = resources.files("aligner").joinpath("data/fidelity_model.json").read_text("utf-8")
    entry = json.loads(text)[scorer_name]
    flagged = entry["heldout_flagged"]
    assert flagged["faithful"] <= 0.01
    assert flagged["random"] >= 0.95
    assert all(abs(predicted - observed) <= 0.2
               for _, predicted, observed, _ in entry["heldout_reliability"])
