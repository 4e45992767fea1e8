"""Signing in: local accounts (the embedded default) or single sign-on; idle timeout; page guards.

Until the first account exists the app runs in set-up mode, open as an administrator, and says
so. Every page that writes or exports calls `require()`; a forged widget value or a typed URL still
reaches the store, which checks the acting account again and logs a refusal.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from services import accounts as users
from services.access import log_denied
from services.setup import Store
from targets.access import Action, Denied, Role, User, check
from ui import context as ctx

USER_KEY = "user"  # the signed-in account's name (ctx.actor() reads it)
SEEN_KEY = "auth_last_seen"
NOTICE_KEY = "auth_notice"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@st.cache_data(show_spinner=False, max_entries=256, ttl=30)
def _account(target: str, name: str, version: str) -> User | None:
    account = users.account(Store(target), name)
    return account.user if account else None


@st.cache_data(show_spinner=False, max_entries=16, ttl=30)
def _setup_mode(target: str, version: str) -> bool:
    return users.setup_mode(Store(target))


def setup_mode() -> bool:
    return _setup_mode(ctx.store().target, ctx.data_version())


def sso_rules() -> dict | None:
    try:
        return dict(st.secrets["livelihood"]["sso"])
    except Exception:  # a missing secrets.toml, or one without [livelihood.sso], means no SSO
        return None


def current_user() -> User | None:
    """The signed-in account (re-read so a disabled or re-roled account takes effect), or set-up admin."""
    if setup_mode():
        return User("setup", Role.ADMIN)
    rules = sso_rules()
    if rules is not None:
        from targets.sso import NoRole, map_claims

        if not getattr(st.user, "is_logged_in", False):
            return None
        try:
            return map_claims(st.user.to_dict(), rules)
        except NoRole:
            return None
    name = st.session_state.get(USER_KEY)
    if not name:
        return None
    user = _account(ctx.store().target, name, ctx.data_version())
    if user is None or user.disabled:
        sign_out("disabled")
        return None
    return user


def sign_out(reason: str = "logout") -> None:
    name = st.session_state.pop(USER_KEY, None)
    st.session_state.pop(SEEN_KEY, None)
    if name:
        users.record_sign_out(ctx.store(), name, reason)
    if reason == "timeout":
        st.session_state[NOTICE_KEY] = ctx.tr("auth.timed_out", minutes=int(users.IDLE_TIMEOUT.total_seconds() // 60))


def touch() -> None:
    """Sign out after the idle timeout; otherwise note this run as activity."""
    if st.session_state.get(USER_KEY):
        seen = st.session_state.get(SEEN_KEY)
        if seen is not None and users.idle_expired(seen, _now()):
            sign_out("timeout")
            return
        st.session_state[SEEN_KEY] = _now()


def login_page() -> None:
    """The sign-in form (or the SSO button); shown instead of the app until someone signs in."""
    st.title(ctx.tr("auth.title"))
    if notice := st.session_state.pop(NOTICE_KEY, None):
        st.info(notice)
    rules = sso_rules()
    if rules is not None:
        if getattr(st.user, "is_logged_in", False):
            st.error(ctx.tr("auth.sso_no_role"))
            st.button(ctx.tr("auth.sign_out"), on_click=st.logout)
        else:
            st.button(ctx.tr("auth.sso"), on_click=st.login, type="primary")
        return
    with st.form("login"):
        name = st.text_input(ctx.tr("auth.name"), key="login_name")
        password = st.text_input(ctx.tr("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(ctx.tr("auth.sign_in"), type="primary")
    if submitted:
        try:
            user = users.authenticate(ctx.store(), name.strip(), password)
        except users.LoginFailed as exc:
            st.error(exc.message(ctx.lang()))
        else:
            st.session_state[USER_KEY] = user.name
            st.session_state[SEEN_KEY] = _now()
            ctx.bump()
            st.rerun()
    if ctx.is_demo():
        st.caption(ctx.tr("auth.demo_accounts"))


def can(action: Action, **scope) -> bool:
    try:
        check(current_user(), action, **scope)
    except Denied:
        return False
    return True


def require(action: Action, **scope) -> User:
    """Stop the page unless the signed-in account may take the action; the refusal is logged."""
    user = current_user()
    try:
        check(user, action, **scope)
    except Denied as exc:
        log_denied(ctx.store(), exc.user, f"page:{action.value}", exc.message_en)
        st.error(exc.message(ctx.lang()), icon="⛔")
        st.stop()
    return user


def sidebar_account() -> None:
    user = current_user()
    if setup_mode():
        st.sidebar.warning(ctx.tr("auth.setup_mode"), icon="🛠️")
        return
    if user is None:
        return
    label = ctx.tr(f"role.{user.role.value}")
    st.sidebar.caption(
        ctx.tr("auth.signed_in_as", name=user.name, role=label) + (f" · {user.department}" if user.department else "")
    )
    if sso_rules() is not None:
        st.sidebar.button(ctx.tr("auth.sign_out"), on_click=st.logout, key="sign_out")
    else:
        st.sidebar.button(ctx.tr("auth.sign_out"), on_click=sign_out, key="sign_out")
