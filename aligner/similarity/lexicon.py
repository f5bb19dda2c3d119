"""A translation lexicon: sentencepiece subwords and IBM Model 1 tables, as a sentence encoder.

Why. Character n-grams see cognates (*analysis/analyse*) but not translations
(*while/si*, *weeks/semaines*); literary text has few cognates. A word-translation table
fills that gap, as in hunalign (Varga et al. 2005, https://aclanthology.org/2005.ranlp-1.45/),
which aligns once, estimates a dictionary from the confident 1-1 pairs and realigns.

How.
- Both languages share one sentencepiece unigram model (Kudo 2018), trained on the clean
  abstracts of ../shared/data and shipped in ``aligner/data/lexicon_spm.model``: shared
  numbers, names and cognate stems get the same subword, and French inflections split into
  stem + ending, so a table learned from a few thousand abstracts still covers unseen forms.
- IBM Model 1 (Brown et al. 1993) translation probabilities t(fr|en) and t(en|fr), estimated
  by EM on parallel sentences (:func:`ibm1`). The shipped tables
  (``aligner/data/lexicon_ibm1.npz``) were trained by ``scripts/train_models.py`` on
  abstracts never used to fit the bead or fidelity models, keeping the K best translations
  of each subword.
- Long documents adapt the table to themselves (:meth:`LexiconEncoder.adapted`): EM on the
  1-1 beads of a first alignment pass, with the shipped table as a prior, then
  the document is aligned again (the aligner decides when; see :mod:`aligner.align`).
- A sentence becomes one vector so that span similarities stay sums of rows (see
  :mod:`aligner.similarity.base`): the English half of an English vector is its expected
  French subword bag (sum over its subwords of t(.|e)), compared with the French sentence's
  own bag; the other half is the same from French to English. Bags are log-scaled and
  weighted by inverse document frequency so that *de*, *the*, *la* weigh little. The dot
  product of two vectors is the mean of the two directional cosines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from aligner.numbers import number_words_as_digits
from aligner.similarity import freedict
from aligner.similarity.lexical import fold

SPM_FILE = "data/lexicon_spm.model"
TABLE_FILE = "data/lexicon_ibm1.npz"
TOP_K = 8  # translations kept per subword
ADAPT_PRIOR_WEIGHT = 4.0  # pseudo-counts of the shipped table when a document adapts it


@lru_cache(maxsize=1)
def subword_model() -> Any:
    """The shipped sentencepiece model, loaded once per process."""
    import sentencepiece

    data = resources.files("aligner").joinpath(SPM_FILE).read_bytes()
    return sentencepiece.SentencePieceProcessor(model_proto=data)


def subword_ids(sentences: list[str], lang: str, digits: bool = True) -> list[np.ndarray]:
    """Subword ids of each sentence, folded, its number words written in digits.

    Why digits: the subword model cuts number words into meaningless pieces ("soixante-cinq"
    is "so ix ant e - c in q"), which no table can translate, while digits are the same
    subwords in both languages. ``digits=False`` gives the raw text's ids: the shipped
    tables were trained on raw text (``scripts/train_models.py``); they already translate
    digit subwords to themselves, so the runtime input stays within what they know.
    """
    encode = subword_model().encode  # one call per sentence: list calls start a thread pool
    if digits:
        sentences = [number_words_as_digits(s, lang) for s in sentences]
    return [np.asarray(encode(fold(s)), dtype=np.int64) for s in sentences]


@dataclass(frozen=True)
class TranslationTable:
    """t(target | source) as the K best targets per source id, plus target-side idf."""

    targets: np.ndarray  # (V, K) int64 target ids
    probs: np.ndarray  # (V, K) float32 probabilities (0 where unused)
    idf: np.ndarray  # (V,) float32 inverse document frequency of target ids

    @property
    def size(self) -> int:
        return len(self.idf)

    def expected_bags(self, sentences: list[np.ndarray]) -> np.ndarray:
        """Per sentence: sum over its source ids of t(.|source), idf-weighted, log-scaled.

        One ``bincount`` for all sentences, over (sentence, target) cells: each cell adds
        the same weights in the same order as a count per sentence would.
        """
        ids, rows = _flatten(sentences)
        cells = (rows[:, None] * self.size + self.targets[ids]).ravel()
        counts = np.bincount(cells, weights=self.probs[ids].ravel(),
                             minlength=len(sentences) * self.size)
        return self._weighted(counts.astype(np.float32).reshape(len(sentences), self.size))

    def own_bags(self, sentences: list[np.ndarray]) -> np.ndarray:
        """Per sentence: its own target-side ids, idf-weighted, log-scaled."""
        ids, rows = _flatten(sentences)
        counts = np.bincount(rows * self.size + ids, minlength=len(sentences) * self.size)
        return self._weighted(counts.astype(np.float32).reshape(len(sentences), self.size))

    def _weighted(self, counts: np.ndarray) -> np.ndarray:
        """log1p(counts) * idf (the product written over the logarithms, not a new array)."""
        bags = np.log1p(counts)
        return np.multiply(bags, self.idf, out=bags)


def _flatten(sentences: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """All sentences' ids in one array, and the row (sentence index) of each id."""
    lengths = [len(ids) for ids in sentences]
    if not sum(lengths):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ids = np.concatenate(sentences).astype(np.int64, copy=False)
    return ids, np.repeat(np.arange(len(sentences), dtype=np.int64), lengths)


