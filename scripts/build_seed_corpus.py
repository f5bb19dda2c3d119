"""Regenerate corpora/seeds.jsonl from the raw seed records with `aligner ingest`.

The seed corpus is not written by hand: it is whatever `aligner ingest` makes of the raw
pages in ../shared/seeds, so an improvement to ingest shows up here (and
tests/test_ingest.py fails until the corpus is regenerated and reviewed). Paths are given
relative to the repository root, so ``source_file`` reads ``../shared/seeds/<file>`` on
every machine.

    python scripts/build_seed_corpus.py                 # rewrite corpora/seeds.jsonl
    python scripts/build_seed_corpus.py -o /tmp/s.jsonl # write elsewhere (the sync test)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_OUTPUT = REPO / "corpora" / "seeds.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="raw seed directory")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="JSONL out")
    args = parser.parse_args(argv)
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        print(f"error: no *.txt seed records in {args.seeds}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    relative = [os.path.relpath(path, REPO) for path in files]
    command = [sys.executable, "-m", "aligner", "ingest", *relative, "-o", str(args.output)]
    return subprocess.run(command, cwd=REPO, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
