"""Language identification for the untranslated / wrong_language flags."""

from __future__ import annotations

import json

import pytest

from aligner.flags import Flagger
from aligner.language import detect_language
from aligner.records import Bead
from tests.conftest import data_file

ENGLISH = [
    "The trial enrolled twelve patients with chronic pain.",
    "We propose a method for aligning sentences in bilingual abstracts.",
    "Estimation results are very promising.",
    "Anonymizing the data",
    "METHODS",
    "Literature review",
]
FRENCH = [
    "L'essai a inclus douze patients souffrant de douleur chronique.",
    "Nous proposons une méthode d'alignement des phrases de résumés bilingues.",
    "Résultats",
    "Méthodes",
    "Les résultats sont très prometteurs.",
]
# "But" is a French heading ("Aim") as well as the English conjunction.
UNDETERMINED = ["Introduction", "Conclusion", "But", "E = mc2", "Homo sapiens", "p < 0.05", "",
                "12",
                # From the TransRead novels: langid alone called these English.
                "Tombe, tombe, tombe !", "Emma Jane Austen", "- Introibo ad altare Dei."]
FOREIGN = {
    "de": "Die Ergebnisse zeigen, dass die Behandlung bei den meisten Patienten wirksam ist "
    "und keine schweren Nebenwirkungen auftraten.",
    "es": "Los resultados muestran que el tratamiento fue eficaz en la mayoría de los pacientes "
    "y que no se observaron efectos adversos graves.",
    "it": "I risultati mostrano che il trattamento è stato efficace nella maggior parte dei "
    "pazienti e che non sono stati osservati effetti avversi gravi.",
    "pt": "Os resultados mostram que o tratamento foi eficaz na maioria dos pacientes e que não "
    "foram observados efeitos adversos graves.",
    "nl": "De resultaten tonen aan dat de behandeling bij de meeste patiënten effectief was en "
    "dat er geen ernstige bijwerkingen werden waargenomen.",
    "zh": "结果表明，该治疗对大多数患者有效，未观察到严重不良反应。",
    "ru": "Результаты показывают, что лечение было эффективным у большинства пациентов.",
    "ar": "تظهر النتائج أن العلاج كان فعالا لدى معظم المرضى ولم تلاحظ آثار جانبية خطيرة.",
}


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text).lang == "en"


@pytest.mark.parametrize("text", FRENCH)
def test_french(text: str) -> None:
    assert detect_language(text).lang == "fr"


def test_langid_never_overrules_the_word_clues() -> None:
    # One French clue word, none English; langid's n-grams say English at 0.9998.
    assert detect_language("Pour ta femme, quand tu te marieras").lang != "en"


@pytest.mark.parametrize("text", UNDETERMINED)
def test_too_little_evidence_is_undetermined(text: str) -> None:
    assert detect_language(text).lang == "und"


@pytest.mark.parametrize(("lang", "text"), sorted(FOREIGN.items()))
def test_other_languages_are_named_confidently(lang: str, text: str) -> None:
    guess = detect_language(text)
    assert guess.lang == lang
    assert guess.confidence >= 0.9
    assert guess.evidence


def _gold_pairs(name: str, limit: int) -> list[tuple[str, str]]:
    pairs = []
    with data_file(name).open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for en_idx, fr_idx in record["gold"]:
                if len(en_idx) == 1 and len(fr_idx) == 1:
                    pairs.append((record["en"][en_idx[0]], record["fr"][fr_idx[0]]))
            if len(pairs) >= limit:
                return pairs
    return pairs


@pytest.mark.data
@pytest.mark.parametrize(
    "name", ["wmt_biomed_realigned_enfr.jsonl", "matos_nlp_abstracts_enfr.jsonl"]
)
def test_real_sentences_language_flags(name: str) -> None:
    """On real clean pairs: French is (almost) never flagged; English placed as French is.

    The few French sentences flagged in the full files are English text left in the French
    side by the sources (quoted examples, English titles), i.e. right; the bound leaves room
    for them. English placed as French is counted on sentences of three words or more:
    headings such as "Introduction" or "Conclusion" are French too, and stay unflagged.
    """
    pairs = _gold_pairs(name, 3000)
    flagger = Flagger(low_fidelity_threshold=0.0)
    language_flags = {"untranslated", "wrong_language"}
    false_flags = english_caught = english_placed = 0
    shifted = [pair[0] for pair in pairs[1:]] + [pairs[0][0]]
    for (en, fr), other_english in zip(pairs, shifted, strict=True):
        faithful = flagger.flag([en], [fr], [Bead((0,), (0,), 0.9)])[0]
        false_flags += bool(language_flags & set(faithful.flags))
        if len(other_english.split()) >= 3:
            swapped = flagger.flag([en], [other_english], [Bead((0,), (0,), 0.9)])[0]
            english_caught += "untranslated" in swapped.flags
            english_placed += 1
    assert false_flags / len(pairs) <= 0.002, false_flags
    assert english_caught / english_placed >= 0.95, (english_caught, english_placed)


def test_langid_model_cache_gives_the_same_model(tmp_path, monkeypatch) -> None:
    """The unpacked cache is written once, read back, and classifies as langid's own loader."""
    from langid.langid import LanguageIdentifier, model

    from aligner import langid_model

    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path))
    first = langid_model.load_identifier()  # unpacks and writes the cache
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and (written[0] / "meta.json").exists()
    second = langid_model.load_identifier()  # reads it
    reference = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    for text in ("Les patients ont été suivis pendant deux ans.",
                 "Patients were followed for two years.", "Der Hund schläft im Garten."):
        assert first.classify(text) == second.classify(text) == reference.classify(text)


def test_langid_model_works_without_a_writable_cache(tmp_path, monkeypatch) -> None:
    from aligner import langid_model

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(blocked / "cache"))
    identifier = langid_model.load_identifier()
    assert identifier.classify("Patients were followed for two years.")[0] == "en"


def test_damaged_langid_cache_is_rebuilt(tmp_path, monkeypatch) -> None:
    from aligner import langid_model

    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path))
    langid_model.load_identifier()
    (cache,) = tmp_path.iterdir()
    (cache / "tk_nextmove.bin").write_bytes(b"\x00\x00")  # truncated by a crash, say
    assert langid_model.load_identifier().classify("Der Hund schläft im Garten.")[0] == "de"
    assert langid_model._read_cache(cache) is not None  # rewritten whole
