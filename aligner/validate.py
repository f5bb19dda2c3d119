"""Turn a raw input record into clean, validated sides before any alignment.

Every check here produces a reason a user can act on, never an exception: a bad record
becomes an ``error`` (or ``missing_*``) result and the run goes on. Repairs that change the
text (mojibake, HTML entities, control characters) are kept as notes on the result so that
nothing is altered silently.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy

from aligner.records import InputRecord

try:  # ftfy internals read for the cleaning shortcut; without them ftfy always runs
    from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
    from ftfy.chardata import CONTROL_CHARS as FTFY_CONTROL_CHARS
except ImportError:  # pragma: no cover - another ftfy layout
    BADNESS_RE = MOJIBAKE_CATEGORIES = FTFY_CONTROL_CHARS = None

# C0/C1 control characters except tab and newline, plus NUL; also stray surrogates.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,500}>")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|blockquote)\b[^>]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_REPLACEMENT_RUN = re.compile("\ufffd{3,}")

# Size limits of one record, so that no record takes unbounded time or memory. Alignment
# is linear in length (long documents are cut into blocks) but holds dense sentence
# vectors: about 0.35 MB per sentence pair with the lexical scorer. At the sentence limit
# one record needs about 1 GB and 40 s (docs/durability.md); an abstract has 5 to 40
# sentences and the longest novel of the evaluation data 1,524. ALIGNER_MAX_SENTENCES
# raises or lowers the limit (set it on Dask workers too).
MAX_SIDE_CHARS = 2_000_000
DEFAULT_MAX_SENTENCES = 2_500


@dataclass
class CleanText:
    """A cleaned text and what was done to it."""

    text: str
    notes: list[str] = field(default_factory=list)


class IdAssigner:
    """Give every record a unique string id, stable across runs on the same input.

    A missing id becomes ``<file name>:<line>``; a non-string id is turned into a string;
    a repeated id gets ``#2``, ``#3``... Each change is reported as a note, because review
    decisions are attached to ids and a silent change would detach them.
    """

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def assign(self, record: InputRecord) -> tuple[str, list[str]]:
        notes: list[str] = []
        raw = record.id
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            record_id = f"{Path(record.source).name or 'input'}:{record.line}"
            if record.problem is None:
                notes.append(f"record had no id; generated '{record_id}' from file and line")
        elif isinstance(raw, str):
            record_id = raw
        elif isinstance(raw, (int, float, bool)):
            record_id = str(raw)
            notes.append(f"id {raw!r} was a {type(raw).__name__}; used as the string '{raw}'")
        else:
            record_id = f"{Path(record.source).name or 'input'}:{record.line}"
            notes.append(f"id of type {type(raw).__name__} cannot be used; generated '{record_id}'")
        self._seen[record_id] += 1
        count = self._seen[record_id]
        if count > 1:
            unique_id = f"{record_id}#{count}"
            notes.append(f"id '{record_id}' repeated (occurrence {count}); renamed '{unique_id}'")
            self._seen[unique_id] += 1
            record_id = unique_id
        return record_id, notes


def assign_ids(records: Iterable[InputRecord]) -> Iterator[InputRecord]:
    """Give each record of a stream its final, unique id, noting every change on the record.

    Keeps one entry per id seen (tens of bytes each), the only state that grows with the
    input: repeated ids cannot be detected without it.
    """
    assigner = IdAssigner()
    for record in records:
        record_id, notes = assigner.assign(record)
        record.id = record_id
        record.notes = notes + record.notes
        yield record


def clean_text(text: str) -> CleanText:
    """Repair encoding damage, strip markup and control characters, normalise spaces.

    Why each step: scraped abstracts often arrive double-encoded (``Ã©`` for ``é``), with
    HTML tags or entities from the publisher page, and with control characters from PDF
    extraction; all three break sentence splitting and similarity if left in.
    """
    notes: list[str] = []
    cleaned = text
    if _CONTROL_CHARS.search(cleaned):
        cleaned = _CONTROL_CHARS.sub(" ", cleaned)
        notes.append("removed control characters")
    fixed = _repair_encoding(cleaned)
    if fixed != cleaned and fixed != unicodedata.normalize("NFC", cleaned):
        notes.append("repaired mis-decoded characters (mojibake)")
    cleaned = fixed
    if _TAG.search(cleaned):
        cleaned = _SCRIPT_OR_STYLE.sub(" ", cleaned)
        cleaned = _BLOCK_TAG.sub("\n", cleaned)
        cleaned = _TAG.sub("", cleaned)  # inline tags (<b>, <i>, <sup>) join their text
        cleaned = re.sub(r"\n[ \t]*(\n[ \t]*)+", "\n", cleaned)
        notes.append("removed HTML markup")
    if _ENTITY.search(cleaned):
        cleaned = html.unescape(cleaned)
        notes.append("decoded HTML entities")
    if _REPLACEMENT_RUN.search(cleaned):
        notes.append("text contains undecodable bytes (shown as \ufffd)")
    cleaned = _SPACES.sub(" ", cleaned)
    cleaned = "\n".join(line.strip() for line in cleaned.splitlines()).strip()
    return CleanText(cleaned, notes)


def _repair_encoding(text: str) -> str:
    """ftfy's encoding repairs, then NFC; ftfy is skipped when it provably changes nothing.

    Only encoding repairs: curly quotes, ligatures and full-width characters are the
    author's typography, not damage, and must reach the report unchanged. ftfy tests every
    text with a regular expression over about 400 characters (the largest cost of
    cleaning), so :func:`_ftfy_changes_nothing` first rules out, cheaply, the text it
    would leave alone anyway: nearly all of it.
    """
    if _ftfy_changes_nothing(text):
        return text
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization="NFC",
    )


# The ftfy mojibake pattern (ftfy.badness.BADNESS_RE) the shortcut below was derived from,
# by reading it. Another pattern (another ftfy release) disables the shortcut.
_FTFY_BADNESS_FINGERPRINT = "9dcc0f2ac90d9ae3"
# Every alternative of that pattern needs at least one character of these categories or
# of these letters: upper-case accented letters, c1 controls, "bad" characters, currency,
# numeric and legal signs, box drawing, typographic quotes and brackets, œ, °, Ù, and the
# Cyrillic and Greek capitals of its Windows-1251/1253 cases.
_BADNESS_CATEGORIES = ("c1", "bad", "upper_accented", "box", "start_punctuation",
                       "end_punctuation", "currency", "numeric", "law")
_BADNESS_LETTERS = "ŒœÙ°ЂВГРСΒΓΞΟ€"
_BADNESS_LONGEST = 7  # characters in its longest match ("ГўВЂВ" then two more)
_FTFY_SEGMENT = 1_000_000  # ftfy's max_decode_length: it fixes longer text piecewise


def _badness_shortcut() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """(clue characters, BADNESS_RE matching at every line start, characters ftfy's other
    fixers change), or None when ftfy's pattern is not the one read."""
    if BADNESS_RE is None:
        return None
    fingerprint = hashlib.sha256(BADNESS_RE.pattern.encode("utf-8")).hexdigest()[:16]
    if fingerprint != _FTFY_BADNESS_FINGERPRINT:
        return None
    # ftfy writes the categories as regex class contents (with ranges).
    categories = "".join(MOJIBAKE_CATEGORIES[name] for name in _BADNESS_CATEGORIES)
    clues = re.compile(f"[{categories}{re.escape(_BADNESS_LETTERS)}]")
    # ftfy tests each line on its own, where "^" matches at the line's start.
    any_line = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)
    # What the other enabled fixers change: its control characters, line separators,
    # terminal escapes (ESC), c1 controls and surrogates.
    controls = "".join(map(chr, FTFY_CONTROL_CHARS)) + "\r\u2028\u2029\x1b"
    fixed = re.compile(f"[{re.escape(controls)}\x80-\x9f\ud800-\udfff]")
    return clues, any_line, fixed


