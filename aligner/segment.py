"""Sentence splitting for English and French scientific abstracts.

Why Punkt plus rules: NLTK's Punkt (Kiss & Strunk 2006) learns, without supervision, which
period-final words are abbreviations, which words typically start sentences and how each word
is capitalised. Trained on in-domain abstracts it knows ``approx.``, ``resp.``, ``et al.``,
decimals and the ordinary vocabulary of the field, which an untrained Punkt does not. The
parameters are trained by ``scripts/train_punkt.py`` on parallel abstracts of
``../shared/data`` and shipped as JSON in ``aligner/data`` (``nltk.download`` is never used).

Punkt alone cannot handle what publishers do to abstracts, so a few cheap rules surround it:

* **forced boundaries** before a structured-abstract heading ("Findings:", "Objectif :",
  "Design/methodology/approach–"), after a period glued to the next sentence
  ("issue.Design") and after a Unicode ellipsis followed by a capitalised word;
* **merges** after abbreviations that never end a sentence when something follows them
  (``e.g.``, ``cf.``, ``Fig.``, ``M.``, ``p. ex.``...) and after ``no.``/``vol.``/``p.``
  followed by a number, which Punkt may split when the next word is capitalised;
* **realignment** of closing quotes and brackets (``”``, ``»``, ``)``) onto the sentence they
  close, while opening ones (``«``, ``“``) stay with the sentence they open.

Every newline is a paragraph boundary; a paragraph holding only a heading ("Methods") is
attached to the first sentence of the next paragraph. Whitespace around sentences is
stripped; no other character is changed or lost.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
PARAMS_FORMAT = "aligner-punkt/1"
LANGUAGES = ("en", "fr")

# Abbreviations added to what Punkt learns, as Punkt types (lower case, no final period;
# "et al." is the type "al", "p. ex." the types "p" and "ex"). Single letters are left out on
# purpose: Punkt treats "X." as a possible initial and decides from the next word's
# capitalisation ("J. Smith" vs "50 m. Il"); listing it as an abbreviation would forbid
# every break after it.
HAND_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "e.g", "i.e", "al", "cf", "vs", "fig", "figs", "eq", "eqs", "vol", "vols", "no", "nos",
        "approx", "ca", "resp", "viz", "etc", "dr", "mr", "mrs", "ms", "prof", "st", "jr",
        "sr", "ref", "refs", "suppl", "ed", "eds", "pp", "ch", "chap", "sect", "tab",
        "inc", "ltd", "co", "corp", "dept", "univ", "u.s", "u.k", "e.u", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "min", "max", "avg",
    }),
    "fr": frozenset({
        "ex", "c.-à-d", "cf", "fig", "figs", "vol", "no", "nos", "mme", "mmes",
        "mlle", "dr", "pr", "chap", "etc", "env", "éd", "coll", "vs", "al", "cit", "op",
        "ibid", "réf", "pp", "st", "ste", "art", "suppl", "approx", "i.e", "e.g", "resp",
        "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc", "éq", "tab", "sq", "hab",
    }),
}

_HEADING_WORDS = (
    # English: IMRaD, Emerald's structured abstract, WHO Bulletin "lessons from the field".
    r"purpose|aims?|objectives?|goals?|background|context|introduction|rationale"
    r"|design/methodology/approach|methodology|methods?|materials?\s+and\s+methods"
    r"|patients\s+and\s+methods|study\s+design|design|settings?|participants|interventions?"
    r"|measurements|main\s+outcome\s+measures?|outcomes?|main\s+results|results?|findings"
    r"|conclusions?|discussion|originality/value|research\s+limitations/implications"
    r"|practical\s+implications|social\s+implications|limitations|implications|value"
    r"|problem|approach|relevant\s+changes|local\s+setting|lessons\s+learn(?:ed|t)"
    r"|paper\s+type|case\s+presentation|significance|summary|data\s+sources"
    # French.
    r"|objectifs?|buts?|contexte|méthodes?|méthodologie|matériels?\s+et\s+méthodes?"
    r"|patients\s+et\s+méthodes?|résultats?|problématique|démarche|approche|problème"
    r"|contexte\s+local|environnement\s+local|changements\s+significatifs"
    r"|modifications\s+pertinentes|leçons\s+tirées|enseignements\s+tirés"
    r"|originalité/valeur|limites|implications\s+pratiques|cadre|devis|synthèse"
    # Labels that introduce the whole abstract.
    r"|abstract|résumé"
)
# A heading: known words, then a colon or a dash ("Purpose –", "Purpose–", "Objectif :").
# A plain hyphen needs a space on one side so "Design-based" is not a heading.
_HEADING = (
    rf"(?P<head>(?i:{_HEADING_WORDS}))"
    r"(?:\s*:|\s*[–—]|\s+-|-(?=\s))"
)
# The capital-letter lookahead rejects most positions before the long alternation is tried.
_HEADING_RE = re.compile(rf"(?<![\w/&’'-])(?=[A-ZÀ-ÖØ-Þ]){_HEADING}")
_HEADING_ONLY_RE = re.compile(rf"^\s*(?:{_HEADING_WORDS})\s*[:.–—-]?\s*$", re.IGNORECASE)
_SENTENCE_END_BEFORE_RE = re.compile(r"[.!?…][)\]}\"'’”»]*\s*$")

# A period (or ? !) glued to a capitalised word: "issue.Design", "groups?The".
_GLUED_RE = re.compile(r"[.!?](?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")
_GLUED_LEFT_RE = re.compile(r"(?:(?<![.\w])[^\W\d_]{2,}|\d|[)\]%”»])$")
_URLISH_RE = re.compile(r"://|www\.|@|\bdoi\b|\.(?:com|org|net|html?|php)\b", re.IGNORECASE)
_TOKEN_START_RE = re.compile(r"\S*$")
_TOKEN_END_RE = re.compile(r"^\S*")

# A Unicode ellipsis, closing marks, then a capitalised word.
_ELLIPSIS_RE = re.compile(r"…[)\]}\"'’”»]*(?=\s+[(«“\"]?\s*[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")

# Abbreviations after which a sentence never ends when text follows. Case matters: "M." is
# Monsieur but "m." is metres, "Eq." an equation but "EQ." an acronym.
_NON_FINAL_COMMON = (
    r"[eE]\.\s?g|[iI]\.\s?e|[cC]f|[vV]s|[fF]igs?|[eE]qs?|[aA]pprox|ca|resp|viz|Dr|Prof|St"
)
_NON_FINAL = {
    "en": rf"{_NON_FINAL_COMMON}|Mr|Mrs|Ms",
    "fr": rf"{_NON_FINAL_COMMON}|[pP]\.\s?ex|[cC]\.-à-d|M|MM|Mmes?|Mlle|Pr|Ste",
}
_NON_FINAL_RE = {
    lang: re.compile(rf"(?<![\w.-])(?:{words})\.$") for lang, words in _NON_FINAL.items()
}
# Reference abbreviations that do not end a sentence when a number follows ("vol. 40").
_BEFORE_NUMBER_RE = re.compile(
    r"(?<![\w.-])(?:no|nos|vol|vols|chap|ch|p|pp|sect|tab|art|réf|ref|suppl|n)\.$", re.IGNORECASE
)
_NUMBER_START_RE = re.compile(r"^(?:\d|[IVXLC]+\b)")
_SPACED_INITIALS_RE = re.compile(r"(?<!\w)[A-Z]\.\s[A-Z]\.$")
_INITIAL_END_RE = re.compile(r"(?<![\w.])[A-Z]\.$")
_INITIAL_START_RE = re.compile(r"[A-Z]\.(?:\s|$)")
_DOTTED_ACRONYM_END_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
_FIRST_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_PLAIN_LOWER_WORD_RE = re.compile(r"[a-zß-öø-ÿœ]+(?:['’][a-zß-öø-ÿœ]+)?")
# Punkt's orthographic flags (nltk.tokenize.punkt keeps them private): a word seen in lower
# case (at a sentence start, in the middle, or at an unknown position).
ORTHO_LC = (1 << 4) | (1 << 5) | (1 << 6)
_CLOSING_RE = re.compile(r"\s*[)\]}\"'’”»]+(?=\s|$)")
# Rules look back this many characters at most: enough for any abbreviation or heading
# context, and it keeps the cost per candidate constant on long paragraphs.
_TAIL = 40
_PARAGRAPH_RE = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")


class ScientificLanguageVars(PunktLanguageVars):
    """Punkt's language variables with typographic quotes treated as punctuation.

    Curly quotes and guillemets split off words (so ``«Le`` is the word ``le``) and a period
    directly before a closing quote (``.”``, ``.»``) is a candidate boundary. Recent NLTK
    releases do this themselves; defining it here keeps older ones behaving the same.
    """

    __slots__ = ()

    @property
    def _re_non_word_chars(self) -> str:
        others = re.escape("".join(set(self.sent_end_chars) - {"."}))
        return rf"(?:[)\";}}\]\*:@\'\({{\[\u2018\u2019\u201c\u201d\xab\xbb{others}])"


class CachedPunktToken(PunktToken):
    """Punkt's token, with the properties Punkt derives from its text by regular
    expression looked up in a cache instead.

    Punkt builds a token object for every word around every candidate boundary, and each
    computes its type and its ellipsis and initial tests with a regular expression run under
    NLTK's timeout guard. These are functions of the token's text alone, and the same words
    come back all the time, so :func:`_token_facts` computes them once per distinct text,
    with Punkt's own code: the values are Punkt's.
    """

    __slots__ = ()

    def _get_type(self, tok: str) -> str:
        return _token_facts(tok)[0]

    @property
    def is_ellipsis(self):  # noqa: ANN201 - Punkt's return value (a match or None)
        return _token_facts(self.tok)[1]

    @property
    def is_initial(self):  # noqa: ANN201 - Punkt's return value (a match or None)
        return _token_facts(self.tok)[2]


@lru_cache(maxsize=20_000)
def _token_facts(tok: str) -> tuple:
    """(type, is_ellipsis, is_initial) of a token text, as Punkt's own token computes them."""
    token = PunktToken(tok)
    return token.type, token.is_ellipsis, token.is_initial


