"""Status against the time-proportional schedule (序时进度): every kind, every edge, a hand-computed plan."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.catalogue import load_bundled
from targets.i18n import STRINGS
from targets.model import Area, Direction, Indicator, Kind, Plan, Source, Task, Text
from targets.status import (
    STATUS_COLORS,
    STATUS_ICONS,
    STYLE_ORDER,
    IndicatorStatus,
    Settings,
    Severity,
    Status,
    compute_status,
    deadline_of,
    expected_share,
    headline_month,
    icon,
    label,
    latest_month_with_data,
    linear_trajectory,
    month_end,
    rank,
    severity_label,
    status_json,
    style_key,
    validate_trajectory,
)

SRC = Source("test", "test")


# --- building plans by hand --------------------------------------------------------------------


def make_indicator(
    code: str = "X-01-1",
    kind: Kind = Kind.COUNT,
    target: float = 1000.0,
    *,
    deadline_month: int = 12,
    name: str | None = None,
    position: int = 0,
) -> Indicator:
    task_code = code.rsplit("-", 1)[0]
    area_code = code.split("-", 1)[0]
    return Indicator(
        code=code,
        task_code=task_code,
        area_code=area_code,
        name=Text(f"指标{name or code}", name or f"Indicator {code}"),
        unit=Text("个", "items"),
        kind=kind,
        target=target,
        stated=str(target),
        source=SRC,
        position=position,
        deadline_month=deadline_month,
    )


def make_plan(*indicators: Indicator, declared_tasks: int | None = None, year: int = 2024) -> Plan:
    """A plan whose tasks and areas are read off the indicators' codes, in order of appearance."""
    indicators = tuple(replace(ind, position=n) for n, ind in enumerate(indicators))
    areas: dict[str, Area] = {}
    tasks: dict[str, Task] = {}
    for ind in indicators:
        areas.setdefault(ind.area_code, Area(ind.area_code, Text(f"方面{ind.area_code}", ind.area_code), len(areas)))
        tasks.setdefault(
            ind.task_code,
            Task(ind.task_code, ind.area_code, Text(f"任务{ind.task_code}", ind.task_code), SRC, len(tasks)),
        )
    return Plan(
        year=year,
        declared_tasks=declared_tasks if declared_tasks is not None else len(tasks),
        declared_areas=len(areas),
        title=Text("测试计划", "Test plan"),
        declaration=None,
        areas=tuple(areas.values()),
        tasks=tuple(tasks.values()),
        indicators=indicators,
    )


def judge(ind: Indicator, by_month: dict[int, float], as_of: int, **kwargs) -> IndicatorStatus:
    """The status of one indicator given its cumulative figures by month."""
    plan = make_plan(ind)
    figures = {(ind.code, m): v for m, v in by_month.items()}
    return compute_status(plan, figures, as_of, **kwargs).indicator(ind.code)


# --- the hand-computed fixture plan ------------------------------------------------------------
# Two areas, three tasks, eight indicators; as of the end of June, default settings.

FIXTURE_INDICATORS = (
    make_indicator("A-01-1", Kind.COUNT, 1200, name="Meal points"),
    make_indicator("A-01-2", Kind.COUNT, 1000, name="Retrofits"),
    make_indicator("A-01-3", Kind.MINIMUM, 50, name="Courts"),
    make_indicator("A-02-1", Kind.RATE, 98, name="Coverage"),
    make_indicator("A-02-2", Kind.STANDARD, 1, name="Allowance standard"),
    make_indicator("B-01-1", Kind.COUNT, 300, deadline_month=6, name="Sealants"),
    make_indicator("B-01-2", Kind.PER_PERSON, 3000, name="Grant"),
    make_indicator("B-01-3", Kind.COUNT, 400, name="Screenings"),
)
FIXTURE_FIGURES: dict[tuple[str, int], float] = {
    **{("A-01-1", m): 100.0 * m for m in range(1, 7)},  # exactly on the linear schedule
    ("A-01-2", 3): 100,
    ("A-01-2", 4): 250,
    ("A-01-2", 5): 420,  # nothing for June: May's figure is used
    ("A-01-3", 6): 60,  # 60 of "50以上"
    ("A-02-1", 6): 98.5,  # a 98% rate reached (a level, judged as it stands)
    ("A-02-2", 6): 0,  # standard not met yet, due in December
    ("B-01-1", 6): 200,  # due by June: 200 of 300
    ("B-01-2", 6): 3200,  # 3,200 yuan per person against 3,000
    ("A-01-1", 7): 5000,  # after as_of: ignored
}

# code: (status, severity, progress, expected, gap_points, latest_month, projection, projection_misses)
# worked out by hand:
#   A-01-1  600/1200 = .5 vs 6/12 = .5; pace (600-300)/3 = 100/month -> 600 + 6*100 = 1200 (not short)
#   A-01-2  420/1000 = .42 vs .5 -> 8 points behind (<= 10: amber); pace 420/5 = 84 -> 420 + 7*84 = 1008
#   A-01-3  60 >= 50 done; 60/50 = 1.2; pace 60/6 = 10 -> 120
#   A-02-1  a level: 98.5 >= 98 before its December deadline -> on pace; expected 1.0 (the whole level),
#           gap (98.5/98 - 1) x 100 = 0.51; no projection
#   A-02-2  standard 0 before its December deadline: on pace; no schedule, no projection
#   B-01-1  200/300 = .6667 vs 6/6 = 1 -> 33.33 behind: red; at its deadline, projection = 200 < 300
#   B-01-2  3200 >= 3000 done; 3200/3000 = 1.0667
#   B-01-3  nothing reported; expected .5 all the same
FIXTURE_TABLE = {
    "A-01-1": ("on_pace", None, 0.5, 0.5, 0.0, 6, 1200.0, False),
    "A-01-2": ("lagging", "amber", 0.42, 0.5, -8.0, 5, 1008.0, False),
    "A-01-3": ("done", None, 1.2, 0.5, 70.0, 6, 120.0, False),
    "A-02-1": ("on_pace", None, 1.0051, 1.0, 0.51, 6, None, False),
    "A-02-2": ("on_pace", None, 0.0, None, None, 6, None, False),
    "B-01-1": ("lagging", "red", 0.6667, 1.0, -33.33, 6, 200.0, True),
    "B-01-2": ("done", None, 1.0667, None, None, 6, None, False),
    "B-01-3": ("no_data", None, None, 0.5, None, None, None, False),
}


@pytest.fixture
def fixture_status():
    return compute_status(make_plan(*FIXTURE_INDICATORS, declared_tasks=5), FIXTURE_FIGURES, 6)


