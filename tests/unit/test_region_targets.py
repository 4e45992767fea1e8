"""Reading regional targets: long and wide sheets, total rows, sums that do and do not add up."""

from __future__ import annotations

from targets.catalogue import load_bundled
from targets.readers.region_targets import parse_region_targets
from targets.region_targets import sum_gaps

PLAN = load_bundled(2024)
REGIONS = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "长白山"]
MEALS = [390, 195, 130, 65, 104, 65, 117, 78, 130, 26]  # adds up to 1,300


def rules(parsed):
    return [(i.rule, i.severity.value, i.row, i.column) for i in parsed.issues]


def test_long_sheet_that_adds_up_has_no_warning_and_the_total_row_is_not_a_region():
    rows = [["2024年民生实事目标分解表"], ["地区", "指标编号", "目标值"]]
    rows += [[r, "ELD-02-1", v] for r, v in zip(REGIONS, MEALS, strict=True)]
    rows += [["合计", "ELD-02-1", 1300]]
    parsed = parse_region_targets(rows, PLAN)
    assert parsed.layout == "long" and rules(parsed) == []
    assert len(parsed.targets) == 10
    assert "province" not in {t.region_code for t in parsed.targets}
    assert {t.region_code: t.target for t in parsed.targets}["222400"] == 130


def test_targets_that_do_not_add_up_are_a_warning_not_an_error():
    rows = [["地区", "指标名称", "目标值"]] + [
        [r, "新建改建合作助老餐厅和助餐点", v] for r, v in zip(REGIONS, [*MEALS[:-1], 0], strict=True)
    ]
    parsed = parse_region_targets(rows, PLAN)
    assert not parsed.has_errors
    assert [(i.rule, i.severity.value) for i in parsed.issues] == [("sum_differs", "warning")]
    assert "1274" in parsed.issues[0].message_en and "1300" in parsed.issues[0].message_en


def test_wide_sheet_with_regions_as_rows_and_indicators_as_columns():
    rows = [["地区", "EDU-03-1", "村兽医专业技能培训"], ["长春", 150, 60], ["吉林市", 100, 40], ["全省", 500, 200]]
    parsed = parse_region_targets(rows, PLAN)
    assert parsed.layout == "wide"
    assert sorted((t.indicator_code, t.region_code, t.target) for t in parsed.targets) == [
        ("EDU-03-1", "220100", 150),
        ("EDU-03-1", "220200", 100),
        ("EDU-03-2", "220100", 60),
        ("EDU-03-2", "220200", 40),
    ]
    assert [i.rule for i in parsed.issues] == ["sum_differs", "sum_differs"]


def test_a_total_row_that_disagrees_with_the_catalogue_is_flagged_on_its_row():
    rows = [["地区", "指标编号", "目标值"], ["长春市", "HEA-03-1", 500], ["合计", "HEA-03-1", 520]]
    parsed = parse_region_targets(rows, PLAN)
    assert ("total_differs", "warning", 3, "C (目标值)") in rules(parsed)


def test_bad_rows_are_errors_that_name_row_and_column():
    rows = [
        ["地区", "指标编号", "目标值"],
        ["火星市", "HEA-03-1", 10],
        ["长春", "XYZ-99-9", 10],
        ["吉林", "HEA-03-1", "约三百"],
        ["四平", "HEA-03-1", -4],
        ["辽源", "HEA-03-1", 5],
        ["辽源市", "HEA-03-1", 6],
    ]
    parsed = parse_region_targets(rows, PLAN)
    assert rules(parsed) == [
        ("unknown_region", "error", 2, "A (地区)"),
        ("unknown_indicator", "error", 3, "B (指标编号)"),
        ("not_a_number", "error", 4, "C (目标值)"),
        ("negative", "error", 5, "C (目标值)"),
        ("duplicate_conflict", "error", 7, "C (目标值)"),
    ]


def test_sum_gaps_of_stored_targets():
    stored = {("ELD-02-1", "220100"): 1000.0, ("HEA-03-1", "220100"): 500.0}
    assert sum_gaps(PLAN, stored) == {"ELD-02-1": (1000.0, 1300.0)}
