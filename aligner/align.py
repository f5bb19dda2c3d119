"""Sentence alignment: a monotone dynamic programme over beads, with calibrated skips.

How a path is scored. Every candidate bead of type (k, l) in ``BEAD_TYPES`` gets a
probability of being a correct bead from a logistic model over its features
(:mod:`aligner.features`; weights in ``aligner/data/bead_model.json``, fitted by
``scripts/train_models.py`` on clean abstracts with synthetic insertions, deletions and
merges, never on the evaluation files). Its value on the path is
``(k + l) / 2 * (logit(p) + offset)``; leaving a sentence unaligned (a 0-1 or 1-0 bead) is
worth 0. The search maximises the total. So a sentence is left unaligned exactly when no
bead containing it is more likely right than wrong (the ``offset``, fitted with the model,
sets that balance), and the weighting by sentence count keeps one 2-2 bead comparable
with two 1-1 beads.

This differs from Gale & Church (1993, https://aclanthology.org/J93-1004/), who use
lengths only and fixed bead priors, and from Vecalign (Thompson & Koehn 2019), whose skip
cost is a percentile of observed costs: here the skip decision is a calibrated
probability, which is what divergence detection needs (an inserted sentence must become
a 0-1 bead, not half of a 1-2 bead). After the search, a lone pair of unaligned sentences,
one English and one French side by side, becomes a 1-1 bead for the scorer to judge
(:func:`pair_substitutions`).

A long document is aligned a second time with what the first pass taught about it: the
bead-type prior (:meth:`BeadModel.with_prior_of`), the preferred length ratio
(:meth:`BeadModel.with_length_centre`) and the translation lexicon (hunalign's realign).

Long documents are cut into blocks at confident anchors (mutual best matches inside a
diagonal band, kept monotone) and each block is aligned exactly, so time and memory grow
linearly with length instead of with its square (hunalign and Bleualign also align
between anchors; Varga et al. 2005, Sennrich & Volk 2011).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import numpy as np

from aligner.bead_refine import MEMBERS_KEY, removals
from aligner.features import (
    BEAD_TYPES,
    TYPE_FEATURES,
    DocumentView,
    bead_type_features,
    forced_bead_features,
    log_length_ratio,
)
from aligner.records import Bead
from aligner.similarity import ALIGNMENT_ENCODERS, encoders_for, resolve_scorer
from aligner.similarity.lexicon import LexiconEncoder, subword_ids

MAX_BLOCK = 160  # sentences per side aligned by one exact DP
ANCHOR_BAND = 0.1  # anchors searched within this share of the length around the diagonal
ANCHOR_MIN_BAND = 40
ANCHOR_MARGIN = 0.03  # best match must beat the second best of its row by this much
CHUNK_ROWS = 256
# Second pass (document prior, length centre, lexicon) only with enough evidence to learn from.
ADAPT_MIN_SENTENCES = 60
ADAPT_MIN_PAIRS = 30
PRIOR_PSEUDO_BEADS = 100.0  # weight of the training prior in a document's bead-type counts


@dataclass(frozen=True)
class BeadModel:
    """Logistic model of 'this candidate bead is correct', and the skip balance.

    ``type_counts`` are the gold beads of each type ("1-2": 56, ...) in the training
    documents: the bead-type prior the model learnt, which :meth:`with_prior_of` replaces
    by a document's own.
    """

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    offset: float
    type_counts: tuple[tuple[str, int], ...] = ()

    def logit(self, features: dict[str, np.ndarray | float]) -> np.ndarray:
        table = next(v for v in features.values() if isinstance(v, np.ndarray))
        total = np.full_like(table, self.bias, dtype=np.float64)
        for name, weight in zip(self.features, self.weights, strict=True):
            total = total + weight * features[name]
        return total

    def with_prior_of(self, beads: list[Bead]) -> BeadModel:
        """This model with its bead-type prior re-estimated from a first-pass alignment.

        Merges are rare in the synthetic training abstracts (about 2% each of 1-2 and 2-1)
        but common in some translations (7-8% each in the TransRead novels, where French
        joins with semicolons what English writes as separate sentences). For a logistic
        model, a change of class prior is a shift of the log-odds (Saerens, Latinne &
        Decaestecker 2002, Neural Computation 14(1)): each bead-type indicator moves by
        ``log((doc[t] / doc[1-1]) / (train[t] / train[1-1]))``, the document's counts
        smoothed with ``PRIOR_PSEUDO_BEADS`` beads spread as in training. One re-estimate,
        from the first pass (one EM step with hard counts).
        """
        train = dict(self.type_counts)
        if not train or "1-1" not in train:
            return self
        found = Counter(f"{len(b.en)}-{len(b.fr)}" for b in beads if b.en and b.fr)
        total = sum(train.values())

        def document(key: str) -> float:
            return found[key] + PRIOR_PSEUDO_BEADS * train.get(key, 0) / total

        weights = list(self.weights)
        for (k, kf), name in TYPE_FEATURES.items():
            key = f"{k}-{kf}"
            if name in self.features and train.get(key):
                shift = math.log(document(key) / document("1-1")) - math.log(
                    train[key] / train["1-1"])
                weights[self.features.index(name)] += shift
        return replace(self, weights=tuple(weights))

    def mixed_with(self, other: BeadModel, share: float) -> BeadModel:
        """The model whose logit is (1 - share) x this one's plus share x ``other``'s.

        Why: the e5 and lexical bead models are each calibrated on the same training
        beads but see different evidence (e5 meaning, the lexicon word translations). A
        weighted mean of calibrated log-odds is a product of experts (Hinton 2002): a 2-1
        bead that e5 accepts because its extra sentence is on the same topic is held back
        when the lexicon finds no words of that sentence in the French. Linear in the
        features, so the result is again a :class:`BeadModel` (the document-level prior
        and length centre apply to it unchanged); the type prior is this model's.
        """
        weights: dict[str, float] = {}
        for model, factor in ((self, 1.0 - share), (other, share)):
            for name, weight in zip(model.features, model.weights, strict=True):
                weights[name] = weights.get(name, 0.0) + factor * weight
        names = tuple(sorted(weights))
        return BeadModel(names, tuple(weights[name] for name in names),
                         (1.0 - share) * self.bias + share * other.bias,
                         (1.0 - share) * self.offset + share * other.offset, self.type_counts)

    def length_centre(self) -> float | None:
        """The log length ratio (French over English) the model likes best: the top of its
        quadratic in ``len_log_ratio``; None when the model has no such terms."""
        if not {"len_log_ratio", "len_log_ratio_sq"} <= set(self.features):
            return None
        linear = self.weights[self.features.index("len_log_ratio")]
        square = self.weights[self.features.index("len_log_ratio_sq")]
        return -linear / (2 * square) if square < 0 else None

    def with_length_centre(self, centre: float) -> BeadModel:
        """This model with its preferred length ratio moved to ``centre``.

        Gale & Church (1993) fit the mean length ratio per language pair; Moore (2002,
        AMTA, "Fast and accurate sentence alignment of bilingual corpora") re-estimates the
        length model from a first alignment of the text itself. Abstracts written in
        English and translated into French run about 15% longer in French (log ratio ~0.13
        in the training abstracts); novels written in French and translated into English
        run the other way (TransRead: -0.08 for Candide, -0.01 over all eleven), so a
        ratio the shipped model calls "French too short" is this document's normal. As the
        length terms are ``a*r + b*r^2``, evaluating them at ``r - shift`` is the same
        linear model with ``a - 2*b*shift`` and a bias lowered by ``a*shift - b*shift^2``.
        """
        current = self.length_centre()
        if current is None:
            return self
        shift = centre - current
        weights = list(self.weights)
        linear_at = self.features.index("len_log_ratio")
        linear, square = weights[linear_at], weights[self.features.index("len_log_ratio_sq")]
        weights[linear_at] = linear - 2 * square * shift
        bias = self.bias - linear * shift + square * shift**2
        return replace(self, weights=tuple(weights), bias=bias)


def document_length_centre(view: DocumentView, beads: list[Bead]) -> float | None:
    """Median log length ratio of a first pass's 1-1 beads (None if too few).

    All of them, not only the confident ones: the model's confidence already includes
    its length terms, so its surest beads sit near the length ratio it was trained on
    (TransRead novels, e5 strict F1: 0.9187 from beads with logit >= 2, 0.9221 from all;
    the mean gives the same; a second re-estimate adds 0.001 for another full pass).
    """
    pairs = one_to_one(beads)
    if len(pairs) < ADAPT_MIN_PAIRS:
        return None
    en_index, fr_index = zip(*pairs, strict=True)
    ratios = log_length_ratio(view.fr_chars[list(fr_index)], view.en_chars[list(en_index)])
    return float(np.median(ratios))


def one_to_one(beads: list[Bead]) -> list[tuple[int, int]]:
    """(English, French) sentence indexes of the 1-1 beads: what a first pass teaches from."""
    return [(b.en[0], b.fr[0]) for b in beads if len(b.en) == len(b.fr) == 1]


@lru_cache(maxsize=4)
def load_bead_model(scorer: str) -> BeadModel:
    """The shipped model for a resolved scorer (``e5`` or ``lexical``).

    An entry with a ``lexical_share`` s (the e5 one) is mixed with the lexical model: its
    logit is (1 - s) x its own plus s x the lexical model's (:meth:`BeadModel.mixed_with`).
    """
    text = resources.files("aligner").joinpath("data/bead_model.json").read_text("utf-8")
    entries = json.loads(text)
    model = _model_of(entries[scorer])
    share = float(entries[scorer].get("lexical_share", 0.0))
    return model.mixed_with(_model_of(entries["lexical"]), share) if share else model


def _model_of(entry: dict) -> BeadModel:
    counts = tuple(sorted(entry.get("type_counts", {}).items()))
    return BeadModel(tuple(entry["features"]), tuple(entry["weights"]), entry["bias"],
                     entry["offset"], counts)


class SentenceAligner:
    """Aligns the sentences of one document; built once per process and reused."""

    def __init__(self, scorer: str = "auto", model: BeadModel | None = None) -> None:
        self.scorer = resolve_scorer(scorer)
        self.encoders = encoders_for(self.scorer)
        self.model = model or load_bead_model(self.scorer)
        self.name = f"dp-{self.scorer}"

    def signature(self) -> str:
        encoders = "+".join(encoder.signature() for encoder in self.encoders.values())
        types = ",".join(f"{k}-{kf}" for k, kf in BEAD_TYPES)
        return f"{self.name}[{encoders}|beads:{types}|offset:{self.model.offset:.2f}]"

    def align(self, en: list[str], fr: list[str]) -> list[Bead]:
        """Beads covering every sentence once, in order; features under details.

        A long document is aligned twice. The first pass re-estimates, for this document,
        the bead-type prior (:meth:`BeadModel.with_prior_of`), the preferred length ratio
        (:meth:`BeadModel.with_length_centre`) and the translation lexicon from its 1-1
        beads (hunalign's realign; the e5 scorer reads it through its mixed-in lexical bead
        model and its fidelity score); the second pass uses them. Abstracts are too short for
        these estimates to beat the shipped ones, so they are aligned once.
        """
        view = DocumentView.build(en, fr, self.encoders)
        beads = self._align_view(view, 0, 0, self.model)
        if min(len(en), len(fr)) < ADAPT_MIN_SENTENCES:
            return beads
        model = self.model.with_prior_of(beads)
        centre = document_length_centre(view, beads)
        if centre is not None:
            model = model.with_length_centre(centre)
        return self._align_view(self._realigned_view(view, beads), 0, 0, model)

    def _realigned_view(self, view: DocumentView, beads: list[Bead]) -> DocumentView:
        """The view with lexicon vectors re-estimated from the first pass's 1-1 beads
        (unchanged without a lexicon encoder, or with too few pairs).

        All the 1-1 beads, not only the confident ones: with a lexicon learnt from abstracts,
        few beads of a novel are confident (TransRead, lexical first pass: 8 of 11 novels
        had fewer than 30 beads of probability >= 0.88, so they were never re-estimated),
        and IBM-1 with the shipped table as its prior gains from more pairs even when some
        are wrong. Novels strict F1 (lexical): the most confident quarter of the 1-1 beads
        0.897, half 0.899, three quarters 0.902, all 0.903; probability >= 0.88 gave 0.899.

        The e5 scorer reads the lexicon too: its fidelity score from the final view (on the
        TransRead novels' gold 1-1 pairs, false ``low_fidelity`` with e5 went 28 -> 6 once
        its lexicon was re-estimated, when its bead model did not read the lexicon and its
        strict F1 stayed 0.922), and its bead model through the lexical model mixed into it
        (:meth:`BeadModel.mixed_with`).
        """
        lexicon = self.encoders.get("lex")
        if not isinstance(lexicon, LexiconEncoder):
            return view
        pairs = one_to_one(beads)
        if len(pairs) < ADAPT_MIN_PAIRS:
            return view
        en_ids, fr_ids = subword_ids(view.en, "en"), subword_ids(view.fr, "fr")
        adapted = lexicon.adapted([en_ids[i] for i, _ in pairs], [fr_ids[j] for _, j in pairs])
        vectors = dict(view.vectors)
        vectors["lex"] = (adapted.encode_ids(en_ids, "en"), adapted.encode_ids(fr_ids, "fr"))
        return DocumentView(view.en, view.fr, vectors)

    def bead_features(self, en: list[str], fr: list[str]) -> dict[str, float]:
        """Features of a forced bead (all of ``en`` against all of ``fr``)."""
        return forced_bead_features(en, fr, self.encoders)

    def _align_view(self, view: DocumentView, en_start: int, fr_start: int,
                    model: BeadModel) -> list[Bead]:
        n, m = len(view.en), len(view.fr)
        if n <= MAX_BLOCK and m <= MAX_BLOCK:
            return self._align_block(view, en_start, fr_start, model)
        beads: list[Bead] = []
        for en_range, fr_range in block_ranges(view, ALIGNMENT_ENCODERS[self.scorer]):
            block = view.slice(en_range, fr_range)
            beads.extend(self._align_block(block, en_start + en_range.start,
                                           fr_start + fr_range.start, model))
        return beads

    def _align_block(self, view: DocumentView, en_start: int, fr_start: int,
                     model: BeadModel) -> list[Bead]:
        """Exact DP on one block; bead indexes shifted to document positions."""
        n, m = len(view.en), len(view.fr)
        features = {bead_type: bead_type_features(view, *bead_type) for bead_type in BEAD_TYPES}
        values = {t: _values(model, f, *t) for t, f in features.items() if f}
        beads = []
        for i0, i1, j0, j1 in pair_substitutions(best_path(values, n, m)):
            k, kf = i1 - i0, j1 - j0
            extra = {}
            if k and kf:
                details = _features_at(features, i0, i1, j0, j1)
                extra["bead_logit"] = round(float(values[(k, kf)][i1, j1] * 2 / (k + kf)
                                                  - model.offset), 3)
                members = _member_alternatives(view, features, i0, i1, j0, j1)
                if members:
                    extra[MEMBERS_KEY] = _shifted(members, en_start, fr_start)
            else:
                details = _skip_details(view, i0, i1, j0, j1)
            beads.append(Bead(tuple(range(en_start + i0, en_start + i1)),
                              tuple(range(fr_start + j0, fr_start + j1)),
                              details={"features": details, **extra}))
        return beads


def _features_at(features: dict[tuple[int, int], dict], i0: int, i1: int, j0: int,
                 j1: int) -> dict[str, float]:
    """The features of the bead English i0..i1-1 / French j0..j1-1, from the tables."""
    return {key: round(float(arr[i1, j1]), 4)
            for key, arr in features[(i1 - i0, j1 - j0)].items() if isinstance(arr, np.ndarray)}


def _member_alternatives(view: DocumentView, features: dict[tuple[int, int], dict],
                         i0: int, i1: int, j0: int, j1: int) -> list[dict]:
    """For a merged bead (three sentences or more), each edge sentence whose removal leaves
    a bead with both sides: the features of that rest and of the sentence left alone, for
    :mod:`aligner.bead_refine` to judge whether the sentence earns its place."""
    out = []
    for rest, alone, side, index in removals((i0, i1, j0, j1)):
        if (rest[1] - rest[0], rest[3] - rest[2]) not in features or not features[
                (rest[1] - rest[0], rest[3] - rest[2])]:
            continue
        pair = (index, index + 1, j0, j1) if side == "en" else (i0, i1, index, index + 1)
        out.append({"side": side, "index": index, "rest": list(rest),
                    "rest_features": _features_at(features, *rest),
                    "pair_features": _features_at(features, *pair),
                    "alone_features": _skip_details(view, *alone)})
    return out


def _shifted(members: list[dict], en_start: int, fr_start: int) -> list[dict]:
    """Member alternatives with block indexes made document indexes."""
    out = []
    for member in members:
        i0, i1, j0, j1 = member["rest"]
        shift = en_start if member["side"] == "en" else fr_start
        out.append({**member, "index": member["index"] + shift,
                    "rest": [i0 + en_start, i1 + en_start, j0 + fr_start, j1 + fr_start]})
    return out


def _values(model: BeadModel, features: dict[str, np.ndarray], k: int, kf: int) -> np.ndarray:
    """Path value of every (k, kf) bead: (k + kf) / 2 * (logit + offset); -inf where none."""
    value = (k + kf) / 2.0 * (model.logit(features) + model.offset)
    return np.where(np.isnan(value), -np.inf, value)


def _skip_details(view: DocumentView, i0: int, i1: int, j0: int, j1: int) -> dict[str, float]:
    """For an unaligned sentence: its best similarity to any sentence of the other side."""
    details: dict[str, float] = {}
    for name, sims in view.sims.items():
        if sims.size == 0:
            continue
        best = sims[i0:i1, :].max() if i1 > i0 else sims[:, j0:j1].max()
        details[f"{name}_best"] = round(float(best), 4)
    return details


def pair_substitutions(
    path: list[tuple[int, int, int, int]],
) -> list[tuple[int, int, int, int]]:
    """Join one unaligned English sentence and one unaligned French sentence met side by side.

    When the only unaligned sentences between two aligned beads are one English and one
    French sentence, the French sentence stands where the English one's translation
    should be: a substitution (or a rendering too loose for the alignment model). Shown as
    a 1-1 bead, the reviewer sees the two side by side, and its score decides whether it
    is ``low_fidelity``; reported as an omission plus an addition it would read as two
    unrelated problems. Longer runs of unaligned sentences are left as they are.
    """
    paired: list[tuple[int, int, int, int]] = []
    index = 0
    while index < len(path):
        if not _is_skip(path[index]):
            paired.append(path[index])
            index += 1
            continue
        run_end = index
        while run_end < len(path) and _is_skip(path[run_end]):
            run_end += 1
        run = path[index:run_end]
        if len(run) == 2 and {_skip_side(step) for step in run} == {"en", "fr"}:
            paired.append((run[0][0], run[-1][1], run[0][2], run[-1][3]))
        else:
            paired.extend(run)
        index = run_end
    return paired


def _is_skip(step: tuple[int, int, int, int]) -> bool:
    i0, i1, j0, j1 = step
    return (i1 - i0 == 0) != (j1 - j0 == 0)


def _skip_side(step: tuple[int, int, int, int]) -> str:
    return "en" if step[1] > step[0] else "fr"


def best_path(
    values: dict[tuple[int, int], np.ndarray], n: int, m: int, skip_value: float = 0.0
) -> list[tuple[int, int, int, int]]:
    """The highest-value monotone path from (0, 0) to (n, m), as (i0, i1, j0, j1) beads.

    ``values[(k, l)][i, j]`` is the value of the bead of type (k, l) ending at (i, j);
    -inf where it is not allowed. A 1-0 or 0-1 step is worth ``skip_value``. The tables
    are on nodes, so they are (n+1, m+1).

    Vectorised by rows: every move into row i except a French skip comes from an earlier
    row, so it is one array operation over all columns; the French skips inside the row
    (``score[i, j] = max(best[j], score[i, j-1] + skip)``) are a running maximum of
    ``best[j] - j * skip``. Cost is O(n) array operations of length m instead of O(n m)
    Python steps. Ties go to the earlier-listed move (English skip first, then the bead
    types in order), which keeps results deterministic; tied orders of consecutive skips
    (1-0 then 0-1, or the reverse) may differ between the two implementations.
    """
    if (n + 1) * (m + 1) <= SMALL_TABLE:
        return _best_path_small(values, n, m, skip_value)
    types = list(values)
    score = np.full((n + 1, m + 1), -np.inf)
    move = np.full((n + 1, m + 1), _START, dtype=np.int8)
    column_skips = np.arange(m + 1) * skip_value
    for i in range(n + 1):
        if i == 0:
            best = np.full(m + 1, -np.inf)
            best[0] = 0.0
            arg = np.full(m + 1, _START, dtype=np.int8)
        else:
            best = score[i - 1] + skip_value  # English sentence i-1 unaligned
            arg = np.full(m + 1, _SKIP_EN, dtype=np.int8)
            for index, (k, kf) in enumerate(types):
                if i < k:
                    continue
                candidate = np.full(m + 1, -np.inf)
                candidate[kf:] = score[i - k, : m + 1 - kf] + values[(k, kf)][i, kf:]
                better = candidate > best
                best = np.where(better, candidate, best)
                arg = np.where(better, np.int8(index), arg)
        shifted = best - column_skips
        running = np.maximum.accumulate(shifted)
        score[i] = running + column_skips
        move[i] = np.where(running > shifted, np.int8(_SKIP_FR), arg)
    return _trace(move, types, n, m)


_START, _SKIP_EN, _SKIP_FR = -1, -2, -3
SMALL_TABLE = 900  # below this many cells a plain loop beats array operations (abstracts)


def _best_path_small(
    values: dict[tuple[int, int], np.ndarray], n: int, m: int, skip_value: float
) -> list[tuple[int, int, int, int]]:
    """:func:`best_path` as a cell-by-cell loop: faster for an abstract's small table."""
    types = list(values)
    tables = [values[t].tolist() for t in types]
    score = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    move = [[_START] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(n + 1):
        row = score[i]
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = -math.inf, -1
            if i > 0 and score[i - 1][j] + skip_value > best:
                best, arg = score[i - 1][j] + skip_value, _SKIP_EN  # English sentence unaligned
            if j > 0 and row[j - 1] + skip_value > best:
                best, arg = row[j - 1] + skip_value, _SKIP_FR  # French sentence unaligned
            for t, (k, kf) in enumerate(types):
                if i >= k and j >= kf:
                    candidate = score[i - k][j - kf] + tables[t][i][j]
                    if candidate > best:
                        best, arg = candidate, t
            row[j], move[i][j] = best, arg
    return _trace(move, types, n, m)


def _trace(
    move: list[list[int]], types: list[tuple[int, int]], n: int, m: int
) -> list[tuple[int, int, int, int]]:
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        arg = int(move[i][j])
        k, kf = (1, 0) if arg == _SKIP_EN else (0, 1) if arg == _SKIP_FR else types[arg]
        path.append((i - k, i, j - kf, j))
        i, j = i - k, j - kf
    return path[::-1]


def block_ranges(
    view: DocumentView, backends: tuple[str, ...] | None = None
) -> list[tuple[range, range]]:
    """Cut a long document into blocks of at most about MAX_BLOCK sentences per side.

    Cuts are placed before confident anchors (see :func:`find_anchors`, which uses the
    ``backends`` given, all of the view's by default); where no anchor is close enough,
    the block is cut proportionally, which can only cost accuracy around that cut, never
    coverage.
    """
    n, m = len(view.en), len(view.fr)
    anchors = find_anchors(view, backends)
    cuts = [(0, 0)]
    reach = int(MAX_BLOCK * 0.8)
    position = 0
    while n - cuts[-1][0] > MAX_BLOCK or m - cuts[-1][1] > MAX_BLOCK:
        last_i, last_j = cuts[-1]
        best = None
        while position < len(anchors) and anchors[position][0] <= last_i + reach:
            i, j = anchors[position]
            if i > last_i + 10 and last_j + 10 < j <= last_j + reach:
                best = (i, j)
            position += 1
        if best is None:
            step = min(reach, n - last_i - 1, m - last_j - 1)
            if step < 1:
                break
            ratio = (m - last_j) / max(1, n - last_i)
            best = (last_i + step, min(m - 1, last_j + max(1, round(step * ratio))))
        cuts.append(best)
    cuts.append((n, m))
    return [(range(a[0], b[0]), range(a[1], b[1])) for a, b in zip(cuts, cuts[1:], strict=False)]


def find_anchors(
    view: DocumentView, backends: tuple[str, ...] | None = None
) -> list[tuple[int, int]]:
    """Mutual best matches near the diagonal, clearly better than the runner-up, monotone.

    ``backends`` (default: all of the view's) are the encoders whose mean cosine decides:
    the alignment's, not those the scorer computes for the fidelity score only.
    """
    n, m = len(view.en), len(view.fr)
    half_band = max(ANCHOR_MIN_BAND, int(ANCHOR_BAND * max(n, m)))
    row_best = np.full(n, -1)
    row_score = np.full(n, -np.inf)
    row_margin = np.zeros(n)
    col_best = np.full(m, -1)
    col_score = np.full(m, -np.inf)
    for start in range(0, n, CHUNK_ROWS):
        stop = min(n, start + CHUNK_ROWS)
        lo = max(0, int(start * m / n) - half_band)
        hi = min(m, int(stop * m / n) + half_band + 1)
        sims = _combined_sims(view, range(start, stop), range(lo, hi), backends)
        centres = (np.arange(start, stop) * m / n)[:, None]
        columns = np.arange(lo, hi)[None, :]
        sims = np.where(np.abs(columns - centres) <= half_band, sims, -np.inf)
        order = np.argsort(-sims, axis=1)
        best = order[:, 0]
        rows = np.arange(stop - start)
        row_best[start:stop] = best + lo
        row_score[start:stop] = sims[rows, best]
        if sims.shape[1] > 1:
            row_margin[start:stop] = sims[rows, best] - sims[rows, order[:, 1]]
        chunk_col_best = sims.argmax(axis=0)
        chunk_col_score = sims.max(axis=0)
        better = chunk_col_score > col_score[lo:hi]
        col_score[lo:hi] = np.where(better, chunk_col_score, col_score[lo:hi])
        col_best[lo:hi] = np.where(better, chunk_col_best + start, col_best[lo:hi])
    candidates = [
        (i, int(row_best[i])) for i in range(n)
        if row_best[i] >= 0 and col_best[row_best[i]] == i and row_margin[i] >= ANCHOR_MARGIN
    ]
    return _longest_increasing(candidates)


def _combined_sims(
    view: DocumentView, rows: range, cols: range, backends: tuple[str, ...] | None = None
) -> np.ndarray:
    """Mean cosine over the backends (all of the view's by default), for a block of pairs."""
    names = [name for name in view.vectors if backends is None or name in backends]
    total = np.zeros((len(rows), len(cols)))
    for name in names:
        e, f = view.vectors[name]
        total += e[rows.start : rows.stop] @ f[cols.start : cols.stop].T
    return total / max(1, len(names))


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs (sorted by i) with strictly increasing j."""
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        position = bisect.bisect_left(tails, j)
        if position == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[position] = j
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    result = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.append(pairs[index])
        index = parent[index]
    return result[::-1]
