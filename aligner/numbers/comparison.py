"""Which numbers one side writes and the other lacks: :func:`compare_numbers`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.numbers.mention import Mention
from aligner.numbers.reading import extract_mentions, has_number_cues
from aligner.numbers.vocabulary import IGNORED_VALUES

_WRITTEN_DECIMALS = re.compile(r"\d[.,](\d+)")


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
    only_en = [m for m in only_en if not _copied(m, fr_text) and _rank_counts(m, fr)]
    only_fr = [m for m in only_fr if not _copied(m, en_text) and _rank_counts(m, en)]
    return NumberDifference(_texts(only_en), _texts(only_fr))


def _rank_counts(mention: Mention, other: tuple[Mention, ...]) -> bool:
    """Whether ``mention``, if it is a spelled ordinal, faces an ordinal of the other side:
    "the third dose" against "la quatrième dose" is a changed rank, but an ordinal with no
    ordinal opposite is most often idiom ("troisième cycle" for "postgraduate", "a fourth
    party" for "un tiers"). Measured on the gold 1-1 pairs: see docs/numbers.md."""
    return not (mention.ordinal and mention.spelled) or any(m.ordinal for m in other)


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

