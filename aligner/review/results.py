"""Reading a results file for review and export: records, bead keys, the review queue.

A results file is the contract's JSONL (``aligner check --format jsonl``). Review and export
only read it. Decisions are attached to beads by *bead key* (a hash of the bead's English and
French sentence texts within its record), not by bead index, so that they stay with the same
sentences when ``check`` is re-run and indexes shift.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.errors import InputError
from aligner.records import (
    FLAG_ADDITION,
    FLAG_LOW_FIDELITY,
    FLAG_NUMBER_MISMATCH,
    FLAG_OMISSION,
    FLAG_UNTRANSLATED,
    FLAG_WRONG_LANGUAGE,
    SEVERITY_LEVELS,
)
from aligner.severity import RANK, UNKNOWN_SEVERITY, worst

# Lower is more severe. Structural divergences (text added or dropped, left in English, a
# changed number) are near-certain errors a journal must fix; low fidelity is a softer,
# model-based judgement with more false alarms, so curators see it last.
FLAG_SEVERITY: dict[str, int] = {
    FLAG_ADDITION: 0,
    FLAG_OMISSION: 0,
    FLAG_UNTRANSLATED: 1,
    FLAG_NUMBER_MISMATCH: 1,
    FLAG_WRONG_LANGUAGE: 2,
    FLAG_LOW_FIDELITY: 3,
}
UNKNOWN_FLAG_SEVERITY = 4
SNIPPET_CHARS = 140


def bead_codes(bead: dict[str, Any]) -> list[str]:
    """A bead's contract flags and QA check codes (the findings a curator reviews)."""
    flags = bead.get("flags") or []
    checks = bead.get("checks") if isinstance(bead.get("checks"), list) else []
    return [str(code) for code in [*flags, *checks]]


def bead_level(bead: dict[str, Any]) -> str | None:
    """The bead's severity level (worked out from its codes for older results)."""
    level = bead.get("severity")
    if level in SEVERITY_LEVELS:
        return str(level)
    return worst(bead_codes(bead))


