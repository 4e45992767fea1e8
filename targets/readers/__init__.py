"""Reading the sheets people upload, one small reader per layout, behind one entry point for figures.

- `parse_upload`: a progress sheet's figures, whatever its layout: a region matrix (matrix.py) if the sheet
  is one, else a long sheet (long.py: a row per indicator, region and month) or a wide one (wide.py: a column
  per month), as the header says (table.py); both read their rows one way (rows.py).
- `parse_region_targets` (region_targets.py): a province target broken down by region.
- `import_catalogue` (catalogue.py): the official task table, merged into a plan.
- `check_against_history` (history.py): warnings for figures that are possible but suspicious.

Shared by all of them and written once: the label key (targets.labels), cells and column names
(cells.py), header recognition (header.py), indicator and region lookup (lookup.py), months and title
months (months.py), units (units.py), value cells (values.py), increments and duplicates (series.py).
Pure domain: a Grid and a Plan in, records and Issues out.
"""

from __future__ import annotations

from collections.abc import Mapping

from targets.model import Plan
from targets.readers import matrix
from targets.readers.history import check_against_history
from targets.readers.records import LONG, MATRIX, NO_HISTORY, WIDE, FigureRecord, Key, ParsedUpload
from targets.readers.table import read_table
from targets.sheets import Grid

__all__ = [
    "LONG",
    "MATRIX",
    "WIDE",
    "FigureRecord",
    "Key",
    "ParsedUpload",
    "check_against_history",
    "parse_upload",
]


def parse_upload(
    grid: Grid,
    plan: Plan,
    *,
    month: int | None = None,
    previous: Mapping[Key, float] | None = None,
    region_targets: Mapping[tuple[str, str], float] | None = None,
) -> ParsedUpload:
    """An upload's figures as cumulative values per (indicator, region, month), with every error found.

    `month` is the month chosen in the upload form, used when the sheet states none; `previous` holds the
    stored cumulative values, the base for converting monthly increments; `region_targets` the stored
    regional targets, which a region matrix's target columns are checked against. Never raises on a grid.
    """
    if matrix.detect(grid, plan):
        return matrix.parse_matrix(grid, plan, month=month, region_targets=region_targets, previous=previous)
    return read_table(grid, plan, month=month, previous=previous if previous is not None else NO_HISTORY)
