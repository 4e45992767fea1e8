"""Plan years side by side, on hand-made plans: which of this year's tasks are carried over from last year (unfinished
in December), how indicators are matched across years, and last year's figure for the same month."""

from __future__ import annotations

from targets.carryover import carried_over, match_indicators, same_month_last_year
from targets.model import Area, Indicator, Kind, Plan, Source, Task, Text
from targets.status import Status, compute_status

SRC = Source("test", "hand-made")


def plan(year: int, rows: list[tuple[str, str, str, float, str]]) -> Plan:
    """rows: (task code, indicator code, indicator name, target, unit); one area, a task per distinct task code."""
    tasks: list[Task] = []
    for task_code, *_ in rows:
        if task_code not in [t.code for t in tasks]:
            tasks.append(Task(task_code, "A", Text(f"任务{task_code}", f"Task {task_code}"), SRC, len(tasks)))
    indicators = tuple(
        Indicator(code, task, "A", Text(name, name), Text(unit, unit), Kind.COUNT, target, str(target), SRC, n)
        for n, (task, code, name, target, unit) in enumerate(rows)
    )
    return Plan(year, len(tasks), 1, Text("t", "t"), None, (Area("A", Text("甲", "A"), 0),), tuple(tasks), indicators)


LAST = plan(
    2024,
    [
        ("T1", "X-1", "新建改建助餐点", 1300, "个"),  # done by December (1,400 of 1,300)
        ("T2", "X-2", "新增普惠托位", 5000, "个"),  # 3,000 of 5,000 in December: unfinished
        ("T3", "X-3", "改造老旧小区", 600, "个"),  # never reported
        ("T4", "X-4", "建成零工市场", 60, "个"),  # 59 of 60: short by one
    ],
)
FIGURES = {("X-1", 6): 700.0, ("X-1", 12): 1400.0, ("X-2", 6): 1000.0, ("X-2", 12): 3000.0, ("X-4", 12): 59.0}
DECEMBER = compute_status(LAST, FIGURES, 12)

THIS = plan(
    2025,
    [
        ("A01-01", "A01-01-1", "新建改建助餐点", 1500, "个"),  # the same as X-1, which was done
        ("A01-02", "A01-02-1", "新增普惠托位", 4000, "个"),  # X-2 again: carried over
        ("A01-02", "A01-02-2", "新增托育机构", 50, "家"),  # new
        ("A01-03", "A01-03-1", "改造 老旧小区", 300, "个"),  # X-3 with a space: the same name once normalised
        ("A01-04", "X-4", "建成口袋公园", 60, "个"),  # last year's code, another name: not the same indicator
    ],
)


def test_unfinished_tasks_of_last_december_are_carried_over():
    carried = carried_over(THIS, LAST, DECEMBER)
    assert set(carried) == {"A01-02", "A01-03"}
    assert carried["A01-02"].indicators == (("A01-02-1", "X-2", Status.LAGGING),)
    assert carried["A01-03"].indicators == (("A01-03-1", "X-3", Status.NO_DATA),)  # never reported: not done
    assert carried["A01-02"].last_year == 2024


def test_a_task_done_last_year_or_matched_only_by_code_is_not_carried_over():
    carried = carried_over(THIS, LAST, DECEMBER)
    assert "A01-01" not in carried  # X-1 reached its target
    assert "A01-04" not in carried  # X-4 (59 of 60) is unfinished, but 建成口袋公园 is another indicator


def test_nothing_is_carried_over_without_last_years_december_or_any_figure():
    assert carried_over(THIS, LAST, None) == {}
    assert carried_over(THIS, LAST, compute_status(LAST, FIGURES, 9)) == {}  # September is not the year's end
    assert carried_over(THIS, LAST, compute_status(LAST, {}, 12)) == {}  # no figure all year: nothing judged


def test_only_the_year_before_counts():
    two_years_on = plan(2026, [("B", "B-1", "新增普惠托位", 1, "个")])
    assert carried_over(two_years_on, LAST, DECEMBER) == {}


def test_matching_is_by_name_and_a_repeated_name_needs_the_same_code():
    last = plan(
        2024, [("T", "K-1", "培训人次", 1, "人次"), ("U", "K-2", "培训人次", 1, "人次"), ("V", "K-3", "其他", 1, "个")]
    )
    this = plan(
        2025, [("T", "K-2", "培训人次", 1, "人次"), ("W", "Z-1", "培训人次", 1, "人次"), ("V", "Z-2", "其他", 1, "个")]
    )
    assert match_indicators(this, last) == {"K-2": "K-2", "Z-2": "K-3"}  # Z-1: which of the two? none


def test_last_years_same_month_in_the_same_unit_only():
    this = plan(
        2025,
        [
            ("A", "A-1", "新增普惠托位", 4000, "个"),
            ("A", "A-2", "新建改建助餐点", 1500, "处"),  # another unit than last year's 个
            ("B", "B-1", "改造老旧小区", 300, "个"),
        ],
    )
    series = {("X-2", 5): 800.0, ("X-2", 6): 1000.0, ("X-1", 6): 700.0, ("X-3", 5): 10.0}
    assert same_month_last_year(this, LAST, series, 6) == {"A-1": 1000.0}  # X-3 has May only; X-1 is in 个
    assert same_month_last_year(this, LAST, series, 5) == {"A-1": 800.0, "B-1": 10.0}
    assert same_month_last_year(this, LAST, series, 7) == {}  # no figure that very month: nothing carried forward
