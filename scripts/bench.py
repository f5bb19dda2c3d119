#!/usr/bin/env python3
"""Speed and memory of `aligner check`, with NLTK's Gale-Church aligner as a reference.

    .venv/bin/python scripts/bench.py [--records 1000] [--e5-records 100] [--skip-e5]
                                      [--stream-records 100000] [--skip-dask]

What is measured, and how:

- Input: ``--records`` abstracts taken alternately from wmt_biomed_realigned_enfr.jsonl and
  matos_nlp_abstracts_enfr.jsonl (../shared/data), each side given to the checker as one
  text, as a user would (so sentence splitting is part of the cost).
- Each configuration (scorer x ``--jobs 1`` / ``--jobs 2`` / ``--engine dask``) runs as a
  fresh ``python -m aligner check IN --format jsonl -o /dev/null`` process. records/s is
  end to end: records divided by the wall time of the whole command, start-up and model
  loading included (a "start-up" row per scorer, one record, shows that fixed cost).
  Peak RSS is the largest sum of resident memory over the process and all its descendants
  (worker processes, Dask nannies and workers), sampled from /proc every 0.1 s.
- The e5 scorer embeds ~35 ms per sentence on this hardware; ``--e5-records`` caps its
  input (the table says how many records each row used). The runner checks inputs of fewer
  than 2 x jobs x batch size (32 for --jobs 2) records in one process; such rows say so.
- Gale-Church: ``nltk.translate.gale_church.align_blocks`` on the character lengths of the
  same abstracts' sentences (given already split: it only aligns, it neither splits nor
  scores), also in a fresh process.
- Streaming: ``--stream-records`` records (the input repeated, ids made unique) piped into
  ``aligner check -`` with the lexical scorer; the process tree's RSS is recorded every
  tenth of the way. Flat memory means the last figures are no higher than the early ones.

Prints markdown tables (paste them into the README's results section as they are).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
SOURCES = ("wmt_biomed_realigned_enfr.jsonl", "matos_nlp_abstracts_enfr.jsonl")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


# --- input ----------------------------------------------------------------------------


def load_abstracts(data: Path, count: int) -> list[dict]:
    """``count`` abstracts with non-empty sides, alternating between the source files."""
    streams = []
    for name in SOURCES:
        path = data / name
        if not path.exists():
            sys.exit(f"bench: needs {path} (the evaluation data beside the repository)")
        with path.open(encoding="utf-8") as handle:
            streams.append([json.loads(line) for line in handle if line.strip()])
    abstracts: list[dict] = []
    for index in range(max(len(s) for s in streams)):
        for stream in streams:
            if index < len(stream) and stream[index]["en"] and stream[index]["fr"]:
                abstracts.append(stream[index])
            if len(abstracts) == count:
                return abstracts
    return abstracts


def write_check_input(abstracts: list[dict], path: Path) -> None:
    """Checker input: one record per abstract, each side one text."""
    with path.open("w", encoding="utf-8") as handle:
        for doc in abstracts:
            record = {"id": doc["id"], "en": " ".join(doc["en"]), "fr": " ".join(doc["fr"])}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


# --- measuring a process tree ---------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    return children


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MB."""
    children = _children_map()
    total_pages, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total_pages += int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total_pages * PAGE_KB / 1024


class PeakSampler(threading.Thread):
    """Samples a process tree's RSS every ``interval`` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._halt.wait(self.interval)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak


@dataclass
class Measurement:
    label: str
    scorer: str
    engine: str
    jobs: str
    records: int
    seconds: float
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def run_measured(command: list[str], stdin_path: Path | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak tree RSS MB, stdout) of one command; exits on failure."""
    stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )
    sampler = PeakSampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    if stdin_path:
        stdin.close()
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    return seconds, peak, stdout.decode()


def check_command(path: Path | str, scorer: str, jobs: int, engine: str) -> list[str]:
    command = [sys.executable, "-m", "aligner", "check", str(path), "--format", "jsonl"]
    command += ["-o", os.devnull, "--scorer", scorer, "--jobs", str(jobs), "--engine", engine]
    return command + ["--no-progress"]


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def head_file(source: Path, target: Path, count: int) -> Path:
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(count), src, strict=False):
            dst.write(line)
    return target


# --- the runs -------------------------------------------------------------------------


