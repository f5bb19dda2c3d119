"""A French sentence that says more than its source (issue 24, class 1).

A translator, or an editor, can append a clause or a second statement inside one French
sentence (*...; nous proposons aussi une méthode de...*, *..., et les résultats montrent
que...*). Sentence alignment cannot see it: the bead is 1-1 and right. The fidelity score
sees a French side too long and a similarity diluted, and catches about a third of such
sentences at its floors (injected ``glued_sentence``, lexical scorer: 0.38).

The rule is the one :mod:`aligner.bead_refine` applies to sentences of a merged bead,
applied to clauses: a clause at the end of the French sentence must earn its place. For
each cut of the French sentence at a clause boundary (``;``, ``:``, a comma) that leaves at
least :data:`MIN_CLAUSE_WORDS` words on each side, the sentence *without* the tail is
scored against the English, and the tail alone; when the head scores clearly better than
the whole sentence (by :data:`MIN_GAIN`) and the tail is more likely to say something
else than part of the English (its ``content`` probability below 0.5), the tail has no
source. The bead is then flagged ``low_fidelity`` through a fidelity part named
``extra`` (``details["fidelity"]["short_of"]``, read by :mod:`aligner.flags`), and
``details["says_more"]`` keeps the clause and the scores.

Only 1-1 beads whose French is notably longer than the English are examined (log length
ratio above :data:`MIN_LOG_RATIO`, about 1.4 times the English, where French abstracts
run about 1.13 times): on the clean injected abstracts, 6% of the 1-1 beads, and 98.7% of
the injected glued sentences. The cuts are judged with the lexical backends and the
lexical fidelity model whatever the scorer, so the e5 scorer embeds nothing more.

Measured on the injected abstracts (lexical; 1,123 glued sentences, 36,495 untouched
French sentences; docs/detection.md): with "at least as well" the glued recall went
0.382 -> 0.917 but 402 untouched sentences gained a flag; with a gain of 0.3 about 137
do. The margin was chosen on those injected abstracts (the training corpora), never on
a corpus reported as held out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aligner.records import Bead

MIN_LOG_RATIO = 0.35
MIN_CLAUSE_WORDS = 4
SAME_CONTENT = 0.5
MIN_GAIN = 0.3  # the sentence without the clause must score clearly better than with it
EXTRA_PART = "extra"
_BOUNDARY = re.compile(r"\s*[;:,]\s+")

# (English text, French text) -> the lexical fidelity scoring of that forced pair
ScorePair = Callable[[str, str], Bead]


def clause_cuts(sentence: str) -> list[tuple[str, str]]:
    """(head, tail) for each clause boundary with enough words on both sides."""
    cuts = []
    for match in _BOUNDARY.finditer(sentence):
        head, tail = sentence[: match.start()], sentence[match.end():]
        if len(head.split()) >= MIN_CLAUSE_WORDS and len(tail.split()) >= MIN_CLAUSE_WORDS:
            cuts.append((head.rstrip() + ".", tail))
    return cuts


def flag_extra_clauses(en: list[str], fr: list[str], beads: list[Bead],
                       score_pair: ScorePair) -> list[Bead]:
    """Beads whose French sentence carries a clause with no English source get the
    ``extra`` fidelity part below its floor, and ``details["says_more"]``."""
    return [_checked(en, fr, bead, score_pair) for bead in beads]


def _checked(en: list[str], fr: list[str], bead: Bead, score_pair: ScorePair) -> Bead:
    if len(bead.en) != 1 or len(bead.fr) != 1 or bead.score is None:
        return bead
    length = bead.details.get("features", {}).get("len_log_ratio")
    if length is None or length <= MIN_LOG_RATIO:
        return bead
    english, french = en[bead.en[0]], fr[bead.fr[0]]
    finding = extra_clause(english, french, score_pair)
    if finding is None:
        return bead
    details = dict(bead.details)
    fidelity = dict(details.get("fidelity", {}))
    fidelity["short_of"] = {**fidelity.get("short_of", {}), EXTRA_PART: SAME_CONTENT}
    details["fidelity"] = fidelity
    details["components"] = {**details.get("components", {}),
                             EXTRA_PART: finding["content_alone"]}
    details["says_more"] = finding
    return replace(bead, details=details)


def extra_clause(english: str, french: str, score_pair: ScorePair) -> dict[str, Any] | None:
    """The longest final clause of ``french`` that does not earn its place, if any."""
    whole = score_pair(english, french).score
    if whole is None:
        return None
    found = None
    for head, tail in clause_cuts(french):
        without = score_pair(english, head).score
        if without is None or without < whole + MIN_GAIN:
            continue
        content = score_pair(english, tail).details.get("components", {}).get("content", 1.0)
        if content < SAME_CONTENT and (found is None or len(tail) > len(found["clause"])):
            found = {"clause": tail, "score_with": round(whole, 4),
                     "score_without": round(without, 4), "content_alone": round(content, 4)}
    return found
