"""Schedules (序时进度曲线): read an indicator's schedule, preview a change and its effect, save it, its history.

The rules a schedule obeys live in the domain (targets.trajectories); this module authorises the acting account,
refuses a change that would move the expected share of a locked month, and writes the schedule, its audit entry
and the data-version stamp in one transaction. The audit log is the history (who, when, old -> new, from where).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db import audit
from db import status as stored_status
from db.catalogue import load_plan, resolve_year
from db.meta import bump_data_version
from db.periods import locked
from db.store import Store
from services.access import authorize, authorize_now, logging_denials
from services.locks import ensure_unlocked, locked_hits
from targets.access import Action
from targets.errors import Refusal
from targets.issues import HasIssues, Issue, error
from targets.model import Indicator
from targets.periods import department_label, month_text
from targets.status import IndicatorStatus, compute_status
from targets.trajectories import MonthEffect, month_column, parse_shares, schedule_effect, trajectory_warnings

SET, CLEAR = "trajectory.set", "trajectory.clear"  # the audit actions: together, the history of every schedule


@dataclass(frozen=True)
class Schedule:
    """An indicator's schedule as it stands: its own shares, or None for the linear default to its deadline."""

    code: str
    shares: tuple[float, ...] | None
    effective: tuple[float, ...]  # what the status function expects at each month-end (the default spelt out)
    deadline_month: int
    updated_by: str | None = None
    updated_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "custom": self.shares is not None,
            "shares": list(self.shares) if self.shares is not None else None,
            "effective": list(self.effective),
            "deadline_month": self.deadline_month,
            "updated_by": self.updated_by,
            "updated_at": self.updated_at.isoformat(sep=" ") if self.updated_at else None,
        }


def _schedule(ind: Indicator, row: dict | None) -> Schedule:
    shares = row["shares"] if row else None
    effective = tuple(e.after for e in schedule_effect(ind, None, shares))
    return Schedule(
        ind.code,
        shares,
        effective,
        ind.deadline_month,
        row["updated_by"] if row else None,
        row["updated_at"] if row else None,
    )


def schedules(store: Store, year: int | None = None) -> dict[str, Schedule]:
    """Every indicator's schedule in the plan year (the default ones too), in the plan's order."""
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        rows = stored_status.trajectory_rows(conn, year)
    return {i.code: _schedule(i, rows.get(i.code)) for i in plan.indicators}


def schedule(store: Store, code: str, year: int | None = None) -> Schedule:
    """One indicator's schedule; refused for an indicator the plan does not have."""
    found = schedules(store, year)
    if code not in found:
        raise _unknown(code)
    return found[code]


def _unknown(code: str) -> Refusal:
    return Refusal("unknown_indicator", f"The plan has no indicator {code}.", f"计划中没有指标 {code}。")


@dataclass
class TrajectoryPreview(HasIssues):
    """A schedule change read against the stored one: its issues and the expected share it gives each month."""

    year: int
    code: str
    source: str  # where the change comes from: "page", "cli" or a file name
    before: tuple[float, ...] | None  # the stored schedule the preview was made against: the commit refuses if it moved
    after: tuple[float, ...] | None  # None: back to the linear default
    issues: list[Issue] = field(default_factory=list)
    effect: list[MonthEffect] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return not self.errors and self.before != self.after

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "year": self.year,
            "code": self.code,
            "source": self.source,
            "before": list(self.before) if self.before is not None else None,
            "after": list(self.after) if self.after is not None else None,
            "changed": self.changed,
            "effect": [{"month": e.month, "expected_before": e.before, "expected_after": e.after} for e in self.effect],
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
        }


def preview_trajectory(
    store: Store,
    code: str,
    shares: Iterable[object] | None,
    *,
    year: int | None = None,
    actor: str | None,
    source: str = "page",
) -> TrajectoryPreview:
    """Check a new schedule (12 shares as people write them, or None to clear it); writes nothing."""
    authorize_now(store, actor, Action.SCHEDULE)
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        before = stored_status.trajectories(conn, year).get(code)
        locked_set = locked(conn, year)
    if code not in {i.code for i in plan.indicators}:
        raise _unknown(code)
    ind = plan.indicator(code)
    preview = TrajectoryPreview(year, code, source, before, None)
    if shares is not None:
        parsed, problems = parse_shares(shares)
        preview.issues.extend(problems)
        if parsed is None:
            return preview
        preview.after = parsed
        preview.issues.extend(trajectory_warnings(ind, parsed))
    preview.effect = schedule_effect(ind, before, preview.after)
    moved = [(code, e.month) for e in preview.effect if e.changed]
    for month, dept in locked_hits(plan, locked_set, moved):
        preview.issues.append(
            error(
                "locked_month",
                f"{month_text(year, month, 'zh')} {department_label(dept, 'zh')} 已审核锁定：此修改会改变该月的应完成比例，"
                "请管理员先重开该月。",
                f"{month_text(year, month, 'en')} of {department_label(dept, 'en')} is approved and locked: this change "
                "would move its expected share; an administrator must reopen the month first.",
                column=month_column(month),
            )
        )
    return preview


