"""Curator review of flagged beads: a local web app over a results file and a SQLite store.

The results file (``aligner check --format jsonl``) is read-only input; reviewers' decisions
live in a separate SQLite database so that ``check`` can be re-run without losing them.
Modules: :mod:`~aligner.review.results` (reading results, bead keys, the severity-ordered
queue), :mod:`~aligner.review.store` (decisions), :mod:`~aligner.review.corrections`
(applying merge/split/unlink to an alignment), :mod:`~aligner.review.server` (HTTP app) and
:mod:`~aligner.review.command` (the ``aligner review`` command) and
:mod:`~aligner.review.dismissals` (dismissals for ``check --decisions`` and the
``aligner dismissals`` command).
"""

from __future__ import annotations

import getpass
from pathlib import Path

DEFAULT_DB_NAME = "review.sqlite"


def default_db_path(results_path: str | Path) -> Path:
    """``review.sqlite`` beside the results file.

    Beside the results rather than in the working directory, so that the review of a corpus
    travels with it, and re-running ``check`` into the same folder finds earlier decisions.
    """
    return Path(results_path).resolve().parent / DEFAULT_DB_NAME


def default_reviewer() -> str:
    """The OS user name, the natural default for who made a decision.

    Kept here, beside :func:`default_db_path`, so that :mod:`aligner.decisions` (patterns
    added from ``aligner check``) and the review command share it without importing the app.
    """
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
