"""The words that spell numbers in English and French, and how much each counts.

*Hard* words (cardinals) are evidence; *soft* words (ordinals, months, "both", "a dozen",
"twice", decades and periods in one word) only ever excuse a number on the other side (see
:mod:`aligner.numbers`). Data only: the readers are :mod:`.digits`, :mod:`.roman` and
:mod:`.words`.
"""

from __future__ import annotations

import re


def _split(text: str) -> list[str]:
    """Word lists are written as one string per line, for readability."""
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(_split(text))


IGNORED_VALUES = frozenset({1.0})
MAX_WEAK_VALUE = 3.0

# ---------------------------------------------------------------------------- vocabularies

_EN_UNITS = _split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen")
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90, "threescore": 60, "fourscore": 80}  # older English
_FR_UNITS = _split(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize")
_FR_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
            "soixante": 60, "septante": 70, "octante": 80, "huitante": 80, "nonante": 90}
_EN_ORDINALS = _split(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth")
_EN_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                     "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_EN_MONTHS = _split("january february march april may june july august september october november "
              "december")
# Month names that are also common English words; lower-case, they are those words.
_EN_MONTH_WORDS = frozenset({"may", "march", "august"})
_FR_MONTHS = _split("janvier février mars avril mai juin juillet août septembre octobre novembre "
              "décembre")

# Scale words multiply what precedes them; alone (singular) they stand for themselves.
SCALES = {
    "en": {"hundred": 100.0, "thousand": 1e3, "thousands": 1e3, "million": 1e6,
           "millions": 1e6, "billion": 1e9, "billions": 1e9},
    # "milliers" as statistics write it: "917,1 milliers" is "917.1 thousand" (flag audit 6)
    "fr": {"cent": 100.0, "cents": 100.0, "mille": 1e3, "milliers": 1e3, "million": 1e6,
           "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
}
# Scale words alone ("a million", "mille", "millions of cells") only excuse (SOFT_WORDS):
# "400/million" is not a second number.
# A number word before these is part of an adjective: "three-dimensional", "twofold".
_SOFTENING_NEXT = frozenset({"dimensional", "dimensionnel", "dimensionnelle", "fold", "way",
                             "dimensionnels", "dimensionnelles"})

# Words that only ever excuse a number on the other side (see module docstring).
_SOFT_WORDS: dict[str, dict[str, tuple[float, ...]]] = {
    "en": {
        "both": (2,), "pair": (2,), "couple": (2,), "twice": (2,), "thrice": (3,),
        "double": (2,), "doubled": (2,), "doubling": (2,), "triple": (3,), "tripled": (3,),
        "dozen": (12,), "half": (0.5, 50), "halved": (0.5, 50, 2), "quarter": (0.25, 25, 4),
        "zero": (0,), "none": (0,), "dual": (2,), "single": (1,), "quadruple": (4,),
        "quintuple": (5,), "sextuple": (6,), "hundred": (100,), "fortnight": (14, 15),
        "thousand": (1000,), "million": (1e6,), "billion": (1e9,),
        "halve": (0.5, 50, 2), "halves": (0.5, 50, 2), "halving": (0.5, 50, 2),
        # decades in words: "the nineties" are "les années 1990" or "les années 90"
        "twenties": (20, 1920, 2020), "thirties": (30, 1930), "forties": (40, 1940),
        "fifties": (50, 1950), "sixties": (60, 1960), "seventies": (70, 1970),
        "eighties": (80, 1980), "nineties": (90, 1990), "decade": (10,),
        # periods in one word: "a quinquennial plan" is a 5-year plan
        "biennial": (2,), "triennial": (3,), "quinquennial": (5,), "decennial": (10,),
    },
    "fr": {
        "paire": (2,), "couple": (2,), "double": (2,), "doublé": (2,), "doublée": (2,),
        "triple": (3,), "triplé": (3,), "quadruple": (4,), "quintuple": (5,),
        "sextuple": (6,), "décuple": (10,), "décuplé": (10,), "décuplée": (10,),
        "centuple": (100,), "centuplé": (100,), "douzaine": (12,), "dizaine": (10,),
        "huitaine": (8,),
        "quinzaine": (15,), "vingtaine": (20,), "trentaine": (30,), "cinquantaine": (50,),
        "centaine": (100,), "millier": (1000,), "moitié": (0.5, 50), "demi": (0.5, 50),
        "demie": (0.5, 50), "quart": (0.25, 25, 4), "tiers": (3,), "zéro": (0,),
        "nul": (0,), "nulle": (0,), "aucun": (0,), "aucune": (0,), "cent": (100,),
        "mille": (1000,), "million": (1e6,), "milliard": (1e9,), "décennie": (10,),
        # periods in one word: a "plan quinquennal" is a 5-year plan
        **{f"{stem}{ending}": (value,)
           for stem, value in (("bienn", 2), ("trienn", 3), ("quadrienn", 4),
                               ("quinquenn", 5), ("septenn", 7), ("décenn", 10))
           for ending in ("al", "ale", "aux", "ales")},
    },
}
# Words that state a count in one word: a factor ("tenfold" is "dix fois", "multiplié par
# dix") or a number of dimensions ("tridimensionnel" is "three-dimensional" and "3D"). They
# are hard and spelled, like "ten" and "three": changed ("threefold" against "doublé"), they
# are a mismatch; up to three, dropped where the other side writes no number, they are style.
# The same holds for a cardinal joined to these words ("three-dimensional", "two-fold").
_FOLD_STEMS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "hundred": 100,
               "thousand": 1000}
