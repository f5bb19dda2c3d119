"""Offline language identification, tuned for short English and French scientific text.

General identifiers (langid, Lui & Baldwin 2012, https://aclanthology.org/P12-3005/) are
unreliable on one short sentence full of names, numbers and Latin terms, and say nothing
useful about one-word section headings. Our question is narrower: is this English, French,
or something else? So evidence is counted first, cheaply:

- function words of each language (*the, of, and* against *le, des, et*) and French
  elisions (``l'``, ``d'``, ``qu'``);
- words with French diacritics (*é, è, à, ç...*) for French; English endings (*-ing, -ly,
  -ness*) and words typical of English abstracts that French never uses (*methods,
  findings, background*: structured-abstract headings) for English;
- function words of other languages written in Latin script (German, Spanish, Italian,
  Portuguese, Dutch), and the share of letters outside the Latin script.

Clear evidence decides. Otherwise langid (which ships its model, so it works offline)
settles English against French for text of three words or more, restricted to those two
languages, where it is reliable, with two limits found on literary text (TransRead): it
never overrules the word clues ("Pour ta femme, quand tu te marieras" has a French clue
and no English one, so it is not English whatever the n-grams say), and text with no clue
word at all needs six words ("Tombe, tombe, tombe !", "Emma Jane Austen", a Latin
"Introibo ad altare Dei" are too short to call English). "Another language" is claimed
only on strong evidence: a non-Latin script, or several foreign function words that langid
confirms. Too little evidence gives ``und`` (undetermined), and the flaggers never act on
``und``: names, formulas and one-word headings shared by both languages (*Introduction*)
stay unflagged.

Measured on ../shared/data (see the README's flags section): on 37,669 French sentences of
the clean abstracts, 0.04% come out as English, and these are English text left in the
French side by the sources; on the English sentences, more than 95% come out as English
(98.26%; the two limits above moved 3 of 37,669 English sentences to ``und``).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aligner.langid_model import load_identifier


def _split(text: str) -> list[str]:
    """Word lists are written as one string per line, for readability."""
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(_split(text))


ENGLISH_WORDS = _words(
    "the of and to in is are was were that this these those with for by from on as be been "
    "which who whose it its not or an at have has had we our their they there than but "
    "between into during after before also may can could should would using used"
)
FRENCH_WORDS = _words(
    "le la les des du de un une et est sont été dans pour par sur avec au aux ce cette ces "
    "qui que dont il elle ils elles nous notre nos leur leurs pas ne se sa son ses ou mais "
    "entre lors après avant aussi peut être ont était étaient chez selon"
)
# Words frequent in English abstracts (headings included) that French text does not use.
ENGLISH_MARKERS = _words(
    "methods method results findings background objective objectives aims aim purpose "
    "design setting outcome outcomes measures review literature data summary keywords "
    "study studies context title abstract criteria report materials approach "
    "analysis key search learned lessons children women however although "
    "because while what when where how why about only such other more most both each "
    "our your you all any some no yes new first two three whether through without within "
    "against among toward towards based shown show shows showed found clinical goal goals "
    "problem problems measurement measurements relevant change changes registration trial "
    "trials survey evidence level levels rate rates health care treatment treatments disease "
    "diseases people groups time years year"
)
# French function words that Spanish, Italian, Portuguese or Catalan also use: they do not
# tell French from those languages.
ROMANCE_SHARED = _words("de la le que en se un il sa son ses entre ce ne")
# Function words of other Latin-script languages that are not English or French words.
FOREIGN_WORDS = _words(
    # German
    "der das und ist nicht mit von zu den dem eine einer auf für sich werden wird wir sind "
    "auch durch bei oder wurde wurden diese dieser nach zwischen über "
    # Spanish
    "el los del por para con una es sus como más pero este esta fue son también lo "
    # Italian
    "della di che gli sono nel è alla delle dei degli anche questo questa nella essere "
    "stato ed uno tra "
    # Portuguese
    "da do dos das em não são ao pelo pela uma "
    # Dutch
    "het een van dat op te voor zijn niet wordt worden ook bij naar door deze werd hebben"
) - ENGLISH_WORDS - FRENCH_WORDS - ENGLISH_MARKERS
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ELISION = re.compile(r"\b(?:l|d|qu|j|n|s|c|m)['’][^\W\d_]", re.IGNORECASE)
_FRENCH_LETTER = re.compile(r"[éèêëàâùûüîïôçœÉÈÊÀÂÙÛÎÔÇŒ]")
_ENGLISH_ENDING = re.compile(r"^[a-z]{2,}(?:ing|ly|ness|ship)$|^[a-z]{3,}[^i]ed$|^[a-z]+['’]s$")
MIN_EVIDENCE = 2
MIN_WORDS_FOR_LANGID = 3
MIN_WORDS_FOR_LANGID_NO_CLUES = 6
LANGID_CONFIDENCE = 0.9
MIN_FOREIGN_WORDS = 3
MIN_WORDS_FOR_FOREIGN = 8
MAX_CLUE_SHARE_FOR_FOREIGN = 0.15
FOREIGN_CONFIDENCE = 0.9
FOREIGN_CONFIDENCE_NO_CLUES = 0.999
MIN_NON_LATIN_LETTERS = 20
MIN_NON_LATIN_WORDS = 3


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``: undetermined), a confidence in [0, 1], and why."""

    lang: str
    confidence: float
    evidence: str = ""


