"""The append-only audit log: who did what, when; never a secret in it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from db.sql import q


def now() -> datetime:
    """UTC wall clock, naive (stored as TIMESTAMP on both stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def next_id(conn, query: str) -> int:
    return int(conn.execute(q(query)).fetchone()[0])


def record(conn, actor: str, action: str, obj: str | None = None, detail: Any = None) -> int:
    """Append one entry inside the caller's transaction; return its id."""
    entry_id = next_id(conn, "audit_next_id")
    conn.execute(
        q("audit_insert"),
        {
            "id": entry_id,
            "occurred_at": now(),
            "actor": actor,
            "action": action,
            "object": obj,
            "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail is not None else None,
        },
    )
    return entry_id


def recent(conn, limit: int = 200) -> list[dict[str, Any]]:
    rows = conn.execute(q("audit_recent"), {"limit": limit}).fetchall()
    return [
        {
            "id": r[0],
            "at": r[1],
            "actor": r[2],
            "action": r[3],
            "object": r[4],
            "detail": json.loads(r[5]) if r[5] else None,
        }
        for r in rows
    ]


def of_action(conn, action: str, limit: int = 20) -> list[dict[str, Any]]:
    """The latest entries of one action, newest first."""
    rows = conn.execute(q("audit_of_action"), {"action": action, "limit": limit}).fetchall()
    return [
        {"id": r[0], "at": r[1], "actor": r[2], "object": r[4], "detail": json.loads(r[5]) if r[5] else {}}
        for r in rows
    ]
