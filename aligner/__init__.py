"""aligner: check English/French abstract pairs for translation divergences.

The public API: build a :class:`Checker` once, feed it :class:`InputRecord` objects, get
:class:`CheckResult` objects whose ``to_dict()`` is the contract's output record.

The names are imported on first use (PEP 562), not with the package: commands that never
check a record (``aligner review``, ``aligner export``, ``--help``) then start without
loading NLTK and the models' code, and a fault in one module cannot break them all.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from aligner.version import __version__

_LAZY = {
    "Checker": "aligner.pipeline",
    "CheckerConfig": "aligner.pipeline",
    "Bead": "aligner.records",
    "CheckResult": "aligner.records",
    "InputRecord": "aligner.records",
}

__all__ = ["Bead", "CheckResult", "Checker", "CheckerConfig", "InputRecord", "__version__"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
