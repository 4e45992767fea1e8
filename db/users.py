"""Accounts, sign-in with lockout, and the acting account of every write.

Until the first account exists the store is in set-up mode: writes are recorded under the name
given and `users add NAME --role admin` creates the first admin. From then on an unknown,
disabled or unauthorised account is refused, and the refusal is in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from db import audit
from db.audit import now
from db.errors import Refusal
from db.sql import q
from db.store import Store
from targets.access import Action, Denied, Role, User, check
from targets.passwords import hash_password, needs_rehash, password_problems, verify_password

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=30)


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


def acting_user(conn, name: str | None) -> User | None:
    """The account a write acts as: in set-up mode (no accounts yet) anyone named acts as admin."""
    if count(conn) == 0:
        return User(name or "setup", Role.ADMIN)
    if not name:
        return None
    account = get(conn, name)
    if account is None:
        raise Denied(name, "any", f"There is no account {name}.", f"没有账号 {name}。")
    return account.user


def authorize(conn, actor: str | None, action: Action, **scope) -> User:
    """Check the acting account inside the caller's transaction; raises Denied."""
    user = acting_user(conn, actor)
    check(user, action, **scope)
    return user


@contextmanager
def logging_denials(store: Store) -> Iterator[None]:
    """Around a write's transaction: a refusal is logged in a transaction of its own, after the
    write rolled back, and raised again."""
    try:
        yield
    except Denied as exc:
        log_denied(store, exc.user, str(exc.action), exc.message_en)
        raise


def log_denied(store: Store, actor: str, action: str, why: str) -> None:
    with store.transaction() as conn:
        audit.record(conn, actor, "denied", action, {"reason": why})


def add_user(
    store: Store, name: str, role: Role, password: str, *, department: str | None = None, actor: str | None
) -> None:
    problems = password_problems(password)
    if problems:
        raise Refusal(
            "weak_password",
            "The password needs " + " and ".join(problems) + ".",
            "密码要求：" + "，".join(problems) + "。",
        )
    if role is Role.REPORTER and not department:
        raise Refusal(
            "no_department",
            "A reporter needs a department (--department).",
            "填报账号需要指定所属单位（--department）。",
        )
    digest = hash_password(password)
    with logging_denials(store), store.transaction() as conn:
        if count(conn) == 0:
            if role is not Role.ADMIN:
                raise Refusal("first_admin", "The first account must be an admin.", "第一个账号必须是管理员。")
            actor = actor or name
        else:
            authorize(conn, actor, Action.USERS)
        if get(conn, name) is not None:
            raise Refusal("exists", f"The account {name} exists already.", f"账号 {name} 已存在。")
        conn.execute(
            q("user_insert"),
            {
                "name": name,
                "role": role.value,
                "department": department,
                "password_hash": digest,
                "created_at": now(),
                "created_by": actor,
            },
        )
        audit.record(conn, actor, "users.add", name, {"role": role.value, "department": department})


def set_role(store: Store, name: str, role: Role, *, department: str | None = None, actor: str | None) -> None:
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.USERS)
        account = get(conn, name)
        if account is None:
            raise Refusal("no_user", f"There is no account {name}.", f"没有账号 {name}。")
        if role is Role.REPORTER and not (department or account.user.department):
            raise Refusal(
                "no_department", "A reporter needs a department (--department).", "填报账号需要指定所属单位。"
            )
        conn.execute(
            q("user_set_role"), {"name": name, "role": role.value, "department": department or account.user.department}
        )
        audit.record(
            conn,
            actor,
            "users.role",
            name,
            {"from": account.user.role.value, "to": role.value, "department": department},
        )


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str | None) -> None:
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.USERS)
        if get(conn, name) is None:
            raise Refusal("no_user", f"There is no account {name}.", f"没有账号 {name}。")
        conn.execute(q("user_set_disabled"), {"name": name, "disabled": disabled})
        audit.record(conn, actor, "users.disable" if disabled else "users.enable", name)


def set_password(store: Store, name: str, password: str, *, actor: str | None) -> None:
    problems = password_problems(password)
    if problems:
        raise Refusal(
            "weak_password",
            "The password needs " + " and ".join(problems) + ".",
            "密码要求：" + "，".join(problems) + "。",
        )
    with logging_denials(store), store.transaction() as conn:
        if actor != name:
            authorize(conn, actor, Action.USERS)
        conn.execute(q("user_set_password"), {"name": name, "password_hash": hash_password(password)})
        audit.record(conn, actor, "users.password", name)


class LoginFailed(Exception):
    def __init__(self, reason: str, en: str, zh: str):
        super().__init__(en)
        self.reason, self.message_en, self.message_zh = reason, en, zh

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en


GENERIC_FAILURE = ("Wrong account name or password.", "账号或密码错误。")


def authenticate(store: Store, name: str, password: str, *, at: datetime | None = None) -> User:
    """Sign in; after MAX_FAILURES wrong passwords the account is locked for LOCKOUT. Every attempt is logged.

    A failed attempt is committed (the count, the lock, the log entry) before the failure is raised.
    """
    at = at or now()
    failure: LoginFailed | None = None
    with store.transaction() as conn:
        account = get(conn, name)
        if account is None or not account.has_password:
            audit.record(conn, name, "login.failed", name, {"reason": "unknown account"})
            failure = LoginFailed("unknown", *GENERIC_FAILURE)
        elif account.locked_until and account.locked_until > at:
            audit.record(conn, name, "login.failed", name, {"reason": "locked"})
            minutes = max(1, int((account.locked_until - at).total_seconds() // 60) + 1)
            failure = LoginFailed(
                "locked",
                f"Too many failed attempts: try again in {minutes} minute(s).",
                f"失败次数过多，请 {minutes} 分钟后再试。",
            )
        else:
            digest = conn.execute(q("user_get"), {"name": name}).fetchone()[3]
            if not verify_password(digest, password):
                failures = account.failed_attempts + 1
                locked = at + LOCKOUT if failures >= MAX_FAILURES else None
                conn.execute(
                    q("user_login_failed"),
                    {"name": name, "failed_attempts": 0 if locked else failures, "locked_until": locked},
                )
                audit.record(
                    conn,
                    name,
                    "login.failed",
                    name,
                    {"reason": "wrong password", "attempt": failures, "locked": bool(locked)},
                )
                failure = LoginFailed("password", *GENERIC_FAILURE)
            elif account.user.disabled:
                audit.record(conn, name, "login.failed", name, {"reason": "disabled"})
                failure = LoginFailed("disabled", "This account is disabled.", "该账号已停用。")
            else:
                conn.execute(q("user_login_ok"), {"name": name, "at": at})
                if needs_rehash(digest):
                    conn.execute(q("user_set_password"), {"name": name, "password_hash": hash_password(password)})
                audit.record(conn, name, "login", name)
    if failure is not None:
        raise failure
    return account.user


def idle_expired(last_seen: datetime, at: datetime | None = None) -> bool:
    return (at or now()) - last_seen > IDLE_TIMEOUT
