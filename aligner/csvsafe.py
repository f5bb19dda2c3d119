"""Cells a spreadsheet would run as a formula, neutralised for every CSV the tool writes.

OWASP "CSV injection": a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula. Spreadsheets also
skip leading spaces and line feeds before deciding, so those are looked through. Such a
cell gets a leading apostrophe (shown by no spreadsheet, and kept visible in a text
editor, so nothing is altered silently). Numbers are left alone: a negative score is a
number, not a formula.
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_LOOKED_THROUGH = " \n\u00a0"


def spreadsheet_safe(value: Any) -> Any:
    """``value`` with an apostrophe in front when a spreadsheet would run it as a formula."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES) or value.lstrip(_LOOKED_THROUGH).startswith(
            FORMULA_PREFIXES):
        return "'" + value
    return value
