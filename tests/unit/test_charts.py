"""The pure chart builders: traces, colours per status, the schedule line, translated titles, a CJK font."""

from __future__ import annotations

import json
import subprocess
import sys

import plotly.graph_objects as go
import pytest

from targets.catalogue import load_bundled
from targets.charts import (
    DIAMOND_SIZE,
    EXPECTED_COLOR,
    FONT_FAMILY,
    area_progress_chart,
    bar_value,
    compact_number,
    increments_chart,
    indicator_progress_chart,
    nice_ticks,
    own_style,
    schedule_chart,
    status_counts_chart,
    style_text,
    wrap_title,
)
from targets.status import STATUS_COLORS, STYLE_ORDER, compute_status, linear_trajectory
from tests.conftest import ROOT

PLAN = load_bundled(2024)
# As of June (expected 50%): EMP-01-1 done, EMP-02-1 ahead, SOC-03-1 amber, SOC-04-1 red, HEA-01-1 on pace.
FIGURES = {
    ("EMP-01-1", 6): 400000.0,
    ("EMP-02-1", 6): 30.0,  # 60%
    ("SOC-03-1", 6): 4500.0,  # 45%: 5 points behind
    ("SOC-04-1", 6): 300.0,  # 25%: 25 points behind
    ("HEA-01-1", 2): 1000.0,
    ("HEA-01-1", 4): 2100.0,
    ("HEA-01-1", 6): 3600.0,  # 51.4%
}
STATUS = compute_status(PLAN, FIGURES, 6)
FIGURES_HEA = {2: 1000.0, 4: 2100.0, 6: 3600.0}


def bars(fig: go.Figure) -> list[go.Bar]:
    return [tr for tr in fig.data if tr.type == "bar"]


def colour_of(fig: go.Figure, label_start: str) -> str:
    """The bar colour of the row whose label starts with label_start."""
    found = [tr.marker.color for tr in bars(fig) for y in tr.y if y.startswith(label_start)]
    assert len(found) == 1, found
    return found[0]


def test_indicator_bars_are_coloured_by_each_indicators_status():
    codes = ["EMP-01-1", "EMP-02-1", "SOC-03-1", "SOC-04-1", "HEA-01-1", "HEA-02-1"]
    fig = indicator_progress_chart(PLAN, STATUS, codes, "zh")
    name = {c: PLAN.indicator(c).name.get("zh")[:10] for c in codes}  # rows are named, not coded
    assert not any(y.startswith(("EMP-", "SOC-", "HEA-")) for tr in bars(fig) for y in tr.y)
    assert colour_of(fig, name["EMP-01-1"]) == STATUS_COLORS["done"]
    assert colour_of(fig, name["EMP-02-1"]) == STATUS_COLORS["ahead"]
    assert colour_of(fig, name["SOC-03-1"]) == STATUS_COLORS["lagging_amber"]
    assert colour_of(fig, name["SOC-04-1"]) == STATUS_COLORS["lagging_red"]
    assert colour_of(fig, name["HEA-01-1"]) == STATUS_COLORS["on_pace"]
    assert colour_of(fig, name["HEA-02-1"]) == STATUS_COLORS["no_data"]
    # one trace per status, worst first, named with icon and words so colour is never the only signal
    assert [tr.name for tr in bars(fig)] == [
        "⛔ 慢序时（红灯）",
        "⚠️ 慢序时（黄灯）",
        "❔ 未填报",
        "▶️ 按序时",
        "⏩ 超序时",
        "✅ 已完成",
    ]
    # a row without a figure still shows, labelled rather than left blank
    no_data = next(tr for tr in bars(fig) if tr.marker.color == STATUS_COLORS["no_data"])
    assert list(no_data.x) == [0] and list(no_data.text) == ["❔ 未填报"]


def test_progress_bars_carry_percent_labels_and_the_expected_diamonds():
    fig = indicator_progress_chart(PLAN, STATUS, ["EMP-02-1", "SOC-04-1"], "en")
    ahead = next(tr for tr in bars(fig) if tr.marker.color == STATUS_COLORS["ahead"])
    assert list(ahead.x) == [60.0] and list(ahead.text) == ["60.0%"]
    expected = [tr for tr in fig.data if tr.type == "scatter"]
    assert len(expected) == 1
    assert expected[0].name == "Expected (schedule)"
    assert list(expected[0].x) == [50.0, 50.0]
    assert expected[0].marker.color == EXPECTED_COLOR
    assert expected[0].marker.color not in STATUS_COLORS.values()
    # rows keep plan order from the top: the category axis lists them bottom-up
    assert list(fig.layout.yaxis.categoryarray)[-1] == PLAN.indicator("EMP-02-1").name.get("en")[:17] + "…"


