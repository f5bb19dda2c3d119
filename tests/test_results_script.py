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
