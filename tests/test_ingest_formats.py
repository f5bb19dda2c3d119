"""`aligner ingest` on journals' own records: JATS, Érudit XML, TEI, OAI-PMH, Crossref, HAL,
PubMed, OJS. Fixtures under tests/fixtures/formats/ were written for these tests from the
formats' documentation (JATS Tag Library, eruditarticle schema, OAI-PMH 2.0, Crossref and HAL
API docs, PubMed DTD, PKP native.xsd)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from aligner.cli import main
from aligner.ingest.core import ingest_paths
from aligner.ingest.model import IngestedRecord, Unrecognised

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


def ingest(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["ingest", *args], input=stdin)


def records_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def outcomes(path: Path | str) -> list[IngestedRecord | Unrecognised]:
    return list(ingest_paths([str(path)]))


def only_record(path: Path | str) -> dict:
    found = [o for o in outcomes(path) if isinstance(o, IngestedRecord)]
    assert len(found) == 1, outcomes(path)
    return found[0].to_dict()


def test_jats_abstract_trans_abstract_titles_keywords_and_metadata() -> None:
    record = only_record(FIXTURES / "jats_trans_abstract.xml")
    assert record["layout"] == "jats"
    assert record["id"] == record["doi"] == "10.9999/jnh.2021.17"
    assert record["title_en"] == "Winter runoff in boreal catchments"
    assert record["title_fr"] == "Le ruissellement hivernal des bassins boréaux"
    assert record["keywords_en"] == ["runoff", "boreal catchments", "winter"]
    assert record["keywords_fr"] == ["ruissellement", "bassins boréaux"]
    assert record["title"] == record["title_en"]  # the main title, as before
    assert set(record["keywords"]) == set(record["keywords_en"] + record["keywords_fr"])
    assert record["journal"] == "Journal of Northern Hydrology"
    assert (record["year"], record["volume"], record["issue"]) == (2021, "12", "3")
    assert record["issn"] == ["1234-5678", "8765-4321"]
    assert record["authors"] == ["Anne Tremblay", "Northern Water Group"]
    assert record["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    assert record["article_type"] == "research-article"
    assert record["en_path"].endswith("article-meta/abstract[2]")
    assert record["fr_path"].endswith("article-meta/trans-abstract")


def test_jats_structured_abstract_and_inline_markup_read_as_a_reader_sees_them() -> None:
    record = only_record(FIXTURES / "jats_trans_abstract.xml")
    paragraphs = record["en"].split("\n\n")
    # section titles lead in; the "Abstract" heading is gone; the note call "1" is dropped
    assert paragraphs[0] == (
        "Background: Winter discharge in boreal rivers has risen over the last three decades."
    )
    # sub/sup joined, MathML read from its alttext, the link's text kept
    assert "CO2 fluxes" in paragraphs[1] and "r^2 above 0.8" in paragraphs[1]
    assert "(see the data)" in paragraphs[1]
    assert not record["fr"].startswith("Résumé")
    assert record["fr"].startswith("Contexte: Le débit")


def test_graphical_abstract_is_kept_apart_and_named() -> None:
    record = only_record(FIXTURES / "jats_trans_abstract.xml")
    assert "map of the twelve catchments" not in record["en"]
    assert any("graphical abstract" in note for note in record["ingest_notes"])


def test_scielo_translation_sub_article_gives_the_french_side() -> None:
    record = only_record(FIXTURES / "jats_scielo_french.xml")
    assert record["fr"].startswith("Nous avons suivi des personnes âgées")
    assert record["title_fr"] == "Séjours hospitaliers des personnes âgées après une chute"
    assert record["keywords_fr"] == ["chutes", "personnes âgées"]
    assert "sub-article" in record["fr_path"]


def test_another_language_pair_is_kept_with_its_languages_named() -> None:
    record = only_record(FIXTURES / "jats_scielo_subarticle.xml")
    assert record["fr"] == ""
    assert record["en"].startswith("This study describes how primary care teams")
    assert record["abstract_languages"] == ["pt", "es", "en"]
    note = next(n for n in record["ingest_notes"] if "no French abstract" in n)
    assert "Portuguese" in note and "Spanish" in note


def test_erudit_xml_reads_resume_alinea_grtitre_grmotcle() -> None:
    record = only_record(FIXTURES / "erudit_article.xml")
    assert record["layout"] == "erudit-xml"
    assert record["title_fr"] == "La pêche hivernale au Nunavik"  # note call dropped
    assert record["title_en"] == "Winter fishing in Nunavik"
    assert record["fr"].split("\n\n") == [
        "Cet article décrit la pêche hivernale pratiquée par les familles du Nunavik et les "
        "savoirs transmis entre les générations.",
        "Il s’appuie sur des entretiens menés dans trois villages entre 2015 et 2018.",
    ]
    assert record["en"].startswith("This article describes the winter fishing")
    assert record["keywords_en"] == ["fishing", "Nunavik", "knowledge"]
    assert (record["volume"], record["issue"], record["year"]) == ("40", "1", 2019)
    assert record["issn"] == ["1111-2222", "3333-4444"]


def test_openedition_tei_abstract_divs_keywords_and_dropped_footnote() -> None:
    record = only_record(FIXTURES / "openedition_tei.xml")
    assert record["layout"] == "openedition-tei"
    assert record["fr"] == (
        "Cet article retrace l’histoire des jardins ouvriers de Lille depuis leur création "
        "jusqu’aux années soixante."
    )
    assert record["title_fr"] == "Les jardins ouvriers de Lille au XXe siècle"
    assert record["title_en"] == "Workers’ gardens in Lille in the twentieth century"
    assert record["keywords_en"] == ["allotments", "Lille", "urban history"]
    assert record["journal"] == "Histoire urbaine" and record["year"] == 2022


def test_hal_tei_reads_each_deposit_and_reports_an_empty_one() -> None:
    found = outcomes(FIXTURES / "hal_tei.xml")
    assert isinstance(found[0], IngestedRecord) and isinstance(found[1], Unrecognised)
    record = found[0].to_dict()
    assert record["layout"] == "hal-tei"
    assert record["keywords_fr"] == ["sédiments", "marées"]
    assert record["title_fr"] == "Le transport sédimentaire dans les chenaux de marée"
    assert record["doi"] == "10.9999/cd.2018.4" and record["journal"] == "Coastal Dynamics"
    assert found[1].kind == "empty record" and "hal-09999998" in found[1].reason


def test_oai_pmh_list_records_dc_mods_and_a_deleted_record_in_document_order() -> None:
    found = outcomes(FIXTURES / "oai_listrecords.xml")
    assert [type(o).__name__ for o in found] == ["IngestedRecord", "Unrecognised",
                                                "IngestedRecord"]
    dc, deleted, mods = found[0].to_dict(), found[1], found[2].to_dict()
    assert dc["layout"] == "oai-pmh/dc" and dc["doi"] == "10.9999/lect.2023.1"
    assert dc["fr"].startswith("Cette enquête") and dc["en"].startswith("This survey")
    assert dc["keywords_fr"] == ["lecture", "adolescence"]
    assert dc["journal"] == "Revue de la lecture"
    assert deleted.kind == "deleted record" and "article/2" in deleted.reason
    assert mods["layout"] == "oai-pmh/mods"
    assert mods["title_fr"] == "Couverture de neige et gel du sol"
    assert (mods["journal"], mods["volume"], mods["issue"]) == ("Cold Regions Notes", "7", "1")
    assert mods["en_path"] == "//record[3]/metadata/mods/abstract[1]"


def test_crossref_deposit_xml_journal_articles() -> None:
    found = [o.to_dict() for o in outcomes(FIXTURES / "crossref_deposit.xml")]
    assert [r["doi"] for r in found] == ["10.9999/cl.2023.18.2", "10.9999/cl.2023.18.3"]
    first, second = found
    assert first["title_en"] == "English loanwords in the sports press"
    assert first["en"].startswith("We list the English loanwords")
    assert first["journal"] == second["journal"] == "Cahiers de linguistique"
    assert second["volume"] == "18" and second["en"] == ""


def test_pubmed_labels_vernacular_title_and_other_abstract() -> None:
    record = only_record(FIXTURES / "pubmed.xml")
    assert record["title_en"] == "Antibiotic prescribing in rural general practice"
    assert record["title_fr"] == "Prescription d'antibiotiques en médecine générale rurale"
    assert record["en"].startswith("Objective: To describe antibiotic prescribing")
    assert "Copyright" not in record["en"]
    assert record["fr"].split("\n\n")[1].startswith("Résultats: L’amoxicilline")
    assert record["doi"] == "10.9999/rmr.2024.06" and record["issn"] == ["0035-0000"]


def test_ojs_native_locales_and_escaped_html_abstracts() -> None:
    record = only_record(FIXTURES / "ojs_native.xml")
    assert record["layout"] == "ojs-native"
    assert record["fr"].split("\n\n") == [
        "Nous observons l’évaluation formative dans six classes du primaire pendant une "
        "année scolaire.",
        "Les enseignantes utilisent surtout la rétroaction orale.",
    ]
    assert record["title_en"] == "Formative assessment in primary school"
    assert record["keywords_fr"] == ["évaluation", "primaire"]
    assert record["authors"] == ["Marie Côté"]


def test_format_is_told_by_content_not_by_file_name(tmp_path: Path) -> None:
    renamed = tmp_path / "record.txt"
    renamed.write_bytes((FIXTURES / "erudit_article.xml").read_bytes())
    assert only_record(renamed)["layout"] == "erudit-xml"
    result = ingest("-", stdin=(FIXTURES / "pubmed.xml").read_bytes())
    assert result.exit_code == 0
    assert records_of(result.stdout)[0]["layout"] == "pubmed"


def test_directory_and_archives_give_one_record_per_article(tmp_path: Path) -> None:
    import tarfile
    import zipfile

    with zipfile.ZipFile(tmp_path / "batch.zip", "w") as archive:
        archive.write(FIXTURES / "oai_listrecords.xml", "oai/page1.xml")
        archive.write(FIXTURES / "ojs_native.xml", "ojs.xml")
    with tarfile.open(tmp_path / "batch.tar.gz", "w:gz") as archive:
        archive.add(FIXTURES / "erudit_article.xml", "erudit.xml")
    result = ingest(str(tmp_path))
    assert result.exit_code == 0, result.output
    records = records_of(result.stdout)
    assert [r["layout"] for r in records] == ["erudit-xml", "oai-pmh/dc", "oai-pmh/mods",
                                              "ojs-native"]
    assert records[1]["source_file"] == f"{tmp_path / 'batch.zip'}!oai/page1.xml"
    assert "deleted record" in result.stderr


GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "formats"


def test_real_journal_files_read_as_their_gold_says() -> None:
    """The real sample (../shared/data/formats): each side's title, abstract and keywords
    as a reader sees them. Measured, not fitted: the readers follow the specifications."""
    import pytest

    gold_file = GOLD / "gold.jsonl"
    if not gold_file.exists():
        pytest.skip(f"needs {gold_file} (real journal files with their gold reading)")
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        produced = [o.to_dict() for o in outcomes(GOLD / gold["file"])
                    if isinstance(o, IngestedRecord)]
        record = produced[0]
        for side in ("en", "fr"):
            want = gold[side] or {}
            assert record[side] == (want.get("abstract") or ""), (gold["file"], side)
            assert record[f"title_{side}"] == want.get("title"), (gold["file"], side)
            assert record[f"keywords_{side}"] == (want.get("keywords") or []), gold["file"]


def test_older_erudit_article_without_namespace_is_not_taken_for_jats(tmp_path: Path) -> None:
    text = (FIXTURES / "erudit_article.xml").read_text(encoding="utf-8")
    path = tmp_path / "old.xml"
    path.write_text(text.replace(' xmlns="http://www.erudit.org/xsd/article"', ""),
                    encoding="utf-8")
    record = only_record(path)
    assert record["layout"] == "erudit-xml" and record["title_en"] == "Winter fishing in Nunavik"


def test_ingest_file_reads_a_journal_record_as_the_command_does() -> None:
    from aligner.ingest import ingest_file

    one = ingest_file(str(FIXTURES / "jats_trans_abstract.xml"))
    assert isinstance(one, IngestedRecord)
    assert one.to_dict() == only_record(FIXTURES / "jats_trans_abstract.xml")


def test_ingest_file_names_a_file_of_several_articles_instead_of_keeping_one() -> None:
    from aligner.ingest import ingest_file

    many = FIXTURES / "oai_listrecords.xml"
    articles = [o for o in outcomes(many) if isinstance(o, IngestedRecord)]
    assert len(articles) > 1
    answer = ingest_file(str(many))
    assert isinstance(answer, Unrecognised)
    assert f"holds {len(articles)} records" in answer.reason


def test_ingest_file_on_a_missing_path_says_so(tmp_path: Path) -> None:
    from aligner.ingest import ingest_file

    answer = ingest_file(str(tmp_path / "nope.xml"))
    assert isinstance(answer, Unrecognised) and answer.reason == "no such file"
