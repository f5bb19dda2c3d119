"""Reviewers' decisions in SQLite: one row per (record id, bead key), and a full history.

Why SQLite: one file a curator can copy or back up, transactions, and safe concurrent use by
several reviewers' servers on one machine or shared disk. Every write is its own
``BEGIN IMMEDIATE`` transaction in WAL mode with ``synchronous=FULL``: once the browser has
its answer the decision is on disk, so a killed server or closed browser loses nothing.
Concurrent writers wait for each other (busy timeout) instead of failing; for one bead the
last decision wins, and every write is also appended to ``history`` so nothing is
overwritten without a trace.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aligner.errors import InputError

# The reviewer's verdict on a flag, or a correction of the alignment around a bead.
CONFIRMED = "confirmed"  # the flag is a real divergence
DISMISSED = "dismissed"  # false alarm: the pair is a faithful translation
MERGE_NEXT = "merge_next"  # this bead and the next one are one unit
MERGE_PREV = "merge_prev"  # this bead and the previous one are one unit
SPLIT = "split"  # a multi-sentence bead is several units, paired in order
UNLINK = "unlink"  # the two sides do not correspond: an omission plus an addition
VERDICTS = (CONFIRMED, DISMISSED)
CORRECTIONS = (MERGE_NEXT, MERGE_PREV, SPLIT, UNLINK)
DECISIONS = VERDICTS + CORRECTIONS

SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 30_000
MAX_NOTE_CHARS = 10_000
_UNSET: Any = object()

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    record_id  TEXT NOT NULL,
    bead_key   TEXT NOT NULL,
    decision   TEXT CHECK (decision IS NULL OR decision IN ({decisions})),
    note       TEXT NOT NULL DEFAULT '',
    reviewer   TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    en_text    TEXT NOT NULL DEFAULT '',
    fr_text    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, bead_key)
);
CREATE TABLE IF NOT EXISTS history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id  TEXT NOT NULL,
    bead_key   TEXT NOT NULL,
    decision   TEXT,
    note       TEXT NOT NULL,
    reviewer   TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patterns (
    en         TEXT NOT NULL,
    fr         TEXT NOT NULL,
    flag       TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    reviewer   TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (en, fr, flag)
);
CREATE TABLE IF NOT EXISTS text_dismissals (
    digest     TEXT PRIMARY KEY,
    en_text    TEXT NOT NULL DEFAULT '',
    fr_text    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    reviewer   TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
""".replace("{decisions}", ", ".join(f"'{d}'" for d in DECISIONS))


