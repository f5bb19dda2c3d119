"""The interface every similarity backend implements.

A backend turns each sentence into one vector, so that the similarity of any multi-sentence
span is computed from sums of rows (Vecalign's idea of representing a span by its
sentences; Thompson & Koehn 2019, https://aclanthology.org/D19-1136/), and each sentence is
encoded exactly once per document however many candidate beads contain it.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class SentenceEncoder(Protocol):
    """Maps sentences to L2-normalised float32 rows; the dot product of two rows is their
    similarity, comparable across English and French."""

    name: str

    def encode(self, sentences: list[str], lang: str) -> np.ndarray:
        """An (n, d) float32 array of L2-normalised rows (zero rows for empty text)."""
        ...

    def signature(self) -> str:
        """Identifies the backend and its model/parameters, for reproducibility."""
        ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Scale each row to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
