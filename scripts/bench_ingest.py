"""Speed and memory of ingest on large journal dumps, printed as a table.

Generates synthetic dumps (no real data needed): an OAI-PMH ListRecords page of Dublin
Core records and a Crossref REST ``work-list`` page, each with English and French
abstracts of realistic length, at two sizes (1,000 and 10,000 records by default). Each
is ingested in a fresh process (``aligner.ingest.core.ingest_paths``, every outcome
consumed) on one core; the table shows records per second (the language model's one-off
load, a few seconds per process, shown apart) and the process's peak resident memory.
Streaming holds one record at a time, so the peak should not grow with the number of
records; the goal is >= 500 records/s.

    python scripts/bench_ingest.py [--sizes 1000 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

EN = ("We measured the winter discharge of {i} boreal rivers over three decades and relate "
      "it to snow cover, soil frost and the timing of the spring flood. Discharge rose in "
      "most catchments, and the rise was largest where the snow cover thinned. We discuss "
      "what this means for hydropower planning in northern regions.")
FR = ("Nous avons mesuré le débit hivernal de {i} rivières boréales sur trois décennies et le "
      "relions à la couverture de neige, au gel du sol et à la date de la crue printanière. "
      "Le débit a augmenté dans la plupart des bassins, surtout là où la neige s’est amincie. "
      "Nous discutons de ce que cela signifie pour la planification hydroélectrique au nord.")

CHILD = """
import json, resource, sys, time
from aligner.ingest.core import ingest_paths
from aligner.ingest.language import _langid
from aligner.ingest.model import IngestedRecord
loading = time.perf_counter()
_langid()  # the language model, loaded once per process: reported apart
start = time.perf_counter()
records = problems = 0
for outcome in ingest_paths([sys.argv[1]]):
    if isinstance(outcome, IngestedRecord) and outcome.en and outcome.fr:
        records += 1
    else:
        problems += 1
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"records": records, "problems": problems, "seconds": seconds, "peak": peak,
                  "load": start - loading}))
"""


def write_oai(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives'
                  '.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate>'
                  '<ListRecords>\n')
        for i in range(count):
            out.write(
                f"<record><header><identifier>oai:bench:{i}</identifier></header><metadata>"
                '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f'<dc:title xml:lang="en">Winter discharge of boreal rivers {i}</dc:title>'
                f'<dc:title xml:lang="fr">Le débit hivernal des rivières boréales {i}</dc:title>'
                f'<dc:description xml:lang="en">{escape(EN.format(i=i))}</dc:description>'
                f'<dc:description xml:lang="fr">{escape(FR.format(i=i))}</dc:description>'
                f'<dc:subject xml:lang="en">hydrology; snow</dc:subject>'
                f'<dc:identifier>https://doi.org/10.9999/bench.{i}</dc:identifier>'
                "</oai_dc:dc></metadata></record>\n")
        out.write("</ListRecords></OAI-PMH>\n")


def write_crossref(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('{"status":"ok","message-type":"work-list","message":{"facets":{},'
                  f'"total-results":{count},"items":[\n')
        for i in range(count):
            abstract = (f'<jats:abstract xml:lang="en"><jats:p>{EN.format(i=i)}</jats:p>'
                        f'</jats:abstract><jats:abstract xml:lang="fr"><jats:p>'
                        f'{FR.format(i=i)}</jats:p></jats:abstract>')
            work = {"DOI": f"10.9999/bench.{i}", "type": "journal-article",
                    "title": [f"Winter discharge of boreal rivers {i}"],
                    "container-title": ["Bench Journal"], "abstract": abstract}
            out.write(("," if i else "") + json.dumps(work, ensure_ascii=False) + "\n")
        out.write("]}}\n")


def run(path: Path) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = ["taskset", "-c", "0"] if _has_taskset() else []
    done = subprocess.run(command + [sys.executable, "-c", CHILD, str(path)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _has_taskset() -> bool:
    return any((Path(d) / "taskset").exists() for d in os.environ.get("PATH", "").split(":"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", help="write the dumps here instead of a temporary folder")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'dump':<18}{'records':>9}{'MB':>7}{'seconds':>9}{'records/s':>11}"
          f"{'model load s':>14}{'peak RSS MB':>13}{'problems':>10}")
    for kind, writer, suffix in (("OAI-PMH DC", write_oai, "xml"),
                                 ("Crossref JSON", write_crossref, "json")):
        for size in args.sizes:
            path = folder / f"{kind.split()[0].lower()}_{size}.{suffix}"
            writer(path, size)
            result = run(path)
            megabytes = path.stat().st_size / 1e6
            rate = result["records"] / result["seconds"] if result["seconds"] else 0.0
            print(f"{kind:<18}{result['records']:>9}{megabytes:>7.1f}{result['seconds']:>9.1f}"
                  f"{rate:>11.0f}{result['load']:>14.1f}{result['peak']:>13.0f}"
                  f"{result['problems']:>10}")
            if not args.keep:
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
