"""``aligner ingest``: raw scraped pages (text or HTML) and journals' own records (JATS,
Érudit XML, TEI, OAI-PMH, Crossref, HAL, PubMed, OJS) -> a JSONL corpus for ``aligner check``.

Exit status: 0 when the run completed, even if some files were unrecognised (they are
named on stderr with the reason and counted in the summary), like ``aligner check``;
with ``--strict``, 1 when any file was unrecognised. 2 for a bad option or a missing input
path, 1 when the output cannot be written.
"""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from aligner.ingest.core import ID_SOURCES, STDIN, ingest_paths
from aligner.ingest.model import IngestedRecord, Unrecognised
from aligner.output_guard import refuse_output_over_inputs


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Where to write the JSONL corpus; '-' (the default) is standard output. "
    "Example: -o corpus.jsonl",
)
@click.option(
    "--id-from",
    type=click.Choice(ID_SOURCES),
    default="doi",
    show_default=True,
    help="Record ids: 'doi' uses the DOI when the page has one, else the file name without "
    "its suffix; 'file' always uses the file name. A repeated id gets '#2'. "
    "Example: --id-from file",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when any file was unrecognised (the others are still written). "
    "Example: --strict in a pipeline that must stop on unknown pages",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Print every note on stderr (missing sides, boilerplate removed...), not only "
    "unrecognised files and misplaced abstracts. Example: -v",
)
def ingest(files: tuple[str, ...], output: str, id_from: str, strict: bool, verbose: bool) -> None:
    """Turn raw pages (text, HTML) and journals' records (JATS, Érudit XML, TEI,
    OAI-PMH, Crossref, HAL, PubMed, OJS: told by content) into records ready for `aligner
    check` (FILES: files, folders, .zip/.tar.gz, '-' for stdin; docs/ingest-formats.md).

    Abstracts go on the en/fr side by their language, not their position or markup; a
    side not found is left empty ("") with a note, so `aligner check` reports missing_en /
    missing_fr. Files or records giving nothing are named on stderr with their status,
    and the others are still written.

    \b
    Examples:
      aligner ingest ../shared/seeds/*.txt -o corpus.jsonl
      aligner ingest scraped_pages/ -o corpus.jsonl --id-from file
      aligner ingest oai_page.xml crossref.json | aligner check - --format table
      curl -s https://example.org/article | aligner ingest - -o corpus.jsonl
    """
    if files.count(STDIN) > 1:
        raise click.UsageError("'-' (standard input) can be given only once")
    refuse_output_over_inputs(output, files)
    stream = _open_output(output)
    written = one_sided = 0
    unrecognised: list[Unrecognised] = []
    try:
        for outcome in ingest_paths(files, id_from=id_from):
            if isinstance(outcome, Unrecognised):
                unrecognised.append(outcome)
                click.echo(f"{outcome.kind}: {outcome.source_file}: {outcome.reason}", err=True)
                continue
            _report_notes(outcome, verbose)
            stream.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
            written += 1
            one_sided += not (outcome.en and outcome.fr)
    finally:
        if stream is not sys.stdout:
            stream.close()
    where = "standard output" if output == "-" else output
    click.echo(
        f"ingest: {written} record(s) written to {where} ({one_sided} with one side or none); "
        f"{len(unrecognised)} file(s) unrecognised",
        err=True,
    )
    if strict and unrecognised:
        sys.exit(1)


def _report_notes(record: IngestedRecord, verbose: bool) -> None:
    """Warnings always go to stderr; the other notes only with --verbose."""
    messages = record.notes if verbose else record.warnings
    for message in messages:
        click.echo(f"note: {record.source_file} ({record.id}): {message}", err=True)


def _open_output(path: str) -> IO[str]:
    """Standard output for '-', else the file (created or replaced), UTF-8."""
    if path == "-":
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc})") from exc
