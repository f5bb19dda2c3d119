"""Features of candidate beads, computed for every bead of every type at once.

For a document with n English and m French sentences, a bead of type (k, l) ending at
(i, j) links English sentences ``i-k .. i-1`` to French ``j-l .. j-1``. For each type we
fill (n+1, m+1) arrays indexed by the end position (NaN where no such bead fits), so the
alignment search only looks values up.

Features, per similarity backend (``char`` always, ``e5`` with the neural scorer):
- ``<b>_span``: cosine between the summed sentence vectors of the two sides;
- ``<b>_min``: the lowest cosine of any single sentence of the bead with the other side's
  span. A true 1-2 split keeps both French halves close to the English sentence; an
  unrelated sentence glued into a 1-2 bead drags this down. This is what lets an inserted
  sentence end in a 0-1 bead instead of being swallowed.
- ``<b>_edge``: how much better an edge sentence of the bead matches the other side's
  sentence just outside it than the bead's own other side (:func:`_edge_pull`);
- ``<b>_pairwise`` (2-2 beads only, 0 for the other types): the lower cosine of the bead's
  two parallel sentence pairs. A true 2-2 bead is a crossing, whose pairs do not translate
  alone; a 2-2 bead whose pairs do is two 1-1 beads.
Independent of the backend:
- ``len_log_ratio`` (and its square): log of French over English characters (Gale &
  Church 1993 model length as the main alignment signal; French runs ~10-15% longer);
- ``num_jaccard`` / ``num_none`` / ``num_one_side``: agreement of the numbers written on
  both sides (numbers are strong anchors in scientific abstracts);
- one-hot bead type (1-1 is the reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from aligner.numbers import comparable, extract_numbers
from aligner.similarity.base import SentenceEncoder

BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
TYPE_FEATURES = {(1, 2): "t12", (2, 1): "t21", (2, 2): "t22", (1, 3): "t13", (3, 1): "t31"}
LENGTH_SMOOTHING = 20.0


@dataclass
class DocumentView:
    """Everything the features need about one document, computed once."""

    en: list[str]
    fr: list[str]
    vectors: dict[str, tuple[np.ndarray, np.ndarray]]
    en_chars: np.ndarray = field(init=False)
    fr_chars: np.ndarray = field(init=False)
    en_numbers: np.ndarray = field(init=False)
    fr_numbers: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.en_chars = np.array([len(s) for s in self.en], dtype=np.float64)
        self.fr_chars = np.array([len(s) for s in self.fr], dtype=np.float64)
        self.en_numbers, self.fr_numbers = _number_matrices(self.en, self.fr)

    @cached_property
    def sims(self) -> dict[str, np.ndarray]:
        """Sentence-by-sentence cosines per backend; only ever built for one block."""
        return {name: e @ f.T for name, (e, f) in self.vectors.items()}

    @cached_property
    def grams(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each side's sentence-by-sentence dot products per backend (for span norms)."""
        return {name: (e @ e.T, f @ f.T) for name, (e, f) in self.vectors.items()}

    @classmethod
    def build(
        cls, en: list[str], fr: list[str], encoders: dict[str, SentenceEncoder]
    ) -> DocumentView:
        vectors = {
            name: (encoder.encode(en, "en"), encoder.encode(fr, "fr"))
            for name, encoder in encoders.items()
        }
        return cls(en, fr, vectors)

    def slice(self, en_range: range, fr_range: range) -> DocumentView:
        """The view of a sub-block (used to align long documents piece by piece)."""
        vectors = {
            name: (e[en_range.start : en_range.stop], f[fr_range.start : fr_range.stop])
            for name, (e, f) in self.vectors.items()
        }
        return DocumentView(self.en[en_range.start : en_range.stop],
                            self.fr[fr_range.start : fr_range.stop], vectors)


