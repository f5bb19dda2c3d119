"""Sentence splitting of English and French scientific abstracts (aligner.segment)."""

from __future__ import annotations

import json
import re

import pytest

from aligner import segment
from aligner.segment import split_sentences
from tests.conftest import data_file, seed_file

EN_CASES = [
    # abbreviations
    ("Smith et al. reported a rise. We did not.", ["Smith et al. reported a rise.", "We did not."]),
    (
        "This was shown earlier (Smith et al., 2019). We confirm it.",
        ["This was shown earlier (Smith et al., 2019).", "We confirm it."],
    ),
    ("Several factors, e.g. Age and sex, matter.", ["Several factors, e.g. Age and sex, matter."]),
    ("Some drugs, i.e. Statins, were stopped.", ["Some drugs, i.e. Statins, were stopped."]),
    ("See the model (cf. Table 2) for details.", ["See the model (cf. Table 2) for details."]),
    (
        "The results are shown in Fig. 3. They hold.",
        ["The results are shown in Fig. 3.", "They hold."],
    ),
    ("As defined in Eq. 4, the loss is convex.", ["As defined in Eq. 4, the loss is convex."]),
    ("Drug A vs. Placebo was tested.", ["Drug A vs. Placebo was tested."]),
    (
        "It appeared in vol. 40, no. 1 of the review.",
        ["It appeared in vol. 40, no. 1 of the review."],
    ),
    ("We recruited approx. 300 people.", ["We recruited approx. 300 people."]),
    ("Dr. Smith led the trial. It ended.", ["Dr. Smith led the trial.", "It ended."]),
    (
        "We used maps, charts, tables, etc. The rest was text.",
        ["We used maps, charts, tables, etc.", "The rest was text."],
    ),
    ("See chap. 3 for the proof.", ["See chap. 3 for the proof."]),
    ("The U.S. Army funded it. We thank them.", ["The U.S. Army funded it.", "We thank them."]),
    # initials in names
    (
        "The scale of J. K. Rowling and A. B. Smith was used. It is valid.",
        ["The scale of J. K. Rowling and A. B. Smith was used.", "It is valid."],
    ),
    ("Vitamin D. The levels were low.", ["Vitamin D.", "The levels were low."]),
    # decimals and statistics
    (
        "The effect was significant (p < 0.05). It held.",
        ["The effect was significant (p < 0.05).", "It held."],
    ),
    ("A sample (n = 6) was drawn. It was small.", ["A sample (n = 6) was drawn.", "It was small."]),
    (
        "The odds ratio was 2.1 (95% CI 1.2–3.4). Risk rose.",
        ["The odds ratio was 2.1 (95% CI 1.2–3.4).", "Risk rose."],
    ),
    ("Mean age was 45.3 years. Most were men.", ["Mean age was 45.3 years.", "Most were men."]),
    (
        "The sample size was n = 6. Results follow.",
        ["The sample size was n = 6.", "Results follow."],
    ),
    ("It rose by 3.5 %. Then it fell.", ["It rose by 3.5 %.", "Then it fell."]),
    ("The female reaches 12 mm. in length.", ["The female reaches 12 mm. in length."]),
    # parentheses, quotes, ellipses, questions
    (
        "They asked (in 2020.) Then they left.",
        ["They asked (in 2020.)", "Then they left."],
    ),
    (
        "Participants said “it helps.” Others disagreed.",
        ["Participants said “it helps.”", "Others disagreed."],
    ),
    ('He wrote "the end." Nobody replied.', ['He wrote "the end."', "Nobody replied."]),
    ("Why do users stop? We asked them.", ["Why do users stop?", "We asked them."]),
    ("It worked! Everyone agreed.", ["It worked!", "Everyone agreed."]),
    ("We waited... The answer came.", ["We waited...", "The answer came."]),
    ("We waited… The answer came.", ["We waited…", "The answer came."]),
    ("Schools, clinics, shops… all closed.", ["Schools, clinics, shops… all closed."]),
    # structured-abstract headings
    (
        "Purpose – To test it. Design/methodology/approach – A survey. Findings – It works.",
        [
            "Purpose – To test it.",
            "Design/methodology/approach – A survey.",
            "Findings – It works.",
        ],
    ),
    (
        "Purpose– To test it.Design/methodology/approach– A survey.Originality/value– New.",
        [
            "Purpose– To test it.",
            "Design/methodology/approach– A survey.",
            "Originality/value– New.",
        ],
    ),
    (
        "Background: Little is known. Methods: We surveyed 50 units. Results: Most replied. "
        "Conclusions: It varies.",
        [
            "Background: Little is known.",
            "Methods: We surveyed 50 units.",
            "Results: Most replied.",
            "Conclusions: It varies.",
        ],
    ),
    (
        "OBJECTIVE: To assess care in rural areas METHODS: A cohort study.",
        ["OBJECTIVE: To assess care in rural areas", "METHODS: A cohort study."],
    ),
    (
        "Purpose – To test it Design/methodology/approach – A survey.",
        ["Purpose – To test it", "Design/methodology/approach – A survey."],
    ),
    (
        "We describe two methods: survey and interview. They agree.",
        ["We describe two methods: survey and interview.", "They agree."],
    ),
    (
        "A design-based approach was used. Design-based research is rare.",
        ["A design-based approach was used.", "Design-based research is rare."],
    ),
    (
        "Methods\nWe surveyed 50 units. Most replied.",
        ["Methods We surveyed 50 units.", "Most replied."],
    ),
    ("ABSTRACT OBJECTIVE: To assess care.", ["ABSTRACT OBJECTIVE: To assess care."]),
    # glued sentences, and what must not be unglued
    (
        "The paper discusses this issue.Design matters.",
        ["The paper discusses this issue.", "Design matters."],
    ),
    ("Several factors, e.g.Age, matter.", ["Several factors, e.g.Age, matter."]),
    (
        "See https://example.org/Page.Html for more. It is free.",
        ["See https://example.org/Page.Html for more.", "It is free."],
    ),
    (
        "The record is doi 10.7202/1100664ar in the U.S.A. archive.",
        ["The record is doi 10.7202/1100664ar in the U.S.A. archive."],
    ),
    ("Rates were 3.5.Then they fell.", ["Rates were 3.5.", "Then they fell."]),
    # paragraphs and blanks
    ("First paragraph\nSecond paragraph", ["First paragraph", "Second paragraph"]),
    ("One. Two.\n\n\nThree.", ["One.", "Two.", "Three."]),
    ("  Leading and trailing spaces.  ", ["Leading and trailing spaces."]),
]

