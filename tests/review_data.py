"""Inputs for the review, export and HTML-report tests.

``FLAGGED_INPUT`` is hand-written so that the lexical checker flags it for reasons a reader
can see: an unrelated French sentence inserted (addition) and a changed number
(number_mismatch). ``hand_result`` builds contract output records directly, for tests that
exercise review logic without running the checker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from aligner.cli import main

INSERTED_FR = "La sécurité et la violence dans les stades sont un enjeu majeur pour les villes."

FLAGGED_INPUT: list[dict[str, Any]] = [
    {
        "id": "added",
        "title": "Mice & <men>",
        "doi": "10.1000/added",
        "journal": "Journal A",
        "en": "We studied ten mice in 2019. The results were clear. Treatment reduced pain.",
        "fr": "Nous avons étudié dix souris en 2019. Les résultats étaient clairs. "
        + INSERTED_FR
        + " Le traitement a réduit la douleur.",
    },
    {
        "id": "numbers",
        "title": '=HYPERLINK("http://example.invalid")',
        "doi": "10.1000/numbers",
        "journal": "Journal B",
        "en": "The cohort included 120 patients. Follow-up lasted two years.",
        "fr": "La cohorte comprenait 340 patients. Le suivi a duré deux ans.",
    },
    {"id": "clean", "journal": "Journal A", "en": "Water boils.", "fr": "L'eau bout."},
    {"id": "no-french", "en": "Only English here.", "fr": None},
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def invoke_check(source: Path, output: Path, *options: str, output_format: str = "jsonl") -> Result:
    """``aligner check SOURCE --scorer lexical --format FORMAT -o OUTPUT [OPTIONS]``, in-process."""
    arguments = ["check", str(source), "--scorer", "lexical", "--format", output_format,
                 "-o", str(output), *options]
    return CliRunner().invoke(main, arguments)


def run_check(directory: Path, records: list[dict[str, Any]], name: str = "results") -> Path:
    """Run ``aligner check --scorer lexical --format jsonl`` on ``records``; the output path."""
    source = write_jsonl(directory / f"{name}.input.jsonl", records)
    output = directory / f"{name}.jsonl"
    result = invoke_check(source, output, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return output


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def hand_result(
    record_id: str,
    en: list[str],
    fr: list[str],
    beads: list[tuple[list[int], list[int], float | None, list[str]]],
    **meta: Any,
) -> dict[str, Any]:
    """A contract output record built by hand: beads as (en, fr, score, flags)."""
    bead_dicts = [
        {"en": e, "fr": f, "score": s, "flags": flags, "details": {"reason": " ".join(flags)}}
        for e, f, s, flags in beads
    ]
    return {
        "id": record_id,
        "status": "ok",
        "reason": None,
        "en": en,
        "fr": fr,
        "beads": bead_dicts,
        "flags": sorted({flag for bead in bead_dicts for flag in bead["flags"]}),
        "meta": meta,
    }
