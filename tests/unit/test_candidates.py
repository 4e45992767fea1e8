"""The candidate sheet: blocks of indicator rows, values as sheets write them, the negative list, duplicates."""

from __future__ import annotations

from targets.candidates import NegativeEntry, ProposerKind, read_candidates
from targets.sheets import Grid

HEAD = [
    "序号",
    "项目名称",
    "类别",
    "主要内容",
    "申报理由",
    "申报单位",
    "指标名称",
    "目标值",
    "计量单位",
    "估算投资（万元）",
]


def grid(*rows, merged=()) -> Grid:
    return Grid([list(r) for r in (HEAD, *rows)], "csv", merged=tuple(merged))


def test_a_candidate_with_several_indicator_rows_and_values_as_sheets_write_them():
    g = grid(
        [1, "老年助餐服务", "养老服务", "新建助餐点", "老人多", "省民政厅", "新建助餐点", "1,300", "个", "21.3万"],
        [None, None, None, None, None, None, "服务老人", "21.3万", "人次", None],
        [2, "托育服务扩容", "教育", "新增托位", "", "张某某代表", "新增托位", "5000", "个", 800],
    )
    got = read_candidates(g)
    assert got.issues == []
    first, second = got.candidates
    assert (first.number, first.name, first.area, first.proposer_kind) == (
        1,
        "老年助餐服务",
        "养老服务",
        ProposerKind.DEPARTMENT,
    )
    assert first.investment == 213000.0
    assert [(i.name, i.target, i.stated, i.unit, i.row) for i in first.indicators] == [
        ("新建助餐点", 1300.0, "1,300", "个", 2),
        ("服务老人", 213000.0, "21.3万", "人次", 3),
    ]
    assert first.rows == (2, 3)
    assert second.proposer_kind is ProposerKind.DEPUTY and second.investment == 800.0


def test_merged_cells_carry_the_candidate_down_its_block():
    g = grid(
        [1, "老年助餐服务", "养老服务", "", "", "省民政厅", "新建助餐点", "1300", "个", 100],
        [None, None, None, None, None, None, "服务老人", "20万", "人次", None],
        merged=[(1, 0, 2, 0), (1, 1, 2, 1)],
    )
    got = read_candidates(g)
    assert len(got.candidates) == 1 and len(got.candidates[0].indicators) == 2


def test_the_same_name_twice_is_one_candidate_and_the_merge_is_reported():
    g = grid(
        [1, "老年助餐服务", "养老服务", "新建助餐点", "", "省民政厅", "新建助餐点", "1300", "个", 100],
        [2, "托育服务扩容", "教育", "", "", "省卫健委", "新增托位", "5000", "个", 800],
        [3, "老年助餐 服务", "养老服务", "", "群众来信", "市民王某", "服务老人", "20万", "人次", None],
    )
    got = read_candidates(g)
    assert [c.number for c in got.candidates] == [1, 2]
    merged = got.candidates[0]
    assert [i.name for i in merged.indicators] == ["新建助餐点", "服务老人"]
    assert (
        merged.reason == "群众来信"
        and (merged.proposer, merged.co_proposers) == ("省民政厅", ("市民王某",))
        and merged.rows == (2, 4)
    )
    assert got.merged == [(4, 2)]
    assert [(i.rule, i.severity.value, i.row, i.column) for i in got.issues] == [
        ("duplicate_merged", "warning", 4, "B (项目名称)")
    ]


def test_the_negative_list_refuses_a_candidate_naming_its_row_and_is_configurable():
    g = grid([1, "新建街道办公楼", "基础设施", "", "", "某局", "建筑面积", "5000", "平方米", 3000])
    got = read_candidates(g)
    assert [(i.rule, i.row, i.column) for i in got.issues] == [("negative_list", 2, "B (项目名称)")]
    assert "楼堂馆所" in got.issues[0].message_zh
    assert read_candidates(g, negative_list=()).issues == []
    custom = (NegativeEntry("道路", ("街道",)),)
    assert [i.rule for i in read_candidates(g, negative_list=custom).issues] == ["negative_list"]


def test_bad_cells_are_errors_naming_row_and_column():
    g = grid(
        [1, "老年助餐服务", "养老服务", "", "", "省民政厅", "新建助餐点", "约三百", "个", "很多"],
        [2, "托育服务扩容", "", "", "", "省卫健委", "新增托位", "5000", "个", 1],
        [None, None, None, None, None, None, "新增托位2", None, "个", None],
    )
    got = read_candidates(g)
    assert sorted((i.rule, i.row, i.column) for i in got.issues) == [
        ("bad_investment", 2, "J (估算投资（万元）)"),
        ("bad_target", 2, "H (目标值)"),
        ("missing_area", 3, "C (类别)"),
        ("missing_target", 4, "H (目标值)"),
    ]


def test_a_sheet_without_the_columns_says_which_it_needs():
    got = read_candidates(Grid([["名称", "金额"], ["x", 1]], "csv"))
    assert [i.rule for i in got.issues] == ["no_columns"] and "项目名称" in got.issues[0].message_zh
