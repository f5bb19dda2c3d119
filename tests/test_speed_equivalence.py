"""The speed-ups give exactly what the straightforward computations give.

Each fast path (a shortcut, a cache, a vectorised loop) is checked here against the plain
computation it replaces, on the seed corpus and on generated text. Outputs must be
byte-identical, so comparisons are exact (no tolerance).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import ftfy
import numpy as np
import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktToken

from aligner import segment, validate
from aligner.language import count_evidence
from aligner.numbers import _bare
from aligner.scoring import LogisticPart, load_fidelity_model
from aligner.similarity import lexical
from aligner.similarity.base import normalise_rows
from aligner.similarity.lexicon import LexiconEncoder, subword_ids

SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds.jsonl"


def _seed_texts() -> list[tuple[str, str]]:
    """(text, lang) of every side of the seed corpus."""
    out = []
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for lang in ("en", "fr"):
            value = record.get(lang)
            if isinstance(value, str) and value.strip():
                out.append((value, lang))
    return out


def _seed_sentences() -> list[tuple[str, str]]:
    return [(s, lang) for text, lang in _seed_texts()
            for s in segment.split_sentences(validate.clean_text(text).text, lang)]


def _full_ftfy(text: str) -> str:
    return ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False,
                         fix_latin_ligatures=False, fix_character_width=False,
                         normalization="NFC")


def _mojibake_variants(text: str, rng: random.Random) -> list[str]:
    """The text as a wrong decoder would show it, whole and in part, plus odd line breaks."""
    out = [text, unicodedata.normalize("NFD", text), text.replace(" ", "\r\n", 2),
           text.replace(" ", "\u2028", 1), text.replace(" ", "\n", 3)]
    for encoding in ("latin-1", "cp1252", "mac_roman", "cp1251", "cp1253", "cp1257"):
        out.append(text.encode("utf-8").decode(encoding, errors="replace"))
    start = rng.randrange(len(text))
    part = text[start : start + 40].encode("utf-8").decode("cp1252", errors="replace")
    out.append(text[:start] + part + text[start + 40 :])
    return out


# ---------------------------------------------------------------------------- cleaning


def test_ftfy_shortcut_agrees_with_ftfy() -> None:
    rng = random.Random(7)
    texts = [variant for text, _ in _seed_texts() for variant in _mojibake_variants(text, rng)]
    alphabet = ([chr(c) for c in range(0x20, 0x250)] + list("«»“”‘’–—…€™•·\n\r\t\u2028\ufeff")
                + [chr(c) for c in range(0x370, 0x460)])
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 20)))
              for _ in range(3000)]
    for text in texts:
        assert validate._repair_encoding(text) == _full_ftfy(text), repr(text)


def test_ftfy_shortcut_is_taken_on_ordinary_french() -> None:
    text = "L’étude « pilote » a inclus 12 patients (âge moyen : 45 ans). Élevé, À noter."
    assert validate._BADNESS_SHORTCUT is not None, "ftfy's pattern changed: re-derive the clues"
    assert validate._ftfy_changes_nothing(text)
    assert not validate._ftfy_changes_nothing("l’Ã©tude")  # mojibake goes to ftfy


def test_no_two_or_three_non_clue_characters_look_bad() -> None:
    """Every mojibake match needs a clue character (the shortcut's premise)."""
    if validate._BADNESS_SHORTCUT is None:
        pytest.skip("another ftfy pattern: the shortcut is disabled")
    clues = validate._BADNESS_SHORTCUT[0]
    named = {c for c in BADNESS_RE.pattern if ord(c) > 127}
    for chars in MOJIBAKE_CATEGORIES.values():
        members = re.compile(f"[{chars}]")
        named |= {chr(c) for c in range(0x80, 0x3000) if members.match(chr(c))}
    plain = sorted({c for c in named if not clues.match(c)} | set("aZ .,?!-'\t\n\xa0’é"))
    for first in plain:
        for second in plain:
            assert not BADNESS_RE.search(first + second), repr(first + second)
    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice(plain) for _ in range(rng.randrange(3, 9)))
        assert not BADNESS_RE.search(text), repr(text)


# ---------------------------------------------------------------------------- splitting


def test_cached_punkt_tokens_split_as_punkt_does() -> None:
    for text, lang in _seed_texts():
        cleaned = validate.clean_text(text).text
        model = segment._model(lang)
        plain = PunktSentenceTokenizer(segment._load_params(lang),
                                       lang_vars=segment.ScientificLanguageVars())
        assert plain._Token is PunktToken
        for paragraph in cleaned.splitlines():
            expected = list(plain.span_tokenize(paragraph, realign_boundaries=False))
            assert list(model.tokenizer.span_tokenize(paragraph, realign_boundaries=False)) \
                == expected