def bench_checker(
    scorer: str, input_path: Path, workdir: Path, skip_dask: bool
) -> list[Measurement]:
    """Start-up (one record), then jobs 1, jobs 2 and Dask on the whole input."""
    records = count_lines(input_path)
    one = head_file(input_path, workdir / f"one-{scorer}.jsonl", 1)
    seconds, peak, _ = run_measured(check_command(one, scorer, 1, "local"))
    runs = [Measurement("start-up (1 record)", scorer, "local", "1", 1, seconds, peak)]
    configs = [("local", 1), ("local", 2)] + ([] if skip_dask else [("dask", 2)])
    for engine, jobs in configs:
        seconds, peak, _ = run_measured(check_command(input_path, scorer, jobs, engine))
        label = f"aligner check --jobs {jobs}" + (" --engine dask" if engine == "dask" else "")
        if engine == "local" and jobs > 1 and records < in_process_below(jobs):
            label += " (input too small for worker processes: ran in one process)"
        runs.append(Measurement(label, scorer, engine, str(jobs), records, seconds, peak))
        print(f"  {scorer} {label}: {records / seconds:.1f} records/s", file=sys.stderr)
    return runs


def in_process_below(jobs: int) -> int:
    """Inputs shorter than this run in one process whatever --jobs (aligner.runner's rule)."""
    from aligner.runner import RunOptions

    return jobs * RunOptions().batch_size * 2


def bench_gale_church(sentences_path: Path) -> Measurement:
    command = [sys.executable, str(Path(__file__).resolve()), "--gale-church-child"]
    command.append(str(sentences_path))
    seconds, peak, stdout = run_measured(command)
    result = json.loads(stdout)
    label = f"NLTK Gale-Church align_blocks ({result['failed']} failed)"
    return Measurement(label, "-", "-", "1", result["records"], seconds, peak)


def bench_embeddings(check_input: Path) -> Measurement:
    """The floor of the e5 path: split the same records and embed each sentence once."""
    command = [sys.executable, str(Path(__file__).resolve()), "--embed-child", str(check_input)]
    seconds, peak, stdout = run_measured(command)
    result = json.loads(stdout)
    label = f"e5 embeddings only, each sentence once ({result['sentences']} sentences)"
    return Measurement(label, "e5", "-", "1", result["records"], seconds, peak)


def embed_child(path: Path) -> None:
    """Child process: split each record as `aligner check` does, embed every sentence once."""
    sys.path.insert(0, str(REPO))
    from aligner.segment import split_sentences
    from aligner.similarity.embedding import E5Encoder
    from aligner.validate import clean_text

    encoder = E5Encoder()
    records = sentences = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            records += 1
            for lang in ("en", "fr"):
                split = split_sentences(clean_text(doc[lang]).text, lang)
                encoder.encode(split, lang)
                sentences += len(split)
    print(json.dumps({"records": records, "sentences": sentences}))


def gale_church_child(path: Path) -> None:
    """Child process: align every abstract with NLTK's Gale-Church, print a JSON summary."""
    from nltk.translate.gale_church import align_blocks

    records = failed = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            records += 1
            try:
                align_blocks([len(s) for s in doc["en"]], [len(s) for s in doc["fr"]])
            except Exception:  # noqa: BLE001 - counted and reported, a reference only
                failed += 1
    print(json.dumps({"records": records, "failed": failed}))


def stream_records(abstracts: list[dict], total: int) -> Iterator[bytes]:
    for index in range(total):
        doc = abstracts[index % len(abstracts)]
        record = {
            "id": f"{doc['id']}#{index // len(abstracts)}",
            "en": " ".join(doc["en"]),
            "fr": " ".join(doc["fr"]),
        }
        yield (json.dumps(record, ensure_ascii=False) + "\n").encode()


