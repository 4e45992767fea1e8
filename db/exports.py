"""Recording the press exports in the audit log: who built which file, for which month, with what hash.

Exporting is the press office's (and the admins') action: the acting account is checked before a
file is built and again in the transaction that records it; a refusal is itself logged.
"""

from __future__ import annotations

import json
from typing import Any

from db import audit
from db.sql import q
from db.store import Store
from db.users import authorize, logging_denials
from targets.access import Action

EXPORT_ACTION = "export.build"


def authorize_export(store: Store, actor: str | None) -> None:
    """Raise targets.access.Denied (and log it) unless the account may export."""
    with logging_denials(store), store.connect() as conn:
        authorize(conn, actor, Action.EXPORT)


def record_export(
    store: Store,
    actor: str,
    format: str,
    as_of: str,
    sha256: str,
    name: str,
    **detail: Any,
) -> int:
    """Append one export to the audit log in its own transaction (the CLI and the page both call this)."""
    doc = {"format": format, "as_of": as_of, "file": name, "sha256": sha256, **detail}
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.EXPORT)
        return audit.record(conn, actor, EXPORT_ACTION, name, doc)


def recent_exports(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The latest exports, newest first: id, at (UTC), actor, file name and the recorded detail."""
    with store.connect() as conn:
        rows = conn.execute(q("audit_of_action"), {"action": EXPORT_ACTION, "limit": limit}).fetchall()
    return [
        {"id": r[0], "at": r[1], "actor": r[2], "object": r[4], "detail": json.loads(r[5]) if r[5] else {}}
        for r in rows
    ]
