"""The demo database runs on its own clock (a day in October 2024), so its 2024 months are due, missing and late
as they were then, not hundreds of days late on the real date; a real database follows the real local date. An
administrator's list of what is due counts the missing submissions (month × department), not only approvals."""

from __future__ import annotations

from datetime import date

import pytest

from db.meta import meta_get
from services.cycle import cycle_rows, local_today, month_due, step
from services.demo import CLOCK_KEY, build_demo
from services.supervision import open_item
from targets import clock
from targets.errors import Refusal
from targets.periods import departments, due_for_admin, due_for_department

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent(
    "the demo's clock decides what is due, missing and late; the periods and the ledger run on PostgreSQL in test_reporting_cycle and test_supervision_ledger"
)

DEMO_DAY = date(2024, 10, 10)  # targets.demo.DEMO_TODAY, written out: the test pins the date people see


@pytest.fixture
def demo(store):
    build_demo(store, actor="setup")
    return store


def test_a_real_database_reads_deadlines_on_the_real_local_date(store):
    assert local_today(store) == clock.today()
    assert local_today() == clock.today()


def test_the_demo_database_stores_its_own_today_and_every_service_reads_it(demo):
    with demo.connect() as conn:
        assert meta_get(conn, CLOCK_KEY) == "2024-10-10"
    assert local_today(demo) == DEMO_DAY
    # with no day given, the cycle is read on the demo's day: January to September have ended (not all twelve)
    _, rows = cycle_rows(demo, 2024)
    assert sorted({r.month for r in rows}) == list(range(1, 10))


def test_on_the_demo_day_36_submissions_are_missing_and_the_admin_list_counts_them(demo):
    plan, rows = cycle_rows(demo, 2024)
    # By hand: the plan's reporting departments are 省住建厅, 省卫健委, 省民政厅 and the indicators without a stated
    # lead department; months 1-9 have ended by 10 October and each was due by the 5th of the next month
    # (September's on 5 October), so none was submitted in time: 4 departments x 9 months = 36 missing.
    assert len(departments(plan)) == 4
    assert sum(r.missing for r in rows) == 36
    admin = due_for_admin(rows)
    assert len(admin) == 36 and {e.kind for e in admin} == {"missing"}
    days = {(e.row.month, e.row.department): e.row.days_late(DEMO_DAY) for e in admin}
    assert days[(9, "省民政厅")] == 5  # due 5 October, read on 10 October
    assert days[(1, "省民政厅")] == 248  # due 5 February 2024 (a leap year), not ~1,000 days on the real date
    mine = due_for_department(rows, "省民政厅", DEMO_DAY)
    assert [(e.row.month, e.kind) for e in mine] == [(m, "missing") for m in range(1, 10)]


def test_a_submission_made_now_counts_as_made_on_the_demo_day_and_waits_for_approval(demo):
    step(demo, 2024, 9, "submit", actor="setup", departments=["省民政厅"])
    _, rows = cycle_rows(demo, 2024)
    september = next(r for r in rows if (r.month, r.department) == (9, "省民政厅"))
    assert not september.missing and september.late and september.days_late(DEMO_DAY) == 5
    admin = due_for_admin(rows)
    assert [(e.kind, e.row.month, e.row.department) for e in admin[:1]] == [("approval", 9, "省民政厅")]
    assert sum(e.kind == "missing" for e in admin) == 35


def test_the_month_due_is_the_latest_ended_month_or_the_one_returned(demo):
    assert month_due(demo, 2024) == 9
    step(demo, 2024, 7, "submit", actor="setup", departments=["省民政厅"])
    step(demo, 2024, 7, "return", actor="setup", departments=["省民政厅"], reason="7月数据与台账不符")
    assert month_due(demo, 2024, "省民政厅") == 7
    assert month_due(demo, 2024, "省卫健委") == 9
    assert month_due(demo, 2024, today=date(2024, 1, 20)) is None


def test_a_supervision_deadline_is_judged_on_the_demo_day(demo):
    item = open_item(
        demo,
        year=2024,
        kind="task",
        code="ELD-02",
        level="reminder",
        measures="加快助餐点建设",
        department="省民政厅",
        deadline=date(2024, 11, 9),  # a month after the demo day: in the past on the real date
        actor="setup",
    )
    assert item.deadline == date(2024, 11, 9) and not item.overdue(DEMO_DAY)
    with pytest.raises(Refusal) as refused:
        open_item(
            demo,
            year=2024,
            kind="task",
            code="EDU-01",
            level="reminder",
            measures="加快建设",
            department="省教育厅",
            deadline=date(2024, 10, 1),
            actor="setup",
        )
    assert refused.value.code == "deadline_past"


def test_period_status_on_the_demo_database_reads_the_demo_day(cli):
    assert cli("demo").code == 0
    doc = cli("--json", "period", "status").json
    assert doc["today"] == "2024-10-10" and doc["missing"] == 36 and doc["waiting_approval"] == 0