FR_CASES = [
    # abréviations
    (
        "Dupont et al. ont montré un effet. Nous aussi.",
        ["Dupont et al. ont montré un effet.", "Nous aussi."],
    ),
    (
        "Certains facteurs, p. ex. Le sexe, comptent.",
        ["Certains facteurs, p. ex. Le sexe, comptent."],
    ),
    (
        "Les soins de santé, c.-à-d. Les services publics, ont changé.",
        ["Les soins de santé, c.-à-d. Les services publics, ont changé."],
    ),
    (
        "Voir le modèle (cf. Tableau 2) pour les détails.",
        ["Voir le modèle (cf. Tableau 2) pour les détails."],
    ),
    (
        "M. Dupont a dirigé l'étude. Elle a duré un an.",
        ["M. Dupont a dirigé l'étude.", "Elle a duré un an."],
    ),
    (
        "Mme Martin et Dr Roy ont signé. Ils ont publié.",
        ["Mme Martin et Dr Roy ont signé.", "Ils ont publié."],
    ),
    ("Selon le Dr. Roy, le risque baisse.", ["Selon le Dr. Roy, le risque baisse."]),
    (
        "Les résultats figurent dans la fig. 3. Ils tiennent.",
        ["Les résultats figurent dans la fig. 3.", "Ils tiennent."],
    ),
    ("Voir le chap. 2 pour la preuve.", ["Voir le chap. 2 pour la preuve."]),
    (
        "Il est paru dans le vol. 40, no. 1 de la revue.",
        ["Il est paru dans le vol. 40, no. 1 de la revue."],
    ),
    ("Nous avons recruté approx. 300 personnes.", ["Nous avons recruté approx. 300 personnes."]),
    ("Le traitement A vs. Placebo a été évalué.", ["Le traitement A vs. Placebo a été évalué."]),
    (
        "Nous avons utilisé des cartes, des tableaux, etc. Le reste était du texte.",
        ["Nous avons utilisé des cartes, des tableaux, etc.", "Le reste était du texte."],
    ),
    ("La distance était de 50 m. Il a conclu.", ["La distance était de 50 m.", "Il a conclu."]),
    # initiales
    (
        "L'échelle de J. K. Tremblay a été utilisée. Elle est valide.",
        ["L'échelle de J. K. Tremblay a été utilisée.", "Elle est valide."],
    ),
    # décimales et statistiques
    (
        "L'effet était significatif (p < 0,05). Il a tenu.",
        ["L'effet était significatif (p < 0,05).", "Il a tenu."],
    ),
    (
        "Un échantillon (n = 6) a été tiré. Il était petit.",
        ["Un échantillon (n = 6) a été tiré.", "Il était petit."],
    ),
    (
        "Le taux a augmenté de 3,5 %. Puis il a baissé.",
        ["Le taux a augmenté de 3,5 %.", "Puis il a baissé."],
    ),
    (
        "Le RC était de 2,1 (IC à 95 % : 1,2–3,4). Le risque a crû.",
        ["Le RC était de 2,1 (IC à 95 % : 1,2–3,4).", "Le risque a crû."],
    ),
    (
        "La moyenne était de 45.3 ans. La plupart étaient des hommes.",
        ["La moyenne était de 45.3 ans.", "La plupart étaient des hommes."],
    ),
    (
        "L'épaisseur était de 7.93 mm. Dans tous les cas, elle croît.",
        ["L'épaisseur était de 7.93 mm.", "Dans tous les cas, elle croît."],
    ),
    # espaces avant : ; ! ? et guillemets
    (
        "Pourquoi les usagers partent-ils ? Nous les avons interrogés.",
        ["Pourquoi les usagers partent-ils ?", "Nous les avons interrogés."],
    ),
    ("Cela fonctionne ! Tous étaient d'accord.", ["Cela fonctionne !", "Tous étaient d'accord."]),
    (
        "Deux volets : l'un clinique ; l'autre social. Ils se complètent.",
        ["Deux volets : l'un clinique ; l'autre social.", "Ils se complètent."],
    ),
    (
        "Les usagers ont dit : « cela aide. » D'autres n'étaient pas d'accord.",
        ["Les usagers ont dit : « cela aide. »", "D'autres n'étaient pas d'accord."],
    ),
    (
        "Ils ont terminé. « Nous reviendrons », ont-ils dit.",
        ["Ils ont terminé.", "« Nous reviendrons », ont-ils dit."],
    ),
    (
        "Il a écrit « la fin. » Personne n'a répondu.",
        ["Il a écrit « la fin. »", "Personne n'a répondu."],
    ),
    (
        "Elle a dit “ça suffit.” Puis elle est partie.",
        ["Elle a dit “ça suffit.”", "Puis elle est partie."],
    ),
    (
        "Nous avons attendu... La réponse est venue.",
        ["Nous avons attendu...", "La réponse est venue."],
    ),
    ("Nous avons attendu… La réponse est venue.", ["Nous avons attendu…", "La réponse est venue."]),
    (
        "Écoles, cliniques, commerces… tout a fermé.",
        ["Écoles, cliniques, commerces… tout a fermé."],
    ),
    (
        "Un groupe (voir plus haut.) Puis un autre.",
        ["Un groupe (voir plus haut.)", "Puis un autre."],
    ),
    # intertitres de résumés structurés
    (
        "Objectif : Évaluer les soins. Méthodes : Une enquête. Résultats : Peu ont répondu. "
        "Conclusion : Cela varie.",
        [
            "Objectif : Évaluer les soins.",
            "Méthodes : Une enquête.",
            "Résultats : Peu ont répondu.",
            "Conclusion : Cela varie.",
        ],
    ),
    (
        "OBJECTIF: Évaluer les soins en milieu rural MÉTHODES: Une étude de cohorte.",
        ["OBJECTIF: Évaluer les soins en milieu rural", "MÉTHODES: Une étude de cohorte."],
    ),
    (
        "But – Tester l'outil.Méthodologie – Une enquête.",
        ["But – Tester l'outil.", "Méthodologie – Une enquête."],
    ),
    ("RÉSUMÉ OBJECTIF: Évaluer les soins.", ["RÉSUMÉ OBJECTIF: Évaluer les soins."]),
    ("Méthodes\nNous avons interrogé 50 unités.", ["Méthodes Nous avons interrogé 50 unités."]),
    (
        "Nous décrivons deux méthodes : enquête et entretien. Elles concordent.",
        ["Nous décrivons deux méthodes : enquête et entretien.", "Elles concordent."],
    ),
    # phrases collées, et ce qui ne doit pas être décollé
    (
        "L'étude porte sur ce sujet.Les données sont publiques.",
        ["L'étude porte sur ce sujet.", "Les données sont publiques."],
    ),
    (
        "La notice 10.7202/1100664ar est sur www.erudit.Org pour tous.",
        ["La notice 10.7202/1100664ar est sur www.erudit.Org pour tous."],
    ),
    (
        "Certains facteurs, p. ex.Le sexe, comptent.",
        ["Certains facteurs, p. ex.Le sexe, comptent."],
    ),
    # paragraphes et blancs
    ("Premier paragraphe\nSecond paragraphe", ["Premier paragraphe", "Second paragraphe"]),
    ("Un. Deux.\r\n\r\nTrois.", ["Un.", "Deux.", "Trois."]),
]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), FR_CASES)
def test_french(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "fr") == expected


