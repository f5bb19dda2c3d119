"""The one module that wires the stages together.

Data flows one way: input records -> validated, cleaned sides -> sentences -> alignment
beads -> scored and flagged beads -> :class:`~aligner.records.CheckResult`. A
:class:`Checker` loads its models once and is then used for any number of records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from aligner import bead_refine, clause_check, segment, titles
from aligner.align import SentenceAligner
from aligner.features import forced_bead_features
from aligner.flags import Flagger
from aligner.identity import checker_identity
from aligner.records import (
    STATUS_ERROR,
    STATUS_MISSING_EN,
    STATUS_MISSING_FR,
    STATUS_OK,
    Bead,
    CheckResult,
    InputRecord,
)
from aligner.scoring import BeadScorer
from aligner.similarity import encoders_for
from aligner.validate import (
    IdAssigner,
    assign_ids,
    clean_text,
    is_blank,
    sentence_count_problem,
    side_problem,
)


@dataclass(frozen=True)
class CheckerConfig:
    """Options of a check run (the CLI builds one from its flags)."""

    scorer: str = "auto"


class Checker:
    """Checks records one at a time; build it once per process and reuse it."""

    def __init__(self, config: CheckerConfig | None = None) -> None:
        self.config = config or CheckerConfig()
        self.aligner = SentenceAligner(self.config.scorer)
        self.bead_scorer = BeadScorer(self.aligner.scorer)
        self.flagger = Flagger()
        lexical = self.aligner.scorer == "lexical"
        self.lexical_encoders = (self.aligner.encoders if lexical
                                 else encoders_for("lexical"))
        self.lexical_scorer = self.bead_scorer if lexical else BeadScorer("lexical")
        self.identity = checker_identity(self.aligner.scorer)

    def check_all(self, records: Iterable[InputRecord]) -> Iterator[CheckResult]:
        """One result per record, in input order, streamed; ids made unique across the stream."""
        for record in assign_ids(records):
            yield self.check(record)

    def check(self, record: InputRecord) -> CheckResult:
        """The full verdict on one record; never raises for bad content.

        An unexpected failure inside one record (a bug, or input no check foresaw) becomes
        an ``error`` result naming the exception, so the run goes on and the record is
        still reported instead of silently lost or ending the whole run.
        """
        # A lone record gets a usable id here; repeated ids are caught by check_all.
        record_id, notes = IdAssigner().assign(record)
        notes = notes + list(record.notes)
        result = CheckResult(id=record_id, status=STATUS_OK, meta=dict(record.meta), notes=notes,
                             checker=self.identity)
        try:
            self._check_into(record, result)
            if not record.problem:
                result.title_check = titles.title_check(self, result.meta)
                result.keywords_check = titles.keywords_check(self, result.meta)
            return result
        except (
            MemoryError,
            RecursionError,
            ValueError,
            ArithmeticError,
            IndexError,
            KeyError,
            TypeError,
            RuntimeError,
            OSError,
        ) as exc:
            # Keep the sentences visible; unflagged beads keep the contract's coverage rule.
            result.beads = _unpaired_beads(len(result.en), len(result.fr))
            return _fail(
                result,
                _where(record) + f"internal error while checking this record "
                f"({type(exc).__name__}: {str(exc)[:300]}); please report it with the record",
            )

    def _check_into(self, record: InputRecord, result: CheckResult) -> CheckResult:
        """Validate, split, align, score and flag one record into ``result``."""
        if record.problem:
            return _fail(result, record.problem)
        for side in ("en", "fr"):
            problem = side_problem(getattr(record, side), side)
            if problem:
                return _fail(result, _where(record) + problem)
        result.en = self._sentences(record.en, "en", result.notes)
        result.fr = self._sentences(record.fr, "fr", result.notes)
        too_long = sentence_count_problem(len(result.en), "en") or sentence_count_problem(
            len(result.fr), "fr")
        if too_long:  # the sentences stay in the output, unaligned (bounded memory)
            result.beads = _unpaired_beads(len(result.en), len(result.fr))
            return _fail(result, _where(record) + too_long)
        missing = _missing_side(record, result)
        if missing:
            result.status, result.reason = missing
            result.beads = _unpaired_beads(len(result.en), len(result.fr))
            return result
        result.beads = self.check_sentences(result.en, result.fr)
        return result

    def check_sentences(self, en: list[str], fr: list[str]) -> list[Bead]:
        """Align two non-empty sentence lists and return scored, flagged beads."""
        beads = self.aligner.align(en, fr)
        beads = self.bead_scorer.score(en, fr, beads)
        beads = bead_refine.refine(beads, lambda bead: self.bead_scorer.score(en, fr, [bead])[0])
        beads = clause_check.flag_extra_clauses(en, fr, beads, self._score_lexical_pair)
        return self.flagger.flag(en, fr, beads)

    def _score_lexical_pair(self, en: str, fr: str) -> Bead:
        """One English and one French text scored as a forced bead by the lexical backends
        and fidelity model (the clause check's judge, cheap whatever the scorer)."""
        features = forced_bead_features([en], [fr], self.lexical_encoders)
        bead = Bead((0,), (0,), details={"features": features})
        return self.lexical_scorer.score([en], [fr], [bead])[0]

    def score_pair(self, en: list[str], fr: list[str]) -> Bead:
        """Score and flag ``fr`` as a rendering of ``en``, forced into one bead (no alignment).

        Used to judge a given pair, e.g. REFreSD sentence pairs in evaluation. A pair with
        one side empty is what an aligned bead with an empty side is: unscored and flagged
        ``addition`` or ``omission`` (there is nothing to compute features from). Both sides
        empty is a caller's mistake, and a ``ValueError`` says so.
        """
        if not en and not fr:
            raise ValueError("score_pair needs at least one sentence on one side")
        bead = Bead(tuple(range(len(en))), tuple(range(len(fr))))
        if not en or not fr:
            return self.flagger.flag(en, fr, [bead])[0]
        bead = replace(bead, details={"features": self.aligner.bead_features(en, fr)})
        bead = self.bead_scorer.score(en, fr, [bead])[0]
        return self.flagger.flag(en, fr, [bead])[0]

    @staticmethod
    def _sentences(value: str | list[str] | None, lang: str, notes: list[str]) -> list[str]:
        """Sentences of one side: a list is used exactly as given, a string is cleaned and split."""
        if value is None:
            return []
        if isinstance(value, list):
            return list(value) if not is_blank(value) else []
        cleaned = clean_text(value)
        notes.extend(f"{lang}: {note}" for note in cleaned.notes)
        return segment.split_sentences(cleaned.text, lang)


def _missing_side(record: InputRecord, result: CheckResult) -> tuple[str, str] | None:
    """(status, reason) when a side has no text, else None."""
    en_missing = is_blank(record.en) or not result.en
    fr_missing = is_blank(record.fr) or not result.fr
    if en_missing and fr_missing:
        return STATUS_MISSING_EN, "both the English and the French abstract are missing or blank"
    if en_missing:
        return STATUS_MISSING_EN, "no English abstract: nothing to check the French against"
    if fr_missing:
        found = record.meta.get("abstract_languages")
        if isinstance(found, list) and any(lang not in ("en", "fr") for lang in found):
            return STATUS_MISSING_FR, (
                "no French abstract: the record's abstracts are in " + ", ".join(map(str, found))
            )
        return STATUS_MISSING_FR, "no French abstract: the record has English text only"
    return None


def _unpaired_beads(n_en: int, n_fr: int) -> list[Bead]:
    """Beads covering the one present side, unflagged: the status already says what is wrong."""
    return [Bead((i,), ()) for i in range(n_en)] + [Bead((), (j,)) for j in range(n_fr)]


def _fail(result: CheckResult, reason: str) -> CheckResult:
    result.status = STATUS_ERROR
    result.reason = reason
    return result


def _where(record: InputRecord) -> str:
    return f"{record.source}, line {record.line}: " if record.source else ""