@dataclass(frozen=True)
class Evidence:
    """Counts of language clues in one text."""

    words: int
    english_markers: int
    english: int
    french: int
    french_only: int
    foreign: int
    non_latin_letters: int
    non_latin_words: int
    latin_letters: int


# langid's cost grows with the number of candidate languages (all 97: ~5 ms a sentence;
# two: ~0.1 ms), so each question gets its own, short candidate list.
LATIN_SCRIPT_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ca", "ro", "la", "pl",
                          "sv", "da", "no", "fi", "cs", "hu", "tr", "id", "vi")
OTHER_SCRIPT_LANGUAGES = ("en", "fr", "zh", "ja", "ko", "ru", "uk", "bg", "ar", "fa", "he",
                          "el", "hi", "th")


@lru_cache(maxsize=1)
def _full_identifier() -> Any:
    """langid's model, loaded once per process (from the unpacked cache: milliseconds)."""
    return load_identifier()


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]) -> Any:
    """A view of the model restricted to ``languages`` (set_languages slices new arrays)."""
    identifier = copy.copy(_full_identifier())
    identifier.set_languages(list(languages))
    return identifier


def _langid_en_fr() -> Any:
    return _identifier(("en", "fr"))


def _langid_latin() -> Any:
    return _identifier(LATIN_SCRIPT_LANGUAGES)


def _langid_other_scripts() -> Any:
    return _identifier(OTHER_SCRIPT_LANGUAGES)


@lru_cache(maxsize=50_000)
def count_evidence(text: str) -> Evidence:
    """Language clues in ``text`` (see the module docstring).

    Cached: the flags and the score's ``language`` component ask about the same sentences.
    """
    tokens = _TOKEN.findall(text)
    counts = [0] * len(_CLUES)
    for clue in map(_clue, tokens):
        counts[clue] += 1
    english = counts[_EN_MARKER] + counts[_EN_WORD]
    french = counts[_FR_ONLY] + counts[_FR_SHARED]
    if "'" in text or "’" in text:  # an elision needs an apostrophe
        french += len(_ELISION.findall(text))
    # Every letter is inside a token (tokens are runs of letters joined by apostrophes).
    joined = "".join(tokens)
    letters = len(joined) - joined.count("'") - joined.count("’")
    non_latin = 0
    if not text.isascii() and max(text) > "\u024f":
        non_latin = len(_NON_LATIN_LETTER.findall(text))
    latin = letters - non_latin
    return Evidence(len(tokens), counts[_EN_MARKER], english, french,
                    french - counts[_FR_SHARED], counts[_FOREIGN], non_latin,
                    counts[_NON_LATIN_WORD], latin)


_CLUES = range(7)
_NONE, _EN_MARKER, _EN_WORD, _FR_ONLY, _FR_SHARED, _FOREIGN, _NON_LATIN_WORD = _CLUES
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=200_000)
def _clue(token: str) -> int:
    """What one word says about the language (cached: words repeat across sentences)."""
    lower = token.lower()
    if not _is_latin(token):
        return _NON_LATIN_WORD if len(token) >= 2 else _NONE  # not a formula's Greek letter
    if lower in ENGLISH_MARKERS or _ENGLISH_ENDING.match(lower):
        return _EN_MARKER
    if lower in ENGLISH_WORDS:
        return _EN_WORD
    if lower in FRENCH_WORDS or _FRENCH_LETTER.search(token):
        return _FR_SHARED if lower in ROMANCE_SHARED else _FR_ONLY
    if lower in FOREIGN_WORDS:
        return _FOREIGN
    return _NONE


