"""Synthetic divergences with known answers, injected into clean 1-1 aligned abstracts.

The clean files of ../shared/data (matos_nlp, wmt_biomed_realigned) hold curated parallel
sentences with no real additions or omissions, so any divergence we put in is the only one
in its document: the expected flag, and the sentence it belongs on, are known exactly.

Per document, with probability ``rate``, one divergence is injected (type drawn uniformly
among those that apply to the document):

- ``addition``: a French sentence of another document inserted at a random position;
  expected flag ``addition`` on that sentence (gold bead ``[[], [j]]``).
- ``omission``: a French sentence dropped (documents of 2+ sentences); expected ``omission``
  on the English sentence left without rendering (gold bead ``[[i], []]``).
- ``untranslated``: a French sentence replaced by its English source; expected
  ``untranslated``.
- ``number_mismatch``: one number changed on one side of a sentence pair, to a value the
  other side does not contain; digits (last digit changed, format kept) or number words,
  English (two..twenty, tens) or French (deux..vingt, tens). "one"/"un"/"une" are left
  alone: they are mostly pronouns and articles. Documents without such a number do not
  get this type. Expected ``number_mismatch``.
- ``substitution``: a French sentence replaced by a sentence of another document; expected
  ``low_fidelity`` (gold stays 1-1: the sentence is in the right place, its content wrong).

Harder kinds, drawn only when named in ``types`` (``HARD_INJECTION_TYPES``): an added
sentence that is the most similar sentence of another abstract, a similar sentence glued
inside a French sentence (:mod:`aligner.evaluation.inject_hard`), and dimension, factor,
ordinal and French number-word changes (:mod:`aligner.evaluation.inject_numbers`).

Donor sentences (addition, substitution) have at least ``min_donor_words`` words, so that
they are sentences rather than headings. Everything is drawn from one ``random.Random(seed)``:
the same input and seed give the same output.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aligner.errors import InputError
from aligner.evaluation.inject_hard import SimilarDonors, glued_sentence, similar_addition
from aligner.evaluation.inject_numbers import NUMBER_FORM_TYPES, change_number_form

INJECTION_TYPES = ("addition", "omission", "untranslated", "number_mismatch", "substitution")
# Harder kinds made from real text (aligner/evaluation/inject_hard.py, inject_numbers.py):
# chosen with --types, never drawn by default, so the default file stays what it was.
HARD_INJECTION_TYPES = ("similar_addition", "glued_sentence", *NUMBER_FORM_TYPES)
ALL_INJECTION_TYPES = INJECTION_TYPES + HARD_INJECTION_TYPES
EXPECTED_FLAG = {
    "addition": "addition",
    "omission": "omission",
    "untranslated": "untranslated",
    "number_mismatch": "number_mismatch",
    "substitution": "low_fidelity",
    "similar_addition": "addition",
    "glued_sentence": "low_fidelity",
    **{kind: "number_mismatch" for kind in NUMBER_FORM_TYPES},
}

EN_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
FR_NUMBER_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
NUMBER_WORDS = {"en": EN_NUMBER_WORDS, "fr": FR_NUMBER_WORDS}

# A number in digits, not glued to letters or hyphens (so not "COVID-19", "p53", "3D"):
# French thousands groups ("10 000"), or digits with decimal/thousands separators.
_DIGITS = re.compile(
    r"(?<![^\W\d_])(?<![-\d])"
    r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)*)"
    r"(?![^\W\d_])(?!-\w)"
)
_WORD_PATTERNS = {
    lang: re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)
    for lang, words in NUMBER_WORDS.items()
}


@dataclass(frozen=True)
class InjectionSettings:
    """How many documents to change, with which divergences, from which seed."""

    seed: int = 13
    rate: float = 0.5
    types: tuple[str, ...] = INJECTION_TYPES
    sample: int | None = None
    min_donor_words: int = 4


@dataclass
class CleanDocument:
    """A clean 1-1 aligned document: en[i] is rendered by fr[i]."""

    id: str
    en: list[str]
    fr: list[str]
    extra: dict[str, Any] = field(default_factory=dict)


# --- reading --------------------------------------------------------------------------


def read_clean(paths: Iterable[Path]) -> tuple[list[CleanDocument], int]:
    """Documents whose gold is 1-1 throughout, and the number of documents left out."""
    documents: list[CleanDocument] = []
    skipped = 0
    for path in paths:
        try:
            handle = path.open(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                document = _clean_document(line, f"{path}, line {number}", path.name)
                if document is None:
                    skipped += 1
                else:
                    documents.append(document)
    return documents, skipped


def _clean_document(line: str, where: str, corpus: str) -> CleanDocument | None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
    en, fr = data.get("en"), data.get("fr")
    if not isinstance(en, list) or not isinstance(fr, list):
        raise InputError(f"{where}: 'en' and 'fr' must be lists of sentences")
    one_to_one = [[[i], [i]] for i in range(len(en))]
    if not en or len(en) != len(fr) or data.get("gold", one_to_one) != one_to_one:
        return None  # not a clean 1-1 document: nothing to inject into with a known answer
    if _pairs_empty_with_text(en, fr):
        return None  # its 1-1 gold is shifted: the known answer would be wrong
    extra = {k: data[k] for k in ("source", "license") if k in data}
    extra["corpus"] = corpus  # the input file: false flags are reported per corpus
    return CleanDocument(str(data.get("id", where)), list(en), list(fr), extra)


def _pairs_empty_with_text(en: list[str], fr: list[str]) -> bool:
    """True when some gold pair has an empty sentence on one side only.

    An empty string cannot render "Title" or a sentence of the abstract: such a document's
    1-1 gold is shifted by a line (three records of wmt_biomed_realigned pair "Title" with
    "" and every later English line with the French line before its translation). Injecting
    into it would score a correct alignment as wrong.
    """
    return any(bool(e.strip()) != bool(f.strip()) for e, f in zip(en, fr, strict=True))


# --- the divergences ------------------------------------------------------------------


@dataclass
class Injected:
    """A changed document: sentence lists, gold beads, and the ``injected`` entry."""

    en: list[str]
    fr: list[str]
    gold: list[list[list[int]]]
    info: dict[str, Any]


def _one_to_one(n: int) -> list[list[list[int]]]:
    return [[[i], [i]] for i in range(n)]


def _info(kind: str, en: list[int], fr: list[int], **details: Any) -> dict[str, Any]:
    return {"type": kind, "en": en, "fr": fr, "flag": EXPECTED_FLAG[kind], **details}


class Injector:
    """Applies divergences to documents, drawing donors from the whole collection."""

    def __init__(self, documents: list[CleanDocument], settings: InjectionSettings) -> None:
        self.documents = documents
        self.settings = settings
        self.rng = random.Random(settings.seed)
        self.similar = SimilarDonors([d.fr for d in documents], settings.min_donor_words)

    def run(self) -> Iterator[tuple[CleanDocument, Injected | None]]:
        """Each (sampled) document with its divergence, or None when left clean."""
        indexes = range(len(self.documents))
        if self.settings.sample is not None and self.settings.sample < len(self.documents):
            indexes = sorted(self.rng.sample(indexes, self.settings.sample))
        for index in indexes:
            document = self.documents[index]
            yield document, self.maybe_inject(index)

    def maybe_inject(self, index: int) -> Injected | None:
        if self.rng.random() >= self.settings.rate:
            return None
        kinds = list(self.settings.types)
        self.rng.shuffle(kinds)
        for kind in kinds:
            injected = getattr(self, kind)(index)
            if injected is not None:
                return injected
        return None

    def _donor_sentence(self, index: int) -> tuple[str, str] | None:
        """(donor document id, French sentence) from another document, long enough."""
        if len(self.documents) < 2:
            return None
        for _ in range(50):
            other = self.rng.randrange(len(self.documents))
            if other == index:
                continue
            donor = self.documents[other]
            candidates = [s for s in donor.fr if len(s.split()) >= self.settings.min_donor_words]
            if candidates:
                return donor.id, self.rng.choice(candidates)
        return None

    def addition(self, index: int) -> Injected | None:
        document = self.documents[index]
        donor = self._donor_sentence(index)
        if donor is None:
            return None
        where = self.rng.randint(0, len(document.fr))
        fr = document.fr[:where] + [donor[1]] + document.fr[where:]
        gold = [[[i], [i if i < where else i + 1]] for i in range(len(document.en))]
        gold.insert(where, [[], [where]])
        return Injected(list(document.en), fr, gold, _info("addition", [], [where], donor=donor[0]))

    def omission(self, index: int) -> Injected | None:
        document = self.documents[index]
        if len(document.fr) < 2:
            return None
        dropped = self.rng.randrange(len(document.fr))
        fr = document.fr[:dropped] + document.fr[dropped + 1 :]
        gold = [
            [[i], [] if i == dropped else [i if i < dropped else i - 1]]
            for i in range(len(document.en))
        ]
        return Injected(list(document.en), fr, gold, _info("omission", [dropped], []))

    def untranslated(self, index: int) -> Injected | None:
        document = self.documents[index]
        choices = [i for i in range(len(document.en)) if document.en[i] != document.fr[i]]
        if not choices:
            return None
        i = self.rng.choice(choices)
        fr = list(document.fr)
        fr[i] = document.en[i]
        gold = _one_to_one(len(document.en))
        return Injected(list(document.en), fr, gold, _info("untranslated", [i], [i]))

    def substitution(self, index: int) -> Injected | None:
        document = self.documents[index]
        donor = self._donor_sentence(index)
        if donor is None:
            return None
        i = self.rng.randrange(len(document.fr))
        if donor[1] == document.fr[i]:
            return None
        fr = list(document.fr)
        fr[i] = donor[1]
        gold = _one_to_one(len(document.en))
        return Injected(
            list(document.en), fr, gold, _info("substitution", [i], [i], donor=donor[0])
        )

    def number_mismatch(self, index: int) -> Injected | None:
        document = self.documents[index]
        options = [
            (i, side)
            for i in range(len(document.en))
            for side in ("en", "fr")
            if number_spans(document.en[i] if side == "en" else document.fr[i], side)
        ]
        self.rng.shuffle(options)
        for i, side in options:
            other_side = "fr" if side == "en" else "en"
            other = document.fr[i] if side == "en" else document.en[i]
            changed = change_number(
                document.en[i] if side == "en" else document.fr[i],
                side,
                number_values(other, other_side),
                self.rng,
            )
            if changed is None:
                continue
            text, before, after = changed
            en, fr = list(document.en), list(document.fr)
            (en if side == "en" else fr)[i] = text
            info = _info("number_mismatch", [i], [i], side=side, before=before, after=after)
            return Injected(en, fr, _one_to_one(len(en)), info)
        return None

    def similar_addition(self, index: int) -> Injected | None:
        document = self.documents[index]
        anchor = self.rng.randrange(len(document.fr))
        after = self.rng.random() < 0.5
        donor = self.similar.donor_for(index, anchor)
        if donor is None:
            return None
        return Injected(*similar_addition(document.en, document.fr, donor,
                                          self.documents[donor.document].id, anchor, after))

    def glued_sentence(self, index: int) -> Injected | None:
        document = self.documents[index]
        position = self.rng.randrange(len(document.fr))
        donor = self.similar.donor_for(index, position)
        if donor is None:
            return None
        return Injected(*glued_sentence(document.en, document.fr, donor,
                                        self.documents[donor.document].id, position, self.rng))

    def _number_form(self, index: int, kind: str) -> Injected | None:
        document = self.documents[index]
        changed = change_number_form(document.en, document.fr, kind, self.rng)
        if changed is None:
            return None
        en, fr, info = changed
        return Injected(en, fr, _one_to_one(len(en)), info)

    def dimension_change(self, index: int) -> Injected | None:
        return self._number_form(index, "dimension_change")

    def factor_change(self, index: int) -> Injected | None:
        return self._number_form(index, "factor_change")

    def ordinal_change(self, index: int) -> Injected | None:
        return self._number_form(index, "ordinal_change")

    def fr_number_word(self, index: int) -> Injected | None:
        return self._number_form(index, "fr_number_word")


# --- numbers ------------------------------------------------------------------------


def number_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every changeable number: kind is 'digits' or 'word'."""
    spans = [(m.start(), m.end(), "digits") for m in _DIGITS.finditer(text)]
    spans += [(m.start(), m.end(), "word") for m in _WORD_PATTERNS[lang].finditer(text)]
    return sorted(spans)


