"""The monthly reporting cycle (报送审核) per department and month, as a pure state machine.

A department's month is open until the department submits it; the lead office then approves it
(which locks it) or returns it with a comment, and a returned month is corrected and submitted
again. The office may also lock a month that was never submitted (e.g. to close the year), and
only the office reopens a locked month, with a reason. A deadline day each month (the 5th of the
next month by default) tells late and missing submissions apart.

The department of a figure is its indicator's lead department (牵头单位); indicators whose source
names none belong to the UNASSIGNED department, which only administrators manage.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from babel.dates import format_date

from targets import clock
from targets.display import department_name
from targets.i18n import t
from targets.model import Indicator, Plan

UNASSIGNED = "unassigned"
DEFAULT_DEADLINE_DAY = 5
# Stored times are naive UTC; deadlines are calendar days of the one local clock (targets.clock).


class PeriodState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"  # submitted and approved: locked
    LOCKED = "locked"  # locked by the office without an approval (never submitted, or the year closed)


LOCKED_STATES = frozenset({PeriodState.APPROVED, PeriodState.LOCKED})


class PeriodAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    LOCK = "lock"
    REOPEN = "reopen"


STATE_ICONS = {
    PeriodState.OPEN: "⬜",
    PeriodState.SUBMITTED: "📨",
    PeriodState.RETURNED: "↩️",
    PeriodState.APPROVED: "✅",
    PeriodState.LOCKED: "🔒",
}


def department_of(indicator: Indicator) -> str:
    """The department that reports an indicator's figures: its lead unit, or UNASSIGNED."""
    return indicator.lead_unit or UNASSIGNED


def departments(plan: Plan) -> tuple[str, ...]:
    """Every reporting department of a plan: the named lead units, then UNASSIGNED if any indicator has none."""
    named = sorted({i.lead_unit for i in plan.indicators if i.lead_unit})
    return (*named, UNASSIGNED) if any(not i.lead_unit for i in plan.indicators) else tuple(named)


def department_map(plan: Plan) -> dict[str, str]:
    """Indicator code -> its department."""
    return {i.code: department_of(i) for i in plan.indicators}


def department_label(department: str | None, lang: str = "zh") -> str:
    """A department as the page's language names it (省民政厅 / Department of Civil Affairs of Jilin Province)."""
    if department in (None, "", UNASSIGNED):
        return t("periods.unassigned", lang)
    return department_name(department, lang)


def state_label(state: PeriodState | str, lang: str = "zh") -> str:
    state = PeriodState(state)
    return f"{STATE_ICONS[state]} {t(f'periods.state.{state.value}', lang)}"


def month_text(year: int, month: int, lang: str = "zh") -> str:
    """A reporting month in the one style every page uses: 「2024年6月」 / "June 2024" (never "2024-06")."""
    return format_date(date(year, month, 1), "MMMM y", locale="en") if lang == "en" else f"{year}年{month}月"


def day_text(day: date, lang: str = "zh") -> str:
    """A calendar day as people read it: 2024年10月5日 / 5 October 2024 (Babel's long date), not 2024-10-05."""
    return format_date(day, "d MMMM y", locale="en") if lang == "en" else format_date(day, "long", locale="zh_CN")


# --- the state machine -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One department's month in the cycle; a month nobody has acted on is OPEN."""

    year: int
    month: int
    department: str
    state: PeriodState = PeriodState.OPEN
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    remark: str | None = None  # the comment of the latest return, or the reason of the latest reopening

    @property
    def locked(self) -> bool:
        return self.state in LOCKED_STATES


@dataclass(frozen=True)
class Refused:
    """A transition that the rules do not allow, said in both languages."""

    code: str
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _refused(code: str, period: Period, **values: object) -> Refused:
    names = {"zh": department_label(period.department, "zh"), "en": department_label(period.department, "en")}
    return Refused(
        code,
        t(
            f"periods.refused.{code}",
            "zh",
            month=month_text(period.year, period.month, "zh"),
            dept=names["zh"],
            **values,
        ),
        t(
            f"periods.refused.{code}",
            "en",
            month=month_text(period.year, period.month, "en"),
            dept=names["en"],
            **values,
        ),
    )


