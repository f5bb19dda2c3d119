"""The stored audits (data/audits) still tally to the audit table of docs/audits.md.

The table's figures were typed from ``scripts/audit_flags.py tally`` when each audit was
made; these tests tally every stored folder again and compare, so that moving, editing or
losing an audit file, or a table row drifting from its data, fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aligner.evaluation.audit import read_verdicts, tally

REPO = Path(__file__).resolve().parent.parent
AUDITS = REPO / "data" / "audits"
AUDIT_DOC = REPO / "docs" / "audits.md"
# | 3 | ca5ae5c | lexical | 80 (23) | 2.87% | 30 / 24 (kappa 0.84) | ...
ROW = re.compile(r"^\| (\d+) \| (\w+) \| (\w+) \| (\d+) \((\d+)\) \| ([\d.]+)% \| (\d+) / (\d+)"
                 r"(?: \(kappa ([\d.]+)\))? \|")


def documented_rows() -> dict[int, re.Match]:
    rows = {}
    for line in AUDIT_DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[int(match.group(1))] = match
    return rows


def audit_folders() -> list[Path]:
    return sorted(p for p in AUDITS.iterdir() if p.is_dir())


def test_every_stored_audit_has_a_row_and_every_row_its_data() -> None:
    folders = {int(p.name) for p in audit_folders()}
    assert folders, f"no audit folders under {AUDITS}"
    assert folders == set(documented_rows()), "data/audits and docs/audits.md list other audits"


@pytest.mark.parametrize("folder", audit_folders(), ids=lambda p: f"audit-{p.name}")
def test_a_stored_audit_tallies_to_its_documented_row(folder: Path) -> None:
    row = documented_rows()[int(folder.name)]
    key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    judges = {path.stem: read_verdicts(path, len(key["items"]))
              for path in sorted(folder.glob("judge_*.jsonl"))}
    assert len(judges) == 2, f"{folder}: an audit has two judges"
    rate = key["untouched_flagged"] / key["untouched_fr"]
    result = tally(judges, rate)

    assert (key["commit"], key["scorer"]) == (row.group(2), row.group(3))
    assert (len(key["items"]), key["seed"]) == (int(row.group(4)), int(row.group(5)))
    assert f"{rate:.2%}" == f"{row.group(6)}%"
    tools = [result["judges"][name]["tool"] for name in judges]
    assert tools == [int(row.group(7)), int(row.group(8))]
    if row.group(9):
        assert f"{result['agreement']['kappa']:.2f}" == row.group(9)


def test_the_tally_script_reads_an_audit_folder_by_its_path() -> None:
    import subprocess
    import sys

    folder = audit_folders()[0]
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "audit_flags.py"), "tally",
                           str(folder)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    judges = sorted(p.stem for p in folder.glob("judge_*.jsonl"))
    assert [line.split(" | ")[0].lstrip("| ") for line in done.stdout.splitlines()
            if line.startswith("| judge_")] == judges