def r(value, digits):
    return None if value is None else round(value, digits)


def test_fixture_plan_matches_the_hand_computed_table(fixture_status):
    got = {
        i.code: (
            i.status.value,
            i.severity.value if i.severity else None,
            r(i.progress, 4),
            r(i.expected, 4),
            r(i.gap_points, 2),
            i.latest_month,
            r(i.projection, 2),
            i.projection_misses,
        )
        for i in fixture_status.indicators
    }
    assert got == FIXTURE_TABLE
    assert [i.code for i in fixture_status.indicators] == [i.code for i in FIXTURE_INDICATORS]


def test_fixture_tasks_take_their_worst_indicator(fixture_status):
    tasks = {
        ts.code: (ts.status.value, ts.severity, ts.worst_indicator, ts.projection_misses) for ts in fixture_status.tasks
    }
    assert tasks == {
        "A-01": ("lagging", "amber", "A-01-2", False),
        "A-02": ("on_pace", None, "A-02-2", False),
        "B-01": ("lagging", "red", "B-01-1", True),
    }
    a01 = fixture_status.task("A-01")
    assert a01.indicator_codes == ("A-01-1", "A-01-2", "A-01-3")
    # several indicators: the worst one's explanation, prefixed with its name
    worst = fixture_status.indicator("A-01-2")
    assert a01.explanation("en") == f"Retrofits: {worst.explanation_en}"
    assert a01.explanation("zh") == f"指标Retrofits：{worst.explanation_zh}"


def test_fixture_summary_and_areas(fixture_status):
    assert fixture_status.summary.as_json() == {
        "done": 0,
        "ahead": 0,
        "on_pace": 1,
        "lagging": 2,
        "lagging_amber": 1,
        "lagging_red": 1,
        "no_data": 0,
        "projection_misses": 1,
        "total_catalogued": 3,
        "declared_tasks": 5,
    }
    a, b = fixture_status.areas
    assert (a.code, a.on_pace, a.lagging, a.lagging_amber, a.lagging_red, a.total_catalogued) == ("A", 1, 1, 1, 0, 2)
    assert (b.code, b.lagging, b.lagging_red, b.projection_misses, b.total_catalogued) == ("B", 1, 1, 1, 1)
    # mean progress capped at 1 over indicators with data: A (.5 + .42 + 1 + 1 + 0) / 5, B (2/3 + 1) / 2
    assert a.mean_progress == pytest.approx((0.5 + 0.42 + 1.0 + 1.0 + 0.0) / 5)
    assert round(a.mean_progress, 4) == 0.584
    assert b.mean_progress == pytest.approx((200 / 300 + 1.0) / 2)
    assert (a.indicators_with_data, b.indicators_with_data) == (5, 2)
    assert fixture_status.area("B") is b


def test_fixture_lagging_tasks_worst_first(fixture_status):
    assert [ts.code for ts in fixture_status.lagging_tasks()] == ["B-01", "A-01"]


def test_fixture_json_is_shaped_for_the_cli(fixture_status):
    doc = status_json(fixture_status, "en")
    json.dumps(doc)  # serialisable as is
    assert set(doc) == {"year", "as_of", "indicators", "tasks", "areas", "summary", "coverage"}
    # June: six of the eight indicators have a June figure; A-01-2 is judged on May's (marked), B-01-3 has none
    assert doc["coverage"] == {"month": 6, "reported": 6, "total": 8, "text": "June: 6 of 8 indicators reported"}
    assert doc["year"] == 2024
    assert doc["as_of"] == "2024-06"
    first = doc["indicators"][0]
    assert set(first) == {
        "code",
        "task",
        "area",
        "actual",
        "target",
        "progress",
        "expected",
        "status",
        "severity",
        "gap_points",
        "latest_month",
        "projection",
        "projection_misses",
        "explanation",
        "direction",
        "figure_month",
        "stale",
        "stale_note",
    }
    by_code = {i["code"]: i for i in doc["indicators"]}
    assert by_code["A-02-1"]["progress"] == 1.0051  # a fraction, 4 decimals
    assert by_code["A-02-1"]["expected"] == 1.0  # a level: the whole of it, whatever the month
    assert by_code["A-02-1"]["gap_points"] == 0.51
    assert {i["direction"] for i in doc["indicators"]} == {"higher"}
    assert by_code["A-01-2"] | {"explanation": None} == {
        "code": "A-01-2",
        "task": "A-01",
        "area": "A",
        "actual": 420.0,
        "target": 1000.0,
        "progress": 0.42,
        "expected": 0.5,
        "status": "lagging",
        "severity": "amber",
        "gap_points": -8.0,
        "latest_month": 5,
        "projection": 1008.0,
        "projection_misses": False,
        "explanation": None,
        "direction": "higher",
        "figure_month": 5,
        "stale": True,
        "stale_note": "May figures carried forward",
    }
    assert by_code["A-01-1"]["stale"] is False and by_code["A-01-1"]["stale_note"] is None
    assert by_code["B-01-3"]["status"] == "no_data" and by_code["B-01-3"]["progress"] is None
    assert by_code["B-01-1"]["explanation"].startswith("Expected 100.0% by end of June, actual 66.7%")
    assert [set(ts) for ts in doc["tasks"]] == [
        {"code", "area", "status", "severity", "projection_misses", "explanation"}
    ] * 3
    assert doc["tasks"][2] | {"explanation": None} == {
        "code": "B-01",
        "area": "B",
        "status": "lagging",
        "severity": "red",
        "projection_misses": True,
        "explanation": None,
    }
    assert doc["summary"]["declared_tasks"] == 5
    assert doc["areas"][0]["code"] == "A" and doc["areas"][0]["mean_progress"] == 0.584
    zh = status_json(fixture_status)
    assert zh["indicators"][1]["explanation"] == fixture_status.indicator("A-01-2").explanation_zh


# --- every kind ----------------------------------------------------------------------------------


def test_target_reached_early_is_done_in_march():
    s = judge(make_indicator(target=1300), {1: 400, 2: 900, 3: 1320}, 3)
    assert s.status is Status.DONE and s.severity is None
    assert s.progress == pytest.approx(1320 / 1300)  # the real value, not capped
    assert s.expected == pytest.approx(0.25)
    assert s.explanation_en == "Target reached: 1,320 items of 1,300 items (101.5%)"  # figures carry their unit
    assert s.explanation_zh == "已完成全年目标：1,320个 / 1,300个（101.5%）"
    assert s.projection_misses is False


