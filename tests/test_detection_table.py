"""scripts/detection_table.py prints one row per eval report, one column per injected kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "detection_table.py"


def report(kinds: dict[str, tuple[int, int]], flagged: int, untouched: int) -> dict:
    recall = {kind: {"documents": n, "detected": d, "recall": round(d / n, 4)}
              for kind, (n, d) in kinds.items()}
    return {"detection": {"recall": recall, "untouched_fr": untouched,
                          "untouched_flagged": flagged,
                          "false_flag_rate": flagged / untouched}}


def test_rows_and_columns(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(report({"glued_sentence": (10, 4)}, 3, 100)))
    second.write_text(json.dumps(report({"ordinal_change": (8, 6)}, 1, 50)))
    out = subprocess.run([sys.executable, str(SCRIPT), f"lex={first}", f"e5={second}"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "| run | glued_sentence | ordinal_change | untouched flagged |"
    assert out[2] == "| lex | 0.400 (10) |  | 3.00% (3/100) |"
    assert out[3] == "| e5 |  | 0.750 (8) | 2.00% (1/50) |"


def test_bad_arguments_say_how_to_call_it(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "no-equals-sign"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Usage" in result.stderr
    missing = subprocess.run([sys.executable, str(SCRIPT), f"x={tmp_path / 'none.json'}"],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
