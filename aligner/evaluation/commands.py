"""Click commands ``aligner eval`` and ``aligner inject`` (registered lazily in aligner.cli)."""

from __future__ import annotations

import json
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, Any

import click

from aligner.errors import AlignerError

SCORERS = ("auto", "e5", "lexical")


@click.command("eval")
@click.argument("gold_files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--scorer",
    type=click.Choice(SCORERS),
    default="auto",
    show_default=True,
    help="Sentence similarity, as for `aligner check`. Example: --scorer lexical",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people; json: one object, overall measures at the top level and "
    "per-file ones under 'files'. Example: --format json",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes, as for `aligner check` (0, the default, uses every core). "
    "Example: --jobs 2",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run engine, as for `aligner check`. Example: --engine dask",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Only the first N documents of each gold file (quick runs). Example: --limit 100",
)
@click.option(
    "--save-output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Also write the checker's output (the contract's JSONL) to this file. "
    "Example: --save-output out.jsonl",
)
@click.option(
    "--refresd",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Also score the REFreSD pairs of this file and report ROC-AUCs. "
    "Example: --refresd ../shared/data/refresd_dev.jsonl",
)
def eval_command(
    gold_files: tuple[str, ...],
    scorer: str,
    output_format: str,
    jobs: int,
    engine: str,
    limit: int | None,
    save_output: str | None,
    refresd: str | None,
) -> None:
    """Align the gold files' sentences with the checker and score the beads against gold.

    Reports, per file and overall (micro-averaged), precision/recall/F1 of exact beads
    (all), non-empty beads (strict), sentence links (lax), additions and omissions, and the
    share of documents aligned exactly. On files written by `aligner inject` it also reports
    detection recall per injected divergence and the false-flag rate on untouched French
    sentences; on other files, the share of gold 1-1 French sentences whose bead carries a
    flag (translations by the annotators' judgement). With --refresd, ROC-AUCs of the bead
    score on REFreSD.

    \b
    Examples:
      aligner eval ../shared/data/wmt20_medline_fr2en_gold.jsonl --scorer lexical
      aligner eval gold.jsonl --format json
      aligner eval --refresd ../shared/data/refresd_dev.jsonl
    """
    from aligner.evaluation.evaluate import evaluate_files
    from aligner.pipeline import Checker, CheckerConfig
    from aligner.runner import RunOptions

    if not gold_files and not refresd:
        raise click.UsageError("give gold files to evaluate, --refresd FILE, or both")
    config = CheckerConfig(scorer=scorer)
    report: dict[str, Any] = {"scorer": scorer}
    try:
        if gold_files:
            with _optional_output(save_output) as save_to:
                evaluation = evaluate_files(
                    gold_files, config, RunOptions(jobs=jobs, engine=engine), limit, save_to
                )
            report = evaluation.to_dict()
        if refresd:
            from aligner.evaluation.refresd import evaluate_refresd

            report["refresd"] = evaluate_refresd(refresd, Checker(config))
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc
    if output_format == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from aligner.evaluation.tables import format_report

        click.echo(format_report(report))


def _optional_output(path: str | None) -> AbstractContextManager[IO[str] | None]:
    """An open file for --save-output, or a context holding None."""
    return _open_for_writing(path) if path else nullcontext(None)


@click.command("inject")
@click.argument(
    "clean_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Where to write the injected gold file; '-' is standard output. "
    "Example: -o injected.jsonl",
)
@click.option("--seed", type=int, default=13, show_default=True,
    help="Random seed; the same seed gives the same file. Example: --seed 7",
)
@click.option(
    "--rate",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="Share of documents that receive a divergence; the rest stay clean. Example: --rate 0.5",
)
@click.option(
    "--types",
    default=None,
    help="Comma-separated divergence types to inject (default: all of addition, omission, "
    "untranslated, number_mismatch, substitution). Harder kinds made from real text, only "
    "when named: similar_addition, glued_sentence, dimension_change, factor_change, "
    "ordinal_change, fr_number_word ('hard' names all six). "
    "Example: --types addition,omission",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=None,
    help="Keep a random sample of N documents (drawn with the seed, input order kept). "
    "Example: --sample 800",
)
def inject_command(
    clean_files: tuple[str, ...],
    output: str,
    seed: int,
    rate: float,
    types: str | None,
    sample: int | None,
) -> None:
    """Inject known divergences into clean 1-1 aligned abstracts, for `aligner eval`.

    Each document is either left clean or receives one divergence: an added French
    sentence from another document (addition), a dropped French sentence (omission), a
    French sentence replaced by its English source (untranslated), a changed number
    (number_mismatch), or a French sentence replaced by one from another document
    (substitution). The output is a gold file: the new sentence lists, gold beads, and
    under "injected" the type, the sentence indexes and the flag expected on them.

    \b
    Example:
      aligner inject ../shared/data/matos_nlp_abstracts_enfr.jsonl -o injected.jsonl --seed 13
    """
    from aligner.evaluation.inject import (
        ALL_INJECTION_TYPES,
        HARD_INJECTION_TYPES,
        INJECTION_TYPES,
        InjectionSettings,
        inject_files,
    )

    named = [t.strip() for t in types.split(",") if t.strip()] if types else INJECTION_TYPES
    chosen = tuple(dict.fromkeys(
        kind for t in named for kind in (HARD_INJECTION_TYPES if t == "hard" else (t,))))
    unknown = [t for t in chosen if t not in ALL_INJECTION_TYPES]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown type(s) {unknown}; use {', '.join(ALL_INJECTION_TYPES)} or hard")
    settings = InjectionSettings(seed=seed, rate=rate, types=chosen, sample=sample)
    stream: IO[str] = sys.stdout if output == "-" else _open_for_writing(output)
    try:
        summary = inject_files([Path(p) for p in clean_files], stream, settings)
    except AlignerError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if stream is not sys.stdout:
            stream.close()
    click.echo(summary, err=True)


def _open_for_writing(path: str) -> IO[str]:
    try:
        return open(path, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc})") from exc
