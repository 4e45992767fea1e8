"""Local accounts: creating and changing them (admins), passwords (Argon2id), sign-in with lockout."""

from __future__ import annotations

from datetime import datetime, timedelta

from db import audit
from db import sessions as stored_sessions
from db import users as stored_users
from db.audit import now
from db.meta import bump_data_version
from db.store import Store
from db.users import Account
from services.access import authorize, logging_denials
from targets.access import Action, Role, User
from targets.errors import Refusal
from targets.passwords import hash_password, needs_rehash, password_refusal, verify_password

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=30)


def accounts(store: Store) -> list[Account]:
    """Every account, by name (the accounts page)."""
    with store.connect() as conn:
        return stored_users.all_accounts(conn)


def account(store: Store, name: str) -> Account | None:
    with store.connect() as conn:
        return stored_users.get(conn, name)


def create_first_admin(store: Store, name: str, password: str, *, token_ok: bool) -> User:
    """The first admin, made on the web with the set-up token printed at start-up; refused once any account
    exists, so the token works once."""
    if not token_ok:
        with store.transaction() as conn:
            audit.record(conn, name or "?", "setup.refused", name or "?", {"reason": "wrong set-up token"})
        raise Refusal("setup_token", "Wrong set-up token.", "设置令牌不正确。")
    with store.connect() as conn:
        if stored_users.count(conn):
            raise Refusal("setup_done", "The first admin exists already: sign in.", "管理员账号已存在，请登录。")
    if not name:
        raise Refusal("no_name", "Give the admin account a name.", "请填写管理员账号名。")
    add_user(store, name, Role.ADMIN, password, actor=None)
    with store.transaction() as conn:
        audit.record(conn, name, "setup.first_admin", name, {"via": "set-up token"})
    return account(store, name).user


def setup_mode(store: Store) -> bool:
    """True until the first account exists."""
    with store.connect() as conn:
        return stored_users.count(conn) == 0


def _check_password(password: str) -> None:
    refused = password_refusal(password)
    if refused:
        raise Refusal("weak_password", *refused)


def add_user(
    store: Store, name: str, role: Role, password: str, *, department: str | None = None, actor: str | None
) -> None:
    _check_password(password)
    if role is Role.REPORTER and not department:
        raise Refusal(
            "no_department",
            "A reporter needs a department (--department).",
            "填报账号需要指定所属单位。",
        )
    digest = hash_password(password)
    with logging_denials(store), store.transaction() as conn:
        if stored_users.count(conn) == 0:
            if role is not Role.ADMIN:
                raise Refusal("first_admin", "The first account must be an admin.", "第一个账号必须是管理员。")
            actor = actor or name
        else:
            authorize(conn, actor, Action.USERS)
        if stored_users.get(conn, name) is not None:
            raise Refusal("exists", f"The account {name} exists already.", f"账号 {name} 已存在。")
        stored_users.insert(conn, name=name, role=role, department=department, password_hash=digest, at=now(), by=actor)
        audit.record(conn, actor, "users.add", name, {"role": role.value, "department": department})
        bump_data_version(conn)


def set_role(store: Store, name: str, role: Role, *, department: str | None = None, actor: str | None) -> None:
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.USERS)
        account = stored_users.get(conn, name)
        if account is None:
            raise Refusal("no_user", f"There is no account {name}.", f"没有账号 {name}。")
        if role is Role.REPORTER and not (department or account.user.department):
            raise Refusal(
                "no_department", "A reporter needs a department (--department).", "填报账号需要指定所属单位。"
            )
        stored_users.set_role(conn, name, role, department or account.user.department)
        audit.record(
            conn,
            actor,
            "users.role",
            name,
            {"from": account.user.role.value, "to": role.value, "department": department},
        )
        bump_data_version(conn)


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str | None) -> None:
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.USERS)
        if stored_users.get(conn, name) is None:
            raise Refusal("no_user", f"There is no account {name}.", f"没有账号 {name}。")
        stored_users.set_disabled(conn, name, disabled)
        if disabled:
            stored_sessions.end_account(conn, name, now(), "disabled")
        audit.record(conn, actor, "users.disable" if disabled else "users.enable", name)
        bump_data_version(conn)


