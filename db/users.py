"""Accounts in the store: reading them and the named writes the account use cases (services.accounts) call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.sql import q
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


def _account(row) -> Account:
    user = User(row[0], Role(row[1]), row[2], bool(row[4]))
    return Account(user, row[5], row[6], row[7], row[8], row[9], row[3] is not None)


def count(conn) -> int:
    return int(conn.execute(q("users_count")).fetchone()[0])


def get(conn, name: str) -> Account | None:
    row = conn.execute(q("user_get"), {"name": name}).fetchone()
    return _account(row) if row else None


def all_accounts(conn) -> list[Account]:
    return [_account(r) for r in conn.execute(q("users_all")).fetchall()]


def password_hash(conn, name: str) -> str | None:
    row = conn.execute(q("user_get"), {"name": name}).fetchone()
    return row[3] if row else None


def insert(conn, *, name: str, role: Role, department: str | None, password_hash: str, at: datetime, by: str) -> None:
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
