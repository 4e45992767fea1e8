"""The province figure is decided month by month: reported where the province reported, else the regions' sum."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.catalogue import load_bundled
from targets.dashboard import increments, series_of
from targets.figures import province_view
from targets.regions import PROVINCE, prefectures
from targets.status import Status, compute_status

PLAN = load_bundled(2024)
REGIONS = [r.code for r in prefectures()]
MEALS = "ELD-02-1"  # a count (1,300 meal points) that the regions report


def regions_through(month: int, per_region_per_month: float = 10.0) -> dict:
    return {(MEALS, r, m): per_region_per_month * m for r in REGIONS for m in range(1, month + 1)}


def test_a_province_figure_for_a_later_month_keeps_the_regions_history():
    figures = regions_through(9)
    figures[(MEALS, PROVINCE, 10)] = 1000.0  # one early 全省 upload for October
    view = province_view(PLAN, figures)
    series = series_of(view.series, MEALS)
    assert series == {**{m: 10.0 * m * len(REGIONS) for m in range(1, 10)}, 10: 1000.0}
    assert increments(series)[10] == 1000.0 - 900.0  # not +1,000 from nothing
    assert [view.month_basis[(MEALS, m)] for m in range(1, 11)] == ["sum_of_regions"] * 9 + ["reported"]
    assert view.basis[MEALS] == "mixed"
    assert (view.basis_at(MEALS, 9), view.basis_at(MEALS, 10), view.basis_at(MEALS, 12)) == (
        "sum_of_regions",
        "reported",
        "reported",
    )
    assert view.mismatches == {}  # the regions have not reported October: nothing to compare with
    september = compute_status(PLAN, view.series, 9).indicator(MEALS)
    assert september.status is not Status.NO_DATA and september.actual == 900.0 and not september.stale


def test_a_month_with_both_uses_the_province_figure_and_reports_the_mismatch():
    figures = regions_through(9)
    figures[(MEALS, PROVINCE, 9)] = 950.0
    view = province_view(PLAN, figures)
    assert view.series[(MEALS, 9)] == 950.0 and view.series[(MEALS, 8)] == 800.0
    assert view.mismatches == {(MEALS, 9): (950.0, 900.0)}
    figures[(MEALS, PROVINCE, 9)] = 900.0
    assert province_view(PLAN, figures).mismatches == {}


def test_a_province_month_between_regional_months_does_not_stop_the_sum_after_it():
    figures = regions_through(9)
    figures[(MEALS, PROVINCE, 5)] = 520.0
    view = province_view(PLAN, figures)
    assert view.series[(MEALS, 5)] == 520.0 and view.series[(MEALS, 6)] == 600.0
    assert view.basis_at(MEALS, 9) == "sum_of_regions" and view.basis_at(MEALS, 5) == "reported"


@pytest.mark.parametrize("code", ["SOC-01-1", "SOC-05-1"])  # a standard and an amount per person
def test_figures_that_do_not_add_up_are_never_summed(code):
    figures = {(code, r, 6): 1.0 for r in REGIONS}
    view = province_view(PLAN, figures)
    assert series_of(view.series, code) == {} and view.basis[code] == "none"
    figures[(code, PROVINCE, 7)] = 1.0
    view = province_view(PLAN, figures)
    assert series_of(view.series, code) == {7: 1.0} and view.basis[code] == "reported"


def test_an_indicator_on_one_basis_all_year_says_so():
    only_regions = province_view(PLAN, regions_through(9))
    assert only_regions.basis[MEALS] == "sum_of_regions"
    only_province = province_view(PLAN, {(MEALS, PROVINCE, m): 100.0 * m for m in range(1, 10)})
    assert only_province.basis[MEALS] == "reported"
    assert province_view(PLAN, {}).basis[MEALS] == "none" and province_view(PLAN, {}).basis_at(MEALS, 9) == "none"


# --- worked out again for the changed indicators only ----------------------------------------------------------

_CODES = [i.code for i in PLAN.indicators][:6]
_KEYS = st.tuples(st.sampled_from(_CODES), st.sampled_from([PROVINCE, *REGIONS[:3]]), st.integers(1, 12))
_FIGURES = st.dictionaries(_KEYS, st.floats(0, 1e6, allow_nan=False), max_size=40)


@settings(max_examples=200, deadline=None)
@given(before=_FIGURES, edits=st.dictionaries(_KEYS, st.one_of(st.none(), st.floats(0, 1e6)), max_size=10))
def test_the_view_worked_out_for_the_changed_indicators_equals_the_whole(before, edits):
    after = dict(before)
    for key, value in edits.items():  # a new or changed figure, or a removed one (a rollback)
        if value is None:
            after.pop(key, None)
        else:
            after[key] = value
    previous = province_view(PLAN, before)
    changed = {code for code, _region, _month in edits}
    partial = province_view(PLAN, after, previous=previous, changed=changed)
    whole = province_view(PLAN, after)
    assert partial == whole
    assert list(partial.series) == list(whole.series)  # in the same order: pages list them as they come


def test_nothing_changed_gives_the_previous_view_itself():
    previous = province_view(PLAN, regions_through(3))
    assert province_view(PLAN, regions_through(3), previous=previous, changed=()) is previous
