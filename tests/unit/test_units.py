"""Units in headers, in unit columns and above the table: figures converted to the catalogue's unit, or refused.

Sheets put the unit in a header's brackets (累计完成（万个次）), in a 计量单位 column (one per row) or in a
单位：… line; a figure stored without its unit is 10,000 times too small and publishes in silence.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from targets.catalogue import load_bundled
from targets.issues import Severity
from targets.model import Kind, Text
from targets.readers import ParsedUpload, parse_upload
from targets.readers.region_targets import parse_region_targets
from targets.regions import PROVINCE
from targets.sheets import Grid, read_grid

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "figures"
PLAN = load_bundled(2024)
P = PROVINCE


def parse_sample(name: str, **options) -> ParsedUpload:
    return parse_upload(read_grid((SAMPLES / name).read_bytes(), name), PLAN, **options)


def parse(*rows: list[object], plan=PLAN, **options) -> ParsedUpload:
    return parse_upload(Grid([list(row) for row in rows], "csv"), plan, **options)


def records(parsed: ParsedUpload) -> list[tuple]:
    return [(r.indicator_code, r.region_code, r.month, r.value, r.row, r.column) for r in parsed.records]


def values(parsed: ParsedUpload) -> dict[tuple[str, str, int], float]:
    return {r.key: r.value for r in parsed.records}


def issues(parsed: ParsedUpload) -> list[tuple[str, int | None, str | None]]:
    return [(i.rule, i.row, i.column) for i in parsed.issues]


# --- the samples ---------------------------------------------------------------------------------


def test_header_unit_in_a_gbk_long_sheet() -> None:
    parsed = parse_sample("units_header_long_gbk.csv")
    assert parsed.issues == []
    assert records(parsed) == [
        ("EMP-01-1", P, 5, 180000.0, 3, "C (累计完成（万个次）)"),
        ("EMP-01-1", P, 6, 213000.0, 4, "C (累计完成（万个次）)"),
    ]


def test_header_unit_in_half_width_brackets_in_a_workbook() -> None:
    parsed = parse_sample("units_header_long.xlsx")
    assert parsed.issues == []
    assert records(parsed) == [
        ("EMP-01-1", P, 5, 180000.0, 2, "D (累计完成(万个次))"),
        ("EMP-01-1", P, 6, 213000.0, 3, "D (累计完成(万个次))"),
    ]


def test_a_bare_magnitude_header_applies_to_every_indicator_in_its_own_unit() -> None:
    parsed = parse_sample("units_bare_magnitude.csv")
    assert parsed.issues == []
    assert values(parsed) == {("EMP-01-1", P, 6): 213000.0, ("HEA-01-1", P, 6): 3500.0, ("PUB-01-1", P, 6): 125000.0}


def test_a_unit_column_converts_each_row_on_its_own() -> None:
    parsed = parse_sample("units_column.xlsx")
    assert parsed.issues == []
    assert records(parsed) == [
        ("EMP-01-1", P, 6, 213000.0, 2, "E (累计完成)"),
        ("SOC-02-1", P, 6, 65000.0, 3, "E (累计完成)"),
        ("HEA-01-1", P, 6, 3500.0, 4, "E (累计完成)"),
        ("PUB-01-1", P, 6, 125000.0, 5, "E (累计完成)"),
        ("ELD-02-1", P, 6, 1300.0, 6, "E (累计完成)"),
        ("CUL-01-1", P, 6, 32000.0, 7, "E (累计完成)"),
    ]


def test_a_gbk_danwei_column_of_units_with_synonyms_and_money_per_person() -> None:
    parsed = parse_sample("units_column_gbk.csv")
    assert parsed.issues == []
    assert values(parsed) == {
        ("SOC-02-1", P, 6): 65000.0,  # 万人 for 名
        ("SOC-05-1", P, 6): 3000.0,  # 0.3 万元/人 for 元/人
        ("PUB-01-1", P, 6): 125000.0,  # 125 千户
        ("HEA-01-1", P, 6): 3500.0,  # 人 for 名
    }


def test_a_wide_sheet_with_the_unit_in_the_group_label_over_its_months() -> None:
    parsed = parse_sample("units_wide_group.xlsx")
    assert (parsed.layout, parsed.issues) == ("wide", [])
    assert records(parsed) == [
        ("EMP-01-1", P, 1, 50000.0, 3, "C (1月)"),
        ("EMP-01-1", P, 2, 105000.0, 3, "D (2月)"),
        ("EMP-01-1", P, 3, 150000.0, 3, "E (3月)"),
    ]


def test_a_wide_gbk_sheet_with_the_unit_in_each_month_header() -> None:
    parsed = parse_sample("units_wide_months_gbk.csv")
    assert (parsed.layout, parsed.issues) == ("wide", [])
    assert values(parsed) == {("PUB-01-1", P, 1): 40000.0, ("PUB-01-1", P, 2): 85000.0, ("PUB-01-1", P, 3): 125000.0}


def test_a_region_matrix_in_wan_with_the_month_from_a_span_title() -> None:
    stored_targets = {
        ("EMP-01-1", "220100"): 120000.0,
        ("EMP-01-1", "220200"): 60000.0,
        ("HEA-01-1", "220100"): 2100.0,
        ("HEA-01-1", "220200"): 1050.0,
    }
    parsed = parse_sample("units_matrix.xlsx", region_targets=stored_targets)
    # The target columns are in 万 too: they agree with the stored targets, and the ratios with progress ÷ target.
    assert (parsed.layout, parsed.issues) == ("matrix", [])
    assert records(parsed) == [
        ("EMP-01-1", "220100", 9, 96000.0, 4, "C (征集推送岗位·进度)"),
        ("HEA-01-1", "220100", 9, 1680.0, 4, "F (适龄儿童免费牙齿窝沟封闭·累计完成（万名）)"),
        ("EMP-01-1", "220200", 9, 45000.0, 5, "C (征集推送岗位·进度)"),
        ("HEA-01-1", "220200", 9, 840.0, 5, "F (适龄儿童免费牙齿窝沟封闭·累计完成（万名）)"),
        ("EMP-01-1", P, 9, 302000.0, 6, "C (征集推送岗位·进度)"),
        ("HEA-01-1", P, 9, 5600.0, 6, "F (适龄儿童免费牙齿窝沟封闭·累计完成（万名）)"),
    ]


@pytest.mark.parametrize(
    ("name", "rule", "row", "column", "shown", "kept"),
    [
        ("bad_unit_households_as_people.csv", "unit_mismatch", 3, "D (累计完成)", "户", 1),
        ("bad_unit_money_for_people.xlsx", "unit_mismatch", 3, "D (累计完成)", "万元", 1),
        ("bad_unit_conflict.xlsx", "unit_conflict", 3, "D (累计完成（万个次）)", "万个次", 1),
        ("bad_unit_percent_for_count.csv", "unit_mismatch", 2, "C (累计完成(%))", "%", 0),
        ("bad_unit_magnitude_twice.csv", "unit_conflict", 3, "C (累计完成（万个次）)", "21.3万", 1),
    ],
)
def test_units_that_cannot_be_reconciled_are_one_error_naming_row_and_column(
    name: str, rule: str, row: int, column: str, shown: str, kept: int
) -> None:
    parsed = parse_sample(name)
    assert issues(parsed) == [(rule, row, column)]
    issue = parsed.issues[0]
    assert issue.severity is Severity.ERROR and issue.message_zh != issue.message_en
    assert shown in issue.message_zh and shown in issue.message_en
    if name.endswith(".xlsx"):  # a workbook's sheet is named too
        assert "工作表“Sheet”" in issue.message_zh and "Sheet 'Sheet'" in issue.message_en
    assert len(parsed.records) == kept  # the rest of the sheet is read, and converted


# --- every magnitude, every source of a unit -------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "written", "stored"),
    [
        ("百个次", "2130", 213000.0),
        ("千个次", "213", 213000.0),
        ("万个次", "21.3", 213000.0),
        ("十万个次", "2.13", 213000.0),
        ("百万个次", "0.213", 213000.0),
        ("千万个次", "0.0213", 213000.0),
        ("亿个次", "0.00213", 213000.0),
        ("万个", "21.3", 213000.0),  # 个（次） is counted in 个 or 次
        ("万次", "21.3", 213000.0),
        ("万", "21.3", 213000.0),
    ],
)
def test_every_magnitude_in_a_unit_column_is_exact(unit: str, written: str, stored: float) -> None:
    parsed = parse(["指标编号", "计量单位", "月份", "累计完成"], ["EMP-01-1", unit, 6, written])
    assert parsed.issues == [] and values(parsed) == {("EMP-01-1", P, 6): stored}


def test_a_header_unit_and_a_unit_column_that_agree_convert_once() -> None:
    parsed = parse(
        ["指标编号", "计量单位", "月份", "累计完成（万）"],
        ["EMP-01-1", "万个次", 6, "21.3"],
        ["SOC-02-1", "万名", 6, "6.5"],
    )
    assert parsed.issues == []
    assert values(parsed) == {("EMP-01-1", P, 6): 213000.0, ("SOC-02-1", P, 6): 65000.0}


def test_a_bare_magnitude_header_with_a_plain_unit_column_disagrees() -> None:
    """（万） says the figures are in tens of thousands, 个 says they are in ones: which is meant cannot be told."""
    parsed = parse(["指标编号", "计量单位", "月份", "累计完成（万）"], ["ELD-02-1", "个", 6, "1300"])
    assert issues(parsed) == [("unit_conflict", 2, "D (累计完成（万）)")]


def test_a_unit_line_above_the_table_applies_to_columns_without_their_own() -> None:
    parsed = parse(
        ["2024年民生实事进展（单位：万个次）", None, None, None],
        ["单位：万", None, None, None],
        ["指标编号", "月份", "累计完成", "本月完成（个次）"],
        ["EMP-01-1", 5, "18", None],
        ["EMP-01-1", 6, None, "33000"],
    )
    assert parsed.issues == []
    assert records(parsed) == [
        ("EMP-01-1", P, 5, 180000.0, 4, "C (累计完成)"),
        ("EMP-01-1", P, 6, 213000.0, 5, "D (本月完成（个次）)"),
    ]


def test_a_bracket_that_is_no_unit_changes_nothing_and_one_that_is_converts() -> None:
    parsed = parse(
        ["指标编号", "月份", "累计完成（截至本月底）", "本月完成（当月，单位：万个次）", "备注（单位：省人社厅）"],
        ["EMP-01-1", 5, "180000", None, "x"],
        ["EMP-01-1", 6, None, "3.3", "x"],
    )
    assert parsed.issues == [] and values(parsed) == {("EMP-01-1", P, 5): 180000.0, ("EMP-01-1", P, 6): 213000.0}


def test_a_danwei_column_of_departments_is_neither_region_nor_unit_one_of_units_is_the_unit() -> None:
    departments = parse(["指标编号", "单位", "月份", "累计完成"], ["EMP-01-1", "省人社厅", 6, "213000"])
    assert departments.issues == [] and values(departments) == {("EMP-01-1", P, 6): 213000.0}
    units = parse(["指标编号", "单位", "月份", "累计完成"], ["EMP-01-1", "万个次", 6, "21.3"])
    assert units.issues == [] and values(units) == {("EMP-01-1", P, 6): 213000.0}


def test_a_wide_sheet_with_a_unit_per_row() -> None:
    parsed = parse(
        ["指标编号", "单位", "1月", "2月"],
        ["EMP-01-1", "万个次", "5", "10.5"],
        ["HEA-01-1", "名", "500", "1100"],
        ["PUB-01-1", "名", "500", None],
    )
    assert issues(parsed) == [("unit_mismatch", 4, "C (1月)")]
    assert values(parsed) == {
        ("EMP-01-1", P, 1): 50000.0,
        ("EMP-01-1", P, 2): 105000.0,
        ("HEA-01-1", P, 1): 500.0,
        ("HEA-01-1", P, 2): 1100.0,
    }


def test_the_generic_ge_stands_for_a_things_classifier_but_not_for_people_or_households() -> None:
    parsed = parse(
        ["指标编号", "计量单位", "月份", "累计完成"],
        ["CUL-03-1", "个", 6, "150"],  # 套
        ["ELD-02-1", "处", 6, "1300"],  # 个
        ["HEA-01-1", "个", 6, "3500"],  # 名
        ["PUB-01-1", "个", 6, "500"],  # 户
    )
    assert issues(parsed) == [("unit_mismatch", 4, "D (累计完成)"), ("unit_mismatch", 5, "D (累计完成)")]
    assert values(parsed) == {("CUL-03-1", P, 6): 150.0, ("ELD-02-1", P, 6): 1300.0}


# --- rates and money -------------------------------------------------------------------------------

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
        replace(
            PLAN.indicator("SOC-05-1"),
            code="SOC-09-1",
            name=Text("发放助学资金", "Student aid paid out"),
            kind=Kind.COUNT,
            target=5000.0,
            unit=Text("万元", "10,000 yuan"),
        ),
    ),
)


@pytest.mark.parametrize(
    ("header", "unit", "cell", "stored"),
    [
        ("累计完成（%）", None, "98", 98.0),
        ("累计完成(%)", None, "97.5%", 97.5),
        ("累计完成（％）", None, 96, 96.0),
        ("累计完成", "%", "98", 98.0),
        ("累计完成", "百分比", "98", 98.0),
    ],
)
def test_a_percent_header_or_unit_is_a_rates_own_and_no_counts(
    header: str, unit: str | None, cell: object, stored: float
) -> None:
    parsed = parse(
        ["指标编号", "计量单位", "月份", header],
        ["HEA-09-1", unit, 6, cell],
        ["HEA-01-1", unit, 6, "3500"],  # counted in 名
        plan=RATE_PLAN,
    )
    assert issues(parsed) == [("unit_mismatch", 3, f"D ({header})")]
    assert values(parsed) == {("HEA-09-1", P, 6): stored}


def test_a_rate_in_a_magnitude_or_a_count_unit_is_refused() -> None:
    parsed = parse(
        ["指标编号", "计量单位", "月份", "累计完成"],
        ["HEA-09-1", "万", 6, "98"],
        ["HEA-09-1", "名", 7, "98"],
        plan=RATE_PLAN,
    )
    assert issues(parsed) == [("unit_mismatch", 2, "D (累计完成)"), ("unit_mismatch", 3, "D (累计完成)")]


MONEY = [  # (the row's unit, the cell, the figure in 万元)
    ("万元", "5000", 5000.0),
    ("元", "12345", 1.2345),
    ("元", "1.2亿", 12000.0),  # 1.2亿元
    ("亿元", "0.5", 5000.0),
    ("千元", "2,500", 250.0),
    (None, "5000", 5000.0),  # no unit stated: the catalogue's
    (None, "1.2亿", 12000.0),  # 1.2亿 of the base unit, 元
    (None, "3万", 3.0),  # 3万元
]


def test_money_is_converted_to_the_catalogues_wan_yuan() -> None:
    rows = [["SOC-09-1", unit, month, cell] for month, (unit, cell, _) in enumerate(MONEY, start=1)]
    parsed = parse(["指标编号", "计量单位", "月份", "累计完成"], *rows, plan=RATE_PLAN)
    assert parsed.issues == []
    assert values(parsed) == {("SOC-09-1", P, month): stored for month, (*_, stored) in enumerate(MONEY, start=1)}


def test_money_for_a_count_of_people_and_people_for_money_are_refused() -> None:
    parsed = parse(
        ["指标编号", "计量单位", "月份", "累计完成"],
        ["SOC-02-1", "万元", 6, "6.5"],
        ["SOC-09-1", "名", 6, "6.5"],
        plan=RATE_PLAN,
    )
    assert issues(parsed) == [("unit_mismatch", 2, "D (累计完成)"), ("unit_mismatch", 3, "D (累计完成)")]
    assert "名" in parsed.issues[0].message_zh and "万元" in parsed.issues[0].message_zh


def test_a_standard_takes_no_magnitude() -> None:
    parsed = parse(
        ["指标编号", "计量单位", "月份", "累计完成"], ["SOC-01-1", "是否达标", 6, "是"], ["SOC-01-1", "万", 7, "1"]
    )
    assert issues(parsed) == [("unit_mismatch", 3, "D (累计完成)")]
    assert values(parsed) == {("SOC-01-1", P, 6): 1.0}


# --- regional targets ------------------------------------------------------------------------------


def test_regional_targets_in_wan_are_converted() -> None:
    rows = [
        ["地区", "指标编号", "计量单位", "目标值"],
        ["长春市", "HEA-01-1", "名", 2100],
        ["吉林市", "HEA-01-1", "万名", 0.105],
        ["长春市", "PUB-01-1", "名", 100],
    ]
    parsed = parse_region_targets(rows, PLAN)
    assert [(i.rule, i.row, i.column) for i in parsed.issues if i.severity is Severity.ERROR] == [
        ("unit_mismatch", 4, "D (目标值)")
    ]
    wide = parse_region_targets([["地区", "征集推送岗位（万个次）"], ["长春市", 12], ["吉林市", 6], ["合计", 40]], PLAN)
    assert not wide.has_errors
    assert {(t.region_code, t.target) for t in wide.targets} == {("220100", 120000.0), ("220200", 60000.0)}
    assert "total_differs" not in {i.rule for i in wide.issues}  # 40万 is the catalogue's 400,000


def test_a_units_row_under_the_header_states_each_columns_unit() -> None:
    long = parse(
        ["指标编号", "月份", "累计完成", "本月完成"],
        ["—", "计量单位", "万个次", "个次"],
        ["EMP-01-1", 5, "18", None],
        ["EMP-01-1", 6, None, "33000"],
    )
    assert (long.issues, long.rows_read) == ([], 2)
    assert values(long) == {("EMP-01-1", P, 5): 180000.0, ("EMP-01-1", P, 6): 213000.0}
    wide = parse(["指标编号", "1月", "2月", "3月"], ["甲", "万户", "万户", "万户"], ["PUB-01-1", "4", "8.5", "12.5"])
    assert (wide.layout, wide.issues) == ("wide", [])
    assert values(wide) == {("PUB-01-1", P, 1): 40000.0, ("PUB-01-1", P, 2): 85000.0, ("PUB-01-1", P, 3): 125000.0}


def test_a_region_matrix_unit_that_names_something_else_is_an_error_on_each_row() -> None:
    grid = Grid(
        [
            ["截至2024年6月底", None, None, None],
            ["地区", "适龄儿童免费牙齿窝沟封闭（万户）", None, None],
            [None, "目标", "进度", "完成比例(%)"],
            ["长春市", 0.21, 0.11, 52.4],
            ["合计", 0.7, 0.36, 51.4],
        ],
        "xlsx",
        sheet="进展",
        merged=((1, 1, 1, 3),),
    )
    parsed = parse_upload(grid, PLAN)
    errors = [i for i in parsed.issues if i.severity is Severity.ERROR]
    column = "C (适龄儿童免费牙齿窝沟封闭·进度)"
    assert [(i.rule, i.row, i.column) for i in errors] == [("unit_mismatch", 4, column), ("unit_mismatch", 5, column)]
    assert errors[0].message_zh.startswith("工作表“进展”：第4行：") and "户" in errors[0].message_zh
    assert parsed.records == []


def _names(text: str):
    from targets.catalogue import load_bundled
    from targets.readers.upload import read_upload

    return read_upload(text.encode("utf-8"), "names.csv", load_bundled(2024))


def test_a_unit_in_the_indicator_name_cell_converts_the_row_in_a_long_sheet() -> None:
    parsed = _names("指标名称,地区,月份,累计完成\n征集推送岗位（万个次）,全省,2024-06,21.3\n")
    assert [(r.indicator_code, r.value) for r in parsed.records] == [("EMP-01-1", 213_000.0)]


def test_a_unit_in_the_indicator_name_cell_converts_every_month_of_a_wide_sheet() -> None:
    parsed = _names("指标名称,1月,2月,3月\n征集推送岗位（万个次）,5,10.5,15\n")
    assert [r.value for r in parsed.records] == [50_000.0, 105_000.0, 150_000.0]


def test_a_unit_in_the_indicator_name_that_names_something_else_is_an_error_on_its_row() -> None:
    parsed = _names("指标名称,地区,月份,累计完成\n征集推送岗位（万户）,全省,2024-06,21.3\n")
    assert parsed.records == []
    assert [(i.rule, i.row) for i in parsed.issues] == [("unit_mismatch", 2)]


def test_a_bracket_of_the_catalogues_own_name_is_no_unit() -> None:
    parsed = _names("指标名称,地区,月份,累计完成\n新增完成污水治理（管控）的行政村,全省,2024-06,300\n")
    assert not parsed.has_errors and [r.value for r in parsed.records] == [300.0]
