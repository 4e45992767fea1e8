"""Signed-in sessions in the store: the rows the session cookie names (services.sessions uses them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.sql import q, record


@dataclass(frozen=True)
class SessionRow:
    id: str
    account: str
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None
    ended_reason: str | None


def insert(conn, session_id: str, account: str, at: datetime) -> None:
    conn.execute(q("session_insert"), {"id": session_id, "account": account, "at": at})


def get(conn, session_id: str) -> SessionRow | None:
    row = record(conn, "session_get", {"id": session_id})
    return SessionRow(**row) if row else None


def touch(conn, session_id: str, at: datetime) -> None:
    conn.execute(q("session_touch"), {"id": session_id, "at": at})


def end(conn, session_id: str, at: datetime, reason: str) -> None:
    conn.execute(q("session_end"), {"id": session_id, "at": at, "reason": reason})


def end_account(conn, account: str, at: datetime, reason: str) -> None:
    """End every open session of an account (sign-out, a disabled account)."""
    conn.execute(q("sessions_end_account"), {"account": account, "at": at, "reason": reason})


def open_count(conn, account: str) -> int:
    return int(conn.execute(q("sessions_open_count"), {"account": account}).fetchone()[0])
