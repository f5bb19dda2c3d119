"""Dismissals that stick: a reviewer's "not an error" carried into later runs of ``check``.

Two kinds, both kept in the review database (:class:`~aligner.review.store.DecisionStore`)
and both exportable to one JSON file a journal keeps in its own repository:

- *Text dismissals.* A bead dismissed in the review app stays dismissed on the same text:
  the key is the hash of the bead's English and French sentences (whitespace normalised,
  the same digest as :func:`aligner.review.results.bead_keys` without its occurrence
  number and without the record id), so re-ingesting the corpus, renaming or re-ordering
  records keeps it, and any change to either side's text reopens the flag.
- *Patterns.* ``DNA <-> ADN`` (optionally for one flag or check code): a finding is
  dismissed when each of its evidence spans is covered: an English span that is the
  pattern's English text while the bead's French contains the pattern's French text, or
  the reverse. So "accept ADN for DNA once" covers every bead of the corpus whose only
  complaint is that pair. A bead is dismissed when all its findings are.

A dismissed bead keeps its flags, checks and evidence (the checker's verdict is not
rewritten); it gains ``dismissed`` ({"reviewer", "decided_at", "note", and "pattern" or
"key"}), reports show it as dismissed and count it apart (``severity_counts.dismissed``).

This module is the logic and the file format only; reading a review database and the
``aligner dismissals`` command are in :mod:`aligner.review.dismissals` (so that the review
app can use this module without an import cycle).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from aligner.errors import InputError
from aligner.records import Bead, CheckResult

FILE_FORMAT = "aligner-dismissals"
FILE_VERSION = 1


def text_digest(en: Iterable[str], fr: Iterable[str]) -> str:
    """The content hash of a bead's sentences (as in :func:`aligner.review.results.bead_keys`)."""
    payload = json.dumps([[" ".join(s.split()) for s in en], [" ".join(s.split()) for s in fr]],
                         ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:32]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Pattern:
    """``en`` is rightly rendered ``fr`` (for ``flag`` only, when given)."""

    en: str
    fr: str
    flag: str = ""
    note: str = ""
    reviewer: str = ""
    decided_at: str = ""

    @property
    def label(self) -> str:
        return f"{self.en} <-> {self.fr}" + (f" ({self.flag})" if self.flag else "")

    def covers(self, item: dict[str, Any], en_text: str, fr_text: str) -> bool:
        """Does this pattern excuse one evidence span of a bead with these texts?"""
        if self.flag and item.get("flag") != self.flag:
            return False
        text = _fold(str(item.get("text", "")))
        if item.get("side") == "en":
            return text == _fold(self.en) and _fold(self.fr) in _fold(fr_text)
        return text == _fold(self.fr) and _fold(self.en) in _fold(en_text)


@dataclass
class Dismissals:
    """Text dismissals by digest and patterns, applied to check results."""

    texts: dict[str, dict[str, Any]] = field(default_factory=dict)
    patterns: list[Pattern] = field(default_factory=list)

    def apply_all(self, results: Iterable[CheckResult]) -> Iterator[CheckResult]:
        for result in results:
            yield self.apply(result)

    def apply(self, result: CheckResult) -> CheckResult:
        """``result`` with its dismissed beads marked (in place; also returned)."""
        result.beads = [self.apply_bead(result, bead) for bead in result.beads]
        return result

    def apply_bead(self, result: CheckResult, bead: Bead) -> Bead:
        if not bead.flagged:
            return bead
        en = [result.en[i] for i in bead.en]
        fr = [result.fr[j] for j in bead.fr]
        digest = text_digest(en, fr)
        if digest in self.texts:
            stored = self.texts[digest]
            return replace(bead, dismissed={
                "reviewer": stored.get("reviewer", ""), "decided_at": stored.get("decided_at", ""),
                "note": stored.get("note", ""), "key": digest})
        pattern = self.pattern_for(bead, " ".join(en), " ".join(fr))
        if pattern is None:
            return bead
        return replace(bead, dismissed={"reviewer": pattern.reviewer,
                                        "decided_at": pattern.decided_at,
                                        "note": pattern.note, "pattern": pattern.label})

    def pattern_for(self, bead: Bead, en_text: str, fr_text: str) -> Pattern | None:
        return pattern_covering([*bead.flags, *bead.checks], list(bead.evidence), en_text,
                                fr_text, self.patterns)


def pattern_covering(codes: list[str], evidence: list[dict[str, Any]], en_text: str,
                     fr_text: str, patterns: list[Pattern]) -> Pattern | None:
    """The pattern that excuses every finding of a bead (None if some stays open).

    Each finding (flag or check code) needs evidence, all of it covered by one pattern;
    a finding with no span (older results) is never excused by a pattern.
    """
    if not patterns or not codes:
        return None
    used: Pattern | None = None
    for code in codes:
        spans = [s for s in evidence if s.get("flag") == code]
        chosen = next((p for p in patterns
                       if spans and all(p.covers(s, en_text, fr_text) for s in spans)), None)
        if chosen is None:
            return None
        used = used or chosen
    return used


# ---- loading and saving -----------------------------------------------------------------
def read_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a dismissals file ({exc}); expected the JSON written "
                         "by `aligner dismissals export` or a review database") from exc
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise InputError(f"{path}: not a dismissals file (no \"format\": \"{FILE_FORMAT}\")")
    if data.get("version") != FILE_VERSION:
        raise InputError(f"{path}: dismissals file version {data.get('version')!r}; this "
                         f"aligner reads version {FILE_VERSION}")
    return data


def from_file_data(data: dict[str, Any], path: Path) -> Dismissals:
    texts: dict[str, dict[str, Any]] = {}
    patterns = []
    try:
        for item in data.get("beads", []):
            texts[str(item["key"])] = dict(item)
        for item in data.get("patterns", []):
            patterns.append(Pattern(**{k: str(item.get(k, "")) for k in
                                       ("en", "fr", "flag", "note", "reviewer", "decided_at")}))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: a dismissal entry is malformed ({exc})") from exc
    return Dismissals(texts, patterns)


def export_data(dismissals: Dismissals) -> dict[str, Any]:
    """The dismissals file's content: sorted, so that a repository's diffs stay small."""
    beads = [{"key": key, **{k: item.get(k, "") for k in
                             ("en", "fr", "note", "reviewer", "decided_at")}}
             for key, item in sorted(dismissals.texts.items())]
    patterns = [{"en": p.en, "fr": p.fr, "flag": p.flag, "note": p.note,
                 "reviewer": p.reviewer, "decided_at": p.decided_at}
                for p in sorted(dismissals.patterns, key=lambda p: (p.en, p.fr, p.flag))]
    return {"format": FILE_FORMAT, "version": FILE_VERSION, "beads": beads,
            "patterns": patterns}


def write_file(dismissals: Dismissals, stream: IO[str]) -> None:
    data = export_data(dismissals)
    lines = [f'{{"format": "{FILE_FORMAT}", "version": {FILE_VERSION},', ' "beads": [']
    lines.append(",\n".join("  " + json.dumps(b, ensure_ascii=False) for b in data["beads"]))
    lines.append(' ],\n "patterns": [')
    lines.append(",\n".join("  " + json.dumps(p, ensure_ascii=False) for p in data["patterns"]))
    lines.append(" ]}\n")
    stream.write("\n".join(line for line in lines if line))
