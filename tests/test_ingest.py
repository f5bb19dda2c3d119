"""`aligner ingest`: the three seed layouts, language assignment, HTML, bad files, the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aligner.cli import main
from aligner.ingest import RECORD_KEYS, IngestedRecord, Unrecognised, ingest_file, ingest_text
from tests.conftest import SEEDS, seed_file

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "seeds.jsonl"
ERUDIT = "002_197bd31afb418ccc.txt"
CITATION_INDEX = "000_30d68f94ba4690c5.txt"
PUBLISHER = "001_bf8cc7c37efbc0ec.txt"
ERUDIT_FURNITURE = (
    "Fiche du document",
    "Citer ce document",
    "document thumbnail",
    "Par les mêmes auteurs",
    "Sur les mêmes sujets",
    "Exporter en",
    "Partage / Export",
    "Consortium Érudit",
)
PUBLISHER_BOILERPLATE = ("Talk to us", "Schedule a call", "Disclaimer", "third-party", "30 min")

EN_ABSTRACT = (
    "This study examines how community clinics support people who need long-term mental "
    "health care. We interviewed twelve service users over two years. The results show that "
    "continuity of care matters more to them than the length of each session."
)
FR_ABSTRACT = (
    "Cette étude examine comment les cliniques communautaires soutiennent les personnes qui "
    "ont besoin de soins de santé mentale à long terme. Nous avons interrogé douze usagers "
    "pendant deux ans. Les résultats montrent que la continuité des soins compte davantage "
    "pour eux que la durée de chaque séance."
)


def ingest(*args: str) -> Result:
    return CliRunner().invoke(main, ["ingest", *args])


def records_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def record_of(path: Path) -> IngestedRecord:
    outcome = ingest_file(str(path))
    assert isinstance(outcome, IngestedRecord), outcome
    return outcome


def text_record(text: str, name: str = "page.txt") -> IngestedRecord:
    outcome = ingest_text(text, name)
    assert isinstance(outcome, IngestedRecord), outcome
    return outcome


def erudit_page(first: str, second: str) -> str:
    """A small hand-written Érudit page with two abstracts under "Résumé En Fr"."""
    return (
        "A STUDY OF CLINICS\n\nFiche du document\n\nDate\n\n2021\n\nCe document est lié à :\n"
        "Revue test ; vol. 3 no. 2 (2021)\n\nAll Rights Reserved © AnnDoe and BoSmith, 2021\n\n"
        "Citer ce document\n\nAnn Doe et al., « A STUDY OF CLINICS », Revue test, "
        "ID : 10.7202/999999ar\n\nPartage / Export\n\nRésumé En Fr\n\n"
        f"{first}\n\n{second}\n\ndocument thumbnail\n\nPar les mêmes auteurs\n\n"
        "Sur les mêmes sujets\n\nExporter en\n"
    )


# --- the three seed layouts ---------------------------------------------------------------


def test_erudit_seed_metadata_and_both_abstracts() -> None:
    record = record_of(seed_file(ERUDIT))
    data = record.to_dict()
    assert data["layout"] == "erudit"
    assert data["doi"] == "10.7202/1100664ar" and data["id"] == "10.7202/1100664ar"
    assert data["title"].startswith("STAYING CONNECTED: SERVICE-USER EXPERIENCE")
    assert data["year"] == 2023
    assert data["journal"] == "Canadian Social Work Review"
    assert data["authors"] == ["Lyuda Krupin", "Nick Todd", "Eric Howey", "Tara Perry"]
    assert data["en"].startswith("While there has been much interest")
    assert data["en"].endswith("mental health services are discussed.")
    assert data["fr"].startswith("Si l’impact potentiel")
    assert data["fr"].endswith("sont discutées.")
    assert "la priorité accordée à la sécurité des personnes" in data["fr"]
    for furniture in ERUDIT_FURNITURE:
        assert furniture not in data["en"] and furniture not in data["fr"]
    assert not record.warnings


def test_citation_index_seed_takes_english_abstract_not_related_papers() -> None:
    data = record_of(seed_file(CITATION_INDEX)).to_dict()
    assert data["layout"] == "citation_index"
    assert data["doi"] == "10.1108/DAT-01-2015-0001"
    assert data["authors"] == ["Parkman, Thomas James", "Lloyd, Charlie"]
    assert data["keywords"][:2] == ["Peer support", "Recovery"] and len(data["keywords"]) == 6
    assert data["en"].startswith("Purpose - The purpose of this paper")
    assert data["en"].endswith("detrimentally impacting on mental wellbeing.")
    assert data["fr"] == ""
    for related in ("pastoral care practitioners", "Wellness Recovery Action Planning",
                    "Saldanha", "SOCIAL WORK WITH GROUPS", "相关论文", "页码", "引用"):
        assert related not in data["en"]
    assert any("no French abstract" in note for note in data["ingest_notes"])


def test_publisher_seed_keeps_structured_headings_and_drops_boilerplate() -> None:
    data = record_of(seed_file(PUBLISHER)).to_dict()
    assert data["layout"] == "publisher"
    for heading in ("Purpose–", "Design/methodology/approach–", "Findings–",
                    "Originality/value–"):
        assert heading in data["en"]
    assert "discuss this issue. Design/methodology/approach–" in data["en"]  # glue repaired
    assert data["en"].endswith("on recovery trajectories.")
    for boilerplate in PUBLISHER_BOILERPLATE:
        assert boilerplate not in data["en"]
    assert data["fr"] == "" and data["doi"] is None
    assert data["id"] == "001_bf8cc7c37efbc0ec"  # no DOI: the file name


def test_hand_written_erudit_page() -> None:
    record = text_record(erudit_page(EN_ABSTRACT, FR_ABSTRACT))
    assert record.page.layout == "erudit"
    assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)
    assert record.page.doi == "10.7202/999999ar" and record.page.year == 2021
    assert record.page.authors == ["Ann Doe", "Bo Smith"]


def test_hand_written_citation_index_record_with_chinese_abstract_only() -> None:
    text = (
        "一项研究\n作者\nWang, Li [1 ]\n关键词\n心理健康; 社区\nD O I\n10.1234/abc.5\n摘要\n"
        "本研究探讨了社区诊所如何为需要长期心理健康护理的人提供支持。我们在两年内采访了十二名服务使用者，"
        "结果表明护理的连续性比每次治疗的时长更重要，这对于服务设计具有重要的意义和价值。\n"
        "相关论文\n  • [1] Another paper about clinics and long-term care in the community\n"
    )
    record = text_record(text)
    assert record.page.layout == "citation_index"
    assert record.page.doi == "10.1234/abc.5" and record.page.authors == ["Wang, Li"]
    assert record.en == "" and record.fr == ""
    assert any("neither English nor French" in note for note in record.notes)


# --- language, not position ---------------------------------------------------------------


def test_french_paragraph_first_is_still_french() -> None:
    record = text_record(f"Some title of a paper\n\n{FR_ABSTRACT}\n\n{EN_ABSTRACT}\n")
    assert record.page.layout == "generic"
    assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)
    assert record.page.title == "Some title of a paper"


def test_french_abstract_in_english_slot_is_reported() -> None:
    record = text_record(erudit_page(FR_ABSTRACT, EN_ABSTRACT))
    assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)
    assert record.warnings and "English slot" in record.warnings[0]
    assert "French text" in record.warnings[0]
    assert record.warnings[0] in record.to_dict()["ingest_notes"]


def test_misplaced_abstract_message_on_stderr(tmp_path: Path) -> None:
    page = tmp_path / "swapped.txt"
    page.write_text(erudit_page(FR_ABSTRACT, EN_ABSTRACT), encoding="utf-8")
    result = ingest(str(page))
    assert result.exit_code == 0
    assert "swapped.txt" in result.stderr and "English slot" in result.stderr
    (data,) = records_of(result.stdout)
    assert data["fr"] == FR_ABSTRACT


def test_french_under_abstract_heading_in_generic_page() -> None:
    record = text_record(f"Abstract\n\n{FR_ABSTRACT}\n\nRésumé\n\n{EN_ABSTRACT}\n")
    assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)
    assert len(record.warnings) == 2


def test_multi_paragraph_abstract_and_keywords_in_generic_page() -> None:
    second = (
        "A second paragraph of the English abstract discusses what the clinics should "
        "change next, and why."
    )
    text = f"{EN_ABSTRACT}\n\n{second}\n\nMots-clés : santé mentale ; cliniques\n\n{FR_ABSTRACT}\n"
    record = text_record(text)
    assert record.en == f"{EN_ABSTRACT}\n{second}"
    assert record.fr == FR_ABSTRACT
    assert record.page.keywords == ["santé mentale", "cliniques"]


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    wrapped_en = "\n".join(textwrap.wrap(EN_ABSTRACT, 72, break_on_hyphens=False))
    wrapped_fr = "\n".join(textwrap.wrap(FR_ABSTRACT, 60, break_on_hyphens=False))
    record = text_record(f"{wrapped_fr}\n\n{wrapped_en}\n")
    assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)


# --- HTML ---------------------------------------------------------------------------------


def test_html_page_with_meta_tags_and_body_abstracts(tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Site | Article</title>"
        '<meta name="citation_title" content="Clinics &amp; care">'
        '<meta name="citation_doi" content="doi:10.5555/clin.2020.7">'
        '<meta name="citation_author" content="Doe, Ann"><meta name="citation_author" '
        'content="Smith, Bo"><meta name="citation_journal_title" content="Revue test">'
        '<meta name="citation_publication_date" content="2020/05/01">'
        '<meta name="DC.subject" content="care; clinics">'
        "<style>p { color: red }</style><script>var abstract = 'not text';</script></head>"
        "<body><nav><a href='/'>Home</a> Menu</nav><h1>Clinics &amp; care</h1>"
        f"<div class='abstract'><h2>Résumé</h2><p>{FR_ABSTRACT.replace('à', '&agrave;')}</p>"
        f"<h2>Abstract</h2><p>{EN_ABSTRACT.replace('. ', '.<br>  ', 1)}</p></div>"
        "<footer>Copyright © 2020 Publisher. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    data = record_of(page).to_dict()
    assert data["title"] == "Clinics & care"
    assert data["doi"] == "10.5555/clin.2020.7" and data["id"] == "10.5555/clin.2020.7"
    assert data["authors"] == ["Doe, Ann", "Smith, Bo"]
    assert (data["journal"], data["year"]) == ("Revue test", 2020)
    assert data["keywords"] == ["care", "clinics"]
    assert data["fr"] == FR_ABSTRACT
    assert data["en"].replace("\n", " ") == EN_ABSTRACT
    for leaked in ("var abstract", "color: red", "Menu", "Copyright", "<", "&agrave;"):
        assert leaked not in data["en"] + data["fr"]


def test_html_abstracts_from_dublin_core_meta_tags(tmp_path: Path) -> None:
    page = tmp_path / "ojs"  # no suffix: recognised as HTML by its content
    page.write_text(
        "<html><head>"
        f'<meta name="DC.Description" xml:lang="en" content="{FR_ABSTRACT}"/>'
        f'<meta name="DC.Description" xml:lang="fr" content="{EN_ABSTRACT}"/>'
        '<meta name="DC.Title" content="Clinics"/><meta name="DC.Identifier" content="https://'
        'doi.org/10.5555/x-1"/></head><body><p>Short page text.</p></body></html>',
        encoding="utf-8",
    )
    record = record_of(page)
    assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)
    assert record.page.doi == "10.5555/x-1" and record.page.title == "Clinics"
    assert len(record.warnings) == 2  # each tag's xml:lang contradicted its text


# --- bad files, directories, ids ----------------------------------------------------------


def test_unrecognised_files_reported_and_others_ingested(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(f"{EN_ABSTRACT}\n\n{FR_ABSTRACT}\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    menu = tmp_path / "menu.txt"
    menu.write_text("Home\nAbout us\nContact\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    result = ingest(str(binary), str(good), str(menu), str(empty), "-o", str(out))
    assert result.exit_code == 0, result.output
    (data,) = records_of(out.read_text(encoding="utf-8"))
    assert data["id"] == "good" and data["en"] == EN_ABSTRACT and data["fr"] == FR_ABSTRACT
    assert f"{binary}: binary file" in result.stderr
    assert f"{menu}: no known layout" in result.stderr
    assert f"{empty}: empty file" in result.stderr
    assert "3 file(s) unrecognised" in result.stderr
    strict = ingest(str(good), str(menu), "--strict", "-o", str(out))
    assert strict.exit_code == 1 and len(records_of(out.read_text(encoding="utf-8"))) == 1


def test_other_language_prose_is_unrecognised_with_the_language() -> None:
    spanish = (
        "Este estudio examina cómo las clínicas comunitarias apoyan a las personas que "
        "necesitan atención de salud mental a largo plazo durante muchos años seguidos."
    )
    outcome = ingest_text(f"{spanish}\n", "es.txt")
    assert isinstance(outcome, Unrecognised)
    assert "no English or French paragraph" in outcome.reason and "'es'" in outcome.reason


def test_directory_input_reads_every_text_and_html_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"{EN_ABSTRACT}\n\n{FR_ABSTRACT}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(f"<p>{EN_ABSTRACT}</p>", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(EN_ABSTRACT, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = ingest(str(tmp_path))
    assert result.exit_code == 0
    records = records_of(result.stdout)
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[1]["source_file"] == str(tmp_path / "sub" / "b.html")
    assert records[1]["fr"] == "" and records[1]["en"] == EN_ABSTRACT
    assert "notes.pdf" in result.stderr and "hidden" not in result.stderr


def test_every_record_has_the_contract_keys_and_unique_ids(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(
            f"DOI: 10.5555/same\n\n{EN_ABSTRACT}\n\n{FR_ABSTRACT}\n", encoding="utf-8"
        )
    records = records_of(ingest(str(tmp_path)).stdout)
    assert [r["id"] for r in records] == ["10.5555/same", "10.5555/same#2"]
    assert all(tuple(r) == RECORD_KEYS for r in records)
    assert any("already used" in note for note in records[1]["ingest_notes"])
    by_file = records_of(ingest(str(tmp_path), "--id-from", "file").stdout)
    assert [r["id"] for r in by_file] == ["one", "two"]


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    page = tmp_path / "broken.txt"
    page.write_bytes(f"{EN_ABSTRACT}\n\n{FR_ABSTRACT}\n".encode().decode("latin-1").encode())
    record = record_of(page)
    assert record.fr == FR_ABSTRACT
    assert any("mojibake" in note for note in record.notes)


# --- the seeds and the shipped corpus -----------------------------------------------------


def test_ingest_of_the_seeds_meets_the_issue() -> None:
    seed_file(ERUDIT)
    result = ingest(*sorted(str(p) for p in SEEDS.glob("*.txt")))
    assert result.exit_code == 0, result.output
    records = records_of(result.stdout)
    assert len(records) == 3
    assert {r["doi"] for r in records} == {"10.1108/DAT-01-2015-0001", "10.7202/1100664ar", None}
    english_only = [r for r in records if r["doi"] != "10.7202/1100664ar"]
    assert all(r["fr"] == "" and r["en"] for r in english_only)
    for record in records:
        for leaked in (*ERUDIT_FURNITURE, *PUBLISHER_BOILERPLATE, "pastoral care", "相关论文"):
            assert leaked not in record["en"] + record["fr"]


def test_shipped_seed_corpus_is_what_ingest_makes(tmp_path: Path) -> None:
    if not SEEDS.exists():
        pytest.skip(f"needs {SEEDS} (the raw seed records) to regenerate the corpus")
    out = tmp_path / "seeds.jsonl"
    build = [sys.executable, str(REPO / "scripts" / "build_seed_corpus.py"), "-o", str(out)]
    subprocess.run(build, cwd=REPO, check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == CORPUS.read_text(encoding="utf-8"), (
        "corpora/seeds.jsonl is out of date: run python scripts/build_seed_corpus.py and review"
    )


def test_check_on_the_shipped_corpus() -> None:
    result = CliRunner().invoke(
        main, ["check", str(CORPUS), "--format", "jsonl", "--scorer", "lexical", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    by_id = {r["id"]: r for r in records_of(result.stdout)}
    assert len(by_id) == 3
    erudit = by_id["10.7202/1100664ar"]
    assert erudit["status"] == "ok"
    assert (len(erudit["en"]), len(erudit["fr"])) == (5, 7)
    for other in ("10.1108/DAT-01-2015-0001", "001_bf8cc7c37efbc0ec"):
        assert by_id[other]["status"] == "missing_fr" and by_id[other]["reason"]


# --- one paragraph holding both abstracts -------------------------------------------------


def test_paragraph_holding_both_abstracts_is_split_at_the_language_change() -> None:
    for first, second in ((EN_ABSTRACT, FR_ABSTRACT), (FR_ABSTRACT, EN_ABSTRACT)):
        record = text_record(f"A title here\n\n{first} {second}\n")
        assert (record.en, record.fr) == (EN_ABSTRACT, FR_ABSTRACT)
        assert any("holds two languages" in note for note in record.notes)


def test_french_quotation_in_english_abstract_is_not_split_when_french_exists() -> None:
    quoted = f"{EN_ABSTRACT} Les auteurs concluent que la continuité des soins est essentielle."
    record = text_record(f"{quoted}\n\n{FR_ABSTRACT}\n")
    assert (record.en, record.fr) == (quoted, FR_ABSTRACT)


def test_glued_abstracts_without_full_stop_are_left_whole() -> None:
    unfinished = EN_ABSTRACT.rstrip(".")
    record = text_record(f"{unfinished} {FR_ABSTRACT}\n")
    assert not any("holds two languages" in note for note in record.notes)
    assert (record.en == "") != (record.fr == "")  # whole paragraph on one side, noted


def test_legacy_encoded_file_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "latin.txt"
    page.write_bytes(f"{EN_ABSTRACT}\n\n{FR_ABSTRACT}\n".encode("cp1252"))
    record = record_of(page)
    assert record.fr == FR_ABSTRACT
    assert "not UTF-8; decoded as cp1252" in record.notes


def test_a_page_piped_on_standard_input(tmp_path: Path) -> None:
    page = erudit_page(EN_ABSTRACT, FR_ABSTRACT).replace("ID : 10.7202/999999ar", "")
    other = tmp_path / "other.txt"
    other.write_text(erudit_page(EN_ABSTRACT, FR_ABSTRACT), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "-", str(other)], input=page.encode("utf-8"))
    assert result.exit_code == 0, result.output
    piped, from_file = records_of(result.stdout)
    assert (piped["en"], piped["fr"]) == (EN_ABSTRACT, FR_ABSTRACT)
    assert piped["source_file"] == "stdin" and piped["id"] == "stdin"  # no DOI on that page
    assert from_file["id"] == "10.7202/999999ar"


def test_standard_input_only_once() -> None:
    result = CliRunner().invoke(main, ["ingest", "-", "-"], input="text")
    assert result.exit_code == 2 and "only once" in result.output
