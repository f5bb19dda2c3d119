"""Debian's FreeDict English-French dictionaries (dictd format), when installed.

``apt-get install dict-freedict-eng-fra dict-freedict-fra-eng`` puts
``freedict-eng-fra.index`` / ``.dict.dz`` under /usr/share/dictd. The tool works without
them; with them, each direction's (headword, translation) pairs are added as short parallel
"sentences" to the lexicon's IBM-1 estimation (:meth:`LexiconEncoder.adapted`), the usual
way of feeding a dictionary to a word-alignment model (hunalign reads the same kind of
dictionary). The files are GPL data, read at run time and never copied into the project.

The dictd format: the ``.index`` has one line per entry, ``headword<TAB>offset<TAB>length``,
offset and length in dictd's base-64 digits; the ``.dict.dz`` is gzip-compatible (dictzip)
text where each entry is a headword line (``word /pronunciation/ <pos>``) followed by
translation lines (comma-separated, sometimes numbered ``1. ...``). Entries whose headword
starts with ``00database`` are metadata.
"""

from __future__ import annotations

import gzip
import os
import re
from functools import lru_cache
from pathlib import Path

DICTD_DIR = Path("/usr/share/dictd")
DICTIONARIES = {"en-fr": "freedict-eng-fra", "fr-en": "freedict-fra-eng"}
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {ch: value for value, ch in enumerate(_B64)}
_SENSE_NUMBER = re.compile(r"^\s*\d+\.\s*")
_ANNOTATION = re.compile(r"/[^/]*/|<[^>]*>|\([^)]*\)")


def in_use(directory: Path = DICTD_DIR) -> bool:
    """Whether realignment reads FreeDict: installed, and not switched off with
    ``ALIGNER_FREEDICT=0``. Cheap (no parsing): the checker's identity asks it."""
    if os.environ.get("ALIGNER_FREEDICT", "1") == "0":
        return False
    return any((directory / f"{stem}.index").exists() for stem in DICTIONARIES.values())


def decode_number(text: str) -> int:
    """A dictd base-64 number (``"LOB"`` -> offset)."""
    value = 0
    for ch in text:
        value = value * 64 + _B64_VALUE[ch]
    return value


def parse_dictionary(index_path: Path, dict_path: Path) -> list[tuple[str, str]]:
    """(headword, translation) pairs of one dictd dictionary, metadata entries skipped."""
    opener = gzip.open if dict_path.suffix == ".dz" else open
    with opener(dict_path, "rb") as stream:
        data = stream.read()
    pairs: list[tuple[str, str]] = []
    for line in index_path.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) != 3 or fields[0].startswith("00database"):
            continue
        start, length = decode_number(fields[1]), decode_number(fields[2])
        entry = data[start : start + length].decode("utf-8", errors="replace")
        pairs.extend((fields[0], translation) for translation in _translations(entry))
    return pairs


def _translations(entry: str) -> list[str]:
    """Translation strings of one entry (every line after the headword line)."""
    found = []
    for line in entry.splitlines()[1:]:
        line = _ANNOTATION.sub(" ", _SENSE_NUMBER.sub("", line))
        found.extend(part.strip() for part in re.split(r"[,;]", line) if part.strip())
    return found


@lru_cache(maxsize=1)
def installed_pairs(directory: Path = DICTD_DIR) -> tuple[tuple[str, str], ...]:
    """All (English, French) pairs of the installed FreeDict dictionaries; empty if none.

    Read once per process. The French-English dictionary's pairs are turned around so
    both directions give (English, French).
    """
    pairs: list[tuple[str, str]] = []
    for direction, stem in DICTIONARIES.items():
        index, data = directory / f"{stem}.index", directory / f"{stem}.dict.dz"
        if not (index.exists() and data.exists()):
            continue
        found = parse_dictionary(index, data)
        pairs.extend(found if direction == "en-fr" else [(en, fr) for fr, en in found])
    return tuple(pairs)
