"""The in-app notices through AppTest: the unread count in the sidebar, the notices page with each reminder, mark
read; and an account's e-mail address set on the users page."""

from __future__ import annotations

from datetime import date

import pytest

from services import reminders
from tests.apptest.conftest import new_app, sign_in
from tests.supervision_data import accounts

DUE_MZ = "【催报提醒】省民政厅2024年9月数据请于2024年10月5日前报送"


@pytest.fixture
def db(store, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    accounts(store)
    reminders.run(store, actor="boss", today=date(2024, 10, 2), env={"LIVELIHOOD_REMIND_DAYS": "3"})
    return store


def as_user(store, name: str, lang: str = "zh"):
    at = new_app(store, as_tester=False)
    sign_in(at, store, name)
    at.session_state["ui_lang"] = lang
    return at


def links(at) -> list[str]:
    return [e.proto.label for e in at.get("page_link")]


def test_the_reporter_sees_the_unread_notice_and_marks_it_read(db):
    at = as_user(db, "mz")
    at.run()
    assert not at.exception, at.exception
    assert "🔔 1 条未读消息" in links(at)
    at.switch_page("views/notices.py").run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown if DUE_MZ in m.value] == [f"**{DUE_MZ}** · 🔵 未读"]
    assert any("还有3天" in t.value for t in at.text)
    assert "未读 1 条" in [c.value for c in at.caption]
    at.button(key=f"notice_read_{reminders.notices(db, actor='mz')[0].id}").click().run()
    assert not at.exception, at.exception
    assert reminders.unread_count(db, "mz") == 0
    assert [m.value for m in at.markdown if DUE_MZ in m.value] == [f"**{DUE_MZ}**"]
    assert not any("未读消息" in label for label in links(at))


def test_another_account_sees_only_its_own_notices_in_english(db):
    at = as_user(db, "official", "en")
    at.run()
    at.switch_page("views/notices.py").run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == ["No notices."]
    assert not any("unread" in label for label in links(at))


def test_an_admin_sets_a_reporters_email_on_the_users_page(db):
    at = as_user(db, "boss")
    at.run()
    at.switch_page("views/users.py").run()
    at.selectbox(key="change_user").set_value("mz").run()
    at.text_input(key="contact_email_mz").input("mz@mz.jl.gov.cn")
    at.button(key="save_contact").click().run()
    assert not at.exception, at.exception
    assert reminders.contacts(db)["mz"].email == "mz@mz.jl.gov.cn"
    at.text_input(key="contact_email_mz").input("not an address")
    at.button(key="save_contact").click().run()
    assert [e.value for e in at.error] == ["电子邮箱格式不正确：not an address。"]
    assert reminders.contacts(db)["mz"].email == "mz@mz.jl.gov.cn"


def test_the_demo_shows_the_reminders_its_accounts_had_by_its_own_day(store, monkeypatch):
    from services.demo import add_demo_accounts, build_demo
    from tests.conftest import ROOT

    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    monkeypatch.chdir(ROOT)
    build_demo(store, actor="setup")
    add_demo_accounts(store)
    bodies = [n.body.splitlines()[0] for n in reminders.notices(store, actor="demo-reporter")]
    assert [b[b.index("（") :] for b in bodies] == [
        "（还有1天）。请按时上传并提交。",
        "（还有3天）。请按时上传并提交。",
    ]
    assert [n.subject for n in reminders.notices(store, actor="demo-admin")] == [
        "【每日汇总】2024年10月10日民生实事报送待办"
    ]
    at = as_user(store, "demo-reporter")
    at.run()
    assert not at.exception, at.exception
    assert "🔔 2 条未读消息" in links(at)
