"""Plain-text helpers shared by the layouts: paragraphs, DOIs, keywords, prose, boilerplate.

Scraped pages lose their markup; what is left is lines of text in which the abstract is a
long paragraph of prose among short labels, buttons and site notices. These helpers tell
those apart without knowing the site.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>«»]+)", re.IGNORECASE)
_DOI_TRAILING = ".,;:)]}'’”"
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…。！？][\"'’”»)\]]*$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_KEYWORDS_LINE = re.compile(
    r"^\s*(?:key\s*words?|mots[\s-]+cl[ée]s|palabras\s+clave|index\s+terms|关键词)\s*[:：]\s*(.+)$",
    re.IGNORECASE,
)
_KEYWORD_SEPARATORS = re.compile(r"\s*[;；,，·•]\s*")

# Site notices and buttons found on publisher pages. A paragraph *starting* with one of
# these is page furniture, never part of an abstract (a real abstract does not open with
# "Disclaimer:" or "Talk to us").
BOILERPLATE_STARTS = (
    "talk to us",
    "join us for a",
    "schedule a call",
    "disclaimer",
    "all third-party content",
    "we use cookies",
    "this website uses cookies",
    "accept all cookies",
    "cookie settings",
    "copyright ©",
    "©",
    "all rights reserved",
    "tous droits réservés",
    "subscribe",
    "sign in",
    "log in",
    "download pdf",
    "rights and permissions",
    "request permissions",
    "share this article",
    "cite this article",
    "export citation",
    "view full text",
    "how to cite",
    "citation:",
    "corresponding author",
    "e-mail:",
    "email:",
    "received:",
    "accepted:",
    "published online",
    "this is an open access article",
    "this article is distributed under",
    "this work is licensed under",
    "creative commons",
)

# Minimum size of an abstract paragraph: shorter blocks are titles, labels or buttons.
# A one-sentence abstract of 8 words exists (MaTOS has several); a title of 30 words
# without a full stop is rarer than an abstract cut off without one.
MIN_PROSE_WORDS = 8
MIN_PROSE_WORDS_WITHOUT_PUNCTUATION = 30


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake, normalise to NFC and tidy line ends; notes say what was repaired.

    Only :func:`ftfy.fix_encoding` is applied (not the full ``fix_text``): it repairs
    double-decoded UTF-8 (``Ã©`` for ``é``) without touching curly quotes or dashes,
    which belong to the abstract.
    """
    notes = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        notes.append("repaired mis-decoded characters (mojibake)")
    return unicodedata.normalize("NFC", fixed), notes


def clean_line(line: str) -> str:
    """One line with runs of spaces (including no-break and ideographic spaces) collapsed."""
    return _SPACES.sub(" ", line).strip()


def lines(text: str) -> list[str]:
    """The text's lines, cleaned; blank lines kept as ``""`` (they separate paragraphs)."""
    return [clean_line(line) for line in text.split("\n")]


def paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``: blocks separated by blank lines, hard-wrapped lines re-joined.

    A block whose lines all look like wrapped prose (40-100 characters, not bullets) is one
    paragraph; otherwise each line is its own paragraph, because scraped pages put one
    paragraph, label or button per line.
    """
    result: list[str] = []
    block: list[str] = []
    for line in [*lines(text), ""]:
        if line:
            block.append(line)
            continue
        if block:
            result.extend(_unwrap(block))
            block = []
    return result


def _unwrap(block: list[str]) -> list[str]:
    """Join a hard-wrapped block into one paragraph; keep separate lines otherwise."""
    wrapped = len(block) >= 2 and all(
        40 <= len(line) <= 100 and not re.match(r"[-*•·\d\[]", line) for line in block[:-1]
    )
    return [" ".join(block)] if wrapped else list(block)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CJK_CHARACTERS_PER_WORD = 2  # Chinese/Japanese are written without spaces


def word_count(text: str) -> int:
    """Number of words (numbers and punctuation not counted; CJK text by its characters)."""
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // CJK_CHARACTERS_PER_WORD


def is_prose(text: str) -> bool:
    """True for a paragraph long enough to be (part of) an abstract and not site furniture."""
    if is_boilerplate(text):
        return False
    words = word_count(text)
    if words >= MIN_PROSE_WORDS_WITHOUT_PUNCTUATION:
        return True
    return words >= MIN_PROSE_WORDS and bool(_TERMINAL.search(text.strip()))


_BOILERPLATE = re.compile(
    "^(?:" + "|".join(re.escape(marker) for marker in BOILERPLATE_STARTS) + r")(?!\w)",
    re.IGNORECASE,
)


MIN_SECTION_WORDS = 5


def is_section_text(text: str) -> bool:
    """True for a paragraph inside a delimited abstract section (Érudit, 摘要): the section
    already says it is an abstract, so only the shortest lines and boilerplate are left out
    (a truncated abstract without its full stop still counts)."""
    return word_count(text) >= MIN_SECTION_WORDS and not is_boilerplate(text)


def is_boilerplate(text: str) -> bool:
    """True for a paragraph that starts like a site notice or button (whole words only)."""
    return bool(_BOILERPLATE.match(text.strip()))


def find_doi(text: str) -> str | None:
    """The first DOI in ``text`` (``https://doi.org/`` and ``doi:`` prefixes dropped)."""
    match = _DOI.search(text)
    return clean_doi(match.group(1)) if match else None


def clean_doi(value: str) -> str | None:
    """A bare DOI from a DOI, a doi.org URL or ``doi:...``; None when there is no DOI."""
    match = _DOI.search(value)
    if not match:
        return None
    return match.group(1).rstrip(_DOI_TRAILING)


def keywords_from_line(line: str) -> list[str] | None:
    """Keywords from a "Keywords: a; b" / "Mots-clés : a, b" line, or None for other lines."""
    match = _KEYWORDS_LINE.match(line)
    return split_keywords(match.group(1)) if match else None


def split_keywords(value: str) -> list[str]:
    """Keywords separated by ; , or middle dots, trimmed, empty ones dropped."""
    return [kw.strip(" .") for kw in _KEYWORD_SEPARATORS.split(value) if kw.strip(" .")]


def find_year(text: str) -> int | None:
    """A plausible publication year (1800-2099) in ``text``, or None."""
    match = re.search(r"\b(18\d\d|19\d\d|20\d\d)\b", text)
    return int(match.group(1)) if match else None


def preview(text: str, words: int = 8) -> str:
    """The first few words of a paragraph, for notes and messages."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
