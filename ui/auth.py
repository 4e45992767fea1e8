"""Who is signed in: the session cookie (set by the sign-in page, ui.signin) read on every run; page guards.

Nobody is signed in by default: without a live session, also while the store has no account yet (set-up),
the app shows only a notice and sends the browser to the sign-in page, keeping the URL. The account is
re-read through its session on every run, so a sign-out on another server, a disabled account, a new role
or the idle timeout take effect at the next click. Every page that writes or exports calls `require()`; a
forged widget value or a typed URL still reaches the store, which checks the acting account again and logs
a refusal.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from services import accounts as users
from services import sessions
from services.access import log_denied
from services.setup import Store
from targets.access import Action, Denied, User, check
from ui import context as ctx

USER_KEY = "user"  # the signed-in account's name, set on every run (ctx.actor() reads it)
SESSION_KEY = "auth_session"  # a session cookie value this Streamlit session holds without a browser (AppTest)
SIGNED_OUT_KEY = "auth_signed_out"  # this session just signed out: the browser goes to /auth/logout (clears the cookie)


@st.cache_data(show_spinner=False, max_entries=4096, ttl=60)
def _session(target: str, cookie: str, version: str, minute: int) -> sessions.Session | None:
    """The session a cookie names, read again when the data changes or the minute turns. A sign-out (on any server),
    a disabled account and a new role all change the data version, so they take effect at the next click. The idle
    timeout and the session's last use are judged to the minute. Reading the session on every click cost two
    queries, and on a DuckDB file a connection, on every page run."""
    return sessions.resolve(Store(target), cookie)


@st.cache_data(show_spinner=False, max_entries=16, ttl=30)
def _setup_mode(target: str, version: str) -> bool:
    return users.setup_mode(Store(target))


def setup_mode() -> bool:
    return _setup_mode(ctx.store().target, ctx.data_version())


def session_cookie() -> str | None:
    """The session cookie the browser sent with this connection (HttpOnly: scripts never see it)."""
    try:
        found = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no browser behind this run (AppTest): only a session held in session state
        found = None
    return found if isinstance(found, str) and found else st.session_state.get(SESSION_KEY)


_run = threading.local()  # this thread's page run: whether it has read the account, and which


@contextmanager
def one_reading_per_run() -> Iterator[None]:
    """Within the block (app.py's page run) the account is read once: the menu asks can() of every page and
    the guards ask again, each a cookie lookup and a copy of the cached session. The next run reads it anew,
    so a sign-out elsewhere or a new role still takes effect at the next click."""
    _run.active, _run.known = True, False
    try:
        yield
    finally:
        _run.active = _run.known = False
        _run.user = None


def current_user() -> User | None:
    """The signed-in account as it stands now, or None (never an anonymous administrator)."""
    if getattr(_run, "known", False):
        return _run.user
    user = _read_user()
    if getattr(_run, "active", False):
        _run.user, _run.known = user, True
    return user


def _read_user() -> User | None:
    cookie = session_cookie()
    found = _session(ctx.store().target, cookie, ctx.data_version(), int(time.time() // 60)) if cookie else None
    if found is None:
        st.session_state.pop(USER_KEY, None)
        return None
    st.session_state[USER_KEY] = found.user.name
    return found.user


def sign_out() -> None:
    """End every session of this account, on every server; the next run sends the browser to the sign-in page."""
    cookie = session_cookie()
    sessions.end(ctx.store(), cookie, "logout")
    _session.clear()
    _run.known = False
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(USER_KEY, None)
    st.session_state[SIGNED_OUT_KEY] = True


def _wanted_lang() -> str:
    wanted = st.query_params.get("lang")
    return wanted if wanted in ("zh", "en") else st.session_state.get("ui_lang", "zh")


def signed_out_page() -> None:
    """All a visitor without a session sees: where to sign in (and, before the first account, how to set up)."""
    lang = st.session_state["ui_lang"] = _wanted_lang()
    from targets.i18n import t

    st.title(t("auth.title", lang))
    if setup_mode():
        st.info(t("auth.setup_mode", lang), icon="🛠️")
    else:
        st.info(t("auth.session_ended", lang), icon="🔑")
    try:
        here = urllib.parse.urlsplit(st.context.url or "")
        wanted = here.path + (f"?{here.query}" if here.query else "")
    except Exception:
        wanted = "/"
    if st.session_state.pop(SIGNED_OUT_KEY, False):
        target = "/auth/logout?" + urllib.parse.urlencode({"lang": lang})
        script = f"window.location.replace({json.dumps(target)});"
    else:
        target = "/auth/login?" + urllib.parse.urlencode({"next": wanted or "/", "lang": lang})
        script = (
            "window.location.replace('/auth/login?next=' + encodeURIComponent(window.location.pathname"
            f" + window.location.search) + '&lang=' + {json.dumps(lang)});"
        )
    st.markdown(f"[{t('auth.go_sign_in', lang)}]({target})")
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


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
    if user is None:
        return
    label = ctx.tr(f"role.{user.role.value}")
    st.sidebar.caption(
        ctx.tr("auth.signed_in_as", name=user.name, role=label) + (f" · {user.department}" if user.department else "")
    )
    st.sidebar.button(ctx.tr("auth.sign_out"), on_click=sign_out, key="sign_out")


@st.cache_data(show_spinner=False, max_entries=4096, ttl=60)
def _unread(target: str, name: str, version: str) -> int:
    """Kept per data version: writing a notice and marking one read both change it. Without this every run read the
    store, and on a DuckDB file opened a connection for that one count."""
    from services.reminders import unread_count

    return unread_count(Store(target), name)


def unread_notices(name: str) -> None:
    """The account's unread notices (reminders), counted in the sidebar with a link to the notices page."""
    n = _unread(ctx.store().target, name, ctx.data_version())
    if n:
        st.sidebar.page_link("views/notices.py", label=ctx.tr("notices.unread", n=n))
