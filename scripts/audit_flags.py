"""Blind audit of the flags the injected-divergence harness counts as false.

    # 1. check the injected file, then draw a sample and write the judges' sheet
    .venv/bin/aligner check /tmp/aligner-results/injected.jsonl --scorer lexical \\
        --format jsonl > /tmp/audit/out.jsonl
    .venv/bin/python scripts/audit_flags.py sample /tmp/audit/out.jsonl \\
        /tmp/aligner-results/injected.jsonl --size 60 --seed 7 --dir /tmp/audit
    # 2. each judge writes /tmp/audit/judge_NAME.jsonl from /tmp/audit/sheet.md
    # 3. the tally: per judge, agreement, and the checker's own false-flag rate
    .venv/bin/python scripts/audit_flags.py tally /tmp/audit/key.json \\
        /tmp/audit/judge_A.jsonl /tmp/audit/judge_B.jsonl
    # a stored audit (data/audits/N: its key.json and judge_*.jsonl), tallied again
    .venv/bin/python scripts/audit_flags.py tally data/audits/6
    # later, for a newer version of the checker: the judged items it still flags, at its rate
    .venv/bin/python scripts/audit_flags.py tally data/audits/6 \\
        --against NEW_OUT.jsonl /tmp/aligner-results/injected.jsonl

Why: the clean corpora hold real divergences, so the harness's false-flag rate bounds the
checker's own from above only (see aligner/evaluation/audit.py). The sheet carries no
judge's verdicts; give each judge the sheet alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# The stored audits: one folder per audit with key.json and judge_*.jsonl (data/audits/README.md).
AUDITS = REPO / "data" / "audits"

from aligner.evaluation.audit import (  # noqa: E402
    draw,
    flagged_untouched,
    read_verdicts,
    still_flagged,
    tally,
    write_sheet,
)


def read_jsonl(path: Path) -> dict[str, dict]:
    """Records by id. Lines end at "\n" only: JSON strings may hold U+2028 and the like,
    which ``str.splitlines`` would also cut at."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return {record["id"]: record for record in records}


def sample_command(args: argparse.Namespace) -> None:
    outputs, inputs = read_jsonl(args.output), read_jsonl(args.injected)
    population = flagged_untouched(outputs.values(), inputs)
    sample = draw(population, args.size, args.seed)
    args.dir.mkdir(parents=True, exist_ok=True)
    write_sheet(sample, inputs, outputs, args.dir / "sheet.md")
    key = {"output": str(args.output), "seed": args.seed,
           "untouched_fr": population.untouched, "untouched_flagged": len(population.flagged),
           "items": [{"item": n, "id": s.record_id, "fr_index": s.fr_index,
                      "en": s.bead["en"], "fr": s.bead["fr"], "flags": s.bead["flags"]}
                     for n, s in enumerate(sample, 1)]}
    (args.dir / "key.json").write_text(json.dumps(key, indent=1) + "\n", "utf-8")
    print(f"{len(population.flagged)} of {population.untouched} untouched French sentences "
          f"flagged ({population.rate:.2%}); {len(sample)} drawn -> {args.dir}/sheet.md")


def audit_files(key: Path, judges: list[Path]) -> tuple[Path, list[Path]]:
    """The key file and the judges' files: a folder stands for its key.json and, when no
    judge is named, its judge_*.jsonl (the layout of data/audits/N)."""
    if key.is_dir():
        judges = judges or sorted(key.glob("judge_*.jsonl"))
        key = key / "key.json"
    if not judges:
        raise ValueError(f"no judges' files given for {key} (and none beside it)")
    return key, judges


def tally_command(args: argparse.Namespace) -> None:
    key_path, judge_paths = audit_files(args.key, args.judges)
    key = json.loads(key_path.read_text("utf-8"))
    items = len(key["items"])
    judges = {path.stem: read_verdicts(path, items) for path in judge_paths}
    flagged, untouched = key["untouched_flagged"], key["untouched_fr"]
    if args.against:
        print(f"audited run: {flagged} of {untouched} flagged; flags raised only by the newer "
              "run are not in the sample")
        judges, flagged, untouched = _against_newer_run(key["items"], judges, args.against)
    rate = flagged / untouched
    result = tally(judges, rate)
    judged = len(next(iter(judges.values())))
    print(f"false-flag rate {rate:.2%} ({flagged} of {untouched}); {judged} flags judged")
    print("| judge | real | tool | unsure | own false-flag rate (95% interval) |")
    print("|---|---|---|---|---|")
    for name, row in result["judges"].items():
        low, high = row["own_rate_interval"]
        print(f"| {name} | {row['real']} | {row['tool']} | {row['unsure']} | "
              f"{row['own_rate']:.2%} ({low:.2%}-{high:.2%}) |")
    if "agreement" in result:
        agreement = result["agreement"]
        print(f"agreement: {agreement['same']} of {agreement['of']}, "
              f"Cohen's kappa {agreement['kappa']}")


def _against_newer_run(items: list[dict], judges: dict[str, list[str]],
                       paths: list[Path]) -> tuple[dict[str, list[str]], int, int]:
    """The verdicts of the items a newer run still flags, and that run's population."""
    outputs, inputs = read_jsonl(paths[0]), read_jsonl(paths[1])
    population = flagged_untouched(outputs.values(), inputs)
    kept = still_flagged(items, population)
    for name, verdicts in judges.items():
        dropped = Counter(v for v, keep in zip(verdicts, kept, strict=True) if not keep)
        print(f"{name}: {kept.count(False)} judged items no longer flagged in {paths[0]} "
              f"({', '.join(f'{v} {n}' for v, n in sorted(dropped.items())) or 'none'})")
    kept_verdicts = {name: [v for v, keep in zip(verdicts, kept, strict=True) if keep]
                     for name, verdicts in judges.items()}
    return kept_verdicts, len(population.flagged), population.untouched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="draw flags and write the judges' sheet")
    sample.add_argument("output", type=Path, help="`aligner check --format jsonl` output")
    sample.add_argument("injected", type=Path, help="the file `aligner inject` wrote")
    sample.add_argument("--size", type=int, default=60)
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--dir", type=Path, default=Path("audit"))
    count = commands.add_parser("tally", help="count the judges' verdicts")
    count.add_argument("key", type=Path,
                       help="the audit's key.json, or its folder (e.g. data/audits/6)")
    count.add_argument("judges", type=Path, nargs="*",
                       help="judges' verdict files (default with a folder: its judge_*.jsonl)")
    count.add_argument("--against", type=Path, nargs=2, metavar=("OUTPUT", "INJECTED"),
                       help="re-estimate for a newer run: its check output and the "
                            "injected file; only the judged items it still flags count")
    args = parser.parse_args()
    try:
        (sample_command if args.command == "sample" else tally_command)(args)
    except (OSError, ValueError, KeyError) as error:  # a missing file, a bad line or id
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