def params_path(lang: str) -> Path:
    """The shipped parameter file of ``lang``."""
    return DATA_DIR / f"punkt_{lang}.json"


def params_from_json(data: dict) -> PunktParameters:
    """Rebuild Punkt parameters from the JSON written by :func:`params_to_json`."""
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, data["ortho_context"])
    return params


def params_to_json(params: PunktParameters, lang: str, provenance: dict) -> dict:
    """Compact, diff-friendly JSON of Punkt parameters (sorted, one value per entry)."""
    return {
        "format": PARAMS_FORMAT,
        "lang": lang,
        "provenance": provenance,
        "abbrev_types": sorted(params.abbrev_types),
        "collocations": sorted([list(pair) for pair in params.collocations]),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(sorted(params.ortho_context.items())),
    }


@lru_cache(maxsize=4)
def _load_params(lang: str) -> PunktParameters:
    path = params_path(lang)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FileNotFoundError(
            f"Punkt parameters for {lang!r} are missing ({path}); "
            "run scripts/train_punkt.py or reinstall the package"
        ) from error
    if data.get("format") != PARAMS_FORMAT:
        raise ValueError(f"{path}: expected format {PARAMS_FORMAT}, found {data.get('format')}")
    params = params_from_json(data)
    params.abbrev_types |= HAND_ABBREVIATIONS[lang]
    return params


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"unsupported language {lang!r}: the splitter knows {known}")
    return lang