_DIMENSION_PREFIXES = {"bi": 2, "tri": 3, "quadri": 4}
_EN_DIMENSION_WORDS = {prefix + "dimensional": float(v)
                       for prefix, v in _DIMENSION_PREFIXES.items()}
COUNTED_WORDS: dict[str, dict[str, float]] = {
    "en": {**{stem + "fold": float(v) for stem, v in _FOLD_STEMS.items()}, **_EN_DIMENSION_WORDS},
    # the English form also turns up in French abstracts ("stimulus tridimensional")
    "fr": {**{prefix + "dimensionnel" + ending: float(v)
              for prefix, v in _DIMENSION_PREFIXES.items()
              for ending in ("", "le", "s", "les")}, **_EN_DIMENSION_WORDS},
}
# "bi-dimensionnel", "tri-dimensional": the prefix hyphened to the word.
DIMENSION_PREFIXES = {prefix: float(v) for prefix, v in _DIMENSION_PREFIXES.items()}
# A cardinal before one of these is one count with it ("three-dimensional": 3, hard).
COUNTING_NEXT = frozenset({"dimensional", "dimensionnel", "dimensionnelle", "dimensionnels",
                           "dimensionnelles", "fold"})

# Multiplying verbs and adjectives in all their common forms: "quadruplé", "décuplez",
# "quintupled" excuse 4, 10, 5 on the other side ("four-fold" is "ont quadruplé").
_MULTIPLIER_STEMS = {"doubl": 2, "tripl": 3, "quadrupl": 4, "quintupl": 5, "sextupl": 6,
                     "décupl": 10, "centupl": 100}
_MULTIPLIER_ENDINGS = {
    "fr": ("e", "é", "ée", "és", "ées", "er", "ent", "ez", "ant", "ait", "aient", "a"),
    "en": ("e", "ed", "es", "ing"),
}


def _multiplier_forms(lang: str) -> dict[str, tuple[float, ...]]:
    return {stem + ending: (float(value),) for stem, value in _MULTIPLIER_STEMS.items()
            for ending in _MULTIPLIER_ENDINGS[lang]
            if lang == "fr" or stem not in ("décupl", "centupl")}


# Hard words that are also ordinary words: hard only when a plural noun follows
# ("neuf patients"), soft otherwise ("un appareil neuf" is a new device).
_AMBIGUOUS = {"fr": frozenset({"neuf"}), "en": frozenset()}
_CONNECTORS = {"en": frozenset({"and"}), "fr": frozenset({"et"})}
# "Two" after a definite determiner is how French says "both" (les deux, tous deux, ces
# deux) and how English often translates it (the two, these two): soft, like "both".
_DEFINITE_BEFORE_TWO = {
    "en": frozenset({"the", "these", "those"}),
    "fr": frozenset({"les", "des", "aux", "ces", "tous", "toutes"}),
}
_TENS_VALUES = frozenset(float(v) for v in range(20, 100, 10))

_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|re|ère|e|ème|eme|è|ᵉ|ieme|nde)"
_UNITS = _words(
    "mg g kg µg ug mcg ng pg ml mL µl µL dl dL l L mm cm km nm µm um m h hr hrs min s ms µs "
    "d y yr yrs wk wks mo hz Hz khz kHz mhz MHz ghz GHz kb Kb kB KB mb Mb MB gb Gb GB tb TB "
    "kda kDa da Da mmhg mmHg mmol µmol nmol mol mM µM nM iu IU ui UI bp kbp Mbp x k K M ka "
    "kcal cal mV V W kW Gy cGy mGy mSv Sv °C °F C F pc"
)
# "two decades" is "vingt ans": a count of decades also reads as ten times as many years
_DECADES = _words("decades décennies")



def _french_ordinal(cardinal: str) -> str:
    """troisième from trois, cinquième from cinq, neuvième from neuf, onzième from onze."""
    stem = {"cinq": "cinqu", "neuf": "neuv"}.get(cardinal, cardinal)
    return stem[:-1] + "ième" if stem.endswith("e") else stem + "ième"


def _hard_words() -> dict[str, dict[str, float]]:
    en = {word: float(value) for value, word in enumerate(_EN_UNITS)}
    en.update({word: float(value) for word, value in _EN_TENS.items()})
    fr = {word: float(value) for value, word in enumerate(_FR_UNITS)}
    fr.update({word: float(value) for word, value in _FR_TENS.items()})
    for word in ("zero", "zéro"):  # zero is usually "nul(le)" in French: soft only
        en.pop(word, None)
        fr.pop(word, None)
    en["one"] = 1.0  # kept for compounds ("one hundred"); value 1 is ignored alone
    # Compounds written without their hyphen ("a twentyfive-year-old patient"): a common
    # slip that otherwise hides the number (flag audit 4 of the clean abstracts).
    for tens, tens_value in _EN_TENS.items():
        if not tens.endswith("score"):
            for unit_value, unit in enumerate(_EN_UNITS[1:10], start=1):
                en[tens + unit] = float(tens_value + unit_value)
    return {"en": en, "fr": fr}


