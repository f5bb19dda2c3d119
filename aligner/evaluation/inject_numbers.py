"""Injected changes of numbers that are not plain digits (issue 24, class 3's test bed).

Four kinds, each changing one number of a sentence pair that both sides state, to a value
the other side states in no form:

- ``dimension_change``: a dimension token, ``2D`` -> ``3D``, ``3-D`` -> ``4-D``,
  ``4D-Var`` -> ``3D-Var`` (either language);
- ``factor_change``: a factor or multiplier, ``10-fold`` -> ``20-fold``, ``tenfold`` ->
  ``sixfold``, ``x10`` / ``5×`` changed, *deux fois plus* -> *trois fois plus*, *3 fois*;
- ``ordinal_change``: a digit or Roman ordinal, ``19th`` -> ``20th``, *3e* -> *4e*,
  *XIXe siècle* -> *XXe siècle* (one up or down);
- ``fr_number_word``: a French number written in words, compounds included (*vingt-cinq*,
  *soixante et onze*, *deux cents*), changed and written in correct French words.

"Both sides state it" is checked with this module's own reading of numbers
(:func:`stated_values`: digits, English and French number words, ``-fold`` words, Roman
numerals with an ordinal ending, *bi-/tridimensionnel*), independent of
:mod:`aligner.numbers`, whose recognition the injected changes test. So the clean pair
agreed on the number and the changed one disagrees: the expected flag is
``number_mismatch``. A pair where the other side does not state the number is not used.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aligner.similarity.lexical import fold

NUMBER_FORM_TYPES = ("dimension_change", "factor_change", "ordinal_change", "fr_number_word")

EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip
FR_UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}  # fmt: skip
FR_SCALES = {"cent": 100, "cents": 100, "mille": 1000}
FOLD_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "twenty": 20, "hundred": 100, "thousand": 1000}
DIMENSION_WORDS = {"bidimension": 2, "tridimension": 3, "two-dimension": 2,
                   "three-dimension": 3, "four-dimension": 4, "deux dimensions": 2,
                   "trois dimensions": 3, "quatre dimensions": 4}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_FR_WORD = "|".join(sorted([*FR_UNITS, *FR_SCALES], key=len, reverse=True))
_FR_PHRASE = re.compile(
    rf"(?<![\w-])(?:{_FR_WORD})(?:(?:-et-|-| et | )(?:{_FR_WORD}))*(?![\w-])", re.IGNORECASE)
_EN_WORD = "|".join(sorted(EN_WORDS, key=len, reverse=True))
_EN_PHRASE = re.compile(rf"(?<![\w-])(?:{_EN_WORD})(?:-(?:{_EN_WORD}))?(?![\w-])",
                        re.IGNORECASE)
_ANY_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_ROMAN_ORDINAL = re.compile(r"(?<![\w-])([IVXLC]+)(e|er|ème|th)(?![\w-])")
_FOLD_WORD = re.compile(rf"(?<![\w-])({'|'.join(FOLD_WORDS)})-?fold(?![\w-])", re.IGNORECASE)


# --- reading numbers (this module's own, for choosing what to change) -------------------


def roman_value(numeral: str) -> int | None:
    """Value of an upper-case Roman numeral (I, V, X, L, C); None if not well formed."""
    if not numeral or any(c not in ROMAN for c in numeral):
        return None
    total = 0
    for k, c in enumerate(numeral):
        value = ROMAN[c]
        total += -value if k + 1 < len(numeral) and ROMAN[numeral[k + 1]] > value else value
    return total if to_roman(total) == numeral else None


def to_roman(value: int) -> str:
    out = ""
    for number, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
                            (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += numeral
            value -= number
    return out


def french_value(phrase: str) -> int:
    """Value of French number words (*quatre-vingt-dix-sept*, *deux cent mille*)."""
    total = current = 0
    previous = ""
    for word in re.split(r"-et-|-| et | ", phrase.lower()):
        if word in ("cent", "cents"):
            current = max(current, 1) * 100
        elif word == "mille":
            total += max(current, 1) * 1000
            current = 0
        elif word in ("vingt", "vingts") and previous == "quatre":
            current += 80 - 4
        else:
            current += FR_UNITS[word]
        previous = word
    return total + current


def english_value(phrase: str) -> int:
    words = phrase.lower().split("-")
    return sum(EN_WORDS[w] for w in words)


def stated_values(text: str) -> set[float]:
    """Every number ``text`` states in a form this module reads (generous on purpose: a
    value stated any way is not "absent from the other side")."""
    values: set[float] = set()
    for token in _ANY_DIGITS.findall(text):
        values.add(float(token.replace(",", ".")))
        values.update(float(part) for part in re.split(r"[.,]", token))
    for group in re.findall(r"\d{1,3}(?:[ \u00a0\u202f,]\d{3})+", text):
        values.add(float(re.sub(r"\D", "", group)))
    values.update(float(french_value(m.group())) for m in _FR_PHRASE.finditer(text))
    values.update(float(english_value(m.group())) for m in _EN_PHRASE.finditer(text))
    values.update(float(FOLD_WORDS[m.group(1).lower()]) for m in _FOLD_WORD.finditer(text))
    for numeral, _ in _ROMAN_ORDINAL.findall(text):
        value = roman_value(numeral)
        if value:
            values.add(float(value))
    folded = fold(text)
    values.update(float(v) for word, v in DIMENSION_WORDS.items() if word in folded)
    return values


# --- writing French numbers ------------------------------------------------------------

_FR_NAMES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
             "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}


def french_words(value: int) -> str:
    """``value`` (0 to 999,999) in French words, traditional spelling: hyphens below a
    hundred, *et un* / *et onze* in 21-71, *quatre-vingts* and *deux cents* with their s
    only when nothing follows."""
    if value < 0 or value > 999_999:
        raise ValueError(f"cannot write {value} in French words")
    if value <= 16:
        return _FR_NAMES[value]
    if value < 20:
        return "dix-" + _FR_NAMES[value - 10]
    if value < 70:
        tens, unit = divmod(value, 10)
        name = _FR_TENS[tens * 10]
        return name if not unit else name + (" et un" if unit == 1 else "-" + _FR_NAMES[unit])
    if value < 80:
        return "soixante" + (" et onze" if value == 71 else "-" + french_words(value - 60))
    if value < 100:
        return "quatre-vingts" if value == 80 else "quatre-vingt-" + french_words(value - 80)
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        head = "cent" if hundreds == 1 else french_words(hundreds) + " cent"
        if not rest:
            return head + ("s" if hundreds > 1 else "")
        return head + " " + french_words(rest)
    thousands, rest = divmod(value, 1000)
    head = "mille" if thousands == 1 else french_words(thousands) + " mille"
    return head + (" " + french_words(rest) if rest else "")


def english_ordinal_suffix(value: int) -> str:
    if value % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def same_case(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new[0].upper() + new[1:] if old[:1].isupper() else new


# --- the changeable numbers of a sentence ------------------------------------------------


@dataclass(frozen=True)
class NumberForm:
    """A changeable number in a sentence: where, its value, and how to write another."""

    start: int
    end: int
    value: int
    write: Callable[[int], str]


def _digit_factor(match: re.Match[str], group: int) -> NumberForm | None:
    token = match.group(group)
    if not token.isdigit():
        return None
    text = match.group()
    offset = match.start(group) - match.start()

    def write(value: int) -> str:
        return text[:offset] + str(value) + text[offset + len(token):]

    return NumberForm(match.start(), match.end(), int(token), write)


def dimension_forms(text: str, lang: str) -> list[NumberForm]:
    pattern = re.compile(r"(?<![\w.,])([1-4])(-?)D(?![a-zà-ÿ])")
    return [f for m in pattern.finditer(text) if (f := _digit_factor(m, 1))]


def factor_forms(text: str, lang: str) -> list[NumberForm]:
    patterns = [r"(?<![\w.,])[x×] ?(\d+)(?![\w.,]*\d)", r"(?<![\w.,])(\d+) ?[x×](?!\w)"]
    patterns += ([r"(?<![\w.,])(\d+)(?: |-)?fold(?![\w-])"] if lang == "en"
                 else [r"(?<![\w.,])(\d+) fois(?![\w-])"])
    forms = [f for p in patterns for m in re.finditer(p, text) if (f := _digit_factor(m, 1))]
    if lang == "en":
        for m in _FOLD_WORD.finditer(text):
            word = m.group(1)
            forms.append(NumberForm(m.start(1), m.end(1), FOLD_WORDS[word.lower()],
                                    lambda v, w=word: same_case(_en_fold_word(v), w)))
    else:
        for m in re.finditer(rf"(?<![\w-])({_FR_WORD})(?= fois(?![\w-]))", text, re.IGNORECASE):
            if m.group(1).lower() not in ("un", "une", "cent", "cents", "mille"):
                word = m.group(1)
                forms.append(NumberForm(m.start(1), m.end(1), french_value(word),
                                        lambda v, w=word: same_case(french_words(v), w)))
    return [f for f in forms if f.value > 1]


def _en_fold_word(value: int) -> str:
    names = {v: w for w, v in FOLD_WORDS.items()}
    return names.get(value, str(value) + "-")


def ordinal_forms(text: str, lang: str) -> list[NumberForm]:
    forms = []
    suffixes = r"st|nd|rd|th" if lang == "en" else r"er|re|ère|ème|eme|e"
    for m in re.finditer(rf"(?<![\w.,])(\d+)({suffixes})(?![\w-])", text):
        digits, suffix = m.group(1), m.group(2)
        forms.append(NumberForm(m.start(), m.end(), int(digits),
                                lambda v, s=suffix, lg=lang: str(v) + _ordinal_suffix(v, s, lg)))
    for m in _ROMAN_ORDINAL.finditer(text):
        value = roman_value(m.group(1))
        ending = m.group(2)
        if value and (lang == "fr") == (ending != "th"):
            forms.append(NumberForm(m.start(), m.end(), value,
                                    lambda v, s=ending, lg=lang: to_roman(v)
                                    + _ordinal_suffix(v, s, lg)))
    return forms


def _ordinal_suffix(value: int, old: str, lang: str) -> str:
    if lang == "en":
        return english_ordinal_suffix(value)
    if value == 1:
        return "er"
    return "e" if old in ("er", "re") else old


def french_word_forms(text: str, lang: str) -> list[NumberForm]:
    if lang != "fr":
        return []
    forms = []
    for m in _FR_PHRASE.finditer(text):
        phrase = m.group()
        lowered = phrase.lower()
        if lowered in ("un", "une", "neuf", "cent", "cents") and not _is_count(text, m):
            continue  # articles, *neuf* = new, *pour cent*
        value = french_value(phrase)
        if value >= 2:
            forms.append(NumberForm(m.start(), m.end(), value,
                                    lambda v, p=phrase: same_case(french_words(v), p)))
    return forms


def _is_count(text: str, match: re.Match[str]) -> bool:
    """*cent* as a count (*cent patients*), not *pour cent*; lone *un*/*neuf* never count."""
    before = text[: match.start()].rstrip().lower()
    return match.group().lower() in ("cent", "cents") and not before.endswith("pour")


FORMS: dict[str, Callable[[str, str], list[NumberForm]]] = {
    "dimension_change": dimension_forms,
    "factor_change": factor_forms,
    "ordinal_change": ordinal_forms,
    "fr_number_word": french_word_forms,
}
SIDES = {"fr_number_word": ("fr",)}


def new_value(kind: str, old: int, forbidden: set[float], rng: random.Random) -> int | None:
    """Another plausible value of the same form, stated nowhere on the other side."""
    if kind == "dimension_change":
        choices = [1, 2, 3, 4]
    elif kind == "ordinal_change":
        choices = [old - 1, old + 1]
    elif kind == "factor_change" and old in FOLD_WORDS.values():
        choices = list(FOLD_WORDS.values())
    else:
        choices = [old - 1, old + 1, old + 2, old * 2, old + 10]
    options = sorted({c for c in choices if c >= 2 - (kind == "ordinal_change")
                      and c != old and float(c) not in forbidden and c < 1_000_000})
    return rng.choice(options) if options else None


def change_number_form(en: list[str], fr: list[str], kind: str, rng: random.Random
                       ) -> tuple[list[str], list[str], dict[str, Any]] | None:
    """One number of ``kind`` changed in one sentence pair that states it on both sides."""
    options = [(i, side) for i in range(len(en)) for side in SIDES.get(kind, ("en", "fr"))]
    rng.shuffle(options)
    for i, side in options:
        text, other = (en[i], fr[i]) if side == "en" else (fr[i], en[i])
        stated = stated_values(other)
        forms = [f for f in FORMS[kind](text, side) if float(f.value) in stated]
        rng.shuffle(forms)
        for form in forms:
            value = new_value(kind, form.value, stated, rng)
            if value is None:
                continue
            old = text[form.start : form.end]
            new = form.write(value)
            changed = text[: form.start] + new + text[form.end :]
            new_en, new_fr = list(en), list(fr)
            (new_en if side == "en" else new_fr)[i] = changed
            return new_en, new_fr, {"type": kind, "en": [i], "fr": [i],
                                    "flag": "number_mismatch", "side": side,
                                    "before": old, "after": new}
    return None
