"""Apply reviewers' alignment corrections (merge, split, unlink) to a record's beads.

The checker's beads are never rewritten in place: exports show the original beads with the
decisions, and, when a reviewer corrected the alignment, the corrected beads beside them.

- ``merge_next`` / ``merge_prev``: the bead and the next (previous) one become one bead;
  chains merge further.
- ``split``: a multi-sentence bead becomes one bead per sentence pair, paired in order; the
  sentences left over on the longer side become omissions (English) or additions (French).
- ``unlink``: the two sides do not correspond: an English-only and a French-only bead.

A corrected bead carries ``source`` (the original bead indexes) and ``corrected: true``; an
untouched bead keeps its score, flags and the reviewer's verdict (``decision``).
"""

from __future__ import annotations

from typing import Any

from aligner.review.store import CORRECTIONS, MERGE_NEXT, MERGE_PREV, SPLIT, UNLINK, Decision


def has_corrections(decisions: list[Decision | None]) -> bool:
    return any(d is not None and d.decision in CORRECTIONS for d in decisions)


def merge_links(decisions: list[str | None]) -> list[bool]:
    """``links[i]``: bead i is merged with bead i + 1 (asked on either of the two beads)."""
    return [
        decisions[i] == MERGE_NEXT or decisions[i + 1] == MERGE_PREV
        for i in range(len(decisions) - 1)
    ] + [False]


def corrected_beads(
    beads: list[dict[str, Any]], decisions: list[Decision | None]
) -> list[dict[str, Any]]:
    """The record's alignment after the reviewers' corrections (``decisions`` per bead)."""
    kinds = [d.decision if d else None for d in decisions]
    links = merge_links(kinds)
    out: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None  # a merge group still open
    for index, bead in enumerate(beads):
        decision = kinds[index]
        if pending is not None:
            pending["en"] += bead["en"]
            pending["fr"] += bead["fr"]
            pending["source"].append(index)
            if not links[index]:
                out.append(pending)
                pending = None
            continue
        if links[index]:
            pending = _corrected(list(bead["en"]), list(bead["fr"]), [index])
        elif decision == SPLIT:
            out.extend(_split(bead, index))
        elif decision == UNLINK:
            out.extend(_unlink(bead, index))
        else:
            out.append(_kept(bead, index, decision))
    if pending is not None:
        out.append(pending)
    return out


def _corrected(en: list[int], fr: list[int], source: list[int]) -> dict[str, Any]:
    return {"en": en, "fr": fr, "score": None, "flags": [], "source": source, "corrected": True}


def _kept(bead: dict[str, Any], index: int, decision: str | None) -> dict[str, Any]:
    return {
        "en": list(bead["en"]),
        "fr": list(bead["fr"]),
        "score": bead.get("score"),
        "flags": list(bead.get("flags", [])),
        "source": [index],
        "corrected": False,
        "decision": decision,
    }


def _split(bead: dict[str, Any], index: int) -> list[dict[str, Any]]:
    en, fr = list(bead["en"]), list(bead["fr"])
    pairs = min(len(en), len(fr))
    out = [_corrected([en[k]], [fr[k]], [index]) for k in range(pairs)]
    out += [_corrected([i], [], [index]) for i in en[pairs:]]
    out += [_corrected([], [j], [index]) for j in fr[pairs:]]
    return out


def _unlink(bead: dict[str, Any], index: int) -> list[dict[str, Any]]:
    out = []
    if bead["en"]:
        out.append(_corrected(list(bead["en"]), [], [index]))
    if bead["fr"]:
        out.append(_corrected([], list(bead["fr"]), [index]))
    return out


def correction_problem(beads: list[dict[str, Any]], index: int, decision: str) -> str | None:
    """Why ``decision`` cannot apply to bead ``index`` (None when it can)."""
    bead = beads[index]
    if decision == MERGE_NEXT and index + 1 >= len(beads):
        return "the last bead has no next bead to merge with"
    if decision == MERGE_PREV and index == 0:
        return "the first bead has no previous bead to merge with"
    if decision == SPLIT and max(len(bead["en"]), len(bead["fr"])) < 2:
        return "only a bead with several sentences on one side can be split"
    if decision == UNLINK and not (bead["en"] and bead["fr"]):
        return "only a bead with both an English and a French side can be unlinked"
    return None
