"""The long sheet: a row per indicator (and region, and month), its figures in 累计完成 and/or 本月完成.

The month of a row is its 月份 cell, else the month the title states (截至6月底, 2024年1-9月) or the form's,
which must agree when the sheet has no month column.
"""

from __future__ import annotations

from collections.abc import Callable

from targets.readers.cells import Problem, blank, memo_map, shown
from targets.readers.header import CUMULATIVE, INCREMENT, MONTH, Header
from targets.readers.months import TitleMonth, month_of_sheet, parse_month
from targets.readers.records import LONG
from targets.readers.rows import RowReader, ValueColumn
from targets.readers.units import Unit
from targets.sheets import Cell


class LongReader(RowReader):
    layout = LONG

    def sheet_month(self, header: Header, title: TitleMonth | None) -> int | None:
        month, found = month_of_sheet(title, self.form_month, needed=MONTH not in header.roles)
        self.issues.extend(found)
        return month

    def value_columns(self, header: Header, unit_of: Callable[[int], Unit | None]) -> list[ValueColumn]:
        columns = []
        for role in (CUMULATIVE, INCREMENT):  # the cumulative figure first: an increment on the same row adds to it
            c = header.roles.get(role)
            if c is not None:
                columns.append(ValueColumn(c, None, role == INCREMENT, header.label(c), unit_of(c)))
        return columns

    def row_months(self, header: Header, start: int, n: int, default: int | None) -> list[int | Problem | None]:
        """Each row's month cell, or the default where it is empty (None where no month is known and none is
        asked for: the sheet's missing month is reported once)."""
        c = header.roles.get(MONTH)
        if c is None:
            return [default] * n
        empty: int | Problem | None = default
        if default is None:
            empty = Problem(
                "no_month",
                "月份为空，且标题和上传表单都未写明月份。",
                "The month cell is empty, and neither the title nor the upload form states a month.",
            )
        return memo_map(lambda cell: empty if blank(cell) else self._month(cell), self.column(c, start))

    def _month(self, cell: Cell) -> int | Problem:
        year = self.plan.year
        parsed = parse_month(cell)
        if parsed is None or not 1 <= parsed[1] <= 12:
            return Problem(
                "bad_month",
                f"月份“{shown(cell)}”无法识别；请写 1–12，或 {year}-06、{year}年6月。",
                f"The month '{shown(cell)}' is not understood; write 1–12, or {year}-06.",
            )
        if parsed[0] is not None and parsed[0] != year:
            return Problem(
                "month_outside_year",
                f"月份“{shown(cell)}”不在计划年度 {year} 年内。",
                f"The month '{shown(cell)}' is outside the plan year {year}.",
            )
        return parsed[1]