@dataclass(frozen=True)
class Lexicon:
    """Both directions: ``en_fr`` is t(fr|en) with French idf, ``fr_en`` the reverse."""

    en_fr: TranslationTable
    fr_en: TranslationTable

    @classmethod
    def from_arrays(cls, arrays: Any) -> Lexicon:
        return cls(
            TranslationTable(arrays["en_fr_targets"].astype(np.int64),
                             arrays["en_fr_probs"].astype(np.float32),
                             arrays["fr_idf"].astype(np.float32)),
            TranslationTable(arrays["fr_en_targets"].astype(np.int64),
                             arrays["fr_en_probs"].astype(np.float32),
                             arrays["en_idf"].astype(np.float32)),
        )


@lru_cache(maxsize=1)
def dictionary_ids() -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Subword ids of FreeDict's (English, French) pairs, when installed and enabled.

    Read once per process. Set ``ALIGNER_FREEDICT=0`` to ignore an installed dictionary.
    """
    pairs = freedict.installed_pairs() if freedict.in_use() else ()
    return subword_ids([en for en, _ in pairs], "en"), subword_ids([fr for _, fr in pairs], "fr")


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The tables trained on clean abstracts, loaded once per process."""
    with resources.files("aligner").joinpath(TABLE_FILE).open("rb") as stream:
        return Lexicon.from_arrays(dict(np.load(stream)))


def ibm1(
    sources: list[np.ndarray],
    targets: list[np.ndarray],
    vocabulary: int,
    iterations: int = 5,
    prior: TranslationTable | None = None,
    prior_weight: float = ADAPT_PRIOR_WEIGHT,
) -> tuple[np.ndarray, np.ndarray]:
    """IBM Model 1 EM for t(target | source); returns the K-best (targets, probs) arrays.

    Vectorised over all (source, target) links of the corpus. With a ``prior``, each
    source id starts from, and is smoothed towards, the prior's distribution with
    ``prior_weight`` pseudo-counts (a Dirichlet prior), so a few sentence pairs adapt the
    table without erasing it. A NULL source (id ``vocabulary``) absorbs target words with
    no counterpart, as in Brown et al. (1993).
    """
    null = vocabulary
    link_src, link_tgt, link_group = _links(sources, targets, null)
    keys = link_src * (vocabulary + 1) + link_tgt
    unique, inverse = np.unique(keys, return_inverse=True)
    pair_src = unique // (vocabulary + 1)
    pair_tgt = unique % (vocabulary + 1)
    prior_prob = _prior_lookup(prior, pair_src, pair_tgt, null)
    t = np.where(prior_prob > 0, prior_prob, 1.0 / vocabulary) if prior is not None else np.full(
        len(unique), 1.0 / vocabulary)
    counts = np.zeros(len(unique))
    for _ in range(iterations):
        link_t = t[inverse]
        norm = np.bincount(link_group, weights=link_t)
        posterior = link_t / norm[link_group]
        counts = np.bincount(inverse, weights=posterior, minlength=len(unique))
        if prior is not None:
            counts = counts + prior_weight * prior_prob
        totals = np.bincount(pair_src, weights=counts, minlength=vocabulary + 1)
        t = counts / np.maximum(totals[pair_src], 1e-12)
    keep = pair_src != null
    table = _top_k(pair_src[keep], pair_tgt[keep], t[keep], vocabulary)
    if prior is not None:
        table = _merge_unseen(table, prior, pair_src[keep], vocabulary)
    return table


