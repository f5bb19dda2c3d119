"""The review application's logic, independent of HTTP: queue, records, decisions, progress.

The HTTP layer (:mod:`aligner.review.server`) only parses requests and calls these methods,
so the logic is tested without a browser. Record ids and bead keys are always derived here
from the results file, never taken from the client.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.records import FLAGS
from aligner.review.corrections import corrected_beads, correction_problem, has_corrections
from aligner.review.results import FLAG_SEVERITY, QueueItem, ResultsIndex, bead_keys, bead_texts
from aligner.review.store import CORRECTIONS, DECISIONS, Decision, DecisionStore

# Decision-status filter values of the queue.
STATUS_FILTERS = ("all", "undecided", "reviewed", "confirmed", "dismissed", "corrected")
NO_JOURNAL = "(none)"
DEFAULT_PAGE = 200
MAX_PAGE = 1000


class RequestProblem(ValueError):
    """A request the app refuses; the message is shown to the reviewer."""


@dataclass(frozen=True)
class QueueFilter:
    flag: str = ""
    status: str = "all"
    journal: str = ""

    @classmethod
    def parse(cls, params: dict[str, str]) -> QueueFilter:
        flag, status = params.get("flag", ""), params.get("status", "") or "all"
        if flag and flag not in FLAGS:
            raise RequestProblem(f"unknown flag {flag!r}")
        if status not in STATUS_FILTERS:
            raise RequestProblem(f"unknown status filter {status!r}")
        return cls(flag=flag, status=status, journal=params.get("journal", ""))

    def keeps(self, item: QueueItem, decision: Decision | None) -> bool:
        if self.flag and self.flag not in item.flags:
            return False
        if self.journal and (item.journal or NO_JOURNAL) != self.journal:
            return False
        return _status_matches(self.status, decision.decision if decision else None)


def _status_matches(status: str, decision: str | None) -> bool:
    if status == "all":
        return True
    if status == "undecided":
        return decision is None
    if status == "reviewed":
        return decision is not None
    if status == "corrected":
        return decision in CORRECTIONS
    return decision == status


class ReviewApp:
    """A results file plus a decision store, as the review UI sees them."""

    def __init__(self, results_path: str | Path, store: DecisionStore, reviewer: str) -> None:
        self.index = ResultsIndex(results_path)
        self.store = store
        self.reviewer = reviewer
        self._lock = threading.Lock()  # guards re-indexing when the results file changes

    def _refresh(self) -> None:
        with self._lock:
            self.index.refresh()

    def progress(self, decisions: dict[tuple[str, str], Decision]) -> dict[str, int]:
        """Reviewed / total flagged beads (a note alone does not count as reviewed)."""
        queue = self.index.queue
        reviewed = sum(
            1
            for item in queue
            if (d := decisions.get((item.record_id, item.key))) and d.decision is not None
        )
        return {"reviewed": reviewed, "total": len(queue)}

    def queue(self, params: dict[str, str]) -> dict[str, Any]:
        """The filtered queue page, progress and the filter choices."""
        self._refresh()
        wanted = QueueFilter.parse(params)
        offset = _int(params.get("offset", "0"), "offset", 0, 10**9)
        limit = _int(params.get("limit", str(DEFAULT_PAGE)), "limit", 1, MAX_PAGE)
        decisions = self.store.all()
        kept = [
            (item, decisions.get((item.record_id, item.key)))
            for item in self.index.queue
            if wanted.keeps(item, decisions.get((item.record_id, item.key)))
        ]
        return {
            "source": self.index.path.name,
            "reviewer": self.reviewer,
            "progress": self.progress(decisions),
            "records": len(self.index),
            "matching": len(kept),
            "offset": offset,
            "items": [_item_dict(item, d) for item, d in kept[offset : offset + limit]],
            "flags": list(FLAGS),
            "severity": FLAG_SEVERITY,
            "statuses": list(STATUS_FILTERS),
            "journals": sorted(j or NO_JOURNAL for j in self.index.journals),
        }

    def record(self, pos: int) -> dict[str, Any]:
        """A whole record with each bead's decision and, if corrected, the new alignment."""
        self._refresh()
        record = self._record_at(pos)
        keys = bead_keys(record)
        stored = self.store.for_record(record["id"])
        decisions = [stored.get(key) for key in keys]
        beads = []
        for index, bead in enumerate(record["beads"]):
            details = bead.get("details") if isinstance(bead.get("details"), dict) else {}
            beads.append(
                {
                    "index": index,
                    "en": bead["en"],
                    "fr": bead["fr"],
                    "score": bead.get("score"),
                    "flags": bead.get("flags", []),
                    "reason": str(details.get("reason") or ""),
                    "review": decisions[index].to_dict() if decisions[index] else None,
                }
            )
        corrected = (
            corrected_beads(record["beads"], decisions) if has_corrections(decisions) else None
        )
        return {
            "pos": pos,
            "id": record["id"],
            "status": str(record.get("status", "")),
            "reason": str(record.get("reason") or ""),
            "notes": [str(note) for note in record.get("notes", []) or []],
            "meta": {str(k): _text(v) for k, v in record["meta"].items()},
            "en": [str(s) for s in record["en"]],
            "fr": [str(s) for s in record["fr"]],
            "beads": beads,
            "corrected": corrected,
        }

    def decide(self, body: Any) -> dict[str, Any]:
        """Store a decision and/or note sent by the UI; returns it with the new progress."""
        if not isinstance(body, dict):
            raise RequestProblem("expected a JSON object")
        pos = _int(body.get("pos"), "pos", 0, len(self.index) - 1)
        self._refresh()
        record = self._record_at(pos)
        index = _int(body.get("bead"), "bead", 0, len(record["beads"]) - 1)
        changes: dict[str, Any] = {}
        if "decision" in body:
            decision = body["decision"]
            if decision is not None and decision not in DECISIONS:
                raise RequestProblem(f"unknown decision {decision!r}")
            if decision in CORRECTIONS:
                problem = correction_problem(record["beads"], index, decision)
                if problem:
                    raise RequestProblem(problem)
            changes["decision"] = decision
        if "note" in body:
            if not isinstance(body["note"], str):
                raise RequestProblem("note must be text")
            changes["note"] = body["note"]
        if not changes:
            raise RequestProblem("nothing to save: send 'decision' and/or 'note'")
        key = bead_keys(record)[index]
        try:
            saved = self.store.set(
                record["id"],
                key,
                self.reviewer,
                texts=bead_texts(record, record["beads"][index]),
                **changes,
            )
        except ValueError as exc:
            raise RequestProblem(str(exc)) from exc
        return {
            "review": saved.to_dict() if saved else None,
            "progress": self.progress(self.store.all()),
        }

    def orphaned_decisions(self) -> int:
        """Decisions whose bead no longer appears in the results (for a start-up warning)."""
        known = set()
        for pos in range(len(self.index)):
            record = self.index.record(pos)
            known.update((record["id"], key) for key in bead_keys(record))
        return sum(1 for pair in self.store.all() if pair not in known)

    def _record_at(self, pos: int) -> dict[str, Any]:
        if not 0 <= pos < len(self.index):
            raise RequestProblem(f"no record at position {pos}")
        return self.index.record(pos)


def _item_dict(item: QueueItem, decision: Decision | None) -> dict[str, Any]:
    return {
        "pos": item.pos,
        "id": item.record_id,
        "bead": item.bead,
        "flags": list(item.flags),
        "score": item.score,
        "journal": item.journal,
        "en": item.en,
        "fr": item.fr,
        "decision": decision.decision if decision else None,
        "has_note": bool(decision and decision.note),
    }


def _int(value: Any, name: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError) as exc:  # OverflowError: JSON Infinity
        raise RequestProblem(f"{name} must be a whole number") from exc
    if isinstance(value, bool) or not low <= number <= high:
        raise RequestProblem(f"{name} out of range")
    return number


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
