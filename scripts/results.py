#!/usr/bin/env python3
"""Produce the README's results section from real runs, never from typed-in figures.

    .venv/bin/python scripts/results.py run [NAME ...] [--out DIR]   # run experiments
    .venv/bin/python scripts/results.py markdown [--out DIR]         # print the section

``run`` executes each named experiment (all when none is named) and stores its command,
start and end time, the repository state (HEAD commit and a hash of uncommitted changes)
and its output under DIR (default: /tmp/aligner-results, outside the repository).
``markdown`` turns the stored runs into the markdown pasted between the README's results
markers, each figure next to the command that produced it. Experiments can be run at
different times (the slow e5 ones earlier); each block says when and on which state it
was measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from aligner.evaluation.audit import wilson_interval  # noqa: E402 (after the path is set)

DATA = "../shared/data"
INJECTED = "/tmp/aligner-results/injected.jsonl"
# The checker's output on the injected file, kept for flag audits (scripts/audit_flags.py
# sample, and tally --against): CHECKED.format(scorer="e5").
CHECKED = "/tmp/aligner-results/injected-checked-{scorer}.jsonl"
AL = ".venv/bin/aligner"
# e5 (OpenMP) slows down many times when the cores are oversubscribed, as on the shared
# session machine; one thread per process keeps the quality runs short (figures unchanged).
E5 = f"OMP_NUM_THREADS=1 {AL}"
PY = ".venv/bin/python"
INJECT = (
    f"{AL} inject {DATA}/matos_nlp_abstracts_enfr.jsonl {DATA}/wmt_biomed_realigned_enfr.jsonl "
    f"--seed 13 --rate 0.5 -o {INJECTED}"
)
# Every clean document, no sample: about 450 of each divergence, so a recall near 0.95 is
# known to about +-0.02 (95%), against +-0.04 with the 1,000 documents used before. The e5
# run takes about 25 minutes on 2 cores.

# name -> (command, kind of output)
EXPERIMENTS: dict[str, tuple[str, str]] = {
    "medline-lexical": (
        f"{AL} eval {DATA}/wmt20_medline_fr2en_gold.jsonl --scorer lexical --format json",
        "json",
    ),
    "medline-e5": (
        f"{E5} eval {DATA}/wmt20_medline_fr2en_gold.jsonl --scorer e5 --format json",
        "json",
    ),
    "novels-lexical": (
        f"{AL} eval {DATA}/transread_novels_enfr_gold.jsonl --scorer lexical --format json",
        "json",
    ),
    "novels-e5": (
        f"{E5} eval {DATA}/transread_novels_enfr_gold.jsonl --scorer e5 --format json",
        "json",
    ),
    "inject": (INJECT, "text"),
    "injected-lexical": (
        f"{AL} eval {INJECTED} --scorer lexical --format json "
        f"--save-output {CHECKED.format(scorer='lexical')}",
        "json",
    ),
    "injected-e5": (
        f"{E5} eval {INJECTED} --scorer e5 --format json "
        f"--save-output {CHECKED.format(scorer='e5')}",
        "json",
    ),
    "refresd-lexical": (
        f"{AL} eval --refresd {DATA}/refresd_dev.jsonl --scorer lexical --format json",
        "json",
    ),
    "refresd-e5": (
        f"{E5} eval --refresd {DATA}/refresd_dev.jsonl --scorer e5 --format json",
        "json",
    ),
    "bench": (
        f"OMP_NUM_THREADS=1 {PY} scripts/bench.py --records 1000 --e5-records 40 "
        "--stream-records 0",
        "markdown",
    ),
    "stream": (
        f"{PY} scripts/bench.py --stream-only --stream-records 10000 --stream-jobs 2",
        "markdown",
    ),
    "stream-100k": (
        f"{PY} scripts/bench.py --stream-only --stream-records 100000 --stream-jobs 2",
        "markdown",
    ),
}


def repository_state() -> dict[str, str]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout

    diff = git("diff", "HEAD") + git("status", "--short")
    return {
        "head": git("rev-parse", "--short", "HEAD").strip(),
        "uncommitted": hashlib.sha1(diff.encode()).hexdigest()[:10] if diff.strip() else "",
    }


def stale_installed_files() -> list[str]:
    """Package files that ``.venv/bin/aligner`` would run but that differ from the checkout.

    The figures are stamped with the checkout's commit, but the console script imports
    the package installed in ``.venv``. A plain (non-editable) install is a copy taken
    when it was made, so after a ``git checkout`` the runs would measure the old code
    under the new commit's name. Empty when the install is editable or up to date.
    """
    probe = "import aligner, pathlib; print(pathlib.Path(aligner.__file__).parent)"
    found = subprocess.run([str(REPO / ".venv/bin/python"), "-c", probe], cwd="/",
                           capture_output=True, text=True, check=False)
    installed = Path(found.stdout.strip()) if found.returncode == 0 else None
    source = REPO / "aligner"
    if installed is None or installed.resolve() == source.resolve():
        return []
    stale = []
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".npz", ".model"):
            copy = installed / path.relative_to(source)
            if not copy.is_file() or copy.read_bytes() != path.read_bytes():
                stale.append(str(path.relative_to(REPO)))
    return stale


def run_experiment(name: str, out: Path) -> None:
    stale = stale_installed_files()
    if stale:
        sys.exit(f"{name}: the package installed in .venv is not this checkout "
                 f"({', '.join(stale[:5])}{' ...' if len(stale) > 5 else ''} differ); "
                 "reinstall it (.venv/bin/pip install --no-deps .) or install it editable")
    command, kind = EXPERIMENTS[name]
    if "{INJECTED}" in command or INJECTED in command:
        Path(INJECTED).parent.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    state = repository_state()
    load = os.getloadavg()[0]
    print(f"[{started:%H:%M:%S}] {name}: {command}", file=sys.stderr)
    process = subprocess.run(command, shell=True, cwd=REPO, capture_output=True, text=True)
    finished = dt.datetime.now(dt.timezone.utc)
    if process.returncode != 0:
        sys.exit(f"{name} failed:\n{process.stderr[-3000:]}")
    output = json.loads(process.stdout) if kind == "json" else process.stdout
    record = {
        "name": name,
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "state": state,
        "load_average": load,
        "kind": kind,
        "output": output,
        "stderr": process.stderr[-2000:] if kind == "text" else "",
    }
    (out / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1))
    print(f"[{finished:%H:%M:%S}] {name} done", file=sys.stderr)


# --- markdown -------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _when(record: dict) -> str:
    state = record["state"]
    dirty = f" + uncommitted changes `{state['uncommitted']}`" if state["uncommitted"] else ""
    return f"{record['started'][:16].replace('T', ' ')} UTC, commit `{state['head']}`{dirty}"


def alignment_table(records: list[dict]) -> list[str]:
    lines = [
        "| data | scorer | docs | exact docs | all P/R/F1 | strict F1 | lax F1 | "
        "addition P/R/F1 | omission P/R/F1 | gold 1-1 flagged |",
        "|---|---|---:|---:|---|---:|---:|---|---|---:|",
    ]
    for record in records:
        out = record["output"]
        data = record["name"].rsplit("-", 1)[0]

        def prf(measure: str, out: dict = out) -> str:
            m = out[measure]
            return f"{_f(m['p'])} / {_f(m['r'])} / **{_f(m['f1'])}**"

        lines.append(
            f"| {data} | {out['scorer']} | {out['documents']} | {_f(out['exact'])} | "
            f"{prf('all')} | {_f(out['strict']['f1'])} | {_f(out['lax']['f1'])} | "
            f"{prf('addition')} | {prf('omission')} | {_gold_pairs_flagged(out)} |"
        )
    return lines


def _gold_pairs_flagged(out: dict) -> str:
    """Share of gold 1-1 French sentences in a flagged bead (runs older than the measure: n/a)."""
    pairs = out.get("gold_one_to_one_flagged")
    if not pairs or pairs["rate"] is None:
        return "n/a"
    return f"{pairs['rate']:.1%} ({pairs['flagged']}/{pairs['french']})"


def detection_table(records: list[dict]) -> list[str]:
    kinds = ["addition", "omission", "untranslated", "number_mismatch", "substitution"]
    lines = [
        "| scorer | docs | " + " | ".join(kinds) + " | false-flag rate | clean docs flagged |",
        "|---|---:|" + "---:|" * len(kinds) + "---:|---:|",
    ]
    for record in records:
        out = record["output"]
        det = out["detection"]
        cells = []
        for kind in kinds:
            row = det["recall"].get(kind)
            cells.append(
                "n/a"
                if row is None
                else f"{_f(row['recall'])} / {_f(row['any_flag'])} ({row['documents']})"
            )
        rate = det["false_flag_rate"]
        lines.append(
            f"| {out['scorer']} | {out['documents']} | " + " | ".join(cells) + f" | "
            f"{'n/a' if rate is None else f'{rate:.1%}'} "
            f"({det['untouched_flagged']}/{det['untouched_fr']}) | "
            f"{det['clean_documents_flagged']}/{det['clean_documents']} |"
        )
    return lines


def false_flags_by_corpus(records: list[dict]) -> list[str]:
    """One line per scorer and source corpus: false-flag rate and its flags."""
    lines = ["", "False flags on untouched French sentences, by source corpus:", ""]
    for record in records:
        out = record["output"]
        for corpus, row in out["detection"].get("false_flags_by_corpus", {}).items():
            rate = row["false_flag_rate"]
            flags = ", ".join(f"`{flag}` {count}" for flag, count in row["by_flag"].items())
            lines.append(
                f"- {out['scorer']}, {corpus}: {'n/a' if rate is None else f'{rate:.1%}'} "
                f"({row['untouched_flagged']}/{row['untouched_fr']}){': ' + flags if flags else ''}"
            )
    return lines if len(lines) > 3 else []


def refresd_table(records: list[dict]) -> list[str]:
    lines = [
        "| scorer | pairs | AUC unrelated vs none | AUC some vs none | "
        "mean score none / some / unrelated |",
        "|---|---:|---:|---:|---|",
    ]
    for record in records:
        out = record["output"]["refresd"]
        means = " / ".join(_f(out["labels"][k]["mean_score"]) for k in out["labels"])
        lines.append(
            f"| {record['output']['scorer']} | {out['pairs']} | "
            f"{_f(out['auc_unrelated_vs_none'])} | {_f(out['auc_some_vs_none'])} | {means} |"
        )
    return lines


# The labels people gave to pairs they judged equivalent: Medline's annotators' "OK", and
# REFreSD's "no meaning difference". A flag on such a pair is a false flag by their judgement.
EQUIVALENT_LABELS = {"medline": "OK", "refresd": "no_meaning_difference"}


def people_labelled_table(align: list[dict], refresd: list[dict]) -> list[str]:
    """Per scorer: flagged / all French sentences (Medline) or pairs (REFreSD) of each kind
    people labelled, and a false-flag rate pooled over the pairs they judged equivalent
    (Medline ``OK`` beads and REFreSD "no meaning difference"), with its Wilson 95%
    interval. Rows need both runs of the scorer."""
    lines = [
        "| scorer | Medline `OK` | Medline partial | REFreSD none | REFreSD some | "
        "REFreSD unrelated | people-judged false-flag rate (95%) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    medline = {r["output"]["scorer"]: r["output"] for r in align if r["name"].startswith("medline")}
    for record in refresd:
        scorer = record["output"]["scorer"]
        labelled = medline.get(scorer, {}).get("gold_labelled_flagged")
        labels = record["output"]["refresd"]["labels"]
        if not labelled or "flagged_pairs" not in labels[EQUIVALENT_LABELS["refresd"]]:
            continue  # runs older than these measures
        ok = labelled.get(EQUIVALENT_LABELS["medline"], {"flagged": 0, "french": 0})
        partial = [row for label, row in labelled.items() if label != EQUIVALENT_LABELS["medline"]]
        flagged_partial = sum(row["flagged"] for row in partial)
        partial_total = sum(row["french"] for row in partial)
        refresd_cells = " | ".join(f"{row['flagged_pairs']}/{row['pairs']}"
                                   for row in labels.values())
        none = labels[EQUIVALENT_LABELS["refresd"]]
        flagged = ok["flagged"] + none["flagged_pairs"]
        total = ok["french"] + none["pairs"]
        low, high = wilson_interval(flagged, total)
        lines.append(
            f"| {scorer} | {ok['flagged']}/{ok['french']} | {flagged_partial}/{partial_total} | "
            f"{refresd_cells} | {flagged / total:.2%} ({flagged}/{total}; "
            f"{low:.2%}-{high:.2%}) |"
        )
    return lines if len(lines) > 2 else []


def commands_block(records: list[dict]) -> list[str]:
    lines = ["", "<details><summary>Commands and when they ran</summary>", ""]
    for record in records:
        lines.append(f"- `{record['command']}` — {_when(record)}")
    return lines + ["", "</details>", ""]


INTRO = """
How to measure (from the repository root, with ../shared/data beside it):

    aligner eval GOLD.jsonl [GOLD2.jsonl ...] [--scorer auto|e5|lexical] [--format table|json]
    aligner inject CLEAN.jsonl [...] -o injected.jsonl --seed 13 [--rate 0.5] [--sample N]
    aligner eval injected.jsonl            # adds detection recall and the false-flag rate
    aligner eval --refresd ../shared/data/refresd_dev.jsonl
    .venv/bin/python scripts/bench.py [--records 1000] [--e5-records 50] [--skip-e5]

