"""The flag audit: which flags it samples, and the arithmetic of its estimate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.evaluation.audit import (
    CRITERIA,
    cohen_kappa,
    draw,
    flagged_untouched,
    read_verdicts,
    still_flagged,
    tally,
    wilson_interval,
    write_sheet,
)

REPO = Path(__file__).resolve().parent.parent


def _bead(en: list[int], fr: list[int], flags: list[str] | None = None) -> dict:
    return {"en": en, "fr": fr, "flags": flags or [], "details": {"reason": "because"}}


INPUTS = {
    "clean": {"id": "clean", "en": ["A.", "B.", "C."], "fr": ["Un.", "Deux.", "Trois."]},
    "injected": {"id": "injected", "en": ["A.", "B."], "fr": ["Un.", "Ajout.", "Deux."],
                 "injected": {"type": "addition", "en": [], "fr": [1]}},
}
OUTPUTS = {
    "clean": {"id": "clean", "beads": [_bead([0], [0]), _bead([1], [1, 2], ["low_fidelity"]),
                                       _bead([2], [], ["omission"])]},
    "injected": {"id": "injected", "beads": [_bead([0], [0], ["number_mismatch"]),
                                             _bead([], [1], ["addition"]), _bead([1], [2])]},
}


def test_population_is_the_untouched_french_sentences_and_their_flagged_beads() -> None:
    population = flagged_untouched(OUTPUTS.values(), INPUTS)
    assert population.untouched == 5  # three clean, two of the injected document's three
    flagged = {(s.record_id, s.fr_index) for s in population.flagged}
    # the injected addition is not a false flag; an omission bead holds no French sentence
    assert flagged == {("clean", 1), ("clean", 2), ("injected", 0)}
    assert population.rate == pytest.approx(3 / 5)


def test_a_french_sentence_missing_from_the_output_counts_unflagged() -> None:
    outputs = [{"id": "clean", "beads": [_bead([0], [0], ["low_fidelity"])]}]
    population = flagged_untouched(outputs, INPUTS)
    assert population.untouched == 3
    assert [s.fr_index for s in population.flagged] == [0]


def test_an_output_record_missing_from_the_input_is_named() -> None:
    with pytest.raises(ValueError, match="'other' of the checker's output is not in"):
        flagged_untouched([{"id": "other", "beads": []}], INPUTS)


def test_the_draw_is_reproducible_and_capped() -> None:
    population = flagged_untouched(OUTPUTS.values(), INPUTS)
    first = draw(population, 2, seed=3)
    assert first == draw(population, 2, seed=3)
    assert len(first) == 2 and all(item in population.flagged for item in first)
    assert len(draw(population, 50, seed=3)) == 3


def test_sheet_holds_the_criteria_the_flag_and_its_document(tmp_path: Path) -> None:
    population = flagged_untouched(OUTPUTS.values(), INPUTS)
    sheet = tmp_path / "sheet.md"
    write_sheet(draw(population, 3, seed=1), INPUTS, OUTPUTS, sheet)
    text = sheet.read_text("utf-8")
    assert CRITERIA in text
    assert text.count("## Item") == 3
    assert "FR[2] Trois." in text and "Flags: low_fidelity" in text
    assert "- EN [2] C.\n  FR (none)" in text  # the aligned document, omission included


def test_wilson_interval_holds_the_share_and_mirrors() -> None:
    low, high = wilson_interval(22, 60)
    assert low < 22 / 60 < high
    # by hand: centre (p + z²/2n) / (1 + z²/n) = 0.3747, half-width 0.1185
    assert (low, high) == pytest.approx((0.2562, 0.4932), abs=1e-4)
    assert wilson_interval(0, 20)[0] == 0.0 and wilson_interval(0, 20)[1] > 0.1
    mirrored = wilson_interval(38, 60)
    assert mirrored == pytest.approx((1 - high, 1 - low))


def test_kappa_is_one_for_agreement_and_zero_for_chance() -> None:
    assert cohen_kappa(["real", "tool", "real"], ["real", "tool", "real"]) == 1.0
    assert cohen_kappa(["real", "real", "tool", "tool"],
                       ["real", "tool", "real", "tool"]) == pytest.approx(0.0)
    assert cohen_kappa(["real", "real"], ["real", "real"]) is None


def test_tally_scales_the_tool_share_by_the_false_flag_rate() -> None:
    result = tally({"a": ["tool", "real", "real", "real"], "b": ["tool", "tool", "real", "real"]},
                   false_flag_rate=0.04)
    assert result["judges"]["a"]["own_rate"] == pytest.approx(0.01)
    assert result["judges"]["b"]["own_rate"] == pytest.approx(0.02)
    low, high = result["judges"]["a"]["own_rate_interval"]
    assert low < 0.01 < high <= 0.04
    assert result["agreement"]["same"] == 3


def test_verdicts_must_cover_every_item_with_a_known_verdict(tmp_path: Path) -> None:
    judge = tmp_path / "judge.jsonl"
    judge.write_text("\n".join(json.dumps({"item": n, "verdict": v})
                               for n, v in ((2, "tool"), (1, "real"))), "utf-8")
    assert read_verdicts(judge, 2) == ["real", "tool"]
    with pytest.raises(ValueError, match=r"no verdict for items \[3\]"):
        read_verdicts(judge, 3)
    judge.write_text(json.dumps({"item": 1, "verdict": "maybe"}), "utf-8")
    with pytest.raises(ValueError, match="verdict must be one of"):
        read_verdicts(judge, 1)


def test_still_flagged_follows_each_items_french_sentence() -> None:
    """A newer run that drops the flag on ("clean", 1) keeps the other two items."""
    newer = {**OUTPUTS, "clean": {"id": "clean", "beads": [
        _bead([0], [0]), _bead([1], [1]), _bead([2], [2], ["low_fidelity"])]}}
    population = flagged_untouched(newer.values(), INPUTS)
    items = [{"id": "clean", "fr_index": 1}, {"id": "clean", "fr_index": 2},
             {"id": "injected", "fr": [0]}]  # the first audits' keys name the bead only
    assert still_flagged(items, population) == [False, True, True]


def test_tally_against_a_newer_run_counts_only_the_items_it_still_flags(
        tmp_path: Path) -> None:
    def write_jsonl(name: str, records: dict) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(r) + "\n" for r in records.values()), "utf-8")
        return path

    key = tmp_path / "key.json"
    key.write_text(json.dumps({"untouched_fr": 5, "untouched_flagged": 3, "items": [
        {"item": 1, "id": "clean", "fr_index": 1}, {"item": 2, "id": "injected", "fr_index": 0},
    ]}), "utf-8")
    judge = tmp_path / "judge_A.jsonl"
    judge.write_text('{"item": 1, "verdict": "tool"}\n{"item": 2, "verdict": "real"}\n', "utf-8")
    newer = {**OUTPUTS, "clean": {"id": "clean", "beads": [_bead([0], [0]), _bead([1], [1, 2]),
                                                           _bead([2], [])]}}
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "audit_flags.py"), "tally", str(key), str(judge),
         "--against", str(write_jsonl("out.jsonl", newer)), str(write_jsonl("in.jsonl", INPUTS))],
        capture_output=True, text=True, check=True)
    assert "judge_A: 1 judged items no longer flagged" in run.stdout
    assert "(tool 1)" in run.stdout
    # the newer run flags 1 of 5 untouched sentences; the one item left is judged real
    assert "false-flag rate 20.00% (1 of 5); 1 flags judged" in run.stdout
    assert "| judge_A | 1 | 0 | 0 | 0.00%" in run.stdout