@dataclass(frozen=True)
class _LanguageModel:
    """Everything splitting needs for one language, built once per process."""

    tokenizer: PunktSentenceTokenizer
    ortho_context: dict[str, int]
    sent_starters: frozenset[str]
    non_final: re.Pattern[str]


@lru_cache(maxsize=4)
def _model(lang: str) -> _LanguageModel:
    params = _load_params(lang)
    return _LanguageModel(
        tokenizer=PunktSentenceTokenizer(params, lang_vars=ScientificLanguageVars(),
                                         token_cls=CachedPunktToken),
        ortho_context=dict(params.ortho_context),
        sent_starters=frozenset(params.sent_starters),
        non_final=_NON_FINAL_RE[lang],
    )


def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    """The trained Punkt tokenizer of ``lang`` alone (used to measure what the rules add)."""
    return _model(_check_lang(lang)).tokenizer


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` (language ``en`` or ``fr``) into sentences, dropping blank ones.

    Newlines separate paragraphs; a sentence never spans two paragraphs, except that a
    paragraph consisting only of a heading is attached to the sentence that follows it.
    """
    model = _model(_check_lang(lang))
    sentences: list[str] = []
    pending_heading = ""
    for paragraph in _PARAGRAPH_RE.split(text):
        if not paragraph.strip():
            continue
        if _HEADING_ONLY_RE.match(paragraph):
            pending_heading = f"{pending_heading} {paragraph.strip()}".strip()
            continue
        found = _split_paragraph(paragraph, model)
        if not found:
            continue
        if pending_heading:
            found[0] = f"{pending_heading} {found[0]}"
            pending_heading = ""
        sentences.extend(found)
    if pending_heading:
        sentences.append(pending_heading)
    return sentences


def _split_paragraph(paragraph: str, model: _LanguageModel) -> list[str]:
    """Sentences of one non-blank paragraph: forced boundaries first, Punkt inside each chunk."""
    sentences: list[str] = []
    start = 0
    for cut in [*_forced_boundaries(paragraph, model), len(paragraph)]:
        chunk = paragraph[start:cut]
        start = cut
        if chunk.strip():
            sentences.extend(_punkt_sentences(chunk, model))
    return sentences


def _forced_boundaries(paragraph: str, model: _LanguageModel) -> list[int]:
    """Offsets where a sentence must start whatever Punkt decides (sorted, without 0).

    A cut is dropped when the text since the previous cut is only a label ("RÉSUMÉ"), so
    "RÉSUMÉ OBJECTIF: ..." stays one sentence.
    """
    candidates = sorted(
        {
            *_heading_starts(paragraph),
            *_glued_starts(paragraph, model),
            *_ellipsis_ends(paragraph),
        }
    )
    cuts: list[int] = []
    previous = 0
    for cut in candidates:
        before = paragraph[previous:cut]
        if before.strip() and not _HEADING_ONLY_RE.match(before):
            cuts.append(cut)
            previous = cut
    return cuts


def _heading_starts(paragraph: str) -> Iterable[int]:
    """Starts of headings that open a section after a finished sentence (or unmistakably)."""
    for match in _HEADING_RE.finditer(paragraph):
        head = match.group("head")
        if not head[0].isupper():
            continue
        before = paragraph[max(0, match.start() - _TAIL) : match.start()]
        unmistakable = "/" in head or (head.isupper() and len(head) > 2)
        if unmistakable or _SENTENCE_END_BEFORE_RE.search(before):
            yield match.start()


def _glued_starts(paragraph: str, model: _LanguageModel) -> Iterable[int]:
    """Sentence starts glued to the previous period: "issue.Design" (not "e.g.A", URLs)."""
    for match in _GLUED_RE.finditer(paragraph):
        end = match.start()
        left = paragraph[max(0, end - _TAIL) : end]
        if not _GLUED_LEFT_RE.search(left):
            continue
        token = _TOKEN_START_RE.search(left).group() + _TOKEN_END_RE.match(
            paragraph[end:]
        ).group()
        if _URLISH_RE.search(token) or model.non_final.search(left + "."):
            continue
        yield end + 1


def _ellipsis_ends(paragraph: str) -> Iterable[int]:
    """Sentence starts after "…" when a capitalised word follows."""
    for match in _ELLIPSIS_RE.finditer(paragraph):
        yield match.end()


def _punkt_sentences(chunk: str, model: _LanguageModel) -> list[str]:
    """Punkt's sentences of ``chunk`` after realignment and merges.

    Works on spans so that merged sentences keep their original inner text.
    """
    spans: list[list[int]] = []
    for begin, end in model.tokenizer.span_tokenize(chunk, realign_boundaries=False):
        if spans:
            closing = _CLOSING_RE.match(chunk, begin)
            if closing:
                spans[-1][1] = closing.end()
                begin = closing.end()
            if not chunk[begin:end].strip():
                continue
            previous = chunk[max(spans[-1][0], spans[-1][1] - _TAIL) : spans[-1][1]]
            if _continues(previous, chunk[begin:end].lstrip(), model):
                spans[-1][1] = end
                continue
        spans.append([begin, end])
    return [piece for begin, end in spans if (piece := chunk[begin:end].strip())]


def _continues(previous: str, piece: str, model: _LanguageModel) -> bool:
    """Whether Punkt split ``previous`` from ``piece`` by mistake.

    True after an abbreviation that never ends a sentence; inside a run of initials
    ("J. K. Rowling"); after "no."/"vol."/"p." before a number; after a dotted acronym
    ("U.S.") unless a frequent sentence starter follows ("U.S. Army" but "U.S. The"); and
    before a plain lower-case word ("... 16 mm. and is", "house?” and", OCR'd
    "Specifically. the"). Sentences of abstracts do not start in lower case unless the word
    carries capitals, digits or hyphens inside ("mRNA", "pH", "p-values"): those are left
    to Punkt.
    """
    if model.non_final.search(previous) or _SPACED_INITIALS_RE.search(previous):
        return True
    if _INITIAL_END_RE.search(previous) and _INITIAL_START_RE.match(piece):
        return True
    if _BEFORE_NUMBER_RE.search(previous) and _NUMBER_START_RE.match(piece):
        return True
    word = _FIRST_WORD_RE.match(piece)
    if not word:
        return False
    lowered = word.group().lower()
    if _DOTTED_ACRONYM_END_RE.search(previous) and lowered not in model.sent_starters:
        return True
    return _PLAIN_LOWER_WORD_RE.fullmatch(word.group()) is not None


@lru_cache(maxsize=1)
def signature() -> str:
    """Identifies the splitter and its parameter files in reports, for reproducibility."""
    digest = hashlib.sha256()
    for lang in LANGUAGES:
        path = params_path(lang)
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return f"punkt-trained+rules:{digest.hexdigest()[:12]}"
