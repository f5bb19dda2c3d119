"""Run the checker on gold documents and compare its beads with gold.

The records go through :func:`aligner.runner.run_check`, the very path of ``aligner check``
(same validation, same engines, same ``--jobs``), built from the gold's sentence lists, which
the checker uses exactly as given. All files share one stream, so models load once.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from aligner.evaluation.detection import DetectionScores, GoldPairFlags, LabelledPairFlags
from aligner.evaluation.gold import GoldDocument, read_gold
from aligner.evaluation.metrics import AlignmentScores, bead_keys
from aligner.pipeline import CheckerConfig
from aligner.records import CheckResult, InputRecord
from aligner.report import JsonlWriter
from aligner.runner import RunOptions, run_check


@dataclass
class FileScores:
    """Everything measured on one gold file."""

    alignment: AlignmentScores = field(default_factory=AlignmentScores)
    detection: DetectionScores = field(default_factory=DetectionScores)
    gold_pairs: GoldPairFlags = field(default_factory=GoldPairFlags)
    labelled: LabelledPairFlags = field(default_factory=LabelledPairFlags)
    statuses: Counter[str] = field(default_factory=Counter)

    def merge(self, other: FileScores) -> None:
        self.alignment.merge(other.alignment)
        self.detection.merge(other.detection)
        self.gold_pairs.merge(other.gold_pairs)
        self.labelled.merge(other.labelled)
        self.statuses.update(other.statuses)

    def to_dict(self) -> dict[str, Any]:
        out = self.alignment.to_dict()
        out["statuses"] = dict(sorted(self.statuses.items()))
        if self.detection.has_injections:
            out["detection"] = self.detection.to_dict()
        if self.gold_pairs.french:
            out["gold_one_to_one_flagged"] = self.gold_pairs.to_dict()
        if self.labelled.french:
            out["gold_labelled_flagged"] = self.labelled.to_dict()
        return out


@dataclass
class Evaluation:
    """Per-file and overall scores of one evaluation run."""

    scorer: str
    files: dict[str, FileScores] = field(default_factory=dict)
    seconds: float = 0.0

    def overall(self) -> FileScores:
        total = FileScores()
        for scores in self.files.values():
            total.merge(scores)
        return total

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: overall measures at the top level, per-file under ``files``."""
        overall = self.overall()
        documents = overall.alignment.documents
        out: dict[str, Any] = {"scorer": self.scorer}
        out.update(overall.to_dict())
        out["seconds"] = round(self.seconds, 2)
        out["documents_per_second"] = round(documents / self.seconds, 2) if self.seconds else None
        out["files"] = {path: scores.to_dict() for path, scores in self.files.items()}
        return out


def evaluate_files(
    paths: Iterable[str],
    config: CheckerConfig,
    options: RunOptions | None = None,
    limit: int | None = None,
    save_to: IO[str] | None = None,
) -> Evaluation:
    """Check every document of ``paths`` and score the output beads against gold.

    ``limit`` keeps the first N documents of each file (quick runs); ``save_to`` receives the
    checker's output in the contract's JSONL form, for inspection or an independent check.
    """
    paths = list(paths)
    evaluation = Evaluation(scorer=config.scorer, files={path: FileScores() for path in paths})
    pending: deque[tuple[str, GoldDocument]] = deque()
    writer = JsonlWriter(save_to) if save_to is not None else None
    started = time.perf_counter()
    records = _records(paths, pending, limit)
    for result in run_check(records, config, options or RunOptions()):
        path, document = pending.popleft()
        score_result(evaluation.files[path], document, result)
        if writer is not None:
            writer.write(result)
    evaluation.seconds = time.perf_counter() - started
    if writer is not None:
        writer.close()
    return evaluation


def _records(
    paths: list[str], pending: deque[tuple[str, GoldDocument]], limit: int | None
) -> Iterator[InputRecord]:
    """Input records for the checker; each document is queued to meet its result in order."""
    for path in paths:
        for count, document in enumerate(read_gold(path)):
            if limit is not None and count >= limit:
                break
            pending.append((path, document))
            yield InputRecord(
                id=document.id,
                en=list(document.en),
                fr=list(document.fr),
                source=path,
                line=document.line,
            )


def score_result(scores: FileScores, document: GoldDocument, result: CheckResult) -> None:
    """Add one checked document to its file's scores."""
    predicted = bead_keys((bead.en, bead.fr) for bead in result.beads)
    scores.alignment.add_document(predicted, document.gold)
    scores.statuses[result.status] += 1
    if document.from_injector:
        scores.detection.add_document(document.injected, result.beads, len(document.fr),
                                      document.corpus)
    else:
        scores.gold_pairs.add_document(document.gold, result.beads)
        if document.labels is not None:
            scores.labelled.add_document(document.gold, document.labels, result.beads)

