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

from aligner.decisions import Pattern, pattern_covering
from aligner.records import FLAGS
from aligner.review.corrections import corrected_beads, correction_problem, has_corrections
from aligner.review.results import (
    FLAG_SEVERITY,
    QueueItem,
    ResultsIndex,
    bead_codes,
    bead_keys,
    bead_level,
    bead_texts,
    checked_evidence,
)
from aligner.review.store import CORRECTIONS, DECISIONS, Decision, DecisionStore
from aligner.severity import CHECKS, LEVELS, RANK, at_least

# Decision-status filter values of the queue.
STATUS_FILTERS = ("all", "undecided", "reviewed", "confirmed", "dismissed", "corrected")
# Queue orders: severity (worst first, the default), lowest score first, or file order.
SORTS = ("severity", "score", "record")
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
    severity: str = ""  # the minimum level shown ("" for all)
    sort: str = "severity"

    @classmethod
    def parse(cls, params: dict[str, str]) -> QueueFilter:
        flag, status = params.get("flag", ""), params.get("status", "") or "all"
        severity, sort = params.get("severity", ""), params.get("sort", "") or "severity"
        if flag and flag not in FLAGS and flag not in CHECKS:
            raise RequestProblem(f"unknown flag {flag!r}")
        if status not in STATUS_FILTERS:
            raise RequestProblem(f"unknown status filter {status!r}")
        if severity and severity not in LEVELS:
            raise RequestProblem(f"unknown severity {severity!r}")
        if sort not in SORTS:
            raise RequestProblem(f"unknown sort {sort!r}")
        return cls(flag=flag, status=status, journal=params.get("journal", ""),
                   severity=severity, sort=sort)

    def keeps(self, item: QueueItem, decision: Decision | None,
              pattern: str | None = None) -> bool:
        if self.flag and self.flag not in item.flags:
            return False
        if self.journal and (item.journal or NO_JOURNAL) != self.journal:
            return False
        if self.severity and not at_least(item.level, self.severity):
            return False
        verdict = decision.decision if decision else None
        if verdict is None and pattern is not None:
            verdict = "dismissed"  # a pattern covers it: dismissed across the corpus
        return _status_matches(self.status, verdict)

    def order(self, items: list[QueueItem]) -> list[QueueItem]:
        if self.sort == "score":
            return sorted(items, key=lambda i: (2.0 if i.score is None else i.score, i.sort_key))
        if self.sort == "record":
            return sorted(items, key=lambda i: (i.pos, i.bead))
        return items  # the index keeps the queue in severity order


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
        """Reviewed / total flagged beads (a note alone does not count as reviewed; a bead a
        pattern covers counts as reviewed)."""
        queue = self.index.queue
        standing = self.standing()
        reviewed = sum(
            1
            for item in queue
            if ((d := decisions.get((item.record_id, item.key))) and d.decision is not None)
            or standing.label(item) is not None
        )
        return {"reviewed": reviewed, "total": len(queue)}

    def standing(self) -> StandingDismissals:
        """Dismissals that apply beyond the bead they were made on (see the class)."""
        digests = {row["bead_key"].split("#")[0] for row in self.store.dismissed_texts()}
        digests |= {row["digest"] for row in self.store.text_dismissals()}
        return StandingDismissals(self.patterns(), digests)

    def patterns(self) -> list[Pattern]:
        return [Pattern(**row) for row in self.store.patterns()]

    def add_pattern(self, body: Any) -> dict[str, Any]:
        """Store (or, with ``"remove": true``, delete) a pattern dismissal sent by the UI."""
        if not isinstance(body, dict):
            raise RequestProblem("expected a JSON object")
        en, fr, flag = body.get("en"), body.get("fr"), body.get("flag", "") or ""
        if not isinstance(en, str) or not isinstance(fr, str) or not isinstance(flag, str):
            raise RequestProblem("a pattern needs 'en' and 'fr' texts")
        if flag and flag not in FLAGS and flag not in CHECKS:
            raise RequestProblem(f"unknown flag {flag!r}")
        if len(en) > 200 or len(fr) > 200:
            raise RequestProblem("pattern texts are limited to 200 characters")
        if body.get("remove"):
            removed = self.store.remove_pattern(en, fr, flag)
            return {"removed": removed, "progress": self.progress(self.store.all())}
        note = body.get("note", "")
        if not isinstance(note, str):
            raise RequestProblem("note must be text")
        try:
            row = self.store.add_pattern(en, fr, self.reviewer, flag, note)
        except ValueError as exc:
            raise RequestProblem(str(exc)) from exc
        return {"pattern": row, "progress": self.progress(self.store.all())}

    def queue(self, params: dict[str, str]) -> dict[str, Any]:
        """The filtered queue page, progress and the filter choices."""
        self._refresh()
        wanted = QueueFilter.parse(params)
        offset = _int(params.get("offset", "0"), "offset", 0, 10**9)
        limit = _int(params.get("limit", str(DEFAULT_PAGE)), "limit", 1, MAX_PAGE)
        decisions = self.store.all()
        standing = self.standing()
        kept = []
        for item in wanted.order(self.index.queue):
            decision = decisions.get((item.record_id, item.key))
            label = standing.label(item)
            if wanted.keeps(item, decision, label):
                kept.append((item, decision, label))
        return {
            "source": self.index.path.name,
            "reviewer": self.reviewer,
            "progress": self.progress(decisions),
            "records": len(self.index),
            "matching": len(kept),
            "offset": offset,
            "items": [_item_dict(item, d, p) for item, d, p in kept[offset : offset + limit]],
            "flags": list(FLAGS) + list(CHECKS),
            "severity": FLAG_SEVERITY,
            "levels": list(LEVELS),
            "level_rank": RANK,
            "sorts": list(SORTS),
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
        standing = self.standing()
        beads = []
        for index, bead in enumerate(record["beads"]):
            details = bead.get("details") if isinstance(bead.get("details"), dict) else {}
            evidence = checked_evidence(bead.get("evidence"), record)
            en_text, fr_text = bead_texts(record, bead)
            pattern = pattern_covering(bead_codes(bead), evidence, en_text, fr_text,
                                       standing.patterns)
            label = standing.describe(pattern, keys[index].split("#")[0],
                                      bool(bead.get("dismissed"))) if bead_codes(bead) else None
            beads.append(
                {
                    "index": index,
                    "en": bead["en"],
                    "fr": bead["fr"],
                    "score": bead.get("score"),
                    "flags": bead_codes(bead),
                    "severity": bead_level(bead),
                    "evidence": evidence,
                    "pattern": label,
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

    def heatmap(self, pos: int) -> str:
        """The record's similarity heatmap as SVG, reviewers' dismissals dashed."""
        from aligner.heatmap import heatmap_svg

        self._refresh()
        record = self._record_at(pos)
        beads = self._beads_with_dismissals(record)
        return heatmap_svg([str(t) for t in record["en"]], [str(t) for t in record["fr"]],
                           beads, title=f"record {record['id']}")

    def summary(self) -> dict[str, Any]:
        """The corpus summary (:mod:`aligner.summary`) with reviewers' dismissals counted apart."""
        from aligner.summary import CorpusSummary

        self._refresh()
        corpus = CorpusSummary()
        for pos in range(len(self.index)):
            record = self.index.record(pos)
            corpus.add({"id": record["id"], "status": record.get("status"),
                        "beads": self._beads_with_dismissals(record)})
        return {"corpus": corpus, "data": corpus.to_dict()}

    def _beads_with_dismissals(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        stored = self.store.for_record(record["id"])
        standing = self.standing()
        beads = []
        for key, bead in zip(bead_keys(record), record["beads"], strict=True):
            bead = dict(bead)
            decision = stored.get(key)
            en_text, fr_text = bead_texts(record, bead)
            evidence = checked_evidence(bead.get("evidence"), record)
            pattern = pattern_covering(bead_codes(bead), evidence, en_text, fr_text,
                                       standing.patterns)
            label = standing.describe(pattern, key.split("#")[0], bool(bead.get("dismissed")))
            if (decision and decision.decision == "dismissed") or label:
                bead["dismissed"] = bead.get("dismissed") or {"reviewer": "review"}
            beads.append(bead)
        return beads

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


@dataclass(frozen=True)
class StandingDismissals:
    """What keeps a bead dismissed beyond a decision on its own (record id, bead key): a
    pattern covering its findings, a dismissal of the same text in another record (or
    imported from a dismissals file), or the results themselves (``check --decisions``)."""

    patterns: list[Pattern]
    digests: set[str]

    def label(self, item: QueueItem) -> str | None:
        pattern = pattern_covering(list(item.flags), list(item.evidence), item.en_full,
                                   item.fr_full, self.patterns)
        return self.describe(pattern, item.digest, item.carried)

    def describe(self, pattern: Pattern | None, digest: str, carried: bool) -> str | None:
        if pattern is not None:
            return "pattern: " + pattern.label
        if digest in self.digests or carried:
            return "same text dismissed"
        return None


def _item_dict(item: QueueItem, decision: Decision | None, pattern: str | None = None
               ) -> dict[str, Any]:
    return {
        "pos": item.pos,
        "id": item.record_id,
        "bead": item.bead,
        "flags": list(item.flags),
        "severity": item.level,
        "pattern": pattern,
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
    except (TypeError, ValueError) as exc:
        raise RequestProblem(f"{name} must be a whole number") from exc
    if isinstance(value, bool) or not low <= number <= high:
        raise RequestProblem(f"{name} out of range")
    return number


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
