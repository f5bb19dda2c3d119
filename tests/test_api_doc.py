"""The example of docs/api.md runs as written and prints what the page says it prints.

A journal copying the example into its pipeline must get exactly the documented result, so
the test takes the page's first ``python`` block and its ``text`` block, runs the one and
compares its output with the other.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
API_DOC = REPO / "docs" / "api.md"


def fenced(kind: str) -> str:
    blocks = re.findall(rf"^```{kind}\n(.*?)^```$", API_DOC.read_text(encoding="utf-8"),
                        flags=re.S | re.M)
    assert blocks, f"{API_DOC} has no ```{kind} block"
    return blocks[0]


def test_the_api_example_runs_and_prints_what_the_page_shows(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(fenced("python"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout == fenced("text")
