"""Split a paragraph that holds both abstracts, English then French (or the reverse).

Some pages lose the break between the two abstracts ("... are discussed. Si l'impact ...")
so that one paragraph holds both. It is split at the one point where the language of its
sentences changes, and only when that is unambiguous: the sentences before are all one
language and those after all the other (undetermined sentences ignored), each part has at
least :data:`MIN_PART_WORDS` words, and neither sentence at the cut is itself mixed (which
happens when the first abstract lacks its full stop: the cut would fall inside a sentence,
so the paragraph is left whole rather than cut in the wrong place). It is tried only when a
side came out empty, so a French quotation inside an English abstract is never moved when
the page has a French abstract of its own.
"""

from __future__ import annotations

import re

from aligner.ingest.language import ENGLISH, FRENCH
from aligner.ingest.model import Candidate
from aligner.ingest.text import preview, word_count
from aligner.language import detect_language

MIN_PART_WORDS = 12
# A sentence end: . ! ? (closing quotes/brackets allowed) then space and an upper-case start.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'’”»)\]]*\s+(?=[«\"“‘(\[]?\s?[A-ZÀ-ÖØ-Þ])")


def split_mixed(candidates: list[Candidate], notes: list[str]) -> list[Candidate]:
    """Candidates with each English+French paragraph cut in two; positions renumbered."""
    result: list[Candidate] = []
    shift = 0
    for candidate in candidates:
        parts = _split_point(candidate.text)
        position = candidate.position + shift
        if parts is None:
            result.append(Candidate(candidate.text, position, candidate.slot, candidate.origin))
            continue
        first, second = parts
        notes.append(
            f"{candidate.origin} holds two languages; split before '{preview(second)}'"
        )
        result.append(Candidate(first, position, None, f"{candidate.origin}, first part"))
        result.append(Candidate(second, position + 1, None, f"{candidate.origin}, second part"))
        shift += 1
    return result


def _split_point(text: str) -> tuple[str, str] | None:
    """(first language part, second language part), or None when there is no clean switch."""
    starts = [0] + [match.end() for match in _BOUNDARY.finditer(text)]
    sentences = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    labels = [detect_language(sentence).lang for sentence in sentences]
    known = [(index, lang) for index, lang in enumerate(labels) if lang in (ENGLISH, FRENCH)]
    switches = [k for k in range(1, len(known)) if known[k][1] != known[k - 1][1]]
    if len(switches) != 1:
        return None
    cut = known[switches[0]][0]
    if _is_mixed(sentences[cut - 1]) or _is_mixed(sentences[cut]):
        return None
    first_text, second_text = text[: starts[cut]].strip(), text[starts[cut] :].strip()
    if min(word_count(first_text), word_count(second_text)) < MIN_PART_WORDS:
        return None
    return first_text, second_text


def _is_mixed(sentence: str) -> bool:
    """True when the two halves of a sentence are in different languages (English, French)."""
    words = sentence.split()
    half = len(words) // 2
    halves = {detect_language(" ".join(part)).lang for part in (words[:half], words[half:])}
    return halves == {ENGLISH, FRENCH}
