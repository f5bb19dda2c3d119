"""Nothing is lost: killed, interrupted and failing `aligner check` runs (issue 28).

Fast versions of scripts/torture.py: a run killed with SIGKILL and resumed gives the
uninterrupted output byte for byte, every input id once; Ctrl-C leaves a valid partial
output; an output that would overwrite an input, a read-only or full output and a closed
pipe each end with one clear line, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.durability_kit import (
    check_command,
    input_ids,
    kill_after,
    output_ids,
    start,
    write_synthetic_jsonl,
)

RECORDS = 400


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_jsonl(tmp_path_factory.mktemp("in") / "in.jsonl", RECORDS)


@pytest.fixture(scope="module")
def uninterrupted(source: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    output = tmp_path_factory.mktemp("full") / "full.jsonl"
    subprocess.run(check_command(source, output, "--jobs", "1"), check=True)
    return output.read_bytes()


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "jobs",
    [
        pytest.param(["--jobs", "1"], id="jobs1"),
        pytest.param(["--jobs", "2"], id="jobs2"),
        pytest.param(["--jobs", "2", "--engine", "dask"], id="dask"),
    ],
)
def test_killed_twice_then_resumed_equals_the_uninterrupted_run(
    source: Path, uninterrupted: bytes, tmp_path: Path, jobs: list[str]
) -> None:
    if "dask" in jobs:
        pytest.importorskip("distributed")
    output = tmp_path / "out.jsonl"
    killed = 0
    kill_points = (20_000,) if "dask" in jobs else (8_000, 60_000)  # Dask starts slowly
    for attempt, min_bytes in enumerate(kill_points):
        extra = jobs + (["--resume"] if attempt else [])
        killed += kill_after(start(check_command(source, output, *extra)), output, 0.0, min_bytes)
    if not killed:
        pytest.skip("every run finished before it could be killed (machine too fast)")
    final = run(check_command(source, output, *jobs, "--resume"))
    assert final.returncode == 0, final.stderr
    assert "Traceback" not in final.stderr
    assert output_ids(output) == input_ids(source)  # each id once, in input order
    assert output.read_bytes() == uninterrupted


def test_sigint_leaves_complete_lines_and_says_how_far(source: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    process = start(check_command(source, output, "--jobs", "2"))
    interrupted = kill_after(process, output, 0.0, 8_000, sig=signal.SIGINT)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if not interrupted:
        pytest.skip("the run finished before it could be interrupted")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    lines = output.read_bytes().splitlines(keepends=True)
    assert lines and all(line.endswith(b"\n") for line in lines)
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == input_ids(source)[: len(ids)]
    assert f"{len(ids)} complete record(s)" in stderr and "--resume" in stderr


def test_sigint_html_report_is_still_a_whole_page(source: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.html"
    command = check_command(source, output, "--jobs", "1")
    command[command.index("jsonl")] = "html"
    process = start(command)
    if not kill_after(process, output, 0.0, 30_000, sig=signal.SIGINT):
        pytest.skip("the run finished before it could be interrupted")
    assert process.returncode == 130
    assert output.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_output_over_an_input_is_refused_before_writing(source: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.jsonl"
    victim.write_bytes(source.read_bytes())
    link = tmp_path / "link.jsonl"
    link.symlink_to(victim)
    for output in (victim, link):
        result = run(check_command(victim, output))
        assert result.returncode == 2
        assert "would destroy the input" in result.stderr and "Traceback" not in result.stderr
        assert victim.read_bytes() == source.read_bytes()


def test_full_disk_is_one_clear_line(source: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full (Linux)")
    result = run(check_command(source, Path("/dev/full"), "--jobs", "1"))
    assert result.returncode == 1
    assert "No space left on device" in result.stderr and "--resume" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@contextlib.contextmanager
def read_only_directory(path: Path) -> Iterator[Path]:
    """A directory this process cannot write to: mode 555, or (root ignores modes) a
    read-only tmpfs mounted there."""
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(path)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("running as root and cannot mount a read-only tmpfs")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def test_read_only_output_directory_is_one_clear_line(source: Path, tmp_path: Path) -> None:
    with read_only_directory(tmp_path / "ro") as directory:
        result = run(check_command(source, directory / "out.jsonl"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("output_format", "jobs"), [("jsonl", "1"), ("csv", "2"), ("table", "1")])
def test_closed_pipe_ends_quietly(source: Path, output_format: str, jobs: str) -> None:
    command = [sys.executable, "-m", "aligner", "check", str(source), "--scorer", "lexical",
               "--jobs", jobs, "--format", output_format]
    result = subprocess.run(
        f"{' '.join(command)} | head -1; echo \"status=${{PIPESTATUS[0]}}\"", shell=True,
        capture_output=True, text=True, timeout=300, executable="/bin/bash",
    )
    first, status = result.stdout.splitlines()
    assert first.lstrip("\ufeff").startswith(("{", "id,", "=="))
    assert status == "status=141"  # as a shell reports a command ended by SIGPIPE
    assert result.stderr == ""