def iter_results(path: str | Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(line number, byte offset, record) for each record of a results file.

    Raises :class:`InputError` naming the file and line for anything that is not a contract
    output record: review and export must never silently skip a record.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read results ({exc.strerror or exc})") from exc
    with handle:
        offset = 0
        for line_no, raw in enumerate(handle, start=1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            yield line_no, start, parse_result_line(raw, path, line_no)


def parse_result_line(raw: bytes, path: Path, line_no: int) -> dict[str, Any]:
    """One results line as a dict, checked enough for review and export to rely on it."""
    where = f"{path}, line {line_no}"
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"{where}: not a JSON record ({exc}); is this the output of "
            "`aligner check --format jsonl`? A run cut short can be completed with --resume"
        ) from exc
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise InputError(f"{where}: expected a results object with a string 'id'")
    for side in ("en", "fr", "beads"):
        if not isinstance(record.get(side, []), list):
            raise InputError(f"{where} (record {record['id']!r}): '{side}' must be a list")
    record.setdefault("en", [])
    record.setdefault("fr", [])
    record.setdefault("beads", [])
    if not isinstance(record.get("meta"), dict):
        record["meta"] = {}
    for bead in record["beads"]:
        _check_bead(bead, record, where)
    return record


def _check_bead(bead: Any, record: dict[str, Any], where: str) -> None:
    if not isinstance(bead, dict):
        raise InputError(f"{where} (record {record['id']!r}): a bead is not an object")
    for side in ("en", "fr"):
        indexes = bead.get(side)
        size = len(record[side])
        if not isinstance(indexes, list) or not all(
            isinstance(i, int) and 0 <= i < size for i in indexes
        ):
            raise InputError(
                f"{where} (record {record['id']!r}): bead '{side}' indexes must point "
                f"into the {size} '{side}' sentences"
            )
    if not isinstance(bead.get("flags", []), list):
        raise InputError(f"{where} (record {record['id']!r}): bead 'flags' must be a list")


def bead_texts(record: dict[str, Any], bead: dict[str, Any]) -> tuple[str, str]:
    """The bead's English and French text (its sentences joined by spaces)."""
    return (
        " ".join(record["en"][i] for i in bead["en"]),
        " ".join(record["fr"][j] for j in bead["fr"]),
    )


def bead_keys(record: dict[str, Any]) -> list[str]:
    """A stable key per bead: hash of its sentence texts, plus an occurrence number.

    Whitespace is normalised so that re-splitting whitespace does not orphan a decision.
    Two beads of one record with identical text get ``#1``, ``#2``... in order.
    """
    seen: dict[str, int] = {}
    keys = []
    for bead in record["beads"]:
        en = [" ".join(record["en"][i].split()) for i in bead["en"]]
        fr = [" ".join(record["fr"][j].split()) for j in bead["fr"]]
        payload = json.dumps([en, fr], ensure_ascii=False).encode("utf-8")
        digest = hashlib.sha256(payload).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        keys.append(f"{digest}#{seen[digest]}")
    return keys


def checked_evidence(evidence: Any, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The bead's evidence spans whose offsets cover their text in the record: the page and
    the pattern matching trust only these (a results file is input, maybe hand-edited)."""
    good: list[dict[str, Any]] = []
    for item in evidence if isinstance(evidence, list) else []:
        if not isinstance(item, dict):
            continue
        side, index = item.get("side"), item.get("sentence")
        start, end = item.get("start"), item.get("end")
        sentences = record.get(side) if side in ("en", "fr") else None
        if not (isinstance(sentences, list) and isinstance(index, int)
                and isinstance(start, int) and isinstance(end, int)
                and 0 <= index < len(sentences) and isinstance(sentences[index], str)):
            continue
        if 0 <= start < end <= len(sentences[index]) and (
                sentences[index][start:end] == item.get("text")):
            good.append({k: item.get(k) for k in
                         ("flag", "side", "sentence", "start", "end", "text", "kind")})
    return good


def severity(flags: list[str], score: float | None, level: str | None = None
             ) -> tuple[int, int, int, float]:
    """Sort key of a flagged bead: its severity level (critical first), then the most
    severe flag's tier, more flags, then lower score."""
    rank = RANK.get(level or worst(flags) or UNKNOWN_SEVERITY, len(RANK))
    tier = min((FLAG_SEVERITY.get(flag, UNKNOWN_FLAG_SEVERITY) for flag in flags), default=9)
    return rank, tier, -len(flags), 0.0 if score is None else float(score)


def journal_of(record: dict[str, Any]) -> str:
    """The record's journal (``meta.journal``) as text; empty when unknown."""
    journal = record["meta"].get("journal")
    return "" if journal is None else str(journal)


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


@dataclass(frozen=True)
class QueueItem:
    """One flagged bead in the review queue (only what the queue list shows)."""

    pos: int
    record_id: str
    bead: int
    key: str
    flags: tuple[str, ...]
    score: float | None
    journal: str
    en: str
    fr: str
    level: str | None = None
    evidence: tuple[dict[str, Any], ...] = ()
    en_full: str = ""
    fr_full: str = ""
    carried: bool = False  # the results say it is dismissed (check --decisions)

    @property
    def digest(self) -> str:
        return self.key.split("#")[0]

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (*severity(list(self.flags), self.score, self.level), self.pos, self.bead)


class ResultsIndex:
    """A results file indexed for random access: byte offsets of records, the flagged queue.

    Only offsets and queue entries stay in memory, so a large corpus can be reviewed; a
    record is re-read from disk when opened. If the file changes (``check`` re-run into it),
    the index is rebuilt on the next access.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._load()

    def _stamp(self) -> tuple[int, int]:
        stat = os.stat(self.path)
        return stat.st_size, stat.st_mtime_ns

    def _load(self) -> None:
        """Index the file; attributes are replaced together, so readers never see half."""
        stamp = self._stamp()
        offsets: list[tuple[int, int]] = []
        journals: set[str] = set()
        record_ids: list[str] = []
        queue: list[QueueItem] = []
        for line_no, offset, record in iter_results(self.path):
            queue.extend(self._flagged(len(offsets), record))
            offsets.append((line_no, offset))
            record_ids.append(record["id"])
            journals.add(journal_of(record))
        queue.sort(key=lambda item: item.sort_key)
        self.offsets, self.journals, self.record_ids = offsets, journals, record_ids
        self.queue, self._stamp_loaded = queue, stamp

    def _flagged(self, pos: int, record: dict[str, Any]) -> Iterator[QueueItem]:
        keys = bead_keys(record)
        for index, bead in enumerate(record["beads"]):
            codes = bead_codes(bead)
            if codes:
                en, fr = bead_texts(record, bead)
                yield QueueItem(
                    pos=pos,
                    record_id=record["id"],
                    bead=index,
                    key=keys[index],
                    flags=tuple(codes),
                    score=bead.get("score"),
                    journal=journal_of(record),
                    en=snippet(en),
                    fr=snippet(fr),
                    level=bead_level(bead),
                    evidence=tuple(checked_evidence(bead.get("evidence"), record)),
                    en_full=en,
                    fr_full=fr,
                    carried=bool(bead.get("dismissed")),
                )

    def refresh(self) -> None:
        """Re-index if the file changed since it was read."""
        if self._stamp() != self._stamp_loaded:
            self._load()

    def __len__(self) -> int:
        return len(self.offsets)

    def record(self, pos: int) -> dict[str, Any]:
        """The record at position ``pos`` (0-based, in file order), read from disk."""
        line_no, offset = self.offsets[pos]
        with self.path.open("rb") as handle:
            handle.seek(offset)
            return parse_result_line(handle.readline(), self.path, line_no)
