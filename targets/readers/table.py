"""A sheet with a row per indicator: long (long.py) or wide (wide.py), as its header says."""

from __future__ import annotations

from collections.abc import Mapping

from targets.issues import error
from targets.model import Plan
from targets.readers.cells import blank, rectangular
from targets.readers.header import find_header
from targets.readers.long import LongReader
from targets.readers.records import LONG, NO_HISTORY, Key, ParsedUpload
from targets.readers.rows import no_columns
from targets.readers.wide import WideReader
from targets.sheets import Grid


def read_table(
    grid: Grid, plan: Plan, *, month: int | None = None, previous: Mapping[Key, float] = NO_HISTORY
) -> ParsedUpload:
    """A long or wide sheet's figures as cumulative values per (indicator, region, month), with every error.

    `month` is the month chosen in the upload form, used when the sheet states none; `previous` holds stored
    cumulative values, the base for converting monthly increments. Never raises on a grid.
    """
    rows = rectangular(grid.rows)
    if not any(not blank(cell) for row in rows for cell in row):
        return ParsedUpload(
            [], [error("empty_file", "文件中没有数据行。", "The file has no data rows.")], LONG, 0, None
        )
    header, partial = find_header(rows)
    if header is None:
        return ParsedUpload([], [no_columns(partial)], LONG, 0, None)
    reader = WideReader if header.month_columns else LongReader
    return reader(grid, plan, month, previous).run(header)
