"""The reporting cycle as a pure state machine: every transition, its refusals, deadlines, late and missing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from targets.catalogue import load_bundled
from targets.periods import (
    UNASSIGNED,
    Period,
    PeriodAction,
    PeriodState,
    Refused,
    apply,
    approved_only,
    awaiting_approval,
    cycle,
    department_of,
    departments,
    due_date,
    due_for_department,
    refusal,
    reporting_months,
)

AT = datetime(2024, 7, 3, 2, 0)  # 10:00 on 3 July in Beijing


@pytest.fixture(scope="module")
def plan():
    return load_bundled(2024)


def step(p: Period, action: str, reason: str | None = None, who: str = "someone") -> Period:
    after = apply(p, action, actor=who, at=AT, reason=reason)
    assert isinstance(after, Period), after
    return after


def test_a_month_goes_open_submitted_returned_submitted_approved_then_reopened():
    p = Period(2024, 6, "省民政厅")
    assert p.state is PeriodState.OPEN and not p.locked
    p = step(p, "submit", who="mz")
    assert (p.state, p.submitted_by, p.submitted_at) == (PeriodState.SUBMITTED, "mz", AT)
    p = step(p, "return", "6月助餐点数与台账不符，请核实", who="boss")
    assert (p.state, p.remark, p.decided_by) == (PeriodState.RETURNED, "6月助餐点数与台账不符，请核实", "boss")
    p = step(p, "submit", who="mz")
    assert p.state is PeriodState.SUBMITTED and p.remark is None
    p = step(p, "approve", who="boss")
    assert p.state is PeriodState.APPROVED and p.locked
    p = step(p, "reopen", "补报遗漏的两个助餐点", who="boss")
    assert p.state is PeriodState.OPEN and not p.locked
    assert (p.remark, p.submitted_at) == ("补报遗漏的两个助餐点", None)


def test_the_office_may_lock_a_month_never_submitted_and_reopen_it():
    p = step(Period(2024, 6, UNASSIGNED), "lock")
    assert p.state is PeriodState.LOCKED and p.locked
    assert step(p, "reopen", "reason").state is PeriodState.OPEN


@pytest.mark.parametrize(
    ("state", "action", "code"),
    [
        (PeriodState.SUBMITTED, "submit", "already_submitted"),
        (PeriodState.APPROVED, "submit", "locked"),
        (PeriodState.LOCKED, "submit", "locked"),
        (PeriodState.OPEN, "approve", "not_submitted"),
        (PeriodState.RETURNED, "approve", "not_submitted"),
        (PeriodState.APPROVED, "approve", "locked"),
        (PeriodState.OPEN, "return", "return_not_submitted"),
        (PeriodState.LOCKED, "return", "locked"),
        (PeriodState.APPROVED, "lock", "locked"),
        (PeriodState.OPEN, "reopen", "not_locked"),
        (PeriodState.SUBMITTED, "reopen", "not_locked"),
    ],
)
def test_a_transition_the_rules_do_not_allow_is_refused_with_a_reason(state, action, code):
    p = Period(2024, 5, "省卫健委", state)
    refused = apply(p, action, actor="x", at=AT, reason="because")
    assert isinstance(refused, Refused) and refused.code == code
    assert "2024年5月" in refused.zh and "省卫健委" in refused.zh
    assert "May 2024" in refused.en


@pytest.mark.parametrize(("state", "action"), [(PeriodState.SUBMITTED, "return"), (PeriodState.APPROVED, "reopen")])
def test_returning_and_reopening_need_a_reason(state, action):
    p = Period(2024, 5, "省卫健委", state)
    for reason in (None, "", "   "):
        assert refusal(p, action, reason).code == f"{action}_needs_reason"
    assert refusal(p, action, "why") is None


def test_every_action_from_every_state_either_moves_or_is_refused():
    for state in PeriodState:
        for action in PeriodAction:
            result = apply(Period(2024, 1, "d", state), action, actor="a", at=AT, reason="r")
            assert isinstance(result, (Period, Refused))


def test_the_due_date_is_the_deadline_day_of_the_following_month():
    assert due_date(2024, 6) == date(2024, 7, 5)
    assert due_date(2024, 12) == date(2025, 1, 5)
    assert due_date(2024, 1, 28) == date(2024, 2, 28)
    with pytest.raises(ValueError):
        due_date(2024, 1, 31)


def test_reporting_months_are_those_ended_by_today():
    assert reporting_months(2024, date(2024, 7, 3)) == [1, 2, 3, 4, 5, 6]
    assert reporting_months(2024, date(2024, 1, 31)) == []
    assert reporting_months(2024, date(2025, 1, 1)) == list(range(1, 13))
    assert reporting_months(2025, date(2024, 12, 31)) == []


def test_departments_are_the_lead_units_and_the_unassigned(plan):
    assert departments(plan) == ("省住建厅", "省卫健委", "省民政厅", UNASSIGNED)
    assert department_of(plan.indicator("ELD-02-1")) == "省民政厅"
    assert department_of(plan.indicator("EMP-01-1")) == UNASSIGNED


def test_late_and_missing_on_a_fixed_clock(plan):
    periods = {
        # submitted on 5 July at 23:00 Beijing time (15:00 UTC): on time
        (6, "省民政厅"): Period(2024, 6, "省民政厅", PeriodState.SUBMITTED, datetime(2024, 7, 5, 15, 0), "mz"),
        # submitted on 6 July at 00:30 Beijing time (5 July 16:30 UTC): late by a day
        (6, "省卫健委"): Period(2024, 6, "省卫健委", PeriodState.APPROVED, datetime(2024, 7, 5, 16, 30), "wj"),
        (6, "省住建厅"): Period(2024, 6, "省住建厅", PeriodState.RETURNED, remark="请补充"),
    }
    reported = [("ELD-02-1", 6), ("EMP-01-1", 6)]
    on_time = {(r.department): r for r in cycle(plan, periods, [6], date(2024, 7, 5), reported=reported)}
    assert not any(r.missing for r in on_time.values())  # the due day itself is still in time
    rows = {r.department: r for r in cycle(plan, periods, [6], date(2024, 7, 6), reported=reported)}
    assert (rows["省民政厅"].late, rows["省民政厅"].missing) == (False, False)
    assert (rows["省卫健委"].late, rows["省卫健委"].days_late(date(2024, 7, 9))) == (True, 1)
    assert (rows["省住建厅"].missing, rows["省住建厅"].remark) == (True, "请补充")
    assert rows[UNASSIGNED].missing and rows[UNASSIGNED].days_late(date(2024, 7, 9)) == 4
    assert (rows["省民政厅"].reported, rows["省民政厅"].indicators) == (1, 1)
    assert (rows[UNASSIGNED].reported, rows[UNASSIGNED].indicators) == (1, 28)
    assert [e.row.department for e in awaiting_approval(rows.values())] == ["省民政厅"]
    assert [e.kind for e in due_for_department(rows.values(), "省住建厅", date(2024, 7, 6))] == ["returned"]
    assert [e.kind for e in due_for_department(rows.values(), UNASSIGNED, date(2024, 7, 6))] == ["missing"]


def test_approved_only_keeps_the_figures_of_locked_months_by_department(plan):
    figures = {("ELD-02-1", "province", 5): 1.0, ("ELD-02-1", "province", 6): 2.0, ("EMP-01-1", "province", 5): 3.0}
    assert approved_only(figures, plan, {(5, "省民政厅")}) == {("ELD-02-1", "province", 5): 1.0}
    assert approved_only(figures, plan, {(5, UNASSIGNED), (6, "省民政厅")}) == {
        ("ELD-02-1", "province", 6): 2.0,
        ("EMP-01-1", "province", 5): 3.0,
    }


def test_deadlines_are_days_in_the_configured_zone(plan, monkeypatch):
    from targets import clock

    # 5 July 16:30 UTC is 6 July 00:30 in Beijing (late) but 5 July 18:30 in Berlin (on time).
    periods = {(6, "省卫健委"): Period(2024, 6, "省卫健委", PeriodState.SUBMITTED, datetime(2024, 7, 5, 16, 30), "wj")}
    monkeypatch.setenv("LIVELIHOOD_TZ", "Europe/Berlin")
    clock.zone.cache_clear()
    try:
        row = next(r for r in cycle(plan, periods, [6], date(2024, 7, 9)) if r.department == "省卫健委")
        assert (row.late, row.days_late(date(2024, 7, 9))) == (False, 0)
        monkeypatch.delenv("LIVELIHOOD_TZ")
        clock.zone.cache_clear()
        row = next(r for r in cycle(plan, periods, [6], date(2024, 7, 9)) if r.department == "省卫健委")
        assert row.late  # on the default zone, Asia/Shanghai
    finally:
        clock.zone.cache_clear()