def test_lagging_explains_itself_in_both_languages():
    # 42.1% by the end of June against 50% expected; a quick recent pace, so no projection warning
    s = judge(make_indicator(target=1000), {1: 10, 2: 20, 3: 30, 4: 150, 5: 280, 6: 421}, 6)
    assert (s.status, s.severity) == (Status.LAGGING, Severity.AMBER)
    assert s.gap_points == pytest.approx(-7.9)
    assert s.explanation_en == "Expected 50.0% by end of June, actual 42.1%, 7.9 points behind"
    assert s.explanation_zh == "按序时应完成50.0%（截至6月底），实际完成42.1%，落后7.9个百分点"
    assert s.explanation("en") == s.explanation_en and s.explanation("zh") == s.explanation_zh


def test_on_pace_and_ahead_say_how_far_ahead():
    on = judge(make_indicator(target=1000), {6: 532}, 6)
    assert on.status is Status.ON_PACE
    assert on.explanation_en.startswith("Expected 50.0% by end of June, actual 53.2%, 3.2 points ahead")
    assert on.explanation_zh.startswith("按序时应完成50.0%（截至6月底），实际完成53.2%，超前3.2个百分点")
    ahead = judge(make_indicator(target=1000), {6: 700}, 6)
    assert ahead.status is Status.AHEAD
    assert ahead.explanation_en == "Expected 50.0% by end of June, actual 70.0%, 20.0 points ahead"
    level = judge(make_indicator(target=1000), {3: 250, 6: 500}, 6)
    assert level.status is Status.ON_PACE and level.gap_points == 0
    assert level.explanation_en == "Expected 50.0% by end of June, actual 50.0%, on schedule"


def test_minimum_is_done_at_the_floor_and_beyond():
    assert judge(make_indicator(kind=Kind.MINIMUM, target=1200), {9: 1200}, 9).status is Status.DONE
    below = judge(make_indicator(kind=Kind.MINIMUM, target=1200), {9: 1199}, 9)
    assert below.status is Status.AHEAD  # one short of the floor: not done, but well ahead of 75%
    assert judge(make_indicator(kind=Kind.MINIMUM, target=1200), {12: 1199}, 12).status is Status.LAGGING


def test_minimum_below_the_floor_follows_the_schedule():
    s = judge(make_indicator(kind=Kind.MINIMUM, target=1200), {9: 1000}, 9)
    assert s.status is Status.AHEAD  # 83.3% against 75% expected
    assert s.gap_points == pytest.approx(1000 / 1200 * 100 - 75)


def test_zero_target_is_done_and_says_why():
    s = judge(make_indicator(target=0), {3: 0}, 3)
    assert s.status is Status.DONE
    assert s.progress is None and s.gap_points is None
    assert "zero" in s.explanation_en and "目标值为0" in s.explanation_zh
    negative = judge(make_indicator(target=0), {3: -2}, 3)
    assert (negative.status, negative.severity) == (Status.LAGGING, Severity.RED)
    assert "negative" in negative.explanation_en


def test_negative_or_missing_target_has_no_data():
    neg = judge(make_indicator(target=-5), {3: 10}, 3)
    assert neg.status is Status.NO_DATA and neg.progress is None
    assert "negative" in neg.explanation_en and "负数" in neg.explanation_zh
    missing = judge(make_indicator(target=math.nan), {3: 10}, 3)
    assert missing.status is Status.NO_DATA and missing.target is None
    assert "No target" in missing.explanation_en and "目标值缺失" in missing.explanation_zh


def test_a_rate_is_a_level_judged_as_it_stands_not_against_a_share_of_the_year():
    rate = make_indicator(kind=Kind.RATE, target=95)
    # 60% in March is 63% of a 95% level: under a time-proportional share (25%) it read "ahead"
    march = judge(rate, {3: 60}, 3)
    assert (march.status, march.severity) == (Status.LAGGING, Severity.RED)
    assert march.expected == 1.0 and march.progress == pytest.approx(60 / 95)
    assert march.gap_points == pytest.approx((60 / 95 - 1) * 100)
    assert march.projection is None and not march.projection_misses
    assert march.explanation_zh == "实际60%，低于目标水平95%（为目标的63.2%）"
    # close below the level before the deadline: amber (within the tolerance of 10 points of the level)
    near = judge(rate, {6: 90}, 6)
    assert (near.status, near.severity) == (Status.LAGGING, Severity.AMBER)
    # reached before the deadline: on pace, to be held; done once the deadline month is reached
    held = judge(rate, {6: 96}, 6)
    assert held.status is Status.ON_PACE and held.severity is None
    assert held.explanation_en == "96%, at or above the target level of 95% (to be held until end of December)"
    done = judge(rate, {12: 95}, 12)
    assert done.status is Status.DONE and done.explanation_en == "Done: 95%, at or above the target level of 95%"
    # below the level at the deadline is red however close
    assert judge(rate, {12: 94.9}, 12).severity is Severity.RED
    # a rate may go down without a "cumulative fell" note: it is not cumulative
    assert "fell" not in judge(rate, {5: 97, 6: 96}, 6).explanation_en


def test_a_ceiling_at_or_below_is_on_pace_then_done_and_above_is_red_with_no_share_of_completion():
    ceiling = replace(make_indicator(kind=Kind.RATE, target=4.5), direction=Direction.LOWER)
    march = judge(ceiling, {3: 3.9}, 3)
    assert (march.status, march.severity) == (Status.ON_PACE, None)
    assert march.progress is None and march.expected is None and march.gap_points is None
    assert march.projection is None and march.direction is Direction.LOWER
    assert march.explanation_zh == "实际3.9%，未超过上限4.5%（应保持至12月底）"
    june = judge(ceiling, {3: 3.9, 6: 4.8}, 6)
    assert (june.status, june.severity) == (Status.LAGGING, Severity.RED)
    assert june.progress is None
    assert june.explanation_zh == "实际4.8%，超过上限4.5%"
    assert judge(ceiling, {12: 4.5}, 12).status is Status.DONE  # at the ceiling, at the deadline
    assert judge(ceiling, {12: 4.51}, 12).status is Status.LAGGING
    # a ceiling on a cumulative count (控制在500人以内) is read the same way, and a zero ceiling too
    count = replace(make_indicator(kind=Kind.COUNT, target=500), direction=Direction.LOWER)
    assert judge(count, {6: 480}, 6).status is Status.ON_PACE
    assert judge(count, {6: 520}, 6).severity is Severity.RED
    zero = replace(make_indicator(kind=Kind.COUNT, target=0), direction=Direction.LOWER)
    assert judge(zero, {12: 0}, 12).status is Status.DONE
    assert judge(zero, {6: 1}, 6).severity is Severity.RED
    doc = status_json(compute_status(make_plan(ceiling), {(ceiling.code, 6): 4.8}, 6))
    assert doc["indicators"][0]["direction"] == "lower" and doc["indicators"][0]["progress"] is None


