"""What the dashboard derives from a status: badges, the bulletin sentence, warnings, regional shares, who reported."""

from __future__ import annotations

import pytest

from targets.catalogue import load_bundled
from targets.dashboard import (
    as_of_text,
    bulletin,
    completeness,
    early_warnings,
    increments,
    join_names,
    lagging_tasks,
    mean_expected,
    missing_by_lead,
    region_breakdown,
    regions_carried,
    series_of,
    status_text,
)
from targets.figures import province_view
from targets.regions import PROVINCE, load_regions
from targets.status import Severity, Status, compute_status

PLAN = load_bundled(2024)
REGIONS = [r.code for r in load_regions()]
PREFECTURES = [r for r in REGIONS if r != PROVINCE]


def test_status_text_has_icon_and_words_and_the_severity_of_a_lag():
    assert status_text(Status.LAGGING, Severity.RED) == "⛔ 慢序时（红灯）"
    assert status_text("lagging", "amber", "en") == "⚠️ Lagging (Amber)"
    assert status_text(Status.LAGGING) == "⚠️ 慢序时（黄灯）"  # a lag without a severity reads as amber
    assert status_text(Status.DONE, lang="en") == "✅ Done"
    assert status_text(Status.NO_DATA) == "❔ 未填报"


def test_as_of_text_and_lists_read_naturally_in_each_language():
    assert as_of_text(2024, 9) == "2024年9月底"
    assert as_of_text(2024, 9, "en") == "the end of September 2024"
    assert join_names(["长春市", "吉林市"]) == "长春市、吉林市"
    assert join_names(["A", "B"], "en") == "A, B"
    assert join_names(["A, x", "B"], "en", major=True) == "A, x; B"


def test_the_bulletin_counts_tasks_in_both_languages():
    figures = {("EMP-01-1", 9): 400000.0, ("EMP-02-1", 9): 10.0, ("SOC-02-1", 9): 76000.0}
    ps = compute_status(PLAN, figures, 9)
    assert bulletin(ps) == (
        "截至2024年9月底，25项已收录任务中，已完成1项，超序时0项，按序时1项，慢序时1项，未填报22项。"
    )
    assert bulletin(ps, "en") == (
        "By the end of September 2024, of the 25 catalogued tasks, 1 were done, 0 ahead of schedule, "
        "1 on pace, 1 lagging and 22 without figures."
    )


def test_lagging_tasks_put_red_first_and_early_warnings_leave_out_the_lagging():
    figures = {
        ("SOC-03-1", 9): 7000.0,  # amber, projection misses
        ("SOC-04-1", 9): 600.0,  # red
        **{("ELD-02-1", m): v for m, v in ((6, 900.0), (7, 950.0), (8, 980.0), (9, 1000.0))},  # on pace, misses
    }
    ps = compute_status(PLAN, figures, 9)
    assert [ts.code for ts in lagging_tasks(ps)] == ["SOC-04", "SOC-03"]
    assert ps.indicator("SOC-03-1").projection_misses
    assert [i.code for i in early_warnings(ps)] == ["ELD-02-1"]


def test_mean_expected_covers_the_scheduled_indicators_with_a_figure():
    ps = compute_status(PLAN, {("EMP-01-1", 6): 100.0, ("SOC-01-1", 6): 1.0, ("SOC-02-1", 6): 10.0}, 6)
    assert mean_expected(ps, "EMP") == pytest.approx(0.5)  # EMP-02-1 has no figure
    assert mean_expected(ps, "SOC") == pytest.approx(0.5)  # the standard SOC-01-1 has no schedule
    assert mean_expected(ps, "PUB") is None


def test_series_and_increments():
    figures = {("A", 2): 10.0, ("A", 5): 25.0, ("A", 9): 40.0, ("B", 3): 1.0}
    assert series_of(figures, "A", until=5) == {2: 10.0, 5: 25.0}
    assert increments(series_of(figures, "A")) == {2: 10.0, 5: 15.0, 9: 15.0}
    assert increments({}) == {}


