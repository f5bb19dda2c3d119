"""Put candidate paragraphs on the English or French side by their language.

Why by language and not by position: sites disagree on the order of abstracts, and some
put the French abstract under an "Abstract" heading or in the English slot. Each candidate
is identified (English, French, other); for each language the first run of consecutive
paragraphs is that side's abstract. Every surprise (a paragraph whose language contradicts
its slot, a paragraph in a third language, a second block of one language, a missing side)
becomes a note on the record, so nothing is dropped or moved silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aligner.ingest.language import ENGLISH, FRENCH, ParagraphLanguage, paragraph_language
from aligner.ingest.model import Candidate
from aligner.ingest.text import preview

SIDE_NAMES = {ENGLISH: "English", FRENCH: "French"}


@dataclass
class Assignment:
    """The English and French abstracts ("" when absent) and the notes explaining them."""

    en: str = ""
    fr: str = ""
    notes: list[str] = field(default_factory=list)
    # Notes worth a message on stderr even without --verbose (a misplaced abstract).
    warnings: list[str] = field(default_factory=list)


def assign_by_language(candidates: list[Candidate]) -> Assignment:
    """Split candidates into the English and French abstracts by their identified language."""
    result = Assignment()
    identified = [(c, paragraph_language(c.text)) for c in candidates]
    for candidate, language in identified:
        _note_slot_mismatch(candidate, language, result)
    for side in (ENGLISH, FRENCH):
        runs = _runs([c for c, language in identified if language.lang == side])
        if runs:
            text = "\n".join(c.text for c in runs[0])
            setattr(result, side, text)
        for extra in runs[1:]:
            result.notes.append(
                f"ignored a further {SIDE_NAMES[side]} paragraph block "
                f"({len(extra)} paragraph(s)) starting '{preview(extra[0].text)}'; "
                "only the first block of each language is taken"
            )
    if not result.en:
        result.notes.append("no English abstract found: 'en' left empty")
    if not result.fr:
        result.notes.append("no French abstract found: 'fr' left empty")
    return result


def _note_slot_mismatch(
    candidate: Candidate, language: ParagraphLanguage, result: Assignment
) -> None:
    """Report a paragraph in a third language, or one whose language contradicts its slot."""
    where = f"the {SIDE_NAMES[candidate.slot]} slot" if candidate.slot else "a paragraph"
    where = f"{where} ({candidate.origin})"
    if language.lang not in SIDE_NAMES:
        result.notes.append(
            f"{where} is in neither English nor French (detected: {language.name}, "
            f"confidence {language.confidence:.2f}); not used: '{preview(candidate.text)}'"
        )
        return
    if candidate.slot and candidate.slot != language.lang:
        message = (
            f"{where} holds {SIDE_NAMES[language.lang]} text (confidence "
            f"{language.confidence:.2f}); assigned to '{language.lang}' by its language: "
            f"'{preview(candidate.text)}'"
        )
        result.notes.append(message)
        result.warnings.append(message)


def _runs(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Group candidates of one language into runs of consecutive page positions."""
    runs: list[list[Candidate]] = []
    for candidate in candidates:
        if runs and candidate.position == runs[-1][-1].position + 1:
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    return runs