def test_standard_met_is_done_at_any_month():
    s = judge(make_indicator(kind=Kind.STANDARD, target=1), {3: 1}, 3)
    assert s.status is Status.DONE
    assert s.explanation_en == "Standard met" and s.explanation_zh == "已达标"
    assert s.expected is None and s.gap_points is None and s.projection is None


def test_standard_not_met_before_the_deadline_is_on_pace():
    s = judge(make_indicator(kind=Kind.STANDARD, target=1), {6: 0}, 6)
    assert s.status is Status.ON_PACE and s.severity is None
    assert s.explanation_en == "Standard not yet met; due by end of December"
    assert s.explanation_zh == "尚未达标，应于12月底前达标"


def test_standard_not_met_at_or_after_the_deadline_is_red():
    at = judge(make_indicator(kind=Kind.STANDARD, target=1), {12: 0}, 12)
    assert (at.status, at.severity) == (Status.LAGGING, Severity.RED)
    assert at.explanation_en == "Standard not met; it was due by end of December"
    june = make_indicator(kind=Kind.STANDARD, target=1, deadline_month=6)
    assert judge(june, {5: 0}, 5).status is Status.ON_PACE
    assert judge(june, {5: 0}, 5).explanation_en == "Standard not yet met; due by end of June"
    assert (judge(june, {6: 0}, 6).status, judge(june, {6: 0}, 6).severity) == (Status.LAGGING, Severity.RED)
    assert judge(june, {7: 0}, 9).severity is Severity.RED


def test_per_person_at_or_above_the_standard_is_done():
    s = judge(make_indicator(kind=Kind.PER_PERSON, target=3000), {2: 3200}, 2)
    assert s.status is Status.DONE
    assert s.progress == pytest.approx(3200 / 3000)
    assert s.explanation_en == "3,200 items per person, meeting the standard of 3,000 items"
    assert s.explanation_zh == "人均3,200个，达到标准3,000个"


def test_per_person_below_the_standard_is_red_at_any_month():
    for month in (1, 6, 12):
        s = judge(make_indicator(kind=Kind.PER_PERSON, target=3000), {month: 2800}, month)
        assert (s.status, s.severity) == (Status.LAGGING, Severity.RED)
        assert s.expected is None and s.gap_points is None and s.projection is None
        assert s.explanation_zh == "人均2,800个，低于标准3,000个"


# --- missing, earlier, falling, out-of-range figures --------------------------------------------


def test_a_missing_month_uses_the_latest_earlier_figure_and_says_so():
    s = judge(make_indicator(target=1000), {2: 100, 4: 300}, 6)
    assert s.latest_month == 4 and s.actual == 300
    assert s.progress == pytest.approx(0.3) and s.expected == pytest.approx(0.5)  # judged as of June
    assert "April figures carried forward (none reported for end of June)" in s.explanation_en
    assert "沿用4月数据（6月底未填报）" in s.explanation_zh
    # marked, the same way everywhere: stale, the figure's month, and the note the pages and exports show
    assert s.stale and s.stale_note("zh") == "沿用4月数据" and s.stale_note("en") == "April figures carried forward"
    assert s.explanation_zh.startswith("按序时应完成50.0%")
    fresh = judge(make_indicator(target=1000), {2: 100, 4: 300, 6: 500}, 6)
    assert "April" not in fresh.explanation_en and fresh.latest_month == 6
    assert not fresh.stale and fresh.stale_note() == ""


def test_a_cumulative_that_falls_uses_the_latest_value_and_says_so():
    s = judge(make_indicator(target=1000), {4: 400, 5: 500, 6: 450}, 6)
    assert s.actual == 450 and s.progress == pytest.approx(0.45)
    assert "cumulative fell from 500 items in May to 450 items in June" in s.explanation_en
    assert "累计数由5月的500个降至6月的450个" in s.explanation_zh
    steady = judge(make_indicator(target=1000), {4: 400, 5: 500, 6: 550}, 6)
    assert "fell" not in steady.explanation_en


def test_as_of_before_any_data_has_no_data():
    s = judge(make_indicator(target=100), {4: 5000}, 3)  # April's figure is after the view
    assert s.status is Status.NO_DATA
    assert s.actual is None and s.latest_month is None and s.progress is None and s.projection is None
    assert s.explanation_en == "No figure reported up to end of March"
    assert s.explanation_zh == "截至3月底未填报"
    assert s.expected == pytest.approx(0.25)


def test_nan_figures_count_as_not_reported():
    s = judge(make_indicator(target=100), {2: 20, 3: math.nan}, 3)
    assert s.latest_month == 2 and s.actual == 20
    assert latest_month_with_data({("X-01-1", 2): 20, ("X-01-1", 3): math.nan}) == 2


def test_bad_months_are_refused():
    plan = make_plan(make_indicator())
    with pytest.raises(ValueError):
        compute_status(plan, {}, 0)
    with pytest.raises(ValueError):
        compute_status(plan, {}, 13)
    with pytest.raises(ValueError):
        compute_status(plan, {("X-01-1", 13): 5}, 6)


def test_latest_month_with_data():
    assert latest_month_with_data({}) is None
    assert latest_month_with_data({("a", 3): 1, ("b", 7): 0, ("a", 5): 2}) == 7


def test_the_headline_month_is_the_latest_month_most_reporting_indicators_have_reached():
    through_september = {(f"I{n}", m): 10.0 * m for n in range(30) for m in range(1, 10)}
    assert headline_month(through_september) == 9
    early = {**through_september, ("I0", 10): 100.0}  # one early upload for October
    assert latest_month_with_data(early) == 10
    assert headline_month(early) == 9  # not moved by one early figure
    # once half of the indicators that report at all have October, October is the headline month
    half = {**through_september, **{(f"I{n}", 10): 100.0 for n in range(15)}}
    assert headline_month(half) == 10
    assert headline_month({**through_september, **{(f"I{n}", 10): 100.0 for n in range(14)}}) == 9
    # indicators that never report do not hold it back; months not reported in between do not matter
    assert headline_month({("a", 3): 1, ("b", 7): 0, ("a", 5): 2}) == 7
    assert headline_month({("a", 2): 1, ("b", 5): 1, ("c", 6): 1}) == 5
    assert headline_month({("a", 4): math.nan, ("a", 3): 1}) == 3
    assert headline_month({}) is None


