"""The training documents of scripts/train_models.py: what the bead model learns from.

No data from ../shared is needed: a small data folder is written with the two training
files' names. The models themselves are not fitted here (that takes minutes); their
figures are in the README.
"""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def train_models():
    spec = importlib.util.spec_from_file_location(
        "train_models", REPO / "scripts" / "train_models.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _document(number: int, size: int) -> dict:
    return {"id": f"doc-{number}",
            "en": [f"English sentence {k} of document {number}." for k in range(size)],
            "fr": [f"Phrase française {k} du document {number}." for k in range(size)]}


@pytest.fixture()
def data(tmp_path: Path, train_models) -> Path:
    """Both training files, with documents the loader must keep and some it must not."""
    for index, name in enumerate(train_models.TRAIN_FILES):
        documents = [_document(100 * index + k, 5 + k % 5) for k in range(40)]
        documents.append(_document(100 * index + 90, 2))  # too short to perturb
        documents.append(_document(100 * index + 91, 41))  # too long
        uneven = _document(100 * index + 92, 5)
        uneven["fr"].pop()  # not a 1-1 document
        documents.append(uneven)
        (tmp_path / name).write_text(
            "".join(json.dumps(d) + "\n" for d in documents), "utf-8")
    return tmp_path


def _eligible(train_models, data: Path) -> set[str]:
    return {d["id"] for d in train_models.read_train_files(data)
            if 3 <= len(d["en"]) == len(d["fr"]) <= 40 and not train_models.is_lexicon_doc(d)}


def _source_id(document: tuple[list, list, list]) -> str:
    """The id of the document a perturbed copy came from (its English names it; at most
    three edits never drop all five or more English sentences)."""
    return "doc-" + document[0][0].split()[-1].rstrip(".")


def test_bead_documents_use_every_eligible_document_by_default(train_models, data):
    train, dev = train_models.bead_documents(data, None, 1, seed=13)
    sources = {_source_id(d) for d in train + dev}
    assert sources == _eligible(train_models, data)
    assert not any(train_models.is_lexicon_doc({"id": s}) for s in sources)


def test_training_and_development_documents_are_disjoint(train_models, data):
    train, dev = train_models.bead_documents(data, None, 3, seed=13)
    train_sources, dev_sources = {_source_id(d) for d in train}, {_source_id(d) for d in dev}
    assert train_sources.isdisjoint(dev_sources)
    assert len(train_sources) == len(train_sources | dev_sources) * 3 // 4


def test_rounds_give_differently_perturbed_copies(train_models, data):
    once, _ = train_models.bead_documents(data, None, 1, seed=13)
    thrice, _ = train_models.bead_documents(data, None, 3, seed=13)
    assert len(thrice) == 3 * len(once)
    by_source: dict[str, set] = {}
    for en, fr, gold in thrice:
        key = json.dumps([en, fr, gold])
        by_source.setdefault(_source_id((en, fr, gold)), set()).add(key)
    assert max(len(copies) for copies in by_source.values()) > 1


def test_a_seed_gives_the_same_documents(train_models, data):
    assert train_models.bead_documents(data, None, 2, seed=5) == \
        train_models.bead_documents(data, None, 2, seed=5)
    assert train_models.bead_documents(data, None, 2, seed=5) != \
        train_models.bead_documents(data, None, 2, seed=6)


def test_per_file_limit(train_models, data):
    train, dev = train_models.bead_documents(data, 4, 1, seed=13)
    assert len({_source_id(d) for d in train + dev}) == 8


def test_perturbed_gold_covers_every_sentence_once_in_order(train_models, data):
    documents = train_models.read_train_files(data)
    rng = random.Random(3)
    for document in documents[:30]:
        if len(document["en"]) != len(document["fr"]) or len(document["en"]) < 3:
            continue
        en, fr, gold = train_models.perturb(document, documents, rng)
        assert [i for e, _ in gold for i in e] == list(range(len(en)))
        assert [j for _, f in gold for j in f] == list(range(len(fr)))


FIRST = (["Patients were seen weekly for a year."],
         ["Les patients étaient vus chaque semaine pendant un an."])
SECOND = (["Over that time, their blood pressure fell by ten points, which is large."],
          ["Pendant ce temps, leur tension a baissé de dix points, ce qui est beaucoup."])


def _words(sentences: list[str]) -> list[str]:
    return " ".join(sentences).lower().replace(".", "").replace(",", "").split()


def test_crossing_bead_moves_one_sides_sentence_boundary(train_models):
    recut_sides = set()
    for seed in range(20):
        crossed = train_models.crossing_bead(FIRST, SECOND, random.Random(seed))
        side = 0 if crossed[0] != FIRST[0] + SECOND[0] else 1
        recut_sides.add(side)
        original = FIRST[side] + SECOND[side]
        assert crossed[1 - side] == FIRST[1 - side] + SECOND[1 - side]  # the other side kept
        assert len(crossed[side]) == 2 and crossed[side] != original
        assert _words(crossed[side]) == _words(original)  # same words, boundary moved
        assert crossed[side][0].endswith(".") and crossed[side][1][0].isupper()
    assert recut_sides == {0, 1}


def test_no_crossing_without_a_clause_break_or_beyond_two_one_to_one_beads(train_models):
    plain = (["Patients were seen weekly."], ["Les patients étaient vus chaque semaine."])
    other = (["Their pressure fell."], ["Leur tension a baissé."])
    assert train_models.crossing_bead(plain, other, random.Random(1)) is None
    merged = (FIRST[0] + SECOND[0], FIRST[1])
    assert train_models.crossing_bead(merged, SECOND, random.Random(1)) is None
