"""Did the checker flag the injected divergence, and only that?

For a document written by ``aligner inject`` the ``injected`` entry names the sentence that
was changed and the flag expected on it. A divergence counts as detected when the output
bead holding that sentence (the French sentence; for an omission, the English one whose
French was dropped) carries the expected flag. Every other French sentence is "untouched":
the false-flag rate is the share of untouched French sentences whose bead carries any flag,
overall and per source corpus (the clean files differ: some hold pairs that are not
translations of each other, and flagging those is right).

For any other gold file, :class:`GoldPairFlags` counts the French sentences of gold 1-1
beads whose output bead carries a flag. Annotated 1-1 beads are translations by the
annotators' judgement (Medline's were validated by hand), so this bounds the checker's
false flags on real translations from above: a flagged gold 1-1 pair may still differ
(a number or clause added by the translator), and the report shows which flags fired.

Where the gold file labels its beads (Medline's annotators marked each aligned pair ``OK``
or as a partial divergence), :class:`LabelledPairFlags` counts flagged French sentences per
label: on ``OK`` pairs it is a false-flag rate judged by people, on the divergent labels a
catch rate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aligner.records import Bead

INJECTION_TYPES = ("addition", "omission", "untranslated", "number_mismatch", "substitution")


@dataclass
class DetectionScores:
    """Running totals of detection over injected documents."""

    injected: Counter[str] = field(default_factory=Counter)
    detected: Counter[str] = field(default_factory=Counter)
    any_flag: Counter[str] = field(default_factory=Counter)
    # per type: which flags the target bead carried ("none" when unflagged), for diagnosis
    target_flags: dict[str, Counter[str]] = field(default_factory=dict)
    clean_documents: int = 0
    clean_documents_flagged: int = 0
    untouched_fr: int = 0
    untouched_flagged: int = 0
    false_flags: Counter[str] = field(default_factory=Counter)
    # per source corpus: "untouched" French sentences, those flagged ("any") and each flag
    by_corpus: dict[str, Counter[str]] = field(default_factory=dict)

    def add_document(self, injected: dict[str, Any] | None, beads: list[Bead], n_fr: int,
                     corpus: str = "") -> None:
        """Score one document's output beads against what was injected (None: clean)."""
        bead_of_fr = {j: bead for bead in beads for j in bead.fr}
        bead_of_en = {i: bead for bead in beads for i in bead.en}
        touched: set[int] = set()
        if injected is None:
            self.clean_documents += 1
            self.clean_documents_flagged += int(any(bead.flags for bead in beads))
        else:
            kind = str(injected.get("type"))
            touched = touched_french(injected)
            target = _target_bead(injected, bead_of_en, bead_of_fr)
            self.injected[kind] += 1
            flags = target.flags if target is not None else ()
            self.detected[kind] += int(injected.get("flag") in flags)
            self.any_flag[kind] += int(bool(flags))
            seen = "+".join(sorted(flags)) or "none"
            self.target_flags.setdefault(kind, Counter())[seen] += 1
        counts = self.by_corpus.setdefault(corpus or "unknown", Counter())
        for j in range(n_fr):
            if j in touched:
                continue
            self.untouched_fr += 1
            counts["untouched"] += 1
            flags = bead_of_fr[j].flags if j in bead_of_fr else ()
            if flags:
                self.untouched_flagged += 1
                self.false_flags.update(flags)
                counts.update([*flags, "any"])

    def merge(self, other: DetectionScores) -> None:
        for name in ("injected", "detected", "any_flag", "false_flags"):
            getattr(self, name).update(getattr(other, name))
        for kind, seen in other.target_flags.items():
            self.target_flags.setdefault(kind, Counter()).update(seen)
        for corpus, counts in other.by_corpus.items():
            self.by_corpus.setdefault(corpus, Counter()).update(counts)
        self.clean_documents += other.clean_documents
        self.clean_documents_flagged += other.clean_documents_flagged
        self.untouched_fr += other.untouched_fr
        self.untouched_flagged += other.untouched_flagged

    def _by_corpus(self) -> dict[str, dict[str, Any]]:
        return {corpus: _corpus_entry(counts) for corpus, counts in sorted(self.by_corpus.items())}

    @property
    def has_injections(self) -> bool:
        """True once a document of an injector's output (injected or clean) was scored."""
        return bool(self.injected) or self.clean_documents > 0

    def to_dict(self) -> dict[str, Any]:
        kinds = [k for k in INJECTION_TYPES if k in self.injected]
        kinds += sorted(k for k in self.injected if k not in INJECTION_TYPES)
        recall = {
            kind: {
                "documents": self.injected[kind],
                "detected": self.detected[kind],
                "recall": _ratio(self.detected[kind], self.injected[kind]),
                "any_flag": _ratio(self.any_flag[kind], self.injected[kind]),
                "target_flags": dict(self.target_flags.get(kind, Counter()).most_common()),
            }
            for kind in kinds
        }
        return {
            "recall": recall,
            "untouched_fr": self.untouched_fr,
            "untouched_flagged": self.untouched_flagged,
            "false_flag_rate": _ratio(self.untouched_flagged, self.untouched_fr),
            "false_flags_by_flag": dict(sorted(self.false_flags.items())),
            "false_flags_by_corpus": self._by_corpus(),
            "clean_documents": self.clean_documents,
            "clean_documents_flagged": self.clean_documents_flagged,
        }


