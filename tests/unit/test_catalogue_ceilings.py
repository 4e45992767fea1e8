"""The official task table: ceilings (控制在4.5%以内, 低于, 不超过, 以内) become lower-is-better indicators."""

from __future__ import annotations

import pytest

from targets.catalogue import load_bundled
from targets.model import Direction, Kind
from targets.readers.catalogue import import_catalogue, infer_direction, infer_kind

HEADER = ["序号", "类别", "任务/事项", "指标", "目标值", "单位", "牵头单位", "责任单位", "完成时限"]


@pytest.mark.parametrize(
    "text",
    [
        "控制在4.5%以内",
        "低于4.3%",
        "不超过500户",
        "30分钟以内",
        "降至3%以下",
        "不高于5%",
        "控制在5.5%左右以内",
        "控制在4.5%",
    ],
)
def test_words_that_cap_a_value_make_a_ceiling(text):
    assert infer_direction(text) is Direction.LOWER


@pytest.mark.parametrize("text", ["不低于95%", "95%以上", "1200名以上", "不少于300个", "40万", "达到98%", "是"])
def test_targets_to_reach_stay_higher_and_不低于_is_a_floor(text):
    assert infer_direction(text) is Direction.HIGHER


def test_a_percentage_with_以上_is_a_rate_not_a_cumulative_minimum():
    assert infer_kind("95%以上", "%") is Kind.RATE
    assert infer_kind("1200名以上", "名") is Kind.MINIMUM


def test_the_import_stores_a_ceiling_and_a_changed_direction_is_a_listed_change():
    rows = [
        HEADER,
        [1, "就业", "稳定就业", "城镇登记失业率", "控制在4.5%以内", "%", "省人社厅", None, "2024年12月底"],
        [None, None, None, "新增城镇就业", "40万人以上", "人", "省人社厅", None, "2024年12月底"],
    ]
    first = import_catalogue(rows, year=2024, existing=load_bundled(2024), filename="table.csv")
    assert not first.has_errors, first.issues
    found = {i.name.zh: i for i in first.plan.indicators}
    assert (found["城镇登记失业率"].kind, found["城镇登记失业率"].direction) == (Kind.RATE, Direction.LOWER)
    assert found["城镇登记失业率"].target == 4.5
    assert found["新增城镇就业"].direction is Direction.HIGHER
    assert all(i.direction is Direction.HIGHER for i in first.plan.indicators if i.code.startswith("ELD"))
    # the next table says 不低于 for the same indicator: the direction changes, and the import says so
    rows[1][4] = "不低于4.5%"
    second = import_catalogue(rows, year=2024, existing=first.plan, filename="table2.csv")
    code = found["城镇登记失业率"].code
    assert second.plan.indicator(code).direction is Direction.HIGHER
    assert [(c.field, c.old, c.new) for c in second.changes if c.code == code] == [("direction", "lower", "higher")]
