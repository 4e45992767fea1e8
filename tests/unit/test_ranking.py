"""Regional status and the ranking (晾晒) against a hand-computed table."""

from __future__ import annotations

import pytest

from targets.catalogue import load_bundled
from targets.ranking import change_arrow, laggards_sentence, rank_regions, region_status
from targets.regions import load_regions
from targets.status import Status

PLAN = load_bundled(2024)
A, B, C = "220100", "220200", "220300"  # 长春市, 吉林市, 四平市
REGIONS = [r for r in load_regions() if r.code in (A, B, C)]
TARGETS = {
    ("EMP-02-1", A): 20, ("EMP-02-1", B): 20, ("EMP-02-1", C): 10,
    ("ELD-02-1", A): 600, ("ELD-02-1", B): 500, ("ELD-02-1", C): 200,
}  # fmt: skip
FIGURES = {
    # June (expected 50%)
    ("EMP-02-1", A, 6): 12, ("ELD-02-1", A, 6): 300,  # 60% ahead (+10), 50% on pace (0)
    ("EMP-02-1", B, 6): 8, ("ELD-02-1", B, 6): 260,  # 40% amber (-10 exactly), 52% on pace (+2)
    ("EMP-02-1", C, 6): 10, ("ELD-02-1", C, 6): 40,  # 100% done (capped +50), 20% red (-30)
    # May (expected 41.67%)
    ("EMP-02-1", A, 5): 5, ("ELD-02-1", A, 5): 250,  # 25% red, 41.67% on pace
    ("EMP-02-1", B, 5): 9, ("ELD-02-1", B, 5): 250,  # 45% on pace, 50% ahead
    ("EMP-02-1", C, 5): 4, ("ELD-02-1", C, 5): 30,  # 40% amber, 15% red
}  # fmt: skip


def test_each_region_is_judged_against_its_own_target():
    ps = region_status(PLAN, FIGURES, TARGETS, B, 6)
    emp = ps.indicator("EMP-02-1")
    assert (emp.actual, emp.target, emp.progress, emp.expected) == (8, 20, 0.4, 0.5)
    assert (emp.status, emp.severity.value) == (Status.LAGGING, "amber")
    assert ps.indicator("ELD-02-1").status is Status.ON_PACE


def test_an_indicator_without_a_breakdown_says_so_for_the_region():
    ps = region_status(PLAN, FIGURES, TARGETS, A, 6)
    other = ps.indicator("HEA-01-1")
    assert other.status is Status.NO_DATA
    assert "regional target" in other.explanation("en")


def test_ranking_follows_the_documented_score_and_tie_break():
    ranking = rank_regions(PLAN, FIGURES, TARGETS, 6, regions=REGIONS)
    table = [
        (r.region, r.rank, r.score, r.done, r.ahead, r.on_pace, r.lagging, round(r.mean_gap, 2))
        for r in ranking.regions
    ]
    assert table == [
        (A, 1, 100.0, 0, 1, 1, 0, 5.0),
        (C, 2, 50.0, 1, 0, 0, 1, 10.0),
        (B, 3, 50.0, 0, 0, 1, 1, -4.0),
    ]


def test_change_is_last_months_rank_minus_this_months():
    may = rank_regions(PLAN, FIGURES, TARGETS, 5, regions=REGIONS)
    assert [r.region for r in may.regions] == [B, A, C]
    june = rank_regions(PLAN, FIGURES, TARGETS, 6, regions=REGIONS)
    assert {r.region: r.change for r in june.regions} == {A: 1, C: 1, B: -2}
    assert [change_arrow(r.change) for r in june.regions] == ["↑1", "↑1", "↓2"]


def test_each_task_lists_the_regions_that_hold_it_back_worded_as_bulletins_do():
    ranking = rank_regions(PLAN, FIGURES, TARGETS, 6, regions=REGIONS)
    assert ranking.lagging_by_task == {"EMP-02": [B], "ELD-02": [C]}
    assert laggards_sentence(PLAN, ranking, "EMP-02") == "提升就业服务质量工程：吉林市进度相对较慢。"
    assert (
        laggards_sentence(PLAN, ranking, "ELD-02", "en")
        == "Elder-meal canteens and meal points: progress is relatively slow in Siping."
    )
    assert laggards_sentence(PLAN, ranking, "HEA-01") is None


def test_per_indicator_ranking_orders_regions_by_gap_to_schedule():
    ranking = rank_regions(PLAN, FIGURES, TARGETS, 6, regions=REGIONS)
    assert [(r, pytest.approx(g)) for r, g, _ in ranking.per_indicator["EMP-02-1"]] == [
        (C, 50.0),
        (A, 10.0),
        (B, -10.0),
    ]
    assert [style for _, _, style in ranking.per_indicator["ELD-02-1"]] == ["on_pace", "on_pace", "lagging_red"]
