"""langid's model, unpacked once per machine instead of once per process.

langid (Lui & Baldwin 2012) ships its model as a base64, bz2-compressed pickle of Python
lists: unpacking it takes 1.5-3 s, which was the largest fixed cost of a run (and was paid
again by every worker process of ``--jobs N``). The unpacked arrays are written once to a
cache directory in a plain, pickle-free format (raw array bytes plus JSON) and read back in
milliseconds.

The cache is keyed by a digest of the packed model (see :func:`_cache_path`), so a new
langid release gets a new file. It lives in ``$ALIGNER_CACHE_DIR``, else
``$XDG_CACHE_HOME/aligner``, else ``~/.cache/aligner``. When the directory cannot be
written (a read-only home, a locked-down server) the model is unpacked in memory as
before: the cache only saves time, it never changes a result.
"""

from __future__ import annotations

import base64
import bz2
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np

CACHE_FORMAT = 1


def load_identifier() -> Any:
    """A langid ``LanguageIdentifier`` over all its languages, with normalised probabilities."""
    from langid.langid import LanguageIdentifier, model

    parts = _read_cache(_cache_path(model))
    if parts is None:
        parts = _unpack(model)
        _write_cache(_cache_path(model), parts)
    nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output = parts
    pc = np.array(nb_pc)  # float32, exactly as langid's own loader makes them
    ptc = np.array(nb_ptc).reshape(-1, len(pc))
    return LanguageIdentifier(ptc, pc, ptc.shape[0], nb_classes, tk_nextmove, tk_output,
                              norm_probs=True)


def cache_dir() -> Path:
    """Where derived, re-creatable files go (see the module docstring)."""
    explicit = os.environ.get("ALIGNER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aligner"


def _cache_path(packed: str | bytes) -> Path:
    """Keyed by the packed model's length and its first and last 64 kB.

    Hashing all 13 MB would take a quarter of a second, most of what the cache saves; a
    different model changes its length or its packed ends (the bz2 header and checksum).
    """
    data = packed.encode("ascii") if isinstance(packed, str) else packed
    sample = data[:65536] + data[-65536:] + str(len(data)).encode()
    digest = hashlib.sha256(sample).hexdigest()[:16]
    return cache_dir() / f"langid-{digest}-v{CACHE_FORMAT}"


def _unpack(packed: str | bytes) -> tuple[Any, ...]:
    """The model as langid itself unpacks it (its own, trusted pickle)."""
    return tuple(pickle.loads(bz2.decompress(base64.b64decode(packed))))


def _read_cache(path: Path) -> tuple[Any, ...] | None:
    try:
        meta = json.loads((path / "meta.json").read_text("utf-8"))
        ptc = array("f", (path / "nb_ptc.bin").read_bytes())
        pc = array("f", (path / "nb_pc.bin").read_bytes())
        nextmove = array("H", (path / "tk_nextmove.bin").read_bytes())
    except (OSError, ValueError):
        return None
    if meta.get("sizes") != [len(ptc), len(pc), len(nextmove)]:
        return None  # a half-written or damaged cache: unpack again
    output = {int(state): tuple(values) for state, values in meta["tk_output"].items()}
    return ptc, pc, meta["nb_classes"], nextmove, output


def _write_cache(path: Path, parts: tuple[Any, ...]) -> None:
    """Write into a fresh directory and rename it into place, so readers never see half."""
    nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output = parts
    staging = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=path.name + ".", dir=path.parent))
        (staging / "nb_ptc.bin").write_bytes(array("f", nb_ptc).tobytes())
        (staging / "nb_pc.bin").write_bytes(array("f", nb_pc).tobytes())
        (staging / "tk_nextmove.bin").write_bytes(array("H", tk_nextmove).tobytes())
        meta = {"sizes": [len(nb_ptc), len(nb_pc), len(tk_nextmove)],
                "nb_classes": list(nb_classes),
                "tk_output": {str(k): list(v) for k, v in tk_output.items()}}
        (staging / "meta.json").write_text(json.dumps(meta), "utf-8")
        if path.exists():  # damaged (we only write when reading failed): replace it
            shutil.rmtree(path, ignore_errors=True)
        os.replace(staging, path)
    except OSError:
        # No writable cache, or another process won the race: nothing is lost.
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
