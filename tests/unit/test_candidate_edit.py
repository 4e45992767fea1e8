"""The candidate edit form: the sheet's rules for targets and investments, changes old → new, errors by row and column."""

from __future__ import annotations

from targets.candidate_edit import edit_candidate
from targets.candidates import read_candidates
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


def pool():
    rows = [
        [1, "老年助餐服务", "养老服务", "新建助餐点", "老人多", "省民政厅", "新建助餐点", "1,300", "个", "21.3万"],
        [None, None, None, None, None, None, "服务老人", "21.3万", "人次", None],
        [2, "托育服务扩容", "教育", "新增托位", "", "张某某代表", "新增托位", "5000", "个", 800],
    ]
    got = read_candidates(Grid([HEAD, *rows], "csv"))
    assert got.issues == []
    return list(got.candidates)


def fields(c, **typed):
    base = {"name": c.name, "area": c.area, "content": c.content, "reason": c.reason, "proposer": c.proposer}
    base["investment"] = "" if c.investment is None else f"{c.investment:g}"
    return base | typed


def rows(c):
    return [(i.name, i.stated, i.unit) for i in c.indicators]


def test_an_unchanged_form_changes_nothing_and_keeps_the_indicators_read_from_the_sheet():
    first, second = pool()
    got = edit_candidate(first, fields(first), rows(first), [first, second])
    assert got.issues == () and got.changes == ()
    assert got.candidate.indicators == first.indicators  # the same objects: their sheet rows kept


def test_a_target_in_words_or_without_a_number_is_refused_naming_the_indicator_row_and_column():
    first, second = pool()
    for bad in ("约三百", "三百个", "两千"):
        got = edit_candidate(first, fields(first), [rows(first)[0], ("服务老人", bad, "人次")], [first, second])
        assert got.candidate is None
        (issue,) = got.issues
        assert (issue.rule, issue.row, issue.column) == ("bad_target", 2, "目标值")
        assert "指标第2行" in issue.message_zh and bad in issue.message_zh


def test_a_unit_written_in_the_target_cell_is_read_from_it_as_the_sheet_does():
    first, second = pool()
    got = edit_candidate(first, fields(first), [("服务老人", "25万人次以上", "")], [first, second])
    (indicator,) = got.candidate.indicators
    assert (indicator.target, indicator.stated, indicator.unit) == (250000.0, "25万", "人次")
    assert [c.field for c in got.changes] == ["indicators"]
    assert got.changes[0].new == "服务老人 25万人次"


def test_the_investment_is_read_as_the_sheet_reads_it_and_a_percentage_is_refused():
    first, second = pool()
    got = edit_candidate(first, fields(first, investment="1.5万"), rows(first), [first, second])
    assert got.candidate.investment == 15000.0
    assert [(c.field, c.old, c.new) for c in got.changes] == [("investment", "213000", "15000")]
    refused = edit_candidate(first, fields(first, investment="15%"), rows(first), [first, second])
    assert refused.candidate is None
    assert [(i.rule, i.column) for i in refused.issues] == [("bad_investment", "估算投资（万元）")]


def test_another_candidates_name_and_the_negative_list_are_refused():
    first, second = pool()
    same = edit_candidate(first, fields(first, name="托育服务扩容"), rows(first), [first, second])
    assert [i.rule for i in same.issues] == ["duplicate_name"]
    office = edit_candidate(first, fields(first, content="新建办公楼"), rows(first), [first, second])
    assert [i.rule for i in office.issues] == ["negative_list"]