def test_area_chart_shows_mean_progress_coloured_by_the_bars_own_status():
    fig = area_progress_chart(PLAN, STATUS, "zh")
    # 社会保障: mean (0.45 + 0.25) / 2 = 35% against 50% expected: 15 points behind -> red
    assert colour_of(fig, "社会保障") == STATUS_COLORS["lagging_red"]
    assert colour_of(fig, "促进就业") == STATUS_COLORS["ahead"]  # 80% against 50%
    assert colour_of(fig, "公共服务") == STATUS_COLORS["no_data"]
    employment = next(tr for tr in bars(fig) if "促进就业" in tr.y)
    # mean of min(1, progress): (1.0 + 0.6) / 2
    assert list(employment.x)[list(employment.y).index("促进就业")] == pytest.approx(80.0)
    diamonds = next(tr for tr in fig.data if tr.type == "scatter")
    assert dict(zip(diamonds.y, diamonds.x, strict=True))["促进就业"] == pytest.approx(50.0)
    assert "公共服务" not in diamonds.y  # no figure, no expected share to set beside it


def test_an_area_ahead_of_schedule_is_not_red_because_of_one_red_task():
    # EMP-01-1 done (100%), EMP-02-1 at 20% of 50% expected (red): the mean 60% is 10 points ahead.
    status = compute_status(PLAN, {("EMP-01-1", 6): 400000.0, ("EMP-02-1", 6): 10.0}, 6)
    assert status.task("EMP-02").severity.value == "red"
    fig = area_progress_chart(PLAN, status, "zh")
    assert colour_of(fig, "促进就业") == STATUS_COLORS["ahead"]
    bar = next(tr for tr in bars(fig) if "促进就业" in tr.y)
    hover = list(bar.customdata)[list(bar.y).index("促进就业")]
    assert hover == "促进就业：2项任务中1项慢序时"  # the lagging task is still named on hover


@pytest.mark.parametrize(
    ("progress", "expected", "style"),
    [
        (None, 0.5, "no_data"),
        (1.0, 0.5, "done"),
        (0.55, 0.5, "ahead"),
        (0.54, 0.5, "on_pace"),
        (0.45, 0.5, "lagging_amber"),
        (0.39, 0.5, "lagging_red"),
        (0.3, None, "on_pace"),
    ],
)
def test_a_bars_own_style_uses_the_status_thresholds(progress, expected, style):
    assert own_style(progress, expected) == style


def test_percentage_labels_sit_right_of_the_bar_and_of_the_diamond():
    fig = area_progress_chart(PLAN, STATUS, "zh")
    rows = {r["y"]: r for r in (a.to_plotly_json() for a in fig.layout.annotations)}
    diamonds = next(tr for tr in fig.data if tr.type == "scatter")
    expected = dict(zip(diamonds.y, diamonds.x, strict=True))
    for tr in bars(fig):
        for y, x in zip(tr.y, tr.x, strict=True):
            label = rows[y]
            assert label["x"] >= x and label["x"] >= expected.get(y, 0.0)
            assert label["xanchor"] == "left"
            assert label["xshift"] >= DIAMOND_SIZE / 2 + 2  # clear of the diamond's right tip
            assert label["font"]["size"] >= 11
    assert rows["促进就业"]["text"] == "80.0%"
    # 社会保障 is behind: its diamond (50%) is right of its bar (35%), so the label follows the diamond
    assert rows["社会保障"]["x"] == pytest.approx(50.0)
    assert all(tr.textposition == "none" for tr in bars(fig))  # no second label under a diamond
    assert fig.layout.xaxis.range[1] >= max(r["x"] for r in rows.values()) * 1.15


