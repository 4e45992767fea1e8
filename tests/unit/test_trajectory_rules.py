"""The rules of a schedule (targets.trajectories): shares as people write them, problems naming the month."""

from __future__ import annotations

import pytest

from targets.model import Kind
from targets.numbers import NotANumber
from targets.trajectories import parse_share, parse_shares, schedule_effect, trajectory_warnings
from tests.unit.test_status import make_indicator


def test_shares_are_read_as_fractions_or_percentages():
    assert [parse_share(c) for c in (0.25, "25%", "２５％", "0.5", 1)] == [0.25, 0.25, 0.25, 0.5, 1.0]
    for bad in (None, "", "一半", float("nan")):
        with pytest.raises(NotANumber):
            parse_share(bad)


def test_every_problem_names_its_month_and_a_good_schedule_has_none():
    good = ("0%", "10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%", "95%", "100%")
    shares, issues = parse_shares(good)
    assert issues == [] and shares[2] == 0.2 and shares[-1] == 1.0
    shares, issues = parse_shares(("0.2", "0.1", "x", *["0.5"] * 9))
    assert shares is None and [(i.rule, i.column) for i in issues] == [("not_a_number", "3月")]
    shares, issues = parse_shares(("0.2", "0.1", "1.2", *["0.5"] * 9))
    assert [(i.rule, i.column) for i in issues] == [
        ("out_of_range", "3月"),
        ("falls", "2月"),
        ("falls", "4月"),
        ("not_whole_at_end", "12月"),
    ]


def test_warnings_for_an_earlier_deadline_and_for_a_level():
    count = make_indicator(kind=Kind.COUNT, deadline_month=12)
    june = (0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    assert [(i.rule, i.column) for i in trajectory_warnings(count, june)] == [("moves_deadline", "6月")]
    rate = make_indicator(kind=Kind.RATE, target=95.0, deadline_month=6)
    assert [i.rule for i in trajectory_warnings(rate, june)] == ["not_cumulative"]


def test_the_effect_compares_the_expected_share_month_by_month():
    ind = make_indicator(kind=Kind.COUNT, deadline_month=6)  # linear default: 1/6 a month, whole by June
    winter = (0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    effect = schedule_effect(ind, None, winter)
    assert [round(e.before, 4) for e in effect[:6]] == [0.1667, 0.3333, 0.5, 0.6667, 0.8333, 1.0]
    assert [e.after for e in effect[:6]] == [0.0, 0.0, 0.25, 0.5, 0.75, 1.0]
    assert [e.month for e in effect if e.changed] == [1, 2, 3, 4, 5]