# action -> (states it may start from, the state it leads to)
TRANSITIONS: dict[PeriodAction, tuple[frozenset[PeriodState], PeriodState]] = {
    PeriodAction.SUBMIT: (frozenset({PeriodState.OPEN, PeriodState.RETURNED}), PeriodState.SUBMITTED),
    PeriodAction.APPROVE: (frozenset({PeriodState.SUBMITTED}), PeriodState.APPROVED),
    PeriodAction.RETURN: (frozenset({PeriodState.SUBMITTED}), PeriodState.RETURNED),
    PeriodAction.LOCK: (
        frozenset({PeriodState.OPEN, PeriodState.SUBMITTED, PeriodState.RETURNED}),
        PeriodState.LOCKED,
    ),
    PeriodAction.REOPEN: (LOCKED_STATES, PeriodState.OPEN),
}
NEEDS_REASON = frozenset({PeriodAction.RETURN, PeriodAction.REOPEN})


def refusal(period: Period, action: PeriodAction | str, reason: str | None = None) -> Refused | None:
    """Why the action cannot be taken on this period now, or None if it can."""
    action = PeriodAction(action)
    allowed, _ = TRANSITIONS[action]
    if period.state not in allowed:
        if period.locked and action is not PeriodAction.REOPEN:
            return _refused("locked", period)
        if action is PeriodAction.SUBMIT:
            return _refused("already_submitted", period)
        if action is PeriodAction.APPROVE:
            return _refused("not_submitted", period)
        if action is PeriodAction.RETURN:
            return _refused("return_not_submitted", period)
        return _refused("not_locked", period)
    if action in NEEDS_REASON and not (reason or "").strip():
        return _refused(f"{action.value}_needs_reason", period)
    return None


def apply(
    period: Period, action: PeriodAction | str, *, actor: str, at: datetime, reason: str | None = None
) -> Period | Refused:
    """The period after the action, or why the action is refused."""
    action = PeriodAction(action)
    problem = refusal(period, action, reason)
    if problem is not None:
        return problem
    target = TRANSITIONS[action][1]
    reason = (reason or "").strip() or None
    if action is PeriodAction.SUBMIT:
        return replace(period, state=target, submitted_at=at, submitted_by=actor, remark=None)
    if action is PeriodAction.REOPEN:
        return replace(
            period, state=target, submitted_at=None, submitted_by=None, decided_at=at, decided_by=actor, remark=reason
        )
    remark = reason if action is PeriodAction.RETURN else period.remark if reason is None else reason
    return replace(period, state=target, decided_at=at, decided_by=actor, remark=remark)


# --- deadlines, late and missing -------------------------------------------------------------------


def check_deadline_day(day: int) -> None:
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 28:
        raise ValueError(f"the deadline day must be a day of the month 1..28, not {day!r}")


def due_date(year: int, month: int, day: int = DEFAULT_DEADLINE_DAY) -> date:
    """The day a month's figures are due: the deadline day of the following month."""
    check_deadline_day(day)
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(y, m, min(day, calendar.monthrange(y, m)[1]))


def local_day(at: datetime) -> date:
    """The local calendar day (targets.clock) of a stored (naive UTC) time."""
    return clock.local_day(at)


def submitted_day(at: datetime, today: date) -> date:
    """The day a submission counts as made: its local day, but never after the clock's today (a demo database
    runs on its own day in the past, and what is submitted now is submitted on that day)."""
    return min(local_day(at), today)


def reporting_months(year: int, today: date) -> list[int]:
    """The months of a plan year that have ended by today: the ones a department can report."""
    if today.year > year:
        return list(range(1, 13))
    if today.year < year:
        return []
    return list(range(1, today.month))


@dataclass(frozen=True)
class CycleRow:
    """A department's month as the completeness page and `period status` show it."""

    year: int
    month: int
    department: str
    state: PeriodState
    due: date
    submitted_at: datetime | None
    submitted_by: str | None
    decided_at: datetime | None
    decided_by: str | None
    remark: str | None
    late: bool  # submitted after the due day
    missing: bool  # not submitted (open or returned) and the due day has passed
    indicators: int  # the department's indicators
    reported: int  # of them, how many have a figure (any region) for the month

    @property
    def locked(self) -> bool:
        return self.state in LOCKED_STATES

    @property
    def waiting_approval(self) -> bool:
        return self.state is PeriodState.SUBMITTED

    def days_late(self, today: date) -> int:
        """Days past the due day: of the submission if there is one, else of today."""
        end = submitted_day(self.submitted_at, today) if self.submitted_at else today
        return max(0, (end - self.due).days)

    def as_json(self, today: date) -> dict[str, object]:
        return {
            "month": f"{self.year}-{self.month:02d}",
            "department": self.department,
            "state": self.state.value,
            "locked": self.locked,
            "due": self.due.isoformat(),
            "submitted_at": self.submitted_at.isoformat(timespec="seconds") if self.submitted_at else None,
            "submitted_by": self.submitted_by,
            "decided_at": self.decided_at.isoformat(timespec="seconds") if self.decided_at else None,
            "decided_by": self.decided_by,
            "remark": self.remark,
            "late": self.late,
            "missing": self.missing,
            "days_late": self.days_late(today) if (self.late or self.missing) else 0,
            "indicators": self.indicators,
            "reported": self.reported,
        }