def bench_stream(abstracts: list[dict], total: int, jobs: int) -> tuple[list[tuple], float]:
    """Pipe ``total`` records into `aligner check -`; RSS at every tenth, and seconds."""
    command = check_command("-", "lexical", jobs, "local")
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO
    )
    assert process.stdin is not None
    checkpoints = {max(1, total * k // 10) for k in range(1, 11)}
    points: list[tuple] = []
    started = time.perf_counter()
    try:
        for written, line in enumerate(stream_records(abstracts, total), start=1):
            process.stdin.write(line)
            if written in checkpoints:
                elapsed = time.perf_counter() - started
                points.append((written, round(elapsed, 1), tree_rss_mb(process.pid)))
                print(f"  stream: {written} records sent, {points[-1][2]:.0f} MB", file=sys.stderr)
        process.stdin.close()
    except BrokenPipeError:
        pass
    stderr = process.stderr.read() if process.stderr else b""
    process.wait()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"bench: streaming run failed:\n{stderr.decode(errors='replace')[-2000:]}")
    return points, seconds


# --- report ---------------------------------------------------------------------------


def machine_line() -> str:
    load = os.getloadavg()
    return (
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average at start "
        f"{load[0]:.2f} (other processes were running when above ~0.1); "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')} (inherited by every run)."
    )


def markdown(runs: list[Measurement]) -> str:
    lines = [
        "| run | scorer | records | wall s | records/s | peak RSS MB (all processes) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.label} | {run.scorer} | {run.records} | {run.seconds:.1f} | "
            f"{run.rate:.1f} | {run.peak_mb:.0f} |"
        )
    return "\n".join(lines + [""] + ratio_lines(runs))


def ratio_lines(runs: list[Measurement]) -> list[str]:
    """The ratios the targets are stated in: speed-up of 2 processes, e5 cost over embedding."""
    by_label = {(run.scorer, run.label.split(" (")[0]): run for run in runs}
    lines = []
    for scorer in ("lexical", "e5"):
        one = by_label.get((scorer, "aligner check --jobs 1"))
        two = by_label.get((scorer, "aligner check --jobs 2"))
        if one and two and two.seconds:
            lines.append(f"- {scorer}: `--jobs 2` is {one.seconds / two.seconds:.2f}x as fast "
                         f"as `--jobs 1` on {one.records} records.")
    embed = next((run for run in runs if run.label.startswith("e5 embeddings only")), None)
    check = by_label.get(("e5", "aligner check --jobs 1"))
    if embed and check and embed.seconds:
        lines.append(f"- e5: `aligner check --jobs 1` takes {check.seconds / embed.seconds:.2f}x "
                     "the time of splitting and embedding each sentence once (one process each).")
    return lines


def stream_markdown(points: list[tuple], seconds: float, total: int, jobs: int) -> str:
    lines = [
        f"Streaming {total} records through `aligner check - --scorer lexical --jobs {jobs}` "
        f"in {seconds:.0f} s ({total / seconds:.1f} records/s):",
        "",
        "| records sent | elapsed s | RSS MB (all processes) |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {n} | {t} | {rss:.0f} |" for n, t, rss in points]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the ../shared/data folder")
    parser.add_argument("--records", type=int, default=1000, help="abstracts per run")
    parser.add_argument(
        "--e5-records", type=int, default=100, help="abstracts for the e5 scorer's runs"
    )
    parser.add_argument("--skip-e5", action="store_true", help="lexical scorer only")
    parser.add_argument("--skip-dask", action="store_true", help="no Dask engine runs")
    parser.add_argument(
        "--stream-records", type=int, default=100_000, help="records to stream (0: skip)"
    )
    parser.add_argument("--stream-jobs", type=int, default=2, help="--jobs of the stream run")
    parser.add_argument("--stream-only", action="store_true", help="only the streaming-memory run")
    parser.add_argument("--gale-church-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--embed-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.gale_church_child:
        gale_church_child(args.gale_church_child)
        return
    if args.embed_child:
        embed_child(args.embed_child)
        return

    header = machine_line()
    abstracts = load_abstracts(args.data, args.records)
    print(header)
    if not args.stream_only:
        print()
        print(markdown(throughput_runs(abstracts, args)))
    if args.stream_records > 0:
        points, seconds = bench_stream(abstracts, args.stream_records, args.stream_jobs)
        print()
        print(stream_markdown(points, seconds, args.stream_records, args.stream_jobs))


def throughput_runs(abstracts: list[dict], args: argparse.Namespace) -> list[Measurement]:
    """Gale-Church, then every checker configuration, each in a fresh process."""
    runs: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="aligner-bench-") as tmp:
        workdir = Path(tmp)
        check_input = workdir / "abstracts.jsonl"
        write_check_input(abstracts, check_input)
        sentences = workdir / "sentences.jsonl"
        with sentences.open("w", encoding="utf-8") as handle:
            for doc in abstracts:
                handle.write(json.dumps({"en": doc["en"], "fr": doc["fr"]}) + "\n")
        runs.append(bench_gale_church(sentences))
        runs += bench_checker("lexical", check_input, workdir, args.skip_dask)
        if not args.skip_e5:
            e5_input = head_file(check_input, workdir / "e5.jsonl", args.e5_records)
            runs.append(bench_embeddings(e5_input))
            runs += bench_checker("e5", e5_input, workdir, args.skip_dask)
    return runs


if __name__ == "__main__":
    main()
