"""The reporting cycle in the store: each department's month, its steps on record, and the lock that
every write path asks before it touches a figure or a target.

A locked (approved) month refuses uploads, corrections and rollbacks that touch it, and catalogue or
regional-target changes to its department's indicators, until an administrator reopens it with a
reason. The checks run inside the writing transaction, so a month locked between a preview and its
commit still refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from db import audit
from db.audit import now
from db.catalogue import load_plan
from db.errors import Refusal
from db.meta import bump_data_version, meta_get, meta_set
from db.sql import q
from db.store import Store
from db.users import acting_user, authorize, logging_denials
from targets.access import Action, Role
from targets.issues import Issue, error
from targets.model import Plan
from targets.periods import (
    DEFAULT_DEADLINE_DAY,
    UNASSIGNED,
    CycleRow,
    Period,
    PeriodAction,
    PeriodState,
    Refused,
    apply,
    check_deadline_day,
    cycle,
    department_label,
    department_map,
    local_day,
    month_text,
)
from targets.periods import departments as plan_departments

DEADLINE_KEY = "setting.period_deadline_day"


# --- reading -------------------------------------------------------------------------------------------


def _period(year: int, row) -> Period:
    return Period(year, row[0], row[1], PeriodState(row[2]), row[3], row[4], row[5], row[6], row[7])


def periods(conn, year: int) -> dict[tuple[int, str], Period]:
    """(month, department) -> Period, for every period anyone has acted on (absent = open)."""
    return {(r[0], r[1]): _period(year, r) for r in conn.execute(q("periods_of_year"), {"year": year}).fetchall()}


def period(conn, year: int, month: int, department: str) -> Period:
    row = conn.execute(q("period_get"), {"year": year, "month": month, "department": department}).fetchone()
    return _period(year, row) if row else Period(year, month, department)


def locked(conn, year: int) -> set[tuple[int, str]]:
    """(month, department) of every approved or locked period of the year."""
    return {(r[0], r[1]) for r in conn.execute(q("periods_locked"), {"year": year}).fetchall()}


def events(conn, year: int) -> list[dict]:
    keys = ("id", "month", "department", "action", "from", "to", "actor", "at", "remark")
    return [
        dict(zip(keys, r, strict=True)) for r in conn.execute(q("period_events_of_year"), {"year": year}).fetchall()
    ]


def figure_keys(conn, year: int) -> list[tuple[str, str, int]]:
    return [(r[0], r[1], r[2]) for r in conn.execute(q("figure_keys_of_year"), {"year": year}).fetchall()]


def deadline_day(conn) -> int:
    raw = meta_get(conn, DEADLINE_KEY)
    return int(raw) if raw else DEFAULT_DEADLINE_DAY


def local_today() -> date:
    """The Beijing calendar day now: the clock the deadlines are read on."""
    return local_day(now())


# --- the lock every write path asks -------------------------------------------------------------------


def _hits_text(hits: list[tuple[int, str]], year: int, lang: str) -> str:
    sep = "; " if lang == "en" else "；"
    return sep.join(f"{month_text(year, m, lang)} {department_label(d, lang)}" for m, d in hits[:6]) + (
        "…" if len(hits) > 6 else ""
    )


def locked_hits(plan: Plan, locked_set: set[tuple[int, str]], keys: Iterable[tuple[str, int]]) -> list[tuple[int, str]]:
    """The locked (month, department) that these (indicator, month) keys fall in, sorted."""
    dept_of = department_map(plan)
    return sorted({(m, dept_of.get(code, UNASSIGNED)) for code, m in keys} & locked_set)


def locked_refusal(year: int, hits: list[tuple[int, str]], what_en: str, what_zh: str) -> Refusal:
    return Refusal(
        "locked_month",
        f"{what_en} touches a month that is approved and locked: {_hits_text(hits, year, 'en')}. "
        "Nothing was written; an administrator must reopen the month first (period reopen, with a reason).",
        f"{what_zh}涉及已审核锁定的月份：{_hits_text(hits, year, 'zh')}。未写入任何数据；"
        "如需修改，请管理员先重开该月（period reopen，须说明原因）。",
        locked=[{"month": f"{year}-{m:02d}", "department": d} for m, d in hits],
    )


def ensure_unlocked(
    conn,
    year: int,
    keys: Iterable[tuple[str, int]],
    *,
    what_en: str = "This change",
    what_zh: str = "此次修改",
    plan: Plan | None = None,
) -> None:
    """Inside a write transaction: refuse if any (indicator, month) falls in a locked month of its department."""
    keys = list(keys)
    if not keys:
        return
    locked_set = locked(conn, year)
    if not locked_set:
        return
    hits = locked_hits(plan or load_plan(conn, year), locked_set, keys)
    if hits:
        raise locked_refusal(year, hits, what_en, what_zh)


def ensure_departments_unlocked(
    conn, year: int, indicator_departments: Iterable[str], *, what_en: str, what_zh: str
) -> None:
    """Inside a write transaction: refuse a change to a whole year's targets while any month of one of
    these departments is locked (a target judges every month of the year)."""
    depts = set(indicator_departments)
    hits = sorted((m, d) for m, d in locked(conn, year) if d in depts)
    if hits:
        raise locked_refusal(year, hits, what_en, what_zh)


def lock_issues(plan: Plan, locked_set: set[tuple[int, str]], changes) -> list[Issue]:
    """An upload preview's errors for changes that fall in locked months (one per month and department)."""
    if not locked_set:
        return []
    dept_of = department_map(plan)
    first_row: dict[tuple[int, str], int | None] = {}
    for change in changes:
        code, _region, month = change.key
        hit = (month, dept_of.get(code, UNASSIGNED))
        if hit in locked_set and hit not in first_row:
            first_row[hit] = change.row
    return [
        error(
            "locked_month",
            f"{month_text(plan.year, m, 'zh')} {department_label(d, 'zh')} 的数据已审核锁定，不能修改；"
            "如需修改，请管理员先重开该月。",
            f"{month_text(plan.year, m, 'en')} of {department_label(d, 'en')} is approved and locked: its "
            "figures cannot change until an administrator reopens the month.",
            row=first_row[(m, d)],
        )
        for m, d in sorted(first_row)
    ]


