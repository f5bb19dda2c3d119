"""Numbers in English and French text, normalised so that the two sides can be compared.

A translation must keep its numbers, whatever their spelling: ``3.5%`` is ``3,5 %``,
``10,000`` is ``10 000``, ``five years`` is ``cinq ans``, ``twenty-five`` is
``vingt-cinq``, ``2 million`` is ``deux millions``, ``17th century`` is ``XVIIe siècle``.
Each side becomes a tuple of :class:`Mention` objects; :func:`compare_numbers` says which
numbers one side has and the other lacks.

Conventions, and why:

- *Hard* mentions are evidence: digits, cardinal number words, digit ordinals (``3rd``,
  ``3e``), Roman centuries (also the first of two joined: "the XX and XXI centuries"),
  decimals written without the zero (``.05``, French ``,05``). A hard number present on
  one side only is a mismatch.
- *Soft* mentions only ever excuse: "both", and "two" after a definite determiner, which
  is how French writes "both" (*les deux*, *tous deux*, *ces deux*; "of either gender" is
  *des deux sexes*) and how English often renders it ("the two"), "a pair of", "a dozen" /
  "une douzaine", "twice", "double", "half" (0.5 or 50 %), "halve" (*diviser par deux*),
  decades in words ("the nineties": *les années 1990*; "a decade", and "two decades" read
  as 2 or 20 years: *vingt ans*), "zero" (often rendered *nul*),
  spelled-out ordinals ("Second, ..." becomes "Ensuite, ..."), month names (a date written
  ``12/03/2020`` on one side and ``12 mars 2020`` on the other), approximations
  (*une dizaine*), "a fortnight" (*quinze jours*), periods in one word (*quinquennal*,
  "biennial"). Translators move freely between these
  and digits, so they never raise a flag on their own, but a ``2`` facing "both" is no
  mismatch.
- Older texts (the novels of TransRead) write "six and thirty", "seven-and-twenty",
  "fourscore", "soixante et douze"; a Roman numeral alone is a chapter heading ("II").
  A number word hyphened to a capitalised name is part of it (Thunder-ten-tronckh).
- The value 1 never counts: "one" and "un/une" are pronouns and articles far more often
  than numbers (*one of the*, *l'un des*).
- Signs are compared by magnitude: hyphen, minus and en dash are used interchangeably in
  ranges (``1.2–3.4``) and a "decrease of 2" is rendered ``-2``; the sign is still parsed so
  that ``6-10`` reads as 6 and 10.
- A token that can be read two ways keeps both readings: ``1,500`` is 1500 in English use and
  1.5 in French use, and either side may use either convention (French abstracts often write
  ``3.5``). Matching any reading excuses it; a real change seldom lands on the other reading.
- A range of years may end in its last digits only: "1995-6" and "1999-00" also read as
  1996 and 2000, as the other side often writes them in full.
- A decimal rounded to fewer places on the other side is the same number ("96.4%" against
  "96,44 %"), judged by the places as written ("1.50" against "1,55" differs).
- Identifiers (COVID-19, IL-6, H1N1, p53, SARS-CoV-2) are not quantities. They are compared
  as whole tokens, by shape: ``IL-6`` against ``IL-8`` is a mismatch, ``COVID-19`` against a
  French side that says *la maladie à coronavirus* is not. Digits followed by a unit
  (``10mg``, ``24h``) or a decade ``s`` (``1990s``) are numbers. ``ISO 9001``, written with
  a space, is a number on both sides alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache


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
        "zero": (0,), "none": (0,), "dual": (2,), "single": (1,), "twofold": (2,),
        "threefold": (3,), "fourfold": (4,), "fivefold": (5,), "sixfold": (6,),
        "sevenfold": (7,), "eightfold": (8,), "ninefold": (9,), "tenfold": (10,), "quadruple": (4,),
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
        "sextuple": (6,), "douzaine": (12,), "dizaine": (10,), "huitaine": (8,),
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
# "two decades" is "vingt ans": a count of decades also reads as ten times as many years
_DECADES = _words("decades décennies")
_ROMAN_KEYWORDS = _NUMBERED_DIVISIONS | _words(
    "siècle siècles century centuries type types phase phases stade stades stage stages "
    "grade grades classe classes class niveau niveaux level levels"
)


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


def _soft_ordinals() -> dict[str, dict[str, tuple[float, ...]]]:
    en = {word: (float(value),) for value, word in enumerate(_EN_ORDINALS) if value >= 2}
    en.update({word: (float(value),) for word, value in _EN_TENS_ORDINALS.items()})
    en.update({word: (float(month),) for month, word in enumerate(_EN_MONTHS, start=1)})
    fr: dict[str, tuple[float, ...]] = {"second": (2.0,), "seconde": (2.0,)}
    for value, word in enumerate(_FR_UNITS):
        if value >= 2:
            fr[_french_ordinal(word)] = (float(value),)
    for word in ("vingt", "trente", "quarante", "cinquante", "soixante"):
        fr[_french_ordinal(word)] = (float(_FR_TENS[word]),)
    fr.update({word: (float(month),) for month, word in enumerate(_FR_MONTHS, start=1)})
    return {"en": en, "fr": fr}


# Ordinal units that end a compound ordinal after a tens word: "twenty-first" (21),
# "vingt-deuxième", "vingt et unième", as in "the twenty-first century" = "XXIe siècle".
_ORDINAL_UNITS = {
    "en": {word: float(value) for value, word in enumerate(_EN_ORDINALS) if 1 <= value <= 9},
    "fr": {"unième": 1.0, **{_french_ordinal(word): float(value)
                             for value, word in enumerate(_FR_UNITS) if 2 <= value <= 9}},
}
HARD_WORDS = _hard_words()
SOFT_WORDS = {lang: {**_soft_ordinals()[lang], **_SOFT_WORDS[lang]} for lang in ("en", "fr")}
# The old name, kept for callers that list the number words of a language.
NUMBER_WORDS = {lang: {**HARD_WORDS[lang], **{w: v[0] for w, v in SOFT_WORDS[lang].items()}}
                for lang in ("en", "fr")}

# ---------------------------------------------------------------------------- patterns

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
_TOKEN = re.compile(
    r"(?P<num>\x00(?P<slot>[\ue000-\uf8ff])\x00)"  # a number already found, by its index
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(?P<hyphen>-)"
    r"|(?P<stop>[^\s\w-])"
)
_SPACES = re.compile(_SPACE)


@dataclass(frozen=True)
class Mention:
    """One number as written: its text, its possible values, and whether it is evidence.

    ``key`` is set for identifiers (``il#`` for IL-6): they are compared with the other
    side's identifiers of the same shape, not by value. ``marker`` is set for enumeration
    labels (``(2)``, ``1)``): soft, but compared with the other side's labels when it has
    some (see :func:`compare_numbers`).
    """

    text: str
    values: frozenset[float]
    hard: bool = True
    key: str = ""
    spelled: bool = False
    marker: bool = False
    # the value as written when ``values`` adds another reading ("two decades": 2, and 20)
    written: float | None = None

    @property
    def weak(self) -> bool:
        """A small number spelled out ("two", "trois"): see :func:`compare_numbers`."""
        size = self.written if self.written is not None else max(self.values, default=0)
        return self.spelled and size <= MAX_WEAK_VALUE


# ---------------------------------------------------------------------------- extraction


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
        if suffix in ("d", "D") and digits in ("2", "3", "4"):  # 3-D model, "tridimensionnel"
            return [Mention(token, frozenset({float(digits)}), hard=False)]
        if (
            re.fullmatch(_ORDINAL_SUFFIX, suffix)
            or suffix in _UNITS
            or suffix.lower() in HARD_WORDS[lang]  # "5-year" is "5" and "year"; "10fold"
            or suffix.lower() in ("fold", "fois")
        ):
            return [Mention(parts[0], frozenset(_readings(digits)))]
    factor = re.fullmatch(rf"[x×]({_DIGIT_BODY})", parts[0])
    if factor and len(parts) == 1:  # "x10 speed-ups": a factor, "10 fois" (X2: a name)
        return [Mention(token, frozenset(_readings(factor.group(1))))]
    if len(parts) == 2 and parts[0] in ("2", "3", "4") and parts[1] in ("D", "d"):
        return [Mention(token, frozenset({float(parts[0])}), hard=False)]  # 3-D
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


class _WordNumberParser:
    """Reads runs of number words ("twenty-five", "quatre-vingt-dix", "deux cents", "2 million")."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.hard = HARD_WORDS[lang]
        self.soft = SOFT_WORDS[lang]
        self.scales = SCALES[lang]
        self.out: list[Mention] = []
        self._reset()

    def _reset(self) -> None:
        self.total = 0.0
        self.current = 0.0
        self.words: list[str] = []
        self.last_scale = 0.0
        self.before_old_join: float | None = None  # value before "six and thirty"'s "and"
        self.counts_decades = False  # "two decades": also twenty (years)

    def flush(self) -> None:
        """End the number being read, if any (every state change adds to ``words``, so
        without words there is nothing to reset: the common case, after an ordinary word)."""
        if not self.words:
            return
        value = self.total + self.current
        values = {value}
        if self.before_old_join is not None:  # "six and thirty": 36, or 6 and 30
            values |= {self.before_old_join, value - self.before_old_join}
        written = None
        if self.counts_decades:
            values |= {v * 10 for v in values}
            written = value
        self.out.append(Mention(" ".join(self.words), frozenset(values), spelled=True,
                                written=written))
        self._reset()

    def _can_add(self, value: float) -> bool:
        if not self.words:
            return True
        if self.current == 0:
            return True
        if self.before_old_join is not None and self.current < 10 and value in _TENS_VALUES:
            return True  # "four and twenty"
        rest = self.current % 100
        if rest == 0:
            return True
        if rest % 10 == 0 and rest >= 20 and value < 10:
            return True
        if self.lang == "fr" and rest in (60, 80) and 10 <= value < 20:
            return True
        return self.lang == "fr" and rest == 10 and 7 <= value < 10

    def word(self, word: str, next_word: str, previous_word: str) -> bool:
        """Consume a word; False when it is not part of a number (the caller handles it)."""
        lower = word.lower()
        # "mille deux cents", "cent cinq", "a hundred and thirty-two", "these hundred and"
        starts = next_word.lower() in self.hard or next_word.lower() in _CONNECTORS[self.lang]
        if lower in self.scales and (self.words or starts):
            if lower.startswith("cent") and previous_word == "pour":
                return False  # "pour cent" is a percent sign
            scale = self.scales[lower]
            self.last_scale = scale
            if scale == 100:
                self.current = max(self.current, 1.0) * 100
            else:
                self.total += max(self.current, 1.0) * scale
                self.current = 0.0
            self.words.append(word)
            return True
        tens_ordinal = _EN_TENS_ORDINALS.get(lower) if self.lang == "en" else None
        if tens_ordinal and self.before_old_join is not None and self.current < 10:
            self.current += tens_ordinal  # "six-and-twentieth"
            self.words.append(word)
            self.flush()
            return True
        unit = _ORDINAL_UNITS[self.lang].get(lower)
        if unit is not None and self.words and self.current % 100 >= 20 \
                and self.current % 10 == 0:
            self.current += unit  # "twenty-first": the ordinal ends the number
            self.words.append(word)
            self.flush()
            return True
        value = self.hard.get(lower)
        if self.lang == "fr" and lower in ("demi", "demie") and self.words and self.last_scale:
            self.total += self.last_scale / 2  # "un million et demi"
            self.words.append(word)
            return True
        if self.lang == "fr" and lower == "une" and self.words and self.current % 10 == 0:
            value = 1.0  # "vingt et une"
        if value is not None and lower in _AMBIGUOUS[self.lang] and not self.words \
                and not next_word.endswith(("s", "x")):
            value = None  # "neuf" alone: probably "new"; the soft table still excuses 9
        if value is None or (not self.words and next_word.lower() in _SOFTENING_NEXT):
            return False
        if value == 2 and not self.words and self._definite_two(next_word, previous_word):
            return False  # "des deux sexes" (of either gender): soft, the caller keeps it
        self.counts_decades = next_word.lower() in _DECADES
        if self.lang == "fr" and lower.startswith("vingt") and self.current % 100 == 4:
            self.current += 76  # quatre-vingt(s)
        elif self._can_add(value):
            self.current += value
        else:
            self.flush()
            self.current = value
        self.words.append(word)
        return True

    def _definite_two(self, next_word: str, previous_word: str) -> bool:
        """Whether "two" here is the determiner "both" (see ``_DEFINITE_BEFORE_TWO``), not
        the start of a larger number ("les deux cents patients")."""
        following = next_word.lower()
        return (previous_word in _DEFINITE_BEFORE_TWO[self.lang]
                and following not in self.scales and following not in self.hard
                and following not in _CONNECTORS[self.lang])

    def joins(self, next_word: str) -> bool:
        """Whether "and"/"et" before ``next_word`` continues the number being read.

        English: "one hundred and five". French: "vingt et un", "soixante et onze". Not
        "deux cents et un million": two numbers. Older texts also write "six and thirty",
        "seven-and-twenty" (27) and "soixante et douze" (72); as "between six and thirty"
        and "entre soixante et dix" mean two numbers, those keep every reading
        (``before_old_join``): 36, 6 and 30.
        """
        lower = next_word.lower()
        if self.lang == "fr":
            if lower in ("demi", "demie"):
                return self.current == 0 and self.last_scale >= 1e3
            if lower in ("un", "une", "onze", "unième"):
                return self.current % 100 in (20, 30, 40, 50, 60)
            return self._old_join(self.current % 100 == 60 and 10 <= self.hard.get(lower, 0) < 20)
        value = self.hard.get(lower)
        if value is not None and value < 100 and self.current % 100 == 0 < self.current:
            return True
        tens = value in _TENS_VALUES or lower in _EN_TENS_ORDINALS
        return self._old_join(0 < self.current < 10 and self.total == 0 and tens)

    def _old_join(self, joined: bool) -> bool:
        if joined:
            self.before_old_join = self.total + self.current
        return joined

    def number(self, mention: Mention, next_word: str) -> bool:
        """A digit token; "2 million" / "1,5 milliard" multiply it (True: next word used)."""
        self.flush()
        scale = self.scales.get(next_word.lower())
        if scale and scale >= 1e3:
            values = frozenset(round(v * scale, 6) for v in mention.values)
            self.out.append(Mention(f"{mention.text} {next_word}", values))
            return True
        if next_word.lower() in _DECADES:  # "2 decades" is also 20 years
            mention = replace(mention, values=mention.values | {v * 10 for v in mention.values})
        self.out.append(mention)
        return False


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