def _number_matrices(en: list[str], fr: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """0/1 matrices (sentences x distinct numbers of the document), for vectorised overlap."""
    en_sets = [_numbers(s, "en") for s in en]
    fr_sets = [_numbers(s, "fr") for s in fr]
    vocabulary = {value: k for k, value in enumerate(sorted(set().union(*en_sets, *fr_sets)))}
    en_matrix = np.zeros((len(en), max(1, len(vocabulary))), dtype=np.float32)
    fr_matrix = np.zeros((len(fr), max(1, len(vocabulary))), dtype=np.float32)
    for matrix, sets in ((en_matrix, en_sets), (fr_matrix, fr_sets)):
        for row, values in enumerate(sets):
            for value in values:
                matrix[row, vocabulary[value]] = 1.0
    return en_matrix, fr_matrix


@lru_cache(maxsize=50_000)
def _numbers(sentence: str, lang: str) -> frozenset:
    """Comparable numbers of a sentence (cached: the realign pass and forced beads reuse them)."""
    return frozenset(comparable(extract_numbers(sentence, lang)))


def _window_sum(matrix: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Sums of k consecutive entries along ``axis`` (length shrinks by k-1)."""
    size = max(0, matrix.shape[axis] - k + 1)
    window = [slice(None)] * matrix.ndim
    window[axis] = slice(0, size)
    total = matrix[tuple(window)].astype(np.float64)
    for offset in range(1, k):
        window[axis] = slice(offset, offset + size)
        total = total + matrix[tuple(window)]
    return total


def _span_sq_norms(gram: np.ndarray, k: int) -> np.ndarray:
    """Squared norm of the sum of k consecutive rows, for each start, from the rows' Gram
    matrix.

    ``|v_s + ... + v_{s+k-1}|^2`` is the sum of the dot products of all pairs among the k
    rows: the diagonal and the k-1 first off-diagonal bands of the Gram matrix, summed over
    windows. The Gram matrix is computed once per document side, not once per bead type.
    """
    n = gram.shape[0] - k + 1
    if n <= 0:
        return np.zeros(0)
    total = _window_sum(np.diagonal(gram)[:, None], k, 0)[:, 0]
    for distance in range(1, k):
        band = np.diagonal(gram, offset=distance)
        total += 2 * _window_sum(band[:, None], k - distance, 0)[:, 0]
    return total


def bead_type_features(view: DocumentView, k: int, kf: int) -> dict[str, np.ndarray | float]:
    """All features for beads of type (k, l), as (n+1, m+1) arrays indexed by end (i, j)."""
    n, m = len(view.en), len(view.fr)
    shape = (n + 1, m + 1)
    if n < k or m < kf:
        return {}
    out: dict[str, np.ndarray] = {}
    for name, (en_gram, fr_gram) in view.grams.items():
        span, worst, edge = _similarity_features(view.sims[name], en_gram, fr_gram, k, kf)
        out[f"{name}_span"], out[f"{name}_min"], out[f"{name}_edge"] = span, worst, edge
        if (k, kf) == (2, 2):
            out[f"{name}_pairwise"] = _pairwise_features(view.sims[name])
    en_len = _window_sum(view.en_chars[:, None], k, 0)[:, 0]
    fr_len = _window_sum(view.fr_chars[:, None], kf, 0)[:, 0]
    ratio = log_length_ratio(fr_len[None, :], en_len[:, None])
    out["len_log_ratio"] = ratio
    out["len_log_ratio_sq"] = ratio**2
    out.update(_number_features(view, k, kf))
    placed: dict[str, np.ndarray | float] = {
        key: _place(value, k, kf, shape) for key, value in out.items()
    }
    # The bead-type indicators are the same for every bead of the type: plain numbers,
    # which broadcast in the model's sum exactly as constant arrays would. So is the
    # pairwise feature of the types other than 2-2 (0), which bead details leave out.
    for bead_type, feature in TYPE_FEATURES.items():
        placed[feature] = 1.0 if bead_type == (k, kf) else 0.0
    for name in view.grams:
        placed.setdefault(f"{name}_pairwise", 0.0)
    return placed


def feature_at(value: np.ndarray | float, i: int, j: int) -> float:
    """One bead's value of a feature (arrays are indexed by bead end; indicators are numbers)."""
    return float(value[i, j]) if isinstance(value, np.ndarray) else float(value)


def _similarity_features(
    sims: np.ndarray, en_gram: np.ndarray, fr_gram: np.ndarray, k: int, kf: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(span cosine, lowest single-sentence-to-span cosine, edge pull) for every (k, l)
    bead start."""
    en_norm = np.sqrt(np.maximum(_span_sq_norms(en_gram, k), 1e-9))
    fr_norm = np.sqrt(np.maximum(_span_sq_norms(fr_gram, kf), 1e-9))
    row_sums = _window_sum(sims, kf, 1)  # each English sentence vs each French span
    col_sums = _window_sum(sims, k, 0)  # each French sentence vs each English span
    dot = _window_sum(row_sums, k, 0)
    span = dot / (en_norm[:, None] * fr_norm[None, :])
    rows, cols = span.shape
    worst = np.full((rows, cols), np.inf)
    for a in range(k):  # English sentence s+a against the French span
        worst = np.minimum(worst, row_sums[a : a + rows, :] / fr_norm[None, :])
    for b in range(kf):  # French sentence t+b against the English span
        worst = np.minimum(worst, col_sums[:, b : b + cols] / en_norm[:, None])
    inside = (  # each edge sentence against the bead's other side, as _edge_pull lists them
        row_sums[:rows] / fr_norm[None, :],  # first English sentence
        row_sums[k - 1 : k - 1 + rows] / fr_norm[None, :],  # last English sentence
        col_sums[:, :cols] / en_norm[:, None],  # first French sentence
        col_sums[:, kf - 1 : kf - 1 + cols] / en_norm[:, None],  # last French sentence
    )
    return span, worst, _edge_pull(sims, k, kf, inside)


def _edge_pull(sims: np.ndarray, k: int, kf: int,
               inside: tuple[np.ndarray, ...]) -> np.ndarray:
    """For each (k, l) bead start, how much better one of its four edge sentences matches
    the other side's sentence just outside the bead than the bead's own other side (0 when
    none does).

    Why: a bead that took a sentence belonging to its neighbour (a 3-1 bead made of a 2-1
    bead and the next bead's first English sentence) can still look fine as a whole; the
    borrowed sentence shows itself by matching the neighbouring translation better. In
    the TransRead novels' e5 alignment, over half of the wrong 3-1 beads had such an edge
    sentence, against a quarter of the right ones; 23% of wrong 1-1 beads, 2% of right.
    The margin criterion of Artetxe & Schwenk (2019, ACL) compares a pair with its
    neighbours in the same spirit.
    """
    rows, cols = inside[0].shape
    padded = np.full((sims.shape[0] + 2, sims.shape[1] + 2), -np.inf)
    padded[1:-1, 1:-1] = sims
    outside = (
        padded[1 : rows + 1, 0:cols],  # first English sentence, French sentence before
        padded[k : k + rows, kf + 1 : kf + 1 + cols],  # last English, French after
        padded[0:rows, 1 : cols + 1],  # first French sentence, English before
        padded[k + 1 : k + 1 + rows, kf : kf + cols],  # last French, English after
    )
    pull = np.zeros((rows, cols))
    for out, own in zip(outside, inside, strict=True):
        pull = np.maximum(pull, out - own)
    return pull


def _pairwise_features(sims: np.ndarray) -> np.ndarray:
    """For each 2-2 bead start, the lower cosine of its two parallel sentence pairs.

    Why: a 2-2 bead whose sentences already translate each other pair by pair is two 1-1
    beads; a true 2-2 bead is a crossing (the second French sentence starts inside the
    first English one), so its parallel pairs match poorly while the spans match well.
    Span features alone cannot tell the two apart.
    """
    return np.minimum(sims[:-1, :-1], sims[1:, 1:])


def log_length_ratio(fr_chars: np.ndarray | float, en_chars: np.ndarray | float) -> np.ndarray:
    """log((French + s) / (English + s)) characters, s = ``LENGTH_SMOOTHING`` (so that a
    heading of a few letters does not swing it); the ``len_log_ratio`` feature."""
    return np.log((np.asarray(fr_chars) + LENGTH_SMOOTHING)
                  / (np.asarray(en_chars) + LENGTH_SMOOTHING))


def _number_features(view: DocumentView, k: int, kf: int) -> dict[str, np.ndarray]:
    en_span = _window_sum(view.en_numbers, k, 0) > 0
    fr_span = _window_sum(view.fr_numbers, kf, 0) > 0
    inter = en_span.astype(np.float64) @ fr_span.T.astype(np.float64)
    en_count = en_span.sum(axis=1)[:, None]
    fr_count = fr_span.sum(axis=1)[None, :]
    union = en_count + fr_count - inter
    none = (union == 0).astype(np.float64)
    one_side = ((en_count == 0) ^ (fr_count == 0)).astype(np.float64)
    jaccard = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return {"num_jaccard": jaccard, "num_none": none, "num_one_side": one_side}


def _place(values: np.ndarray, k: int, kf: int, shape: tuple[int, int]) -> np.ndarray:
    """Put start-indexed values into an end-indexed (n+1, m+1) array, NaN elsewhere."""
    full = np.full(shape, np.nan)
    full[k:, kf:] = values
    return full


def forced_bead_features(
    en: list[str], fr: list[str], encoders: dict[str, SentenceEncoder]
) -> dict[str, float]:
    """Features of one given bead (all of ``en`` against all of ``fr``), any size."""
    view = DocumentView.build(en, fr, encoders)
    k, kf = len(en), len(fr)
    features = bead_type_features(view, k, kf)
    return {key: feature_at(value, k, kf) for key, value in features.items()}
