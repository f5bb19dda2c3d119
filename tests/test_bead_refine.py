"""Class 1 of issue 24: sentences of merged beads and clauses of sentences earn their place."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aligner import bead_refine
from aligner.bead_refine import MEMBERS_KEY, SPLIT_KEY, refine, removals
from aligner.clause_check import EXTRA_PART, clause_cuts, extra_clause
from aligner.records import Bead
from tests.test_align import assert_covering_and_monotone


def test_removals_of_a_one_to_two_bead() -> None:
    options = removals((3, 4, 5, 7))
    assert [(rest, alone, side, index) for rest, alone, side, index in options] == [
        ((3, 4, 6, 7), (3, 3, 5, 6), "fr", 5), ((3, 4, 5, 6), (4, 4, 6, 7), "fr", 6)]
    assert removals((0, 1, 0, 1)) == []
    assert {side for *_, side, _ in removals((0, 2, 0, 1))} == {"en"}


def merged_bead() -> Bead:
    """English 0 with French 0 and 1, French 1 the candidate intruder (index 1)."""
    members = [{"side": "fr", "index": j, "rest": [0, 1, 1 - j, 2 - j],
                "rest_features": {"tag": f"rest-without-{j}"},
                "pair_features": {"tag": f"alone-{j}"}, "alone_features": {}} for j in (0, 1)]
    return Bead((0,), (0, 1), score=0.4, details={"features": {"tag": "whole"},
                                                   MEMBERS_KEY: members})


def fake_score(scores: dict[str, tuple[float, float]]):
    """A scorer reading the bead's feature tag: (score, content part)."""
    def score(bead: Bead) -> Bead:
        value, content = scores[bead.details["features"]["tag"]]
        return replace(bead, score=value, details={**bead.details,
                                                   "components": {"content": content}})
    return score


@pytest.fixture
def rule_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bead_refine, "ENABLED", True)


def test_rule_off_by_default_leaves_the_bead_and_drops_internal_members() -> None:
    score = fake_score({"rest-without-1": (0.9, 0.9), "alone-1": (0.05, 0.05),
                        "rest-without-0": (0.2, 0.3), "alone-0": (0.8, 0.8)})
    beads = refine([merged_bead()], score)
    assert [(b.en, b.fr) for b in beads] == [((0,), (0, 1))]
    assert MEMBERS_KEY not in beads[0].details


@pytest.mark.usefixtures("rule_on")
def test_an_absorbed_sentence_is_taken_out_as_an_addition() -> None:
    score = fake_score({"rest-without-1": (0.9, 0.9), "alone-1": (0.05, 0.05),
                        "rest-without-0": (0.2, 0.3), "alone-0": (0.8, 0.8)})
    beads = refine([Bead((1,), (2,)), merged_bead()], score)
    assert [(b.en, b.fr) for b in beads] == [((1,), (2,)), ((0,), (0,)), ((), (1,))]
    note = beads[2].details[SPLIT_KEY]
    assert note["removed"] == {"side": "fr", "index": 1} and note["fr"] == [0, 1]
    assert beads[1].score == 0.9 and beads[1].details[SPLIT_KEY] == note
    assert all(MEMBERS_KEY not in b.details for b in beads)


@pytest.mark.usefixtures("rule_on")
def test_a_true_split_keeps_both_halves() -> None:
    # each half renders part of the English: the lone half says the same thing
    score = fake_score({"rest-without-1": (0.9, 0.9), "alone-1": (0.3, 0.7),
                        "rest-without-0": (0.9, 0.9), "alone-0": (0.3, 0.8)})
    assert [(b.en, b.fr) for b in refine([merged_bead()], score)] == [((0,), (0, 1))]
    # or the bead is better with both: nothing to take out
    score = fake_score({"rest-without-1": (0.3, 0.9), "alone-1": (0.05, 0.05),
                        "rest-without-0": (0.2, 0.9), "alone-0": (0.05, 0.05)})
    assert [(b.en, b.fr) for b in refine([merged_bead()], score)] == [((0,), (0, 1))]


def test_clause_cuts_need_words_on_both_sides() -> None:
    sentence = "Nous avons mesuré la pression chez les adultes; les coûts ont été relevés ici."
    assert clause_cuts(sentence) == [("Nous avons mesuré la pression chez les adultes.",
                                      "les coûts ont été relevés ici.")]
    assert clause_cuts("Au total, nous avons inclus vingt patients.") == []


def fake_pair(scores: dict[str, tuple[float, float]]):
    def score_pair(en: str, fr: str) -> Bead:
        value, content = scores[fr]
        return Bead((0,), (0,), score=value, details={"components": {"content": content}})
    return score_pair


def test_extra_clause_found_only_when_the_sentence_is_better_without_it() -> None:
    whole = "Nous avons mesuré la pression chez les adultes; les coûts ont été relevés ici."
    head, tail = "Nous avons mesuré la pression chez les adultes.", "les coûts ont été relevés ici."
    found = extra_clause("We measured pressure in adults.", whole,
                         fake_pair({whole: (0.2, 0.4), head: (0.9, 0.9), tail: (0.1, 0.05)}))
    assert found is not None and found["clause"] == tail
    # the clause renders English content (a long faithful sentence): not flagged
    assert extra_clause("x", whole, fake_pair({whole: (0.2, 0.4), head: (0.9, 0.9),
                                               tail: (0.6, 0.8)})) is None
    # without the clause the sentence is hardly better: not flagged
    assert extra_clause("x", whole, fake_pair({whole: (0.7, 0.8), head: (0.8, 0.9),
                                               tail: (0.1, 0.05)})) is None


def test_checker_flags_a_french_sentence_that_says_more() -> None:
    from aligner.pipeline import Checker, CheckerConfig

    checker = Checker(CheckerConfig(scorer="lexical"))
    en = ["We measured blood pressure in 120 adults with type 2 diabetes.",
          "Pressure fell after eight weeks of treatment."]
    glued = ("Nous avons mesuré la pression artérielle chez 120 adultes atteints de diabète "
             "de type 2; les enseignants ont rempli un questionnaire sur le climat scolaire "
             "dans leurs classes.")
    fr = [glued, "La pression a baissé après huit semaines de traitement."]
    beads = checker.check_sentences(en, fr)
    assert_covering_and_monotone(beads, 2, 2)
    first = next(b for b in beads if b.fr == (0,))
    assert "low_fidelity" in first.flags
    assert first.details["says_more"]["clause"].startswith("les enseignants")
    assert EXTRA_PART in first.details["fidelity"]["short_of"]
    faithful = ["Nous avons mesuré la pression artérielle chez 120 adultes atteints de "
                "diabète de type 2.", fr[1]]
    assert not any(b.details.get("says_more") for b in checker.check_sentences(en, faithful))
