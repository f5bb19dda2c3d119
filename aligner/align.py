"""Sentence alignment (first version: Gale-Church lengths only).

NLTK's implementation of Gale & Church (1993), "A Program for Aligning Sentences in
Bilingual Corpora", https://aclanthology.org/J93-1004/. It aligns on character lengths
alone, so it cannot tell an inserted sentence from a 1-2 split; the alignment issue
replaces it with a similarity-based search. The interface (:func:`align_by_length`)
returns beads covering every sentence once, in order, as the contract requires.
"""

from __future__ import annotations

from nltk.translate.gale_church import align_blocks

from aligner.records import Bead


class LengthAligner:
    """The aligner interface: ``align`` gives beads, ``bead_features`` describes one bead.

    ``bead_features`` lets the scorer judge a bead the aligner did not choose (e.g. a
    forced 1-1 pair in evaluation); this length-only aligner knows only lengths.
    """

    name = "gale-church"

    def align(self, en: list[str], fr: list[str]) -> list[Bead]:
        return [
            Bead(
                b.en,
                b.fr,
                details={
                    "features": self.bead_features([en[i] for i in b.en], [fr[j] for j in b.fr])
                },
            )
            for b in align_by_length(en, fr)
        ]

    def bead_features(self, en: list[str], fr: list[str]) -> dict[str, float]:
        en_chars = sum(len(s) for s in en)
        fr_chars = sum(len(s) for s in fr)
        return {"length_ratio": fr_chars / en_chars if en_chars else 0.0}


def align_by_length(en: list[str], fr: list[str]) -> list[Bead]:
    """Beads from Gale-Church on character lengths; sentences left out become 1-0 / 0-1."""
    if not en or not fr:
        return [Bead((i,), ()) for i in range(len(en))] + [Bead((), (j,)) for j in range(len(fr))]
    links = align_blocks([max(1, len(s)) for s in en], [max(1, len(s)) for s in fr])
    return beads_from_links(links, len(en), len(fr))


def beads_from_links(links: list[tuple[int, int]], n_en: int, n_fr: int) -> list[Bead]:
    """Group sentence links into connected beads; unlinked sentences become 1-0 or 0-1 beads."""
    beads: list[Bead] = []
    en_done = fr_done = 0
    group_en: set[int] = set()
    group_fr: set[int] = set()
    for i, j in sorted(links):
        if group_en and i not in group_en and j not in group_fr:
            beads.append(Bead(tuple(sorted(group_en)), tuple(sorted(group_fr))))
            en_done, fr_done = max(group_en) + 1, max(group_fr) + 1
            group_en, group_fr = set(), set()
        beads.extend(Bead((k,), ()) for k in range(en_done, i) if k not in group_en)
        beads.extend(Bead((), (k,)) for k in range(fr_done, j) if k not in group_fr)
        en_done, fr_done = max(en_done, i), max(fr_done, j)
        group_en.add(i)
        group_fr.add(j)
    if group_en:
        beads.append(Bead(tuple(sorted(group_en)), tuple(sorted(group_fr))))
        en_done, fr_done = max(group_en) + 1, max(group_fr) + 1
    beads.extend(Bead((k,), ()) for k in range(en_done, n_en))
    beads.extend(Bead((), (k,)) for k in range(fr_done, n_fr))
    return beads
