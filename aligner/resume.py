"""Continue an interrupted ``check --format jsonl -o FILE`` run without loss or duplicates.

An interrupted run leaves a JSONL file whose last line may be cut in the middle. We keep
every complete line, cut the partial one off, and report how many records are done and the
id of the last one, so the run can skip exactly that many input records and verify that
the output really comes from this input. The last complete record must also come from the
same checker (``checker`` key: version, scorer, models; :mod:`aligner.identity`), else the
run is refused before the file is touched.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError
from aligner.identity import describe


@dataclass(frozen=True)
class ResumePoint:
    """How far an earlier run got: ``done`` complete records, the last with id ``last_id``."""

    done: int = 0
    last_id: str | None = None


def prepare_resume(output: str, identity: dict[str, str] | None = None) -> ResumePoint:
    """Read an existing output file, truncate a trailing partial record, say where to go on.

    With ``identity``, the file's last complete record must have been written by that
    checker; otherwise :class:`InputError`, and the file is left exactly as it was.
    """
    path = Path(output)
    if not path.exists() or path.stat().st_size == 0:
        return ResumePoint()
    done = 0
    last_id: str | None = None
    last_checker: dict[str, str] | None = None
    keep_bytes = 0
    with open(path, "rb") as stream:
        for raw in stream:
            if not raw.endswith(b"\n"):
                break  # the record being written when the run stopped
            try:
                record = json.loads(raw)
                last_id, last_checker = record["id"], record.get("checker")
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"{output}: line {done + 1} is not a complete output record ({exc}); "
                    "this file was not written by 'aligner check --format jsonl', cannot resume"
                ) from exc
            done += 1
            keep_bytes += len(raw)
    if identity is not None and done and last_checker != identity:
        raise InputError(
            f"cannot resume: {output} was written by {describe(last_checker)}; this run is "
            f"{describe(identity)}. Appending would mix two checkers' verdicts in one file: "
            "resume with the same version and --scorer, or start afresh without --resume"
        )
    if keep_bytes < path.stat().st_size:
        with open(path, "r+b") as stream:
            stream.truncate(keep_bytes)
            stream.flush()
            os.fsync(stream.fileno())
    return ResumePoint(done, last_id)
