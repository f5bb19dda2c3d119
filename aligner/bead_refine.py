"""Every sentence of a merged bead must earn its place (issue 24, class 1).

The alignment search values a bead of type (k, l) at ``(k + l) / 2 * (logit + offset)``
and a sentence left unaligned at 0 (:mod:`aligner.align`). With the shipped offset (about
10), joining a sentence to a neighbouring bead is worth about ``offset / 2`` even when it
makes the bead less likely right: a French sentence with no English source, on the same
topic as its neighbour, ends inside a 1-2 bead with no flag, and an English sentence with
no French rendering inside a 2-1 bead.

The rule, applied to scored beads before they are flagged: a bead of three sentences or
more keeps an edge sentence only when the bead *with* it scores better than the bead
*without* it (the fidelity score, :mod:`aligner.scoring`: does the French convey the
English). A sentence whose removal leaves a bead that scores at least as well adds
nothing the other side says: it is taken out as a 0-1 (French) or 1-0 (English) bead next
to the rest, flagged ``addition`` or ``omission`` like any unaligned sentence, and both
beads say where they came from (``details["split_from"]``: the merged bead's sentences, the
sentence taken out, and both scores). When several edge sentences fail, the one whose
removal leaves the best-scoring bead is taken out (one per bead: the rest is not judged
again, as the search's tables hold no alternatives for it).

Why the fidelity score and not the bead model's probability: the bead model carries a
prior per bead type (merges are rare in its training abstracts), so a true 1-2 bead is
often less likely than a 1-1 bead made of half of it, and comparing the two compares
priors. The fidelity score judges the content only: half of a split sentence leaves the
rest "cut in half" (its ``detail`` part falls), while a sentence with no counterpart
dilutes the similarity and the length ratio of an otherwise faithful pair.

Measured, and why it is off by default (ALIGNER_BEAD_REFINE=1 turns it on): Medline
omission F1 0.980 -> 1.000 with both scorers (a hidden omission taken out of a 2-1 bead),
but with e5 Medline addition F1 0.923 -> 0.889 and all 0.991 -> 0.989, and the novels'
strict F1 (lexical) 0.923 -> 0.913; on the injected abstracts similar additions went
0.940 -> 0.944 only. A held-out guard fell, so the rule is kept for measurement, not
switched on.

The features of every sub-bead come from the alignment search's own tables
(``details["members"]``, written by :mod:`aligner.align` and removed here): nothing is
encoded twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aligner.records import Bead

Step = tuple[int, int, int, int]  # (i0, i1, j0, j1): English i0..i1-1, French j0..j1-1
MEMBERS_KEY = "members"
SPLIT_KEY = "split_from"
ScoreBead = Callable[[Bead], Bead]
SAME_CONTENT = 0.5  # below: the sentence more likely says something else than part of it
# Off by default: on held-out data it cost more than it gained (see Measured, above);
# ALIGNER_BEAD_REFINE=1 turns it on.
ENABLED = os.environ.get("ALIGNER_BEAD_REFINE", "0") == "1"


def removals(step: Step) -> list[tuple[Step, Step, str, int]]:
    """(rest of the bead, the one-sentence bead taken out, side, index) for each edge
    sentence whose removal leaves a bead with both sides."""
    i0, i1, j0, j1 = step
    if (i1 - i0) + (j1 - j0) < 3 or i1 == i0 or j1 == j0:
        return []
    options = []
    if j1 - j0 >= 2:
        options.append(((i0, i1, j0 + 1, j1), (i0, i0, j0, j0 + 1), "fr", j0))
        options.append(((i0, i1, j0, j1 - 1), (i1, i1, j1 - 1, j1), "fr", j1 - 1))
    if i1 - i0 >= 2:
        options.append(((i0 + 1, i1, j0, j1), (i0, i0 + 1, j0, j0), "en", i0))
        options.append(((i0, i1 - 1, j0, j1), (i1 - 1, i1, j1, j1), "en", i1 - 1))
    return options


def refine(beads: list[Bead], score: ScoreBead) -> list[Bead]:
    """Beads with each unearned edge sentence of a merged bead taken out (see module).

    ``score`` gives a bead (with ``details["features"]``) its fidelity score. Beads keep
    their order; every sentence stays in exactly one bead.
    """
    out: list[Bead] = []
    for bead in beads:
        if ENABLED:
            out.extend(_refined(bead, score))
        else:
            details = {k: v for k, v in bead.details.items() if k != MEMBERS_KEY}
            out.append(replace(bead, details=details))
    return out


def _refined(bead: Bead, score: ScoreBead) -> list[Bead]:
    details = dict(bead.details)
    members = details.pop(MEMBERS_KEY, None)
    bead = replace(bead, details=details)
    if not members or bead.score is None:
        return [bead]
    best = None
    for member in members:
        i0, i1, j0, j1 = member["rest"]
        rest = score(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)),
                          details={"features": member["rest_features"]}))
        if rest.score is None or rest.score < bead.score:
            continue
        content = _alone_content(bead, member, score)
        if content >= SAME_CONTENT:
            continue
        if best is None or rest.score > best[1].score:
            best = (member, rest, content)
    if best is None:
        return [bead]
    member, rest, content = best
    side, index = member["side"], member["index"]
    note: dict[str, Any] = {"en": list(bead.en), "fr": list(bead.fr),
                            "removed": {"side": side, "index": index},
                            "score_with": round(bead.score, 4),
                            "score_without": round(float(rest.score or 0.0), 4),
                            "content_alone": round(content, 4)}
    alone = Bead((index,) if side == "en" else (), (index,) if side == "fr" else (),
                 details={"features": member["alone_features"], SPLIT_KEY: note})
    rest = replace(rest, details={**rest.details, SPLIT_KEY: note})
    first_of_bead = (side == "en" and index == bead.en[0]) or (
        side == "fr" and index == bead.fr[0])
    return [alone, rest] if first_of_bead else [rest, alone]


def _alone_content(bead: Bead, member: dict[str, Any], score: ScoreBead) -> float:
    """The fidelity model's ``content`` part for the sentence alone against the bead's
    other side: the probability that it says the same thing as (part of) that side."""
    side, index = member["side"], member["index"]
    pair = Bead((index,) if side == "en" else bead.en, bead.fr if side == "en" else (index,),
                details={"features": member["pair_features"]})
    scored = score(pair)
    return float(scored.details.get("components", {}).get("content", 1.0))
