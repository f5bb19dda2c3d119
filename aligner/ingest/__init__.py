"""Ingest raw scraped abstract pages into contract input records (``aligner ingest``).

Modules, one job each:

- :mod:`~aligner.ingest.core`: files and directories -> records or :class:`Unrecognised`.
- :mod:`~aligner.ingest.htmltext`: HTML -> text and bibliographic meta tags.
- :mod:`~aligner.ingest.erudit`, :mod:`~aligner.ingest.citation_index`,
  :mod:`~aligner.ingest.publisher`: site layouts; :mod:`~aligner.ingest.generic`: fallback.
- :mod:`~aligner.ingest.language` and :mod:`~aligner.ingest.assign`: paragraphs -> en/fr
  by language, never by position.
- :mod:`~aligner.ingest.text`: paragraphs, DOIs, keywords, prose and boilerplate tests.
- :mod:`~aligner.ingest.commands`: the click command.
"""

from aligner.ingest.core import ingest_bytes, ingest_file, ingest_paths, ingest_text
from aligner.ingest.model import RECORD_KEYS, IngestedRecord, Unrecognised

__all__ = [
    "RECORD_KEYS",
    "IngestedRecord",
    "Unrecognised",
    "ingest_bytes",
    "ingest_file",
    "ingest_paths",
    "ingest_text",
]