def test_region_breakdown_takes_each_regions_latest_figure_and_its_share():
    figures = {("HEA-01-1", r, 8): 500.0 for r in PREFECTURES}
    figures |= {("HEA-01-1", r, 9): 540.0 for r in PREFECTURES if r != "CBS"}
    figures[("HEA-01-1", "220100", 10)] = 999.0  # after as_of: ignored
    view = province_view(PLAN, figures)
    total, rows = region_breakdown(figures, view.series, "HEA-01-1", 9, PREFECTURES)
    assert total == 9 * 540 + 500
    by_region = {r.region: r for r in rows}
    assert (by_region["220100"].month, by_region["220100"].value) == (9, 540.0)
    assert by_region["220100"].share == pytest.approx(540 / 5360)
    assert (by_region["CBS"].month, by_region["CBS"].value) == (8, 500.0)
    _, none = region_breakdown(figures, view.series, "EMP-01-1", 9, PREFECTURES)
    assert all(r.value is None and r.share is None and r.month is None for r in none)


def test_completeness_expects_regions_once_any_region_reported():
    figures = {("HEA-01-1", r, 8): 500.0 for r in PREFECTURES}
    figures |= {("HEA-01-1", r, 9): 540.0 for r in PREFECTURES if r != "CBS"}
    figures[("EMP-01-1", PROVINCE, 9)] = 1000.0
    result = completeness(PLAN, figures, 9, REGIONS)
    assert result.regions[0] == PROVINCE
    assert result.cells[("CBS", "HEA-01-1")] is False
    assert result.cells[("220100", "HEA-01-1")] is True
    assert result.cells[("CBS", "EMP-01-1")] is None  # no region reports it: the province's alone
    assert result.cells[(PROVINCE, "EMP-01-1")] is True
    assert result.cells[(PROVINCE, "HEA-01-1")] is False  # the sum still waits for 长白山
    assert result.regions_missing() == ["CBS"]
    assert result.missing("CBS") == ["HEA-01-1"]
    assert (result.reported, result.expected) == (1 + 9, len(PLAN.indicators) + 10)
    # as of August every region had reported, so the sum stands for the province
    august = completeness(PLAN, figures, 8, REGIONS)
    assert august.cells[(PROVINCE, "HEA-01-1")] is True
    assert august.regions_missing() == []


def test_the_sum_of_regions_counts_for_the_province_only_for_figures_that_add_up():
    standard = "SOC-01-1"
    figures = {(standard, r, 9): 1.0 for r in PREFECTURES}
    result = completeness(PLAN, figures, 9, REGIONS)
    assert all(result.cells[(r, standard)] for r in PREFECTURES)
    assert result.cells[(PROVINCE, standard)] is False


def test_regions_are_not_expected_before_any_of_them_reported():
    figures = {("HEA-01-1", r, 8): 500.0 for r in PREFECTURES}
    july = completeness(PLAN, figures, 7, REGIONS)
    assert all(july.cells[(r, "HEA-01-1")] is None for r in PREFECTURES)
    assert july.cells[(PROVINCE, "HEA-01-1")] is False


def test_missing_province_figures_are_grouped_by_lead_department():
    figures = {(i.code, PROVINCE, 9): 1.0 for i in PLAN.indicators if i.code != "HEA-02-1" and i.code != "PUB-06-1"}
    result = completeness(PLAN, figures, 9, REGIONS)
    grouped = missing_by_lead(PLAN, result, "（来源未载明）")
    assert {lead: [i.code for i in inds] for lead, inds in grouped.items()} == {
        "省卫健委": ["HEA-02-1"],
        "（来源未载明）": ["PUB-06-1"],
    }


def test_regions_carried_into_a_sum_are_those_with_only_an_earlier_figure():
    figures = {("X", "A", 8): 1.0, ("X", "A", 9): 2.0, ("X", "B", 8): 1.0, ("Y", "C", 9): 1.0}
    assert regions_carried(figures, "X", 9, ["A", "B", "C"]) == ["B"]  # C never reported X
    assert regions_carried(figures, "X", 8, ["A", "B", "C"]) == []