_WRITTEN_DECIMALS = re.compile(r"\d[.,](\d+)")
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
            elif lower in soft and not _common_word_month(tokens, bares, index, lang):
                parser.out.append(Mention(bare, frozenset(soft[lower]), hard=False))
            elif lower in HARD_WORDS.get(lang, {}):  # "neuf" (new), "three-dimensional"
                parser.out.append(Mention(bare, frozenset({HARD_WORDS[lang][lower]}), hard=False))
            previous = lower
        elif stop:
            parser.flush()
            previous = ""
    parser.flush()
    return tuple(_with_shared_scale(parser.out, text, lang)) + tuple(idents)


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


# Every word the parser reacts to, per language; any other word just ends a number.
_NUMBER_RELATED = {
    lang: frozenset(HARD_WORDS[lang]) | frozenset(SOFT_WORDS[lang]) | frozenset(SCALES[lang])
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
        - IGNORED_VALUES or word in SCALES[lang]
    )
    for lang, related in _NUMBER_RELATED.items()
}
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
# Starts with the letter class (not a look-behind) so the engine can skip ahead quickly.
_ROMAN_CUE = re.compile(r"[IVXLCDM]+(?:e|ème|eme|er|re|è|ᵉ|th|st|nd|rd)?(?![^\W\d_])"
                        r"|(?i:siècle|centur)")


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