def commit_trajectory(
    store: Store, preview: TrajectoryPreview, *, actor: str | None, confirm_warnings: bool = False
) -> bool:
    """Save a previewed schedule in one transaction with its audit entry; False when it changes nothing."""
    preview.refuse_unless_committable(confirm_warnings, subject_en="The schedule", subject_zh="进度曲线")
    if not preview.changed:
        return False
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.SCHEDULE)
        plan = load_plan(conn, preview.year)
        if stored_status.trajectories(conn, preview.year).get(preview.code) != preview.before:
            raise Refusal(
                "stale_preview",
                "The schedule changed since this preview was made; preview it again.",
                "预览之后进度曲线已被修改，请重新预览。",
            )
        ind = plan.indicator(preview.code)
        moved = [(preview.code, e.month) for e in schedule_effect(ind, preview.before, preview.after) if e.changed]
        ensure_unlocked(
            conn, preview.year, moved, what_en="This schedule change", what_zh="此次进度曲线修改", plan=plan
        )
        problems = stored_status.save_trajectory(conn, preview.year, preview.code, preview.after, user.name)
        if problems:  # the preview checked the same rules: only a bug gets here
            raise ValueError("; ".join(problems))
        audit.record(
            conn,
            user.name,
            CLEAR if preview.after is None else SET,
            f"{preview.year}/{preview.code}",
            {
                "year": preview.year,
                "code": preview.code,
                "old": list(preview.before) if preview.before is not None else None,
                "new": list(preview.after) if preview.after is not None else None,
                "source": preview.source,
            },
        )
        bump_data_version(conn)
    return True


def history(store: Store, year: int | None = None, code: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Every recorded schedule change of the year (of one indicator), newest first: at, actor, code, old, new, source."""
    with store.connect() as conn:
        year = resolve_year(conn, year)
        entries = audit.of_action(conn, SET, limit) + audit.of_action(conn, CLEAR, limit)
    found = [
        {
            "id": e["id"],
            "at": e["at"],
            "actor": e["actor"],
            "action": "clear" if e["action"] == CLEAR else "set",
            "code": e["detail"].get("code"),
            "old": _shares(e["detail"].get("old")),
            "new": _shares(e["detail"].get("new")),
            "source": e["detail"].get("source"),
        }
        for e in entries
        if e["detail"].get("year") == year and (code is None or e["detail"].get("code") == code)
    ]
    return sorted(found, key=lambda e: e["id"], reverse=True)


def _shares(value: list | None) -> tuple[float, ...] | None:
    return tuple(value) if value is not None else None


@dataclass(frozen=True)
class StatusEffect:
    """How the indicator is judged at a month under the schedule in force and under the previewed one."""

    month: int
    before: IndicatorStatus
    after: IndicatorStatus


def status_effect(store: Store, preview: TrajectoryPreview, *, as_of: int | None = None) -> StatusEffect | None:
    """The indicator's status at the month (default: the headline month) before and after the change, by the
    same status function every page uses; None when there is nothing to judge or the preview has errors."""
    from services.status import load_status

    if preview.errors:
        return None
    try:
        view = load_status(store, year=preview.year, as_of=as_of)
    except LookupError:
        return None
    if view.status is None or view.as_of is None:
        return None
    schedules = {c: s for c, s in view.trajectories.items() if c != preview.code}
    if preview.after is not None:
        schedules[preview.code] = preview.after
    after = compute_status(view.plan, view.province.series, view.as_of, settings=view.settings, trajectories=schedules)
    return StatusEffect(view.as_of, _of(view.status.indicators, preview.code), _of(after.indicators, preview.code))


def _of(statuses: tuple[IndicatorStatus, ...], code: str) -> IndicatorStatus:
    return next(i for i in statuses if i.code == code)
