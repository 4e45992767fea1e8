"""Reading the official task table into a plan: matching the stored plan, new entries, errors that name the cell."""

from __future__ import annotations

from targets.catalogue import load_bundled
from targets.numbers import fold
from targets.readers.catalogue import import_catalogue

PLAN = load_bundled(2024)
HEADER = ["序号", "类别", "任务", "指标", "目标值", "单位", "牵头单位", "责任单位", "完成时限"]


def official_table() -> list[list[object]]:
    """The bundled plan as the official table writes it: 序号, 类别 and 任务 merged down (blank below)."""
    rows: list[list[object]] = [["2024年民生实事任务分解表"], HEADER]
    n = 0
    for area in PLAN.areas:
        first_of_area = True
        for task in PLAN.tasks_of(area.code):
            first_of_task = True
            for ind in PLAN.indicators_of(task.code):
                n += 1
                rows.append(
                    [
                        n if first_of_task else None,
                        area.name.zh if first_of_area else None,
                        task.name.zh if first_of_task else None,
                        ind.name.zh,
                        ind.stated,
                        ind.unit.zh,
                        ind.lead_unit,
                        None,
                        f"{ind.deadline_month}月底",
                    ]
                )
                first_of_area = first_of_task = False
    rows.append(["注：本表据省政府文件整理。"])
    return rows


def test_the_official_table_of_the_stored_plan_changes_nothing() -> None:
    result = import_catalogue(official_table(), year=2024, existing=PLAN, filename="分解表.xlsx")
    assert (result.issues, result.changes, result.rows_read) == ([], [], len(PLAN.indicators))
    assert [(i.code, i.target, fold(i.unit.zh)) for i in result.plan.indicators] == [
        (i.code, i.target, fold(i.unit.zh)) for i in PLAN.indicators
    ]


def test_a_table_into_an_empty_year_makes_every_area_task_and_indicator() -> None:
    result = import_catalogue(official_table(), year=2025, existing=None, filename="分解表.xlsx")
    assert not result.has_errors
    assert [c.action for c in result.changes].count("new_indicator") == len(PLAN.indicators)
    assert len(result.plan.areas) == len(PLAN.areas) and len(result.plan.tasks) == len(PLAN.tasks)
    assert sorted(i.target for i in result.plan.indicators) == sorted(i.target for i in PLAN.indicators)


def test_bad_rows_are_errors_naming_row_and_column() -> None:
    rows = official_table()
    rows[3][4] = "九十%"  # row 4: a rate without a number
    rows[5][8] = "下半年"  # row 6: the deadline
    rows[7][4] = None  # row 8: no target
    result = import_catalogue(rows, year=2024, existing=PLAN, filename="分解表.xlsx")
    assert [(i.rule, i.row, i.column) for i in result.issues] == [
        ("bad_target", 4, "E (目标值)"),
        ("bad_deadline", 6, "I (完成时限)"),
        ("missing_target", 8, "E (目标值)"),
    ]
    assert result.plan is None
