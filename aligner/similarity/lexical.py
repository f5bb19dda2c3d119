"""A model-free backend: hashed character n-grams, the signal chrF is built on.

English and French scientific text share many cognates, names, numbers, units and
acronyms (*analysis/analyse*, *hypertension*, *IC 95 %*), so character n-gram overlap
separates a translation from an unrelated sentence of the same abstract reasonably well
(Popović 2015, chrF, https://aclanthology.org/W15-3049/). Per-pair chrF from sacrebleu is
too slow for all candidate beads of a document, so each sentence becomes one hashed,
sublinear-TF vector and similarities are dot products.

Accents are stripped and text lower-cased before extracting n-grams, since French accents
rarely appear in the English cognate. The hash is CRC-32, not Python's ``hash``, which is
salted per process and would make results differ between worker processes.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache
from itertools import chain

import numpy as np

DIMENSIONS = 1 << 14
NGRAM_ORDERS = (3, 4)
_WORD = re.compile(r"\w+", re.UNICODE)


# Unicode's combining-mark blocks: what NFKD splits off accented letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _gram_index(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & (DIMENSIONS - 1)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, strip accents (é -> e), so cognates share their n-grams.

    ASCII text has nothing to decompose or strip: only lower-cased (the common case).
    Cached for the few thousand latest texts: each sentence is folded by both encoders
    and again by the flags.
    """
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


@lru_cache(maxsize=200_000)
def _word_indexes(word: str) -> tuple[int, ...]:
    """Hashed n-gram indexes of one folded word (words repeat, so this is cached).

    An ASCII word's n-grams are slices of its encoded bytes, so each is hashed without
    encoding it again (the same bytes, so the same indexes): most folded words are ASCII.
    """
    padded = f"_{word}_"
    if not padded.isascii():
        return tuple(_gram_index(gram) for gram in _word_ngrams(word))
    data = padded.encode("ascii")
    crc32, mask = zlib.crc32, DIMENSIONS - 1
    return tuple([crc32(data[k : k + order]) & mask for order in NGRAM_ORDERS
                  for k in range(max(1, len(data) - order + 1))])


def _sentence_indexes(sentence: str) -> tuple[int, ...]:
    """Hashed n-gram indexes of every word of ``sentence``, with repeats, in order."""
    return tuple(chain.from_iterable(map(_word_indexes, _WORD.findall(fold(sentence)))))


def _word_ngrams(word: str) -> list[str]:
    padded = f"_{word}_"
    return [padded[k : k + order] for order in NGRAM_ORDERS
            for k in range(max(1, len(padded) - order + 1))]


def char_ngrams(text: str) -> list[str]:
    """Character n-grams of each word, with word-boundary marks (``_word_``)."""
    return [gram for word in _WORD.findall(fold(text)) for gram in _word_ngrams(word)]


class CharNgramEncoder:
    """Sentence -> hashed, sublinear-TF character n-gram vector (language-independent)."""

    name = "charngram"

    def encode(self, sentences: list[str], lang: str) -> np.ndarray:
        """Rows are filled from each sentence's distinct n-gram indexes only (a sentence has
        a few hundred of the 16,384 dimensions), so the cost follows the text's length.

        The n-grams of all sentences are counted at once (keyed by row and index): one
        ``np.unique`` per call instead of one per sentence. Each row is still normalised on
        its own slice, so the values are those of a per-sentence computation.
        """
        matrix = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
        rows = [_sentence_indexes(sentence) for sentence in sentences]
        lengths = [len(indexes) for indexes in rows]
        total = sum(lengths)
        if not total:
            return matrix
        keys = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=total)
        keys += np.repeat(np.arange(len(rows), dtype=np.int64) * DIMENSIONS, lengths)
        present, counts = np.unique(keys, return_counts=True)
        weights = np.log1p(counts.astype(np.float32))
        bounds = np.searchsorted(present, np.arange(len(rows) + 1) * DIMENSIONS).tolist()
        for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
            if start < stop:
                row = weights[start:stop]
                weights[start:stop] = row / np.sqrt(row.dot(row))  # np.linalg.norm(row)
        matrix.reshape(-1)[present] = weights
        return matrix

    def signature(self) -> str:
        return f"charngram(n={'+'.join(map(str, NGRAM_ORDERS))},dim={DIMENSIONS},crc32,log1p)"
