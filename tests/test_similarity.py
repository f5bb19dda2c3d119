"""Similarity backends: character n-grams, the subword IBM-1 lexicon, the FreeDict reader."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from aligner.similarity import encoders_for, lexicon
from aligner.similarity.freedict import decode_number, installed_pairs, parse_dictionary
from aligner.similarity.lexical import CharNgramEncoder, fold
from aligner.similarity.lexicon import LexiconEncoder, TranslationTable, ibm1

EN = ["The children were treated for three weeks.", "However, the study has limitations."]
FR = ["Les enfants ont été traités pendant trois semaines.",
      "Cependant, l'étude présente des limites."]


def test_fold_strips_accents_and_case() -> None:
    assert fold("Été À Noël Ça") == "ete a noel ca"


def test_char_encoder_rows_are_unit_and_cognates_match() -> None:
    encoder = CharNgramEncoder()
    e, f = encoder.encode(["Hypertension analysis"], "en"), encoder.encode(
        ["Analyse de l'hypertension", "Le chat dort"], "fr")
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-5)
    sims = (e @ f.T)[0]
    assert sims[0] > sims[1] + 0.3


def test_shipped_lexicon_translates_common_words() -> None:
    model = lexicon.subword_model()
    table = lexicon.shipped_lexicon().en_fr
    (children,) = model.encode("children")
    best = table.targets[children][np.argmax(table.probs[children])]
    assert model.id_to_piece(int(best)).lstrip("▁") == "enfants"


def test_lexicon_encoder_prefers_the_translation() -> None:
    encoder = LexiconEncoder(lexicon.shipped_lexicon())
    sims = encoder.encode(EN, "en") @ encoder.encode(FR, "fr").T
    assert sims[0, 0] > sims[0, 1] + 0.3 and sims[1, 1] > sims[1, 0] + 0.3


def test_ibm1_learns_word_translations_from_sentence_pairs() -> None:
    # ids: English 0 house, 1 the, 2 blue, 3 small; French 0 maison, 1 la, 2 bleue, 3 petite
    en = [np.array(s) for s in ([1, 0], [1, 2, 0], [1, 3, 0], [1, 2], [1, 3])]
    fr = [np.array(s) for s in ([1, 0], [1, 0, 2], [1, 3, 0], [1, 2], [1, 3])]
    targets, probs = ibm1(en, fr, vocabulary=4, iterations=10)
    for source, expected in ((0, 0), (1, 1), (2, 2), (3, 3)):
        assert targets[source][np.argmax(probs[source])] == expected
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_ibm1_with_prior_keeps_unseen_rows_and_adapts_seen_ones() -> None:
    vocabulary = 4
    prior_targets = np.tile(np.arange(lexicon.TOP_K) % vocabulary, (vocabulary, 1))
    prior_probs = np.zeros((vocabulary, lexicon.TOP_K), dtype=np.float32)
    prior_probs[:, 0] = 1.0  # prior: every word translates as id 0
    prior = TranslationTable(prior_targets, prior_probs, np.ones(vocabulary, np.float32))
    pairs = [np.array([2])] * 20
    targets, probs = ibm1(pairs, [np.array([3])] * 20, vocabulary, prior=prior)
    assert targets[2][np.argmax(probs[2])] == 3  # 20 sentence pairs outweigh the prior
    assert np.array_equal(targets[1], prior_targets[1])  # id 1 never seen: prior row kept
    assert np.allclose(probs[1], prior_probs[1])


def test_adapted_encoder_learns_a_new_word_pair() -> None:
    encoder = LexiconEncoder(lexicon.shipped_lexicon())
    en = [f"The zorblat number {k} is here." for k in range(40)]
    fr = [f"Le quibnu numéro {k} est ici." for k in range(40)]
    ids_en, ids_fr = lexicon.subword_ids(en, "en"), lexicon.subword_ids(fr, "fr")
    adapted = encoder.adapted(ids_en, ids_fr, dictionary=False)
    before = encoder.encode(["zorblat"], "en") @ encoder.encode(["quibnu"], "fr").T
    after = adapted.encode(["zorblat"], "en") @ adapted.encode(["quibnu"], "fr").T
    assert after[0, 0] > before[0, 0] + 0.2


def test_number_words_match_across_languages_through_digits() -> None:
    # Number words fall apart into subword pieces no table translates; as digits they are
    # the same subwords on both sides, so a short half of a split sentence stays close.
    encoder = LexiconEncoder(lexicon.shipped_lexicon())
    en = ["Sixty-five patients met the inclusion criteria."]
    fr = ["Soixante-cinq patientes respectaient les critères d'inclusion."]
    spelled = float((encoder.encode(en, "en") @ encoder.encode(fr, "fr").T)[0, 0])
    raw = LexiconEncoder(lexicon.shipped_lexicon())
    raw_en = raw.encode_ids(lexicon.subword_ids(en, "en", digits=False), "en")
    raw_fr = raw.encode_ids(lexicon.subword_ids(fr, "fr", digits=False), "fr")
    assert spelled > float((raw_en @ raw_fr.T)[0, 0]) + 0.1


def write_dictd(directory: Path, stem: str, entries: list[tuple[str, str]]) -> None:
    """A tiny dictd dictionary: gzip'd entries and a base-64 offset index."""
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(value: int) -> str:
        out = ""
        while True:
            out = digits[value % 64] + out
            value //= 64
            if not value:
                return out

    body, index = b"", []
    for headword, text in [("00databaseinfo", "metadata\n"), *entries]:
        chunk = text.encode("utf-8")
        index.append(f"{headword}\t{b64(len(body))}\t{b64(len(chunk))}")
        body += chunk
    (directory / f"{stem}.index").write_text("\n".join(index) + "\n", "utf-8")
    with gzip.open(directory / f"{stem}.dict.dz", "wb") as stream:
        stream.write(body)


def test_decode_number_reads_dictd_base64() -> None:
    assert decode_number("A") == 0 and decode_number("B") == 1 and decode_number("BA") == 64


def test_freedict_parser_reads_entries_senses_and_both_directions(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-eng-fra", [
        ("house", "house /haʊs/ <n>\nmaison, demeure\n"),
        ("bank", "bank /bæŋk/ <n>\n1. banque\n2. rive (of a river)\n"),
    ])
    write_dictd(tmp_path, "freedict-fra-eng", [("chat", "chat /ʃa/ <n, masc>\ncat\n")])
    pairs = parse_dictionary(tmp_path / "freedict-eng-fra.index",
                             tmp_path / "freedict-eng-fra.dict.dz")
    assert pairs == [("house", "maison"), ("house", "demeure"), ("bank", "banque"),
                     ("bank", "rive")]
    both = installed_pairs(tmp_path)
    assert ("cat", "chat") in both and ("house", "maison") in both


def test_freedict_absent_gives_no_pairs(tmp_path: Path) -> None:
    assert installed_pairs(tmp_path) == ()


def test_lexical_scorer_combines_char_and_lexicon() -> None:
    assert set(encoders_for("lexical")) == {"char", "lex"}