def test_enough_cases_per_language() -> None:
    assert len(EN_CASES) >= 40 and len(FR_CASES) >= 40


@pytest.mark.parametrize(
    ("text", "lang"),
    [(text, "en") for text, _ in EN_CASES] + [(text, "fr") for text, _ in FR_CASES],
)
def test_no_text_is_lost(text: str, lang: str) -> None:
    assert _squeeze(" ".join(split_sentences(text, lang))) == _squeeze(text)


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n "])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_blank_input_gives_no_sentences(text: str, lang: str) -> None:
    assert split_sentences(text, lang) == []


def test_sentences_never_span_paragraphs() -> None:
    text = "The first paragraph ends without a period\nthe second starts in lower case."
    assert split_sentences(text, "en") == [
        "The first paragraph ends without a period",
        "the second starts in lower case.",
    ]


def test_unknown_language_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        split_sentences("Ein Satz.", "de")


def test_parameters_are_loaded_once_per_process() -> None:
    split_sentences("One. Two.", "en")
    before = segment._model.cache_info().hits
    split_sentences("Three. Four.", "en")
    assert segment._model.cache_info().misses <= len(segment.LANGUAGES)
    assert segment._model.cache_info().hits == before + 1


def test_shipped_parameters_are_trained_and_compact() -> None:
    for lang in segment.LANGUAGES:
        path = segment.params_path(lang)
        assert path.stat().st_size < 500_000, f"{path} grew past 500 kB"
        params = segment._load_params(lang)
        assert len(params.ortho_context) > 1000, "ortho_context looks untrained"
        assert params.sent_starters, "no sentence starters: parameters look untrained"
        assert segment.HAND_ABBREVIATIONS[lang] <= params.abbrev_types