def _links(
    sources: list[np.ndarray], targets: list[np.ndarray], null: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (source id, target id, target-token group) link of the corpus, NULL included."""
    src_parts, tgt_parts, group_parts = [], [], []
    group = 0
    for src, tgt in zip(sources, targets, strict=True):
        if not len(tgt):
            continue
        src_all = np.append(src, null)
        src_parts.append(np.tile(src_all, len(tgt)))
        tgt_parts.append(np.repeat(tgt, len(src_all)))
        group_parts.append(np.repeat(np.arange(group, group + len(tgt)), len(src_all)))
        group += len(tgt)
    if not src_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return (np.concatenate(src_parts).astype(np.int64),
            np.concatenate(tgt_parts).astype(np.int64),
            np.concatenate(group_parts))


def _prior_lookup(
    prior: TranslationTable | None, src: np.ndarray, tgt: np.ndarray, null: int
) -> np.ndarray:
    """prior t(tgt|src) for each pair (0 when the prior does not list it)."""
    out = np.zeros(len(src))
    if prior is None:
        return out
    real = src != null
    rows_targets = prior.targets[src[real]]
    rows_probs = prior.probs[src[real]]
    hit = rows_targets == tgt[real][:, None]
    out[real] = (rows_probs * hit).sum(axis=1)
    return out


def _top_k(
    src: np.ndarray, tgt: np.ndarray, prob: np.ndarray, vocabulary: int
) -> tuple[np.ndarray, np.ndarray]:
    """Keep the TOP_K most probable targets of each source id (renormalised)."""
    targets = np.zeros((vocabulary, TOP_K), dtype=np.int64)
    probs = np.zeros((vocabulary, TOP_K), dtype=np.float32)
    order = np.lexsort((-prob, src))
    src, tgt, prob = src[order], tgt[order], prob[order]
    starts = np.searchsorted(src, np.arange(vocabulary))
    rank = np.arange(len(src)) - starts[src]
    keep = rank < TOP_K
    targets[src[keep], rank[keep]] = tgt[keep]
    probs[src[keep], rank[keep]] = prob[keep]
    totals = probs.sum(axis=1, keepdims=True)
    probs = np.where(totals > 0, probs / np.maximum(totals, 1e-12), 0.0).astype(np.float32)
    return targets, probs


def _merge_unseen(
    table: tuple[np.ndarray, np.ndarray], prior: TranslationTable, seen: np.ndarray,
    vocabulary: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Source ids the document never used keep the prior's row unchanged."""
    targets, probs = table
    unseen = np.ones(vocabulary, dtype=bool)
    unseen[seen] = False
    targets = np.where(unseen[:, None], prior.targets, targets)
    probs = np.where(unseen[:, None], prior.probs, probs)
    return targets, probs


def _joined_unit_halves(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """``hstack([normalise_rows(forward), normalise_rows(backward)]) / sqrt(2)`` as float32,
    written straight into the result: the same operations on the same values (each half
    divided by its row norms in float32, then by sqrt(2) in float64 and rounded to
    float32), without the intermediate copies.
    """
    out = np.empty((len(forward), forward.shape[1] + backward.shape[1]), dtype=np.float32)
    start = 0
    for half in (forward, backward):
        norms = np.linalg.norm(half, axis=1, keepdims=True)
        stop = start + half.shape[1]
        np.divide(half, np.where(norms == 0, 1.0, norms), out=out[:, start:stop])
        start = stop
    np.divide(out, np.sqrt(2.0), out=out, dtype=np.float64, casting="same_kind")
    return out


class LexiconEncoder:
    """Sentence -> [expected translation bag ; own bag] vector over subword ids."""

    name = "lex"

    def __init__(self, lexicon: Lexicon | None = None, adapted_from: int = 0) -> None:
        self.lexicon = lexicon or shipped_lexicon()
        self.adapted_from = adapted_from

    def encode(self, sentences: list[str], lang: str) -> np.ndarray:
        return self.encode_ids(subword_ids(sentences, lang), lang)

    def encode_ids(self, ids: list[np.ndarray], lang: str) -> np.ndarray:
        """Vectors from subword ids; English and French halves are laid out to match."""
        if lang == "en":
            forward = self.lexicon.en_fr.expected_bags(ids)
            backward = self.lexicon.fr_en.own_bags(ids)
        else:
            forward = self.lexicon.en_fr.own_bags(ids)
            backward = self.lexicon.fr_en.expected_bags(ids)
        return _joined_unit_halves(forward, backward)

    def adapted(
        self, en_ids: list[np.ndarray], fr_ids: list[np.ndarray], dictionary: bool = True
    ) -> LexiconEncoder:
        """A new encoder whose tables were re-estimated on these parallel sentences.

        With ``dictionary``, FreeDict's word pairs (when installed) join the sentence pairs
        as extra short parallel segments. The shipped tables themselves never include the
        dictionary, so that bead scores on abstracts, which are never adapted, stay as
        calibrated whatever a machine has installed.
        """
        if dictionary:
            dict_en, dict_fr = dictionary_ids()
            en_ids, fr_ids = list(en_ids) + dict_en, list(fr_ids) + dict_fr
        size = self.lexicon.en_fr.size
        en_fr = ibm1(en_ids, fr_ids, size, prior=self.lexicon.en_fr)
        fr_en = ibm1(fr_ids, en_ids, size, prior=self.lexicon.fr_en)
        lexicon = Lexicon(TranslationTable(*en_fr, self.lexicon.en_fr.idf),
                          TranslationTable(*fr_en, self.lexicon.fr_en.idf))
        return LexiconEncoder(lexicon, adapted_from=len(en_ids))

    def signature(self) -> str:
        size = self.lexicon.en_fr.size
        adapted = f",adapted:{self.adapted_from}pairs" if self.adapted_from else ""
        return f"lexicon(spm-unigram-{size},ibm1-top{TOP_K}{adapted})"