# ---------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class NumberDifference:
    """Numbers written on one side only (as written), and identifiers that disagree."""

    only_en: tuple[str, ...]
    only_fr: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.only_en or self.only_fr)

    def reason(self) -> str:
        """``English has 12, French has 15`` (or ``... French has no counterpart``)."""
        english = f"English has {', '.join(self.only_en)}" if self.only_en else ""
        french = f"French has {', '.join(self.only_fr)}" if self.only_fr else ""
        if english and french:
            return f"{english}, {french}"
        if english:
            return f"{english}, French has no counterpart"
        return f"{french}, English has no counterpart"


def compare_numbers(en_text: str, fr_text: str) -> NumberDifference:
    """Hard numbers of each side with no reading among the other side's values.

    A small number spelled out on one side only ("the two models" against "les modèles";
    "nous proposons deux approches" against "we propose approaches") is how translators
    write, not a changed number, so it counts only when the other side writes some number
    too (*three* against *quatre*, *both* against *trois*: a changed number). "Small" is
    two or three (``MAX_WEAK_VALUE``): "four factors" against "des facteurs" drops a count
    the reader cannot recover. Measured on the 37,669 gold 1-1 pairs of the clean
    abstracts, a limit of 3 instead of 10 flags 44 more pairs; in a sample of 25 of them,
    22 lose or add a real count (mostly non-translations), 3 are ours ("fivefold", now
    read, "Under-Fives", and "cinqpays" glued in the data).

    Enumeration labels (``(1)``, ``2)``) are left out when only one side has them (the
    other may write *(i)*, bullets or nothing), but when both sides number their items
    the labels must agree: "(1) ..., (0) ..., (3) ..." against "(1) ..., (2) ..., (3)
    ..." is a changed label.
    """
    if not (has_number_cues(en_text, "en") or has_number_cues(fr_text, "fr")):
        return NumberDifference((), ())
    en = extract_mentions(en_text, "en")
    fr = extract_mentions(fr_text, "fr")
    only_en, only_fr = _unmatched(en, fr), _unmatched(fr, en)
    if _has_markers(en) and _has_markers(fr):
        only_en += _unmatched_markers(en, fr)
        only_fr += _unmatched_markers(fr, en)
    if not _counts_something(fr):
        only_en = [m for m in only_en if not m.weak]
    if not _counts_something(en):
        only_fr = [m for m in only_fr if not m.weak]
    only_en = [m for m in only_en if not _copied(m, fr_text)]
    only_fr = [m for m in only_fr if not _copied(m, en_text)]
    return NumberDifference(_texts(only_en), _texts(only_fr))


