"""Brackets and quotation marks the translation left unbalanced.

A side is balanced when every ``(``, ``[`` and ``{`` closes in order, and its double
quotation marks pair up. Quotation styles are one class: French « » (with or without
their spaces), English “ ” and straight ``"`` all open and close quotations, so « » against
"" passes; what counts is that the marks of a side add up to whole pairs. The check only
blames the translation: a finding needs the English balanced and the French not (an
English source already unbalanced, a quotation running over a sentence boundary in both
languages, is no fault of the French), and a kind of mark the English does not use at
all is not judged: dialogue in novels quotes with ' in English and " in French, and a
quotation of several sentences opens in one and closes in another (on the 4,110 gold 1-1
pairs of the TransRead novels, judging quotes the English never uses fired on 4.5%
of them, all such dialogue). The whole record is judged at once (when the flagger gives
it), so a parenthesis or a quotation opened in one sentence and closed in a later one is
balanced: French novels close the quotation after the incise and the last sentence of
the speech (« Ne commencez pas, dit ma grand-tante. Asseyez-vous. »).

A ``)`` with no ``(`` open that closes a list label (``1)``, ``b)``) is no bracket.
The evidence points at the French mark left without its partner.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aligner.checks.base import Finding
from aligner.evidence import Sentences, span
from aligner.severity import CHECK_BRACKETS

KIND = "bracket"
OPENING = {"(": ")", "[": "]", "{": "}"}
CLOSING = {close: open_ for open_, close in OPENING.items()}
QUOTES = frozenset('«»“”"')

Mark = tuple[int, int, str]  # sentence index, offset, character


def check_brackets(english: Sentences, french: Sentences,
                   whole_en: Sentences | None = None, whole_fr: Sentences | None = None
                   ) -> Finding | None:
    """A finding when the English balances its brackets and quotes and the French does not.

    With ``whole_en`` / ``whole_fr`` (all the record's sentences) the balance is judged over
    the whole text, and the bead is blamed for the French marks without partner that lie
    in its own sentences.
    """
    whole_en, whole_fr = whole_en or english, whole_fr or french
    if _lone_marks(whole_en.texts):
        return None
    used = _classes(whole_en)
    mine = set(french.indexes)
    lone = [(whole_fr.indexes[i], offset, char) for i, offset, char in _lone_marks(whole_fr.texts)
            if _class(char) in used and whole_fr.indexes[i] in mine]
    if not lone:
        return None
    texts = dict(french.pairs())
    spans: list[dict[str, Any]] = [
        span(CHECK_BRACKETS, french.side, sentence, texts[sentence], offset, offset + 1, KIND)
        for sentence, offset, _char in lone
    ]
    marks = " ".join(dict.fromkeys(char for _s, _o, char in lone))
    return Finding(CHECK_BRACKETS,
                   f"the French leaves {marks} unbalanced where the English balances it",
                   tuple(spans))


def unbalanced(sentences: Sentences) -> list[Mark]:
    """The marks of a side left without a partner (empty when the side is balanced)."""
    return [(sentences.indexes[i], offset, char)
            for i, offset, char in _lone_marks(sentences.texts)]


@lru_cache(maxsize=256)
def _lone_marks(texts: tuple[str, ...]) -> list[Mark]:
    """Lone marks as (position in ``texts``, offset, character); cached, as every bead of a
    record asks about the same whole text."""
    stack: list[Mark] = []
    lone: list[Mark] = []
    quotes: list[Mark] = []
    for index, text in enumerate(texts):
        for offset, char in enumerate(text):
            mark = (index, offset, char)
            if char in OPENING:
                stack.append(mark)
            elif char in CLOSING:
                if stack and stack[-1][2] == CLOSING[char]:
                    stack.pop()
                elif not (char == ")" and _list_label(text, offset)):
                    lone.append(mark)
            elif char in QUOTES:
                quotes.append(mark)
    lone.extend(stack)
    if len(quotes) % 2:
        lone.append(_lone_quote(quotes))
    return sorted(lone)


def _class(char: str) -> str:
    return "quote" if char in QUOTES else CLOSING.get(char, char)


def _classes(sentences: Sentences) -> set[str]:
    """The kinds of marks a side uses (``(``, ``[``, ``{``, ``quote``)."""
    return {_class(char) for text in sentences.texts for char in text
            if char in QUOTES or char in OPENING or char in CLOSING}


def _list_label(text: str, offset: int) -> bool:
    """``1)``, ``b)``, ``iv)`` at the start of an item: a list label, not a lone bracket."""
    before = text[:offset]
    label = before.split()[-1] if before.split() else ""
    return 0 < len(label) <= 3 and label.isalnum() and before.endswith(label) and (
        "(" not in label)


def _lone_quote(quotes: list[Mark]) -> Mark:
    """The quotation mark without a partner: an opening « or “ with no closing after it, a
    closing one with no opening before it, else the last straight one."""
    opens = sum(1 for _s, _o, c in quotes if c in "«“")
    closes = sum(1 for _s, _o, c in quotes if c in "»”")
    if opens > closes:
        return next(q for q in reversed(quotes) if q[2] in "«“")
    if closes > opens:
        return next(q for q in quotes if q[2] in "»”")
    return quotes[-1]