@dataclass
class GoldPairFlags:
    """Flags raised on the French sentences of gold 1-1 beads (documents not injected)."""

    french: int = 0
    flagged: int = 0
    flags: Counter[str] = field(default_factory=Counter)

    def add_document(self, gold: list[tuple[tuple[int, ...], tuple[int, ...]]],
                     beads: list[Bead]) -> None:
        bead_of_fr = {j: bead for bead in beads for j in bead.fr}
        for en, fr in gold:
            if len(en) != 1 or len(fr) != 1:
                continue
            self.french += 1
            flags = bead_of_fr[fr[0]].flags if fr[0] in bead_of_fr else ()
            if flags:
                self.flagged += 1
                self.flags.update(flags)

    def merge(self, other: GoldPairFlags) -> None:
        self.french += other.french
        self.flagged += other.flagged
        self.flags.update(other.flags)

    def to_dict(self) -> dict[str, Any]:
        return {"french": self.french, "flagged": self.flagged,
                "rate": _ratio(self.flagged, self.french),
                "by_flag": dict(sorted(self.flags.items()))}


@dataclass
class LabelledPairFlags:
    """Flags on the French sentences of labelled gold beads with both sides, per label."""

    french: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    flags: dict[str, Counter[str]] = field(default_factory=dict)

    def add_document(self, gold: list[tuple[tuple[int, ...], tuple[int, ...]]],
                     labels: tuple[str, ...], beads: list[Bead]) -> None:
        bead_of_fr = {j: bead for bead in beads for j in bead.fr}
        for (en, fr), label in zip(gold, labels, strict=True):
            if not en or not fr:
                continue  # 1-0 / 0-1 beads are measured as omission / addition
            for j in fr:
                self.french[label] += 1
                flags = bead_of_fr[j].flags if j in bead_of_fr else ()
                if flags:
                    self.flagged[label] += 1
                    self.flags.setdefault(label, Counter()).update(flags)

    def merge(self, other: LabelledPairFlags) -> None:
        self.french.update(other.french)
        self.flagged.update(other.flagged)
        for label, flags in other.flags.items():
            self.flags.setdefault(label, Counter()).update(flags)

    def to_dict(self) -> dict[str, Any]:
        return {label: {"french": self.french[label], "flagged": self.flagged[label],
                        "rate": _ratio(self.flagged[label], self.french[label]),
                        "by_flag": dict(sorted(self.flags.get(label, Counter()).items()))}
                for label in sorted(self.french)}


def _corpus_entry(counts: Counter[str]) -> dict[str, Any]:
    by_flag = {flag: n for flag, n in sorted(counts.items()) if flag not in ("any", "untouched")}
    return {"untouched_fr": counts["untouched"], "untouched_flagged": counts["any"],
            "false_flag_rate": _ratio(counts["any"], counts["untouched"]), "by_flag": by_flag}


def touched_french(injected: dict[str, Any] | None) -> set[int]:
    """The French sentences an injection changed; every other one is "untouched" (the
    false-flag rate's denominator, here and in :mod:`aligner.evaluation.audit`)."""
    return set((injected or {}).get("fr") or [])


def _target_bead(
    injected: dict[str, Any], bead_of_en: dict[int, Bead], bead_of_fr: dict[int, Bead]
) -> Bead | None:
    """The output bead holding the injected sentence (French side first)."""
    fr = injected.get("fr") or []
    en = injected.get("en") or []
    if fr:
        return bead_of_fr.get(fr[0])
    if en:
        return bead_of_en.get(en[0])
    return None


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
