"""Runs of number words read as one value: "twenty-five", "quatre-vingt-dix",
"deux cents", "a hundred and thirty-two", "six and thirty", and "2 million"."""

from __future__ import annotations

from dataclasses import replace

from aligner.numbers.mention import Mention
from aligner.numbers.vocabulary import (
    _AMBIGUOUS,
    _CONNECTORS,
    _DECADES,
    _DEFINITE_BEFORE_TWO,
    _EN_TENS_ORDINALS,
    _ORDINAL_UNITS,
    _SOFTENING_NEXT,
    _TENS_VALUES,
    HARD_WORDS,
    SCALES,
    SOFT_WORDS,
)


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

    def flush(self, ordinal: bool = False) -> None:
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
                                written=written, ordinal=ordinal))
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
        following = next_word.lower()
        starts = following in self.hard or following in _CONNECTORS[self.lang] \
            or following in _ORDINAL_UNITS[self.lang]  # "cent dixième" (110th)
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
            self.flush(ordinal=True)
            return True
        unit = _ORDINAL_UNITS[self.lang].get(lower)
        if unit is not None and self.words and self._ends_with_ordinal(unit):
            self.current += unit  # "twenty-first": the ordinal ends the number
            self.words.append(word)
            self.flush(ordinal=True)
            return True
        value = self.hard.get(lower)
        if self.lang == "fr" and lower in ("demi", "demie") and self.words and self.last_scale:
            self.total += self.last_scale / 2  # "un million et demi"
            self.words.append(word)
            return True
        if self.lang == "fr" and lower == "une" and self.words and self.current % 10 == 0:
            value = 1.0  # "vingt et une"
        if value is not None and lower in _AMBIGUOUS[self.lang] and not self.words \
                and not next_word.endswith(("s", "x")) and following not in self.scales:
            value = None  # "neuf" alone: probably "new" ("neuf cent": 900); soft excuses 9
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

    def _ends_with_ordinal(self, unit: float) -> bool:
        """Whether the ordinal ``unit`` ends the number being read: after a scale word
        ("cent dixième") or a tens word ("twenty-first", "vingt-deuxième"), in French also
        "dix-septième" (17..19) and "soixante-dixième", "quatre-vingt-onzième" (70..99)."""
        rest = self.current % 100
        if rest == 0:
            return self.current + self.total > 0  # "cent dixième", "deux mille troisième"
        if unit >= 10:
            return self.lang == "fr" and rest in (60, 80)
        if rest >= 20 and rest % 10 == 0:
            return True
        return self.lang == "fr" and rest == 10 and unit >= 7

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
            if lower in ("un", "une", "onze", "unième", "onzième"):
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

