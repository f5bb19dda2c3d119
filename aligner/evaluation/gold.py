"""Reading gold alignment files (the format of ../shared/data/README.md).

One JSON object per line: ``id``, ``en`` and ``fr`` (lists of sentences), and ``gold``, a list
of ``[[en_idx, ...], [fr_idx, ...]]`` beads with 0-based indexes. Injected files written by
``aligner inject`` add ``injected`` (see :mod:`aligner.evaluation.inject`). An optional
``gold_labels`` gives the annotators' label of each gold bead (Medline's: ``OK``,
``SOURCE_GREATER_TARGET``, ``TARGET_GREATER_SOURCE``, ``OVERLAP``, ``NO_ALIGNMENT``).

A file that breaks the format stops the evaluation with a message naming the file and line:
figures computed on a silently skipped subset would mislead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.errors import InputError
from aligner.evaluation.metrics import BeadKey, bead_keys


@dataclass
class GoldDocument:
    """One document with its gold beads and, for injected data, what was injected."""

    id: str
    en: list[str]
    fr: list[str]
    gold: list[BeadKey]
    injected: dict[str, Any] | None = None
    line: int = 0
    # True for every document of an injector's output, clean ones included ("injected": null).
    from_injector: bool = False
    # The clean file an injected document came from ("corpus", written by aligner inject).
    corpus: str = ""
    # The annotators' label of each gold bead ("gold_labels"), when the file has them.
    labels: tuple[str, ...] | None = None


def read_gold(path: str | Path) -> Iterator[GoldDocument]:
    """The documents of a gold file, in file order; raises InputError on malformed lines."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield parse_gold_line(line, f"{path}, line {number}", number)


def parse_gold_line(line: str, where: str, number: int = 0) -> GoldDocument:
    """One gold document from one JSON line; ``where`` prefixes error messages."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object")
    for key in ("en", "fr", "gold"):
        if not isinstance(data.get(key), list):
            raise InputError(f"{where}: '{key}' must be a list (gold files need en, fr, gold)")
    for side in ("en", "fr"):
        if not all(isinstance(sentence, str) for sentence in data[side]):
            raise InputError(f"{where}: '{side}' must hold sentence strings only")
    if not all(_is_bead(bead) for bead in data["gold"]):
        raise InputError(f"{where}: 'gold' must be a list of [[en indexes], [fr indexes]] pairs")
    gold = bead_keys(data["gold"])
    problem = coverage_problem(gold, len(data["en"]), len(data["fr"]))
    if problem:
        raise InputError(f"{where}: gold {problem}")
    labels = data.get("gold_labels")
    if labels is not None and not _labels_fit(labels, len(data["gold"])):
        raise InputError(f"{where}: 'gold_labels' must be a list of {len(data['gold'])} "
                         "strings, one label per gold bead")
    return GoldDocument(
        id=str(data.get("id", f"line-{number}")),
        en=data["en"],
        fr=data["fr"],
        gold=gold,
        injected=data.get("injected"),
        line=number,
        from_injector="injected" in data,
        corpus=str(data.get("corpus", "")),
        labels=None if labels is None else _kept_labels(data["gold"], labels),
    )


def _labels_fit(labels: Any, beads: int) -> bool:
    return (isinstance(labels, list) and len(labels) == beads
            and all(isinstance(label, str) for label in labels))


def _kept_labels(raw_beads: list[list[list[int]]], labels: list[str]) -> tuple[str, ...]:
    """The labels of the beads :func:`bead_keys` keeps (it drops beads empty on both sides)."""
    return tuple(label for (en, fr), label in zip(raw_beads, labels, strict=True) if en or fr)


def _is_bead(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(side, list) for side in value)
        and all(isinstance(i, int) and not isinstance(i, bool) for side in value for i in side)
    )


def coverage_problem(beads: list[BeadKey], n_en: int, n_fr: int) -> str | None:
    """Why ``beads`` do not cover every sentence once, in monotone order; None when they do."""
    en = [i for bead_en, _ in beads for i in bead_en]
    fr = [j for _, bead_fr in beads for j in bead_fr]
    if en != list(range(n_en)):
        return f"English indexes {_preview(en)} do not cover 0..{n_en - 1} once in order"
    if fr != list(range(n_fr)):
        return f"French indexes {_preview(fr)} do not cover 0..{n_fr - 1} once in order"
    return None


def _preview(indexes: list[int]) -> str:
    return str(indexes if len(indexes) <= 12 else indexes[:12] + ["..."])
