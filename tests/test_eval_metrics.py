"""Alignment metrics and ROC-AUC on small hand-made cases whose answers are worked out here."""

from __future__ import annotations

import itertools
import json

import pytest

from aligner.errors import InputError
from aligner.evaluation.detection import DetectionScores, GoldPairFlags, LabelledPairFlags
from aligner.evaluation.gold import coverage_problem, parse_gold_line
from aligner.evaluation.metrics import AlignmentScores, Counts, bead_keys, compare_document, links
from aligner.evaluation.refresd import roc_auc
from aligner.records import Bead


def beads(*pairs: tuple[list[int], list[int]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return bead_keys(pairs)


def figures(counts: Counts) -> tuple[float | None, float | None, float | None]:
    return counts.precision, counts.recall, counts.f1


GOLD = beads(([0], [0]), ([1], [1, 2]), ([], [3]), ([2], []), ([3, 4], [4, 5]))


def test_perfect_alignment_scores_one_everywhere() -> None:
    result = compare_document(GOLD, GOLD)
    for measure in ("all", "strict", "lax", "addition", "omission"):
        assert figures(result[measure]) == (1.0, 1.0, 1.0), measure
    assert result["all"].gold == 5
    assert result["strict"].gold == 3
    assert result["lax"].gold == 1 + 2 + 4  # a 2-2 bead holds four links


def test_all_wrong_alignment_scores_zero() -> None:
    gold = beads(([0], [0]), ([1], [1]))
    predicted = beads(([0], [1]), ([1], [0]))  # not monotone, but every bead is wrong
    result = compare_document(predicted, gold)
    for measure in ("all", "strict", "lax"):
        assert figures(result[measure]) == (0.0, 0.0, 0.0), measure
    # No addition or omission on either side: undefined, not a made-up number.
    assert figures(result["addition"]) == (None, None, None)


def test_split_bead_counts_partial_links_but_no_exact_bead() -> None:
    gold = beads(([0], [0, 1]), ([1], [2]))
    predicted = beads(([0], [0]), ([], [1]), ([1], [2]))
    result = compare_document(predicted, gold)
    assert (result["all"].tp, result["all"].predicted, result["all"].gold) == (1, 3, 2)
    assert (result["strict"].tp, result["strict"].predicted, result["strict"].gold) == (1, 2, 2)
    # links: gold {(0,0),(0,1),(1,2)}, predicted {(0,0),(1,2)}
    assert (result["lax"].tp, result["lax"].predicted, result["lax"].gold) == (2, 2, 3)
    assert result["lax"].precision == 1.0
    assert result["lax"].recall == pytest.approx(2 / 3)
    # the predicted addition of French 1 is a false positive; gold has no addition
    assert (result["addition"].tp, result["addition"].predicted, result["addition"].gold) == (
        0,
        1,
        0,
    )
    assert result["addition"].precision == 0.0
    assert result["addition"].recall is None
    assert result["addition"].f1 == 0.0


def test_n_m_bead_links_and_merges() -> None:
    gold = beads(([0, 1], [0]), ([2], [1, 2, 3]))
    predicted = beads(([0, 1], [0, 1]), ([2], [2, 3]))
    result = compare_document(predicted, gold)
    assert result["all"].tp == 0
    assert links(predicted) == {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3)}
    # gold links (0,0),(1,0),(2,1),(2,2),(2,3); shared: (0,0),(1,0),(2,2),(2,3)
    assert (result["lax"].tp, result["lax"].predicted, result["lax"].gold) == (4, 6, 5)
    assert result["lax"].f1 == pytest.approx(2 * 4 / (6 + 5))


def test_document_with_only_additions() -> None:
    gold = beads(([], [0]), ([], [1]))
    predicted = beads(([], [0]), ([], [1]))
    result = compare_document(predicted, gold)
    assert figures(result["addition"]) == (1.0, 1.0, 1.0)
    assert result["strict"].gold == 0 and result["lax"].gold == 0
    assert figures(result["strict"]) == (None, None, None)
    assert figures(result["omission"]) == (None, None, None)


def test_empty_english_side_against_one_to_one_guess() -> None:
    """English empty in gold: a checker that pairs nothing finds every addition."""
    gold = beads(([], [0]), ([], [1]))
    predicted = beads(([], [0, 1]))  # one 0-2 bead: sentences right, bead wrong
    result = compare_document(predicted, gold)
    assert figures(result["addition"]) == (1.0, 1.0, 1.0)
    assert figures(result["all"]) == (0.0, 0.0, 0.0)


def test_omissions_counted_by_english_sentence() -> None:
    gold = beads(([0], [0]), ([1], []), ([2], []), ([3], [1]))
    predicted = beads(([0], [0]), ([1], []), ([2, 3], [1]))
    result = compare_document(predicted, gold)
    assert (result["omission"].tp, result["omission"].predicted, result["omission"].gold) == (
        1,
        1,
        2,
    )
    assert result["omission"].precision == 1.0
    assert result["omission"].recall == 0.5


def test_micro_average_sums_counts_over_documents() -> None:
    scores = AlignmentScores()
    scores.add_document(GOLD, GOLD)  # 5 beads, all right
    scores.add_document(beads(([0, 1], [0, 1])), beads(([0], [0]), ([1], [1])))  # 1 vs 2
    total = scores.counts["all"]
    assert (total.tp, total.predicted, total.gold) == (5, 6, 7)
    assert total.precision == pytest.approx(5 / 6)  # not the mean of per-document figures
    assert scores.exact_share == 0.5
    dumped = scores.to_dict()
    assert dumped["documents"] == 2 and dumped["exact"] == 0.5
    assert set(dumped["all"]) >= {"p", "r", "f1"}


def test_beads_empty_on_both_sides_are_ignored() -> None:
    assert bead_keys([([], []), ([0], [0])]) == [((0,), (0,))]


def test_gold_coverage_is_checked() -> None:
    assert coverage_problem(GOLD, 5, 6) is None
    assert "English" in (coverage_problem(beads(([1], [0]), ([0], [1])), 2, 2) or "")
    assert "French" in (coverage_problem(beads(([0], [0])), 1, 2) or "")
    line = json.dumps({"id": "x", "en": ["a"], "fr": ["b", "c"], "gold": [[[0], [0]]]})
    with pytest.raises(InputError, match="French indexes"):
        parse_gold_line(line, "f.jsonl, line 1")
    with pytest.raises(InputError, match="pairs"):
        parse_gold_line(json.dumps({"en": ["a"], "fr": ["b"], "gold": [[0, 0]]}), "here")


def test_detection_counts_expected_flag_and_untouched_sentences() -> None:
    scores = DetectionScores()
    output = [
        Bead((0,), (0,), 0.9, ()),
        Bead((), (1,), None, ("addition",)),
        Bead((1,), (2,), 0.2, ("low_fidelity",)),
    ]
    scores.add_document({"type": "addition", "en": [], "fr": [1], "flag": "addition"}, output, 3)
    missed = [Bead((0,), (0,), 0.9, ()), Bead((1,), (1,), 0.9, ())]
    scores.add_document(
        {"type": "substitution", "en": [1], "fr": [1], "flag": "low_fidelity"}, missed, 2
    )
    scores.add_document(None, [Bead((0,), (0,), 0.9, ("number_mismatch",))], 1)
    report = scores.to_dict()
    assert report["recall"]["addition"]["recall"] == 1.0
    assert report["recall"]["substitution"]["recall"] == 0.0
    assert report["recall"]["substitution"]["target_flags"] == {"none": 1}
    assert report["recall"]["addition"]["target_flags"] == {"addition": 1}
    # untouched French: doc1 {0, 2}, doc2 {0}, doc3 {0}; flagged: doc1 #2 and doc3 #0
    assert (report["untouched_flagged"], report["untouched_fr"]) == (2, 4)
    assert report["false_flag_rate"] == 0.5
    assert report["clean_documents_flagged"] == 1


def test_false_flags_are_also_counted_per_corpus() -> None:
    scores = DetectionScores()
    flagged = [Bead((0,), (0,), 0.2, ("low_fidelity",)), Bead((1,), (1,), 0.9, ())]
    clean = [Bead((0,), (0,), 0.9, ()), Bead((1,), (1,), 0.9, ())]
    scores.add_document(None, flagged, 2, "theses.jsonl")
    scores.add_document(None, clean, 2, "medline.jsonl")
    other = DetectionScores()
    other.add_document(None, flagged, 2, "medline.jsonl")
    scores.merge(other)
    by_corpus = scores.to_dict()["false_flags_by_corpus"]
    assert by_corpus["theses.jsonl"] == {"untouched_fr": 2, "untouched_flagged": 1,
                                         "false_flag_rate": 0.5, "by_flag": {"low_fidelity": 1}}
    assert by_corpus["medline.jsonl"]["untouched_flagged"] == 1
    assert by_corpus["medline.jsonl"]["false_flag_rate"] == 0.25


def test_gold_pair_flags_count_only_french_sentences_of_gold_one_to_one_beads() -> None:
    gold = beads(([0], [0]), ([1], [1, 2]), ([], [3]), ([2], [4]), ([3], [5]))
    output = [
        Bead((0,), (0,), 0.9, ()),
        Bead((1,), (1, 2), 0.1, ("low_fidelity",)),  # gold 1-2: not counted
        Bead((), (3,), None, ("addition",)),  # gold 0-1: not counted
        Bead((2, 3), (4, 5), 0.3, ("number_mismatch", "low_fidelity")),  # holds two gold 1-1
    ]
    pairs = GoldPairFlags()
    pairs.add_document(gold, output)
    other = GoldPairFlags()
    other.add_document(beads(([0], [0])), [Bead((0,), (0,), 0.9, ())])
    pairs.merge(other)
    assert pairs.to_dict() == {"french": 4, "flagged": 2, "rate": 0.5,
                               "by_flag": {"low_fidelity": 2, "number_mismatch": 2}}


def test_labelled_pair_flags_count_french_sentences_per_annotators_label() -> None:
    gold = beads(([0], [0]), ([1], [1, 2]), ([], [3]), ([2], [4]))
    labels = ("OK", "OK", "NO_ALIGNMENT", "TARGET_GREATER_SOURCE")
    output = [
        Bead((0,), (0,), 0.9, ()),
        Bead((1,), (1,), 0.4, ("low_fidelity",)),  # half of a gold OK 1-2 bead
        Bead((), (2,), None, ("addition",)),  # its other half
        Bead((), (3,), None, ("addition",)),  # gold 0-1: the addition measure's, not counted
        Bead((2,), (4,), 0.2, ("low_fidelity",)),
    ]
    labelled = LabelledPairFlags()
    labelled.add_document(gold, labels, output)
    other = LabelledPairFlags()
    other.add_document(beads(([0], [0])), ("OK",), [Bead((0,), (0,), 0.9, ())])
    labelled.merge(other)
    assert labelled.to_dict() == {
        "OK": {"french": 4, "flagged": 2, "rate": 0.5,
               "by_flag": {"addition": 1, "low_fidelity": 1}},
        "TARGET_GREATER_SOURCE": {"french": 1, "flagged": 1, "rate": 1.0,
                                  "by_flag": {"low_fidelity": 1}},
    }


def test_gold_labels_follow_the_beads_kept_and_must_fit() -> None:
    line = {"en": ["a", "b"], "fr": ["c"], "gold": [[[0], [0]], [[], []], [[1], []]],
            "gold_labels": ["OK", "EMPTY", "NO_ALIGNMENT"]}
    document = parse_gold_line(json.dumps(line), "here")
    assert document.labels == ("OK", "NO_ALIGNMENT")  # the bead empty on both sides dropped
    assert parse_gold_line(json.dumps({**line, "gold_labels": None}), "here").labels is None
    with pytest.raises(InputError, match="one label per gold bead"):
        parse_gold_line(json.dumps({**line, "gold_labels": ["OK"]}), "f.jsonl, line 3")


# --- ROC-AUC --------------------------------------------------------------------------


def brute_force_auc(positives: list[float], negatives: list[float]) -> float:
    wins = sum(
        1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(positives, negatives)
    )
    return wins / (len(positives) * len(negatives))


def test_auc_perfect_reversed_and_chance() -> None:
    assert roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert roc_auc([0.1, 0.2], [0.9, 0.8]) == 0.0
    assert roc_auc([0.5, 0.5], [0.5, 0.5]) == 0.5


def test_auc_with_ties_counts_them_half() -> None:
    positives = [0.9, 0.5, 0.5, 0.3]
    negatives = [0.5, 0.3, 0.1]
    # pairs: 0.9 beats 3; 0.5 ties 0.5, beats 0.3, 0.1 (x2); 0.3 vs 0.5 loses, ties 0.3, beats 0.1
    expected = (3 + 2 * (0.5 + 2) + (0 + 0.5 + 1)) / 12
    assert roc_auc(positives, negatives) == pytest.approx(expected)


def test_auc_matches_pairwise_definition_on_many_ties() -> None:
    positives = [round(0.1 * (k % 7), 1) for k in range(23)]
    negatives = [round(0.1 * (k % 4), 1) for k in range(17)]
    assert roc_auc(positives, negatives) == pytest.approx(brute_force_auc(positives, negatives))


def test_auc_undefined_without_both_classes() -> None:
    assert roc_auc([], [0.1]) is None
    assert roc_auc([0.1], []) is None
