"""REFreSD: does the bead score separate faithful sentence pairs from divergent ones?

REFreSD (Briakou & Carpuat 2020, "Detecting Fine-Grained Cross-Lingual Semantic
Divergences without Supervision by Learning to Rank") labels English-French WikiMatrix
sentence pairs as ``no_meaning_difference``, ``some_meaning_difference`` or ``unrelated``.
Each pair is scored as one forced bead (:meth:`aligner.pipeline.Checker.score_pair`: no
alignment, the same scorer and flagger as ``aligner check``), and we report ROC-AUC of the
score for "no meaning difference" (positives, expected to score higher) against each of the
two divergent classes. 0.5 is chance, 1.0 perfect separation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from aligner.errors import InputError
from aligner.pipeline import Checker

NO_DIFFERENCE = "no_meaning_difference"
SOME_DIFFERENCE = "some_meaning_difference"
UNRELATED = "unrelated"
LABELS = (NO_DIFFERENCE, SOME_DIFFERENCE, UNRELATED)


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Area under the ROC curve: P(positive scores higher than negative), ties count half.

    Computed from the Mann-Whitney rank statistic: rank all scores together (tied scores get
    their average rank), then AUC = (sum of positive ranks - n_pos (n_pos + 1) / 2) /
    (n_pos n_neg). None when a class is empty.
    """
    n_pos, n_neg = len(positives), len(negatives)
    if not n_pos or not n_neg:
        return None
    scored = sorted([(float(s), 1) for s in positives] + [(float(s), 0) for s in negatives])
    rank_sum = 0.0
    start = 0
    while start < len(scored):
        end = start
        while end + 1 < len(scored) and scored[end + 1][0] == scored[start][0]:
            end += 1
        average_rank = (start + end) / 2 + 1  # ranks are 1-based
        rank_sum += average_rank * sum(label for _, label in scored[start : end + 1])
        start = end + 1
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def read_refresd(path: str | Path) -> Iterator[tuple[str, str, str]]:
    """(english, french, label) of each pair; raises InputError on a malformed line."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read REFreSD file ({exc.strerror or exc})") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
            en, fr, label = data.get("en"), data.get("fr"), data.get("label")
            if not (isinstance(en, str) and isinstance(fr, str)) or label not in LABELS:
                raise InputError(f"{where}: needs string 'en' and 'fr' and a 'label' in {LABELS}")
            yield en, fr, label


def evaluate_refresd(path: str | Path, checker: Checker) -> dict[str, Any]:
    """Score every pair and report AUCs, mean score and flag rate per label."""
    scores: dict[str, list[float]] = defaultdict(list)
    flagged: dict[str, int] = defaultdict(int)
    unscored = 0
    for en, fr, label in read_refresd(path):
        bead = checker.score_pair([en], [fr])
        if bead.score is None:
            unscored += 1
            continue
        scores[label].append(float(bead.score))
        flagged[label] += int(bool(bead.flags))
    return {
        "pairs": sum(len(values) for values in scores.values()),
        "unscored": unscored,
        "auc_unrelated_vs_none": _round(roc_auc(scores[NO_DIFFERENCE], scores[UNRELATED])),
        "auc_some_vs_none": _round(roc_auc(scores[NO_DIFFERENCE], scores[SOME_DIFFERENCE])),
        "labels": {
            label: {
                "pairs": len(scores[label]),
                "mean_score": _round(sum(scores[label]) / len(scores[label]))
                if scores[label]
                else None,
                "flagged": _round(flagged[label] / len(scores[label])) if scores[label] else None,
                "flagged_pairs": flagged[label],
            }
            for label in LABELS
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
