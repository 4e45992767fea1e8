"""The wide sheet: a row per indicator (and region), a column per month (1月…12月, 2024-01, Jan, 1月新增).

Each column names its month; a column of another year is reported once if it holds any value, and left
out. A group label over the month columns (本月完成, 累计完成（万个次）) says what they hold.
"""

from __future__ import annotations

from collections.abc import Callable

from targets.readers.cells import Problem, blank
from targets.readers.header import Header
from targets.readers.months import TitleMonth
from targets.readers.records import WIDE
from targets.readers.rows import RowReader, ValueColumn
from targets.readers.units import Unit


class WideReader(RowReader):
    layout = WIDE

    def sheet_month(self, header: Header, title: TitleMonth | None) -> int | None:
        return None  # every month column names its month; the title's year was checked

    def value_columns(self, header: Header, unit_of: Callable[[int], Unit | None]) -> list[ValueColumn]:
        columns = []
        for month_column in header.month_columns:
            c = month_column.index
            if month_column.year is not None and month_column.year != self.plan.year:
                if any(not blank(self.cell(r, c)) for r in range(header.row + 1, len(self.rows))):
                    self.error(
                        "month_outside_year",
                        f"列“{header.labels[c]}”的月份不在计划年度 {self.plan.year} 年内。",
                        f"Column '{header.labels[c]}' is for a month outside the plan year {self.plan.year}.",
                        row=header.row + 1,
                        column=header.label(c),
                    )
                continue
            columns.append(ValueColumn(c, month_column.month, month_column.increment, header.label(c), unit_of(c)))
        return columns

    def row_months(self, header: Header, start: int, n: int, default: int | None) -> list[int | Problem | None]:
        return [0] * n  # the months are the columns'; no value column uses a row's
