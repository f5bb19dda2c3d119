"""Numbers written with digits: ``3.5``, ``3,5``, ``10 000``, ``1,500`` (two readings),
``.05``, digits glued to a unit or suffix (``10mg``, ``3rd``, ``1990s``, ``x10``) and
identifiers (IL-6, H1N1), which are compared by shape rather than by value.

:func:`_mask_numbers` replaces each digit token by a slot character, so that the word
reader (:mod:`.words`) sees "2 million" as a slot followed by a scale word.
"""

from __future__ import annotations

import re

from aligner.numbers.mention import Mention
from aligner.numbers.vocabulary import _ORDINAL_SUFFIX, _UNITS, HARD_WORDS

# Hyphen variants, and the ordinal indicator "º" that many sources type for the degree
# sign ("37,5ºC"): as a letter it glued to the digits and hid the number.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": "", "\u00ba": "\u00b0"})
_SPACE = "[ \u00a0\u202f\u2009]"
_NB_SPACE = "[\u00a0\u202f\u2009]"
# A word with letters and digits (joined by hyphens): identifiers, and 10mg, 3rd, 1990s.
# Thousands groups stay in the word: "x1,000 speed-ups", "a 1,000-fold rise".
_THOUSANDS = r",\d{3}(?!\d)"
_MIXED = re.compile(rf"(?<![\w-])(?<!\d\.)(?=(?:[\w.-]|{_THOUSANDS})*[^\W\d_])(?=[\w.-]*\d)"
                    rf"\w+(?:{_THOUSANDS}|-\w+|\.\d+)*")
_DIGIT_BODY = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.,]\d+)?"  # 1,000,000 / 3.5 / 3,5
# Dimensions written with a D (2D, 3-D, 4D-Var) are numbers like any other: "2D" against
# "3D" is a changed model; "3D" against "tridimensionnel" or "three-dimensional" agrees
# (COUNTED_WORDS).
_DIMENSIONS = frozenset({"1", "2", "3", "4"})
_DIGITS_THEN_LETTERS = re.compile(rf"^({_DIGIT_BODY})([^\W\d_°µ]*|°[CF]|µ\w+)$")
_NUMBER = re.compile(
    rf"(?<![\w.])(?<!\d,)(?P<sign>[-−](?=[\d.]))?"
    rf"(?P<body>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"  # 1,234,567.8
    rf"|\d{{1,3}}(?:{_NB_SPACE}\d{{3}})+(?:,\d+)?"  # 1 234 567,8 (no-break spaces)
    rf"|\d{{1,3}}(?: \d{{3}})+(?![.,]?\d)"  # 10 000 (plain space)
    rf"|\d{{1,3}}(?:\.\d{{3}}){{2,}}"  # 1.234.567
    rf"|\d+(?:[.,]\d+)?"  # 12 / 3.5 / 3,5
    rf"|[.,]\d+)"  # .05, and French ,05
    rf"(?![\w])"
)
_SPACES = re.compile(_SPACE)
_DIGIT = re.compile(r"\d")


def _readings(body: str) -> tuple[float, ...]:
    """The values a digit token can mean, the most likely first (see module docstring)."""
    compact = _SPACES.sub("", body)
    if body.startswith((".", ",")):
        return (float("0." + body[1:]),)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", compact):
        grouped = float(compact.replace(",", ""))
        if "." not in compact and compact.count(",") == 1:
            return grouped, float(compact.replace(",", "."))
        return (grouped,)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):
        dotted = float(compact.replace(".", ""))
        return (float(compact), dotted) if compact.count(".") == 1 else (dotted,)
    return (float(compact.replace(",", ".")),)


def _decade_readings(digits: str) -> tuple[float, ...]:
    """A decade written with two digits ("the 90s", "les années 20"): NN, 19NN or 20NN."""
    return float(digits), float("19" + digits), float("20" + digits)


