"""Help screens fit one screen and end with an example; --version names the checker.

A user reads ``aligner COMMAND --help`` on an 80-column terminal: it should fit in about
40 lines and end with a command to copy. ``aligner --version`` (and ``python -m aligner
--version``) must print the version and the signature that the output records carry, so
that a reported figure can be tied to the checker that produced it.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from aligner.cli import examples_last, main
from aligner.version import __version__

SCREEN_ROWS = 40
COLUMNS = 80


def help_screen(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], terminal_width=COLUMNS)
    assert result.exit_code == 0, result.output
    return result.output


def rows_on_screen(text: str) -> int:
    """Rows the text takes on an 80-column terminal (a longer line wraps)."""
    return sum(max(1, math.ceil(len(line) / COLUMNS)) for line in text.splitlines())


def commands() -> list[tuple[str, ...]]:
    return [()] + [(name,) for name in main.list_commands(click.Context(main))]


@pytest.mark.parametrize("args", commands(), ids=lambda a: " ".join(("aligner", *a)))
def test_help_fits_one_screen_and_ends_with_an_example(args: tuple[str, ...]) -> None:
    text = help_screen(*args)
    assert rows_on_screen(text) <= SCREEN_ROWS, f"{rows_on_screen(text)} rows:\n{text}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    heading = max(i for i, line in enumerate(lines) if line in ("Example:", "Examples:"))
    assert heading > lines.index("Options:"), "the examples should come after the options"
    examples = lines[heading + 1:]
    assert examples and all("aligner " in line for line in examples), examples


def test_examples_last_moves_only_an_examples_paragraph() -> None:
    @click.command()
    def with_examples() -> None:
        """Do a thing.

        More about it.

        \b
        Examples:
          aligner thing a
          aligner thing b
        """

    @click.command()
    def without() -> None:
        """Do another thing, with no example."""

    examples_last(with_examples)
    assert with_examples.help == "Do a thing.\n\nMore about it."
    assert with_examples.epilog == "\b\nExamples:\n  aligner thing a\n  aligner thing b"
    examples_last(without)
    assert without.help.strip() == "Do another thing, with no example." and not without.epilog


def test_version_prints_the_version_and_the_signature_output_records_carry(tmp_path) -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"aligner {__version__}"
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"id": "a", "en": "We studied sleep.",
                                   "fr": "Nous avons étudié le sommeil."}) + "\n")
    checked = CliRunner().invoke(main, ["check", str(records), "--scorer", "lexical",
                                        "--format", "jsonl", "--jobs", "1"])
    assert checked.exit_code == 0, checked.output
    carried = json.loads(checked.output.splitlines()[0])["checker"]
    assert f"checker --scorer lexical: {json.dumps(carried)}" in lines or (
        f"checker default (--scorer auto): {json.dumps(carried)}" in lines)


def test_python_m_aligner_version_prints_the_same() -> None:
    done = subprocess.run([sys.executable, "-m", "aligner", "--version"], capture_output=True,
                          text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == CliRunner().invoke(main, ["--version"]).output
