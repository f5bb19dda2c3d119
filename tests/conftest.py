"""Shared fixtures: paths to the evaluation data outside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def data_file(name: str) -> Path:
    """Path to a file of ../shared/data, or skip the test with a message saying what is missing."""
    path = DATA / name
    if not path.exists():
        pytest.skip(f"needs {path} (the evaluation data beside the repository); not present")
    return path


def seed_file(name: str) -> Path:
    """Path to a raw seed record of ../shared/seeds, or skip with a message."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"needs {path} (the raw seed records beside the repository); not present")
    return path
