"""Evidence spans: the characters of a bead's sentences that justify each of its findings.

A span is a dict ``{"flag", "side", "sentence", "start", "end", "text", "kind"}`` with
``text == record[side][sentence][start:end]`` (the record's ``en`` / ``fr`` sentence lists
of the output), so a report can highlight it without re-reading the input. ``flag`` is the
contract flag or the check code the span supports; ``kind`` says what it points at:

- ``sentence``: a whole sentence (an addition or omission, a sentence in a wrong language,
  a French sentence repeating the English);
- ``number``: a number written on one side only (with a month name or ``%`` next to it,
  so that ``19 July`` / ``9 juillet`` reads as a date);
- ``english_word``: an English word left in the French (``untranslated``);
- ``missing_word``: an English content word with no French rendering (``low_fidelity``);
- ``extra_word``: a French content word with no English source (``low_fidelity``);
- ``identifier``, ``statistic``, ``bracket``: what the checks of :mod:`aligner.checks` found.

Spans are found by searching the sentences for what a flagger reported (a number's text,
a word), with word boundaries, so ``12`` is never highlighted inside ``120``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aligner.language import ENGLISH_MARKERS, ENGLISH_WORDS, FRENCH_WORDS

KIND_SENTENCE = "sentence"
KIND_NUMBER = "number"
KIND_ENGLISH_WORD = "english_word"
KIND_MISSING_WORD = "missing_word"
KIND_EXTRA_WORD = "extra_word"

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_AFTER_NUMBER = re.compile(rf"[ \u00a0\u202f]?%|[ \u00a0\u202f]+(?:{_MONTHS})\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ENGLISH_ONLY = (ENGLISH_WORDS | ENGLISH_MARKERS) - FRENCH_WORDS


@dataclass(frozen=True)
class Sentences:
    """A bead's sentences with their indexes in the record, one side at a time."""

    side: str
    indexes: tuple[int, ...]
    texts: tuple[str, ...]

    @classmethod
    def of(cls, side: str, sentences: list[str], indexes: Iterable[int]) -> Sentences:
        chosen = tuple(indexes)
        return cls(side, chosen, tuple(sentences[i] for i in chosen))

    def pairs(self) -> Iterable[tuple[int, str]]:
        return zip(self.indexes, self.texts, strict=True)


def span(flag: str, side: str, sentence: int, text: str, start: int, end: int,
         kind: str) -> dict[str, Any]:
    """One evidence span over ``text`` (the sentence), with its covered text."""
    return {"flag": flag, "side": side, "sentence": sentence, "start": start, "end": end,
            "text": text[start:end], "kind": kind}


def whole_sentences(flag: str, sentences: Sentences) -> list[dict[str, Any]]:
    return [span(flag, sentences.side, index, text, 0, len(text), KIND_SENTENCE)
            for index, text in sentences.pairs() if text]


def token_pattern(token: str) -> re.Pattern[str]:
    """``token`` as written, spaces flexible, not inside a longer word or number."""
    parts = [re.escape(part) for part in token.split()]
    body = r"[\s\u00a0\u202f]+".join(parts) if parts else re.escape(token)
    return re.compile(rf"(?<![\w.,]){body}(?![\w]|[.,]\d)", re.IGNORECASE)


def find_tokens(flag: str, sentences: Sentences, tokens: Iterable[str], kind: str,
                extend_numbers: bool = False) -> list[dict[str, Any]]:
    """Every occurrence of each token in the sentences (no overlap, in reading order)."""
    found: list[dict[str, Any]] = []
    for token in dict.fromkeys(t for t in tokens if t and t.strip()):
        pattern = token_pattern(token)
        for index, text in sentences.pairs():
            for match in pattern.finditer(text):
                end = match.end()
                if extend_numbers:
                    after = _AFTER_NUMBER.match(text, end)
                    end = after.end() if after else end
                found.append(span(flag, sentences.side, index, text, match.start(), end, kind))
    return _without_overlaps(found)


def _without_overlaps(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the longer span where two overlap in one sentence (``19 July`` over ``19``)."""
    kept: list[dict[str, Any]] = []
    ordered = sorted(spans, key=lambda s: (s["side"], s["sentence"], s["start"], -s["end"]))
    for item in ordered:
        last = kept[-1] if kept else None
        same_place = last and (last["side"], last["sentence"]) == (item["side"], item["sentence"])
        if same_place and item["start"] < last["end"]:  # type: ignore[index]
            continue
        kept.append(item)
    return kept


def english_words_in_french(flag: str, french: Sentences) -> list[dict[str, Any]]:
    """French-side words that are English function words or abstract headings."""
    found = []
    for index, text in french.pairs():
        for match in _WORD.finditer(text):
            if match.group().lower() in _ENGLISH_ONLY:
                found.append(span(flag, french.side, index, text, match.start(), match.end(),
                                  KIND_ENGLISH_WORD))
    return found


def verify(spans: Iterable[dict[str, Any]], en: list[str], fr: list[str]) -> list[dict[str, Any]]:
    """Only the spans whose text is exactly what their offsets cover (a guard for writers)."""
    sides = {"en": en, "fr": fr}
    good = []
    for item in spans:
        sentences = sides.get(item.get("side", ""))
        index = item.get("sentence")
        if sentences is None or not isinstance(index, int) or not 0 <= index < len(sentences):
            continue
        start, end = item.get("start"), item.get("end")
        if not (isinstance(start, int) and isinstance(end, int)):
            continue
        if 0 <= start < end <= len(sentences[index]) and (
                sentences[index][start:end] == item.get("text")):
            good.append(item)
    return good


def describe(spans: Iterable[dict[str, Any]]) -> str:
    """Evidence as a person reads it: ``en "19 July" / fr "9 juillet"``, findings apart
    by ``; ``, whole sentences as ``en sentence 3``."""
    by_flag: dict[str, list[str]] = {}
    for item in spans:
        if item.get("kind") == KIND_SENTENCE:
            shown = f"{item['side']} sentence {item['sentence']}"
        else:
            shown = f'{item["side"]} "{_short(item["text"])}"'
        by_flag.setdefault(str(item.get("flag", "")), [])
        if shown not in by_flag[str(item.get("flag", ""))]:
            by_flag[str(item.get("flag", ""))].append(shown)
    return "; ".join(f"{flag}: {' / '.join(parts)}" for flag, parts in by_flag.items())


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
