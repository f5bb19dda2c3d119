"""``check --format html``: one self-contained page, every record present, all text escaped."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from aligner.html_report import HtmlWriter
from aligner.records import Bead, CheckResult
from tests.review_data import FLAGGED_INPUT, invoke_check, write_jsonl


def results() -> list[CheckResult]:
    return [
        CheckResult(
            id="<script>alert('id')</script>",
            status="ok",
            en=["Safe <script>alert(1)</script> text.", "Second & last."],
            fr=["Texte <img src=x onerror=alert(2)> sûr.", "Ajout.", "Deuxième."],
            beads=[
                Bead((0,), (0,), 0.91),
                Bead((), (1,), None, ("addition",), {"reason": "French <b>only</b>"}),
                Bead((1,), (2,), 0.2, ("low_fidelity", "number_mismatch")),
            ],
            meta={"title": "<i>Title</i>", "doi": '10.1/"quoted"'},
        ),
        CheckResult(id="clean", status="ok", en=["A."], fr=["A."], beads=[Bead((0,), (0,), 0.9)]),
        CheckResult(
            id="lonely",
            status="missing_fr",
            reason="no French abstract",
            en=["Only."],
            beads=[Bead((0,), ())],
        ),
        CheckResult(id="bad-line", status="error", reason="in.jsonl, line 4: invalid JSON"),
    ]


def render(items: list[CheckResult]) -> str:
    stream = io.StringIO()
    writer = HtmlWriter(stream)
    for item in items:
        writer.write(item)
    writer.close()
    return stream.getvalue()


class TagCollector(HTMLParser):
    """Collects start tags and text, to check what a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(page)
    collector.close()
    return collector


def test_markup_in_input_renders_as_text() -> None:
    page = render(results())
    parsed = parse(page)
    tag_names = {tag for tag, _ in parsed.tags}
    assert "script" not in tag_names and "img" not in tag_names and "i" not in tag_names
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    text = "".join(parsed.text)
    assert "Safe <script>alert(1)</script> text." in text
    assert "Texte <img src=x onerror=alert(2)> sûr." in text
    assert "<script>alert('id')</script>" in text and "French <b>only</b>" in text
    assert '10.1/"quoted"' in text


def test_every_record_appears_with_its_status() -> None:
    page = render(results())
    parsed = parse(page)
    records = [attrs for tag, attrs in parsed.tags if tag == "details"]
    assert len(records) == 4
    text = "".join(parsed.text)
    for expected in ("clean", "lonely", "no French abstract", "bad-line", "invalid JSON"):
        assert expected in text
    statuses = [
        attrs["class"]
        for tag, attrs in parsed.tags
        if tag == "span" and (attrs.get("class") or "").startswith("status ")
    ]
    assert statuses[:4] == ["status ok", "status ok", "status missing_fr", "status error"]
    # Records needing attention are open; a clean record is collapsed.
    assert ["open" in attrs for attrs in records] == [True, False, True, True]


def test_summary_counts_flags_and_statuses_and_shows_first() -> None:
    page = render(results())
    summary = page[page.index('<section id="summary">') :]
    assert "4 record(s), 1 with flags, 2 flagged bead(s)" in summary
    counts = dict(re.findall(r"<tr><td>([a-z_]+)</td><td class=\"n\">(\d+)</td></tr>", summary))
    assert counts["addition"] == "1" and counts["low_fidelity"] == "1"
    assert counts["number_mismatch"] == "1" and counts["omission"] == "0"
    assert re.search(r"#summary \{ order: -1;", page), "written last, shown on top"


def test_page_is_self_contained() -> None:
    page = render(results())
    parsed = parse(page)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "link", "img", "iframe")]
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "default-src 'none'" in page


def test_check_command_writes_html(tmp_path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", FLAGGED_INPUT)
    out = tmp_path / "report.html"
    result = invoke_check(source, out, "--jobs", "1", output_format="html")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    text = "".join(parse(page).text)
    for record in FLAGGED_INPUT:
        assert record["id"] in text
    assert "Mice & <men>" in text and "<men>" not in page
    assert page.rstrip().endswith("</html>")


def _evidence_result() -> CheckResult:
    en = ["Treated <b>mice</b>: 19 July."]
    fr = ["Souris <b>traitées</b> : 9 juillet."]
    spans = ({"flag": "number_mismatch", "side": "en", "sentence": 0, "start": 21, "end": 28,
              "text": "19 July", "kind": "number"},
             {"flag": "number_mismatch", "side": "fr", "sentence": 0, "start": 25, "end": 34,
              "text": "9 juillet", "kind": "number"})
    bead = Bead((0,), (0,), 0.4, ("number_mismatch",), {"reason": "numbers differ"},
                severity="critical", evidence=spans)
    return CheckResult(id="ev", status="ok", en=en, fr=fr, beads=[bead])


def test_evidence_is_marked_and_escaped() -> None:
    page = render([_evidence_result()])
    marks = re.findall(r'<mark class="ev" title="number_mismatch">(.*?)</mark>', page)
    assert marks == ["19 July", "9 juillet"]
    assert "Treated &lt;b&gt;mice&lt;/b&gt;: <mark" in page, "text around a mark is escaped"
    assert '<span class="sev critical">critical</span>' in page


def test_each_record_has_a_heatmap_and_the_summary_ranks_worst_first() -> None:
    worse = _evidence_result()
    worse.id = "worse"
    worse.beads = [*worse.beads, Bead((), (0,), None, ("addition",), severity="critical")]
    worse.fr = [*worse.fr]
    mild = CheckResult(id="mild", status="ok", en=["A b."], fr=["A b."],
                       beads=[Bead((0,), (0,), 0.3, ("low_fidelity",), severity="major")])
    worse.beads = [worse.beads[0]]
    page = render([mild, _evidence_result(), worse])
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="heatmap"') == 3
    assert 'class="bead flagged"' in page and "<title>bead 0: EN [0] / FR [0]" in page
    worst = re.search(r'<ol class="worst">(.*?)</ol>', page).group(1)
    ids = re.findall(r'<a href="#r\d+">(.*?)</a>', worst)
    assert ids[-1] == "mild" and set(ids[:2]) == {"ev", "worse"}
    assert 'class="histogram"' in page


def test_min_severity_shows_lesser_beads_plain() -> None:
    mild = CheckResult(id="mild", status="ok", en=["A b."], fr=["A b."],
                       beads=[Bead((0,), (0,), 0.3, ("low_fidelity",), severity="major")])
    stream = io.StringIO()
    writer = HtmlWriter(stream, min_severity="critical")
    writer.write(mild)
    writer.close()
    assert 'class="flagged"' not in stream.getvalue()
    assert "0 flagged bead(s)" in stream.getvalue()
