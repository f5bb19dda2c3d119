"""A blind audit of the flags on untouched sentences: how many are the checker's own mistakes?

The injected-divergence harness (:mod:`aligner.evaluation.detection`) counts every flag on
a French sentence that no injection touched as a false flag. But the "clean" corpora hold
real divergences (French sentences that do not translate their English, numbers dropped
or changed), so that rate bounds the checker's own error rate from above only. Telling
the two apart takes people: this module draws a random sample of those flags, writes a
sheet for judges (each flag with its bead and the whole aligned document, and the
criteria below), and tallies their verdicts.

The estimate: the checker's own false-flag rate is the share of sampled flags judged
"tool" times the harness's false-flag rate, with a Wilson score interval (Wilson 1927,
JASA 22(158)) for the share, which behaves at small counts where the normal
approximation does not. Agreement between two judges is Cohen's kappa (Cohen 1960).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.evaluation.detection import touched_french

VERDICTS = ("real", "tool", "unsure")

CRITERIA = """\
For each item decide whether the flagged divergence is REAL in the data or a mistake of
the TOOL, and write one JSON line per item: {"item": 1, "verdict": "real" | "tool" |
"unsure", "why": "one short sentence"}.
- low_fidelity: real if the French fails to convey a substantial part of the English of
  the bead, or says something substantially different or extra. Tool if it is a faithful
  translation, even a free one (reordering, paraphrase, a dropped filler word do not
  count), or if the English content is in a neighbouring bead (wrong pairing).
- number_mismatch: real if a number (digits or words) is on one side only or differs.
  Tool if all numbers correspond (five = 5, 1.5 = 1,5, "a pair" = deux) or the missing
  number is in a neighbouring sentence the tool paired wrongly.
- addition / omission: real if the sentence's content is said nowhere on the other side
  of the document; tool otherwise.
- untranslated / wrong_language: real if the French side really is in English (or
  another language); tool otherwise.
