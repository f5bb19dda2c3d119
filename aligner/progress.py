"""A progress bar for long runs: records/s, ETA and flagged records so far, on stderr.

Shown only when stderr is a terminal, so logs and pipelines stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from aligner.records import CheckResult


def count_input_records(paths: Iterable[str]) -> int | None:
    """Non-blank lines of JSONL inputs (fast byte scan), or None when it cannot be known cheaply."""
    total = 0
    for path in paths:
        if path == "-" or Path(path).suffix.lower() not in {".jsonl", ".ndjson", ".json"}:
            return None
        with open(path, "rb") as stream:
            total += sum(1 for line in stream if line.strip())
    return total


def with_progress(
    results: Iterator[CheckResult], total: int | None, enabled: bool, initial: int = 0
) -> Iterator[CheckResult]:
    """Pass results through, updating a bar on stderr when ``enabled``."""
    if not enabled:
        yield from results
        return
    from tqdm import tqdm

    flagged = 0
    with tqdm(
        total=total, initial=initial, unit="rec", file=sys.stderr, dynamic_ncols=True, smoothing=0.1
    ) as bar:
        for result in results:
            if result.flags:
                flagged += 1
            bar.update(1)
            if bar.n % 16 == 0:
                bar.set_postfix(flagged=flagged, refresh=False)
            yield result
        bar.set_postfix(flagged=flagged)