_TARGET_FIELDS = ("target", "kind", "deadline_month", "lead_unit")


def catalogue_departments_touched(old: Plan | None, new: Plan) -> set[str]:
    """Departments whose indicators a catalogue change re-judges: a target, kind, deadline or lead unit
    changed, or an indicator removed (both the old and the new department count)."""
    if old is None:
        return set()
    before = {i.code: i for i in old.indicators}
    after = {i.code: i for i in new.indicators}
    touched = set()
    for code, was in before.items():
        now_ = after.get(code)
        if now_ is None or any(getattr(was, f) != getattr(now_, f) for f in _TARGET_FIELDS):
            touched.add(was.lead_unit or UNASSIGNED)
            if now_ is not None:
                touched.add(now_.lead_unit or UNASSIGNED)
    return touched


def ensure_catalogue_unlocked(conn, old: Plan | None, new: Plan) -> None:
    ensure_departments_unlocked(
        conn,
        new.year,
        catalogue_departments_touched(old, new),
        what_en="This catalogue change (targets of the year)",
        what_zh="此次目录修改（全年目标）",
    )


def ensure_targets_unlocked(conn, year: int, codes: Iterable[str], plan: Plan | None = None) -> None:
    plan = plan or load_plan(conn, year)
    dept_of = department_map(plan)
    ensure_departments_unlocked(
        conn,
        year,
        {dept_of.get(c, UNASSIGNED) for c in codes},
        what_en="This change of regional targets",
        what_zh="此次地区目标修改",
    )


# --- the cycle --------------------------------------------------------------------------------------


def cycle_rows(
    store: Store, year: int, months: Iterable[int] | None = None, *, today: date | None = None
) -> tuple[Plan, list[CycleRow]]:
    """Every department's state for each month (default: the months ended by today), with late and missing."""
    from targets.periods import reporting_months

    today = today or local_today()
    with store.connect() as conn:
        plan = load_plan(conn, year)
        if plan is None:
            raise Refusal("no_plan", f"No plan for {year}.", f"没有{year}年的计划。")
        stored = periods(conn, year)
        keys = figure_keys(conn, year)
        day = deadline_day(conn)
    chosen = reporting_months(year, today) if months is None else list(months)
    return plan, cycle(plan, stored, chosen, today, deadline_day=day, figures=keys)


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
            before = period(conn, year, month, dept)
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
    return result


def _save(conn, before: Period, after: Period, action: PeriodAction, actor: str, at, reason: str | None) -> None:
    exists = conn.execute(
        q("period_get"), {"year": after.year, "month": after.month, "department": after.department}
    ).fetchone()
    conn.execute(
        q("period_update" if exists else "period_insert"),
        {
            "year": after.year,
            "month": after.month,
            "department": after.department,
            "state": after.state.value,
            "submitted_at": after.submitted_at,
            "submitted_by": after.submitted_by,
            "decided_at": after.decided_at,
            "decided_by": after.decided_by,
            "remark": after.remark,
            "updated_at": at,
        },
    )
    conn.execute(
        q("period_event_insert"),
        {
            "id": audit.next_id(conn, "period_event_next_id"),
            "year": after.year,
            "month": after.month,
            "department": after.department,
            "action": action.value,
            "from_state": before.state.value,
            "to_state": after.state.value,
            "actor": actor,
            "occurred_at": at,
            "remark": (reason or "").strip() or None,
        },
    )
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
        before = deadline_day(conn)
        meta_set(conn, DEADLINE_KEY, str(day))
        audit.record(conn, actor or "setup", "period.deadline", None, {"from": before, "to": day})
        bump_data_version(conn)