def _copied(mention: Mention, other_text: str) -> bool:
    """A number word the other side writes letter for letter, in a title or name left in
    its language ("Contemplations sur les sept heures de la Passion" in both abstracts):
    the same words, not a number the other side dropped."""
    if not mention.spelled:
        return False
    pattern = r"(?<!\w)" + re.escape(mention.text) + r"(?!\w)"
    return re.search(pattern, other_text, flags=re.IGNORECASE) is not None


def _has_markers(mentions: tuple[Mention, ...]) -> bool:
    return any(m.marker for m in mentions)


def _unmatched_markers(side: tuple[Mention, ...], other: tuple[Mention, ...]) -> list[Mention]:
    """Enumeration labels of ``side`` whose value the other side writes nowhere."""
    other_values = {abs(v) for m in other if not m.key for v in m.values}
    return [m for m in side if m.marker and not {abs(v) for v in m.values} & other_values]


def _counts_something(mentions: tuple[Mention, ...]) -> bool:
    """Whether a side writes any number (hard or soft, other than one)."""
    return any(not m.key and not m.values <= IGNORED_VALUES for m in mentions)


def _texts(mentions: list[Mention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.text for m in mentions))


def _unmatched(side: tuple[Mention, ...], other: tuple[Mention, ...]) -> list[Mention]:
    if not side:
        return []
    other_values = {abs(v) for m in other for v in (m.values or _embedded_values(m))}
    other_idents: dict[str, set[str]] = {}
    for mention in other:
        if mention.key:
            other_idents.setdefault(mention.key, set()).add(_ident_form(mention.text))
    missing: list[Mention] = []
    for mention in side:
        if mention.key:
            forms = other_idents.get(mention.key)
            if forms is not None and _ident_form(mention.text) not in forms:
                missing.append(mention)
            continue
        values = {abs(v) for v in mention.values}
        if not mention.hard or values <= IGNORED_VALUES or values & other_values \
                or _rounded_match(mention, other):
            continue
        missing.append(mention)
    return missing


