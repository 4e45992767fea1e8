"""Parsing uploaded progress sheets into cumulative figures: every sample, every layout, every rule, and properties."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from targets.catalogue import load_bundled
from targets.issues import Severity
from targets.model import Kind, Text
from targets.numbers import NotANumber, parse_number, parse_yes_no
from targets.readers import FigureRecord, ParsedUpload, check_against_history, history, parse_upload
from targets.readers.header import recognise_header
from targets.readers.months import parse_month
from targets.readers.table import read_table as parse_figures
from targets.regions import PROVINCE
from targets.sheets import Grid, read_grid
from targets.templates import figures_template

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "figures"
PLAN = load_bundled(2024)
P = PROVINCE
ERROR_RULES = {
    "empty_file",
    "no_columns",
    "unknown_indicator",
    "unknown_region",
    "month_outside_year",
    "bad_month",
    "no_month",
    "negative",
    "not_a_number",
    "formula",
    "duplicate_conflict",
    "percent_for_count",
    "increment_without_base",
}


def parse_sample(name: str, **options) -> ParsedUpload:
    return parse_figures(read_grid((SAMPLES / name).read_bytes(), name), PLAN, **options)


def grid(*rows: list[object] | tuple[object, ...], merged: tuple[tuple[int, int, int, int], ...] = ()) -> Grid:
    return Grid([list(row) for row in rows], "csv", merged=merged)


def parse(*rows: list[object] | tuple[object, ...], plan=PLAN, **options) -> ParsedUpload:
    return parse_figures(grid(*rows), plan, **options)


def records(parsed: ParsedUpload) -> list[tuple]:
    return [(r.indicator_code, r.region_code, r.month, r.value, r.row, r.column, r.increment) for r in parsed.records]


def values(parsed: ParsedUpload) -> dict[tuple[str, str, int], float]:
    return {r.key: r.value for r in parsed.records}


def issues(parsed: ParsedUpload | list) -> list[tuple[str, int | None, str | None]]:
    found = parsed.issues if isinstance(parsed, ParsedUpload) else parsed
    return [(i.rule, i.row, i.column) for i in found]


def only_issue(parsed: ParsedUpload):
    assert len(parsed.issues) == 1, issues(parsed)
    return parsed.issues[0]


def xlsx_grid(build) -> Grid:
    workbook = openpyxl.Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return read_grid(buffer.getvalue())


# --- the samples, outcome by outcome ---------------------------------------------------------


def test_long_utf8() -> None:
    parsed = parse_sample("long_utf8.csv")
    assert (parsed.layout, parsed.header_row, parsed.rows_read, parsed.issues) == ("long", 1, 4, [])
    assert records(parsed) == [
        ("EMP-01-1", P, 5, 180000.0, 2, "D (累计完成)", False),
        ("EMP-01-1", P, 6, 213000.0, 3, "D (累计完成)", False),
        ("HEA-01-1", P, 6, 3500.0, 4, "D (累计完成)", False),
        ("ELD-02-1", P, 6, 1300.0, 5, "D (累计完成)", False),
    ]
    assert not parsed.has_errors


def test_long_utf8_bom_with_english_headers() -> None:
    parsed = parse_sample("long_utf8_bom.csv")
    assert parsed.issues == []
    assert records(parsed) == [
        ("CUL-03-1", P, 6, 120.0, 2, "C (Cumulative)", False),
        ("CUL-03-2", P, 6, 15.0, 3, "C (Cumulative)", False),
        ("PUB-05-1", P, 6, 800.0, 4, "C (Cumulative)", False),
    ]


def test_gbk_title_gives_the_month_and_notes_are_skipped() -> None:
    parsed = parse_sample("gbk_title_note.csv")
    assert (parsed.header_row, parsed.rows_read, parsed.issues) == (2, 3, [])
    assert records(parsed) == [
        ("EMP-01-1", P, 6, 213000.0, 3, "E (累计完成)", False),
        ("CUL-01-1", P, 6, 32000.0, 4, "E (累计完成)", False),
        ("SOC-01-1", P, 6, 1.0, 5, "E (累计完成)", False),
    ]


def test_gbk_title_month_must_agree_with_the_form() -> None:
    assert parse_sample("gbk_title_note.csv", month=6).issues == []
    assert issues(parse_sample("gbk_title_note.csv", month=7)) == [("bad_month", 1, "A")]


def test_gb18030() -> None:
    parsed = parse_sample("gb18030.csv")
    assert parsed.issues == []
    assert records(parsed) == [
        ("CUL-03-1", P, 6, 150.0, 2, "C (累计完成)", False),
        ("CUL-03-2", P, 6, 20.0, 3, "C (累计完成)", False),
    ]


def test_utf16_unicode_text_with_a_total_row() -> None:
    parsed = parse_sample("utf16_unicode_text.txt")
    assert parsed.issues == []
    assert records(parsed) == [
        ("PUB-01-1", "220100", 6, 120000.0, 2, "D (累计完成)", False),
        ("PUB-01-1", "220200", 6, 80000.0, 3, "D (累计完成)", False),
        ("PUB-01-1", P, 6, 350000.0, 4, "D (累计完成)", False),
    ]


def test_xlsx_long_with_merged_title_and_total_row() -> None:
    parsed = parse_sample("long_title_total.xlsx")
    assert (parsed.layout, parsed.header_row, parsed.rows_read, parsed.issues) == ("long", 2, 3, [])
    assert records(parsed) == [
        ("EMP-02-1", P, 6, 31.0, 3, "E (累计完成)", False),
        ("CUL-03-1", P, 6, 150.0, 4, "E (累计完成)", False),
        ("CUL-03-2", P, 6, 20.0, 5, "E (累计完成)", False),
    ]


def test_xlsx_wide_months() -> None:
    parsed = parse_sample("wide_months.xlsx")
    assert (parsed.layout, parsed.header_row, parsed.rows_read, parsed.issues) == ("wide", 1, 2, [])
    assert len(parsed.records) == 12
    assert values(parsed) == {
        **{("ELD-02-1", P, m): v for m, v in zip(range(1, 7), (100, 220, 380, 560, 800, 1010), strict=True)},
        **{("HEA-01-1", P, m): v for m, v in zip(range(1, 7), (500, 1100, 1800, 2400, 3000, 3500), strict=True)},
    }
    assert records(parsed)[0] == ("ELD-02-1", P, 1, 100.0, 2, "D (1月)", False)
    assert records(parsed)[-1] == ("HEA-01-1", P, 6, 3500.0, 3, "I (6月)", False)


def test_xlsx_wide_increments_under_a_merged_group_label() -> None:
    parsed = parse_sample("wide_increments.xlsx")
    assert (parsed.layout, parsed.header_row, parsed.issues) == ("wide", 3, [])
    assert records(parsed) == [
        ("CUL-03-1", P, 1, 10.0, 4, "C (1月)", True),
        ("CUL-03-1", P, 2, 25.0, 4, "D (2月)", True),
        ("CUL-03-1", P, 3, 45.0, 4, "E (3月)", True),
        ("EMP-02-1", P, 1, 3.0, 5, "C (1月)", True),
        ("EMP-02-1", P, 2, 7.0, 5, "D (2月)", True),
        ("EMP-02-1", P, 3, 12.0, 5, "E (3月)", True),
    ]


def test_long_increments_without_and_with_previous() -> None:
    alone = parse_sample("increments_long.csv")
    assert issues(alone) == [("increment_without_base", 5, "C (本月完成)")]
    assert "500" in alone.issues[0].message_zh and "5 月" in alone.issues[0].message_zh
    with_base = parse_sample("increments_long.csv", previous={("HEA-01-1", P, 5): 3000.0})
    assert with_base.issues == []
    assert records(with_base) == [
        ("EMP-01-1", P, 1, 30000.0, 2, "C (本月完成)", True),
        ("EMP-01-1", P, 2, 55000.0, 3, "C (本月完成)", True),
        ("EMP-01-1", P, 3, 95000.0, 4, "C (本月完成)", True),
        ("HEA-01-1", P, 6, 3500.0, 5, "C (本月完成)", True),
    ]


def test_regional_total_is_the_province_figure_never_a_sum() -> None:
    parsed = parse_sample("regional_total.csv")
    assert parsed.issues == []
    assert records(parsed) == [
        ("CUL-01-1", "220100", 6, 12000.0, 2, "D (累计完成)", False),
        ("CUL-01-1", "220200", 6, 8000.0, 3, "D (累计完成)", False),
        ("CUL-01-1", "222400", 6, 5000.0, 4, "D (累计完成)", False),
        ("CUL-01-1", "CBS", 6, 300.0, 5, "D (累计完成)", False),
        ("CUL-01-1", P, 6, 32000.0, 6, "D (累计完成)", False),
    ]


def test_values_in_wan_full_width_and_standard_words() -> None:
    parsed = parse_sample("values_wan_fullwidth.csv")
    assert parsed.issues == []
    assert values(parsed) == {("EMP-01-1", P, 6): 213000.0, ("ELD-02-1", P, 6): 1300.0, ("SOC-01-1", P, 6): 1.0}


def test_semicolon_and_csv_named_xlsx() -> None:
    assert values(parse_sample("semicolon.csv")) == {("CUL-03-1", P, 6): 120.0, ("CUL-03-4", P, 6): 3.0}
    assert records(parse_sample("csv_named.xlsx")) == [("CUL-03-4", P, 6, 3.0, 2, "C (累计完成)", False)]


@pytest.mark.parametrize(
    ("name", "rule", "row", "column", "shown", "kept"),
    [
        ("bad_percent_for_count.csv", "percent_for_count", 2, "D (累计完成)", "98%", 1),
        ("bad_not_a_number.csv", "not_a_number", 3, "D (累计完成)", "约三百", 1),
        ("bad_formula.csv", "formula", 4, "D (累计完成)", "=SUM(D2:D3)", 2),
        ("bad_negative.csv", "negative", 2, "D (累计完成)", "-5", 0),
        ("bad_unknown_indicator.csv", "unknown_indicator", 2, "A (指标编号)", "EMP-09-9", 1),
        ("bad_unknown_region.csv", "unknown_region", 3, "B (地区)", "大连市", 1),
        ("bad_month_2023.csv", "month_outside_year", 2, "C (月份)", "2023-12", 1),
        ("bad_duplicate_conflict.csv", "duplicate_conflict", 3, "D (累计完成)", "3,600", 1),
        ("bad_title_year.csv", "month_outside_year", 1, "A", "2023", 1),
    ],
)
def test_bad_samples_give_exactly_one_error(name: str, rule: str, row: int, column: str, shown: str, kept: int) -> None:
    parsed = parse_sample(name)
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.column, issue.severity) == (rule, row, column, Severity.ERROR)
    assert shown in issue.message_zh and shown in issue.message_en
    assert parsed.has_errors
    assert len(parsed.records) == kept  # the rest of the file is still read, so every problem shows at once


def test_no_month_sample() -> None:
    assert issues(parse_sample("bad_no_month.csv")) == [("no_month", None, None)]
    fixed = parse_sample("bad_no_month.csv", month=6)
    assert fixed.issues == [] and values(fixed) == {("CUL-03-1", P, 6): 150.0, ("CUL-03-2", P, 6): 20.0}


def test_header_only_and_no_columns_samples() -> None:
    header_only = parse_sample("header_only.csv")
    assert (issues(header_only), header_only.header_row, header_only.rows_read) == ([("empty_file", None, None)], 1, 0)
    no_columns = parse_sample("no_columns.csv")
    assert issues(no_columns) == [("no_columns", None, None)]
    assert "指标名称" in no_columns.issues[0].message_zh and "累计完成" in no_columns.issues[0].message_zh
    assert no_columns.header_row is None


# --- header detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["指标编号", "月份", "累计完成"],
        ["编号", "月", "累计"],
        ["指标代码", "时间", "完成数"],
        ["Indicator Code", "Period", "Value"],
        ["code", "month", "actual"],
        ["指标 编号", "月\n份", "累计完成（个）"],
        ["指标编号*", "统计月份", "截至6月底累计完成"],
        ["ＣＯＤＥ", "期间", "截至本月累计"],
    ],
)
def test_header_names_in_chinese_and_english(header: list[str]) -> None:
    parsed = parse(header, ["CUL-03-1", "2024-06", "150"])
    assert parsed.issues == [] and values(parsed) == {("CUL-03-1", P, 6): 150.0}
    assert parsed.records[0].column.startswith("C (")


@pytest.mark.parametrize("name", ["指标", "指标名称", "任务", "事项", "indicator", "Indicator name"])
def test_name_columns_accept_names_codes_and_english(name: str) -> None:
    parsed = parse(
        [name, "月份", "累计完成"],
        ["配建健身路径", 6, 150],
        ["CUL-03-2", 6, 20],
        ["Fitness squares built", 6, 3],
        ["建设笼式足球场（个）", 6, 5],
        ["EMP-02-1 建成规范性实体零工市场", 6, 31],
        ["全省新建改建合作助老餐厅和助餐点", 6, 1300],
        ["“送演出下基层”演出场次", 6, 900],
        ['"送演出下基层"演出场次', 7, 1000],
    )
    assert parsed.issues == []
    assert values(parsed) == {
        ("CUL-03-1", P, 6): 150.0,
        ("CUL-03-2", P, 6): 20.0,
        ("CUL-03-4", P, 6): 3.0,
        ("CUL-03-3", P, 6): 5.0,
        ("EMP-02-1", P, 6): 31.0,
        ("ELD-02-1", P, 6): 1300.0,
        ("CUL-02-1", P, 6): 900.0,
        ("CUL-02-1", P, 7): 1000.0,
    }


def test_ambiguous_name_is_unknown() -> None:
    parsed = parse(["指标", "月份", "累计完成"], ["建设健身广场和建设多功能运动场", 6, 1])
    assert issues(parsed) == [("unknown_indicator", 2, "A (指标)")]


def test_code_and_name_that_disagree_is_an_error_naming_both() -> None:
    parsed = parse(["指标编号", "指标名称", "月份", "累计完成"], ["CUL-03-1", "建设多功能运动场", 6, 1])
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.column) == ("unknown_indicator", 2, "A (指标编号)")
    assert "CUL-03-1" in issue.message_zh and "建设多功能运动场" in issue.message_zh


def test_row_numbers_in_the_code_column_fall_back_to_the_name() -> None:
    parsed = parse(
        ["编号", "指标名称", "月份", "累计完成"], [1, "配建健身路径", 6, 150], [2, "建设多功能运动场", 6, 20]
    )
    assert parsed.issues == [] and len(parsed.records) == 2


def test_other_columns_are_ignored() -> None:
    parsed = parse(
        ["序号", "指标名称", "单位", "目标值", "牵头单位", "完成率", "累计完成", "备注"],
        [1, "配建健身路径", "套", 200, "省体育局", "75%", 150, "按计划推进"],
    )
    assert issues(parsed) == [("no_month", None, None)]  # no month anywhere; with the form's month:
    parsed = parse(
        ["序号", "指标名称", "单位", "目标值", "牵头单位", "完成率", "累计完成", "备注"],
        [1, "配建健身路径", "套", 200, "省体育局", "75%", 150, "按计划推进"],
        month=6,
    )
    assert parsed.issues == []
    assert records(parsed) == [("CUL-03-1", P, 6, 150.0, 2, "G (累计完成)", False)]


def test_unit_column_is_the_region_only_when_it_holds_regions() -> None:
    as_region = parse(
        ["指标编号", "单位", "月份", "累计完成"], ["CUL-03-1", "长春市", 6, 10], ["CUL-03-1", "合计", 6, 30]
    )
    assert values(as_region) == {("CUL-03-1", "220100", 6): 10.0, ("CUL-03-1", P, 6): 30.0}
    as_unit = parse(["指标编号", "单位", "月份", "累计完成"], ["CUL-03-1", "套", 6, 10])
    assert values(as_unit) == {("CUL-03-1", P, 6): 10.0}


def test_note_rows_below_the_data_are_skipped_even_with_text_in_value_columns() -> None:
    parsed = parse(
        ["指标编号", "月份", "累计完成"],
        ["CUL-03-1", 6, 150],
        [None, None, None],
        ["注：1. 累计完成为截至月底数。", None, None],
        ["2. 数据来源：各市州上报。", None, "见附件"],
        ["填表人：张三", "审核人：李四", "联系电话：0431-1234567"],
        ["填报说明", None, None],
        ["CUL-03-2", 6, 20],  # a figure after the notes is still a figure
    )
    assert parsed.issues == []
    assert values(parsed) == {("CUL-03-1", P, 6): 150.0, ("CUL-03-2", P, 6): 20.0}
    assert parsed.rows_read == 2


def test_an_indicator_starting_like_a_note_word_is_not_a_note() -> None:
    plan = replace(PLAN, indicators=(replace(PLAN.indicators[0], name=Text("注册志愿者人数", "Volunteers")),))
    parsed = parse(["指标", "月份", "累计完成"], ["注册志愿者人数", 6, 5], plan=plan)
    assert values(parsed) == {("EMP-01-1", P, 6): 5.0}


def test_section_headings_and_empty_value_rows_are_not_errors() -> None:
    parsed = parse(
        ["指标名称", "月份", "累计完成"],
        ["一、就业创业", None, None],
        ["征集推送岗位", 6, 213000],
        ["建成规范性实体零工市场", 6, None],
    )
    assert parsed.issues == [] and values(parsed) == {("EMP-01-1", P, 6): 213000.0}
    assert parsed.rows_read == 3


def test_column_number_row_and_repeated_header_are_skipped() -> None:
    parsed = parse(
        ["指标名称", "月份", "累计完成"],
        ["甲", "1", "2"],
        ["配建健身路径", 6, 150],
        ["指标名称", "月份", "累计完成"],
        ["建设多功能运动场", 6, 20],
    )
    assert parsed.issues == [] and len(parsed.records) == 2


def test_total_row_of_a_province_sheet_is_skipped() -> None:
    parsed = parse(["序号", "指标名称", "月份", "累计完成"], [1, "配建健身路径", 6, 150], ["合计", None, None, 150])
    assert parsed.issues == [] and len(parsed.records) == 1 and parsed.rows_read == 1


def test_total_row_without_indicator_in_a_regional_sheet_is_an_error() -> None:
    parsed = parse(["指标名称", "地区", "月份", "累计完成"], ["配建健身路径", "长春市", 6, 10], ["合计", None, 6, 10])
    issue = only_issue(parsed)
    assert (issue.rule, issue.row) == ("unknown_indicator", 3)
    assert "合计" in issue.message_zh


def test_best_header_wins_over_title_rows() -> None:
    parsed = parse(
        ["2024年民生实事累计完成情况表", None, None],
        ["单位：个", None, "填报日期：2024年7月5日"],
        ["指标编号", "月份", "累计完成"],
        ["CUL-03-1", 6, 150],
    )
    assert (parsed.header_row, parsed.issues) == (3, [])


def test_header_beyond_the_scan_window_is_not_found() -> None:
    rows = [["说明"]] * 30 + [["指标编号", "月份", "累计完成"], ["CUL-03-1", 6, 150]]
    assert issues(parse(*rows)) == [("no_columns", None, None)]
    assert parse(*rows[1:]).header_row == 30


def test_no_columns_names_what_was_found() -> None:
    parsed = parse(["指标名称", "单位", "备注"], ["配建健身路径", "套", None])
    issue = only_issue(parsed)
    assert (issue.rule, issue.row) == ("no_columns", 1)
    assert "指标名称" in issue.message_zh and "Row 1 has only: 指标名称" in issue.message_en


def test_two_row_header_with_vertically_merged_labels() -> None:
    parsed = parse(
        ["指标名称", "完成情况", None],
        [None, "本月完成", "累计完成"],
        ["配建健身路径", 20, 150],
        month=6,
    )
    assert parsed.header_row == 2 and parsed.issues == []
    assert records(parsed) == [("CUL-03-1", P, 6, 150.0, 3, "C (累计完成)", False)]


def test_empty_grid() -> None:
    assert issues(parse()) == [("empty_file", None, None)]
    assert issues(parse([None, " "], [None, None])) == [("empty_file", None, None)]


def test_all_values_empty_is_empty_file() -> None:
    parsed = parse(["指标编号", "月份", "累计完成"], ["CUL-03-1", 6, None])
    assert issues(parsed) == [("empty_file", None, None)] and parsed.rows_read == 1


# --- months ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (6, (None, 6)),
        (6.0, (None, 6)),
        ("6", (None, 6)),
        ("06", (None, 6)),
        ("6月", (None, 6)),
        ("6月份", (None, 6)),
        ("六月", (None, 6)),
        ("十二月", (None, 12)),
        ("十月", (None, 10)),
        ("2024-06", (2024, 6)),
        ("2024-6", (2024, 6)),
        ("2024/6", (2024, 6)),
        ("2024.06", (2024, 6)),
        ("2024-06-30", (2024, 6)),
        ("2024年6月", (2024, 6)),
        ("2024年6月底", (2024, 6)),
        ("２０２４年６月", (2024, 6)),
        ("202406", (2024, 6)),
        (202406, (2024, 6)),
        ("1-6月", (None, 6)),
        ("2024年1-6月", (2024, 6)),
        ("Jun", (None, 6)),
        ("June", (None, 6)),
        (2024.06, (2024, 6)),
        (2024.6, (2024, 6)),
        (2024.12, (2024, 12)),
        (2024.1, None),  # January or October: Excel stores 2024.10 as 2024.1
        (date(2024, 6, 1), (2024, 6)),
        (datetime(2023, 12, 31, 8, 0), (2023, 12)),
        ("13", (None, 13)),
        ("六", None),
        ("上半年", None),
        (True, None),
        ("", None),
    ],
)
def test_parse_month(cell, expected) -> None:
    assert parse_month(cell) == expected


@pytest.mark.parametrize(
    ("cell", "rule"), [("2023-12", "month_outside_year"), ("13", "bad_month"), ("上半年", "bad_month")]
)
def test_bad_month_cells(cell: str, rule: str) -> None:
    parsed = parse(["指标编号", "月份", "累计完成"], ["CUL-03-1", cell, 1], ["CUL-03-1", "2024-07", 2])
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.column) == (rule, 2, "B (月份)")
    assert cell in issue.message_zh and cell in issue.message_en
    assert values(parsed) == {("CUL-03-1", P, 7): 2.0}


def test_empty_month_cell_takes_the_default_or_is_an_error() -> None:
    rows = (["指标编号", "月份", "累计完成"], ["CUL-03-1", None, 1])
    assert values(parse(*rows, month=5)) == {("CUL-03-1", P, 5): 1.0}
    assert issues(parse(*rows)) == [("no_month", 2, "B (月份)")]


def test_month_column_wins_over_the_form_month_and_title() -> None:
    parsed = parse(["截至6月底", None, None], ["指标编号", "月份", "累计完成"], ["CUL-03-1", "2024-04", 1], month=7)
    assert parsed.issues == [] and values(parsed) == {("CUL-03-1", P, 4): 1.0}


@pytest.mark.parametrize(
    ("title", "month"),
    [
        ("2024年民生实事进展统计表（截至6月底）", 6),
        ("截至2024年5月底全省民生实事完成情况", 5),
        ("民生实事进展（截止六月末）", 6),
        ("2024年1-9月民生实事进展", 9),
        ("2024年1至9月民生实事进展", 9),
        ("2024年10月民生实事进展", 10),
        ("民生实事进展（1—11月）", 11),
    ],
)
def test_title_states_the_month(title: str, month: int) -> None:
    parsed = parse([title, None], ["指标编号", "累计完成"], ["CUL-03-1", 1])
    assert parsed.issues == [] and values(parsed) == {("CUL-03-1", P, month): 1.0}


def test_fill_in_date_above_the_header_is_not_the_month() -> None:
    parsed = parse(["填报日期：2024年7月5日", None], ["指标编号", "累计完成"], ["CUL-03-1", 1])
    assert issues(parsed) == [("no_month", None, None)]


def test_title_of_another_year_is_an_error_even_in_a_wide_sheet() -> None:
    parsed = parse(["2023年民生实事进展", None], ["指标编号", "1月"], ["CUL-03-1", 1])
    assert issues(parsed) == [("month_outside_year", 1, "A")]


def test_form_month_out_of_range() -> None:
    parsed = parse(["指标编号", "累计完成"], ["CUL-03-1", 1], month=13)
    assert [i.rule for i in parsed.issues] == ["bad_month", "no_month"]


# --- wide layout -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heads",
    [
        ["1月", "2月", "3月"],
        ["一月", "二月", "三月"],
        ["2024-01", "2024-02", "2024-03"],
        ["2024年1月", "2024年2月", "2024年3月"],
        ["Jan", "Feb", "Mar"],
        ["January", "February", "March"],
        ["1月份", "2月底", "截至3月底"],
        ["1月累计", "2月（累计）", "3月末累计"],
        [datetime(2024, 1, 1), datetime(2024, 2, 1), date(2024, 3, 1)],
        ["截至1月底累计完成", "截至2月底累计完成", "截至3月底累计"],
    ],
)
def test_wide_month_headers(heads: list) -> None:
    parsed = parse(["指标编号", *heads], ["CUL-03-1", 10, 20, 30])
    assert parsed.layout == "wide" and parsed.issues == []
    assert values(parsed) == {("CUL-03-1", P, 1): 10.0, ("CUL-03-1", P, 2): 20.0, ("CUL-03-1", P, 3): 30.0}
    assert not any(r.increment for r in parsed.records)


@pytest.mark.parametrize("heads", [["1月新增", "2月新增", "3月新增"], ["1月(当月)", "2月(当月)", "3月(当月)"]])
def test_wide_increment_headers(heads: list[str]) -> None:
    parsed = parse(["指标编号", *heads], ["CUL-03-1", 10, 20, 30])
    assert values(parsed) == {("CUL-03-1", P, 1): 10.0, ("CUL-03-1", P, 2): 30.0, ("CUL-03-1", P, 3): 60.0}
    assert all(r.increment for r in parsed.records)


def test_month_led_labels_are_never_guessed_into_value_columns() -> None:
    parsed = parse(["指标编号", "6月目标", "1-6月累计完成"], ["CUL-03-1", 100, 150], month=6)
    assert parsed.issues == [] and records(parsed) == [("CUL-03-1", P, 6, 150.0, 2, "C (1-6月累计完成)", False)]


def test_wide_sheet_ignores_the_form_month() -> None:
    parsed = parse(["截至6月底", None], ["指标编号", "1月"], ["CUL-03-1", 10], month=9)
    assert parsed.issues == [] and values(parsed) == {("CUL-03-1", P, 1): 10.0}


def test_unrecognised_month_suffix_is_not_a_month_column() -> None:
    parsed = parse(["指标编号", "1月完成", "2月完成"], ["CUL-03-1", 10, 20])
    assert issues(parsed) == [("no_columns", 1, None)]  # row 1 has the indicator column, nothing to read
    assert "Row 1 has only: 指标编号." in parsed.issues[0].message_en


def test_wide_regional_with_total_row() -> None:
    parsed = parse(
        ["指标名称", "地区", "1月", "2月"],
        ["配建健身路径", "长春市", 5, 9],
        ["配建健身路径", "延边州", 1, 2],
        ["配建健身路径", "全省", 10, 20],
    )
    assert parsed.issues == []
    assert values(parsed) == {
        ("CUL-03-1", "220100", 1): 5.0,
        ("CUL-03-1", "220100", 2): 9.0,
        ("CUL-03-1", "222400", 1): 1.0,
        ("CUL-03-1", "222400", 2): 2.0,
        ("CUL-03-1", P, 1): 10.0,
        ("CUL-03-1", P, 2): 20.0,
    }


def test_wide_column_of_another_year_is_an_error_only_if_it_holds_values() -> None:
    empty = parse(["指标编号", "2023-12", "2024-01"], ["CUL-03-1", None, 10])
    assert empty.issues == [] and values(empty) == {("CUL-03-1", P, 1): 10.0}
    filled = parse(["指标编号", "2023-12", "2024-01"], ["CUL-03-1", 8, 10])
    assert issues(filled) == [("month_outside_year", 1, "B (2023-12)")]


def test_wide_merged_regions_in_xlsx_fill_down() -> None:
    def build(sheet) -> None:
        sheet.append(["指标名称", "地区", "1月", "2月"])
        sheet.append(["配建健身路径", "长春市", 5, 9])
        sheet.append([None, "吉林市", 1, 2])
        sheet.append([None, "合计", 10, 20])
        sheet.merge_cells("A2:A4")

    parsed = parse_figures(xlsx_grid(build), PLAN)
    assert parsed.issues == []
    assert values(parsed)[("CUL-03-1", "220200", 2)] == 2.0
    assert values(parsed)[("CUL-03-1", P, 2)] == 20.0


def test_blank_indicator_in_csv_is_an_error_not_a_guess() -> None:
    parsed = parse(["指标名称", "地区", "1月"], ["配建健身路径", "长春市", 5], [None, "吉林市", 1])
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.column) == ("unknown_indicator", 3, "A (指标名称)")


# --- values ----------------------------------------------------------------------------------


def one_value(cell, code: str = "CUL-03-1", plan=PLAN) -> ParsedUpload:
    return parse(["指标编号", "月份", "累计完成"], [code, 6, cell], plan=plan)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (1300, 1300.0),
        (1300.5, 1300.5),
        ("1300", 1300.0),
        ("1,300", 1300.0),
        ("１，３００", 1300.0),
        ("１３００", 1300.0),
        ("21.3万", 213000.0),
        ("0.5亿", 50000000.0),
        (" 98.5 ", 98.5),
        ("1 300", 1300.0),
        ("0", 0.0),
    ],
)
def test_values(cell, value: float) -> None:
    parsed = one_value(cell)
    assert parsed.issues == [] and values(parsed) == {("CUL-03-1", P, 6): value}


@pytest.mark.parametrize(
    ("cell", "rule"),
    [
        ("约三百", "not_a_number"),
        ("N/A", "not_a_number"),
        ("#DIV/0!", "not_a_number"),
        ("1,30", "not_a_number"),
        ("1e5", "not_a_number"),
        (True, "not_a_number"),
        (datetime(2024, 6, 1), "not_a_number"),
        (float("nan"), "not_a_number"),
        ("=SUM(B2:B3)", "formula"),
        ("＝A1", "formula"),
        ("-5", "negative"),
        (-0.5, "negative"),
        ("98%", "percent_for_count"),
    ],
)
def test_bad_values(cell, rule: str) -> None:
    issue = only_issue(one_value(cell))
    assert (issue.rule, issue.row, issue.column) == (rule, 2, "C (累计完成)")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("是", 1.0), ("否", 0.0), ("达标", 1.0), ("未达标", 0.0), ("不达标", 0.0), (1, 1.0), ("0", 0.0), (True, 1.0)],
)
def test_standard_indicator_values(cell, value: float) -> None:
    parsed = one_value(cell, "SOC-01-1")
    assert parsed.issues == [] and values(parsed) == {("SOC-01-1", P, 6): value}


@pytest.mark.parametrize("cell", [2, "部分达标", "50%"])
def test_standard_indicator_rejects_other_values(cell) -> None:
    rule = only_issue(one_value(cell, "SOC-01-1")).rule
    assert rule == ("percent_for_count" if cell == "50%" else "not_a_number")


RATE_PLAN = replace(
    PLAN,
    indicators=(
        *PLAN.indicators,
        replace(
            PLAN.indicator("HEA-01-1"),
            code="HEA-09-1",
            name=Text("孕产妇系统管理率", "Maternal care rate"),
            kind=Kind.RATE,
            target=95.0,
            unit=Text("%", "%"),
        ),
    ),
)


@pytest.mark.parametrize(("cell", "value"), [("98%", 98.0), ("98", 98.0), (97.5, 97.5), ("９８％", 98.0)])
def test_rate_indicator_accepts_percentages(cell, value: float) -> None:
    parsed = one_value(cell, "HEA-09-1", RATE_PLAN)
    assert parsed.issues == [] and values(parsed) == {("HEA-09-1", P, 6): value}


def test_values_in_messages_and_both_languages() -> None:
    parsed = parse(
        ["指标编号", "地区", "月份", "累计完成"],
        ["XYZ-1", "长春市", 6, 1],
        ["CUL-03-1", "火星", 6, 1],
        ["CUL-03-1", "长春市", "2023-05", 1],
        ["CUL-03-1", "长春市", 6, "约三百"],
        ["CUL-03-1", "长春市", 7, "=A1"],
        ["CUL-03-1", "长春市", 8, "-3"],
        ["ELD-02-1", "长春市", 6, "5%"],
    )
    assert [i.rule for i in parsed.issues] == [
        "unknown_indicator",
        "unknown_region",
        "month_outside_year",
        "not_a_number",
        "formula",
        "negative",
        "percent_for_count",
    ]
    for issue, shown in zip(parsed.issues, ["XYZ-1", "火星", "2023-05", "约三百", "=A1", "-3", "5%"], strict=True):
        assert shown in issue.message_zh and shown in issue.message_en
        assert issue.message_zh != issue.message_en
        assert issue.severity is Severity.ERROR and issue.rule in ERROR_RULES


def test_empty_region_in_a_regional_sheet() -> None:
    parsed = parse(["指标编号", "地区", "月份", "累计完成"], ["CUL-03-1", None, 6, 1])
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.column) == ("unknown_region", 2, "B (地区)")


def test_region_codes_and_aliases() -> None:
    parsed = parse(
        ["指标编号", "地市", "月份", "累计完成"],
        ["CUL-03-1", 220100, 6, 1],
        ["CUL-03-1", "延边朝鲜族自治州", 6, 2],
        ["CUL-03-1", "长白山管委会", 6, 3],
        ["CUL-03-1", "全省合计", 6, 6],
    )
    assert parsed.issues == []
    assert set(values(parsed)) == {("CUL-03-1", r, 6) for r in ("220100", "222400", "CBS", P)}


# --- duplicates and increments ---------------------------------------------------------------


def test_same_value_twice_is_kept_once() -> None:
    parsed = parse(["指标编号", "月份", "累计完成"], ["CUL-03-1", 6, 150], ["CUL-03-1", "2024-06", "150"])
    assert parsed.issues == [] and records(parsed) == [("CUL-03-1", P, 6, 150.0, 2, "C (累计完成)", False)]


def test_cumulative_and_increment_columns_that_agree_or_not() -> None:
    head = ["指标编号", "月份", "累计完成", "本月完成"]
    agree = parse(head, ["CUL-03-1", 5, 100, None], ["CUL-03-1", 6, 150, 50])
    assert agree.issues == [] and values(agree) == {("CUL-03-1", P, 5): 100.0, ("CUL-03-1", P, 6): 150.0}
    disagree = parse(head, ["CUL-03-1", 5, 100, None], ["CUL-03-1", 6, 150, 60])
    assert issues(disagree) == [("duplicate_conflict", 3, "D (本月完成)")]


def test_increments_use_earlier_months_of_the_upload_in_any_row_order() -> None:
    parsed = parse(["指标编号", "月份", "本月完成"], ["CUL-03-1", 3, 5], ["CUL-03-1", 1, 10], ["CUL-03-1", 2, 20])
    assert parsed.issues == []
    assert values(parsed) == {("CUL-03-1", P, 1): 10.0, ("CUL-03-1", P, 2): 30.0, ("CUL-03-1", P, 3): 35.0}
    assert [r.row for r in parsed.records] == [2, 3, 4]


def test_increment_base_from_the_upload_beats_previous() -> None:
    parsed = parse(
        ["指标编号", "月份", "累计完成", "本月完成"],
        ["CUL-03-1", 5, 100, None],
        ["CUL-03-1", 6, None, 7],
        previous={("CUL-03-1", P, 5): 90.0},
    )
    assert values(parsed)[("CUL-03-1", P, 6)] == 107.0


def test_increment_base_is_per_region() -> None:
    parsed = parse(
        ["指标编号", "地区", "月份", "本月完成"],
        ["CUL-03-1", "长春市", 4, 3],
        ["CUL-03-1", "吉林市", 4, 5],
        previous={("CUL-03-1", "220100", 3): 10.0},
    )
    assert values(parsed) == {("CUL-03-1", "220100", 4): 13.0}
    assert issues(parsed) == [("increment_without_base", 3, "D (本月完成)")]


def test_increment_after_a_bad_month_does_not_pile_up_errors() -> None:
    parsed = parse(["指标编号", "月份", "本月完成"], ["CUL-03-1", 1, "约十"], ["CUL-03-1", 2, 20])
    assert issues(parsed) == [("not_a_number", 2, "C (本月完成)")]


def test_increments_of_a_level_indicator_are_the_level() -> None:
    parsed = parse(["指标编号", "月份", "本月完成"], ["SOC-01-1", 6, "是"])
    assert parsed.issues == [] and records(parsed) == [("SOC-01-1", P, 6, 1.0, 2, "C (本月完成)", False)]


def test_increment_sums_do_not_accumulate_float_noise() -> None:
    parsed = parse(["指标编号", "月份", "本月完成"], ["CUL-03-1", 1, 0.1], ["CUL-03-1", 2, 0.2])
    assert values(parsed)[("CUL-03-1", P, 2)] == 0.3


# --- plausibility against history ------------------------------------------------------------


def rec(code: str, month: int, value: float, region: str = P, row: int = 2) -> FigureRecord:
    return FigureRecord(code, region, month, value, row, "C (累计完成)")


def test_below_previous_against_stored_and_within_the_upload() -> None:
    warned = check_against_history([rec("CUL-03-1", 6, 90)], PLAN, {("CUL-03-1", P, 5): 100.0})
    assert issues(warned) == [("below_previous", 2, "C (累计完成)")]
    assert warned[0].severity is Severity.WARNING and "100" in warned[0].message_zh and "90" in warned[0].message_en
    within = check_against_history([rec("CUL-03-1", 5, 100), rec("CUL-03-1", 6, 90, row=3)], PLAN, {})
    assert issues(within) == [("below_previous", 3, "C (累计完成)")]
    gap = check_against_history([rec("CUL-03-1", 6, 90)], PLAN, {("CUL-03-1", P, 3): 100.0})
    assert [i.rule for i in gap] == ["below_previous"]


def test_upload_takes_precedence_over_stored() -> None:
    stored = {("CUL-03-1", P, 5): 100.0}
    assert check_against_history([rec("CUL-03-1", 5, 80), rec("CUL-03-1", 6, 90)], PLAN, stored) == []


def test_a_correction_above_a_later_stored_month_is_flagged() -> None:
    warned = check_against_history([rec("CUL-03-1", 5, 120)], PLAN, {("CUL-03-1", P, 6): 110.0})
    assert [i.rule for i in warned] == ["below_previous"]


def test_below_previous_is_for_cumulative_kinds_only() -> None:
    assert check_against_history([rec("SOC-01-1", 6, 0)], PLAN, {("SOC-01-1", P, 5): 1.0}) == []


def test_other_regions_are_separate_series() -> None:
    assert check_against_history([rec("CUL-03-1", 6, 10, region="220100")], PLAN, {("CUL-03-1", P, 5): 100.0}) == []


def test_above_twice_target_only_for_the_province() -> None:
    target = PLAN.indicator("CUL-03-1").target  # 200
    assert [i.rule for i in check_against_history([rec("CUL-03-1", 6, 2 * target + 1)], PLAN)] == ["above_twice_target"]
    assert check_against_history([rec("CUL-03-1", 6, 2 * target)], PLAN) == []
    assert check_against_history([rec("CUL-03-1", 6, 2 * target + 1, region="220100")], PLAN) == []
    assert check_against_history([rec("SOC-05-1", 6, 9000)], PLAN) == []  # an amount per person


def test_jump() -> None:
    stored = {("CUL-03-1", P, 1): 10.0, ("CUL-03-1", P, 2): 20.0}  # monthly rises 10 and 10; target 200
    assert [i.rule for i in check_against_history([rec("CUL-03-1", 3, 51)], PLAN, stored)] == ["jump"]
    assert check_against_history([rec("CUL-03-1", 3, 50)], PLAN, stored) == []  # exactly 3×: not more
    small = {("CUL-03-1", P, 1): 1.0, ("CUL-03-1", P, 2): 2.0}
    assert check_against_history([rec("CUL-03-1", 3, 20)], PLAN, small) == []  # 18 is not over 10% of 200
    one_month = {("CUL-03-1", P, 2): 20.0}
    assert check_against_history([rec("CUL-03-1", 3, 150)], PLAN, one_month) == []  # needs two earlier months


def test_jump_uses_the_upload_months_too() -> None:
    upload = [rec("CUL-03-1", 1, 10), rec("CUL-03-1", 2, 20, row=3), rec("CUL-03-1", 3, 100, row=4)]
    assert issues(check_against_history(upload, PLAN, {})) == [("jump", 4, "C (累计完成)")]


def test_history_checks_on_the_samples() -> None:
    parsed = parse_sample("wide_months.xlsx")
    assert check_against_history(parsed.records, PLAN, {}) == []
    stored = {("ELD-02-1", P, 6): 1000.0, ("ELD-02-1", P, 7): 1005.0}
    assert issues(check_against_history(parsed.records, PLAN, stored)) == [("below_previous", 2, "I (6月)")]


# --- numbers (targets.numbers, reused here) ---------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_round_trips_grouped_and_full_width(n: int) -> None:
    assert parse_number(f"{n:,}").value == n
    assert parse_number(f"{n:,}".translate(FULL_WIDTH)).value == n
    assert parse_number(str(n).translate(FULL_WIDTH)).value == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=4))
def test_parse_number_round_trips_wan(n: int, places: int) -> None:
    text = f"{Decimal(n) / 10**places}万"
    assert parse_number(text).value == float(Decimal(n) / 10**places * 10_000)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_round_trips_percent(d: Decimal) -> None:
    number = parse_number(f"{d}%")
    assert number.percent and number.value == float(d)


def test_parse_number_refuses_overflow_and_normalises_negative_zero() -> None:
    with pytest.raises(NotANumber):
        parse_number("9" * 400)
    assert str(parse_number("-0").value) == "0.0"


def test_parse_yes_no_knows_bu_dabiao() -> None:
    assert (parse_yes_no("不达标"), parse_yes_no("达到"), parse_yes_no("未达到")) == (0.0, 1.0, 0.0)


# --- properties of the parser ----------------------------------------------------------------

GOOD = [
    ["指标编号", "地区", "月份", "累计完成"],
    ["CUL-03-1", "长春市", "2024-05", 100],
    ["CUL-03-1", "合计", "2024-06", "1,300"],
    ["EMP-01-1", "延边州", 6, "21.3万"],
]
TITLE_CELL = st.text(alphabet="2024年民生实事进展统计表吉林省（）截至底单位：说明 ", max_size=20)


@settings(max_examples=100, deadline=None)
@given(
    prefix=st.lists(
        st.one_of(st.just([None] * 4), st.tuples(TITLE_CELL, st.none(), st.none(), st.none()).map(list)), max_size=8
    )
)
def test_header_detection_is_stable_under_title_and_blank_rows(prefix: list[list]) -> None:
    base = parse(*GOOD)
    shifted = parse(*prefix, *GOOD)
    k = len(prefix)
    assert shifted.header_row == base.header_row + k
    assert [(r.key, r.value, r.row - k, r.column) for r in shifted.records] == [
        (r.key, r.value, r.row, r.column) for r in base.records
    ]
    assert all(i.rule == "month_outside_year" for i in shifted.issues)  # only a title naming another year


VOCABULARY = [
    "指标编号",
    "指标名称",
    "地区",
    "单位",
    "月份",
    "累计完成",
    "本月完成",
    "1月",
    "二月",
    "2024-03",
    "合计",
    "全省",
    "长春市",
    "CUL-03-1",
    "SOC-01-1",
    "配建健身路径",
    "注：",
    "甲",
    "=A1",
    "98%",
    "21.3万",
    "约三百",
    "是",
    "2023-12",
    "截至6月底",
    "",
    " ",
]
CELL = st.one_of(
    st.none(),
    st.sampled_from(VOCABULARY),
    st.integers(min_value=-10, max_value=300_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL, max_size=7), max_size=12),
    month=st.one_of(st.none(), st.integers(min_value=-1, max_value=14)),
    merged=st.lists(st.tuples(*[st.integers(min_value=-1, max_value=12)] * 4), max_size=3),
)
def test_any_grid_gives_issues_never_an_exception(rows: list[list], month: int | None, merged: list) -> None:
    parsed = parse_figures(Grid(rows, "csv", merged=tuple(merged)), PLAN, month=month)
    assert parsed.layout in ("long", "wide")
    assert all(i.rule in ERROR_RULES and i.severity is Severity.ERROR for i in parsed.issues)
    keys = [r.key for r in parsed.records]
    assert len(keys) == len(set(keys))  # one record per (indicator, region, month)
    for record in parsed.records:
        assert 1 <= record.month <= 12 and record.value >= 0 and record.row >= 1
    if not parsed.has_errors:
        assert parsed.records
    check_against_history(parsed.records, PLAN, {})


# --- a large sheet (its speed is measured in bench/, not asserted here) -------------------------


def test_a_hundred_thousand_rows_are_read_whole() -> None:
    codes = [i.code for i in PLAN.indicators if i.kind is Kind.COUNT]
    regions = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "长白山"]
    lines = ["指标编号,指标名称,地区,月份,累计完成,备注"]
    names = {i.code: i.name.zh for i in PLAN.indicators}
    while len(lines) <= 100_000:
        lines += [
            f'{c},{names[c]},{r},2024-{m:02d},"{m * 1000:,}",' for c in codes for r in regions for m in range(1, 13)
        ]
    data = "\n".join(lines[:100_001]).encode()
    parsed = parse_figures(read_grid(data), PLAN)
    assert parsed.rows_read == 100_000 and parsed.issues == []
    assert len(parsed.records) == len(codes) * len(regions) * 12


HEADERS = [
    ["指标编号", "地区", "月份", "累计完成", "本月完成"],
    ["指标名称", "单位", "1月", "2月新增", "2024-03"],
    ["编号", "指标", "月份", "本月完成"],
    ["indicator", "region", "Jan", "Feb", "Mar"],
]


DATA_CELL = CELL.filter(lambda cell: recognise_header(cell) is None)  # so the header stays the best header row


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(DATA_CELL, min_size=5, max_size=5), min_size=1, max_size=10),
    previous=st.dictionaries(
        st.tuples(st.sampled_from(["CUL-03-1", "SOC-01-1"]), st.sampled_from([P, "220100"]), st.integers(1, 12)),
        st.floats(min_value=0, max_value=1e6),
        max_size=4,
    ),
)
def test_any_rows_under_a_real_header_never_raise(header: list[str], rows: list[list], previous: dict) -> None:
    parsed = parse_figures(Grid([header, *rows], "csv"), PLAN, month=6, previous=previous)
    assert parsed.header_row == 1
    assert all(i.row is None or 1 <= i.row <= len(rows) + 1 for i in parsed.issues)
    assert all(r.row >= 2 and r.column[0].isalpha() for r in parsed.records)
    check_against_history(parsed.records, PLAN, previous)


# --- one reading of a long sheet: every kind of row, the fast ones and those with problems -------------


VARIED_LONG_SHEET = [
    ["2024年1-6月民生实事进度表（截至6月底）", None, None, None, None, None],
    ["指标编号", "指标名称", "地区", "月份", "累计完成", "本月完成"],
    ["甲", "乙", "丙", "丁", "1", "2"],
    ["EMP-01-1", "征集推送岗位", "长春市", "2024-06", "1300", None],
    ["EMP-01-1", None, "吉林市", 6, 1_300, None],
    ["EMP-01-1", None, "四平", 6.0, "1,300", None],
    ["EMP-01-1", None, "辽源市", "六月", "１３００", None],  # full-width digits
    ["EMP-01-1", None, "合计", "2024年6月", "2.1万", None],  # 万
    ["EMP-01-1", None, "全省", "2024-06", "21000", None],  # the same figure again, the same value
    ["EMP-02-1", None, "合计", "2024-06", "98%", None],  # a percentage for a count
    ["EMP-02-1", None, "长春市", "2024-05", "10", None],
    ["EMP-02-1", None, "长春市", "2024-06", None, "5"],  # an increment on May
    ["EMP-02-1", None, "吉林市", "2024-06", None, "5"],  # an increment without a base
    ["EMP-02-1", None, "四平市", "2024-06", "12", "2"],  # both for one month
    ["EMP-02-1", None, "辽源市", "2024-06", "12", None],
    ["EMP-02-1", None, "辽源市", "2024-06", "13", None],  # a conflicting duplicate
    ["SOC-01-1", None, "合计", "2024-06", "是", None],
    ["SOC-01-1", None, "长春市", "2024-06", "1", None],
    ["SOC-01-1", None, "吉林市", "2024-06", "2", None],  # not 0 or 1
    ["SOC-02-1", "困难重度残疾人家庭无障碍改造", "长春市", "2024-06", "7", None],  # code and name differ
    ["XYZ-99-9", None, "长春市", "2024-06", "7", None],  # unknown indicator
    ["SOC-02-1", None, "火星市", "2024-06", "7", None],  # unknown region
    ["SOC-02-1", None, "长春市", "2024-13", "7", None],  # bad month
    ["SOC-02-1", None, "长春市", "2023-06", "7", None],  # another year
    ["SOC-02-1", None, "吉林市", None, "7", None],  # no month: the title's
    ["SOC-02-1", None, "四平市", "2024-06", "-7", None],  # negative
    ["SOC-02-1", None, "辽源市", "2024-06", "=SUM(E4:E5)", None],  # formula text
    ["SOC-02-1", None, "通化市", "2024-06", "many", None],  # not a number
    ["SOC-02-1", None, "白山市", "2024-06", True, None],
    ["SOC-02-1", None, "松原市", "2024-06", float("nan"), None],
    ["SOC-02-1", None, "白城市", "2024-06", None, None],  # no value at all
    [None, "救助恶性肿瘤、血友病、白内障、股骨头坏死等疾病困难患者", "长春市", "2024-06", "9", None],  # column A empty
    ["SOC-04-1", None, "长春市", "2024-06", "  ", None],
    [None, None, None, None, None, None],
    ["合计", None, "合计", "2024-06", "999", None],  # a sum over indicators
    ["指标编号", "指标名称", "地区", "月份", "累计完成", "本月完成"],  # the header repeated
    ["SOC-04-1", None, "吉林市", "2024-06", 1.5, None],
    ["注：本表由各市州填报。", None, None, None, None, None],
    ["NOTE-1", None, None, None, "5", None],  # below a note
    ["EDU-01-1", None, "长春市", "2024-06", "3", None],  # data again after the notes
]
VARIED_ISSUES = [
    ("percent_for_count", 10, "E (累计完成)"),
    ("increment_without_base", 13, "F (本月完成)"),
    ("duplicate_conflict", 16, "E (累计完成)"),
    ("not_a_number", 19, "E (累计完成)"),
    ("unknown_indicator", 20, "A (指标编号)"),
    ("unknown_indicator", 21, "A (指标编号)"),
    ("unknown_region", 22, "C (地区)"),
    ("bad_month", 23, "D (月份)"),
    ("month_outside_year", 24, "D (月份)"),
    ("negative", 26, "E (累计完成)"),
    ("formula", 27, "E (累计完成)"),
    ("not_a_number", 28, "E (累计完成)"),
    ("not_a_number", 29, "E (累计完成)"),
    ("not_a_number", 30, "E (累计完成)"),
]


def varied_records(title_month: int) -> list[tuple]:
    E, F = "E (累计完成)", "F (本月完成)"
    return [
        ("EMP-01-1", "220100", 6, 1300.0, 4, E, False),
        ("EMP-01-1", "220200", 6, 1300.0, 5, E, False),
        ("EMP-01-1", "220300", 6, 1300.0, 6, E, False),
        ("EMP-01-1", "220400", 6, 1300.0, 7, E, False),
        ("EMP-01-1", P, 6, 21000.0, 8, E, False),
        ("EMP-02-1", "220100", 5, 10.0, 11, E, False),
        ("EMP-02-1", "220100", 6, 15.0, 12, F, True),
        ("EMP-02-1", "220300", 6, 12.0, 14, E, False),
        ("EMP-02-1", "220400", 6, 12.0, 15, E, False),
        ("SOC-01-1", P, 6, 1.0, 17, E, False),
        ("SOC-01-1", "220100", 6, 1.0, 18, E, False),
        ("SOC-02-1", "220200", title_month, 7.0, 25, E, False),
        ("SOC-04-1", "220100", 6, 9.0, 32, E, False),
        ("SOC-04-1", "220200", 6, 1.5, 37, E, False),
        ("EDU-01-1", "220100", 6, 3.0, 40, E, False),
    ]


@pytest.mark.parametrize(("month", "row_25_month"), [(None, 6), (6, 6), (7, 7)])
def test_every_kind_of_row_in_one_long_sheet(month: int | None, row_25_month: int) -> None:
    """Plain rows, rows with each problem, notes, a 栏次 row, a repeated header and a sum over indicators.

    The sheet has a month column, so the form's month only fills row 25's empty month cell.
    """
    previous = {("EMP-02-1", "220100", 5): 8.0, ("EMP-02-1", "220200", 4): 3.0}
    parsed = parse(*VARIED_LONG_SHEET, month=month, previous=previous)
    assert (parsed.layout, parsed.rows_read, parsed.header_row) == ("long", 32, 2)
    assert issues(parsed) == VARIED_ISSUES
    assert records(parsed) == varied_records(row_25_month)


def test_merged_cells_and_ragged_rows_in_a_long_sheet() -> None:
    rows = [row[:] for row in VARIED_LONG_SHEET[1:]]
    rows[5] = rows[5][:4]  # a short row: its value cells are empty
    parsed = parse_figures(grid(*rows, merged=((2, 0, 6, 0), (8, 2, 9, 2))), PLAN)
    assert (parsed.rows_read, parsed.header_row) == (32, 1)
    # Rows 3-7 take EMP-01-1 down column A; rows 9-10 take 合计 down column C; row 24 has no month at all.
    assert issues(parsed) == [(rule, row - 1, column) for rule, row, column in VARIED_ISSUES[:9] if row != 25] + [
        ("no_month", 24, "D (月份)")
    ] + [(rule, row - 1, column) for rule, row, column in VARIED_ISSUES[9:]]
    assert [r[:5] for r in records(parsed)][:4] == [
        ("EMP-01-1", "220100", 6, 1300.0, 3),
        ("EMP-01-1", "220200", 6, 1300.0, 4),
        ("EMP-01-1", "220300", 6, 1300.0, 5),
        ("EMP-01-1", P, 6, 21000.0, 7),
    ]
    assert len(parsed.records) == 13 and ("SOC-02-1", "220200", 6) not in values(parsed)


def test_long_sheets_without_region_or_month_columns() -> None:
    parsed = parse(
        ["指标名称", "累计完成"], ["征集推送岗位", "1300"], ["征集推送岗位", "1400"], ["无此指标", "1"], month=6
    )
    assert issues(parsed) == [("duplicate_conflict", 3, "B (累计完成)"), ("unknown_indicator", 4, "A (指标名称)")]
    assert records(parsed) == [("EMP-01-1", P, 6, 1300.0, 2, "B (累计完成)", False)]
    parsed = parse(["指标编号", "本月完成"], *[[code, "5"] for code in ("EMP-01-1", "EMP-02-1", "SOC-01-1")] * 2)
    assert issues(parsed) == [
        ("no_month", None, None),
        ("not_a_number", 4, "B (本月完成)"),
        ("not_a_number", 7, "B (本月完成)"),
    ]
    assert (parsed.rows_read, parsed.records) == (6, [])
    parsed = parse(["编号", "累计完成"], ["EMP-01-1", "1"], ["EMP-02-1", "2"], ["EMP-02-1", "2"])  # no month at all
    assert (issues(parsed), parsed.rows_read, parsed.records) == ([("no_month", None, None)], 3, [])


LONG_CELL = st.one_of(
    st.sampled_from(["EMP-01-1", "EMP-02-1", "SOC-01-1", "SOC-04-1", "HEA-01-1", "征集推送岗位", "XYZ-1", "合计"]),
    st.sampled_from(["长春市", "吉林", "全省", "合计", "火星", "", " "]),
    st.sampled_from(["2024-06", "2024-07", "6", "十二月", "2023-01", "13", "1-6月", "注：说明", "* 备注"]),
    st.sampled_from(["0", "1", "1300", "1,300", "１３００", "2.1万", "98%", "-1", "=A1", "是", "否", "abc", "1.5"]),
    st.integers(min_value=-2, max_value=14),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.dates(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from(
        [
            ["指标编号", "地区", "月份", "累计完成", "本月完成"],
            ["指标编号", "指标名称", "月份", "累计完成", "地区"],
            ["序号", "指标编号", "单位", "累计完成", "本月完成"],
        ]
    ),
    rows=st.lists(st.lists(LONG_CELL, min_size=5, max_size=5), min_size=1, max_size=12),
    month=st.sampled_from([None, 6]),
    previous=st.dictionaries(
        st.tuples(st.sampled_from(["EMP-01-1", "EMP-02-1"]), st.sampled_from([P, "220100"]), st.integers(1, 12)),
        st.floats(min_value=0, max_value=1e6),
        max_size=4,
    ),
)
def test_each_plain_figure_of_any_long_sheet_lands_unless_its_row_has_an_error(
    header: list[str], rows: list[list], month: int | None, previous: dict
) -> None:
    """Rows that read cleanly (column by column) and rows with problems (one by one) are one reading: a plain
    cumulative figure of a known indicator, region and month lands as written unless an error names its row."""
    parsed = parse_figures(Grid([header, *rows], "csv"), PLAN, month=month, previous=previous)
    assert all(i.row is None or 1 <= i.row <= len(rows) + 1 for i in parsed.issues)
    assert all(r.row >= 2 and r.value >= 0 and r.value == r.value for r in parsed.records)
    if "地区" not in header:
        return  # whether 单位 holds regions depends on the other rows
    error_rows = {i.row for i in parsed.issues if i.severity is Severity.ERROR}
    at = {name: c for c, name in enumerate(header)}
    plain = {"0": 0.0, "1": 1.0, "1300": 1300.0, "1,300": 1300.0, "１３００": 1300.0}
    regions = {"长春市": "220100", "吉林": "220200", "全省": P, "合计": P}
    months = {"2024-06": 6, "6": 6, "2024-07": 7, None: month, "": month, " ": month}
    for n, row in enumerate(rows, start=2):
        code, cell, place = row[at["指标编号"]], row[at["累计完成"]], row[at["地区"]]
        when = months.get(row[at["月份"]], 0) if isinstance(row[at["月份"]], str | None) else 0
        if code in ("EMP-01-1", "HEA-01-1") and cell in plain and place in regions and when and n not in error_rows:
            assert values(parsed).get((code, regions[place], when)) == plain[cell], (n, row)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    uploaded=st.lists(
        st.tuples(
            st.sampled_from(["EMP-01-1", "EMP-02-1", "SOC-01-1", "SOC-04-1"]),
            st.sampled_from([P, "220100"]),
            st.integers(1, 12),
            st.one_of(st.integers(0, 300).map(float), st.sampled_from([1e6, float("nan"), float("inf")])),
        ),
        max_size=30,
    ),
    stored=st.dictionaries(
        st.tuples(st.sampled_from(["EMP-01-1", "EMP-02-1"]), st.sampled_from([P, "220100"]), st.integers(1, 12)),
        st.integers(0, 300).map(float),
        max_size=20,
    ),
)
def test_history_screening_skips_no_warning(uploaded: list[tuple], stored: dict) -> None:
    """check_against_history looks closely only at series that may warrant a warning; checking all finds no more."""
    records_ = [FigureRecord(c, r, m, v, row=n + 2, column="D") for n, (c, r, m, v) in enumerate(uploaded)]
    screened = check_against_history(records_, PLAN, stored)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history, "_may_warn", lambda *_: True)
        unscreened = check_against_history(records_, PLAN, stored)
    assert [(i.rule, i.row, i.message_zh, i.message_en) for i in screened] == [
        (i.rule, i.row, i.message_zh, i.message_en) for i in unscreened
    ]


# --- the title's month, the same in every layout that reads one --------------------------------------


def matrix_grid(title: str) -> Grid:
    return grid(
        [title, None, None, None],
        ["地区", "新建改建合作助老餐厅和助餐点", None, None],
        [None, "目标", "进度", "完成比例(%)"],
        ["长春市", 390, 300, 76.9],
        ["合计", 1300, 1000, 76.9],
        merged=((1, 1, 1, 3),),
    )


@pytest.mark.parametrize(
    ("title", "month"),
    [
        ("2024年1-9月民生实事进展情况", 9),
        ("2024年1—9月民生实事进展情况", 9),
        ("截至九月末进展", 9),
        ("1-6月进展", 6),
        ("2024年6月民生实事进展", 6),
    ],
)
def test_a_title_month_is_read_the_same_in_a_long_sheet_and_a_region_matrix(title: str, month: int) -> None:
    long = parse([title, None, None], ["指标编号", "地区", "累计完成"], ["ELD-02-1", "长春市", 300])
    assert long.issues == [] and values(long) == {("ELD-02-1", "220100", month): 300.0}
    matrix = parse_upload(matrix_grid(title), PLAN, region_targets={("ELD-02-1", "220100"): 390})
    assert (matrix.layout, matrix.issues) == ("matrix", [])
    assert values(matrix) == {("ELD-02-1", "220100", month): 300.0, ("ELD-02-1", P, month): 1000.0}


def test_a_title_of_another_year_is_refused_the_same_in_both() -> None:
    long = parse(["2023年1-9月进展", None, None], ["指标编号", "地区", "累计完成"], ["ELD-02-1", "长春市", 300])
    matrix = parse_upload(matrix_grid("2023年1-9月进展"), PLAN, region_targets={("ELD-02-1", "220100"): 390})
    assert issues(long) == issues(matrix) == [("month_outside_year", 1, "A")]


def test_the_apps_own_template_reads_back_exactly_through_its_danwei_column() -> None:
    """The template's 单位 column holds each indicator's own unit, now read as a unit column: nothing changes."""
    grid = read_grid(figures_template(PLAN, 6), "template.xlsx")
    rows = [list(row) for row in grid.rows]
    expected = {}
    for row in rows[2:]:
        indicator = next((i for i in PLAN.indicators if i.code == row[0]), None)
        if indicator is not None:
            row[7] = "是" if indicator.kind is Kind.STANDARD else indicator.target / 2
            expected[(indicator.code, P, 6)] = 1.0 if indicator.kind is Kind.STANDARD else indicator.target / 2
    parsed = parse_upload(Grid(rows, "xlsx", sheet=grid.sheet, merged=grid.merged), PLAN)
    assert parsed.issues == [] and values(parsed) == expected and len(expected) == len(PLAN.indicators)
