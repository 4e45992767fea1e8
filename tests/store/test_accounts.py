"""Accounts in the store: the first admin, Argon2id, lockout, idle timeout, and every refusal on record."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from db import audit
from db import figures as stored
from services import accounts as users
from services.corrections import correct_value
from services.uploads import commit_upload, preview_upload, rollback_batch
from targets.access import Denied, Role
from targets.errors import Refusal

PW = "correct horse battery"


@pytest.fixture
def accounts(store):
    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    users.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    users.add_user(store, "zj", Role.REPORTER, PW, department="省住建厅", actor="boss")
    users.add_user(store, "press", Role.PRESS, PW, actor="boss")
    users.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    return store


def actions(store) -> list[str]:
    with store.connect() as conn:
        return [e["action"] for e in audit.recent(conn, 500)]


def test_the_first_account_must_be_an_admin_and_later_ones_need_an_admin(store):
    with pytest.raises(Refusal, match="first account"):
        users.add_user(store, "v", Role.VIEWER, PW, actor=None)
    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    with pytest.raises(Denied):
        users.add_user(store, "v", Role.VIEWER, PW, actor="nobody")
    users.add_user(store, "v", Role.VIEWER, PW, actor="boss")
    with pytest.raises(Denied):
        users.add_user(store, "w", Role.ADMIN, PW, actor="v")


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(accounts):
    with accounts.connect() as conn:
        digest = conn.execute("SELECT password_hash FROM users WHERE name = 'boss'").fetchone()[0]
    assert digest.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PW not in digest
    with pytest.raises(Refusal, match="at least 10"):
        users.add_user(accounts, "short", Role.VIEWER, "short", actor="boss")


def test_lockout_after_five_failures_and_unlock_after_the_lockout(accounts):
    t0 = datetime(2024, 7, 1, 9, 0)
    for n in range(users.MAX_FAILURES):
        with pytest.raises(users.LoginFailed) as failed:
            users.authenticate(accounts, "mz", "wrong password!", at=t0 + timedelta(seconds=n))
        assert failed.value.reason == "password"
    with pytest.raises(users.LoginFailed) as locked:
        users.authenticate(accounts, "mz", PW, at=t0 + timedelta(minutes=1))
    assert locked.value.reason == "locked"
    user = users.authenticate(accounts, "mz", PW, at=t0 + users.LOCKOUT + timedelta(minutes=1))
    assert user.department == "省民政厅"
    assert actions(accounts).count("login.failed") == 6 and "login" in actions(accounts)


def test_unknown_accounts_and_wrong_passwords_get_the_same_answer(accounts):
    with pytest.raises(users.LoginFailed) as unknown:
        users.authenticate(accounts, "ghost", PW)
    with pytest.raises(users.LoginFailed) as wrong:
        users.authenticate(accounts, "boss", "not the password")
    assert unknown.value.message_en == wrong.value.message_en


def test_a_disabled_account_cannot_sign_in_or_act(accounts):
    users.set_disabled(accounts, "mz", True, actor="boss")
    with pytest.raises(users.LoginFailed):
        users.authenticate(accounts, "mz", PW)
    preview = preview_upload(accounts, "指标编号,月份,累计完成\nELD-02-1,2024-05,100\n".encode(), "a.csv")
    with pytest.raises(Denied, match="disabled"):
        commit_upload(accounts, preview, actor="mz")


def test_idle_timeout():
    seen = datetime(2024, 7, 1, 9, 0)
    assert not users.idle_expired(seen, seen + users.IDLE_TIMEOUT)
    assert users.idle_expired(seen, seen + users.IDLE_TIMEOUT + timedelta(seconds=1))


def test_a_reporter_cannot_change_another_departments_figures_by_any_path(accounts):
    own = preview_upload(accounts, "指标编号,月份,累计完成\nELD-02-1,2024-05,100\n".encode(), "own.csv")
    assert commit_upload(accounts, own, actor="mz").committed
    foreign = preview_upload(
        accounts, "指标编号,月份,累计完成\nPUB-01-1,2024-05,100\nELD-02-1,2024-06,200\n".encode(), "mixed.csv"
    )
    with pytest.raises(Denied, match="PUB-01-1"):
        commit_upload(accounts, foreign, actor="mz")
    with accounts.connect() as conn:
        rev = stored.stored(conn, 2024)[("ELD-02-1", "province", 5)].revision_id
    with pytest.raises(Denied):
        correct_value(accounts, year=2024, key=("ELD-02-1", "province", 5), value=1, expected_revision=rev, actor="zj")
    with pytest.raises(Denied):
        rollback_batch(accounts, 1, actor="mz")
    with pytest.raises(Denied):
        commit_upload(accounts, foreign, actor="official")
    with accounts.connect() as conn:
        figures = stored.stored(conn, 2024)
    assert set(figures) == {("ELD-02-1", "province", 5)} and figures[("ELD-02-1", "province", 5)].value == 100
    assert actions(accounts).count("denied") == 4


def test_cli_users_and_the_acting_account(cli):
    assert cli("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PW + "\n").code == 0
    assert (
        cli(
            "users",
            "add",
            "mz",
            "--role",
            "reporter",
            "--department",
            "省民政厅",
            "--password-stdin",
            "--as",
            "boss",
            stdin=PW + "\n",
        ).code
        == 0
    )
    listed = cli("users", "list", "--json").json["users"]
    assert [(u["name"], u["role"], u["department"]) for u in listed] == [
        ("boss", "admin", None),
        ("mz", "reporter", "省民政厅"),
    ]
    assert "password" not in str(listed).lower() or all("hash" not in k for u in listed for k in u)
    refused = cli("users", "add", "x", "--role", "viewer", "--password-stdin", "--as", "mz", "--json", stdin=PW + "\n")
    assert refused.code == 1 and refused.json["error"]["code"] == "denied"
    assert cli("users", "add", "y", "--role", "viewer", stdin=PW + "\n").code == 1  # no --password-stdin: refused
    audit_log = cli("audit", "--as", "boss", "--json").json["entries"]
    assert {"users.add", "denied"} <= {e["action"] for e in audit_log}
    assert PW not in str(audit_log)
