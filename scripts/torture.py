"""Long durability runs (issue 28): prints a tried / held table.

    .venv/bin/python scripts/torture.py --records 1000 --kills 5

For each engine (--jobs 1, --jobs 2, --engine dask): an uninterrupted run, then a run
SIGKILLed at --kills random moments (each time resumed with --resume), then compared byte
for byte; then the review server: 200 concurrent POSTs, SIGKILL midway, restart. The fast
versions are tests/test_durability.py and tests/test_review_durability.py.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.durability_kit import (  # noqa: E402
    check_command,
    concurrent_posts,
    input_ids,
    kill_after,
    output_ids,
    review_results,
    start,
    start_review,
    stored_notes,
    write_synthetic_jsonl,
)

ENGINES = {"jobs 1": ["--jobs", "1"], "jobs 2": ["--jobs", "2"],
           "dask": ["--jobs", "2", "--engine", "dask"]}


def killed_runs(work: Path, source: Path, name: str, extra: list[str], kills: int,
                rng: random.Random) -> tuple[int, bool]:
    """(kills that landed, output identical with every id once)."""
    full, out = work / f"{name}.full.jsonl", work / f"{name}.killed.jsonl"
    subprocess.run(check_command(source, full, *extra), check=True, capture_output=True)
    landed = 0
    for attempt in range(kills):
        resume = ["--resume"] if attempt or out.exists() else []
        landed += kill_after(start(check_command(source, out, *extra, *resume)), out,
                             rng.uniform(0.5, 6.0))
    subprocess.run(check_command(source, out, *extra, "--resume"), check=True,
                   capture_output=True)
    held = output_ids(out) == input_ids(source) and out.read_bytes() == full.read_bytes()
    return landed, held


def review_trial(work: Path, rounds: int) -> tuple[int, int]:
    """(rounds, rounds where every answered POST was stored and integrity was ok)."""
    held = 0
    for round_ in range(rounds):
        results, db = review_results(work / f"r{round_}.jsonl"), work / f"r{round_}.sqlite"
        process, port, token = start_review(results, db)
        answered = concurrent_posts([(port, token)], 200, kill=process.kill, kill_at=100)
        process.wait()
        restarted = start_review(results, db)[0]
        restarted.kill()
        restarted.wait()
        notes, integrity = stored_notes(db)
        held += integrity == "ok" and {n for _, _, n in answered} <= set(notes.values())
    return rounds, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--review-rounds", type=int, default=3)
    parser.add_argument("--engines", default=",".join(ENGINES))
    args = parser.parse_args()
    rng = random.Random(28)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = write_synthetic_jsonl(work / "in.jsonl", args.records)
        for name in args.engines.split(","):
            landed, held = killed_runs(work, source, name.replace(" ", ""), ENGINES[name],
                                       args.kills, rng)
            rows.append((f"check {name}: {args.records} records, SIGKILL x{args.kills} "
                         f"({landed} landed) + --resume", 1, int(held)))
        tried, held = review_trial(work, args.review_rounds)
        rows.append(("review: 200 concurrent POSTs, SIGKILL after 100, restart", tried, held))
    print("| trial | tried | held |\n|---|---:|---:|")
    for trial, tried, held in rows:
        print(f"| {trial} | {tried} | {held} |")


if __name__ == "__main__":
    main()