def test_signature_names_the_parameters() -> None:
    assert segment.signature().startswith("punkt-trained+rules:")


def _seed_abstract(start: str) -> str:
    text = seed_file("002_197bd31afb418ccc.txt").read_text(encoding="utf-8")
    for paragraph in text.split("\n"):
        if paragraph.startswith(start):
            return paragraph
    pytest.fail(f"no paragraph starting {start!r} in the seed record")


def test_seed_erudit_english_abstract_has_five_sentences() -> None:
    sentences = split_sentences(_seed_abstract("While there has been"), "en")
    assert len(sentences) == 5, sentences
    assert sentences[1].startswith("In this phenomenological study")


def test_seed_erudit_french_abstract_has_seven_sentences() -> None:
    sentences = split_sentences(_seed_abstract("Si l’impact potentiel"), "fr")
    assert len(sentences) == 7, sentences
    assert sentences[4].startswith("L’étude a également soulevé")


def test_seed_publisher_page_splits_glued_headings() -> None:
    text = seed_file("001_bf8cc7c37efbc0ec.txt").read_text(encoding="utf-8")
    paragraph = next(line for line in text.split("\n") if line.startswith("Purpose–"))
    sentences = split_sentences(paragraph, "en")
    assert "The paper aims to discuss this issue." in sentences
    heading = [s for s in sentences if s.startswith("Design/methodology/approach–")]
    assert heading and heading[0].startswith("Design/methodology/approach– A phenomenological")
    assert not any(s.endswith(("Purpose–", "approach–", "Findings–")) for s in sentences)


def _boundaries(text: str, sentences: list[str]) -> set[int]:
    offsets, position = set(), 0
    for index, sentence in enumerate(sentences):
        found = text.find(sentence, position)
        assert found >= 0, f"sentence not found in its text, text was altered: {sentence[:60]!r}"
        if index:
            offsets.add(found)
        position = found + len(sentence)
    return offsets


@pytest.mark.data
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_agrees_with_scielo_split_and_loses_nothing(lang: str) -> None:
    """On held-out SciELO abstracts: every character kept, and boundary F1 stays >= 0.99."""
    path = data_file("scielo_health_fren_docs.jsonl")
    found = expected = both = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record[f"{lang}_text"]
            sentences = split_sentences(text, lang)
            assert _squeeze("".join(sentences)) == _squeeze(text)
            ours, theirs = _boundaries(text, sentences), _boundaries(text, record[lang])
            found, expected, both = (
                found + len(ours),
                expected + len(theirs),
                both + len(ours & theirs),
            )
    precision, recall = both / found, both / expected
    assert 2 * precision * recall / (precision + recall) >= 0.99
