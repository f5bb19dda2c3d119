"""Statistics a translation must keep: p-values, sample sizes, confidence intervals, ratios,
and the sign of percentages.

The number check (:mod:`aligner.numbers`) already sees a value written on one side only.
What it cannot see is a statistic whose numbers are all there but whose meaning changed:
``p < 0.05`` rendered ``p > 0,05``, a 95% CI whose bounds are swapped with another's, an
odds ratio given the hazard ratio's value, ``+12 %`` for ``-12%``. So each side's
statistics are read as (kind, comparator, values) and compared kind by kind:

- ``p``: ``p < .001``, ``p = 0,03``, ``p-value of 0.2``;
- ``n``: ``n = 120``, ``N = 10 000``;
- ``CI``: ``95% CI 1.2-3.4``, ``95% CI [1.2, 3.4]``, ``IC à 95 % : 1,2-3,4``, ``IC95% 1,2 à
  3,4`` (level and both bounds);
- ``odds ratio`` (OR, aOR, RC, rapport de cotes), ``hazard ratio`` (HR, aHR, rapport de
  risques instantanés), ``risk ratio`` (RR, relative risk, risque relatif);
- the sign of a percentage, when both sides write one explicitly (``+12%`` / ``-12 %``:
  "a fall of 12%" rendered "-12 %" is a translation, not a change). The sign must touch
  the digits: "mansoni - 70%" is a dash and "66 - 73 %" a range (on the 11,746 gold 1-1
  pairs of wmt_biomed_realigned, a spaced sign made the one false finding of this kind).

A kind written on one side only is not a finding here: French may write "significatif"
for ``p < 0.05`` (and a value dropped is the number check's). Values are compared with
:func:`aligner.numbers.extract_numbers`, so 0,05 is 0.05, .05 is 0.05 and 10 000 is 10,000.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aligner.checks.base import Finding
from aligner.evidence import Sentences, span
from aligner.numbers import extract_numbers
from aligner.severity import CHECK_STATISTIC

KIND = "statistic"
_NUM = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)"
_SCI = rf"{_NUM}(?:\s*[x×]\s*10\s*[-−–]\s*\d+|\s*[eE][-−]\d+)?"
_CMP = r"(<=|>=|≤|≥|<|>|=|:)"
_TO = r"\s*(?:-|–|—|to|à|,|;)\s*"
_MINUS = "[-−‐‑–]"  # hyphen-minus, minus sign, hyphen, non-breaking hyphen, en dash

P_VALUE = re.compile(rf"(?<![\w.])[pP](?:[ -]?(?:value|valeur))?\s*{_CMP}\s*({_SCI})")
P_WORDS = re.compile(rf"(?<![\w.])[pP]-value(?:s)? (?:of|was|=) ({_SCI})()", re.IGNORECASE)
SAMPLE = re.compile(rf"(?<![\w.])[nN]\s*(=)\s*({_NUM})(?![.,]?\d)")
CI_EN = re.compile(
    rf"(\d{{2}}(?:[.,]\d)?)\s*%\s*(?:CI|confidence interval|C\.I\.)\s*[:=,]?\s*[\[(]?\s*"
    rf"({_MINUS}?{_NUM}){_TO}({_MINUS}?{_NUM})", re.IGNORECASE)
CI_EN_AFTER = re.compile(
    rf"\bCI\s*(\d{{2}}(?:[.,]\d)?)\s*%\s*[:=,]?\s*[\[(]?\s*({_MINUS}?{_NUM}){_TO}({_MINUS}?{_NUM})")
CI_FR = re.compile(
    rf"\b(?:IC|intervalle de confiance)\s*(?:à|a|de)?\s*(\d{{2}}(?:[.,]\d)?)\s*%\s*[:=,]?\s*"
    rf"[\[(]?\s*({_MINUS}?{_NUM}){_TO}({_MINUS}?{_NUM})", re.IGNORECASE)
RATIOS = {
    "odds ratio": re.compile(
        rf"(?<![\w-])(?:a?OR|RC|RCa|RCA|odds[ -]ratios?|rapports? de cotes?|rapports? des cotes)"
        rf"\s*(?:(?:of|de|was|is|était|est)\s*){{0,2}}{_CMP}?\s*({_NUM})(?![.,]?\d)"),
    "hazard ratio": re.compile(
        rf"(?<![\w-])(?:a?HR|hazard[ -]ratios?|rapports? de risques? instantanés?)"
        rf"\s*(?:(?:of|de|was|is|était|est)\s*){{0,2}}{_CMP}?\s*({_NUM})(?![.,]?\d)"),
    "risk ratio": re.compile(
        rf"(?<![\w-])(?:a?RR|relative risks?|risk ratios?|risques? relatifs?)"
        rf"\s*(?:(?:of|de|was|is|était|est)\s*){{0,2}}{_CMP}?\s*({_NUM})(?![.,]?\d)"),
}
SIGNED_PERCENT = re.compile(rf"(?<![\w.,)\]])([+\-−‐–])({_NUM})\s?%")
_COMPARATORS = {"<=": "≤", ">=": "≥", ":": "=", "": "="}


@dataclass(frozen=True)
class Statistic:
    """One statistic as read: kind, comparator, values (alternatives each), where."""

    kind: str
    comparator: str
    values: tuple[frozenset[float], ...]
    sentence: int
    start: int
    end: int

    def matches(self, other: Statistic) -> bool:
        return (self.kind == other.kind and self.comparator == other.comparator
                and len(self.values) == len(other.values)
                and all(a & b for a, b in zip(self.values, other.values, strict=True)))


def check_statistics(english: Sentences, french: Sentences) -> Finding | None:
    """Statistics of a kind both sides state, that differ (see the module docstring)."""
    en_stats, fr_stats = list(find_statistics(english)), list(find_statistics(french))
    if not en_stats or not fr_stats:
        return None
    only_en: list[Statistic] = []
    only_fr: list[Statistic] = []
    for kind in sorted({s.kind for s in en_stats} & {s.kind for s in fr_stats}):
        en_kind = [s for s in en_stats if s.kind == kind]
        fr_kind = [s for s in fr_stats if s.kind == kind]
        en_left = [s for s in en_kind if not any(s.matches(f) for f in fr_kind)]
        fr_left = [s for s in fr_kind if not any(f.matches(s) for f in en_kind)]
        if en_left and fr_left:
            only_en += en_left
            only_fr += fr_left
    if not only_en:
        return None
    spans = _spans(english, only_en) + _spans(french, only_fr)
    shown = ", ".join(dict.fromkeys(f'{s["side"]} "{s["text"]}"' for s in spans))
    kinds = ", ".join(dict.fromkeys(s.kind for s in only_en))
    return Finding(CHECK_STATISTIC, f"statistics differ ({kinds}): {shown}", tuple(spans))


def find_statistics(sentences: Sentences) -> Iterable[Statistic]:
    """The statistics of each sentence, in the order of :func:`_candidates` (a CI first, so
    that its bounds are not read again as another statistic); overlapping reads dropped."""
    lang = sentences.side
    for index, text in sentences.pairs():
        taken: list[tuple[int, int]] = []
        for kind, comparator, groups, match in _candidates(text, lang):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            values = tuple(_values(g, lang) for g in groups)
            if not all(values):
                continue
            taken.append((start, end))
            yield Statistic(kind, _COMPARATORS.get(comparator, comparator), values, index,
                            start, end)


Candidate = tuple[str, str, tuple[str, ...], re.Match[str]]


def _candidates(text: str, lang: str) -> Iterable[Candidate]:
    for pattern in ((CI_FR,) if lang == "fr" else (CI_EN, CI_EN_AFTER)):
        yield from (("CI", "=", m.groups(), m) for m in pattern.finditer(text))
    yield from (("p", m.group(1), (m.group(2),), m) for m in P_VALUE.finditer(text))
    yield from (("p", "=", (m.group(1),), m) for m in P_WORDS.finditer(text))
    yield from (("n", "=", (m.group(2),), m) for m in SAMPLE.finditer(text))
    for kind, pattern in RATIOS.items():
        yield from ((kind, m.group(1) or "=", (m.group(2),), m) for m in pattern.finditer(text))
    for m in SIGNED_PERCENT.finditer(text):
        yield ("signed percentage", "+" if m.group(1) == "+" else "-", (m.group(2),), m)


def _values(text: str, lang: str) -> frozenset[float]:
    """The readings of one written value: 0,05 and .05 are 0.05; 10 000 is 10000."""
    text = re.sub(_MINUS, "-", text).strip()
    negative = text.startswith("-")
    body = text.lstrip("-").strip()
    scientific = re.match(rf"({_NUM})\s*(?:[x×]\s*10\s*-\s*|[eE]-)(\d+)$", body)
    if scientific:
        mantissa = _values(scientific.group(1), lang)
        return frozenset(m * 10 ** -int(scientific.group(2)) for m in mantissa)
    if body[:1] in ".,":
        body = "0" + body
    values = extract_numbers(body, lang) or extract_numbers(body, "en" if lang == "fr" else "fr")
    return frozenset(round(-v if negative else v, 9) for v in values)


def _spans(sentences: Sentences, found: list[Statistic]) -> list[dict[str, Any]]:
    texts = dict(sentences.pairs())
    return [span(CHECK_STATISTIC, sentences.side, s.sentence, texts[s.sentence], s.start,
                 s.end, KIND) for s in found]
