"""The data passed between the ingest stages: parsed page -> candidates -> output record.

A layout parser only finds metadata and *candidate* paragraphs (with the slot the page
puts them in, if any); it never decides which side a paragraph goes to. That decision is
made once, by language, in :mod:`aligner.ingest.assign`, so every layout gets the same
behaviour when a site puts a French abstract where the English one should be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Keys of an ingested record, in output order. The first ten are the contract;
# ``layout`` and ``ingest_notes`` are added so a curator can see how a record was read;
# ``title_en``/``title_fr``/``keywords_en``/``keywords_fr`` give each language's title and
# keywords (``title`` and ``keywords`` stay the page's main title and all its keywords).
RECORD_KEYS = (
    "id",
    "title",
    "doi",
    "authors",
    "journal",
    "year",
    "keywords",
    "title_en",
    "title_fr",
    "keywords_en",
    "keywords_fr",
    "en",
    "fr",
    "source_file",
    "layout",
    "ingest_notes",
)


@dataclass(frozen=True)
class Candidate:
    """A paragraph that may be (part of) an abstract.

    ``position`` orders candidates on the page; consecutive positions of one language form
    one multi-paragraph abstract. ``slot`` is the language the page claims for it
    ("en"/"fr", e.g. from Érudit's "Résumé En Fr" or an ``xml:lang`` attribute), or None.
    ``origin`` says where it was found, for notes.
    """

    text: str
    position: int
    slot: str | None = None
    origin: str = "page"


@dataclass
class ParsedPage:
    """What a layout parser found on one page: metadata and candidate paragraphs."""

    layout: str
    title: str | None = None
    doi: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    keywords: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title_en: str | None = None
    title_fr: str | None = None
    keywords_en: list[str] = field(default_factory=list)
    keywords_fr: list[str] = field(default_factory=list)
    # Metadata of structured records (issn, volume, issue, article_type, licence, where the
    # abstracts came from...), written after the fixed keys, only when present.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class IngestedRecord:
    """One output record (a contract input record) and where it came from."""

    id: str
    page: ParsedPage
    en: str
    fr: str
    source_file: str
    notes: list[str] = field(default_factory=list)
    # The notes that deserve a message even in quiet runs (a misplaced abstract).
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object written to the corpus, keys in :data:`RECORD_KEYS` order."""
        values = {
            "id": self.id,
            "title": self.page.title,
            "doi": self.page.doi,
            "authors": list(self.page.authors),
            "journal": self.page.journal,
            "year": self.page.year,
            "keywords": list(self.page.keywords),
            "title_en": self.page.title_en,
            "title_fr": self.page.title_fr,
            "keywords_en": list(self.page.keywords_en),
            "keywords_fr": list(self.page.keywords_fr),
            "en": self.en,
            "fr": self.fr,
            "source_file": self.source_file,
            "layout": self.page.layout,
            "ingest_notes": list(self.notes),
        }
        out = {key: values[key] for key in RECORD_KEYS}
        out.update({key: value for key, value in self.page.extra.items() if key not in out})
        return out


@dataclass(frozen=True)
class Unrecognised:
    """A file that gave no record, and why (reported by name, never dropped silently)."""

    source_file: str
    reason: str
    # What kind of failure, printed before the file name: "unrecognised", "malformed XML",
    # "truncated XML", "unknown dialect", "empty record"...
    kind: str = "unrecognised"
