"""Bead scores: probabilities in [0, 1], rising with similarity, with readable components."""

from __future__ import annotations

import pytest

from aligner.align import SentenceAligner
from aligner.records import Bead
from aligner.scoring import BeadScorer, french_share, load_fidelity_model

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


@pytest.mark.parametrize("scorer_name", ["lexical", "e5"])
def test_similarity_weights_are_positive(scorer_name: str) -> None:
    """Monotone in similarity for any bead, not only the one above."""
    model = load_fidelity_model(scorer_name)
    weights = dict(zip(model.features, model.weights, strict=True))
    span_weights = [w for name, w in weights.items() if name.endswith("_span")]
    assert span_weights and all(w > 0 for w in span_weights)


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
    assert set(components) >= {"similarity", "length", "numbers", "language", "logit"}
    assert components["numbers"] == 1.0 and components["language"] == 1.0


def test_empty_side_has_no_score() -> None:
    scorer = BeadScorer("lexical")
    assert scorer.score(EN, [], [Bead((0,), ())])[0].score is None


def test_french_share_reads_language_clues() -> None:
    assert french_share("Les résultats sont présentés dans le tableau.") == 1.0
    assert french_share("The results are shown in the table.") == 0.0
    assert french_share("COVID-19") is None