def _spelled_ordinals() -> dict[str, dict[str, float]]:
    """Ordinal words from two up: "second" ... "ninetieth", "deuxième" ... "soixantième"."""
    en = {word: float(value) for value, word in enumerate(_EN_ORDINALS) if value >= 2}
    en.update({word: float(value) for word, value in _EN_TENS_ORDINALS.items()})
    fr = {"second": 2.0, "seconde": 2.0}
    for value, word in enumerate(_FR_UNITS):
        if value >= 2:
            fr[_french_ordinal(word)] = float(value)
    for word in ("vingt", "trente", "quarante", "cinquante", "soixante"):
        fr[_french_ordinal(word)] = float(_FR_TENS[word])
    fr.update({word + "s": value for word, value in fr.items()})  # "les troisièmes molaires"
    return {"en": en, "fr": fr}


def _soft_ordinals() -> dict[str, dict[str, tuple[float, ...]]]:
    """Ordinals and month names, as soft words (see :data:`ORDINAL_WORDS` for when an
    ordinal counts)."""
    en = {word: (value,) for word, value in _spelled_ordinals()["en"].items()}
    en.update({word: (float(month),) for month, word in enumerate(_EN_MONTHS, start=1)})
    fr = {word: (value,) for word, value in _spelled_ordinals()["fr"].items()}
    fr.update({word: (float(month),) for month, word in enumerate(_FR_MONTHS, start=1)})
    return {"en": en, "fr": fr}


# Ordinals from "third" up state a rank the other side must keep ("the third dose" is not
# "la quatrième dose"); "second" stays soft ("Second, ..." is "Ensuite, ...", and a second
# is a unit). They count only against an ordinal of the other side (a changed rank):
# dropped or added they are most often idiom ("troisième cycle" is "postgraduate", a
# "fourth party" is "un tiers", "the wealthiest fifth" is "le quintile le plus riche").
SPELLED_ORDINALS = _spelled_ordinals()
ORDINAL_WORDS = {lang: {word: value for word, value in words.items() if value >= 3}
                 for lang, words in SPELLED_ORDINALS.items()}
# Before an ordinal, these make it a fraction ("a fifth of", "un cinquième"): soft.
FRACTION_BEFORE = frozenset({"a", "one", "un", "une", "per", "each"})


# Ordinal units that end a compound ordinal after a tens word: "twenty-first" (21),
# "vingt-deuxième", "vingt et unième", as in "the twenty-first century" = "XXIe siècle";
# French also "dix-neuvième" (19) and "soixante-dixième" (70), "quatre-vingt-onzième".
_ORDINAL_UNITS = {
    "en": {word: float(value) for value, word in enumerate(_EN_ORDINALS) if 1 <= value <= 9},
    "fr": {"unième": 1.0, **{_french_ordinal(word): float(value)
                             for value, word in enumerate(_FR_UNITS) if 2 <= value <= 16}},
}
HARD_WORDS = _hard_words()
SOFT_WORDS = {lang: {**_soft_ordinals()[lang], **_multiplier_forms(lang), **_SOFT_WORDS[lang]}
              for lang in ("en", "fr")}
# The old name, kept for callers that list the number words of a language.
NUMBER_WORDS = {lang: {**HARD_WORDS[lang], **{w: v[0] for w, v in SOFT_WORDS[lang].items()}}
                for lang in ("en", "fr")}

# Every word the parser reacts to, per language; any other word just ends a number.
_NUMBER_RELATED = {
    lang: frozenset(HARD_WORDS[lang]) | frozenset(SOFT_WORDS[lang]) | frozenset(SCALES[lang])
    | frozenset(COUNTED_WORDS[lang]) | frozenset(DIMENSION_PREFIXES)
    | _CONNECTORS[lang] | frozenset(_ORDINAL_UNITS[lang]) | {"demi", "demie", "une"}
    for lang in ("en", "fr")
}
_SCALE_WORDS = {
    lang: re.compile(r"\b(" + "|".join(w for w, v in words.items() if v >= 1e3) + r")\b",
                     re.IGNORECASE)
    for lang, words in SCALES.items()
}
# Words that can start or shape a number, per language, leaving out the connectors
# ("and", "et") and the words that only ever mean one (IGNORED_VALUES: "un", "one",
# "single"), which alone never make a difference.
_CUE_WORDS = {
    lang: frozenset(
        word for word in related - _CONNECTORS[lang]
        if {HARD_WORDS[lang].get(word), *SOFT_WORDS[lang].get(word, ())} - {None}
        - IGNORED_VALUES or word in SCALES[lang] or word in COUNTED_WORDS[lang]
        or word in DIMENSION_PREFIXES
    )
    for lang, related in _NUMBER_RELATED.items()
}