# ---------------------------------------------------------------------------- encoders


def _plain_fold(text: str) -> str:
    return lexical._COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def _plain_char_encode(sentences: list[str]) -> np.ndarray:
    """The character n-gram encoder written sentence by sentence (the reference)."""
    matrix = np.zeros((len(sentences), lexical.DIMENSIONS), dtype=np.float32)
    for row, sentence in enumerate(sentences):
        indexes = [lexical._gram_index(gram) for gram in lexical.char_ngrams(sentence)]
        if indexes:
            present, counts = np.unique(np.asarray(indexes), return_counts=True)
            weights = np.log1p(counts.astype(np.float32))
            matrix[row, present] = weights / np.linalg.norm(weights)
    return matrix


def _plain_lexicon_encode(encoder: LexiconEncoder, ids: list[np.ndarray], lang: str) -> np.ndarray:
    """The lexicon encoder written with one bincount per sentence (the reference)."""
    def bags(table, expected: bool) -> np.ndarray:
        out = np.zeros((len(ids), table.size), dtype=np.float32)
        for row, sentence in enumerate(ids):
            if len(sentence) and expected:
                out[row] = np.bincount(table.targets[sentence].ravel(),
                                       weights=table.probs[sentence].ravel(),
                                       minlength=table.size)
            elif len(sentence):
                out[row] = np.bincount(sentence, minlength=table.size)
        return np.log1p(out) * table.idf

    en_fr, fr_en = encoder.lexicon.en_fr, encoder.lexicon.fr_en
    forward = bags(en_fr, lang == "en")
    backward = bags(fr_en, lang != "en")
    halves = np.hstack([normalise_rows(forward), normalise_rows(backward)])
    return (halves / np.sqrt(2.0)).astype(np.float32)


def _sentence_lists() -> list[tuple[list[str], str]]:
    lists = [([s for s, lang in _seed_sentences() if lang == side], side) for side in ("en", "fr")]
    lists += [([], "en"), ([""], "fr"), (["", "a", "Été À Noël Ça ﬁ x²", "naïve ß 𝔘"], "en")]
    return lists


def test_fold_shortcut() -> None:
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x20, 0x180)] + list("ﬁ²½ǅ\u0301")
    texts = [s for s, _ in _seed_sentences()]
    texts += ["".join(rng.choice(alphabet) for _ in range(12)) for _ in range(2000)]
    for text in texts:
        assert lexical.fold(text) == _plain_fold(text)


def test_char_encoder_matches_per_sentence_encoding() -> None:
    encoder = lexical.CharNgramEncoder()
    for sentences, lang in _sentence_lists():
        got, expected = encoder.encode(sentences, lang), _plain_char_encode(sentences)
        assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def test_lexicon_encoder_matches_per_sentence_encoding() -> None:
    encoder = LexiconEncoder()
    for sentences, lang in _sentence_lists():
        ids = subword_ids(sentences, lang)
        got, expected = encoder.encode_ids(ids, lang), _plain_lexicon_encode(encoder, ids, lang)
        assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


# ---------------------------------------------------------------------------- small pieces


def test_bare_word_after_elision() -> None:
    for word in ("l'un", "d’une", "qu'aujourd'hui", "rock’n'roll", "deux", "'", "l'"):
        assert _bare(word) == re.split(r"['’]", word)[-1]


def test_letter_count_of_language_evidence() -> None:
    for text, _ in _seed_sentences():
        tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
        letters = sum(len(t) for t in tokens) - sum(t.count("'") + t.count("’") for t in tokens)
        evidence = count_evidence(text)
        assert evidence.latin_letters + evidence.non_latin_letters == letters


def test_fidelity_logit_is_the_plain_sum() -> None:
    for part in load_fidelity_model("lexical").parts:
        rng = random.Random(11)
        for _ in range(200):
            features = {name: rng.uniform(-3, 3) for name in part.features
                        for name in name.split("*") if rng.random() < 0.9}
            plain = part.bias
            for name, weight in zip(part.features, part.weights, strict=True):
                value = 1.0
                for factor in name.split("*"):
                    value *= features.get(factor, 0.0)
                plain += weight * value
            assert part.logit(features) == pytest.approx(plain, rel=1e-12, abs=1e-12)
    with pytest.raises(ValueError):
        LogisticPart("content", ("a", "b"), (1.0,), 0.0, 0.5)
