"""The terminal table report: flagged beads side by side with their reasons, in 80 columns."""

from __future__ import annotations

import io

from aligner.records import Bead, CheckResult
from aligner.report import TableWriter, display_width, terminal_safe, wrap_cells

EN = [
    "The trial enrolled twelve patients with chronic pain over three and a half years in "
    "four hospitals.",
    "Pain decreased in both groups.",
    "Safety improved in the violence prevention programme.",
]
FR = [
    "L'essai a inclus quinze patients souffrant de douleur chronique pendant trois ans et demi "
    "dans quatre hôpitaux.",
    "La douleur a diminué dans les deux groupes.",
    "Le programme a été évalué.",
    "L’étude a également soulevé que la priorité accordée à la sécurité est importante.",
]


def _result() -> CheckResult:
    reasons = {"number_mismatch": "numbers differ: English has twelve, French has quinze"}
    low = {"low_fidelity": "score 0.01 is below 0.05: the French may not convey it"}
    beads = [
        Bead((0,), (0,), 0.93, ("number_mismatch",), {"reasons": reasons}),
        Bead((1,), (1,), 0.97),
        Bead((2,), (2,), 0.01, ("low_fidelity",),
             {"reasons": low, "missing_words": ["Safety", "violence", "prevention"]}),
        Bead((), (3,), None, ("addition",),
             {"reasons": {"addition": "French text with no English source"}}),
    ]
    return CheckResult(id="rec-1", status="ok", en=EN, fr=FR, beads=beads)


def _render(result: CheckResult, width: int = 80, colour: bool | None = None) -> str:
    stream = io.StringIO()
    writer = TableWriter(stream, width=width, colour=colour)
    writer.write(result)
    writer.write(CheckResult(id="rec-2", status="missing_fr", reason="no French abstract",
                             en=["Only English."]))
    writer.close()
    return stream.getvalue()


def test_summary_counts_flags_per_record_and_in_total() -> None:
    text = _render(_result())
    assert text.startswith("== rec-1 [ok] 3 EN / 4 FR sentences, 4 beads, 3 flagged")
    assert "(addition 1, low_fidelity 1, number_mismatch 1)" in text.replace("\n   ", " ")
    assert "== rec-2 [missing_fr]" in text and "no French abstract" in text
    assert "2 record(s): missing_fr 1, ok 1" in text
    assert "flagged beads: addition 1, low_fidelity 1, number_mismatch 1" in text


def test_flagged_beads_side_by_side_with_reason_and_score() -> None:
    lines = _render(_result()).splitlines()
    header = next(i for i, line in enumerate(lines) if "bead 0:" in line)
    assert "score 0.93: number_mismatch" in lines[header]
    assert "English has twelve, French has quinze" in lines[header + 1]
    first_row = lines[header + 2]
    assert first_row.strip().startswith("EN: The trial") and "| FR: L'essai" in first_row
    # Both texts continue on the following rows, in the same two columns.
    column = first_row.index("| FR:")
    assert all(line[column] == "|" for line in lines[header + 2 : header + 5])
    assert "bead 1:" not in "\n".join(lines)  # unflagged beads stay out


def test_low_fidelity_names_missing_words_and_addition_shows_empty_english() -> None:
    text = _render(_result())
    assert "missing in French: Safety, violence, prevention" in text
    assert "EN [] / FR [3], score -: addition" in text
    assert "(no English)" in text and "FR: L’étude a également" in text


def test_every_line_fits_80_columns_without_colour_off_a_terminal() -> None:
    text = _render(_result())
    assert max(display_width(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text


def test_colour_only_when_asked_or_on_a_terminal() -> None:
    assert "\x1b[" in _render(_result(), colour=True)
    assert "\x1b[" not in _render(_result(), colour=False)


def test_wide_characters_and_long_words_keep_the_columns() -> None:
    result = _result()
    result.fr[0] = "本研究对十二名慢性疼痛患者进行了为期三年半的随访" * 3
    result.en[0] = "https://example.org/" + "a" * 150
    text = _render(result, width=60)
    assert max(display_width(line) for line in text.splitlines()) <= 60


def test_control_characters_from_the_input_cannot_reach_the_terminal() -> None:
    result = _result()
    result.en[0] = "Evil \x1b[2J\x1b]0;title\x07 text \u202e reversed"
    result.id = "id\x1b[31m"
    text = _render(result)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert terminal_safe("a\tb\nc") == "a b c"


def test_wrap_cells_counts_display_width() -> None:
    assert wrap_cells("aa bb cc", 5) == ["aa bb", "cc"]
    assert wrap_cells("", 5) == [""]
    assert all(display_width(line) <= 4 for line in wrap_cells("日本語のテキスト", 4))
