"""The append-only audit log: who did what, when; never a secret in it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from db.sql import q, records


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
    """The latest entries, newest first: id, at (UTC), actor, action, object and the detail (decoded)."""
    return [_entry(r) for r in records(conn, "audit_recent", {"limit": limit})]


def of_action(conn, action: str, limit: int = 20) -> list[dict[str, Any]]:
    """The latest entries of one action, newest first (detail {} when there is none)."""
    return [
        {**_entry(r), "detail": _entry(r)["detail"] or {}}
        for r in records(conn, "audit_of_action", {"action": action, "limit": limit})
    ]


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "detail": json.loads(row["detail"]) if row["detail"] else None}
