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
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import click

from aligner.errors import InputError
from aligner.records import Bead, CheckResult

FILE_FORMAT = "aligner-dismissals"
FILE_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"


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
def load_dismissals(path: str | Path) -> Dismissals:
    """Dismissals from a review database or from a dismissals file (by content)."""
    path = Path(path)
    try:
        head = path.open("rb").read(16)
    except OSError as exc:
        raise InputError(f"{path}: cannot read dismissals ({exc.strerror or exc})") from exc
    if head == SQLITE_MAGIC:
        return from_store(path)
    return from_file_data(read_file(path), path)


def from_store(path: Path) -> Dismissals:
    from aligner.review.store import DecisionStore

    try:
        store = DecisionStore(path, readonly=True)
        texts = {}
        for row in store.dismissed_texts():
            digest = str(row["bead_key"]).split("#")[0]
            texts[digest] = {k: row[k] for k in ("reviewer", "decided_at", "note")}
            texts[digest].update(en=row.get("en_text", ""), fr=row.get("fr_text", ""))
        for row in store.text_dismissals():
            texts.setdefault(row["digest"], {k: row[k] for k in
                                             ("reviewer", "decided_at", "note")})
            texts[row["digest"]].update(en=row["en_text"], fr=row["fr_text"])
        patterns = [Pattern(**row) for row in store.patterns()]
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a usable review database ({exc})") from exc
    return Dismissals(texts, patterns)


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


def import_into(store_path: Path, dismissals: Dismissals) -> tuple[int, int]:
    """Add a file's dismissals to a review database; returns (texts, patterns) imported."""
    from aligner.review.store import DecisionStore

    store = DecisionStore(store_path)
    for key, item in dismissals.texts.items():
        store.add_text_dismissal(key, str(item.get("reviewer") or "import"),
                                 str(item.get("en", "")), str(item.get("fr", "")),
                                 str(item.get("note", "")), str(item.get("decided_at") or "")
                                 or None)
    for p in dismissals.patterns:
        store.add_pattern(p.en, p.fr, p.reviewer or "import", p.flag, p.note,
                          p.decided_at or None)
    return len(dismissals.texts), len(dismissals.patterns)


# ---- the command ------------------------------------------------------------------------
@click.group()
def dismissals() -> None:
    """Keep dismissals (beads and patterns such as DNA <-> ADN) in a review database, and
    move them to and from a file a journal keeps in its repository.

    \b
    Examples:
      aligner dismissals add-pattern --db review.sqlite --en DNA --fr ADN
      aligner dismissals export --db review.sqlite -o dismissals.json
      aligner dismissals import dismissals.json --db other/review.sqlite
      aligner check in.jsonl --decisions dismissals.json
    """


_DB = click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   help="The review database. Example: --db review.sqlite")


@dismissals.command("add-pattern")
@_DB
@click.option("--en", required=True, help="English text as the evidence shows it, e.g. DNA")
@click.option("--fr", required=True, help="Its accepted French rendering, e.g. ADN")
@click.option("--flag", default="", help="Only for this flag or check code (default: any).")
@click.option("--note", default="", help="Why it is accepted.")
@click.option("--reviewer", default=None, help="Who accepts it (default: OS user name).")
def add_pattern(db: Path, en: str, fr: str, flag: str, note: str, reviewer: str | None) -> None:
    """Accept EN rendered as FR across the corpus."""
    from aligner.review.command import default_reviewer
    from aligner.review.store import DecisionStore

    try:
        row = DecisionStore(db).add_pattern(en, fr, reviewer or default_reviewer(), flag, note)
    except (ValueError, InputError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"pattern saved in {db}: {row['en']} <-> {row['fr']}")


@dismissals.command("export")
@_DB
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="JSON file to write ('-': standard output). Example: -o dismissals.json")
def export_command(db: Path, output: str) -> None:
    """Write the database's dismissals (beads and patterns) to a JSON file."""
    try:
        found = from_store(db) if db.is_file() else None
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if found is None:
        raise click.ClickException(f"{db}: no review database here")
    if output == "-":
        write_file(found, click.get_text_stream("stdout"))
    else:
        with open(output, "w", encoding="utf-8") as stream:
            write_file(found, stream)
    click.echo(f"exported {len(found.texts)} bead dismissal(s) and {len(found.patterns)} "
               f"pattern(s) to {output}", err=True)


@dismissals.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_DB
def import_command(file: Path, db: Path) -> None:
    """Add the dismissals of FILE (from `aligner dismissals export`) to a review database."""
    try:
        texts, patterns = import_into(db, from_file_data(read_file(file), file))
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"imported {texts} bead dismissal(s) and {patterns} pattern(s) into {db}")
