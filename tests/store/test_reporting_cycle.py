"""The reporting cycle in the store: a locked month refuses every write path (upload, correction, rollback,
catalogue target change, regional targets) and accepts it again after an administrator reopens it; roles;
late and missing on a fixed clock; approved figures only."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from db import audit
from db import figures as stored
from db.catalogue import load_plan
from db.meta import data_version
from db.periods import events, locked, period
from services.catalogue import commit_plan
from services.corrections import correct_value
from services.cycle import cycle_rows, set_deadline_day, step
from services.region_targets import commit_targets, preview_targets, set_target
from services.status import load_status
from services.uploads import commit_upload, preview_upload, rollback_batch
from targets.access import Denied
from targets.errors import Refusal
from targets.periods import UNASSIGNED, PeriodState
from tests.supervision_data import ELD_JUNE_FIX, FIXTURE_CSV, accounts, upload


@pytest.fixture
def db(store):
    accounts(store)
    upload(store)
    return store


def snapshot(store):
    with store.connect() as conn:
        return {
            "figures": sorted(conn.execute("SELECT * FROM figures").fetchall()),
            "revisions": conn.execute("SELECT count(*) FROM figure_revisions").fetchone()[0],
            "batches": conn.execute("SELECT count(*) FROM upload_batches").fetchone()[0],
            "targets": sorted(conn.execute("SELECT * FROM region_targets").fetchall()),
            "indicators": sorted(conn.execute("SELECT code, target, lead_unit FROM indicators").fetchall()),
        }


def value(store, code: str, month: int, region: str = "province") -> float | None:
    with store.connect() as conn:
        got = stored.stored(conn, 2024).get((code, region, month))
    return got.value if got else None


def lock_june(store) -> None:
    step(store, 2024, 6, "lock", actor="boss", departments=["省民政厅"])


def reopen_june(store) -> None:
    step(store, 2024, 6, "reopen", actor="boss", departments=["省民政厅"], reason="省民政厅申请更正6月数据")


def test_a_locked_month_refuses_an_upload_in_the_preview_and_in_the_commit_and_reopening_accepts_it(db):
    early = preview_upload(db, ELD_JUNE_FIX, "fix.csv")  # previewed before the lock
    lock_june(db)
    before = snapshot(db)
    late = preview_upload(db, ELD_JUNE_FIX, "fix.csv")
    assert [i.rule for i in late.errors] == ["locked_month"]
    assert "2024年6月 省民政厅" in late.errors[0].message_zh and late.errors[0].row == 2
    with pytest.raises(Refusal) as refused:
        commit_upload(db, early, actor="boss")
    assert refused.value.code == "locked_month"
    assert (
        "June 2024 Department of Civil Affairs of Jilin Province" in refused.value.message_en
        and "reopen" in refused.value.message_en
    )
    assert "重开" in refused.value.message_zh
    assert snapshot(db) == before
    reopen_june(db)
    assert commit_upload(db, preview_upload(db, ELD_JUNE_FIX, "fix.csv"), actor="boss").committed
    assert value(db, "ELD-02-1", 6) == 450


def test_the_lock_is_per_department_and_month(db):
    lock_june(db)
    other_month = "指标编号,月份,累计完成\nELD-02-1,2024-07,500\n".encode()
    other_dept = "指标编号,月份,累计完成\nHEA-02-1,2024-06,2800\n".encode()
    assert upload(db, other_month).committed
    assert upload(db, other_dept).committed
    assert (value(db, "ELD-02-1", 7), value(db, "HEA-02-1", 6)) == (500, 2800)


def test_a_locked_month_refuses_a_correction_in_place_until_reopened(db):
    with db.connect() as conn:
        rev = stored.stored(conn, 2024)[("ELD-02-1", "province", 6)].revision_id
    lock_june(db)
    before = snapshot(db)
    kw = dict(year=2024, key=("ELD-02-1", "province", 6), value=420, expected_revision=rev, actor="boss")
    with pytest.raises(Refusal) as refused:
        correct_value(db, **kw)
    assert refused.value.code == "locked_month" and "correction" in refused.value.message_en
    assert snapshot(db) == before
    reopen_june(db)
    assert correct_value(db, **kw).committed and value(db, "ELD-02-1", 6) == 420


def test_a_locked_month_refuses_the_rollback_of_a_batch_touching_it_until_reopened(db):
    batch = upload(db, ELD_JUNE_FIX, "fix.csv").batch_id
    lock_june(db)
    before = snapshot(db)
    with pytest.raises(Refusal) as refused:
        rollback_batch(db, batch, actor="boss")
    assert refused.value.code == "locked_month" and f"batch {batch}" in refused.value.message_en
    assert snapshot(db) == before
    reopen_june(db)
    assert rollback_batch(db, batch, actor="boss").committed and value(db, "ELD-02-1", 6) == 400


def _with_target(plan, code: str, target: float):
    indicators = tuple(dataclasses.replace(i, target=target) if i.code == code else i for i in plan.indicators)
    return dataclasses.replace(plan, indicators=indicators)


def test_a_locked_month_refuses_a_catalogue_target_change_for_its_department_until_reopened(db):
    with db.connect() as conn:
        plan = load_plan(conn, 2024)
    lock_june(db)
    before = snapshot(db)
    kw = dict(actor="boss", filename="table.xlsx", sha256="x", changes=[])
    with pytest.raises(Refusal) as refused:
        commit_plan(db, _with_target(plan, "ELD-02-1", 1400), **kw)
    assert refused.value.code == "locked_month" and "catalogue" in refused.value.message_en
    assert snapshot(db) == before
    # Another department's target is not judged by the locked month.
    commit_plan(db, _with_target(plan, "HEA-02-1", 6100), **kw)
    reopen_june(db)
    with db.connect() as conn:
        plan = load_plan(conn, 2024)
    commit_plan(db, _with_target(plan, "ELD-02-1", 1400), **kw)
    with db.connect() as conn:
        assert load_plan(conn, 2024).indicator("ELD-02-1").target == 1400


def test_a_locked_month_refuses_regional_targets_of_its_department_until_reopened(db):
    sheet = "指标编号,地区,目标值\nELD-02-1,长春市,300\n".encode()
    lock_june(db)
    before = snapshot(db)
    with pytest.raises(Refusal) as refused:
        set_target(db, year=2024, code="ELD-02-1", region="220100", target=300, actor="boss", expected=None)
    assert refused.value.code == "locked_month" and "regional targets" in refused.value.message_en
    preview = preview_targets(db, sheet, "targets.csv")
    assert not preview.errors, [i.message_en for i in preview.errors]
    with pytest.raises(Refusal):
        commit_targets(db, preview, actor="boss", confirm_warnings=True)
    assert snapshot(db) == before
    reopen_june(db)
    assert commit_targets(db, preview_targets(db, sheet, "targets.csv"), actor="boss", confirm_warnings=True)


def test_the_month_cycle_end_to_end_with_each_step_on_record(db):
    v0 = data_version_of(db)
    assert step(db, 2024, 6, "submit", actor="mz").done == ["省民政厅"]  # a reporter: their own department
    assert data_version_of(db) != v0
    with pytest.raises(Refusal) as refused:
        step(db, 2024, 6, "return", actor="boss", departments=["省民政厅"])
    assert refused.value.code == "return_needs_reason"
    step(db, 2024, 6, "return", actor="boss", departments=["省民政厅"], reason="6月数与台账不符")
    with db.connect() as conn:
        p = period(conn, 2024, 6, "省民政厅")
    assert (p.state, p.remark, p.decided_by) == (PeriodState.RETURNED, "6月数与台账不符", "boss")
    upload(db, ELD_JUNE_FIX, "fix.csv", actor="mz")  # corrected while returned
    step(db, 2024, 6, "submit", actor="mz")
    step(db, 2024, 6, "approve", actor="boss", departments=["省民政厅"])
    with db.connect() as conn:
        assert locked(conn, 2024) == {(6, "省民政厅")}
        steps = [(e["action"], e["from"], e["to"], e["actor"]) for e in events(conn, 2024)]
        log = [(e["actor"], e["action"], e["object"]) for e in audit.recent(conn, 50)]
    assert steps == [
        ("submit", "open", "submitted", "mz"),
        ("return", "submitted", "returned", "boss"),
        ("submit", "returned", "submitted", "mz"),
        ("approve", "submitted", "approved", "boss"),
    ]
    assert ("boss", "period.approve", "2024-06/省民政厅") in log and ("mz", "period.submit", "2024-06/省民政厅") in log
    with pytest.raises(Refusal) as refused:
        step(db, 2024, 6, "reopen", actor="boss", departments=["省民政厅"])
    assert refused.value.code == "reopen_needs_reason"
    reopen_june(db)
    with db.connect() as conn:
        assert locked(conn, 2024) == set()


def data_version_of(store) -> str:
    with store.connect() as conn:
        return data_version(conn)


def test_without_a_department_an_admin_acts_for_every_department_and_skips_those_it_cannot(db):
    step(db, 2024, 6, "submit", actor="mz")
    result = step(db, 2024, 6, "approve", actor="boss")
    assert result.done == ["省民政厅"]
    assert [d for d, _ in result.skipped] == ["省住建厅", "省卫健委", UNASSIGNED]
    assert {r.code for _, r in result.skipped} == {"not_submitted"}
    assert step(db, 2024, 6, "lock", actor="boss").done == ["省住建厅", "省卫健委", UNASSIGNED]
    with pytest.raises(Refusal) as refused:
        step(db, 2024, 6, "lock", actor="boss")  # nothing left to lock
    assert refused.value.code == "locked"


@pytest.mark.parametrize(
    ("actor", "action", "dept"),
    [
        ("mz", "submit", "省住建厅"),  # another department
        ("mz", "submit", UNASSIGNED),  # only administrators manage the unassigned
        ("mz", "approve", "省民政厅"),
        ("mz", "lock", "省民政厅"),
        ("official", "submit", "省民政厅"),
        ("official", "reopen", "省民政厅"),
        ("ghost", "submit", "省民政厅"),
    ],
)
def test_roles_reporters_submit_for_their_department_only_and_refusals_are_logged(db, actor, action, dept):
    with pytest.raises(Denied):
        step(db, 2024, 6, action, actor=actor, departments=[dept], reason="r")
    with db.connect() as conn:
        assert (actor, "denied") in [(e["actor"], e["action"]) for e in audit.recent(conn, 5)]
        assert period(conn, 2024, 6, dept).state is PeriodState.OPEN


def test_an_unknown_department_is_refused_naming_the_known_ones(db):
    with pytest.raises(Refusal) as refused:
        step(db, 2024, 6, "lock", actor="boss", departments=["省教育厅"])
    assert refused.value.code == "unknown_department" and "省民政厅" in refused.value.message_en


def test_late_and_missing_submissions_on_a_fixed_clock(db):
    step(db, 2024, 5, "submit", actor="mz")
    _, rows = cycle_rows(db, 2024, [5, 6], today=date(2024, 7, 10))
    by = {(r.month, r.department): r for r in rows}
    # Submitted today (long after 5 June), so late; the others are missing.
    assert by[(5, "省民政厅")].late and not by[(5, "省民政厅")].missing
    assert by[(6, "省民政厅")].missing and by[(6, UNASSIGNED)].missing
    assert by[(6, "省民政厅")].due == date(2024, 7, 5) and by[(6, "省民政厅")].reported == 1
    _, early = cycle_rows(db, 2024, [6], today=date(2024, 7, 5))
    assert not any(r.missing for r in early)  # due on the 5th: still in time
    set_deadline_day(db, 10, actor="boss")
    _, later = cycle_rows(db, 2024, [6], today=date(2024, 7, 10))
    assert not any(r.missing for r in later) and later[0].due == date(2024, 7, 10)
    with pytest.raises(Denied):
        set_deadline_day(db, 3, actor="mz")
    with pytest.raises(Refusal):
        set_deadline_day(db, 31, actor="boss")
    _, default = cycle_rows(db, 2024, today=date(2024, 7, 10))
    assert sorted({r.month for r in default}) == [1, 2, 3, 4, 5, 6]


def test_approved_only_shows_the_figures_of_approved_months_per_department(db):
    assert load_status(db).as_of == 6 and not load_status(db).approved_only
    empty = load_status(db, approved_only=True)
    assert empty.figures == {} and empty.status is None and empty.approved_only
    step(db, 2024, 5, "lock", actor="boss", departments=["省民政厅"])
    view = load_status(db, approved_only=True)
    assert view.figures == {("ELD-02-1", "province", 5): 300}
    assert view.as_of == 5 and view.status.indicator("ELD-02-1").actual == 300
    assert load_status(db).status.indicator("ELD-02-1").actual == 400  # the default: the latest submitted


def test_in_set_up_mode_anyone_named_acts_as_admin(store):
    upload(store, FIXTURE_CSV, actor="setup")
    assert step(store, 2024, 6, "lock", actor="setup", departments=[UNASSIGNED]).done == [UNASSIGNED]
