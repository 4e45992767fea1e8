"""The monthly reporting cycle: each department submits its month, an administrator approves (locks) or
returns it; the deadline day; what is due. Approved and locked months refuse every write (services.locks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from db import audit
from db import periods as stored_periods
from db.audit import now
from db.catalogue import load_plan
from db.meta import bump_data_version
from db.store import Store
from services.access import acting_user, authorize, logging_denials
from services.demo import demo_today
from targets import clock
from targets.access import Action, Role
from targets.errors import Refusal
from targets.model import Plan
from targets.periods import (
    CycleRow,
    Period,
    PeriodAction,
    Refused,
    apply,
    check_deadline_day,
    cycle,
)
from targets.periods import departments as plan_departments
from targets.periods import month_due as month_due_of


def local_today(store: Store | None = None) -> date:
    """The day the deadlines are read on: the real local date (targets.clock), or a demo database's own today
    (services.demo.demo_today), so the demo's 2024 months are not hundreds of days late."""
    if store is not None:
        with store.connect() as conn:
            return _today(conn)
    return clock.today()


def _today(conn) -> date:
    return demo_today(conn) or clock.today()


def demo_clock(store: Store) -> date | None:
    """The demo database's own today, or None for a real database (which follows the real date)."""
    with store.connect() as conn:
        return demo_today(conn)


def deadline_day(store: Store) -> int:
    with store.connect() as conn:
        return stored_periods.deadline_day(conn)


def events(store: Store, year: int) -> list[dict]:
    """Every step of the year's cycle, for the cycle page's log."""
    with store.connect() as conn:
        return stored_periods.events(conn, year)


def period(store: Store, year: int, month: int, department: str) -> Period:
    with store.connect() as conn:
        return stored_periods.period(conn, year, month, department)


def locked_periods(store: Store, year: int) -> set[tuple[int, str]]:
    with store.connect() as conn:
        return stored_periods.locked(conn, year)


def cycle_rows(
    store: Store, year: int, months: Iterable[int] | None = None, *, today: date | None = None
) -> tuple[Plan, list[CycleRow]]:
    """Every department's state for each month (default: the months ended by today), with late and missing;
    today defaults to the store's clock (local_today)."""
    from services.status import reported_months as kept_reported_months
    from targets.periods import reporting_months

    with store.connect() as conn:
        today = today or _today(conn)
        plan = load_plan(conn, year)
        if plan is None:
            raise Refusal("no_plan", f"No plan for {year}.", f"没有{year}年的计划。")
        stored = stored_periods.periods(conn, year)
        reported = kept_reported_months(store, conn, year, plan)
        day = stored_periods.deadline_day(conn)
    chosen = reporting_months(year, today) if months is None else list(months)
    return plan, cycle(plan, stored, chosen, today, deadline_day=day, reported=reported)


def month_due(store: Store, year: int, department: str | None = None, *, today: date | None = None) -> int | None:
    """The month whose figures are being reported now (a month returned to the department, else the latest
    month ended on the store's clock): what the upload template offers first. None before any month ended."""
    day = today or local_today(store)
    _, rows = cycle_rows(store, year, today=day)
    return month_due_of(rows, year, day, department)


@dataclass
class StepResult:
    """What one cycle step did: the departments done, and those refused with the reason."""

    action: PeriodAction
    year: int
    month: int
    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, Refused]] = field(default_factory=list)

    def as_json(self, lang: str = "en") -> dict:
        return {
            "action": self.action.value,
            "month": f"{self.year}-{self.month:02d}",
            "done": self.done,
            "skipped": [{"department": d, "code": r.code, "reason": r.message(lang)} for d, r in self.skipped],
        }


def _needed(action: PeriodAction) -> Action:
    return Action.PERIOD_SUBMIT if action is PeriodAction.SUBMIT else Action.PERIOD_APPROVE


def step(
    store: Store,
    year: int,
    month: int,
    action: PeriodAction | str,
    *,
    actor: str | None,
    departments: Iterable[str] | None = None,
    reason: str | None = None,
) -> StepResult:
    """Take one step of the cycle for the named departments (default: every department the actor may act
    for: a reporter's own, else all) in one transaction; refused if it could be taken for none of them."""
    action = PeriodAction(action)
    if not 1 <= month <= 12:
        raise Refusal("bad_month", f"No month {month}.", f"没有{month}月。")
    result = StepResult(action, year, month)
    with logging_denials(store), store.transaction() as conn:
        plan = load_plan(conn, year)
        if plan is None:
            raise Refusal("no_plan", f"No plan for {year}.", f"没有{year}年的计划。")
        every = plan_departments(plan)
        if departments is None:
            user = acting_user(conn, actor)
            if user is not None and user.role is Role.REPORTER:
                chosen = [user.department] if user.department else []
            else:
                chosen = list(every)
        else:
            chosen = list(dict.fromkeys(departments))
        unknown = [d for d in chosen if d not in every]
        if unknown:
            raise Refusal(
                "unknown_department",
                f"No department {unknown[0]} reports for the {year} plan; departments: {', '.join(every)}.",
                f"{year}年计划中没有报送单位 {unknown[0]}；报送单位：{'、'.join(every)}。",
                departments=list(every),
            )
        if not chosen:
            authorize(conn, actor, _needed(action))
            raise Refusal("no_department", "No department to act for.", "没有可操作的报送单位。")
        for dept in chosen:
            authorize(conn, actor, _needed(action), department=dept)
        at = now()
        for dept in chosen:
            before = stored_periods.period(conn, year, month, dept)
            after = apply(before, action, actor=actor or "setup", at=at, reason=reason)
            if isinstance(after, Refused):
                result.skipped.append((dept, after))
                continue
            _save(conn, before, after, action, actor or "setup", at, reason)
            result.done.append(dept)
        if not result.done:
            first = result.skipped[0][1]
            raise Refusal(
                first.code,
                " ".join(r.en for _, r in result.skipped),
                "".join(r.zh for _, r in result.skipped),
                skipped=result.as_json("en")["skipped"],
            )
        bump_data_version(conn)
    if action is PeriodAction.RETURN:
        _notify_returned(store, result)
    return result


def _notify_returned(store: Store, result: StepResult) -> None:
    """After the return has committed: the department's reporters are told at once (never raises)."""
    from services.reminders import on_returned

    on_returned(store, result.year, result.month, result.done)


def _save(conn, before: Period, after: Period, action: PeriodAction, actor: str, at, reason: str | None) -> None:
    stored_periods.save_step(conn, before, after, action, actor, at, reason)
    audit.record(
        conn,
        actor,
        f"period.{action.value}",
        f"{after.year}-{after.month:02d}/{after.department}",
        {"from": before.state.value, "to": after.state.value, "reason": (reason or "").strip() or None},
    )


def set_deadline_day(store: Store, day: int, *, actor: str | None) -> None:
    """Set the day of the following month by which a month's figures are due (1..28)."""
    try:
        check_deadline_day(day)
    except ValueError as exc:
        raise Refusal("bad_day", str(exc), f"截止日应为每月1日至28日之间，而不是{day}。") from exc
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.PERIOD_APPROVE)
        before = stored_periods.deadline_day(conn)
        stored_periods.set_deadline_day(conn, day)
        audit.record(conn, actor or "setup", "period.deadline", None, {"from": before, "to": day})
        bump_data_version(conn)
