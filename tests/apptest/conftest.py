"""AppTest runs the real app script against a temporary store.

Nobody is signed in by default any more (no anonymous administrator): `app` signs in as the administrator
`tester` at its first run when the test has set up no account and no session of its own, and `sign_in()`
opens a session for a named account, as the sign-in page would (AppTest has no browser to hold the cookie,
so the session's cookie value goes into session state).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from services import accounts, sessions
from targets.access import Role
from tests.conftest import ROOT

TESTER = "tester"
TESTER_PASSWORD = "tester-password-2024"
SESSION_KEY = "auth_session"  # ui.auth.SESSION_KEY


def sign_in(at: AppTest, store, name: str) -> AppTest:
    """Open a session for account `name` in this AppTest (what a sign-in through the browser does)."""
    account = accounts.account(store, name)
    assert account is not None, f"no account {name}"
    at.session_state[SESSION_KEY] = sessions.start(store, account.user)
    return at


def new_app(store, *, as_tester: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if as_tester:
        first_run = at.run

        def run(*args, **kwargs):
            at.run = first_run
            if SESSION_KEY not in at.session_state and accounts.setup_mode(store):
                accounts.add_user(store, TESTER, Role.ADMIN, TESTER_PASSWORD, actor=None)
                sign_in(at, store, TESTER)
            return first_run(*args, **kwargs)

        at.run = run
    return at


@pytest.fixture
def app(store, monkeypatch):
    """An AppTest of app.py on a fresh store, signed in as the admin `tester` unless the test signs in itself or
    made accounts; call .run() to render."""
    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    return new_app(store)


@pytest.fixture
def anonymous_app(store, monkeypatch):
    """An AppTest of app.py on a fresh store with nobody signed in."""
    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    return new_app(store, as_tester=False)
