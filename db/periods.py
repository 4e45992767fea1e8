"""The reporting cycle in the store: each department's month and its steps on record (services.cycle acts on them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db import audit
from db.meta import meta_get, meta_set
from db.sql import q, record, records
from targets.periods import DEFAULT_DEADLINE_DAY, Period, PeriodAction, PeriodState

DEADLINE_KEY = "setting.period_deadline_day"


def _period(year: int, row: dict[str, Any]) -> Period:
    return Period(year=year, **{**row, "state": PeriodState(row["state"])})


def periods(conn, year: int) -> dict[tuple[int, str], Period]:
    """(month, department) -> Period, for every period anyone has acted on (absent = open)."""
    return {(r["month"], r["department"]): _period(year, r) for r in records(conn, "periods_of_year", {"year": year})}


def period(conn, year: int, month: int, department: str) -> Period:
    row = record(conn, "period_get", {"year": year, "month": month, "department": department})
    return _period(year, row) if row else Period(year, month, department)


def locked(conn, year: int) -> set[tuple[int, str]]:
    """(month, department) of every approved or locked period of the year."""
    return {(r[0], r[1]) for r in conn.execute(q("periods_locked"), {"year": year}).fetchall()}


def events(conn, year: int) -> list[dict]:
    return records(conn, "period_events_of_year", {"year": year})


def reported_months(conn, year: int) -> list[tuple[str, int]]:
    """The (indicator, month) pairs with any stored figure: what the cycle and the supervision rules count,
    a few hundred rows where the figures' own keys are 72,000 at 100 regions."""
    return [(r[0], r[1]) for r in conn.execute(q("reported_months_of_year"), {"year": year}).fetchall()]


def deadline_day(conn) -> int:
    raw = meta_get(conn, DEADLINE_KEY)
    return int(raw) if raw else DEFAULT_DEADLINE_DAY


def set_deadline_day(conn, day: int) -> None:
    meta_set(conn, DEADLINE_KEY, str(day))


def save_step(
    conn, before: Period, after: Period, action: PeriodAction, actor: str, at: datetime, reason: str | None
) -> None:
    """Store a period's new state and the step that led to it."""
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