`aligner eval` feeds the gold sentence lists to the same code path as `aligner check`
(`aligner.runner.run_check`; `--jobs`/`--engine` as there) and compares the output beads
with gold, per file and overall (micro-averaged: counts summed over documents).
`--format json` prints one object: `all`, `strict`, `lax`, `addition`, `omission` (each with
`p`, `r`, `f1` and the counts `tp`, `predicted`, `gold`), `exact` (share of documents aligned
exactly) at the top level, the same per file under `files`, plus `detection` for injected
files, `gold_one_to_one_flagged` for other gold files (and `gold_labelled_flagged` when
they label their beads, as Medline does) and `refresd` with `--refresd`.
Measures:

- *all*: exact bead match over all beads, 1-0 and 0-1 included;
- *strict*: exact match over non-empty beads, predicted and gold alike (Vecalign's
  `score.py` computes recall this way but also counts the system's null beads in precision);
- *lax*: sentence links, every (English i, French j) pair inside a non-empty bead (Vecalign's
  lax is bead-level: a bead sharing any link with gold counts as right);
- *addition* / *omission*: French sentences in beads with no English / English sentences in
  beads with no French;
- *gold 1-1 flagged*: French sentences of gold 1-1 beads whose output bead carries any
  flag. The annotators judged these pairs translations (Medline's alignments were
  validated by hand), so this bounds false flags on real translations from above; a flagged
  pair may still differ (a count or a clause added by the translator);
- *flagged by label*: for a gold file whose `gold_labels` give the annotators' verdict
  on each bead, the French sentences of labelled beads with both sides whose output bead
  carries a flag, per label (Medline: `OK`, or a partial divergence);
- a ratio with nothing to divide by is `null` (`n/a`), and F1 = 2 tp / (predicted + gold).

`aligner inject` (module `aligner/evaluation/inject.py`) turns clean 1-1 abstracts into a
gold file where half of the documents (`--rate`) carry one known divergence: a French
sentence from another abstract inserted (expected flag `addition`), a French sentence
dropped (`omission` on its English), a French sentence replaced by its English source
(`untranslated`), a number changed on one side to a value the other side lacks, digits or
number words in either language (`number_mismatch`), or a French sentence replaced by one
from another abstract (`low_fidelity`). Only documents whose gold is 1-1 throughout are
used, and not those whose gold pairs an empty line with text: three records of
wmt_biomed_realigned pair "Title" with "" and every later English line with the French
line before its translation, so an injection there was scored against a shifted answer
(the e5 omission miss `fyvo-medline20_en2fr-doc81` was the checker aligning right). The
figures below use every clean document (4,351; no `--sample`): about 450 divergences of
each kind, so a recall near 0.95 is known to about +-0.02. REFreSD pairs are scored as
one forced bead each (`Checker.score_pair`); ROC-AUC is the Mann-Whitney rank statistic,
ties counted half.

Every figure below was printed by `scripts/results.py markdown` from stored runs of the
commands listed under each table (`scripts/results.py run NAME` runs one).
"""


PEOPLE_LABELLED_INTRO = """
The French sentences of the Medline beads its annotators labelled `OK`, and the REFreSD
pairs labelled "no meaning difference", are pairs people judged equivalent: a flag on one
is a false flag by their judgement, with no clean-corpus assumption and no AI judge. Medline's
partial labels (`SOURCE_GREATER_TARGET`, `TARGET_GREATER_SOURCE`, `OVERLAP`) and REFreSD's
"some meaning difference" are divergences people found; flagging them is right. Counts
come from the Medline and REFreSD runs above (`gold_labelled_flagged`, `flagged_pairs`).
"""


def markdown(out: Path) -> str:
    stored = {p.stem: json.loads(p.read_text()) for p in sorted(out.glob("*.json"))}

    def present(*names: str) -> list[dict]:
        return [stored[n] for n in names if n in stored]

    parts: list[str] = ["## Results", "", *INTRO.strip().split("\n")]
    loads = [record["load_average"] for record in stored.values()]
    if loads:
        parts += [
            "",
            f"Machine: {os.cpu_count()} cores, shared with other engineers' jobs while these "
            f"ran (1-minute load average at the start of the runs: {min(loads):.1f} to "
            f"{max(loads):.1f}), so speed figures are pessimistic and noisy; quality figures "
            "do not depend on load.",
        ]
    align = present("medline-lexical", "medline-e5", "novels-lexical", "novels-e5")
    if align:
        parts += ["", "### Alignment against gold", ""] + alignment_table(align)
        parts += commands_block(align)
    injected = present("injected-lexical", "injected-e5")
    if injected:
        inject = present("inject")
        parts += ["### Injected divergences: recall of the expected flag / any flag (docs)", ""]
        parts += detection_table(injected)
        parts += [
            "",
            "Detection = the expected flag on the bead holding the injected sentence "
            "(`low_fidelity` for a substitution). False-flag rate = untouched French "
            "sentences whose bead carries any flag. The clean abstracts are curated "
            "parallel segments, not all perfect translations; both rows use every clean "
            "document of the two files.",
        ]
        parts += false_flags_by_corpus(injected)
        if inject:
            parts += ["", f"Injected file: {inject[0]['stderr'].strip()}"]
        parts += commands_block(inject + injected)
    refresd = present("refresd-lexical", "refresd-e5")
    if refresd:
        parts += ["### REFreSD (bead score as a divergence detector)", ""]
        parts += refresd_table(refresd) + commands_block(refresd)
        labelled = people_labelled_table(align, refresd)
        if labelled:
            parts += ["### Flags on pairs people labelled", "", *PEOPLE_LABELLED_INTRO.strip()
                      .split("\n"), "", *labelled, ""]
    streams = ("stream-100k",) if "stream-100k" in stored else ("stream",)
    for name, title in (("bench", "Speed and memory"), *((n, "Streaming memory") for n in streams)):
        if name in stored:
            parts += [f"### {title}", "", stored[name]["output"].strip()]
            parts += commands_block([stored[name]])
    return "\n".join(parts).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["run", "markdown"])
    parser.add_argument("names", nargs="*", help=f"experiments: {', '.join(EXPERIMENTS)}")
    parser.add_argument("--out", type=Path, default=Path("/tmp/aligner-results"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.action == "markdown":
        print(markdown(args.out), end="")
        return
    unknown = [n for n in args.names if n not in EXPERIMENTS]
    if unknown:
        sys.exit(f"unknown experiment(s) {unknown}; choose from {', '.join(EXPERIMENTS)}")
    for name in args.names or list(EXPERIMENTS):
        run_experiment(name, args.out)


if __name__ == "__main__":
    main()