@settings(max_examples=200, deadline=None)
@given(
    latest=st.lists(st.integers(min_value=1, max_value=11), min_size=3, max_size=40),
    early=st.integers(min_value=0, max_value=39),
)
def test_one_early_figure_never_sets_the_headline_month_of_three_or_more_indicators(latest, early):
    figures = {(f"I{n}", m): 1.0 for n, last in enumerate(latest) for m in range(1, last + 1)}
    before = headline_month(figures)
    # it is a month that at least half of the reporting indicators have reached
    assert sum(1 for last in latest if last >= before) * 2 >= len(latest)
    n = early % len(latest)
    figures[(f"I{n}", 12)] = 2.0  # one indicator reports December early
    after = headline_month(figures)
    others = [last for k, last in enumerate(latest) if k != n]
    assert before <= after <= max(others) < 12  # never the early month itself, only one others reached
    assert sum(1 for last in [*others, 12] if last >= after) * 2 >= len(latest)


# --- schedule: trajectories, deadlines, thresholds ------------------------------------------------

WINTER_PAUSE = (0.0, 0.0, 0.0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0, 1.0, 1.0)


def test_linear_expected_share():
    ind = make_indicator()
    assert [round(expected_share(ind, m), 4) for m in (0, 1, 6, 12)] == [0.0, 0.0833, 0.5, 1.0]
    assert linear_trajectory(12)[5] == 0.5
    with pytest.raises(ValueError):
        expected_share(ind, 13)


def test_custom_trajectory_winter_pause_keeps_expected_flat():
    ind = make_indicator(target=1000)
    traj = {ind.code: WINTER_PAUSE}
    shares = [expected_share(ind, m, traj) for m in range(1, 13)]
    assert shares[0] == shares[1] == shares[2] == 0.0  # January to March: nothing expected
    assert shares[9] == shares[10] == shares[11] == 1.0  # October on: all of it
    assert deadline_of(ind, traj) == 10
    # nothing done by March is on pace under the winter schedule, red under the linear one
    assert judge(ind, {3: 0}, 3, trajectories=traj).status is Status.ON_PACE
    assert judge(ind, {3: 0}, 3).severity is Severity.RED
    # May: expected 25%, 20% done -> 5 points behind, amber; the projection runs to October
    s = judge(ind, {4: 100, 5: 200}, 5, trajectories=traj)
    assert (s.status, s.severity, s.expected) == (Status.LAGGING, Severity.AMBER, 0.25)
    assert s.projection == pytest.approx(200 + 40 * 5)  # pace 200/5 from the start of the year, 5 months to go


def test_a_custom_trajectory_for_another_indicator_changes_nothing():
    ind = make_indicator(target=1000)
    assert judge(ind, {3: 0}, 3, trajectories={"OTHER": WINTER_PAUSE}).severity is Severity.RED


def test_an_invalid_trajectory_is_refused_not_guessed():
    ind = make_indicator()
    with pytest.raises(ValueError, match="X-01-1"):
        expected_share(ind, 3, {ind.code: (0.5, 0.4, *([1.0] * 10))})
    with pytest.raises(ValueError):
        compute_status(make_plan(ind), {}, 3, trajectories={ind.code: (0.1,) * 12})


def test_validate_trajectory_names_every_problem():
    assert validate_trajectory(WINTER_PAUSE) == []
    assert validate_trajectory(linear_trajectory(6)) == []
    assert len(validate_trajectory((0.5, 1.0))) == 1  # too short
    falling = validate_trajectory((0.1, 0.3, 0.2, *([1.0] * 9)), "en")
    assert len(falling) == 1 and "Month 3" in falling[0]
    not_one = validate_trajectory((0.1,) * 12, "en")
    assert len(not_one) == 1 and "December" in not_one[0]
    assert validate_trajectory((-0.1, *([1.0] * 11)), "en")[0].startswith("Month 1")
    assert validate_trajectory((1.5, *([1.0] * 11)))  # above 1 (and then falling)
    assert validate_trajectory(("x", *([1.0] * 11)))
    assert validate_trajectory((0.0, math.nan, *([1.0] * 10)))
    assert "12月" in validate_trajectory((0.1,) * 12)[0]  # Chinese by default


def test_deadline_month_six():
    ind = make_indicator(target=600, deadline_month=6)
    assert [expected_share(ind, m) for m in (3, 6, 9, 12)] == [0.5, 1.0, 1.0, 1.0]
    assert tuple(expected_share(ind, m) for m in range(1, 13)) == linear_trajectory(6)
    assert judge(ind, {3: 300}, 3).status is Status.ON_PACE
    late = judge(ind, {9: 590}, 9)
    assert (late.status, late.severity, late.expected) == (Status.LAGGING, Severity.AMBER, 1.0)
    assert judge(ind, {9: 500}, 9).severity is Severity.RED
    assert late.projection == 590  # past the deadline: what there is
    assert late.projection_misses is True
    assert "projected 590 items by end of June, short of 600 items" in late.explanation_en
    assert "按近期进度预计6月底完成590个，低于目标600个" in late.explanation_zh


def test_amber_red_boundary_is_exactly_at_the_tolerance():
    ind = make_indicator(target=1000)
    exactly = judge(ind, {6: 400}, 6)  # 40% vs 50%: exactly 10 points behind
    assert (exactly.status, exactly.severity) == (Status.LAGGING, Severity.AMBER)
    assert judge(ind, {6: 399}, 6).severity is Severity.RED
    # 19/60 vs 5/12 is exactly 10 points too, but naive floats say 10.000000000000004
    noisy = judge(make_indicator(target=60), {5: 19}, 5)
    assert noisy.severity is Severity.AMBER
    assert judge(ind, {6: 440}, 6, settings=Settings(tolerance_points=5)).severity is Severity.RED
    assert judge(ind, {6: 450}, 6, settings=Settings(tolerance_points=5)).severity is Severity.AMBER


def test_ahead_on_pace_boundary():
    ind = make_indicator(target=1000)
    assert judge(ind, {6: 550}, 6).status is Status.AHEAD  # exactly 5 points ahead
    assert judge(ind, {6: 549}, 6).status is Status.ON_PACE
    assert judge(ind, {6: 500}, 6).status is Status.ON_PACE  # exactly on the schedule
    assert judge(ind, {6: 499}, 6).status is Status.LAGGING
    # 30/100 vs 3/12 is exactly 5 points, but naive floats say 4.999999999999999
    assert judge(make_indicator(target=100), {3: 30}, 3).status is Status.AHEAD
    assert judge(ind, {6: 549}, 6, settings=Settings(ahead_points=4)).status is Status.AHEAD
    assert judge(ind, {6: 500}, 6, settings=Settings(ahead_points=0)).status is Status.AHEAD


