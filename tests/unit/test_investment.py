"""Investment: the shares completed (hand-computed), the monthly sheet's checks and the task table's columns."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from targets.catalogue import load_bundled
from targets.investment import (
    Amounts,
    bulletin_sentence,
    over_plan,
    read_investment_file,
    read_sheet,
    read_wan,
    summarise,
    template_rows,
    template_xlsx,
    to_cumulative,
)
from targets.readers.catalogue import import_catalogue
from tests.unit.test_catalogue_import import HEADER, official_table

FULL = load_bundled(2024)
# Two areas: EMP (EMP-01, EMP-02) and SOC (SOC-01 … SOC-04 and more); the rest of the plan is left out.
PLAN = replace(FULL, tasks=tuple(t for t in FULL.tasks if t.area_code in {"EMP", "SOC"}))


def test_amounts_in_wan_yuan_as_people_write_them() -> None:
    assert [read_wan(v) for v in ("3,500", "21.3万元", "1.2亿", "１２００", 800, None, " ")] == [
        3500.0,
        21.3,
        12000.0,
        1200.0,
        800.0,
        None,
        None,
    ]
    assert read_wan("2.5", scale=10_000) == 25_000  # a column headed （亿元）
    for bad in ("-5", "很多", "80%", "=A1+A2"):
        with pytest.raises(ValueError):
            read_wan(bad)


def test_shares_per_task_area_and_province_sum_only_the_tasks_with_a_plan() -> None:
    planned = {
        "EMP-01": Amounts(1000.0, {"central": 400.0, "provincial": 600.0}),
        "EMP-02": Amounts(3000.0),
        "SOC-02": Amounts(500.0, {"central": 500.0}),
        # SOC-01 and SOC-03 have no plan: SOC-03's completed 999 counts nowhere but on its own row
    }
    completed = {
        "EMP-01": {3: Amounts(200.0, {"central": 100.0, "provincial": 100.0}), 6: Amounts(450.0, {"central": 250.0})},
        "EMP-02": {6: Amounts(1500.0)},
        "SOC-02": {5: Amounts(125.0, {"central": 125.0})},
        "SOC-03": {6: Amounts(999.0)},
    }
    s = summarise(PLAN, planned, completed, month=6)
    assert s.tasks["EMP-01"].share == pytest.approx(0.45)  # 450 / 1000
    assert s.tasks["EMP-02"].share == pytest.approx(0.5)  # 1500 / 3000
    assert s.tasks["SOC-02"].share == pytest.approx(0.25)  # 125 / 500
    assert s.tasks["SOC-03"].share is None and s.tasks["SOC-03"].completed == 999.0
    assert s.task_json("SOC-03") is None and s.task_json("SOC-01") is None
    assert (s.areas["EMP"].planned, s.areas["EMP"].completed) == (4000.0, 1950.0)  # 1950 / 4000
    assert s.areas["EMP"].share == pytest.approx(0.4875)
    assert (s.areas["SOC"].planned, s.areas["SOC"].completed) == (500.0, 125.0)  # SOC-03's 999 left out
    assert (s.province.planned, s.province.completed) == (4500.0, 2075.0)
    assert s.province.share == pytest.approx(2075 / 4500)
    # By source: central planned 400 + 500, completed 250 (EMP-01, month 6) + 125 (SOC-02).
    assert s.province.by_source["central"] == (900.0, 375.0)
    assert s.province.by_source["provincial"] == (600.0, 0.0)  # month 6 states no provincial amount
    # As of month 4: EMP-01's March figure, nothing yet for EMP-02 and SOC-02.
    early = summarise(PLAN, planned, completed, month=4)
    assert (early.province.completed, early.province.share) == (200.0, pytest.approx(200 / 4500))
    assert s.as_json()["share"] == pytest.approx(0.4611, abs=1e-4)


def test_no_plan_anywhere_is_no_share_and_no_sentence() -> None:
    s = summarise(PLAN, {}, {"EMP-01": {1: Amounts(5.0)}}, month=1)
    assert (s.province.planned, s.province.share) == (None, None)
    assert s.as_json()["share"] is None and bulletin_sentence(s) == ""


def test_the_bulletin_sentence_gives_the_share_of_the_years_investment() -> None:
    s = summarise(PLAN, {"EMP-01": Amounts(10_000.0)}, {"EMP-01": {9: Amounts(8876.0)}}, month=9)
    assert bulletin_sentence(s) == "完成年度总投资的88.76%（已完成8876万元，计划1亿元）。"
    assert (
        bulletin_sentence(s, "en")
        == "88.76% of the year's total investment was completed (88.8 million yuan of 100 million yuan planned)."
    )


def test_the_press_release_and_the_briefing_say_the_share_of_the_years_investment() -> None:
    from targets.demo import demo_figures, demo_trajectories
    from targets.exports import ExportContext, press
    from targets.exports.pdf import html
    from targets.investment import demo_investment
    from tests.unit.test_exports import view_of

    figures = {(f.indicator_code, f.region_code, f.month): f.value for f in demo_figures(FULL)}
    ctx = ExportContext.from_view(view_of(FULL, figures, 9, demo_trajectories(FULL)), is_demo=True)
    assert "投资" not in press.release(ctx).lead  # no planned investment: no sentence
    planned, changes = demo_investment(FULL, 9)
    done = {}
    for c in changes:
        done.setdefault(c.task_code, {})[c.month] = c.new
    summary = summarise(FULL, planned, done, 9)
    with_it = replace(ctx, investment=summary)
    sentence = bulletin_sentence(summary)
    assert sentence.startswith("完成年度总投资的") and press.release(with_it).lead.endswith(sentence)
    assert sentence in html(with_it, [])
    assert "of the year's total investment was completed" in press.release(with_it.with_lang("en")).lead


SHEET_HEAD = [
    "任务编号",
    "任务名称",
    "月份",
    "累计完成投资（万元）",
    "其中：中央资金（万元）",
    "其中：省级资金（万元）",
]


def test_a_sheet_with_a_title_row_a_total_row_and_sources() -> None:
    rows = [
        ["2024年民生实事完成投资情况", None, None, None, None, None],
        SHEET_HEAD,
        ["EMP-01", None, "6月", "1,200", "500", "700"],
        [None, "提升就业服务质量工程", 6, "0.3亿", None, None],
        ["合计", None, None, "4200", None, None],
        ["填表人：张三", None, None, None, None, None],
    ]
    sheet = read_sheet(rows, PLAN)
    assert (sheet.errors, sheet.warnings) == ([], [])
    assert [(r.task_code, r.month, r.amounts.total, dict(r.amounts.by_source), r.row) for r in sheet.rows] == [
        ("EMP-01", 6, 1200.0, {"central": 500.0, "provincial": 700.0}, 3),
        ("EMP-02", 6, 3000.0, {}, 4),
    ]


def test_sheet_errors_name_the_row_and_the_column() -> None:
    rows = [
        SHEET_HEAD,
        ["EMP-01", None, 6, "很多", None, None],  # row 2: not an amount
        ["NOPE-9", None, 6, "100", None, None],  # row 3: no such task
        ["EMP-02", None, 13, "100", None, None],  # row 4: no such month
        ["SOC-02", None, 6, "100", "-3", None],  # row 5: a negative source
        ["SOC-03", None, 6, None, None, None],  # row 6: left blank, passed over
    ]
    sheet = read_sheet(rows, PLAN)
    assert [(p.rule, p.row, p.column) for p in sheet.errors] == [
        ("bad_investment", 2, "D (累计完成投资（万元）)"),
        ("unknown_task", 3, "A (任务编号)"),
        ("bad_month", 4, "C (月份)"),
        ("bad_investment", 5, "E (其中：中央资金（万元）)"),
    ]
    assert "第2行" in sheet.errors[0].zh and "Row 2" in sheet.errors[0].en


def test_a_total_row_must_equal_the_sum_of_the_tasks() -> None:
    rows = [SHEET_HEAD, ["EMP-01", None, 6, "100", None, None], ["合计", None, None, "150", None, None]]
    assert [(p.rule, p.row) for p in read_sheet(rows, PLAN).errors] == [("total_mismatch", 3)]


def test_no_month_anywhere_is_an_error_and_the_chosen_month_fills_in() -> None:
    rows = [["任务编号", "累计完成投资"], ["EMP-01", 10]]
    assert [p.rule for p in read_sheet(rows, PLAN).errors] == ["no_month"]
    assert read_sheet(rows, PLAN, month=4).rows[0].month == 4


def test_increments_add_to_the_latest_stored_month_and_cumulative_amounts_replace() -> None:
    stored = {"EMP-01": {3: Amounts(200.0, {"central": 50.0}), 5: Amounts(300.0, {"central": 80.0})}}
    monthly = read_sheet([["任务编号", "本月完成投资（万元）", "其中：中央资金"], ["EMP-01", 40, 10]], PLAN, month=6)
    changes, warnings, unchanged = to_cumulative(monthly.rows, stored)
    assert (warnings, unchanged) == ([], 0)
    assert [(c.month, c.new.total, dict(c.new.by_source), c.old) for c in changes] == [
        (6, 340.0, {"central": 90.0}, None)  # 300 + 40, central 80 + 10
    ]
    # An increment with nothing stored before it is taken as cumulative, with a warning.
    changes, warnings, _ = to_cumulative(monthly.rows, {})
    assert changes[0].new.total == 40.0 and [w.rule for w in warnings] == ["increment_without_base"]
    # A cumulative amount below an earlier month's is a warning; the same amount again is unchanged.
    cumulative = read_sheet([["任务编号", "累计完成投资"], ["EMP-01", 250]], PLAN, month=6)
    _, warnings, _ = to_cumulative(cumulative.rows, stored)
    assert [(w.rule, w.row) for w in warnings] == [("below_previous", 2)]
    same = read_sheet([["任务编号", "累计完成投资", "其中：中央资金"], ["EMP-01", 300, 80]], PLAN, month=5)
    assert to_cumulative(same.rows, stored)[2] == 1


def test_a_correction_supersedes_the_months_amount_and_the_share_follows() -> None:
    planned = {"EMP-01": Amounts(1000.0)}
    stored = {"EMP-01": {6: Amounts(450.0)}}
    fixed = read_sheet([["任务编号", "累计完成投资"], ["EMP-01", 420]], PLAN, month=6)
    changes, _, _ = to_cumulative(fixed.rows, stored)
    assert [(c.old, c.new) for c in changes] == [(Amounts(450.0), Amounts(420.0))]
    after = {"EMP-01": {6: changes[0].new}}
    assert summarise(PLAN, planned, after, 6).tasks["EMP-01"].share == pytest.approx(0.42)
    over = to_cumulative(read_sheet([["任务编号", "累计完成投资"], ["EMP-01", 1200]], PLAN, month=6).rows, stored)[0]
    assert [p.rule for p in over_plan(over, planned)] == ["above_plan"]


def template_rows_codes(plan, department: str) -> list[str]:
    return [row[0] for row in template_rows(plan, department, 6)[2:]]


def test_the_template_reads_back_as_a_sheet_and_a_gbk_csv_reads_too() -> None:
    data = template_xlsx(FULL, "省民政厅", 6)
    sheet, name = read_investment_file(data, "投资.xlsx", FULL)
    assert name == "完成投资" and sheet.header_row == 1  # the merged title row is passed over
    assert [p.rule for p in sheet.errors] == ["empty_file"]  # a row per task, none filled in yet
    assert "ELD-02" in template_rows_codes(FULL, "省民政厅") and "EMP-01" not in template_rows_codes(FULL, "省民政厅")
    csv = '任务编号,月份,累计完成投资（万元）\nSOC-02,6,"1,250"\n'.encode("gbk")
    sheet, _ = read_investment_file(csv, "投资.csv", PLAN)
    assert [(r.task_code, r.month, r.amounts.total) for r in sheet.rows] == [("SOC-02", 6, 1250.0)]
    assert io.BytesIO(data).read(2) == b"PK"


def test_the_task_table_with_investment_columns_gives_each_task_its_plan() -> None:
    rows = official_table()
    rows[1] = [*HEADER, "计划投资（万元）", "其中：中央资金", "其中：省级资金", "市县资金"]
    first = {}  # a task's first row in the table (its cells merged down, blank below)
    for r, row in enumerate(rows[2:-1], start=2):
        row.extend([None] * 4)
        if row[2]:
            first[row[2]] = r
    emp1 = next(t for t in FULL.tasks if t.code == "EMP-01").name.zh
    soc2 = next(t for t in FULL.tasks if t.code == "SOC-02").name.zh
    rows[first[emp1]][9:13] = ["1.2亿", "3,000", "5000", "4000"]
    rows[first[soc2]][10:13] = [None, "300", "21.3万元"]  # no total: the sum of the sources
    result = import_catalogue(rows, year=2024, existing=FULL, filename="分解表.xlsx")
    assert (result.issues, result.changes) == ([], [])
    assert result.investments == {
        "EMP-01": Amounts(12000.0, {"central": 3000.0, "provincial": 5000.0, "county": 4000.0}),
        "SOC-02": Amounts(321.3, {"provincial": 300.0, "county": 21.3}),
    }


def test_the_task_table_investment_errors_name_row_and_column() -> None:
    rows = official_table()
    rows[1] = [*HEADER, "年度计划投资"]
    for row in rows[2:-1]:
        row.append(None)
    rows[2][9] = "待定"
    result = import_catalogue(rows, year=2024, existing=FULL, filename="分解表.xlsx")
    assert [(i.rule, i.row, i.column) for i in result.errors] == [("bad_investment", 3, "J (年度计划投资)")]
    # The same task given two amounts on two of its rows.
    rows[2][9] = 100
    # The first task of two rows or more: its second row (task cell merged, blank) gives another amount.
    second = next(r for r in range(3, len(rows) - 1) if rows[r][2] is None)
    rows[second - 1][9], rows[second][9] = 100, 200
    result = import_catalogue(rows, year=2024, existing=FULL, filename="分解表.xlsx")
    assert [(i.rule, i.row, i.column) for i in result.errors] == [
        ("investment_differs", second + 1, "J (年度计划投资)")
    ]
    rows[second][9] = 100  # the same amount repeated on each row is one plan
    result = import_catalogue(rows, year=2024, existing=FULL, filename="分解表.xlsx")
    assert result.errors == [] and sum(a.total for a in result.investments.values()) == 200
