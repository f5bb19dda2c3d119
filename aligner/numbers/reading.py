"""Every number of a sentence, digits, words and numerals together, in reading order.

:func:`extract_mentions` masks digit tokens (:mod:`.digits`), then walks the words,
handing number words to the word reader (:mod:`.words`) and capital letters to the Roman
numeral reader (:mod:`.roman`). :func:`has_number_cues` is the cheap test that spares most
sentences the walk.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from aligner.numbers.digits import _DIGIT, _HYPHENS, _SLOT_BASE, _decade_readings, _mask_numbers
from aligner.numbers.mention import Mention
from aligner.numbers.roman import _ROMAN_INITIALS, _roman_at
from aligner.numbers.vocabulary import (
    _CONNECTORS,
    _CUE_WORDS,
    _EN_MONTH_WORDS,
    _NUMBER_RELATED,
    _SCALE_WORDS,
    COUNTED_WORDS,
    COUNTING_NEXT,
    DIMENSION_PREFIXES,
    FRACTION_BEFORE,
    HARD_WORDS,
    IGNORED_VALUES,
    ORDINAL_WORDS,
    SCALES,
    SOFT_WORDS,
    SPELLED_ORDINALS,
)
from aligner.numbers.words import _WordNumberParser

_TOKEN = re.compile(
    r"(?P<num>\x00(?P<slot>[\ue000-\uf8ff])\x00)"  # a number already found, by its index
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(?P<hyphen>-)"
    r"|(?P<stop>[^\s\w-])"
)
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
# Starts with the letter class (not a look-behind) so the engine can skip ahead quickly.
_ROMAN_CUE = re.compile(r"[IVXLCDM]+(?:e|ème|eme|er|re|è|ᵉ|th|st|nd|rd)?(?![^\W\d_])"
                        r"|(?i:siècle|centur)")



@lru_cache(maxsize=50_000)
def extract_mentions(text: str, lang: str) -> tuple[Mention, ...]:
    """Every number written in ``text`` (digits, number words, identifiers), in order.

    Tokens are read as ``findall`` tuples of the token pattern's groups (cheaper than
    match objects); an empty string is a group that did not match.
    """
    if not text.isascii():  # the hyphens to normalise are not ASCII
        text = text.translate(_HYPHENS)
    masked, numbers, idents = _mask_numbers(text, lang)
    tokens = _TOKEN.findall(masked)
    bares = [_bare(word) if word else "" for _num, _slot, word, _hyphen, _stop in tokens]
    parser = _WordNumberParser(lang)
    soft = SOFT_WORDS.get(lang, {})
    related = _NUMBER_RELATED[lang]
    previous = ""
    skip = False
    name_then_hyphen = False  # "Thunder-": a number word after it is part of the name
    nexts = _next_words(tokens, bares)
    for index, ((num, slot, word, hyphen, stop), bare, following) in enumerate(zip(
        tokens, bares, nexts, strict=True
    )):
        if hyphen:
            continue
        in_name = name_then_hyphen and index > 0 and bool(tokens[index - 1][3])
        name_then_hyphen = False
        if skip and word:
            skip = False
            continue
        if num:
            skip = parser.number(numbers[ord(slot) - _SLOT_BASE], following)
            previous = ""
        elif word:
            lower = bare.lower()
            if lower not in related or in_name:
                # The common case, an ordinary word: the parser would decline it and only
                # a Roman numeral ("XIXe", "type II", a heading "II") can make it a number.
                # A number word hyphened to a name is part of it: Thunder-ten-tronckh.
                parser.flush()
                if bare[0] in _ROMAN_INITIALS:
                    roman = _roman_at(tokens, bares, nexts, index, previous, lang)
                    if roman is not None:
                        parser.out.append(Mention(bare, frozenset({roman})))
                name_then_hyphen = bare[0].isupper() and lower not in related
                previous = lower
                continue
            if parser.word(bare, following, previous):
                previous = lower
                continue
            if parser.words and lower in _CONNECTORS.get(lang, ()) and parser.joins(following):
                continue  # "one hundred and five", "vingt et un"
            parser.flush()
            roman = _roman_at(tokens, bares, nexts, index, previous, lang)
            if roman is not None:
                parser.out.append(Mention(bare, frozenset({roman})))
            else:
                counted = _counted_word(bare, following, previous, tokens, index, lang)
                if counted is not None:
                    parser.out.append(counted)
                elif lower in soft and not _common_word_month(tokens, bares, index, lang):
                    parser.out.append(Mention(bare, frozenset(soft[lower]), hard=False,
                                              ordinal=lower in SPELLED_ORDINALS[lang]))
                elif lower in HARD_WORDS[lang]:  # "neuf" (new), "two-way"
                    parser.out.append(Mention(bare, frozenset({HARD_WORDS[lang][lower]}),
                                              hard=False))
            previous = lower
        elif stop:
            parser.flush()
            previous = ""
    parser.flush()
    return tuple(_with_shared_scale(parser.out, text, lang)) + tuple(idents)


def _counted_word(bare: str, following: str, previous: str, tokens: list[tuple[str, ...]],
                  index: int, lang: str) -> Mention | None:
    """A word that the parser declined but that states a count (hard and spelled, see
    ``COUNTED_WORDS`` and ``ORDINAL_WORDS``): "tenfold", "tridimensionnel", the cardinal of
    "three-dimensional" or "two-fold", an ordinal from "third" up, unless it is a fraction ("a
    fifth of") or a sentence adverb ("Third, we show": "Enfin, nous montrons")."""
    lower = bare.lower()
    if lower in COUNTED_WORDS[lang]:
        if previous in _COPULAS:  # "the aim was twofold": a list follows, not a factor
            return Mention(bare, frozenset({COUNTED_WORDS[lang][lower]}), hard=False)
        return Mention(bare, frozenset({COUNTED_WORDS[lang][lower]}), spelled=True)
    before_count = following.lower() in COUNTING_NEXT or _suspended(tokens, index)
    if before_count and (lower in HARD_WORDS[lang] or lower in DIMENSION_PREFIXES):
        value = HARD_WORDS[lang].get(lower) or DIMENSION_PREFIXES[lower]
        return Mention(bare, frozenset({value}), spelled=True)
    ordinal = ORDINAL_WORDS[lang].get(lower.replace("iéme", "ième"))  # "troisiéme" is typed
    adverb = index + 1 < len(tokens) and tokens[index + 1][4] == ","
    if ordinal is None or adverb:
        return None
    if previous in FRACTION_BEFORE:  # "a fifth of the patients": 20 %, soft like "half"
        return Mention(bare, frozenset({ordinal, 1 / ordinal, 100 / ordinal}), hard=False)
    return Mention(bare, frozenset({ordinal}), spelled=True, ordinal=True)


_COPULAS = frozenset({"is", "was", "are", "were", "be", "been"})
_SUSPENSION_JOINERS = frozenset({"and", "or", "to", "et", "ou", "à"})


def _suspended(tokens: list[tuple[str, ...]], index: int) -> bool:
    """Whether the word at ``index`` ends in a suspended hyphen before a joined compound
    that counts: "bi- ou tri-dimensionnelles", "two- and three-dimensional"."""
    ahead = tokens[index + 1: index + 6]
    if len(ahead) < 5 or not ahead[0][3] or ahead[1][2].lower() not in _SUSPENSION_JOINERS:
        return False
    return ahead[3][3] != "" and ahead[4][2].lower() in COUNTING_NEXT


def _common_word_month(tokens: list[tuple[str, ...]], bares: list[str], index: int,
                       lang: str) -> bool:
    """*may*, *march* or *august* in lower case and with no number beside it: the verb or
    adjective, not the month, which English capitalises ("1st-4th may 2016" is still a
    date). Read as the month, the modal in "may help" excused a French 5 from a
    neighbouring sentence. Other months keep their reading in lower case (a careless
    source's "the 10th of july")."""
    word = bares[index]
    if lang != "en" or not word[0].islower() or word not in _EN_MONTH_WORDS:
        return False
    beside = tokens[index - 1: index] + tokens[index + 1: index + 2]
    return not any(token[0] for token in beside)


def _with_shared_scale(mentions: list[Mention], text: str, lang: str) -> list[Mention]:
    """Give bare numbers the readings implied by a scale word of the same sentence.

    "0.15-0.20 million" is "150 000 à 200 000": the scale word follows the range's last
    number only. Years abbreviated in a range ("1992-93") also read as the full year.
    """
    if not mentions:
        return []
    scales = {SCALES[lang][word.lower()] for word in _SCALE_WORDS[lang].findall(text)}
    out = []
    for mention in mentions:
        values = set(mention.values)
        if mention.hard and not mention.spelled and not mention.key:
            values |= {round(v * scale, 6) for v in mention.values for scale in scales}
            if len(mention.text) <= 2 and mention.text.isdigit():
                end_year = _range_end_year(mention.text, text)
                if end_year is not None:
                    values.add(end_year)
            if len(mention.text) == 2 and mention.text.endswith("0") and re.search(
                    rf"\bannées {mention.text}\b|\b{mention.text}['’]s\b", text):
                values.update(_decade_readings(mention.text))  # "années 90", "the 90's"
        out.append(mention if values == set(mention.values)
                   else replace(mention, values=frozenset(values)))
    return out


def _range_end_year(end: str, text: str) -> float | None:
    """The end of a range of years written with its last digits only, found in ``text``:
    "1995-6" ends in 1996, "2007-08" and "2019/20" in 2008 and 2020, "1999-00" in 2000.
    The other side often writes it in full ("1995-1996"); the short form keeps its own
    reading too."""
    year_range = re.search(rf"\b((?:1[5-9]|20)\d\d) ?[-–/] ?{end}\b", text)
    if year_range is None:
        return None
    start = int(year_range.group(1))
    step = 10 ** len(end)
    year = start - start % step + int(end)
    return float(year + step if year <= start else year)


def _starts_word(match: re.Match[str]) -> bool:
    start = match.start()
    return start == 0 or not match.string[start - 1].isalpha()


@lru_cache(maxsize=4096)
def has_number_cues(text: str, lang: str) -> bool:
    """Whether ``text`` could hold a number that counts: a digit, a Roman numeral or a
    number word other than one.

    A cheap test done before the full parse: most sentences of an abstract have no number,
    and parsing them word by word was the largest cost of the lexical pipeline. Cached:
    the alignment features and the number flag ask about the same sentences.
    """
    if _DIGIT.search(text) or any(_starts_word(m) for m in _ROMAN_CUE.finditer(text)):
        return True
    return not _CUE_WORDS[lang].isdisjoint(_PLAIN_WORD.findall(text.lower()))


def _bare(word: str) -> str:
    """The word after an elision (``l'un`` -> ``un``), before a possessive (``fortnight's``)."""
    if "'" in word or "’" in word:
        cut = max(word.rfind("'"), word.rfind("’"))
        return word[:cut] if word[cut + 1 :] in ("s", "S") else word[cut + 1 :]
    return word


def _next_words(tokens: list[tuple[str, ...]], bares: list[str]) -> list[str]:
    """For each token (a ``_TOKEN.findall`` tuple), the next word's text ('' when
    punctuation or a number comes first); ``bares`` are the tokens' words after elision.

    Hyphens are skipped, so "five-year" gives "year" after "five" (for "2 million",
    "neuf patients", "three-dimensional").
    """
    following = [""] * len(tokens)
    upcoming = ""
    for index in range(len(tokens) - 1, -1, -1):
        following[index] = upcoming
        if not tokens[index][3]:  # not a hyphen
            upcoming = bares[index]
    return following


@lru_cache(maxsize=50_000)
def extract_numbers(text: str, lang: str) -> frozenset[float]:
    """The set of quantities written in ``text`` (hard mentions' most likely readings).

    Used as an alignment feature: identifiers and soft words are left out, so "both" or
    "COVID-19" do not look like numbers to agree on.
    """
    values: set[float] = set()
    if not has_number_cues(text, lang):
        return frozenset()
    for mention in extract_mentions(text, lang):
        if mention.hard and not mention.key:
            values.add(round(abs(_primary(mention, lang)), 6))
    return frozenset(values)


def _primary(mention: Mention, lang: str) -> float:
    """The reading of an ambiguous token the language's conventions favour."""
    if len(mention.values) == 1:
        return next(iter(mention.values))
    small, large = min(mention.values), max(mention.values)
    comma = "," in mention.text
    return small if (lang == "fr") == comma else large


def comparable(values: frozenset[float]) -> frozenset[float]:
    """The values that count as evidence when comparing sides (see IGNORED_VALUES)."""
    return values - IGNORED_VALUES


# ------------------------------------------------------------ number words as digits


def _number_word_run(lang: str) -> re.Pattern[str]:
    """A run of cardinal and scale words joined by spaces, hyphens or and/et."""
    words = sorted({*HARD_WORDS[lang], *SCALES[lang]}, key=len, reverse=True)
    word = "(?:" + "|".join(words) + ")"
    joiner = r"(?:[- ]|[- ](?:" + "|".join(_CONNECTORS[lang]) + r")[- ])"
    return re.compile(rf"(?<![\w-]){word}(?:{joiner}{word})*(?![\w-])", re.IGNORECASE)


_NUMBER_WORD_RUNS = {lang: _number_word_run(lang) for lang in ("en", "fr")}
_NEVER_ALONE = frozenset({"one", "un", "une", "neuf"})  # pronouns, articles, "new"


def number_words_as_digits(text: str, lang: str) -> str:
    """``text`` with each spelled-out cardinal written in digits ("Soixante-cinq" -> "65").

    Why: the translation lexicon sees words as subwords, and number words fall apart into
    meaningless pieces ("so ix ant e - c in q"), while digits are the same in both
    languages. A run that does not read as one number is left as it is.
    """
    pattern = _NUMBER_WORD_RUNS.get(lang)
    if pattern is None or not has_number_cues(text, lang):
        return text

    def digits(match: re.Match[str]) -> str:
        run = match.group(0)
        if run.lower() in _NEVER_ALONE:
            return run
        mentions = extract_mentions(run, lang)
        if len(mentions) != 1 or not mentions[0].hard or len(mentions[0].values) != 1:
            return run  # two numbers, an old form with several readings, a soft word
        value = next(iter(mentions[0].values))
        return str(int(value)) if value == int(value) else run

    return pattern.sub(digits, text)