def test_settings_are_checked():
    with pytest.raises(ValueError):
        Settings(tolerance_points=-1)
    with pytest.raises(ValueError):
        Settings(ahead_points=math.nan)
    with pytest.raises(ValueError):
        Settings(projection_window=0)


# --- projection and early warning ---------------------------------------------------------------


def test_on_pace_but_slowing_down_is_flagged():
    ind = make_indicator(target=1200)
    slowing = judge(ind, {1: 150, 2: 300, 3: 450, 4: 520, 5: 560, 6: 600}, 6)
    assert slowing.status is Status.ON_PACE  # 50% of 1,200 by June
    assert slowing.projection == pytest.approx(600 + (600 - 450) / 3 * 6)  # 900
    assert slowing.projection_misses is True
    assert slowing.explanation_en.endswith("; projected 900 items by end of December, short of 1,200 items")
    assert slowing.explanation_zh.endswith("；按近期进度预计年底完成900个，低于目标1,200个")
    steady = judge(ind, {m: 100 * m for m in range(1, 7)}, 6)
    assert steady.status is Status.ON_PACE and steady.projection == 1200 and steady.projection_misses is False
    assert "projected" not in steady.explanation_en
    # the whole half year as the window: 100 a month, just enough
    whole = judge(ind, {1: 150, 2: 300, 3: 450, 4: 520, 5: 560, 6: 600}, 6, settings=Settings(projection_window=6))
    assert whole.projection == pytest.approx(1200) and whole.projection_misses is False


def test_the_slowing_task_and_plan_carry_the_warning():
    good = make_indicator("T-01-1", target=1200)
    slow = make_indicator("T-01-2", target=1200)
    figures = {("T-01-1", m): 100.0 * m for m in range(1, 7)}
    figures |= {("T-01-2", m): v for m, v in zip(range(1, 7), (150, 300, 450, 520, 560, 600), strict=True)}
    ps = compute_status(make_plan(good, slow), figures, 6)
    assert ps.task("T-01").status is Status.ON_PACE
    assert ps.task("T-01").projection_misses is True
    assert ps.task("T-01").worst_indicator == "T-01-2"  # equal status and gap: the one whose projection misses
    assert ps.summary.projection_misses == 1 and ps.summary.on_pace == 1


def test_projection_spreads_gaps_between_reported_months():
    ind = make_indicator(target=1000)
    # first reported month: its cumulative since the start of the year
    assert judge(ind, {3: 300}, 3).projection == pytest.approx(300 + 100 * 9)
    # window of 2: from January's 100 to June's 300 is 40 a month, 6 months to go
    s = judge(ind, {1: 100, 2: 200, 6: 300}, 6, settings=Settings(projection_window=2))
    assert s.projection == pytest.approx(300 + 40 * 6)
    assert s.projection_misses is True
    # the view as of April ignores later months, and projects from February
    early = judge(ind, {1: 100, 2: 200, 6: 300}, 4)
    assert early.latest_month == 2 and early.projection == pytest.approx(200 + 100 * 10)


def test_no_projection_without_figures_or_schedule():
    assert judge(make_indicator(), {}, 6).projection is None
    assert judge(make_indicator(kind=Kind.STANDARD, target=1), {6: 0}, 6).projection is None
    assert judge(make_indicator(kind=Kind.PER_PERSON, target=3000), {6: 100}, 6).projection is None


def test_done_never_warns():
    # done, though a falling figure projects below the target
    s = judge(make_indicator(target=100), {1: 50, 2: 150, 3: 120}, 3, settings=Settings(projection_window=1))
    assert s.status is Status.DONE and s.projection == pytest.approx(120 - 30 * 9)
    assert s.projection_misses is False and "projected" not in s.explanation_en


# --- regional targets ---------------------------------------------------------------------------


def test_regional_targets_override_and_missing_ones_have_no_data():
    a = make_indicator("R-01-1", target=1000)
    b = make_indicator("R-01-2", target=1000)
    figures = {("R-01-1", 6): 60, ("R-01-2", 6): 60}
    ps = compute_status(make_plan(a, b), figures, 6, targets={"R-01-1": 100})
    assert ps.indicator("R-01-1").target == 100 and ps.indicator("R-01-1").progress == pytest.approx(0.6)
    assert ps.indicator("R-01-1").status is Status.AHEAD
    no_target = ps.indicator("R-01-2")
    assert no_target.status is Status.NO_DATA and no_target.target is None and no_target.progress is None
    assert "No regional target" in no_target.explanation_en and "未设定" in no_target.explanation_zh
    assert no_target.actual == 60  # the figure is still shown
    assert compute_status(make_plan(a, b), figures, 6).indicator("R-01-2").target == 1000


# --- tasks, roll-ups, order ---------------------------------------------------------------------

# one indicator per status, best first: (figures at June, target 1000; kind)
BEST_TO_WORST = [
    ("done", None, {6: 1000}),
    ("ahead", None, {6: 600}),
    ("on_pace", None, {6: 520}),
    ("no_data", None, {}),
    ("lagging", "amber", {6: 450}),
    ("lagging", "red", {6: 300}),
]


@pytest.mark.parametrize("n", range(1, len(BEST_TO_WORST) + 1))
def test_a_task_takes_its_worst_indicator(n):
    inds, figures = [], {}
    for k, (_, _, by_month) in enumerate(BEST_TO_WORST[:n]):
        ind = make_indicator(f"W-01-{k + 1}", target=1000)
        inds.append(ind)
        figures |= {(ind.code, m): v for m, v in by_month.items()}
    ps = compute_status(make_plan(*inds), figures, 6)
    for ind, (status, severity, _) in zip(inds, BEST_TO_WORST, strict=False):
        got = ps.indicator(ind.code)
        assert (got.status.value, got.severity) == (status, severity)
    task = ps.task("W-01")
    assert (task.status.value, task.severity) == BEST_TO_WORST[n - 1][:2]
    assert task.worst_indicator == f"W-01-{n}"
    if n == 1:
        assert task.explanation_en == ps.indicator("W-01-1").explanation_en  # one indicator: no prefix


def test_rank_orders_worst_to_best():
    assert STYLE_ORDER == ("lagging_red", "lagging_amber", "no_data", "on_pace", "ahead", "done")
    assert rank(Status.LAGGING, Severity.RED) < rank(Status.LAGGING, Severity.AMBER) < rank(Status.NO_DATA)
    assert rank(Status.NO_DATA) < rank(Status.ON_PACE) < rank(Status.AHEAD) < rank(Status.DONE)
    assert rank("lagging", "red") == 0 and rank("done") == 5