def test_chinese_value_axes_read_wan_and_english_thousands():
    ind = PLAN.indicator("EMP-01-1")  # 400,000 postings
    zh = schedule_chart(ind, None, {3: 124000.0}, 3, "zh")
    assert list(zh.layout.yaxis.ticktext) == ["0", "10万", "20万", "30万", "40万"]
    assert list(zh.layout.yaxis.tickvals) == [0, 100000, 200000, 300000, 400000]
    en = schedule_chart(ind, None, {3: 124000.0}, 3, "en")
    assert list(en.layout.yaxis.ticktext) == ["0", "100K", "200K", "300K", "400K"]
    small = schedule_chart(PLAN.indicator("HEA-01-1"), None, {}, 6, "zh")  # 7,000 children
    assert list(small.layout.yaxis.ticktext)[-2:] == ["6,000", "8,000"]


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(400000, [0, 100000, 200000, 300000, 400000]), (7000, [0, 2000, 4000, 6000, 8000]), (13, [0, 5, 10, 15])],
)
def test_nice_ticks_reach_the_top_in_round_steps(top, ticks):
    assert nice_ticks(top) == ticks


@pytest.mark.parametrize(
    ("value", "zh", "en"), [(400000, "40万", "400K"), (125000000, "1.25亿", "125M"), (2500, "2,500", "2,500")]
)
def test_compact_numbers(value, zh, en):
    assert compact_number(value, "zh") == zh and compact_number(value, "en") == en


def test_titles_sit_above_and_legends_below_the_plot_so_a_phone_keeps_them_apart():
    for fig in (
        area_progress_chart(PLAN, STATUS, "zh"),
        schedule_chart(PLAN.indicator("HEA-01-1"), STATUS.indicator("HEA-01-1"), FIGURES_HEA, 6, "zh"),
    ):
        title, legend, margin = fig.layout.title, fig.layout.legend, fig.layout.margin
        assert (title.yref, title.yanchor, title.y, title.xanchor) == ("container", "top", 1, "left")
        assert title.pad.t >= 24  # the toolbar's row above the title
        assert margin.t >= title.pad.t + 20 * (title.text.count("<br>") + 1)
        assert (legend.yref, legend.yanchor, legend.y, legend.orientation) == ("container", "bottom", 0, "h")
        assert margin.b >= 48 + 20  # the x axis, then at least one legend row


def test_long_titles_wrap_to_a_phones_width():
    text = wrap_title("为困难重度残疾人家庭实施无障碍改造（含适老化改造）的户数：累计完成与序时进度")
    lines = text.split("<br>")
    assert (
        len(lines) > 1
        and "".join(lines) == "为困难重度残疾人家庭实施无障碍改造（含适老化改造）的户数：累计完成与序时进度"
    )
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 40 for line in lines)
    assert wrap_title("各方面平均完成进度与序时进度") == "各方面平均完成进度与序时进度"


@pytest.mark.parametrize(
    ("lang", "title", "axis", "legend"),
    [
        ("zh", "各方面平均完成进度与序时进度", "完成进度（%）", "颜色：该方面平均完成进度对照平均序时进度"),
        (
            "en",
            "Mean progress by area against the schedule",
            "Progress (%)",
            "Colour: the area's mean progress against its mean schedule",
        ),
    ],
)
def test_titles_axes_and_legends_follow_the_language(lang, title, axis, legend):
    fig = area_progress_chart(PLAN, STATUS, lang)
    assert fig.layout.title.text.replace("<br>", " " if lang == "en" else "") == title  # wrapped for phones
    assert fig.layout.xaxis.title.text == axis
    assert fig.layout.legend.title.text == legend
    assert fig.layout.font.family == FONT_FAMILY and FONT_FAMILY.startswith("Noto Sans CJK SC")
    names = {tr.name for tr in fig.data}
    assert ("Lagging (Red)" in " ".join(names)) == (lang == "en")
    assert ("慢序时（红灯）" in " ".join(names)) == (lang == "zh")


def test_schedule_chart_draws_actuals_target_and_the_linear_schedule():
    ind = PLAN.indicator("HEA-01-1")
    series = {2: 1000.0, 4: 2100.0, 6: 3600.0, 8: 5000.0}
    fig = schedule_chart(ind, STATUS.indicator("HEA-01-1"), series, 6, "en")
    roles = {tr.meta["role"]: tr for tr in fig.data}
    assert set(roles) == {"schedule", "target", "actual"}
    assert list(roles["actual"].x) == [2, 4, 6]  # August is after the as-of month
    assert list(roles["actual"].y) == [1000.0, 2100.0, 3600.0]
    assert roles["actual"].line.color == STATUS_COLORS["on_pace"]
    assert list(roles["target"].y) == [7000, 7000]
    assert list(roles["schedule"].x) == list(range(13))
    assert list(roles["schedule"].y) == pytest.approx([7000 * m / 12 for m in range(13)])
    assert fig.layout.xaxis.title.text == "Month"
    assert fig.layout.yaxis.title.text == "Cumulative (children)"
    assert list(fig.layout.xaxis.ticktext)[:2] == ["Jan", "Feb"]