def set_password(store: Store, name: str, password: str, *, actor: str | None) -> None:
    _check_password(password)
    with logging_denials(store), store.transaction() as conn:
        if actor != name:
            authorize(conn, actor, Action.USERS)
        stored_users.set_password_hash(conn, name, hash_password(password))
        audit.record(conn, actor, "users.password", name)
        bump_data_version(conn)


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
        account = stored_users.get(conn, name)
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
            digest = stored_users.password_hash(conn, name)
            if not verify_password(digest, password):
                failures = account.failed_attempts + 1
                locked = at + LOCKOUT if failures >= MAX_FAILURES else None
                stored_users.record_failure(conn, name, 0 if locked else failures, locked)
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
                stored_users.record_login(conn, name, at)
                if needs_rehash(digest):
                    stored_users.set_password_hash(conn, name, hash_password(password))
                audit.record(conn, name, "login", name)
    if failure is not None:
        raise failure
    return account.user


def record_sign_out(store: Store, name: str, reason: str = "logout") -> None:
    """A sign-out on record: by the person, or by the idle timeout or a disabled account (reason)."""
    with store.transaction() as conn:
        audit.record(conn, name, "logout" if reason == "logout" else f"logout.{reason}", name)


def idle_expired(last_seen: datetime, at: datetime | None = None) -> bool:
    return (at or now()) - last_seen > IDLE_TIMEOUT


def sso_sign_in(store: Store, mapped: User, *, at: datetime | None = None) -> User:
    """A person the identity provider vouched for becomes (or stays) an account of their own: the audit log
    records their name, the store authorises their writes like a local account's, and an admin can see and
    disable them. The role and department follow the provider's claims at every sign-in. Refused while the
    store has no account (set-up first), for a disabled account, and for a name a local account holds."""
    at = at or now()
    failure: LoginFailed | None = None
    with store.transaction() as conn:
        if stored_users.count(conn) == 0:
            failure = LoginFailed(
                "setup", "Create the first admin before signing in.", "请先创建第一个管理员账号再登录。"
            )
        else:
            account = stored_users.get(conn, mapped.name)
            if account is None:
                stored_users.insert(
                    conn,
                    name=mapped.name,
                    role=mapped.role,
                    department=mapped.department,
                    password_hash=None,
                    at=at,
                    by="sso",
                )
                audit.record(conn, mapped.name, "users.add", mapped.name, {"role": mapped.role.value, "via": "sso"})
            elif account.has_password:
                audit.record(conn, mapped.name, "login.failed", mapped.name, {"reason": "local account", "via": "sso"})
                failure = LoginFailed(
                    "local",
                    "A local account has this name: ask an administrator.",
                    "该名称已被本地账号使用，请联系管理员。",
                )
            elif account.user.disabled:
                audit.record(conn, mapped.name, "login.failed", mapped.name, {"reason": "disabled", "via": "sso"})
                failure = LoginFailed("disabled", "This account is disabled.", "该账号已停用。")
            elif (account.user.role, account.user.department) != (mapped.role, mapped.department):
                stored_users.set_role(conn, mapped.name, mapped.role, mapped.department)
                audit.record(
                    conn,
                    mapped.name,
                    "users.role",
                    mapped.name,
                    {"from": account.user.role.value, "to": mapped.role.value, "via": "sso"},
                )
            if failure is None:
                stored_users.record_login(conn, mapped.name, at)
                audit.record(conn, mapped.name, "login", mapped.name, {"via": "sso"})
                bump_data_version(conn)
    if failure is not None:
        raise failure
    return User(mapped.name, mapped.role, mapped.department)
