"""Dismissals in a review database: loading them for ``check --decisions``, and the
``aligner dismissals`` command (add a pattern, export to a file, import from one).

The logic and the file format are in :mod:`aligner.decisions`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from aligner.decisions import Dismissals, Pattern, from_file_data, read_file, write_file
from aligner.errors import InputError
from aligner.review.store import DecisionStore

SQLITE_MAGIC = b"SQLite format 3\x00"


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


def import_into(store_path: Path, dismissals: Dismissals) -> tuple[int, int]:
    """Add a file's dismissals to a review database; returns (texts, patterns) imported."""
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
    from aligner.review import default_reviewer
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
