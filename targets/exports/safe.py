"""Formula-injection neutralisation for spreadsheets and CSV (OWASP "CSV Injection").

A text cell that begins with = + - @, a tab or a carriage return can be read by Excel, WPS or
LibreOffice as a formula (=HYPERLINK(...), @SUM(...), -2+3). Every such TEXT cell gets a leading
single quote, so it stays text wherever the file travels; real numbers are left as numbers.
For CSV every text field is also wrapped in double quotes with inner quotes doubled.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# XlsxWriter would otherwise turn "=..." into a formula, "123" into a number and "http://..." into a link.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def is_number(value: Any) -> bool:
    """A real, finite number (not a bool, not NaN): written as a number, never as text."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def neutralise(text: str) -> str:
    """The text with a leading ' when a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(TRIGGERS) else text


def cell(value: Any) -> Any:
    """A value fit for a spreadsheet cell: numbers and None as they are, everything else safe text."""
    if value is None or is_number(value):
        return value
    if isinstance(value, float):  # NaN or infinity: no number to show
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return neutralise(str(value))


def csv_bytes(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> bytes:
    """UTF-8 CSV (with a BOM so Excel reads it as UTF-8); text fields quoted and neutralised, numbers bare."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    for row in rows:
        values = [cell(v) for v in row]
        writer.writerow(["" if v is None else v for v in values])
    text = out.getvalue()
    return (("\ufeff" + text) if bom else text).encode("utf-8")