def _digits_value(token: str) -> str:
    """Digits only: '10 000', '10,000' and '10000' compare equal (so do '1.5' and '15',
    which only makes the "value absent from the other side" test more cautious)."""
    return re.sub(r"\D", "", token)


def number_values(text: str, lang: str) -> set[str]:
    """The numbers of a sentence, normalised to digit strings, digits and words alike."""
    values = {_digits_value(m.group()) for m in _DIGITS.finditer(text)}
    words = NUMBER_WORDS[lang]
    values |= {str(words[m.group(1).lower()]) for m in _WORD_PATTERNS[lang].finditer(text)}
    return values


def change_number(
    text: str, lang: str, forbidden: set[str], rng: random.Random
) -> tuple[str, str, str] | None:
    """``text`` with one number changed to a value not in ``forbidden``: (text, old, new)."""
    spans = number_spans(text, lang)
    rng.shuffle(spans)
    for start, end, kind in spans:
        old = text[start:end]
        new = _new_word(old, lang, forbidden, rng) if kind == "word" else None
        if kind == "digits":
            new = _new_digits(old, forbidden, rng)
        if new is not None:
            return text[:start] + new + text[end:], old, new
    return None


def _new_digits(token: str, forbidden: set[str], rng: random.Random) -> str | None:
    """Change the last digit of a digit token; keeps separators and length."""
    position = max(k for k, c in enumerate(token) if c.isdigit())
    digits = [d for d in "0123456789" if d != token[position]]
    rng.shuffle(digits)
    for digit in digits:
        candidate = token[:position] + digit + token[position + 1 :]
        if _digits_value(candidate) not in forbidden:
            return candidate
    return None


