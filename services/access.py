"""Who may act: the acting account of every write, checked inside the write's own transaction.

Until the first account exists the store is in set-up mode: writes are recorded under the name given
and `users add NAME --role admin` creates the first admin. From then on an unknown, disabled or
unauthorised account is refused, and the refusal is in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from db import audit
from db import users as stored_users
from db.store import Store
from targets.access import Action, Denied, Role, User, check


def acting_user(conn, name: str | None) -> User | None:
    """The account a write acts as: in set-up mode (no accounts yet) anyone named acts as admin."""
    if stored_users.count(conn) == 0:
        return User(name or "setup", Role.ADMIN)
    if not name:
        return None
    account = stored_users.get(conn, name)
    if account is None:
        raise Denied(name, "any", f"There is no account {name}.", f"没有账号 {name}。")
    return account.user


def authorize(conn, actor: str | None, action: Action, **scope) -> User:
    """Check the acting account inside the caller's transaction; raises Denied."""
    user = acting_user(conn, actor)
    check(user, action, **scope)
    return user


def authorize_now(store: Store, actor: str | None, action: Action, **scope) -> User:
    """Check the acting account before work that writes nothing yet (a preview, building a file); logged if refused."""
    with logging_denials(store), store.connect() as conn:
        return authorize(conn, actor, action, **scope)


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