With two flags, the item is real if at least one is. Use "unsure" sparingly.
"""


@dataclass(frozen=True)
class FlaggedSentence:
    """One untouched French sentence whose output bead carries a flag."""

    record_id: str
    fr_index: int
    bead: dict[str, Any]


@dataclass(frozen=True)
class Population:
    """Every untouched French sentence of a run, and those whose bead is flagged."""

    untouched: int
    flagged: list[FlaggedSentence]

    @property
    def rate(self) -> float:
        return len(self.flagged) / self.untouched if self.untouched else 0.0


def flagged_untouched(outputs: Iterable[dict[str, Any]],
                      inputs: dict[str, dict[str, Any]]) -> Population:
    """The flags the harness counts as false: on French sentences no injection touched.

    Counted per French sentence, as :class:`~aligner.evaluation.detection.DetectionScores`
    counts them, so a flagged 1-2 bead is two draws' worth of the population.
    """
    untouched = 0
    flagged: list[FlaggedSentence] = []
    for output in outputs:
        record = inputs.get(output["id"])
        if record is None:
            raise ValueError(f"record {output['id']!r} of the checker's output is not in the "
                             "injected file: were both made from the same input?")
        touched = touched_french(record.get("injected"))
        bead_of_fr = {j: bead for bead in output.get("beads", []) for j in bead["fr"]}
        for j in range(len(record.get("fr") or [])):
            if j in touched:
                continue
            untouched += 1
            bead = bead_of_fr.get(j)
            if bead is not None and bead.get("flags"):
                flagged.append(FlaggedSentence(output["id"], j, bead))
    return Population(untouched, flagged)


def still_flagged(items: list[dict[str, Any]], population: Population) -> list[bool]:
    """For each judged item of an earlier audit, whether a newer run still flags its
    French sentence.

    Why: an audit costs two judges' reading, and every change to the checker moves the
    population. A flag the newer run no longer raises leaves the population; the items
    still flagged are a random sample of the flags both runs raise, so their verdicts,
    scaled by the newer run's rate, re-estimate the checker's own rate. Flags new in the
    newer run are not in that sample: the re-estimate holds while they are few (compare
    the two runs' counts). Keys of the first audits name the bead's French sentences only;
    the first of them stands for the item.
    """
    flagged = {(s.record_id, s.fr_index) for s in population.flagged}
    return [(item["id"], item.get("fr_index", (item.get("fr") or [None])[0])) in flagged
            for item in items]


def draw(population: Population, size: int, seed: int) -> list[FlaggedSentence]:
    """A simple random sample of flagged French sentences (a flagged 1-2 bead may come up
    twice: each of its sentences counts in the rate, so each is a draw of its own)."""
    return random.Random(seed).sample(population.flagged, min(size, len(population.flagged)))


def write_sheet(sample: list[FlaggedSentence], inputs: dict[str, dict[str, Any]],
                outputs: dict[str, dict[str, Any]], path: Path) -> None:
    """The judges' sheet: criteria, then each flag with its bead and aligned document."""
    lines = ["# Flag audit", "", CRITERIA]
    for number, item in enumerate(sample, 1):
        record, bead = inputs[item.record_id], item.bead
        lines += [f"## Item {number} (document {item.record_id})", "",
                  f"Flags: {', '.join(bead['flags'])}. "
                  f"Tool's reason: {bead.get('details', {}).get('reason', '')}", ""]
        lines += [f"    EN[{i}] {record['en'][i]}" for i in bead["en"]] or ["    (no English)"]
        lines += [f"    FR[{j}] {record['fr'][j]}" for j in bead["fr"]] or ["    (no French)"]
        lines += ["", "The document as the tool aligned it:", ""]
        for other in outputs[item.record_id]["beads"]:
            en = " ".join(f"[{i}] {record['en'][i]}" for i in other["en"]) or "(none)"
            fr = " ".join(f"[{j}] {record['fr'][j]}" for j in other["fr"]) or "(none)"
            lines += [f"- EN {en}", f"  FR {fr}"]
        lines.append("")
    path.write_text("\n".join(lines), "utf-8")


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (95% by default)."""
    if trials == 0:
        return (0.0, 1.0)
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials**2)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def cohen_kappa(first: list[str], second: list[str]) -> float | None:
    """Agreement between two judges beyond chance; None when chance agreement is total."""
    if not first or len(first) != len(second):
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / len(first)
    first_counts, second_counts = Counter(first), Counter(second)
    expected = sum(first_counts[v] * second_counts[v] for v in VERDICTS) / len(first) ** 2
    return None if expected == 1 else (observed - expected) / (1 - expected)


def read_verdicts(path: Path, items: int) -> list[str]:
    """A judge's verdicts in item order; a missing or unknown verdict is an error."""
    verdicts: dict[int, str] = {}
    for line_number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("verdict") not in VERDICTS:
            raise ValueError(f"{path}:{line_number}: verdict must be one of {VERDICTS}")
        verdicts[int(row["item"])] = row["verdict"]
    missing = sorted(set(range(1, items + 1)) - set(verdicts))
    if missing:
        raise ValueError(f"{path}: no verdict for items {missing}")
    return [verdicts[n] for n in range(1, items + 1)]


def tally(judges: dict[str, list[str]], false_flag_rate: float) -> dict[str, Any]:
    """Per judge: counts, the share judged "tool" with its interval, and the checker's own
    false-flag rate that implies; with two judges, their agreement (raw and kappa)."""
    result: dict[str, Any] = {"false_flag_rate": round(false_flag_rate, 4), "judges": {}}
    for name, verdicts in judges.items():
        counts = Counter(verdicts)
        low, high = wilson_interval(counts["tool"], len(verdicts))
        result["judges"][name] = {
            **{v: counts[v] for v in VERDICTS},
            "tool_share": round(counts["tool"] / len(verdicts), 3),
            "own_rate": round(counts["tool"] / len(verdicts) * false_flag_rate, 4),
            "own_rate_interval": [round(low * false_flag_rate, 4),
                                  round(high * false_flag_rate, 4)],
        }
    if len(judges) == 2:
        first, second = judges.values()
        agree = sum(a == b for a, b in zip(first, second, strict=True))
        kappa = cohen_kappa(first, second)
        result["agreement"] = {"same": agree, "of": len(first),
                               "kappa": None if kappa is None else round(kappa, 3)}
    return result
