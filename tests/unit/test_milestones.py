"""Milestones: dates as Excel/WPS users type them, 开工率/完工率 and the milestone light (hand-computed)."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from targets.catalogue import load_bundled
from targets.milestones import Light, NotADate, Project, Stage, TaskMilestones, judge, parse_date, status_date
from targets.readers.milestones import parse_milestones, read_milestones

PLAN = load_bundled(2024)
TODAY = date(2024, 10, 10)
HEAD = ["项目名称", "所属任务", "地区", "计划开工", "实际开工", "计划完工", "实际完工", "计划验收", "实际验收"]


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        date(2024, 3, 1),
        datetime(2024, 3, 1, 0, 0),
        45352,  # Excel's serial day number of 2024-03-01 (45292 is 2024-01-01, + 31 + 29)
        45352.0,
        "45352",
        "2024/3/1",
        "2024/03/01",
        "2024-03-01",
        "2024-3-1",
        "2024.3.1",
        "2024年3月1日",
        "2024年3月1号",
        "２０２４年３月１日",
        "2024 年 3 月 1 日",
        "20240301",
        "2024-03-01 00:00:00",
    ],
)
def test_every_form_of_a_day_reads_as_that_day(cell):
    read = parse_date(cell)
    assert read.value == date(2024, 3, 1) and not read.month_only


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2024年3月", date(2024, 3, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2024年2月底", date(2024, 2, 29)),
        ("2023/2", date(2023, 2, 28)),
        ("2024.12", date(2024, 12, 31)),
    ],
)
def test_a_month_alone_reads_as_its_last_day(cell, day):
    read = parse_date(cell)
    assert read.value == day and read.month_only


@pytest.mark.parametrize("cell", [None, "", "   ", "—", "-"])
def test_a_blank_cell_is_no_date(cell):
    assert parse_date(cell) is None


@pytest.mark.parametrize("cell", ["2024/2/30", "2024年13月", "明年三月", "12", 12, 3.5, True, "2024/3/1/2"])
def test_what_is_not_a_date_is_refused(cell):
    with pytest.raises(NotADate):
        parse_date(cell)


# --- rates and lights, hand-computed as of 2024-06-30 ---------------------------------------------------

AS_OF = date(2024, 6, 30)


def d(m: int, day: int) -> date:
    return date(2024, m, day)


A = Project("T", "A", planned_start=d(3, 1), actual_start=d(3, 5), planned_complete=d(6, 30))  # late; due today
B = Project(
    "T",
    "B",
    planned_start=d(4, 1),
    actual_start=d(3, 20),
    planned_complete=d(6, 15),
    actual_complete=d(6, 10),
    planned_accept=d(6, 29),
    actual_accept=d(6, 29),
)  # all on time
C = Project("T", "C", planned_start=d(5, 1), planned_complete=d(9, 30))  # start missed
D = Project("T", "D", planned_start=d(7, 15), actual_start=d(6, 20))  # started before its (future) plan date
E = Project("T", "E")  # no dates
F = Project("T", "F", planned_start=d(6, 1), actual_start=d(7, 5))  # started after the as-of date
G = Project("T", "G", actual_complete=d(5, 10))  # completed (so started), no plan
FIXTURE = TaskMilestones("T", AS_OF, (A, B, C, D, E, F, G))


def test_rates_count_started_and_completed_projects_over_the_whole_list():
    # started by 06-30: A, B, D, G (G completed, so it started; F's start is after the as-of date) = 4 of 7
    assert FIXTURE.count(Stage.START) == 4 and FIXTURE.rate(Stage.START) == pytest.approx(4 / 7)
    # completed: B, G = 2 of 7; accepted: B = 1
    assert FIXTURE.count(Stage.COMPLETE) == 2 and FIXTURE.rate(Stage.COMPLETE) == pytest.approx(2 / 7)
    assert FIXTURE.count(Stage.ACCEPT) == 1


def test_the_due_view_counts_projects_planned_by_the_date_and_those_that_made_it():
    # planned to start by 06-30: A, B, C, F (D's plan is 07-15); of those started: A, B
    assert (FIXTURE.due(Stage.START), FIXTURE.met(Stage.START)) == (4, 2)
    # planned to complete by 06-30: A (on the day), B; completed: B
    assert (FIXTURE.due(Stage.COMPLETE), FIXTURE.met(Stage.COMPLETE)) == (2, 1)


def test_each_project_has_its_light():
    lights = {p.name: p.light(AS_OF) for p in FIXTURE.projects}
    assert lights == {
        "A": Light.LATE,
        "B": Light.ON_TIME,
        "C": Light.MISSED,
        "D": Light.ON_TIME,
        "E": Light.NONE,
        "F": Light.MISSED,
        "G": Light.NONE,
    }
    assert FIXTURE.light is Light.MISSED
    assert [(p.name, s) for p, s in FIXTURE.missed()] == [("C", Stage.START), ("F", Stage.START)]


def test_the_task_light_is_its_worst_project():
    assert TaskMilestones("T", AS_OF, (A, B)).light is Light.LATE
    assert TaskMilestones("T", AS_OF, (B, D)).light is Light.ON_TIME
    assert TaskMilestones("T", AS_OF, (E, G)).light is Light.NONE


def test_a_plan_date_equal_to_the_as_of_date_is_not_yet_missed():
    p = Project("T", "", planned_start=d(6, 30))
    assert p.light(d(6, 30)) is Light.NONE
    assert p.light(d(7, 1)) is Light.MISSED


def test_an_actual_date_after_the_as_of_date_has_not_happened_yet_then():
    assert F.light(d(6, 30)) is Light.MISSED
    assert F.light(d(7, 31)) is Light.LATE  # by July it started, five weeks late


def test_the_json_of_a_task_has_the_counts_rates_and_missed_projects():
    doc = FIXTURE.as_json()
    assert doc["projects"] == 7 and (doc["started"], doc["completed"], doc["accepted"]) == (4, 2, 1)
    assert doc["start_rate"] == 0.5714 and doc["completion_rate"] == 0.2857
    assert doc["light"] == "missed"
    assert doc["missed"][0] == {"project": "C", "region": None, "stage": "start", "planned": "2024-05-01"}


def test_judge_groups_projects_by_task_and_the_status_date_is_the_month_end():
    found = judge([A, Project("U", "", planned_start=d(1, 5))], status_date(2024, 2))
    assert sorted(found) == ["T", "U"] and found["T"].as_of == date(2024, 2, 29)


# --- the sheet --------------------------------------------------------------------------------------------


def test_a_sheet_reads_projects_by_task_code_or_name_with_regions():
    rows = [
        ["2024年民生实事项目节点表"],
        HEAD,
        ["长春一中活力操场", "EDU-01", "长春", "2024/4/1", "2024-04-03", "2024年8月", None, None, None],
        [None, "行政村污水治理", None, 45383, None, None, None, None, None],
        ["填表人：张三"],
    ]
    out = parse_milestones([(None, rows)], PLAN, today=TODAY)
    assert not out.issues
    first, second = (r.project for r in out.rows)
    assert (first.task_code, first.name, first.region) == ("EDU-01", "长春一中活力操场", "220100")
    assert (first.planned_start, first.actual_start, first.planned_complete) == (d(4, 1), d(4, 3), d(8, 31))
    assert (second.task_code, second.name, second.planned_start) == ("PUB-04", "", d(4, 1))
    assert out.rows[0].given == {"planned_start", "actual_start", "planned_complete"}


def _issue(rows, rule, sheet=None):
    out = parse_milestones([(sheet, rows)], PLAN, today=TODAY)
    found = [i for i in out.issues if i.rule == rule]
    assert found, out.issues
    return found[0]


def test_a_cell_that_is_not_a_date_is_named_by_row_and_column():
    issue = _issue([HEAD, ["x", "EDU-01", None, "三月初", None, None, None, None, None]], "not_a_date")
    assert (issue.row, issue.column) == (2, "D (计划开工)") and "三月初" in issue.message_zh


def test_unknown_tasks_and_regions_are_errors():
    assert _issue([HEAD, ["x", "XYZ-99", None, "2024/3/1"]], "unknown_task").column == "B (所属任务)"
    assert _issue([HEAD, ["x", "EDU-01", "火星", "2024/3/1"]], "unknown_region").column == "C (地区)"


def test_an_actual_date_after_today_is_an_error_and_a_month_alone_a_warning():
    assert _issue([HEAD, ["x", "EDU-01", None, None, "2024/10/11"]], "actual_in_future").row == 2
    issue = _issue([HEAD, ["x", "EDU-01", None, None, "2024年9月"]], "actual_month_only")
    assert issue.severity.value == "warning"


def test_dates_running_backwards_and_repeated_projects_are_errors():
    issue = _issue([HEAD, ["x", "EDU-01", None, None, "2024/5/1", None, "2024/4/1"]], "out_of_order")
    assert issue.column == "G (实际完工)"
    rows = [HEAD, ["x", "EDU-01", None, "2024/3/1"], ["x", "中小学校“活力操场”建设", None, "2024/3/2"]]
    assert _issue(rows, "duplicate_project").row == 3


def test_a_sheet_without_the_columns_says_what_it_needs():
    issue = _issue([["地区", "目标值"], ["长春", 3]], "no_columns")
    assert "计划开工" in issue.message_zh


def test_a_workbook_with_date_cells_names_the_sheet_of_an_error():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["本表填报项目节点"])
    ws2 = wb.create_sheet("节点")
    ws2.append(HEAD)
    ws2.append(["长春一中活力操场", "EDU-01", "长春市", datetime(2024, 3, 1), date(2024, 3, 5)])
    ws2["D2"].number_format = "yyyy/m/d"
    ws2.append(["吉林一中活力操场", "EDU-01", "吉林市", "2024/2/31"])
    buf = io.BytesIO()
    wb.save(buf)
    out = read_milestones(buf.getvalue(), "节点.xlsx", PLAN, TODAY)
    assert out.rows[0].project.planned_start == d(3, 1) and out.rows[0].project.actual_start == d(3, 5)
    (issue,) = out.errors
    assert (issue.sheet, issue.row, issue.column, issue.rule) == ("节点", 3, "D (计划开工)", "not_a_date")


def test_a_task_with_projects_counts_them_only_and_lends_them_its_planned_dates():
    own = Project("T", "", planned_start=d(4, 1), planned_complete=d(10, 31), actual_start=d(4, 2))
    p1 = Project("T", "P1")  # takes 04-01 / 10-31
    p2 = Project("T", "P2", planned_start=d(7, 1), actual_start=d(6, 25))  # keeps its own start
    ms = judge([own, p1, p2], AS_OF)["T"]
    assert [p.name for p in ms.projects] == ["P1", "P2"]
    assert (ms.projects[0].planned_start, ms.projects[0].planned_complete) == (d(4, 1), d(10, 31))
    assert ms.projects[1].planned_start == d(7, 1)
    # P1 has not started by 06-30 though planned 04-01: missed; the task's own actual date is not counted
    assert (ms.count(Stage.START), ms.light) == (1, Light.MISSED)


# --- planned dates in the catalogue table -------------------------------------------------------------------


def _catalogue(extra_head, values):
    from tests.unit.test_catalogue_import import HEADER, official_table

    rows = official_table()
    rows[1] = [*HEADER, *extra_head]
    for r, v in values.items():
        rows[r] = [*rows[r], *v]
    return rows


def test_the_catalogue_table_gives_planned_dates_per_task():
    from targets.readers.catalogue import import_catalogue

    rows = _catalogue(["计划开工时间", "计划完工时间（月底前）"], {2: ["2024年4月", "2024/9/30"]})
    first_task = PLAN.indicators[0].task_code
    result = import_catalogue(rows, year=2024, existing=PLAN, filename="分解表.xlsx")
    assert not result.issues
    (task,) = result.milestones.values()
    assert (task.task_code, task.name, task.planned_start, task.planned_complete) == (
        first_task,
        "",
        d(4, 30),
        d(9, 30),
    )


def test_a_bad_planned_date_in_the_catalogue_names_row_and_column():
    from targets.readers.catalogue import import_catalogue

    rows = _catalogue(["计划验收时间"], {4: ["年底"]})
    result = import_catalogue(rows, year=2024, existing=PLAN, filename="分解表.xlsx")
    (issue,) = result.errors
    assert (issue.rule, issue.row, issue.column) == ("not_a_date", 5, "J (计划验收时间)")