def _is_latin(text: str) -> bool:
    """True when the first letter of ``text`` is Latin script (ASCII or Latin-1/Extended)."""
    for ch in text:
        if ch.isalpha():
            return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"
    return True


@lru_cache(maxsize=100_000)
def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text``; ``und`` when the evidence is too thin."""
    clues = count_evidence(text)
    if clues.latin_letters + clues.non_latin_letters < 3:
        return LanguageGuess("und", 0.0, "no words")
    other = _other_language(text, clues)
    if other is not None:
        return other
    english, french = clues.english, clues.french
    if max(english, french) >= MIN_EVIDENCE and min(english, french) * 3 <= max(english, french):
        lang = "en" if english > french else "fr"
        confidence = (max(english, french) - min(english, french)) / (english + french + 1)
        return LanguageGuess(lang, confidence, _describe(english, french))
    needed = MIN_WORDS_FOR_LANGID if english or french else MIN_WORDS_FOR_LANGID_NO_CLUES
    if clues.words >= needed:
        lang, probability = _langid_en_fr().classify(text)
        own, other = (english, french) if lang == "en" else (french, english)
        against_clues = other > 0 and own == 0
        if probability >= LANGID_CONFIDENCE and not against_clues:
            return LanguageGuess(lang, float(probability), "character n-grams (langid)")
        return LanguageGuess("und", 0.0, "character n-grams undecided")
    if bool(clues.english_markers) != bool(french):
        # A short heading: an English marker word ("METHODS"; not "But", which is also a
        # French heading) or an accented word ("Méthodes").
        return LanguageGuess("fr" if french else "en", 0.5, _describe(english, french))
    return LanguageGuess("und", 0.0, "too short to tell")


def _other_language(text: str, clues: Evidence) -> LanguageGuess | None:
    """A confident guess of a language other than English and French, or None."""
    if clues.non_latin_letters > clues.latin_letters and (
        clues.non_latin_letters >= MIN_NON_LATIN_LETTERS
        or clues.non_latin_words >= MIN_NON_LATIN_WORDS
    ):
        lang, probability = _langid_other_scripts().classify(text)
        if lang in ("en", "fr"):
            return None
        share = clues.non_latin_letters / (clues.non_latin_letters + clues.latin_letters)
        return LanguageGuess(lang, max(share, float(probability)), "non-Latin script")
    known = clues.english + clues.french
    foreign_words = clues.foreign >= MIN_FOREIGN_WORDS and clues.foreign > max(
        clues.english, clues.french_only
    )
    long_and_unclear = (clues.words >= MIN_WORDS_FOR_FOREIGN
                        and known <= MAX_CLUE_SHARE_FOR_FOREIGN * clues.words)
    if foreign_words or long_and_unclear:
        lang, probability = _langid_latin().classify(text)
        needed = FOREIGN_CONFIDENCE if foreign_words else FOREIGN_CONFIDENCE_NO_CLUES
        if lang not in ("en", "fr") and probability >= needed:
            why = (f"{clues.foreign} function words of neither English nor French"
                   if foreign_words else "character n-grams (langid), few English/French words")
            return LanguageGuess(lang, float(probability), why)
    return None


def _describe(english: int, french: int) -> str:
    return f"{english} English and {french} French word clues"


def language_name(code: str) -> str:
    """A readable name for an ISO 639-1 code (the code itself when unknown)."""
    return _NAMES.get(code, f"'{code}'")


_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "ru": "Russian", "ar": "Arabic", "el": "Greek", "uk": "Ukrainian", "pl": "Polish",
    "tr": "Turkish", "fa": "Persian", "he": "Hebrew", "hi": "Hindi", "la": "Latin",
    "ca": "Catalan", "ro": "Romanian", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "fi": "Finnish", "cs": "Czech", "hu": "Hungarian", "vi": "Vietnamese", "th": "Thai",
}
