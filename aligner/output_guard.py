"""Refuse an output path that would destroy or feed back into an input.

Opening ``-o`` truncates it (``check``, ``ingest``) or replaces it when the run ends
(``export`` writes ``OUT.part`` then renames it over ``OUT``), so ``-o`` naming an input
loses that input. For commands that read folders (``ingest``), an output written inside an
input folder would also be read back as an input while it is being written. Both are
refused before anything is opened, with a message that names the two paths.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

STDIN_OR_STDOUT = "-"


def refuse_output_over_inputs(output: str, inputs: Iterable[str | os.PathLike | None]) -> None:
    """Raise :class:`click.UsageError` when ``output`` is, or lies inside, one of ``inputs``.

    Files are compared with ``os.path.samefile`` (the same inode), so a symlink, a hard
    link or another spelling of the path is caught too; a folder input is refused when the
    output's resolved path lies under it.
    """
    if output == STDIN_OR_STDOUT:
        return
    for given in inputs:
        if given is None or str(given) == STDIN_OR_STDOUT or not os.path.exists(given):
            continue
        if os.path.isdir(given):
            _refuse_inside_folder(output, Path(given))
        elif os.path.exists(output) and os.path.samefile(given, output):
            raise click.UsageError(
                f"-o {output} is the input file {given}: writing would destroy the input; "
                "give another output file"
            )


def _refuse_inside_folder(output: str, folder: Path) -> None:
    """An output file inside an input folder would be read back as an input."""
    target = Path(output).resolve()
    if folder.resolve() in target.parents:
        raise click.UsageError(
            f"-o {output} is inside the input folder {folder}: it would be read back as an "
            "input while it is written; write it outside the folder"
        )