def _written_decimals(mention: Mention) -> tuple[tuple[float, int], ...]:
    """(value, decimal places as written) of each fractional reading of ``mention``: the
    places come from the text, as "1.50" has two although the float 1.5 has one."""
    written = _WRITTEN_DECIMALS.findall(mention.text)
    if mention.key or not written:
        return ()
    places = len(written[-1])
    return tuple((abs(v), places) for v in mention.values if v != int(v))


def _rounded_match(mention: Mention, others: tuple[Mention, ...]) -> bool:
    """Whether a decimal of ``mention`` is one of the other side's rounded to fewer places,
    or the reverse.

    Translators round: "96.4%" is written "96,44 %" in the French of the same paper. Only
    between decimals (at least one place kept), so that "3 mg" against "3,4 mg" still
    differs; an injected or mistyped change keeps the number's precision and is still
    found. A half goes either way (1.25 is 1.2 or 1.3): conventions differ.
    """
    mine = _written_decimals(mention)
    if not mine:
        return False
    theirs = [pair for other in others for pair in _written_decimals(other)]
    for value, places in mine:
        for other, other_places in theirs:
            kept = min(places, other_places)
            if places != other_places and abs(value - other) <= 0.5 * 10.0 ** -kept + 1e-9:
                return True
    return False


def _embedded_values(mention: Mention) -> set[float]:
    """The numbers written inside an identifier: a number on the other side that one of
    them matches is not missing. Case and spelling decide what reads as an identifier
    (English "Laminin-5", French "laminine-5"; "mid-1992", "mi-1992"), so the same number
    can be an identifier on one side and a plain number on the other."""
    return {float(d.replace(",", ".")) for d in re.findall(r"\d+(?:[.,]\d+)?", mention.text)}


def _ident_form(text: str) -> str:
    return text.lower().replace("-", "")


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