def cycle(
    plan: Plan,
    periods: Mapping[tuple[int, str], Period],
    months: Iterable[int],
    today: date,
    *,
    deadline_day: int = DEFAULT_DEADLINE_DAY,
    reported: Iterable[tuple[str, int]] = (),
) -> list[CycleRow]:
    """Every department's state for each month, with late and missing flags on the clock `today`.

    periods: (month, department) -> Period as stored (absent = open); reported: the (indicator, month) pairs
    that have any stored figure (db.periods.reported_months), to count what each department has reported.
    """
    dept_of = department_map(plan)
    per_dept: dict[str, int] = {}
    for dept in dept_of.values():
        per_dept[dept] = per_dept.get(dept, 0) + 1
    counted: dict[tuple[int, str], set[str]] = {}
    for code, month in reported:
        if code in dept_of:
            counted.setdefault((month, dept_of[code]), set()).add(code)
    rows = []
    for month in months:
        due = due_date(plan.year, month, deadline_day)
        for dept in departments(plan):
            p = periods.get((month, dept)) or Period(plan.year, month, dept)
            submitted = submitted_day(p.submitted_at, today) if p.submitted_at else None
            rows.append(
                CycleRow(
                    year=plan.year,
                    month=month,
                    department=dept,
                    state=p.state,
                    due=due,
                    submitted_at=p.submitted_at,
                    submitted_by=p.submitted_by,
                    decided_at=p.decided_at,
                    decided_by=p.decided_by,
                    remark=p.remark,
                    late=submitted is not None and submitted > due,
                    missing=p.state in (PeriodState.OPEN, PeriodState.RETURNED) and today > due,
                    indicators=per_dept.get(dept, 0),
                    reported=len(counted.get((month, dept), ())),
                )
            )
    return rows


# --- what is due, per role ----------------------------------------------------------------------


@dataclass(frozen=True)
class DueEntry:
    """One line of the "what is due" panel."""

    kind: str  # due | missing | returned | approval | late_approval
    row: CycleRow


def due_for_department(rows: Iterable[CycleRow], department: str, today: date) -> list[DueEntry]:
    """A reporter's list: their months still to submit (due or already missing) and those returned to them."""
    out = []
    for row in rows:
        if row.department != department:
            continue
        if row.state is PeriodState.RETURNED:
            out.append(DueEntry("returned", row))
        elif row.state is PeriodState.OPEN:
            out.append(DueEntry("missing" if row.missing else "due", row))
    return sorted(out, key=lambda e: (e.row.month, e.kind))


def awaiting_approval(rows: Iterable[CycleRow]) -> list[DueEntry]:
    """Submitted months waiting for an administrator's approval or return."""
    return [DueEntry("approval", r) for r in rows if r.waiting_approval]


def due_for_admin(rows: Iterable[CycleRow]) -> list[DueEntry]:
    """An administrator's list: submissions waiting for approval, then every month × department not submitted
    by its due day (open or returned), oldest month first, departments in the plan's order: what the office
    has to chase."""
    rows = list(rows)
    missing = [DueEntry("missing", r) for r in rows if r.missing]
    return awaiting_approval(rows) + sorted(missing, key=lambda e: e.row.month)


def month_due(rows: Iterable[CycleRow], year: int, today: date, department: str | None = None) -> int | None:
    """The month whose figures are being reported now: a month returned to the department (the latest), else
    the latest month ended by today; None before the plan year's first month has ended."""
    rows = list(rows)
    returned = [r.month for r in rows if r.state is PeriodState.RETURNED and department in (None, r.department)]
    if returned:
        return max(returned)
    ended = reporting_months(year, today)
    return ended[-1] if ended else None


def locked_keys(periods: Mapping[tuple[int, str], Period]) -> set[tuple[int, str]]:
    """(month, department) of every locked period."""
    return {key for key, p in periods.items() if p.locked}


def approved_only(
    figures: Mapping[tuple[str, str, int], float], plan: Plan, locked: set[tuple[int, str]]
) -> dict[tuple[str, str, int], float]:
    """The figures of approved (locked) months only, each by its indicator's department."""
    dept_of = department_map(plan)
    return {k: v for k, v in figures.items() if (k[2], dept_of.get(k[0], UNASSIGNED)) in locked}
