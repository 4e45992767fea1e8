"""Accounts in the store: reading them and the named writes the account use cases (services.accounts) call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.sql import q, record, records
from targets.access import Role, User


@dataclass(frozen=True)
class Account:
    user: User
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    created_by: str
    last_login_at: datetime | None
    has_password: bool


def _account(row: dict) -> Account:
    user = User(row["name"], Role(row["role"]), row["department"], bool(row["disabled"]))
    return Account(
        user,
        failed_attempts=row["failed_attempts"],
        locked_until=row["locked_until"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        last_login_at=row["last_login_at"],
        has_password=row["password_hash"] is not None,
    )


def count(conn) -> int:
    return int(conn.execute(q("users_count")).fetchone()[0])


def get(conn, name: str) -> Account | None:
    row = record(conn, "user_get", {"name": name})
    return _account(row) if row else None


def all_accounts(conn) -> list[Account]:
    return [_account(r) for r in records(conn, "users_all")]


def password_hash(conn, name: str) -> str | None:
    row = record(conn, "user_get", {"name": name})
    return row["password_hash"] if row else None


def insert(
    conn, *, name: str, role: Role, department: str | None, password_hash: str | None, at: datetime, by: str
) -> None:
    conn.execute(
        q("user_insert"),
        {
            "name": name,
            "role": role.value,
            "department": department,
            "password_hash": password_hash,
            "created_at": at,
            "created_by": by,
        },
    )


def set_role(conn, name: str, role: Role, department: str | None) -> None:
    conn.execute(q("user_set_role"), {"name": name, "role": role.value, "department": department})


def set_disabled(conn, name: str, disabled: bool) -> None:
    conn.execute(q("user_set_disabled"), {"name": name, "disabled": disabled})


def set_password_hash(conn, name: str, digest: str) -> None:
    """A new password clears the failure count and any lock."""
    conn.execute(q("user_set_password"), {"name": name, "password_hash": digest})


def record_failure(conn, name: str, failed_attempts: int, locked_until: datetime | None) -> None:
    conn.execute(
        q("user_login_failed"), {"name": name, "failed_attempts": failed_attempts, "locked_until": locked_until}
    )


def record_login(conn, name: str, at: datetime) -> None:
    conn.execute(q("user_login_ok"), {"name": name, "at": at})
