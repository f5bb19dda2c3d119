"""Crossref REST JSON and HAL API JSON: one work, a list page streamed item by item, JSON
Lines, the abstract's JATS fragment read as text."""

from __future__ import annotations

import json
from pathlib import Path

from aligner.ingest.core import ingest_paths
from aligner.ingest.model import IngestedRecord, Unrecognised

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
EN = "We count breeding birds along hedgerows of different ages in two farming regions."
FR = "Nous comptons les oiseaux nicheurs le long de haies d’âges différents dans deux régions."


def records(path: Path) -> list[IngestedRecord | Unrecognised]:
    return list(ingest_paths([str(path)]))


def test_crossref_work_with_two_jats_abstracts_in_one_string() -> None:
    (record,) = records(FIXTURES / "crossref_work.json")
    data = record.to_dict()
    assert data["layout"] == "crossref-json" and data["doi"] == "10.9999/geo.2022.5"
    # the jats:title "Abstract"/"Résumé" is dropped, jats:italic flattened
    assert data["en"] == ("We map the retreat of forty glaciers in the Alps from historical "
                          "maps and recent satellite images.")
    assert data["fr"].startswith("Nous cartographions le recul de quarante glaciers")
    assert data["title_en"] == "Glacier retreat in the Alps since 1850"
    assert data["title_fr"] == "Le recul des glaciers alpins depuis 1850"  # original-title
    assert (data["journal"], data["volume"], data["issue"], data["year"]) == (
        "Alpine Geography", "9", "4", 2022)
    assert data["authors"] == ["Hélène Favre"]
    assert data["en_path"].startswith("/message/abstract")


def test_crossref_work_list_keeps_order_and_reports_a_work_without_abstract() -> None:
    found = records(FIXTURES / "crossref_list.json")
    assert isinstance(found[0], IngestedRecord) and found[0].id == "10.9999/med.2020.1"
    assert found[0].to_dict()["en_path"] == "/message/items/0/abstract"
    assert isinstance(found[1], Unrecognised) and found[1].kind == "empty record"
    assert "10.9999/med.2020.2" in found[1].reason


def work(index: int) -> dict:
    return {"DOI": f"10.9999/x.{index}", "type": "journal-article", "title": [f"Work {index}"],
            "abstract": f"<jats:abstract xml:lang=\"en\"><jats:p>{EN} {'Filler text. ' * 40}"
                        f"</jats:p></jats:abstract><jats:abstract xml:lang=\"fr\"><jats:p>{FR}"
                        "</jats:p></jats:abstract>"}


def test_a_long_list_page_streams_across_read_chunks(tmp_path: Path) -> None:
    page = {"status": "ok", "message-type": "work-list",
            "message": {"total-results": 300, "items": [work(i) for i in range(300)]}}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=1), encoding="utf-8")
    assert path.stat().st_size > 4 * (1 << 16)  # several chunks of the streaming reader
    found = records(path)
    assert [o.id for o in found] == [f"10.9999/x.{i}" for i in range(300)]
    assert all(o.fr == FR for o in found)


def test_json_lines_of_crossref_works(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(work(i)) for i in range(3)) + "\n", encoding="utf-8")
    assert [o.id for o in records(path)] == ["10.9999/x.0", "10.9999/x.1", "10.9999/x.2"]


def test_hal_api_language_fields() -> None:
    (record,) = records(FIXTURES / "hal_api.json")
    data = record.to_dict()
    assert data["layout"] == "hal-json" and data["id"] == "10.9999/eco.2021.3"
    assert data["en"] == "We count breeding birds along hedgerows of different ages in two regions."
    assert data["title_fr"] == "Les haies bocagères et les oiseaux" == data["title"]
    assert data["keywords_en"] == ["hedgerows", "birds", "farmland"]
    assert data["keywords_fr"] == ["haies", "oiseaux"]
    assert data["issn"] == ["3131-4141"] and data["year"] == 2021
    assert data["en_path"] == "/response/docs/0/en_abstract_s/0"


def test_hal_doc_with_spanish_and_english_only_is_missing_fr(tmp_path: Path) -> None:
    doc = {"halId_s": "hal-1", "en_abstract_s": [EN],
           "es_abstract_s": ["Contamos las aves que anidan a lo largo de setos de distintas "
                             "edades en dos regiones agrícolas del país."]}
    path = tmp_path / "hal.json"
    path.write_text(json.dumps({"response": {"numFound": 1, "docs": [doc]}}), encoding="utf-8")
    (record,) = records(path)
    assert record.fr == "" and record.en == EN
    assert record.to_dict()["abstract_languages"] == ["en", "es"]
