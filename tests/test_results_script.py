"""scripts/results.py refuses to stamp figures with a commit whose code it is not running.

A checkout with a plain (non-editable) install runs the copy in ``.venv``; after a
``git checkout`` that copy is the old code. These tests build a fake checkout whose
``.venv/bin/python`` reports where "its" package lives.
"""

from __future__ import annotations

import importlib.util
import stat
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def results():
    spec = importlib.util.spec_from_file_location("results", REPO / "scripts" / "results.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_checkout(root: Path, installed: Path) -> Path:
    """A checkout with aligner/ sources and a .venv python that imports from ``installed``."""
    (root / "aligner" / "data").mkdir(parents=True)
    (root / "aligner" / "__init__.py").write_text("VERSION = 2\n")
    (root / "aligner" / "data" / "model.json").write_text('{"w": 2}\n')
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f"#!/bin/sh\necho {installed}\n")
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    return root


def installed_copy(tmp_path: Path, model: str) -> Path:
    """A checkout and the package copy its .venv runs, with ``model`` as the copy's model."""
    installed = tmp_path / "site" / "aligner"
    checkout = fake_checkout(tmp_path / "repo", installed)
    (installed / "data").mkdir(parents=True)
    (installed / "__init__.py").write_text("VERSION = 2\n")
    (installed / "data" / "model.json").write_text(model)
    return checkout


def test_an_up_to_date_copy_or_an_editable_install_is_accepted(
    results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = installed_copy(tmp_path, '{"w": 2}\n')
    monkeypatch.setattr(results, "REPO", checkout)
    assert results.stale_installed_files() == []
    editable = fake_checkout(tmp_path / "repo2", tmp_path / "repo2" / "aligner")
    monkeypatch.setattr(results, "REPO", editable)
    assert results.stale_installed_files() == []


def test_an_old_copy_is_named_file_by_file_and_stops_the_run(
    results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = installed_copy(tmp_path, '{"w": 1}\n')  # the model before a refit
    monkeypatch.setattr(results, "REPO", checkout)
    assert results.stale_installed_files() == ["aligner/data/model.json"]
    with pytest.raises(SystemExit, match="not this checkout .*model.json.*reinstall"):
        results.run_experiment("medline-lexical", tmp_path / "out")


def stored_run(name: str, scorer: str, **output: object) -> dict:
    return {"name": name, "output": {"scorer": scorer, **output}}


def test_people_labelled_table_pools_the_pairs_people_judged_equivalent(results) -> None:
    medline = stored_run("medline-e5", "e5", gold_labelled_flagged={
        "OK": {"french": 500, "flagged": 3},
        "OVERLAP": {"french": 1, "flagged": 0},
        "TARGET_GREATER_SOURCE": {"french": 4, "flagged": 1},
    })
    labels = {"no_meaning_difference": {"pairs": 200, "flagged_pairs": 2},
              "some_meaning_difference": {"pairs": 100, "flagged_pairs": 30},
              "unrelated": {"pairs": 50, "flagged_pairs": 40}}
    refresd = stored_run("refresd-e5", "e5", refresd={"labels": labels})
    lexical_refresd = stored_run("refresd-lexical", "lexical", refresd={"labels": labels})
    table = results.people_labelled_table([medline], [refresd, lexical_refresd])
    assert len(table) == 3  # header, rule, e5 only: no lexical Medline run to pool with
    low, high = results.wilson_interval(5, 700)
    assert table[2] == (f"| e5 | 3/500 | 1/5 | 2/200 | 30/100 | 40/50 | "
                        f"0.71% (5/700; {low:.2%}-{high:.2%}) |")


def test_people_labelled_table_is_left_out_for_runs_older_than_its_measures(results) -> None:
    old_refresd = stored_run("refresd-e5", "e5", refresd={"labels": {
        "no_meaning_difference": {"pairs": 200, "flagged": 0.01}}})
    medline = stored_run("medline-e5", "e5", gold_labelled_flagged={
        "OK": {"french": 500, "flagged": 3}})
    assert results.people_labelled_table([medline], [old_refresd]) == []