_BADNESS_SHORTCUT = _badness_shortcut()


def _ftfy_changes_nothing(text: str) -> bool:
    """True when ``ftfy.fix_text`` (as called above) provably returns ``text`` unchanged.

    That holds for NFC text with none of the characters the other fixers change, whose
    every line passes ftfy's mojibake test (``is_bad``): the encoding step then leaves each
    line alone, and so does everything else. A match of the mojibake pattern contains a
    clue character and is at most :data:`_BADNESS_LONGEST` characters long, so it lies in
    the window of that many characters either side of a clue: only those windows are
    searched. The pattern has no look-around and no anchor but "^", so a match inside a
    window is a match in the text; with "^" matching at every line start, every line's
    match is found (a match across lines only sends the text to ftfy, which is safe).
    """
    if _BADNESS_SHORTCUT is None or len(text) >= _FTFY_SEGMENT:
        return False
    clues, any_line, fixed = _BADNESS_SHORTCUT
    if fixed.search(text) or not unicodedata.is_normalized("NFC", text):
        return False
    reach = _BADNESS_LONGEST - 1
    return not any(
        any_line.search(text, max(0, clue.start() - reach), clue.start() + _BADNESS_LONGEST)
        for clue in clues.finditer(text)
    )


def side_problem(value: Any, side: str) -> str | None:
    """Why a side's value cannot be checked (wrong type, over a size limit), or None when it
    is text, a list of text or empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return _length_problem(len(value), side)
    if isinstance(value, list):
        bad = [i for i, item in enumerate(value) if not isinstance(item, str)]
        if bad:
            return (
                f"'{side}' is a list whose item {bad[0]} is a {type(value[bad[0]]).__name__}; "
                "give a string or a list of strings"
            )
        return (_length_problem(sum(len(item) for item in value), side)
                or sentence_count_problem(len(value), side))
    return f"'{side}' is a {type(value).__name__}; give a string or a list of strings"


def max_sentences() -> int:
    """The sentence limit per side: ``ALIGNER_MAX_SENTENCES`` when set to a number, else
    :data:`DEFAULT_MAX_SENTENCES`."""
    value = os.environ.get("ALIGNER_MAX_SENTENCES", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_SENTENCES


def sentence_count_problem(count: int, side: str) -> str | None:
    """Why a side with ``count`` sentences is too long to align, or None."""
    limit = max_sentences()
    if count <= limit:
        return None
    return (f"'{side}' has {count:,} sentences, over the limit of {limit:,} per side (about "
            "0.35 MB of memory each); check the document in parts, or raise the limit with "
            "ALIGNER_MAX_SENTENCES")


def _length_problem(chars: int, side: str) -> str | None:
    if chars <= MAX_SIDE_CHARS:
        return None
    return (f"'{side}' is {chars:,} characters long, over the limit of {MAX_SIDE_CHARS:,} per "
            "side (an abstract has a few thousand); check the document in parts")


def is_blank(value: Any) -> bool:
    """True for a missing side: None, an empty or blank string, or a list of blank strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return all(not item.strip() for item in value)
