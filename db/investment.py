"""Storing investment: planned amounts per task, and completed amounts as revisions with their batch and file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from db.audit import now
from db.sql import q, records
from targets.investment import SOURCES, Amounts, InvestmentChange


def _amounts(total: float, *sources: float | None) -> Amounts:
    return Amounts(total, {s: v for s, v in zip(SOURCES, sources, strict=True) if v is not None})


def _source_params(amounts: Amounts) -> dict[str, float | None]:
    return {s: amounts.by_source.get(s) for s in SOURCES}


def planned(conn, year: int) -> dict[str, Amounts]:
    """Each task's planned investment (万元)."""
    rows = conn.execute(q("investment_plans_of_year"), {"year": year}).fetchall()
    return {r[0]: _amounts(r[1], *r[2:]) for r in rows}


def save_planned(conn, year: int, amounts: Mapping[str, Amounts], *, actor: str | None, filename: str) -> None:
    """Set the planned investment of the tasks named, inside the caller's transaction (others keep theirs)."""
    at = now()
    for task, a in amounts.items():
        conn.execute(q("investment_plan_delete"), {"year": year, "task": task})
        conn.execute(
            q("investment_plan_insert"),
            {
                "year": year,
                "task": task,
                "total": a.total,
                **_source_params(a),
                "filename": filename,
                "recorded_by": actor,
                "recorded_at": at,
            },
        )


def completed(conn, year: int) -> dict[str, dict[int, Amounts]]:
    """The current cumulative completed investment per task and month."""
    return {task: {m: a for m, (_, a) in months.items()} for task, months in _current(conn, year).items()}


def _current(conn, year: int) -> dict[str, dict[int, tuple[int, Amounts]]]:
    found: dict[str, dict[int, tuple[int, Amounts]]] = {}
    for rev, task, month, total, *src in conn.execute(q("investment_current_of_year"), {"year": year}).fetchall():
        found.setdefault(task, {})[month] = (rev, _amounts(total, *src))
    return found


def write_batch(
    conn,
    *,
    year: int,
    actor: str,
    changes: Iterable[InvestmentChange],
    filename: str | None,
    sha256: str | None,
    content: bytes | None,
    rows_read: int,
    unchanged: int,
    warnings_confirmed: int,
) -> int:
    """One batch (with the file) and a revision per change, each superseding the current one; returns the batch id."""
    changes = list(changes)
    batch_id = int(conn.execute(q("investment_batch_next_id")).fetchone()[0])
    at = now()
    conn.execute(
        q("investment_batch_insert"),
        {
            "id": batch_id,
            "year": year,
            "filename": filename,
            "sha256": sha256,
            "content": content,
            "uploaded_by": actor,
            "uploaded_at": at,
            "rows_read": rows_read,
            "changed_count": len(changes),
            "unchanged_count": unchanged,
            "warnings_confirmed": warnings_confirmed,
        },
    )
    current = _current(conn, year)
    rev_id = int(conn.execute(q("investment_revision_next_id")).fetchone()[0])
    for c in changes:
        previous = current.get(c.task_code, {}).get(c.month)
        conn.execute(
            q("investment_revision_insert"),
            {
                "id": rev_id,
                "batch_id": batch_id,
                "year": year,
                "task": c.task_code,
                "month": c.month,
                "total": c.new.total,
                **_source_params(c.new),
                "previous": previous[0] if previous else None,
                "recorded_at": at,
                "recorded_by": actor,
                "row": c.row,
                "column": c.column,
            },
        )
        if previous:
            conn.execute(q("investment_revision_supersede"), {"by": rev_id, "id": previous[0]})
        rev_id += 1
    return batch_id


def history(conn, year: int, task: str) -> list[dict[str, Any]]:
    """Every revision of a task's completed investment: who, when, which batch and file, row and column."""
    return records(conn, "investment_history_of_task", {"year": year, "task": task})
