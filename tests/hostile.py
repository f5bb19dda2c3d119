"""A hostile input corpus: every kind of bad record issue 7 names, as JSONL lines."""

from __future__ import annotations

import json

SENTENCE_EN = "The cohort included {n} patients treated between 2001 and 2009."
SENTENCE_FR = "La cohorte comprenait {n} patients traités entre 2001 et 2009."


def long_document(n_sentences: int, template: str) -> list[str]:
    return [template.format(n=i + 10) for i in range(n_sentences)]


def hostile_lines() -> list[str]:
    """JSONL lines (as text), one record each; several are not valid JSON on purpose."""
    records: list[object] = [
        {
            "id": "good",
            "en": "We studied ten mice. Results were clear.",
            "fr": "Nous avons étudié dix souris. Les résultats étaient clairs.",
        },
        {"en": "No id here.", "fr": "Pas d'identifiant ici."},
        {"id": 17, "en": "Numeric id.", "fr": "Identifiant numérique."},
        {"id": "good", "en": "Repeated id.", "fr": "Identifiant répété."},
        {"id": ["list", "id"], "en": "A list as id.", "fr": "Une liste comme identifiant."},
        {"id": "wrong-type-en", "en": 42, "fr": "Texte."},
        {"id": "wrong-type-fr", "en": "Text.", "fr": {"text": "Texte."}},
        {"id": "list-with-number", "en": ["One.", 2], "fr": ["Un.", "Deux."]},
        {
            "id": "html",
            "en": "<p>Results &amp; <b>methods</b>.</p><script>alert(1)</script>",
            "fr": "<p>R&eacute;sultats &amp; m&eacute;thodes.</p>",
        },
        {
            "id": "mojibake",
            "en": "The caf\u00c3\u00a9 study.",
            "fr": "L'\u00c3\u00a9tude du caf\u00c3\u00a9.",
        },
        {"id": "control", "en": "Null\x00 byte\x07 here.", "fr": "Octet\x00 nul\x1b ici."},
        {"id": "formula", "en": '=HYPERLINK("http://x")', "fr": "+cmd|' /C calc'!A0"},
        {
            "id": "english-fr",
            "en": "The treatment reduced pain in most patients.",
            "fr": "The treatment reduced pain in most patients.",
        },
        {"id": "missing-fr", "en": "Only English.", "fr": None},
        {"id": "missing-en", "en": "  ", "fr": "Seulement en français."},
        {"id": "both-missing"},
        {"id": "huge", "en": "Word " * 200_000 + ".", "fr": "Un mot."},
        {
            "id": "long-doc",
            "en": long_document(5000, SENTENCE_EN),
            "fr": long_document(5000, SENTENCE_FR),
        },
        {"id": "unicode-edge", "en": "Emoji 🧪 and RTL مرحبا.", "fr": "Emoji 🧪 et RTL مرحبا."},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(3, '{"id": "broken", "en": "unterminated')
    lines.insert(6, "\x00\x01binary\xff garbage line")
    lines.insert(9, "[1, 2, 3]")
    return lines
