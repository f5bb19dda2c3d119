"""Numbers in English and French text, normalised so that the two sides can be compared.

A translation must keep its numbers, whatever their spelling: ``3.5%`` is ``3,5 %``,
``10,000`` is ``10 000``, ``five years`` is ``cinq ans``, ``a pair of focus groups`` is
``deux groupes de discussion``. Each side's numbers become a set of canonical values.

Conventions, and why:
- The value 1 is never compared: "a/an/one" and "un/une" are as often articles as numbers,
  so a lone 1 on one side is no evidence of a changed number.
- Signs are dropped (hyphens and minus signs are used interchangeably in ranges).
- Number words cover 0-99 in both languages (hyphenated compounds included: *twenty-five*,
  *soixante-douze*, *quatre-vingt-dix*), plus *hundred/cent*, *thousand/mille*,
  *dozen/douzaine*, *pair/paire* and *both* ("both groups" = "les deux groupes").
- Digits inside words (H1N1, CD4) are not numbers; those after a hyphen (COVID-19, IL-6)
  are, on both sides alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

IGNORED_VALUES = frozenset({1.0})

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
_FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_EXTRA_WORDS = {
    "en": {"hundred": 100, "thousand": 1000, "dozen": 12, "pair": 2, "both": 2, "twice": 2},
    "fr": {"cent": 100, "cents": 100, "mille": 1000, "douzaine": 12, "paire": 2},
}


def _english_words() -> dict[str, float]:
    words = {word: float(value) for value, word in enumerate(_EN_UNITS)}
    for tens_word, tens in _EN_TENS.items():
        words[tens_word] = float(tens)
        for unit in range(1, 10):
            words[f"{tens_word}-{_EN_UNITS[unit]}"] = float(tens + unit)
    return words


def _french_words() -> dict[str, float]:
    words = {word: float(value) for value, word in enumerate(_FR_UNITS)}
    tens_words = dict(_FR_TENS)
    tens_words.update({"quatre-vingt": 80, "quatre-vingts": 80})
    for tens_word, tens in tens_words.items():
        words[tens_word] = float(tens)
        for unit in range(1, 10):
            joiner = "-et-" if unit == 1 and tens != 80 else "-"
            words[f"{tens_word.rstrip('s')}{joiner}{_FR_UNITS[unit]}"] = float(tens + unit)
    for base, tens in (("soixante", 60), ("quatre-vingt", 80)):  # 70-79, 90-99
        for unit in range(10, 20):
            joiner = "-et-" if unit == 11 and tens == 60 else "-"
            words[f"{base}{joiner}{_FR_UNITS[unit]}"] = float(tens + unit)
    return words


NUMBER_WORDS = {
    "en": {**_english_words(), **_EXTRA_WORDS["en"]},
    "fr": {**_french_words(), **_EXTRA_WORDS["fr"]},
}
# "un"/"une" are articles far more often than numbers; "one" maps to 1, which is ignored.
for _article in ("un", "une"):
    NUMBER_WORDS["fr"].pop(_article, None)

_SPACE = "[ \u00a0\u202f\u2009]"
# Grouped thousands first (10,000 / 10 000 / 10.000), then plain decimals (3.5 / 3,5).
_NUMBER = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}(?:(?:,|{_SPACE})\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w])"
    rf"|(?<![\w.,])(\d+)(?=(?:st|nd|rd|th|er|re|e|ème|eme)\b)"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _value(token: str, lang: str) -> float:
    """Canonical value of one digit token, reading separators by the language's rules."""
    compact = re.sub(_SPACE, "", token)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", compact) and lang == "en":
        return float(compact.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(,\d{3})+", compact) and lang == "fr":
        # "1,234" in French is a decimal comma (1.234), not a thousands separator.
        return float(compact.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", compact):
        return float(compact.replace(".", ""))  # 1.000.000
    return float(compact.replace(",", "."))


@lru_cache(maxsize=50_000)
def extract_numbers(text: str, lang: str) -> frozenset[float]:
    """The set of numbers written in ``text`` (digits and number words), as rounded floats."""
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        token = match.group(1) or match.group(2)
        try:
            values.add(round(_value(token, lang), 6))
        except ValueError:
            continue
    words = NUMBER_WORDS.get(lang, {})
    for match in _WORD.finditer(text.lower()):
        value = words.get(match.group(0))
        if value is not None:
            values.add(value)
    return frozenset(values)


def comparable(values: frozenset[float]) -> frozenset[float]:
    """The values that count as evidence when comparing sides (see IGNORED_VALUES)."""
    return values - IGNORED_VALUES


def number_difference(
    en_text: str, fr_text: str
) -> tuple[frozenset[float], frozenset[float]]:
    """(numbers only in English, numbers only in French); both empty when they agree."""
    en_values = comparable(extract_numbers(en_text, "en"))
    fr_values = comparable(extract_numbers(fr_text, "fr"))
    return en_values - fr_values, fr_values - en_values


def format_values(values: frozenset[float]) -> str:
    """Readable list of numbers for a flag's reason: ``6, 7.5``."""
    return ", ".join(f"{v:g}" for v in sorted(values))
