"""Signing in and the page guards through AppTest: forged values and typed URLs are refused and logged."""

from __future__ import annotations

import pytest

from db import audit
from db import figures as stored
from services import accounts as users
from targets.access import Role

PW = "correct horse battery"


@pytest.fixture
def with_accounts(store):
    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    users.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    users.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    return store


def log(store) -> list[tuple[str, str]]:
    with store.connect() as conn:
        return [(e["actor"], e["action"]) for e in audit.recent(conn, 200)]


def test_without_accounts_the_app_runs_in_set_up_mode_and_says_so(app):
    at = app.run()
    assert not at.exception
    assert any("Set-up mode" in w.value or "初始设置模式" in w.value for w in at.sidebar.warning)


def test_with_accounts_the_sign_in_form_comes_first_and_a_wrong_password_is_refused(app, with_accounts):
    at = app.run()
    assert at.title[0].value == "登录民生实事跟踪系统"
    at.text_input(key="login_name").input("boss")
    at.text_input(key="login_password").input("wrong password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["账号或密码错误。"]
    assert "user" not in at.session_state or not at.session_state["user"]
    at.text_input(key="login_password").input(PW)
    at.button[0].click().run()
    assert at.session_state["user"] == "boss"
    assert ("boss", "login") in log(with_accounts) and ("boss", "login.failed") in log(with_accounts)


def test_a_viewer_opening_the_upload_page_by_url_is_refused_and_logged(app, with_accounts):
    app.session_state["user"] = "official"
    at = app.run()
    at.switch_page("views/upload.py").run()
    assert any("may not upload" in e.value or "无权" in e.value for e in at.error)
    assert not at.file_uploader
    assert ("official", "denied") in log(with_accounts)


def test_a_reporter_sees_only_their_department_and_a_forged_upload_is_refused(app, with_accounts):
    app.session_state["user"] = "mz"
    at = app.run()
    at.switch_page("views/upload.py").run()
    assert not at.exception
    assert at.selectbox(key="correct_code").options == ["ELD-02-1 新建改建合作助老餐厅和助餐点"]
    assert at.selectbox(key="template_unit").options == ["省民政厅"]
    forged = "指标编号,月份,累计完成\nPUB-01-1,2024-05,100\n".encode()
    at.file_uploader[0].upload("forged.csv", forged, "text/csv").run()
    at.button(key="upload_commit").click().run()
    assert any("PUB-01-1" in e.value for e in at.error)
    with with_accounts.connect() as conn:
        assert stored.stored(conn, 2024) == {}
    assert ("mz", "denied") in log(with_accounts)


def test_a_reporter_can_upload_their_own_figures(app, with_accounts):
    app.session_state["user"] = "mz"
    at = app.run()
    at.switch_page("views/upload.py").run()
    at.file_uploader[0].upload("own.csv", "指标编号,月份,累计完成\nELD-02-1,2024-05,640\n".encode(), "text/csv").run()
    at.button(key="upload_commit").click().run()
    assert not at.exception
    with with_accounts.connect() as conn:
        assert stored.stored(conn, 2024)[("ELD-02-1", "province", 5)].value == 640
        assert stored.batch(conn, 1).uploaded_by == "mz"


def test_the_accounts_and_audit_pages_are_for_admins_only(app, with_accounts):
    app.session_state["user"] = "mz"
    at = app.run()
    at.switch_page("views/audit.py").run()
    assert at.error and not at.dataframe
    admin = app.__class__.from_file(app._script_path, default_timeout=60)
    admin.session_state["user"] = "boss"
    at = admin.run()
    at.switch_page("views/users.py").run()
    assert not at.exception and {"boss", "mz", "official"} <= set(at.dataframe[0].value.iloc[:, 0])
    at.switch_page("views/audit.py").run()
    assert not at.exception and "denied" in set(at.dataframe[0].value.iloc[:, 2])
