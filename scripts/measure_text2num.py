"""The hand-written number-word reader of aligner.numbers against PyPI ``text2num``.

Two measurements (issue 29: adopt text2num if it is as correct):

1. **Readings of real sentences.** Every sentence of the gold 1-1 pairs of ``../shared/data``
   is read twice: the values of the spelled-out numbers that :func:`extract_mentions`
   finds, and the numbers that ``text_to_num.alpha2digit`` writes in digits (digit tokens
   of its output that the input lacks). Value 1 is left out on both sides (the checker
   never counts it), and so are the ordinals text2num writes (``3ème``), which the checker
   reads as soft words by design. A sentence differs when a value of one reader is not
   among the other's. A sample of differing sentences is printed to be classified by hand.
2. **The project's tests.** The AGREEING and DIFFERING pairs of ``tests/test_numbers.py``
   are compared as the checker would compare them with text2num adopted: both sides put
   through ``alpha2digit`` first, and the hand reader no longer reading cardinals (a
   cardinal text2num leaves in words is a soft word, as "neuf" alone is today).

    .venv/bin/python scripts/measure_text2num.py --sample 40 --seed 7

Needs ``pip install text2num`` (not a dependency of the checker: see docs/numbers.md).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from measure_numbers import DATA, gold_pairs  # noqa: E402

from aligner.numbers import HARD_WORDS, IGNORED_VALUES, compare_numbers, extract_mentions  # noqa: E402
from aligner.numbers import reading as _reading  # noqa: E402
from aligner.numbers import words as _words  # noqa: E402

try:
    from text_to_num import alpha2digit
except ImportError:  # pragma: no cover - a measurement script
    sys.exit("this measurement needs text2num: .venv/bin/pip install text2num")

_DIGIT_TOKEN = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(st|nd|rd|th|ème|eme|er|re|e|ᵉ)?(?!\w)")


def hand_values(text: str, lang: str) -> list[frozenset[float]]:
    """Readings of each spelled-out hard number of ``text`` (value 1 left out)."""
    return [frozenset(m.values) - IGNORED_VALUES for m in extract_mentions(text, lang)
            if m.spelled and m.hard and m.values - IGNORED_VALUES]


def text2num_values(text: str, lang: str) -> tuple[set[float], int]:
    """Cardinals alpha2digit writes in digits in ``text`` (value 1 left out), and how many
    ordinals it wrote."""
    def tokens(s: str) -> Counter[tuple[str, str]]:
        return Counter((m.group(1), m.group(2) or "") for m in _DIGIT_TOKEN.finditer(s))
    new = tokens(alpha2digit(text, lang, threshold=0)) - tokens(text)
    cardinals = {float(n.replace(",", ".")) for (n, suffix) in new if not suffix}
    ordinals = sum(count for (_n, suffix), count in new.items() if suffix)
    return cardinals - IGNORED_VALUES, ordinals


_SCALE_AFTER_DIGITS = re.compile(r"\d\s+(?:hundred|thousands?|millions?|billions?|cents?|mille|"
                                 r"milliers|milliards?)\b", re.IGNORECASE)


def difference_class(lang: str, text: str, hand: list[frozenset[float]], t2n: set[float]) -> str:
    """A first sorting of a difference, checked by reading a sample of each class."""
    hand_all = set().union(*hand) if hand else set()
    t2n_only = t2n - hand_all
    hand_only = [r for r in hand if not r & t2n]
    soft = {v for m in extract_mentions(text, lang) if not m.hard or not m.spelled
            for v in m.values}
    if t2n_only and not hand_only and t2n_only <= {1e3, 1e6, 1e9, 100.0} \
            and _SCALE_AFTER_DIGITS.search(text):
        return "scale word after digits (text2num writes '20 1000000')"
    if t2n_only and not hand_only and t2n_only <= soft:
        return "soft by design in the checker (les deux, the two, mille fois, thousands of)"
    if hand_only and not t2n_only:
        return "read by the checker only"
    if t2n_only and not hand_only:
        return "read by text2num only"
    return "both read, other values"


def readings_differ(hand: list[frozenset[float]], t2n: set[float]) -> bool:
    every_hand_found = all(readings & t2n for readings in hand)
    every_t2n_found = t2n <= set().union(*hand) if hand else not t2n
    return not (every_hand_found and every_t2n_found)


@contextmanager
def text2num_adopted(threshold: int) -> Iterator[None]:
    """compare_numbers as it would be with text2num reading the number words."""
    original = _words._WordNumberParser.word

    def word(self: _words._WordNumberParser, word: str, next_word: str,
             previous_word: str) -> bool:
        if word.lower() in HARD_WORDS[self.lang]:
            return False
        return original(self, word, next_word, previous_word)

    def clear() -> None:
        for cached in (_reading.extract_mentions, _reading.has_number_cues,
                       _reading.extract_numbers):
            cached.cache_clear()

    _words._WordNumberParser.word = word  # type: ignore[method-assign]
    clear()
    try:
        yield
    finally:
        _words._WordNumberParser.word = original  # type: ignore[method-assign]
        clear()


def measure_tests(threshold: int) -> None:
    from tests.test_numbers import AGREEING, DIFFERING

    def spelled(en: str, fr: str) -> bool:
        return bool(hand_values(en, "en") or hand_values(fr, "fr"))

    with text2num_adopted(threshold):
        def compare(en: str, fr: str):  # noqa: ANN202
            return compare_numbers(alpha2digit(en, "en", threshold=threshold),
                                   alpha2digit(fr, "fr", threshold=threshold))
        agree_bad = [(en, fr) for en, fr in AGREEING if compare(en, fr)]
        differ_bad = [(en, fr) for en, fr, *_ in DIFFERING if not compare(en, fr)]
    words_agree = sum(spelled(en, fr) for en, fr in AGREEING)
    words_differ = sum(spelled(en, fr) for en, fr, *_ in DIFFERING)
    print(f"\n## tests/test_numbers.py pairs with text2num adopted (threshold={threshold})")
    print(f"AGREEING: {len(agree_bad)} of {len(AGREEING)} now flagged "
          f"({words_agree} pairs have a number word)")
    for en, fr in agree_bad:
        print(f"  flagged: {en!r} / {fr!r}")
    print(f"DIFFERING: {len(differ_bad)} of {len(DIFFERING)} now missed "
          f"({words_differ} pairs have a number word)")
    for en, fr in differ_bad:
        print(f"  missed: {en!r} / {fr!r}")


def measure_sentences(sample: int, seed: int) -> None:
    sentences = {(lang, text) for _c, _d, en, fr in gold_pairs(DATA)
                 for lang, text in (("en", en), ("fr", fr))}
    with_words = differ = ordinals = 0
    differing = []
    for lang, text in sorted(sentences):
        hand = hand_values(text, lang)
        t2n, ordinal_count = text2num_values(text, lang)
        ordinals += ordinal_count
        with_words += bool(hand or t2n)
        if readings_differ(hand, t2n):
            differ += 1
            differing.append((lang, text, hand, t2n))
    print("## readings of the sentences of the gold 1-1 pairs")
    print(f"sentences: {len(sentences)}; with a number word read by either: {with_words}; "
          f"readings differ: {differ}; ordinals written by text2num (left out): {ordinals}")
    classes: dict[str, list[tuple[str, str, list[frozenset[float]], set[float]]]] = {}
    for item in differing:
        classes.setdefault(difference_class(*item), []).append(item)
    rng = random.Random(seed)
    for name, items in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        print(f"\n### {name}: {len(items)}")
        for lang, text, hand, t2n in rng.sample(items, min(sample, len(items))):
            shown = [sorted(r) for r in hand]
            print(f"- [{lang}] checker={shown} text2num={sorted(t2n)} :: {text[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no data folder at {DATA}: this measurement needs ../shared/data")
    measure_sentences(args.sample, args.seed)
    for threshold in (0, 3):
        measure_tests(threshold)


if __name__ == "__main__":
    main()