@dataclass(frozen=True)
class Decision:
    """A reviewer's current decision on one bead (``decision`` None: a note only)."""

    record_id: str
    bead_key: str
    decision: str | None
    note: str
    reviewer: str
    decided_at: str

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["record_id"], out["bead_key"]
        return out


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class DecisionStore:
    """Decisions in one SQLite file. Opens a short-lived connection per operation.

    A connection per operation keeps the object safe to share between server threads and
    means nothing is held open between a reviewer's clicks. ``readonly`` opens an existing
    database without creating or changing it (for export).
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.is_file():
                raise InputError(f"{self.path}: no review database here")
        else:
            self._create()

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            if self.readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: cannot open the review database ({exc})") from exc
        conn.isolation_level = None  # transactions are explicit below
        conn.row_factory = sqlite3.Row
        with closing(conn):
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not self.readonly:
                conn.execute("PRAGMA synchronous = FULL")
            yield conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock at once (no upgrade deadlocks)."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connection() as conn:
                _switch_to_wal(conn)
                conn.execute("BEGIN IMMEDIATE")
                _run_script(conn, SCHEMA)
                conn.execute(
                    "INSERT OR IGNORE INTO store_info VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
                conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"{self.path}: not a usable review database ({exc}); give another path with --db"
            ) from exc

    def set(
        self,
        record_id: str,
        bead_key: str,
        reviewer: str,
        decision: str | None = _UNSET,
        note: str = _UNSET,
        texts: tuple[str, str] = ("", ""),
    ) -> Decision | None:
        """Record a decision and/or a note for a bead; omitted fields keep their value.

        A bead left with no decision and an empty note has its row removed (the history
        keeps the clearing). ``texts`` (English, French) is stored for audits of decisions
        whose bead later disappears from the results.
        """
        if decision is not _UNSET and decision is not None and decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}; expected one of {DECISIONS}")
        if note is not _UNSET and len(note) > MAX_NOTE_CHARS:
            raise ValueError(f"note longer than {MAX_NOTE_CHARS} characters")
        stamp = now_utc()
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT decision, note FROM decisions WHERE record_id = ? AND bead_key = ?",
                (record_id, bead_key),
            ).fetchone()
            new_decision = (row["decision"] if row else None) if decision is _UNSET else decision
            new_note = (row["note"] if row else "") if note is _UNSET else note
            conn.execute(
                "INSERT INTO history (record_id, bead_key, decision, note, reviewer, decided_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (record_id, bead_key, new_decision, new_note, reviewer, stamp),
            )
            if new_decision is None and not new_note:
                conn.execute(
                    "DELETE FROM decisions WHERE record_id = ? AND bead_key = ?",
                    (record_id, bead_key),
                )
                return None
            conn.execute(
                "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (record_id, bead_key) DO UPDATE SET decision = excluded.decision,"
                " note = excluded.note, reviewer = excluded.reviewer,"
                " decided_at = excluded.decided_at",
                (record_id, bead_key, new_decision, new_note, reviewer, stamp, *texts),
            )
        return Decision(record_id, bead_key, new_decision, new_note, reviewer, stamp)

    def for_record(self, record_id: str) -> dict[str, Decision]:
        """Decisions of one record, by bead key."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT * FROM decisions WHERE record_id = ?", (record_id,)
            ).fetchall()
        return {row["bead_key"]: _decision(row) for row in rows}

    def all(self) -> dict[tuple[str, str], Decision]:
        """Every current decision, by (record id, bead key)."""
        with self._connection() as conn:
            rows = conn.execute("SELECT * FROM decisions").fetchall()
        return {(row["record_id"], row["bead_key"]): _decision(row) for row in rows}

    def history(self, record_id: str | None = None) -> list[dict[str, Any]]:
        """Every write, oldest first (optionally of one record)."""
        query = "SELECT * FROM history"
        args: tuple[str, ...] = ()
        if record_id is not None:
            query, args = query + " WHERE record_id = ?", (record_id,)
        with self._connection() as conn:
            return [dict(row) for row in conn.execute(query + " ORDER BY id", args)]

    # ---- corpus-wide dismissals (aligner.decisions) ------------------------------------
    def add_pattern(self, en: str, fr: str, reviewer: str, flag: str = "", note: str = "",
                    decided_at: str | None = None) -> dict[str, str]:
        """Accept ``en`` rendered as ``fr`` everywhere (for ``flag``, or any flag when empty)."""
        en, fr = " ".join(en.split()), " ".join(fr.split())
        if not en or not fr:
            raise ValueError("a pattern needs an English and a French text")
        row = {"en": en, "fr": fr, "flag": flag, "note": note, "reviewer": reviewer,
               "decided_at": decided_at or now_utc()}
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO patterns VALUES (:en, :fr, :flag, :note, :reviewer, :decided_at)"
                " ON CONFLICT (en, fr, flag) DO UPDATE SET note = excluded.note,"
                " reviewer = excluded.reviewer, decided_at = excluded.decided_at", row)
        return row

    def remove_pattern(self, en: str, fr: str, flag: str = "") -> bool:
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM patterns WHERE en = ? AND fr = ? AND flag = ?",
                                  (" ".join(en.split()), " ".join(fr.split()), flag))
        return cursor.rowcount > 0

    def patterns(self) -> list[dict[str, str]]:
        return self._optional_rows("SELECT * FROM patterns ORDER BY en, fr, flag")

    def add_text_dismissal(self, digest: str, reviewer: str, en_text: str = "",
                           fr_text: str = "", note: str = "", decided_at: str | None = None
                           ) -> None:
        """A dismissal of a bead's text in any record (imported from a dismissals file)."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO text_dismissals VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (digest)"
                " DO UPDATE SET note = excluded.note, reviewer = excluded.reviewer,"
                " decided_at = excluded.decided_at",
                (digest, en_text, fr_text, note, reviewer, decided_at or now_utc()))

    def text_dismissals(self) -> list[dict[str, str]]:
        return self._optional_rows("SELECT * FROM text_dismissals ORDER BY digest")

    def dismissed_texts(self) -> list[dict[str, str]]:
        """Dismissed beads with their texts (decisions of this database), oldest first."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT * FROM decisions WHERE decision = ? ORDER BY decided_at, record_id",
                (DISMISSED,)).fetchall()
        return [dict(row) for row in rows]

    def _optional_rows(self, query: str) -> list[dict[str, str]]:
        """Rows of a table an older database may lack (opened read-only: not created)."""
        with self._connection() as conn:
            try:
                return [dict(row) for row in conn.execute(query)]
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return []
                raise

    def integrity_ok(self) -> bool:
        with self._connection() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """Put the database in WAL mode, waiting for other processes doing the same.

    SQLite does not call the busy handler while another connection holds the lock taken to
    change the journal mode (two reviewers opening a new database at once), so
    ``PRAGMA journal_mode = WAL`` can fail at once with "database is locked" despite the
    busy timeout. Retry it until the same deadline as the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one (``executescript`` would commit our transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(
        record_id=row["record_id"],
        bead_key=row["bead_key"],
        decision=row["decision"],
        note=row["note"],
        reviewer=row["reviewer"],
        decided_at=row["decided_at"],
    )
