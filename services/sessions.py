"""Signed-in sessions: a signed, expiring cookie naming a session row in the store.

The browser keeps only `COOKIE` (HttpOnly, SameSite=Lax): a random token signed with the store's own
secret and a timestamp (itsdangerous). The store keeps the token's sha256 with the account, when it was
last used and when it ended, so a refresh, a new tab or another app server on the same store finds the
session, and a sign-out or a disabled account ends it on every server at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from db import audit
from db import sessions as stored
from db import users as stored_users
from db.audit import now
from db.meta import bump_data_version, meta_get, meta_set
from db.store import Store
from targets.access import User

COOKIE = "livelihood_session"
IDLE_TIMEOUT = timedelta(minutes=30)
MAX_AGE = timedelta(hours=12)  # the cookie's signature expires after this, however active the session
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often
_SECRET_KEY = "session_secret"
_secrets: dict[str, str] = {}


@dataclass(frozen=True)
class Session:
    """A live session: the account as it stands now (role, department), and the session's own id."""

    user: User
    session_id: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signing_secret(store: Store) -> str:
    """The signing secret, made once per store and kept there, so every app server signs alike."""
    found = _secrets.get(store.target)
    if found:
        return found
    with store.connect() as conn:
        found = meta_get(conn, _SECRET_KEY)
    if not found:
        with store.transaction() as conn:
            found = meta_get(conn, _SECRET_KEY)
            if not found:
                found = secrets.token_hex(32)
                meta_set(conn, _SECRET_KEY, found)
    _secrets[store.target] = found
    return found


def _signer(store: Store) -> TimestampSigner:
    return TimestampSigner(signing_secret(store), salt="livelihood.session")


def start(store: Store, user: User, *, at: datetime | None = None) -> str:
    """Open a session for an account that just signed in; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    with store.transaction() as conn:
        stored.insert(conn, _digest(token), user.name, at or now())
    return _signer(store).sign(token).decode()


def resolve(store: Store, cookie: str | None, *, at: datetime | None = None) -> Session | None:
    """The live session a cookie names, or None: a bad or expired signature, an ended or idle session, a
    missing or disabled account. An idle session is ended (on record); a live one is marked as used."""
    if not cookie:
        return None
    try:
        token = _signer(store).unsign(cookie, max_age=int(MAX_AGE.total_seconds())).decode()
    except (BadSignature, SignatureExpired):
        return None
    at = at or now()
    sid = _digest(token)
    with store.connect() as conn:
        row = stored.get(conn, sid)
        account = stored_users.get(conn, row.account) if row else None
    if row is None or row.ended_at is not None:
        return None
    if account is None or account.user.disabled:
        end(store, cookie, "disabled", at=at)
        return None
    if at - row.last_seen_at > IDLE_TIMEOUT:
        with store.transaction() as conn:
            stored.end(conn, sid, at, "timeout")
            audit.record(conn, row.account, "logout.timeout", row.account)
        return None
    if at - row.last_seen_at > TOUCH_EVERY:
        with store.transaction() as conn:
            stored.touch(conn, sid, at)
    return Session(account.user, sid)


def end(store: Store, cookie: str | None, reason: str = "logout", *, at: datetime | None = None) -> str | None:
    """Sign out: end every open session of the account the cookie names, on record; returns the account."""
    if not cookie:
        return None
    try:
        token = _signer(store).unsign(cookie).decode()
    except BadSignature:
        return None
    with store.transaction() as conn:
        row = stored.get(conn, _digest(token))
        if row is None:
            return None
        if stored.open_count(conn, row.account):
            stored.end_account(conn, row.account, at or now(), reason)
            audit.record(conn, row.account, "logout" if reason == "logout" else f"logout.{reason}", row.account)
            bump_data_version(conn)  # every server's kept sessions (ui.auth) are read again at their next click
    return row.account


def end_account(conn, account: str, reason: str, *, at: datetime | None = None) -> None:
    """Inside a write's transaction (a disabled account): end every session of the account."""
    stored.end_account(conn, account, at or now(), reason)


def is_live(store: Store, session_id: str) -> bool:
    with store.connect() as conn:
        row = stored.get(conn, session_id)
    return row is not None and row.ended_at is None
