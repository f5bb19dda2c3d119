"""Checks that an output record honours ../shared/CONTRACT.md, shared by several test files."""

from __future__ import annotations

from typing import Any

from aligner.records import FLAG_ADDITION, FLAG_OMISSION, FLAGS, STATUSES

CONTRACT_KEYS = {"id", "status", "reason", "en", "fr", "beads", "flags", "meta"}


def assert_contract_record(out: dict[str, Any]) -> None:
    """Fail with a precise message when ``out`` breaks the contract."""
    missing = CONTRACT_KEYS - out.keys()
    assert not missing, f"missing keys {missing} in {out}"
    assert isinstance(out["id"], str) and out["id"], out
    assert out["status"] in STATUSES, out["status"]
    assert (out["reason"] is None) == (out["status"] == "ok"), out
    assert all(isinstance(s, str) for s in out["en"] + out["fr"])
    assert_beads_cover(out["beads"], len(out["en"]), len(out["fr"]))
    bead_flags = set()
    for bead in out["beads"]:
        assert set(bead["flags"]) <= set(FLAGS), bead["flags"]
        bead_flags.update(bead["flags"])
        if not bead["en"] or not bead["fr"]:
            assert bead["score"] is None, bead
        else:
            assert bead["score"] is None or 0.0 <= bead["score"] <= 1.0, bead
        if out["status"] == "ok" and not bead["en"]:
            assert FLAG_ADDITION in bead["flags"], bead
        if out["status"] == "ok" and not bead["fr"]:
            assert FLAG_OMISSION in bead["flags"], bead
    assert out["flags"] == sorted(bead_flags), (out["flags"], bead_flags)
    assert isinstance(out["meta"], dict)


def assert_beads_cover(beads: list[dict[str, Any]], n_en: int, n_fr: int) -> None:
    """Every sentence index in exactly one bead, both sides non-decreasing, no empty bead."""
    en_seen: list[int] = []
    fr_seen: list[int] = []
    for bead in beads:
        assert bead["en"] or bead["fr"], f"empty bead {bead}"
        en_seen.extend(bead["en"])
        fr_seen.extend(bead["fr"])
    assert en_seen == list(range(n_en)), f"English indexes {en_seen} for {n_en} sentences"
    assert fr_seen == list(range(n_fr)), f"French indexes {fr_seen} for {n_fr} sentences"