def test_schedule_chart_honours_a_custom_trajectory():
    ind = PLAN.indicator("HEA-01-1")
    winter = (0.0, 0.0, 0.0, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.0, 1.0)
    fig = schedule_chart(ind, None, {}, 6, "zh", {"HEA-01-1": winter})
    schedule = next(tr for tr in fig.data if tr.meta["role"] == "schedule")
    assert list(schedule.y) == pytest.approx([0.0, *(7000 * s for s in winter)])
    assert schedule.line.color == EXPECTED_COLOR
    assert fig.layout.title.text == "适龄儿童免费牙齿窝沟封闭：<br>累计完成与序时进度"
    linear = schedule_chart(ind, None, {}, 6, "zh", {"HEA-01-1": linear_trajectory()})
    assert list(next(tr for tr in linear.data if tr.meta["role"] == "schedule").y)[6] == pytest.approx(3500)


def test_a_standard_has_no_schedule_line():
    ind = PLAN.indicator("SOC-01-1")
    assert ind.kind.value == "standard"
    status = compute_status(PLAN, {("SOC-01-1", 6): 1.0}, 6).indicator("SOC-01-1")
    fig = schedule_chart(ind, status, {6: 1.0}, 6, "zh")
    assert {tr.meta["role"] for tr in fig.data} == {"target", "actual"}
    assert fig.data[-1].line.color == STATUS_COLORS["done"]


def test_increments_are_the_differences_between_reported_months():
    ind = PLAN.indicator("HEA-01-1")
    fig = increments_chart(ind, {2: 1000.0, 4: 2100.0, 6: 3600.0, 8: 5000.0}, 6, "zh")
    (bar,) = fig.data
    assert list(bar.y) == [2, 4, 6] and list(bar.x) == [1000.0, 1100.0, 1500.0]
    assert list(bar.text) == ["1,000", "1,100", "1,500"]
    assert bar.textfont.size >= 11 and bar.constraintext == "none"  # never shrunk to the bar's width
    assert list(fig.layout.yaxis.ticktext) == ["2月", "4月", "6月"] and fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "逐月新增"
    assert fig.layout.xaxis.title.text == "当月新增（名）"
    assert bar.marker.color not in STATUS_COLORS.values()


def test_levels_not_increments_for_an_amount_per_person():
    ind = PLAN.indicator("SOC-05-1")
    fig = increments_chart(ind, {8: 3000.0, 9: 3000.0}, 9, "en")
    assert list(fig.data[0].x) == [3000.0, 3000.0]
    assert fig.layout.title.text == "Value reported each month"


def test_status_counts_chart_counts_tasks_with_the_palette():
    fig = status_counts_chart(STATUS.summary, "en")
    by_style = {tr.meta["style"]: tr for tr in fig.data}
    assert list(by_style) == list(STYLE_ORDER)
    assert by_style["lagging_red"].y[0] == STATUS.summary.lagging_red == 1
    assert by_style["no_data"].y[0] == STATUS.summary.no_data
    for style, tr in by_style.items():
        assert tr.marker.color == STATUS_COLORS[style]
        assert tr.name == style_text(style, "en")
    assert fig.layout.title.text == "25 tasks by status"


def test_the_builders_need_plotly_not_streamlit():
    code = "import sys, targets.charts; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
    fig = area_progress_chart(PLAN, STATUS, "zh")
    assert json.loads(fig.to_json())["layout"]["title"]["text"] == "各方面平均完成进度与序时进度"


def test_increment_labels_use_wan_in_chinese():
    ind = PLAN.indicator("EMP-01-1")
    fig = increments_chart(ind, {1: 53532.0, 2: 108000.0, 3: 115054.0}, 3, "zh")
    assert list(fig.data[0].text) == ["5.35万", "5.45万", "7,054"]
    assert bar_value(53532.0, ind, "en") == "53,532"