def _new_word(token: str, lang: str, forbidden: set[str], rng: random.Random) -> str | None:
    """Another number word of the same language, with a value absent from ``forbidden``."""
    words = NUMBER_WORDS[lang]
    old_value = words[token.lower()]
    choices = [w for w, v in words.items() if v != old_value and str(v) not in forbidden]
    if not choices:
        return None
    word = rng.choice(sorted(choices))
    if token.isupper():
        return word.upper()
    return word.capitalize() if token[0].isupper() else word


# --- files ----------------------------------------------------------------------------


def injected_records(
    documents: list[CleanDocument], settings: InjectionSettings
) -> Iterator[dict[str, Any]]:
    """Gold-file records (``aligner eval`` input), clean ones with ``"injected": null``."""
    for document, injected in Injector(documents, settings).run():
        record: dict[str, Any] = {"id": document.id, **document.extra}
        if injected is None:
            record.update(
                en=document.en, fr=document.fr, gold=_one_to_one(len(document.en)), injected=None
            )
        else:
            record.update(
                en=injected.en, fr=injected.fr, gold=injected.gold, injected=injected.info
            )
        yield record


def inject_files(paths: list[Path], stream: IO[str], settings: InjectionSettings) -> str:
    """Write the injected gold file to ``stream``; returns a one-line summary for people."""
    documents, skipped = read_clean(paths)
    if not documents:
        raise InputError("no clean 1-1 aligned documents in the input: nothing to inject into")
    kinds: Counter[str] = Counter()
    for record in injected_records(documents, settings):
        kinds[record["injected"]["type"] if record["injected"] else "clean"] += 1
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    shown = ("clean", *INJECTION_TYPES, *(k for k in HARD_INJECTION_TYPES if kinds[k]))
    parts = ", ".join(f"{kind} {kinds[kind]}" for kind in shown)
    note = f"; left out {skipped} document(s) that are not clean 1-1" if skipped else ""
    return f"wrote {sum(kinds.values())} documents ({parts}){note}"
