"""Plain-text rendering of an evaluation report (``aligner eval --format table``)."""

from __future__ import annotations

from typing import Any

from aligner.evaluation.metrics import MEASURES

MEASURE_NOTES = {
    "all": "exact beads, incl. 1-0/0-1",
    "strict": "exact non-empty beads",
    "lax": "sentence links",
    "addition": "French sentences in 0-1 beads",
    "omission": "English sentences in 1-0 beads",
}


def _number(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def format_scores(title: str, scores: dict[str, Any]) -> list[str]:
    """The block of one file (or the overall figures)."""
    lines = [
        f"== {title}: {scores['documents']} documents, "
        f"{_number(scores['exact'], percent=True)} aligned exactly"
        + _statuses(scores.get("statuses", {})),
        f"  {'measure':<9} {'P':>6} {'R':>6} {'F1':>6}   {'tp/predicted/gold':<20} what",
    ]
    for measure in MEASURES:
        m = scores[measure]
        counts = f"{m['tp']}/{m['predicted']}/{m['gold']}"
        lines.append(
            f"  {measure:<9} {_number(m['p']):>6} {_number(m['r']):>6} {_number(m['f1']):>6}"
            f"   {counts:<20} {MEASURE_NOTES[measure]}"
        )
    if "detection" in scores:
        lines.extend(format_detection(scores["detection"]))
    if "gold_one_to_one_flagged" in scores:
        lines.append(format_gold_pair_flags(scores["gold_one_to_one_flagged"]))
    if "gold_labelled_flagged" in scores:
        lines.extend(format_labelled_flags(scores["gold_labelled_flagged"]))
    return lines


def format_gold_pair_flags(pairs: dict[str, Any]) -> str:
    by_flag = ", ".join(f"{k} {v}" for k, v in pairs["by_flag"].items())
    return (f"  flagged among gold 1-1 French sentences: {_number(pairs['rate'], percent=True)}"
            f" ({pairs['flagged']}/{pairs['french']})" + (f"; flags: {by_flag}" if by_flag else ""))


def format_labelled_flags(labelled: dict[str, Any]) -> list[str]:
    """One line per annotators' label: how many of its French sentences were flagged."""
    lines = ["  flagged French sentences of gold beads, by the annotators' label:"]
    for label, row in labelled.items():
        lines.append(f"    {label:<24} {_number(row['rate'], percent=True):>6}"
                     f" ({row['flagged']}/{row['french']})")
    return lines


def _statuses(statuses: dict[str, int]) -> str:
    other = {k: v for k, v in statuses.items() if k != "ok"}
    return "" if not other else " (" + ", ".join(f"{v} {k}" for k, v in other.items()) + ")"


def format_detection(detection: dict[str, Any]) -> list[str]:
    lines = [f"  {'injected':<16} {'docs':>5} {'recall':>7} {'any flag':>9}"]
    for kind, row in detection["recall"].items():
        lines.append(
            f"  {kind:<16} {row['documents']:>5} {_number(row['recall']):>7}"
            f" {_number(row['any_flag']):>9}"
        )
    by_flag = ", ".join(f"{k} {v}" for k, v in detection["false_flags_by_flag"].items())
    lines.append(
        f"  false-flag rate on untouched French sentences: "
        f"{_number(detection['false_flag_rate'], percent=True)} "
        f"({detection['untouched_flagged']}/{detection['untouched_fr']})"
        + (f"; flags: {by_flag}" if by_flag else "")
    )
    lines.append(
        f"  clean documents with any flag: {detection['clean_documents_flagged']}"
        f"/{detection['clean_documents']}"
    )
    return lines


def format_refresd(refresd: dict[str, Any]) -> list[str]:
    lines = [
        f"== REFreSD: {refresd['pairs']} pairs scored as forced beads",
        f"  ROC-AUC unrelated vs no meaning difference:      "
        f"{_number(refresd['auc_unrelated_vs_none'])}",
        f"  ROC-AUC some difference vs no meaning difference: "
        f"{_number(refresd['auc_some_vs_none'])}",
        f"  {'label':<24} {'pairs':>5} {'mean score':>10} {'flagged':>8}",
    ]
    for label, row in refresd["labels"].items():
        lines.append(
            f"  {label:<24} {row['pairs']:>5} {_number(row['mean_score']):>10}"
            f" {_number(row['flagged'], percent=True):>8}"
        )
    return lines


def format_report(report: dict[str, Any]) -> str:
    """Per-file blocks, then the overall block (when several files), then REFreSD."""
    lines: list[str] = [f"aligner eval (scorer: {report['scorer']})"]
    files = report.get("files", {})
    for path, scores in files.items():
        lines.extend(format_scores(path, scores))
    if len(files) > 1:
        lines.extend(format_scores("overall (micro-averaged)", report))
    if files:
        lines.append(
            f"checked in {report['seconds']:.1f} s ({report['documents_per_second']} documents/s)"
        )
    if "refresd" in report:
        lines.extend(format_refresd(report["refresd"]))
    return "\n".join(lines)
