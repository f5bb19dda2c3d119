"""Roman numerals that are numbers: centuries (XIXe siècle, the XX and XXI centuries),
numbered divisions and classes (chapter II, stade clinique III) and headings ("II").

A capital letter alone is a word far more often than a numeral ("Le", "De", "CD"), so a
numeral counts only in one of these contexts, read from the tokens around it.
"""

from __future__ import annotations

import re

from aligner.numbers.vocabulary import _words

_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_INITIALS = frozenset("IVXLCDMivxlcdm")
_ROMAN_SUFFIX = re.compile(r"(?:e|ème|eme|er|re|è|é|ᵉ|th|st|nd|rd)$")  # "XIIé" is typed too
_NUMBERED_DIVISIONS = _words(
    "chapitre chapter tome volume partie part section annexe appendix acte act "
    "chapitres chapters tomes volumes parties parts sections annexes appendices actes acts")
_ROMAN_JOINERS = _words("and or to et ou à au")
_CENTURY_WORDS = _words("siècle siècles century centuries")
_SPACED_SUFFIXES = _words("e ème er è re")  # "XVII e siècle": the superscript set apart
_CENTURY_RUN = 9  # tokens looked at after a numeral: "xi e / xvii e siècle" needs 6
_ARTICLES = _words("the le la les")
_ROMAN_KEYWORDS = _NUMBERED_DIVISIONS | _words(
    "siècle siècles century centuries type types phase phases stade stades stage stages "
    "grade grades classe classes class niveau niveaux level levels"
)


def _roman_value(word: str, next_word: str, previous_word: str,
                 heading: bool = False, century_ahead: bool = False) -> float | None:
    """Value of a Roman numeral written as an ordinal (XIXe), after a keyword (type II) or
    as a heading (see :func:`_is_heading`: "CHAPTER II" is often translated by "II" alone).

    The numeral must be upper-case (small capitals are accepted before *siècle*, or when
    ``century_ahead``: see :func:`_before_century`), and a one-letter numeral needs
    *siècle*, a keyword or a heading: "Le", "Ce", "De" are not 50, 100, 500.
    """
    if word[:1] not in _ROMAN_INITIALS:
        return None
    century = century_ahead or next_word.lower() in _CENTURY_WORDS
    if not century and word[0].islower():
        return None  # the numeral starts the word, so it cannot be upper-case (the common case)
    suffix = _ROMAN_SUFFIX.search(word)
    if next_word in _SPACED_SUFFIXES:  # "XVII e siècle", as some sources space it
        suffix = suffix or re.search(r"$", word)
    numeral = word[: suffix.start()] if suffix else word
    if not numeral or not (numeral.isupper() or century):
        return None
    upper = numeral.upper()
    if not _ROMAN.match(upper):
        return None
    keyword = (previous_word in _ROMAN_KEYWORDS and _fits_keyword(upper, previous_word)) \
        or (heading and not suffix and word.isupper())
    if len(upper) == 1 and not (century or keyword):
        return None
    if not (suffix or keyword or century):
        return None
    return _roman_number(upper)


def _fits_keyword(numeral: str, keyword: str) -> bool:
    """Whether ``numeral`` after ``keyword`` is a number: a type, stage, grade or class runs
    from I to a few tens ("type II", "stade IV"), so C, D and M there spell an acronym
    ("syllabes du type CV", "type CD"); chapters, parts and volumes run higher."""
    return keyword in _NUMBERED_DIVISIONS or not set(numeral) & set("CDM")