def _mixed_mentions(token: str, lang: str) -> list[Mention]:
    """Mentions in a word mixing letters and digits: a number with a suffix, or an identifier."""
    parts = token.split("-")
    head = _DIGITS_THEN_LETTERS.match(parts[0])
    if head and all(not re.search(r"\d", part) for part in parts[1:]):
        digits, suffix = head.groups()
        if suffix == "s" and len(digits) == 4:  # the 1990s, "les années 90"
            return [Mention(token, frozenset({float(digits), float(digits[2:])}))]
        if suffix == "s" and len(digits) == 2 and digits.endswith("0"):  # the 90s
            return [Mention(token, frozenset(_decade_readings(digits)))]
        if suffix in ("k", "K"):  # 104K profiles, "104 000 profils"
            return [Mention(token, frozenset({float(digits), float(digits) * 1000}))]
        if suffix in ("d", "D") and digits in _DIMENSIONS:  # 3D, 4D-Var: see _DIMENSIONS
            return [Mention(token, frozenset({float(digits)}))]
        if (
            re.fullmatch(_ORDINAL_SUFFIX, suffix)
            or suffix in _UNITS
            or suffix.lower() in HARD_WORDS[lang]  # "5-year" is "5" and "year"; "10fold"
            or suffix.lower() in ("fold", "fois")
        ):
            ordinal = bool(re.fullmatch(_ORDINAL_SUFFIX, suffix))
            return [Mention(parts[0], frozenset(_readings(digits)), ordinal=ordinal)]
    factor = re.fullmatch(rf"[x×]({_DIGIT_BODY})", parts[0])
    if factor and len(parts) == 1:  # "x10 speed-ups": a factor, "10 fois" (X2: a name)
        return [Mention(token, frozenset(_readings(factor.group(1))))]
    if len(parts) >= 2 and parts[0] in _DIMENSIONS and parts[1] in ("D", "d"):
        return [Mention(token, frozenset({float(parts[0])}))]  # 3-D, 3-D-Var
    if all(re.fullmatch(_DIGIT_BODY, part) or not re.search(r"\d", part)
           for part in parts) and re.fullmatch(_DIGIT_BODY, parts[0]):
        # "6-10-fold", "5.3-fold", "2.5-year" style: numbers then plain words.
        return [Mention(p, frozenset(_readings(p))) for p in parts if p[:1].isdigit()]
    if len(parts) > 1 and all(_DIGITS_THEN_LETTERS.match(p) or re.fullmatch(r"[a-zà-ÿ]{3,}", p)
                              for p in parts):
        # "mid-1990s", "pre-2020": ordinary lower-case words, not an identifier's letters.
        return [m for p in parts if p[:1].isdigit() for m in _mixed_mentions(p, lang)]
    key = re.sub(r"\d+(?:[.,]\d+)?", "#", token.lower()).replace("-", "")
    return [Mention(token, frozenset(), hard=True, key=key)]


_LIST_MARKER_AFTER = re.compile(r"[)\]]|\.\s")


def _is_list_marker(match: re.Match[str]) -> bool:
    """``1)``, ``(2)``, ``[12]`` or a leading ``3. ``: an enumeration (often (i), (ii),
    bullets or nothing on the other side) or a reference or footnote number, not a
    quantity."""
    text, start, end = match.string, match.start(), match.end()
    body = match.group("body")
    if not _LIST_MARKER_AFTER.match(text, end) or match.group("sign") or not body.isdigit():
        return False
    if text.startswith("]", end):  # "[12]": a citation or a footnote, whatever its size
        return start > 0 and text[start - 1] == "["
    if len(body) > 2:
        return False
    if text.startswith(")", end) and start > 0 and text[start - 1] == "(":
        return True  # "(2) register": the parentheses hold the number alone
    if text.startswith(")", end):  # "1)" but not "(odds ratio, 8)": that ")" closes a "("
        before = text[:start]
        return before.count("(") <= before.count(")")
    return not text[:start].strip()


_SLOT_BASE = 0xE000  # private-use characters: neither digits nor word characters
_MAX_SLOTS = 0xF8FF - _SLOT_BASE


def _slot(index: int) -> str:
    return f"\x00{chr(_SLOT_BASE + min(index, _MAX_SLOTS))}\x00"


def _mask_numbers(text: str, lang: str) -> tuple[str, list[Mention], list[Mention]]:
    """Replace digit tokens and identifiers by slots; returns (masked text, numbers, idents)."""
    numbers: list[Mention] = []
    idents: list[Mention] = []

    def mixed(match: re.Match[str]) -> str:
        found = _mixed_mentions(match.group(0), lang)
        slots = []
        for mention in found:
            if mention.key:
                idents.append(mention)
            else:
                numbers.append(mention)
                slots.append(_slot(len(numbers) - 1))
        return " " + " ".join(slots) + " "

    def number(match: re.Match[str]) -> str:
        text_ = (match.group("sign") or "") + match.group("body")
        marker = _is_list_marker(match)
        numbers.append(Mention(text_, frozenset(_readings(match.group("body"))),
                               hard=not marker, marker=marker))
        return f" {_slot(len(numbers) - 1)} "

    if not _DIGIT.search(text):
        return text, numbers, idents  # both patterns need a digit: nothing to mask
    masked = _MIXED.sub(mixed, text)
    masked = _NUMBER.sub(number, masked)
    return masked, numbers, idents