def test_lagging_tasks_red_before_amber_then_by_gap():
    inds = [
        make_indicator("L-01-1", target=1000),  # amber, 5 behind
        make_indicator("L-02-1", target=1000),  # red, 20 behind
        make_indicator("L-03-1", target=1000),  # amber, 9 behind
        make_indicator("L-04-1", target=1000),  # red, 40 behind
        make_indicator("L-05-1", kind=Kind.PER_PERSON, target=3000),  # red, no gap: worst of all
        make_indicator("L-06-1", target=1000),  # on pace: not listed
    ]
    values = {"L-01-1": 450, "L-02-1": 300, "L-03-1": 410, "L-04-1": 100, "L-05-1": 2000, "L-06-1": 510}
    ps = compute_status(make_plan(*inds), {(code, 6): v for code, v in values.items()}, 6)
    assert [ts.code for ts in ps.lagging_tasks()] == ["L-05", "L-04", "L-02", "L-03", "L-01"]
    assert ps.summary.lagging == 5 and ps.summary.lagging_red == 3 and ps.summary.lagging_amber == 2


def test_a_task_without_indicators_has_no_data():
    plan = make_plan(make_indicator("E-01-1"))
    plan = replace(plan, tasks=(*plan.tasks, Task("E-02", "E", Text("空任务", "Empty"), SRC, 1)))
    ps = compute_status(plan, {("E-01-1", 6): 500}, 6)
    empty = ps.task("E-02")
    assert empty.status is Status.NO_DATA and empty.indicator_codes == () and empty.worst_indicator is None
    assert ps.summary.no_data == 1 and ps.summary.total_catalogued == 2


def test_the_bundled_plan_rolls_up_consistently():
    plan = load_bundled(2024)
    figures = {
        ("ELD-02-1", 3): 500,
        ("ELD-02-1", 6): 1320,  # done
        ("HEA-01-1", 6): 2000,  # 28.6% vs 50%: red
        ("CUL-03-1", 6): 100,  # 50%: CUL-03's other indicators have no data
        ("SOC-01-1", 6): 0,  # standard not met yet
        ("SOC-05-1", 6): 3000,  # per person at the standard
    }
    ps = compute_status(plan, figures, latest_month_with_data(figures))
    assert ps.as_of == 6 and len(ps.indicators) == 31 and len(ps.tasks) == 25
    s = ps.summary
    assert (s.total_catalogued, s.declared_tasks) == (25, 50)
    assert (s.done, s.ahead, s.on_pace, s.lagging_red, s.lagging_amber) == (2, 0, 1, 1, 0)
    assert s.no_data == 25 - 4  # CUL-03 has no data for three of its four indicators
    assert ps.task("CUL-03").status is Status.NO_DATA
    assert s.lagging == s.lagging_amber + s.lagging_red
    assert s.done + s.ahead + s.on_pace + s.lagging + s.no_data == s.total_catalogued
    for name in ("done", "ahead", "on_pace", "lagging", "lagging_amber", "lagging_red", "no_data", "total_catalogued"):
        assert sum(getattr(a, name) for a in ps.areas) == getattr(s, name), name
    assert [a.code for a in ps.areas] == [a.code for a in plan.areas]
    eld = ps.area("ELD")
    assert eld.done == 1 and eld.no_data == 2 and eld.mean_progress == 1.0 and eld.indicators_with_data == 1
    assert ps.area("EMP").mean_progress is None
    assert ps.area("SOC").mean_progress == pytest.approx((0.0 + 1.0) / 2)  # the standard 0, the grant 1
    assert [ts.code for ts in ps.lagging_tasks()] == ["HEA-01"]


def test_sixty_indicators_in_a_hundred_regions_are_each_judged():
    """The scale of bench/ (whose figures say how fast); here, that every region's every indicator is judged."""
    base = load_bundled(2024)
    extra = tuple(replace(i, code=f"{i.code}x") for i in base.indicators[:29])
    plan = make_plan(*base.indicators, *extra)
    assert len(plan.indicators) == 60
    regions = [
        {(i.code, m): i.target * m / (10 + region % 7) for i in plan.indicators for m in range(1, 10)}
        for region in range(100)
    ]
    counted = next(i for i in plan.indicators if i.kind is Kind.COUNT)
    for region, figures in enumerate(regions):
        ps = compute_status(plan, figures, 9)
        assert len(ps.indicators) == 60
        assert ps.indicator(counted.code).progress == pytest.approx(9 / (10 + region % 7))


# --- labels, icons, colours, months -------------------------------------------------------------


def test_labels_in_both_languages():
    assert [label(s) for s in Status] == ["已完成", "超序时", "按序时", "慢序时", "未填报"]
    assert [label(s, "en") for s in Status] == ["Done", "Ahead of schedule", "On pace", "Lagging", "No data"]
    assert [s.value for s in Status] == ["done", "ahead", "on_pace", "lagging", "no_data"]
    assert severity_label("red", "en") == "Red" and severity_label(Severity.AMBER) == "黄灯"
    assert severity_label(None) == ""


def test_status_strings_exist_in_both_languages():
    keys = [k for k in STRINGS if k.startswith("status.")]
    assert len(keys) > 20
    for key in keys:
        assert STRINGS[key]["zh"] and STRINGS[key]["en"], key


def test_icons_and_colours_never_rely_on_colour_alone():
    keys = {"done", "ahead", "on_pace", "lagging_amber", "lagging_red", "no_data"}
    assert set(STATUS_COLORS) == keys == set(STATUS_ICONS) == set(STYLE_ORDER)
    assert len(set(STATUS_COLORS.values())) == 6 and len(set(STATUS_ICONS.values())) == 6
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in STATUS_COLORS.values())
    assert STATUS_COLORS["lagging_red"] == "#D55E00" and STATUS_COLORS["lagging_amber"] == "#E69F00"
    assert style_key(Status.LAGGING, Severity.RED) == "lagging_red"
    assert style_key(Status.LAGGING) == "lagging_amber"
    assert style_key("done", None) == "done"
    assert icon(Status.LAGGING, "red") == STATUS_ICONS["lagging_red"] != icon(Status.LAGGING, "amber")


def test_month_names():
    assert month_end(6) == "6月底"
    assert month_end(6, "en") == "end of June"
    assert month_end(12, "en") == "end of December"
    with pytest.raises(ValueError):
        month_end(0)


# --- properties ---------------------------------------------------------------------------------