def _roman_number(upper: str) -> float:
    """The value of a valid upper-case Roman numeral."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for current, following in zip(upper, upper[1:] + " ", strict=True):
        value = values[current]
        total += -value if following != " " and values[following] > value else value
    return float(total)


def _roman_at(tokens: list[tuple[str, ...]], bares: list[str], nexts: list[str], index: int,
              previous: str, lang: str) -> float | None:
    """The value of the word at ``index`` read as a Roman numeral in its context, if any
    (``nexts``: each token's next word, from :func:`_next_words`)."""
    keyword = _roman_keyword(bares, index, previous, lang)
    value = _roman_value(bares[index], nexts[index], keyword, _is_heading(tokens, index),
                         _before_century(tokens, bares, index))
    return value if value is not None else _coordinated_roman(tokens, bares, nexts, index)


def _before_century(tokens: list[tuple[str, ...]], bares: list[str], index: int) -> bool:
    """Whether the numeral at ``index`` is one of a run of numerals that ends in *siècle(s)*
    or *century*: "xix e et xx e siècles", "xi e/xvii e siècle", "xixe-xxe siècles".

    French typesets centuries in small capitals, which plain text gives in lower case,
    often with the superscript *e* set apart; only *siècle* right after the numeral used
    to license lower case, so the first numeral of a pair, or one with its *e* set apart,
    was missed (a flagged "19th and 20th centuries" in the first e5 flag audit). Between
    the numeral and the century word only spaced suffixes, joiners (*et*, *ou*, *à*,
    hyphens, slashes) and other numerals may come, so "la vie et les siècles" stays words,
    and a one-letter numeral must have its *e* set apart ("x e siècle"): "le", "de" and
    "ce" before a run of numerals are words.
    """
    word = bares[index]
    if len(word) == 2 and _ROMAN_SUFFIX.search(word):
        return False
    for position in range(index + 1, min(index + _CENTURY_RUN, len(tokens))):
        word = bares[position].lower()
        if word in _CENTURY_WORDS:
            return True
        if tokens[position][3] or tokens[position][4] == "/" or word in _SPACED_SUFFIXES \
                or word in _ROMAN_JOINERS:
            continue
        numeral = _ROMAN_SUFFIX.sub("", word) if len(word) > 1 else word
        if not numeral or not _ROMAN.match(numeral.upper()):
            return False
    return False


def _coordinated_roman(tokens: list[tuple[str, ...]], bares: list[str], nexts: list[str],
                       index: int) -> float | None:
    """A bare numeral joined to one that reads as a number: "the XX and (the) XXI
    centuries", "XIX-XXe siècles" (the century word or suffix is written once, on the
    second).

    Two letters at least and upper-case ("I and II" stays a pronoun and a numeral; "CD
    and DVD" stays two acronyms, as "DVD" is no numeral).
    """
    word = bares[index]
    if len(word) < 2 or not word.isupper() or not _ROMAN.match(word):
        return None
    partner = index + 1
    if partner < len(tokens) and (tokens[partner][3] or bares[partner].lower() in _ROMAN_JOINERS):
        partner += 1
    if partner == index + 1:
        return None
    if partner < len(tokens) and bares[partner].lower() in _ARTICLES:
        partner += 1  # "between the XX and the XXI centuries"
    if partner >= len(tokens) or not bares[partner]:
        return None
    if _roman_value(bares[partner], nexts[partner], "") is None:
        return None
    return _roman_number(word)


def _roman_keyword(bares: list[str], index: int, previous: str, lang: str) -> str:
    """The word that may make a Roman numeral a number: the previous word, or in French
    the one before it when that one is a keyword and the previous word an adjective.

    French puts the adjective after the noun: "clinical stage III" is "stade clinique
    III", "functional class II" is "classe fonctionnelle II". The adjective must be a
    lower-case word of five letters or more, so that "niveau ou D" stays a letter.
    """
    if lang != "fr" or previous in _ROMAN_KEYWORDS or index < 2:
        return previous
    adjective, keyword = bares[index - 1], bares[index - 2].lower()
    if len(adjective) >= 5 and adjective.isalpha() and adjective.islower() \
            and keyword in _ROMAN_KEYWORDS:
        return keyword
    return previous


def _is_heading(tokens: list[tuple[str, ...]], index: int) -> bool:
    """Whether the word at ``index`` starts a heading: the text's first word, and either its
    only word ("II", "VII.") or followed at once by a capitalised word ("IV CONCLUSIONS")."""
    if index != 0:
        return False
    rest = tokens[1:]
    if not any(token[2] for token in rest):
        return True
    following = rest[0][2] if rest else ""
    return len(following) > 1 and following.isupper()

