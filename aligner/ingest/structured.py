"""A journal's own record (JATS, Érudit, TEI, Crossref, HAL...) -> an ingested record.

Dialect readers fill an :class:`Article`: every abstract, title and keyword group with the
language the record declares for it and where it was found. This module then decides the
sides once, for all dialects, the way :mod:`aligner.ingest.assign` does for pages: by the
language of the text, the markup being a claim to verify. A wrong ``xml:lang`` gets a note
(and a warning) and the text goes to the side its language says; a Spanish abstract
never lands on the French side; a record with English and Portuguese abstracts keeps its
English side, leaves ``fr`` empty (``check`` reports ``missing_fr``) and names the
languages it has in ``abstract_languages`` and a note. Nothing is dropped silently: an
abstract not used (a second English one, a graphical abstract) is named in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aligner.ingest.language import ENGLISH, FRENCH, paragraph_language
from aligner.ingest.model import IngestedRecord, ParsedPage
from aligner.ingest.text import clean_doi, preview, word_count
from aligner.language import detect_language

# ISO 639-2 (bibliographic and terminologic), names and locales journals use, to ISO 639-1.
LANGUAGE_CODES = {
    "eng": "en", "english": "en", "anglais": "en", "fre": "fr", "fra": "fr", "french": "fr",
    "français": "fr", "francais": "fr", "spa": "es", "esp": "es", "por": "pt", "ger": "de",
    "deu": "de", "ita": "it", "dut": "nl", "nld": "nl", "cat": "ca", "rus": "ru", "chi": "zh",
    "zho": "zh", "jpn": "ja", "ara": "ar", "und": "", "mul": "", "zxx": "",
}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese",
                  "de": "German", "it": "Italian", "ca": "Catalan", "nl": "Dutch"}
MAIN_KIND = "main"
# Below this many words the detector's verdict on a title is not allowed to overrule markup.
TITLE_MIN_WORDS = 4
TITLE_MIN_CONFIDENCE = 0.9
VERIFY_CHARS = 400
QUICK_CONFIDENCE = 0.5


def normalise_language(value: str | None) -> str:
    """``fr_CA`` / ``fre`` / ``FR-ca`` / ``French`` -> ``fr``; ``''`` when unknown or absent."""
    if not value:
        return ""
    code = re.split(r"[-_ ]", value.strip().lower(), maxsplit=1)[0]
    code = LANGUAGE_CODES.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, f"'{code}'" if code else "undetermined")


@dataclass(frozen=True)
class Skipped:
    """A record element a reader does not turn into an article (deleted, not an article)."""

    kind: str
    reason: str


@dataclass
class Piece:
    """A text of the record (abstract or title) with its declared language and its source."""

    text: str
    lang: str  # normalised declared language, '' when the record declares none
    where: str  # XPath or JSON pointer inside the source file
    kind: str = MAIN_KIND  # abstract-type (graphical, teaser...) or "main"


@dataclass
class Article:
    """What a dialect reader found for one article."""

    layout: str
    abstracts: list[Piece] = field(default_factory=list)
    titles: list[Piece] = field(default_factory=list)  # the main title first
    keywords: list[tuple[str, list[str]]] = field(default_factory=list)  # (lang, terms)
    record_id: str | None = None
    doi: str | None = None
    journal: str | None = None
    issn: list[str] = field(default_factory=list)
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    authors: list[str] = field(default_factory=list)
    article_type: str | None = None
    licence: str | None = None
    language: str = ""  # the article's main language, as declared
    where: str = ""  # the record's own XPath / JSON pointer
    notes: list[str] = field(default_factory=list)


def year_of(value: Any) -> int | None:
    """The first four-digit year (1000-2999) in a date-like value."""
    match = re.search(r"(?<!\d)([12]\d{3})(?!\d)", str(value or ""))
    return int(match.group(1)) if match else None


def to_record(article: Article, source_file: str) -> IngestedRecord:
    """The ingested record of one article, sides decided by verified language."""
    notes = list(article.notes)
    warnings: list[str] = []
    sides, languages = _abstract_sides(article, notes, warnings)
    title_en, title_fr = _title_sides(article, notes)
    keywords_en, keywords_fr = _keyword_sides(article)
    doi = clean_doi(article.doi) if article.doi else None
    page = ParsedPage(
        layout=article.layout,
        title=article.titles[0].text if article.titles else None,
        doi=doi,
        authors=list(article.authors),
        journal=article.journal,
        year=article.year,
        keywords=list(dict.fromkeys(term for _, terms in article.keywords for term in terms)),
        title_en=title_en,
        title_fr=title_fr,
        keywords_en=keywords_en,
        keywords_fr=keywords_fr,
        extra=_extra(article, sides, languages),
    )
    en = sides.get(ENGLISH)
    fr = sides.get(FRENCH)
    if not en:
        notes.append("no English abstract found: 'en' left empty")
    if not fr:
        found = ", ".join(language_name(code) for code in languages) or "none"
        notes.append(f"no French abstract found: 'fr' left empty (abstract languages: {found})")
    return IngestedRecord(
        id=doi or article.record_id or "",
        page=page,
        en=en.text if en else "",
        fr=fr.text if fr else "",
        source_file=source_file,
        notes=notes,
        warnings=warnings,
    )


def _abstract_sides(
    article: Article, notes: list[str], warnings: list[str]
) -> tuple[dict[str, Piece], list[str]]:
    """The first main abstract of each verified language; the others named in notes."""
    sides: dict[str, Piece] = {}
    languages: list[str] = []
    for piece in article.abstracts:
        if piece.kind != MAIN_KIND:
            notes.append(f"{piece.kind} abstract at {piece.where} kept apart (not checked)")
            continue
        if not piece.text.strip():
            notes.append(f"empty abstract at {piece.where}")
            continue
        lang = _verified_language(piece, notes, warnings)
        if lang and lang not in languages:
            languages.append(lang)
        if not lang:
            notes.append(f"abstract at {piece.where}: language undetermined; not used: "
                         f"'{preview(piece.text)}'")
        elif lang in sides:
            notes.append(f"a further {language_name(lang)} abstract at {piece.where} not used "
                         f"(the first one, at {sides[lang].where}, is checked)")
        elif lang in (ENGLISH, FRENCH):
            sides[lang] = piece
    return sides, languages


def _verified_language(piece: Piece, notes: list[str], warnings: list[str]) -> str:
    """The text's language when the detector is sure of it, else the declared one.

    The detector reads the first :data:`VERIFY_CHARS` characters (whole words): a few
    sentences tell a language as surely as a whole abstract, at a fraction of the cost on a
    10,000-record dump. A declared English abstract whose function words say English with
    confidence needs no further look (no other language is mistaken for English by them;
    a Spanish text declared French still goes to the full 97-language model)."""
    opening = _opening(piece.text)
    if piece.lang == ENGLISH:
        quick = detect_language(opening)
        if quick.lang == ENGLISH and quick.confidence >= QUICK_CONFIDENCE:
            return ENGLISH
    detected = paragraph_language(opening)
    declared = piece.lang
    if detected.lang in (ENGLISH, FRENCH):
        found = detected.lang
    elif detected.code not in ("und", "") and word_count(piece.text) >= 12 \
            and detected.confidence >= 0.9:
        found = normalise_language(detected.code)
    else:
        return declared
    if declared and declared != found:
        message = (
            f"abstract at {piece.where} is declared {language_name(declared)} but its text "
            f"is {language_name(found)} (confidence {detected.confidence:.2f}); "
            f"read as {language_name(found)}"
        )
        notes.append(message)
        warnings.append(message)
    return found


def _opening(text: str) -> str:
    if len(text) <= VERIFY_CHARS:
        return text
    cut = text.rfind(" ", 0, VERIFY_CHARS)
    return text[: cut if cut > 0 else VERIFY_CHARS]


def _title_sides(article: Article, notes: list[str]) -> tuple[str | None, str | None]:
    """The English and French titles: declared language, overruled only by a sure detector
    on a title long enough to judge (short titles fool any detector)."""
    found: dict[str, str] = {}
    for index, piece in enumerate(article.titles):
        declared = piece.lang or (article.language if index == 0 else "")
        lang = declared
        if not declared:
            detected = paragraph_language(piece.text)
            lang = detected.lang if detected.lang in (ENGLISH, FRENCH) else ""
        elif word_count(piece.text) >= TITLE_MIN_WORDS:
            detected = paragraph_language(piece.text)
            sure = detected.lang in (ENGLISH, FRENCH) and (
                detected.confidence >= TITLE_MIN_CONFIDENCE)
            if sure and detected.lang != declared:
                notes.append(f"title at {piece.where} is declared {language_name(declared)} "
                             f"but reads as {language_name(detected.lang)}; used as such")
                lang = detected.lang
        if lang in (ENGLISH, FRENCH) and lang not in found:
            found[lang] = piece.text
    return found.get(ENGLISH), found.get(FRENCH)


def _keyword_sides(article: Article) -> tuple[list[str], list[str]]:
    """Keywords of each language (groups without a language go by their joined text)."""
    sides: dict[str, list[str]] = {ENGLISH: [], FRENCH: []}
    for lang, terms in article.keywords:
        if not lang and terms:
            lang = paragraph_language(", ".join(terms)).lang
        if lang in sides:
            sides[lang].extend(term for term in terms if term not in sides[lang])
    return sides[ENGLISH], sides[FRENCH]


def _extra(article: Article, sides: dict[str, Piece], languages: list[str]) -> dict[str, Any]:
    """Metadata keys written after the fixed ones, only those the record has."""
    values: dict[str, Any] = {
        "issn": list(article.issn) or None,
        "volume": article.volume,
        "issue": article.issue,
        "article_type": article.article_type,
        "licence": article.licence,
        "language": article.language or None,
        "abstract_languages": languages or None,
        "record_path": article.where or None,
        "en_path": sides[ENGLISH].where if ENGLISH in sides else None,
        "fr_path": sides[FRENCH].where if FRENCH in sides else None,
    }
    return {key: value for key, value in values.items() if value}
