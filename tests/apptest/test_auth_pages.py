"""Signing in and the page guards through AppTest: forged values and typed URLs are refused and logged."""

from __future__ import annotations

import pytest

from db import audit
from db import figures as stored
from services import accounts as users
from targets.access import Role
from tests.apptest.conftest import sign_in

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


def test_a_fresh_store_offers_an_anonymous_visitor_only_the_set_up_instructions(anonymous_app, store):
    at = anonymous_app.run()
    assert not at.exception
    assert at.title[0].value == "登录民生实事跟踪系统"
    assert any("第一个管理员" in i.value for i in at.info)
    # No sidebar: no filters, no database path, no pages; nobody acts as an administrator.
    assert not at.sidebar.children or not any(at.sidebar.children.values())
    assert not at.selectbox and not at.radio and not at.dataframe and not at.button
    assert "user" not in at.session_state
    at.switch_page("views/users.py").run()
    assert not at.exception and not at.dataframe and not at.text_input
    assert users.setup_mode(store)


def test_without_a_session_the_app_shows_only_the_way_to_the_sign_in_page(anonymous_app, with_accounts):
    at = anonymous_app.run()
    assert not at.exception
    assert [i.value for i in at.info] == ["登录已失效（已退出、超时或账号已停用），请重新登录。"]
    assert "/auth/login?" in at.markdown[0].value
    assert not at.selectbox and not at.dataframe and not at.button


def test_signing_out_ends_the_session_and_every_other_session_of_the_account(anonymous_app, with_accounts):
    at = sign_in(anonymous_app, with_accounts, "boss")
    other = sign_in(
        anonymous_app.__class__.from_file(anonymous_app._script_path, default_timeout=60), with_accounts, "boss"
    )
    at.run()
    other.run()
    assert at.session_state["user"] == "boss" and other.session_state["user"] == "boss"
    at.button(key="sign_out").click().run()
    assert "user" not in at.session_state and not at.button
    other.run()  # another tab, or another server on the same store
    assert "user" not in other.session_state and not other.dataframe
    assert ("boss", "logout") in log(with_accounts)


def test_a_viewer_opening_the_upload_page_by_url_is_refused_and_logged(app, with_accounts):
    sign_in(app, with_accounts, "official")
    at = app.run()
    at.switch_page("views/upload.py").run()
    assert any("may not upload" in e.value or "无权" in e.value for e in at.error)
    assert not at.file_uploader
    assert ("official", "denied") in log(with_accounts)


def test_a_reporter_sees_only_their_department_and_another_departments_rows_are_refused_in_the_preview(
    app, with_accounts
):
    sign_in(app, with_accounts, "mz")
    at = app.run()
    at.switch_page("views/upload.py").run()
    assert not at.exception
    assert at.selectbox(key="correct_code").options == ["ELD-02-1 新建改建合作助老餐厅和助餐点"]
    assert at.selectbox(key="template_unit").options == ["省民政厅"]
    forged = "指标编号,月份,累计完成\nPUB-01-1,2024-05,100\n".encode()
    at.file_uploader[0].upload("forged.csv", forged, "text/csv").run()
    # Said before anyone ticks a box: the whole file is refused, naming the indicator and its row.
    assert any("1 行属于其他单位" in e.value for e in at.error)
    assert any("PUB-01-1" in str(row) for frame in at.dataframe for row in frame.value.itertuples())
    assert not [b for b in at.button if b.key == "upload_commit"]
    with with_accounts.connect() as conn:
        assert stored.stored(conn, 2024) == {}


def test_a_reporter_may_drop_the_other_departments_rows_and_commit_the_rest_on_record(app, with_accounts):
    sign_in(app, with_accounts, "mz")
    at = app.run()
    at.switch_page("views/upload.py").run()
    mixed = "指标编号,月份,累计完成\nELD-02-1,2024-05,640\nPUB-01-1,2024-05,100\nHEA-02-1,2024-05,7\n".encode()
    at.file_uploader[0].upload("mixed.csv", mixed, "text/csv").run()
    assert any("2 行属于其他单位" in e.value for e in at.error)
    at.toggle(key="upload_only_own").set_value(True).run()
    assert any("已舍弃其他单位指标的 2 行" in i.value for i in at.info)
    at.button(key="upload_commit").click().run()
    assert not at.exception
    with with_accounts.connect() as conn:
        assert {k: v.value for k, v in stored.stored(conn, 2024).items()} == {("ELD-02-1", "province", 5): 640}
        batch = stored.batch(conn, 1)
    assert batch.uploaded_by == "mz"
    assert [(d["indicator"], d["row"]) for d in batch.summary["dropped"]] == [("PUB-01-1", 3), ("HEA-02-1", 4)]


def test_a_reporter_can_upload_their_own_figures(app, with_accounts):
    sign_in(app, with_accounts, "mz")
    at = app.run()
    at.switch_page("views/upload.py").run()
    at.file_uploader[0].upload("own.csv", "指标编号,月份,累计完成\nELD-02-1,2024-05,640\n".encode(), "text/csv").run()
    at.button(key="upload_commit").click().run()
    assert not at.exception
    with with_accounts.connect() as conn:
        assert stored.stored(conn, 2024)[("ELD-02-1", "province", 5)].value == 640
        assert stored.batch(conn, 1).uploaded_by == "mz"


def test_the_accounts_and_audit_pages_are_for_admins_only(app, with_accounts):
    sign_in(app, with_accounts, "mz")
    at = app.run()
    at.switch_page("views/audit.py").run()
    assert at.error and not at.dataframe
    admin = app.__class__.from_file(app._script_path, default_timeout=60)
    sign_in(admin, with_accounts, "boss")
    at = admin.run()
    at.switch_page("views/users.py").run()
    assert not at.exception and {"boss", "mz", "official"} <= set(at.dataframe[0].value.iloc[:, 0])
    at.switch_page("views/audit.py").run()
    assert not at.exception and "越权操作被拒绝" in set(at.dataframe[0].value.iloc[:, 2])  # "denied" in words


def test_an_admin_sees_single_sign_on_accounts_beside_local_ones(app, with_accounts):
    from targets.access import User

    users.sso_sign_in(with_accounts, User("mz@mz.gov.cn", Role.REPORTER, "省民政厅"))
    at = sign_in(app, with_accounts, "boss").run()
    at.switch_page("views/users.py").run()
    table = at.dataframe[0].value.set_index("账号")
    assert table.loc["mz@mz.gov.cn", "登录方式"] == "统一身份认证" and table.loc["boss", "登录方式"] == "密码"
    assert table.loc["mz@mz.gov.cn", "角色"] == "填报" and table.loc["mz@mz.gov.cn", "所属单位"] == "省民政厅"
