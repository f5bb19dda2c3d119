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

The package, one module per job, data flowing one way: :mod:`.vocabulary` (the words and
their values), :mod:`.mention` (one number as written), :mod:`.digits` (digit tokens and
identifiers), :mod:`.roman` (Roman numerals), :mod:`.words` (runs of number words),
:mod:`.reading` (a sentence's mentions, in order) and :mod:`.comparison` (what one side
lacks). The names below are the public interface; the modules are its implementation.
"""

from __future__ import annotations

from aligner.numbers.comparison import NumberDifference, compare_numbers
from aligner.numbers.mention import Mention
from aligner.numbers.reading import (
    _bare,
    comparable,
    extract_mentions,
    extract_numbers,
    has_number_cues,
    number_words_as_digits,
)
from aligner.numbers.vocabulary import (
    HARD_WORDS,
    IGNORED_VALUES,
    MAX_WEAK_VALUE,
    NUMBER_WORDS,
    SCALES,
    SOFT_WORDS,
)

__all__ = [
    "HARD_WORDS",
    "IGNORED_VALUES",
    "MAX_WEAK_VALUE",
    "NUMBER_WORDS",
    "SCALES",
    "SOFT_WORDS",
    "Mention",
    "NumberDifference",
    "_bare",
    "comparable",
    "compare_numbers",
    "extract_mentions",
    "extract_numbers",
    "has_number_cues",
    "number_words_as_digits",
]
