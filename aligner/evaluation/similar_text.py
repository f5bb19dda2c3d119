"""The most similar sentence of other documents, by a cheap lexical measure (offline, fast).

Harder injected divergences (:mod:`aligner.evaluation.inject_hard`) take their donor
sentence not at random but from another abstract, as close as possible to the sentence it
will stand beside: an added sentence on the same topic as its neighbour is what the
aligner glues into a 1-2 bead, and a random one is too easy to tell apart.

Similarity is chrF (Popović 2015, WMT): the F-score of character n-grams (1 to 6, spaces
removed), averaged over n. With beta = 1 it is symmetric, which suits "how alike are these
two sentences" (sacrebleu's beta = 2 favours recall of a reference). Scoring every pair of
a 36,000-sentence collection would take minutes, so candidates come from an inverted index
of content words (accent-folded, 4 letters or more, in at most 5% of the sentences), ranked
by the summed idf of the words they share, and only the best :data:`CANDIDATES` are scored
with chrF.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from aligner.similarity.lexical import fold

CHRF_ORDER = 6
CANDIDATES = 40
MAX_WORD_SHARE = 0.05  # words in more sentences than this are function words here
MIN_WORD_LIMIT = 20  # ...but a small collection keeps every word
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@lru_cache(maxsize=4096)
def char_ngrams(text: str, n: int) -> Counter[str]:
    """Character n-grams of ``text`` with whitespace removed (chrF's default); cached, as
    the same sentences are compared again and again. Callers must not change the result."""
    squeezed = "".join(text.split())
    return Counter(squeezed[k : k + n] for k in range(len(squeezed) - n + 1))


def chrf(first: str, second: str, order: int = CHRF_ORDER, beta: float = 1.0) -> float:
    """chrF of ``first`` against ``second`` in [0, 1]: mean over n of the n-gram F-beta."""
    scores = []
    for n in range(1, order + 1):
        a, b = char_ngrams(first, n), char_ngrams(second, n)
        if not a or not b:
            continue
        common = sum((a & b).values())
        precision, recall = common / sum(a.values()), common / sum(b.values())
        if precision + recall == 0:
            scores.append(0.0)
            continue
        scores.append((1 + beta**2) * precision * recall / (beta**2 * precision + recall))
    return sum(scores) / len(scores) if scores else 0.0


def content_words(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Match:
    """A sentence of the collection: its document, its position there, its text, its chrF."""

    document: int
    position: int
    text: str
    similarity: float


class SimilarSentences:
    """Finds, for a query sentence, the most similar sentences of other documents."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.sentences: list[tuple[int, int, str]] = [
            (d, p, s) for d, sentences in enumerate(documents) for p, s in enumerate(sentences)
        ]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, (_, _, text) in enumerate(self.sentences):
            for word in content_words(text):
                postings[word].append(index)
        limit = max(MIN_WORD_LIMIT, int(MAX_WORD_SHARE * len(self.sentences)))
        total = max(1, len(self.sentences))
        self.postings = {w: ids for w, ids in postings.items() if len(ids) <= limit}
        self.idf = {w: math.log(total / len(ids)) for w, ids in self.postings.items()}

    def most_similar(self, query: str, exclude_document: int,
                     accept: Callable[[str], bool] = lambda _: True,
                     limit: int = 1) -> list[Match]:
        """Candidates from other documents, most similar first (chrF), that ``accept`` keeps.

        The :data:`CANDIDATES` sentences sharing the most idf with the query are scored
        with chrF; ``accept`` (which may be costly) is asked in chrF order and only until
        ``limit`` sentences are accepted.
        """
        shared: Counter[int] = Counter()
        for word in content_words(query):
            weight = self.idf.get(word)
            if weight is None:
                continue
            for index in self.postings[word]:
                shared[index] += weight  # type: ignore[assignment]
        ranked = [index for index, _ in sorted(shared.items(), key=lambda item: (-item[1],
                                                                                  item[0]))
                  if self.sentences[index][0] != exclude_document][:CANDIDATES]
        scored = sorted((Match(*self.sentences[index], chrf(query, self.sentences[index][2]))
                         for index in ranked),
                        key=lambda m: (-m.similarity, m.document, m.position))
        accepted = []
        for match in scored:
            if accept(match.text):
                accepted.append(match)
                if len(accepted) == limit:
                    break
        return accepted
