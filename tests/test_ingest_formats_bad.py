"""Bad journal files: each gets its own status and message, the others go on, and nothing is
fetched or expanded (XXE, entity expansion)."""

from __future__ import annotations

from pathlib import Path

from aligner.ingest.core import ingest_paths
from aligner.ingest.model import IngestedRecord, Unrecognised

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
EN = "We measured the winter discharge of twelve boreal rivers over three decades of records."
FR = "Nous avons mesuré le débit hivernal de douze rivières boréales sur trois décennies."


def erudit(resume_fr: str = FR, resume_en: str = EN, doctype: str = "",
           declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (
        f'{declaration}{doctype}<article xmlns="http://www.erudit.org/xsd/article" lang="fr">'
        f'<liminaire><grtitre><titre>Titre</titre></grtitre>'
        f'<resume lang="fr"><alinea>{resume_fr}</alinea></resume>'
        f'<resume lang="en"><alinea>{resume_en}</alinea></resume></liminaire></article>'
    )


def run(tmp_path: Path, name: str, data: bytes) -> list[IngestedRecord | Unrecognised]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(ingest_paths([str(path)]))


def test_malformed_truncated_unknown_and_empty_each_get_a_status(tmp_path: Path) -> None:
    (tmp_path / "a_malformed.xml").write_text(erudit().replace("</alinea>", "", 1))
    (tmp_path / "b_truncated.xml").write_text(erudit()[:-60])
    (tmp_path / "c_unknown.xml").write_text('<?xml version="1.0"?><catalogue><item/></catalogue>')
    (tmp_path / "d_empty.xml").write_text(
        '<article xmlns="http://www.erudit.org/xsd/article"><liminaire/></article>')
    (tmp_path / "e_good.xml").write_text(erudit())
    found = list(ingest_paths([str(tmp_path)]))
    kinds = [o.kind if isinstance(o, Unrecognised) else "record" for o in found]
    assert kinds == ["malformed XML", "truncated XML", "unknown dialect", "empty record",
                     "record"]
    assert "<catalogue>" in found[2].reason
    assert found[4].fr == FR and found[4].en == EN


def test_truncated_list_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    page = (FIXTURES / "oai_listrecords.xml").read_bytes()
    cut = page.index(b"<mods")
    found = run(tmp_path, "cut.xml", page[:cut])
    assert isinstance(found[0], IngestedRecord)
    assert found[-1].kind == "truncated XML" and "after 3 record(s)" not in found[-1].reason
    assert "after 2 record(s)" in found[-1].reason


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doctype = f'<!DOCTYPE article [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    found = run(tmp_path, "xxe.xml", erudit(resume_fr=f"{FR} &xxe;", doctype=doctype).encode())
    text = " ".join(o.fr + o.en + " ".join(o.notes) for o in found if isinstance(o,
                                                                                 IngestedRecord))
    reasons = " ".join(o.reason for o in found if isinstance(o, Unrecognised))
    assert "TOP-SECRET" not in text + reasons
    record = next(o for o in found if isinstance(o, IngestedRecord))
    assert any("not expanded" in note for note in record.notes)


def test_entity_expansion_bomb_is_not_expanded(tmp_path: Path) -> None:
    levels = ['<!ENTITY lol0 "lollollollollollollollollollol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE article [" + "".join(levels) + "]>"
    found = run(tmp_path, "bomb.xml", erudit(resume_en=f"{EN} &lol9;", doctype=doctype).encode())
    # libxml2 refuses the amplification outright; either way nothing is expanded
    assert len(found) == 1
    outcome = found[0]
    if isinstance(outcome, Unrecognised):
        assert outcome.kind == "unsafe XML" and "entity" in outcome.reason
    else:
        assert "lollollol" not in outcome.en and len(outcome.en) < 500


def test_wrong_encoding_declarations_are_read_by_the_bytes_with_a_note(tmp_path: Path) -> None:
    latin_declared = erudit(declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
    found = run(tmp_path, "utf8_as_latin.xml", latin_declared.encode("utf-8"))
    assert found[0].fr == FR  # not "mesurÃ©"
    assert any("bytes are UTF-8" in note for note in found[0].notes)
    found = run(tmp_path, "latin_as_utf8.xml", erudit().encode("cp1252"))
    assert found[0].fr == FR
    assert any("not UTF-8" in note for note in found[0].notes)


def test_html_named_entities_are_decoded(tmp_path: Path) -> None:
    found = run(tmp_path, "named.xml", erudit(resume_fr=FR.replace("é", "&eacute;")).encode())
    assert found[0].fr == FR


def test_wrong_xml_lang_gets_a_note_not_a_wrong_side(tmp_path: Path) -> None:
    swapped = erudit(resume_fr=EN, resume_en=FR)
    found = run(tmp_path, "swapped.xml", swapped.encode())
    assert found[0].en == EN and found[0].fr == FR
    assert any("declared French but its text is English" in w for w in found[0].warnings)


def test_json_problems_get_statuses(tmp_path: Path) -> None:
    listing = (FIXTURES / "crossref_list.json").read_text()
    found = run(tmp_path, "cut.json", listing[: listing.index('"Vaccination')].encode())
    assert isinstance(found[0], IngestedRecord)
    assert found[-1].kind == "truncated JSON"
    found = run(tmp_path, "other.json", b'{"name": "not a record"}\n')
    assert found[0].kind == "unknown dialect"