COUNTING = st.sampled_from([Kind.COUNT, Kind.MINIMUM])
MONTHS = st.integers(min_value=1, max_value=12)
AMOUNTS = st.floats(min_value=0, max_value=1e7, allow_nan=False)
TARGETS = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)


@st.composite
def trajectories(draw):
    """A valid custom trajectory: 12 non-decreasing shares ending at 1.0."""
    steps = draw(st.lists(st.floats(min_value=0, max_value=1), min_size=11, max_size=11))
    return (*sorted(steps), 1.0)


@settings(max_examples=200, deadline=None)
@given(
    kind=COUNTING,
    target=TARGETS,
    shares=st.lists(st.floats(min_value=0, max_value=1.5), min_size=2, max_size=8),
    raw=st.lists(AMOUNTS, min_size=0, max_size=3),
    as_of=MONTHS,
    deadline=MONTHS,
)
def test_progress_and_status_are_monotone_in_actual(kind, target, shares, raw, as_of, deadline):
    ind = make_indicator(kind=kind, target=target, deadline_month=deadline)
    actuals = sorted([target * share for share in shares] + raw)
    judged = [judge(ind, {as_of: actual}, as_of) for actual in actuals]
    for lower, higher in pairwise(judged):
        assert lower.progress <= higher.progress
        assert rank(lower.status, lower.severity) <= rank(higher.status, higher.severity)


@settings(max_examples=200, deadline=None)
@given(kind=COUNTING, target=TARGETS, share=st.floats(min_value=0, max_value=0.999999), as_of=MONTHS)
def test_never_done_below_target(kind, target, share, as_of):
    actual = target * share
    if actual >= target:  # the float product can round up to the target itself
        return
    s = judge(make_indicator(kind=kind, target=target), {as_of: actual}, as_of)
    assert s.status is not Status.DONE
    assert s.status in (Status.AHEAD, Status.ON_PACE, Status.LAGGING)
    # and the status agrees with the gap it reports
    assert s.gap_points == pytest.approx((s.progress - s.expected) * 100, abs=1e-6)
    assert (s.status is Status.LAGGING) == (s.gap_points < 0)


@settings(max_examples=200, deadline=None)
@given(kind=COUNTING, target=TARGETS, extra=st.floats(min_value=0, max_value=1e6), as_of=MONTHS)
def test_always_done_at_or_above_target(kind, target, extra, as_of):
    s = judge(make_indicator(kind=kind, target=target), {as_of: target + extra}, as_of)
    assert s.status is Status.DONE and s.progress >= 1.0 and not s.projection_misses


@settings(max_examples=100, deadline=None)
@given(deadline=MONTHS, traj=trajectories())
def test_expected_share_never_decreases(deadline, traj):
    ind = make_indicator(deadline_month=deadline)
    linear = [expected_share(ind, m) for m in range(0, 13)]
    custom = [expected_share(ind, m, {ind.code: traj}) for m in range(0, 13)]
    for shares in (linear, custom):
        assert all(x <= y for x, y in pairwise(shares))
        assert shares[0] == 0.0 and shares[12] == 1.0
    assert linear[deadline] == 1.0 and (deadline == 1 or linear[deadline - 1] < 1.0)
    assert validate_trajectory(traj) == []


@settings(max_examples=200, deadline=None)
@given(target=TARGETS, actual=AMOUNTS, as_of=MONTHS, deadline=MONTHS, kind=st.sampled_from(list(Kind)))
def test_a_ceiling_is_never_done_or_on_pace_above_it_and_never_lagging_at_or_below_it(
    target, actual, as_of, deadline, kind
):
    ceiling = replace(make_indicator(kind=kind, target=target, deadline_month=deadline), direction=Direction.LOWER)
    s = judge(ceiling, {as_of: actual}, as_of)
    assert s.progress is None
    if actual > target * (1 + 1e-9):
        assert (s.status, s.severity) == (Status.LAGGING, Severity.RED)
    else:
        assert s.status is (Status.DONE if as_of >= deadline else Status.ON_PACE)


def test_a_status_pickles_and_copies_with_its_explanations_in_both_languages(fixture_status):
    """Explanations are written when first read; a pickled or copied status (a cache, another process) keeps them."""
    import copy
    import pickle

    for other in (pickle.loads(pickle.dumps(fixture_status)), copy.deepcopy(fixture_status)):
        assert other == fixture_status
        for mine, theirs in zip(fixture_status.indicators, other.indicators, strict=True):
            assert theirs.explanation("zh") == mine.explanation("zh") and theirs.explanation("en") == mine.explanation(
                "en"
            )
            assert theirs.explanation("zh") and theirs.explanation("en")
        for mine, theirs in zip(fixture_status.tasks, other.tasks, strict=True):
            assert (theirs.explanation_zh, theirs.explanation_en) == (mine.explanation_zh, mine.explanation_en)


def test_statuses_are_equal_exactly_when_their_judgement_and_words_are(fixture_status):
    again = compute_status(make_plan(*FIXTURE_INDICATORS, declared_tasks=5), FIXTURE_FIGURES, 6)
    assert again == fixture_status and hash(again.indicators[0]) == hash(fixture_status.indicators[0])
    later = compute_status(make_plan(*FIXTURE_INDICATORS, declared_tasks=5), FIXTURE_FIGURES, 7)
    assert later.indicators[0].words != fixture_status.indicators[0].words  # "end of July", not June


def test_looking_up_a_code_the_status_does_not_hold_fails_loudly(fixture_status):
    with pytest.raises(KeyError):
        fixture_status.indicator("NOPE-01-1")
    assert fixture_status.task(fixture_status.tasks[-1].code) is fixture_status.tasks[-1]


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from([i.code for i in FIXTURE_INDICATORS]),
            st.sampled_from(["220100", "220200"]),
            st.integers(1, 12),
        ),
        st.one_of(st.none(), st.just(math.nan), st.floats(-10, 5000, allow_nan=False)),
        max_size=60,
    ),
    st.integers(1, 12),
)
def test_figures_grouped_for_many_regions_judge_as_each_regions_own_figures(figures, as_of):
    """series_by_region (the ranking's one pass) gives every region the status its own figures give."""
    from targets.status import series_by_region

    plan = make_plan(*FIXTURE_INDICATORS, declared_tasks=5)
    grouped = series_by_region(figures)
    for region in ("220100", "220200"):
        own = {(code, month): v for (code, reg, month), v in figures.items() if reg == region}
        direct = compute_status(plan, own, as_of)
        assert compute_status(plan, {}, as_of, points=grouped.get(region, {})) == direct
