"""Records from a Chinese-language citation index (labels 作者, 机构, 关键词, D O I, 摘要...).

The page is the title, then label lines each followed by their values: 作者 (authors,
"Surname, Given [1 ]"), 机构 (affiliations), 关键词 (keywords, ";"-separated), D O I, 中图分类号
(classification), 摘要 (the abstract, often English), then buttons (引用 cite, 收藏 save),
页码/页数 (pages) and 相关论文 (related papers: titles and authors of *other* articles, which
must never reach an abstract). Values may also follow the label on its line ("页码:49 / 58").
"""

from __future__ import annotations

import re

from aligner.ingest.model import Candidate, ParsedPage
from aligner.ingest.text import clean_doi, find_year, is_section_text, lines, split_keywords

NAME = "citation_index"

AUTHORS, AFFILIATIONS, KEYWORDS, DOI, ABSTRACT = "作者", "机构", "关键词", "DOI", "摘要"
RELATED = "相关论文"
SOURCE = "来源"
YEAR = "出版年"
# Every label this layout knows; a label line ends the previous field.
LABELS = frozenset(
    [AUTHORS, AFFILIATIONS, KEYWORDS, DOI, ABSTRACT, RELATED, SOURCE, YEAR, "英文摘要",
     "中图分类号", "学科分类号", "引用", "收藏", "页码", "页数", "被引", "期刊", "基金"]
)
# A label alone on its line, or followed by ":"/"：" and its value ("被引:4", "页码:49 / 58").
_LABEL_LINE = re.compile(r"^(?P<label>[^:：]{1,12}?)\s*(?:[:：]\s*(?P<value>.*))?$")
_AFFILIATION_MARK = re.compile(r"\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\]\s*$")


def _label(line: str) -> tuple[str, str] | None:
    """(label, value on the same line) when ``line`` is a label line, else None.

    "D O I" is spaced out on the page; spaces inside a label are ignored.
    """
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    label = match.group("label").replace(" ", "")
    return (label, match.group("value") or "") if label in LABELS else None


def matches(text: str) -> bool:
    """True when the page has at least three of the Chinese field labels, one being 摘要."""
    found = {label[0] for line in lines(text) if (label := _label(line))}
    return ABSTRACT in found and len(found & {AUTHORS, AFFILIATIONS, KEYWORDS, DOI, RELATED}) >= 2


def parse(text: str) -> ParsedPage:
    """Fields by label; the abstract's lines become candidates; 相关论文 and after ignored."""
    fields = _fields(lines(text))
    page = ParsedPage(layout=NAME)
    page.title = next((line for line in lines(text) if line), None)
    page.authors = [_AFFILIATION_MARK.sub("", name) for name in fields.get(AUTHORS, [])]
    page.keywords = split_keywords(" ; ".join(fields.get(KEYWORDS, [])))
    page.doi = next((clean_doi(v) for v in fields.get(DOI, []) if clean_doi(v)), None)
    page.journal = next(iter(fields.get(SOURCE, [])), None)
    page.year = find_year(" ".join(fields.get(YEAR, []))) if YEAR in fields else None
    abstract_lines = fields.get(ABSTRACT, []) + fields.get("英文摘要", [])
    page.candidates = [
        Candidate(line, position, None, "摘要 (abstract) field")
        for position, line in enumerate(abstract_lines)
        if is_section_text(line)
    ]
    if fields.get(RELATED):
        page.notes.append(f"related papers list (相关论文, {len(fields[RELATED])} lines) skipped")
    return page


def _fields(page_lines: list[str]) -> dict[str, list[str]]:
    """Label -> the non-blank lines under it (the first line, the title, belongs to none)."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in page_lines[1:]:
        label = _label(line)
        if label:
            current, value = label
            fields.setdefault(current, [])
            if value.strip():
                fields[current].append(value.strip())
        elif line and line != "|" and current:
            fields[current].append(line)
    return fields
