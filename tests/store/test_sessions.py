"""Sessions in the store: a signed cookie naming a row, which a sign-out, a disabled account or the idle
timeout ends for every server on the store; the one-time set-up token makes the first admin once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner

from db import audit
from db.audit import now
from db.store import Store
from services import accounts, sessions, setup_token
from targets.access import Role
from targets.errors import Refusal

PW = "correct horse battery"


@pytest.fixture
def people(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    return store


def user(store, name):
    return accounts.account(store, name).user


def actions(store) -> list[tuple[str, str]]:
    with store.connect() as conn:
        return [(e["actor"], e["action"]) for e in audit.recent(conn, 200)]


def test_a_session_is_found_by_its_cookie_on_any_server_of_the_store(people):
    cookie = sessions.start(people, user(people, "mz"))
    other_server = Store(people.target)  # another process on the same store: nothing shared but the store
    sessions._secrets.clear()
    found = sessions.resolve(other_server, cookie)
    assert found is not None and found.user.name == "mz" and found.user.department == "省民政厅"
    with people.connect() as conn:
        stored_ids = [r[0] for r in conn.execute("SELECT id FROM sessions").fetchall()]
    assert cookie.split(".")[0] not in stored_ids  # the store keeps a digest, never the token


def test_a_forged_or_tampered_cookie_finds_nothing(people):
    cookie = sessions.start(people, user(people, "boss"))
    token = cookie.split(".")[0]
    forged = TimestampSigner("not the store's secret", salt="livelihood.session").sign(token).decode()
    assert sessions.resolve(people, forged) is None
    assert sessions.resolve(people, cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")) is None
    assert sessions.resolve(people, "") is None and sessions.resolve(people, None) is None


def test_the_signature_expires_however_active_the_session(people, monkeypatch):
    cookie = sessions.start(people, user(people, "boss"))
    later = TimestampSigner.get_timestamp(TimestampSigner("x")) + int(sessions.MAX_AGE.total_seconds()) + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert sessions.resolve(people, cookie) is None


def test_the_idle_timeout_ends_a_session_on_record(people):
    t0 = now()
    cookie = sessions.start(people, user(people, "mz"), at=t0)
    assert sessions.resolve(people, cookie, at=t0 + sessions.IDLE_TIMEOUT - timedelta(minutes=1)) is not None
    # Activity moved last_seen on: 29 minutes after that is still live.
    assert sessions.resolve(people, cookie, at=t0 + 2 * sessions.IDLE_TIMEOUT - timedelta(minutes=3)) is not None
    assert sessions.resolve(people, cookie, at=t0 + 4 * sessions.IDLE_TIMEOUT) is None
    assert sessions.resolve(people, cookie, at=t0 + 4 * sessions.IDLE_TIMEOUT + timedelta(seconds=1)) is None
    assert ("mz", "logout.timeout") in actions(people)


def test_signing_out_ends_every_session_of_the_account_and_only_that_account(people):
    laptop = sessions.start(people, user(people, "mz"))
    phone = sessions.start(people, user(people, "mz"))
    boss = sessions.start(people, user(people, "boss"))
    assert sessions.end(people, laptop) == "mz"
    assert sessions.resolve(people, laptop) is None and sessions.resolve(people, phone) is None
    assert sessions.resolve(people, boss) is not None
    assert ("mz", "logout") in actions(people)


def test_a_sign_out_a_role_and_a_disabled_account_change_the_stamp_every_server_keeps_sessions_by(people):
    """Servers keep a resolved session per data version (ui.auth): each of these must change it."""
    from services.status import data_version

    cookie = sessions.start(people, user(people, "mz"))
    seen = [data_version(people)]
    accounts.set_role(people, "mz", Role.VIEWER, actor="boss")
    seen.append(data_version(people))
    sessions.end(people, cookie)
    seen.append(data_version(people))
    accounts.set_disabled(people, "boss", True, actor="boss")
    seen.append(data_version(people))
    assert len(set(seen)) == 4, seen


def test_disabling_an_account_ends_its_sessions_and_a_new_role_shows_at_once(people):
    cookie = sessions.start(people, user(people, "mz"))
    accounts.set_role(people, "mz", Role.VIEWER, actor="boss")
    assert sessions.resolve(people, cookie).user.role is Role.VIEWER
    accounts.set_disabled(people, "mz", True, actor="boss")
    assert sessions.resolve(people, cookie) is None
    accounts.set_disabled(people, "mz", False, actor="boss")
    assert sessions.resolve(people, cookie) is None  # enabling again does not revive an ended session


def test_the_set_up_token_makes_the_first_admin_once(store):
    with pytest.raises(Refusal, match="Wrong set-up token"):
        accounts.create_first_admin(store, "chief", PW, token_ok=setup_token.matches("guess"))
    assert accounts.setup_mode(store)
    admin = accounts.create_first_admin(store, "chief", PW, token_ok=setup_token.matches(setup_token.token()))
    assert admin.role is Role.ADMIN and not accounts.setup_mode(store)
    with pytest.raises(Refusal, match="exists already"):
        accounts.create_first_admin(store, "second", PW, token_ok=setup_token.matches(setup_token.token()))
    assert accounts.account(store, "second") is None
    assert ("chief", "setup.first_admin") in actions(store) and ("guess", "setup.refused") not in actions(store)


def test_the_set_up_token_is_compared_whole():
    token = setup_token.token()
    assert setup_token.matches(token) and setup_token.matches(f" {token} ")
    assert not setup_token.matches(token[:-1]) and not setup_token.matches("") and not setup_token.matches(None)


def test_a_single_sign_on_person_is_a_real_actor_authorised_in_the_store(people):
    from db import figures as stored
    from services.uploads import commit_upload, preview_upload
    from targets.access import Denied, User

    mapped = User("mz@mz.gov.cn", Role.REPORTER, "省民政厅")
    assert accounts.sso_sign_in(people, mapped) == mapped
    own = preview_upload(people, "指标编号,月份,累计完成\nELD-02-1,2024-05,640\n".encode(), "own.csv")
    commit_upload(people, own, actor="mz@mz.gov.cn", confirm_warnings=True)
    with people.connect() as conn:
        assert stored.batch(conn, 1).uploaded_by == "mz@mz.gov.cn"
    # The mapping changes at the provider: the next sign-in brings the new role, and the store refuses the write.
    accounts.sso_sign_in(people, User("mz@mz.gov.cn", Role.VIEWER))
    again = preview_upload(people, "指标编号,月份,累计完成\nELD-02-1,2024-06,700\n".encode(), "again.csv")
    with pytest.raises(Denied):
        commit_upload(people, again, actor="mz@mz.gov.cn", confirm_warnings=True)
    assert ("mz@mz.gov.cn", "denied") in actions(people)
    accounts.set_disabled(people, "mz@mz.gov.cn", True, actor="boss")
    with pytest.raises(accounts.LoginFailed, match="disabled"):
        accounts.sso_sign_in(people, mapped)
    with pytest.raises(accounts.LoginFailed, match="local account"):
        accounts.sso_sign_in(people, User("boss", Role.ADMIN))  # a provider cannot take over a local account
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(people, "mz@mz.gov.cn", "")  # no password: never signs in locally


def test_single_sign_on_waits_for_the_first_admin(store):
    from targets.access import User

    with pytest.raises(accounts.LoginFailed, match="first admin"):
        accounts.sso_sign_in(store, User("someone@gov.cn", Role.ADMIN))
    assert accounts.setup_mode(store)
