"""One official task table carrying both the investment columns and the planned milestone dates (issue 21):
each reader takes its own columns, and neither's cells reach the other or the indicators."""

from __future__ import annotations

from datetime import date

from targets.catalogue import load_bundled
from targets.investment import Amounts
from targets.readers.catalogue import import_catalogue
from tests.unit.test_catalogue_import import HEADER, official_table

FULL = load_bundled(2024)


def test_a_table_with_investment_and_milestone_columns_reads_both_and_changes_nothing_else():
    rows = official_table()
    rows[1] = [*HEADER, "计划投资（万元）", "其中：中央资金", "计划开工时间", "计划完工时间"]
    first: dict[str, int] = {}
    for r, row in enumerate(rows[2:-1], start=2):
        row.extend([None] * 4)
        if row[2]:
            first.setdefault(row[2], r)
    names = {t.name.zh: t.code for t in FULL.tasks}
    emp1 = next(r for name, r in first.items() if names.get(name) == "EMP-01")
    rows[emp1][9:13] = ["1.2亿", "3,000", "2024年3月", "2024/11/30"]
    result = import_catalogue(rows, year=2024, existing=FULL, filename="分解表.xlsx")
    assert (result.issues, result.changes) == ([], [])  # the indicators and targets read as before
    assert result.investments == {"EMP-01": Amounts(12000.0, {"central": 3000.0})}
    (dates,) = result.milestones.values()
    assert (dates.task_code, dates.planned_start, dates.planned_complete) == (
        "EMP-01",
        date(2024, 3, 31),
        date(2024, 11, 30),
    )


def test_errors_in_either_kind_of_column_name_their_own_row_and_column():
    rows = official_table()
    rows[1] = [*HEADER, "年度计划投资", "计划验收时间"]
    for row in rows[2:-1]:
        row.extend([None, None])
    rows[2][9], rows[4][10] = "待定", "年底"
    result = import_catalogue(rows, year=2024, existing=FULL, filename="分解表.xlsx")
    assert sorted((i.rule, i.row, i.column) for i in result.errors) == [
        ("bad_investment", 3, "J (年度计划投资)"),
        ("not_a_date", 5, "K (计划验收时间)"),
    ]
