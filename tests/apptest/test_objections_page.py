"""公示异议 (the administrators' page) through AppTest: the list with names and contacts, the filters, reply →
publish with the edited question (a question with personal data refused on the page), reject with a reason, the
window set by hand; a viewer opening it by URL is refused and sees no personal data."""

from __future__ import annotations

from datetime import datetime

import pytest

from services import accounts
from services import objections as svc
from targets.access import Role
from targets.objections import State, Submission
from tests.apptest.conftest import TESTER, TESTER_PASSWORD, new_app, sign_in

SECRET = b"apptest-secret-0123456789"
NONCE = "apptest-nonce-0123456789"
NOW = datetime(2024, 10, 12, 2, 0, 0)


@pytest.fixture
def seeded(store, monkeypatch):
    monkeypatch.setenv(svc.FROM_ENV, "2024-10-10")
    monkeypatch.setenv(svc.TO_ENV, "2024-10-16")
    for n, (task, text, name, contact) in enumerate(
        [
            ("EMP-01", "我是张三，某小区加装电梯进度与公示不符", "张三", "13912345678"),
            (None, "整体进度偏慢，希望加快", "", ""),
        ]
    ):
        svc.submit(
            store,
            Submission(2024, task, text, name, contact),
            ip=f"192.0.2.{n}",
            token=svc.issue_token(SECRET, NONCE, 2024, at=NOW),
            nonce=NONCE,
            secret=SECRET,
            now=NOW,
            today=datetime(2024, 10, 12).date(),
        )
    accounts.add_user(store, TESTER, Role.ADMIN, TESTER_PASSWORD, actor=None)
    accounts.add_user(store, "reader", Role.VIEWER, "reader-password-2024", actor=TESTER)
    return store


def open_page(app, store, user: str = TESTER, lang: str = "zh"):
    sign_in(app, store, user)
    app.session_state["ui_lang"] = lang
    app.run()
    app.switch_page("views/objections.py").run()
    assert not app.exception, app.exception
    return app


def everything(at) -> str:
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "info", "success", "error", "warning")
        for e in at.get(kind)
    ]
    parts += [e.value for e in at.get("text")]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def test_the_list_shows_text_name_and_contact_to_administrators(app, seeded):
    at = open_page(app, seeded)
    shown = everything(at)
    assert "公示异议处理" in shown
    assert "共 2 条：待处理 2 条" in shown
    assert "我是张三，某小区加装电梯进度与公示不符" in shown and "13912345678" in shown
    assert "第1号" in shown and "第2号" in shown and "整体意见" in shown
    assert "2024年异议受理期：2024-10-10 至 2024-10-16（服务器配置）" in shown
    at.selectbox(key="ob_task").select_index(1).run()  # the list in general
    shown = everything(at)
    assert "第2号" in shown and "第1号" not in shown


def test_reply_then_publish_with_the_edited_question(app, seeded):
    at = open_page(app, seeded)
    at.text_area(key="ob_reply_1").input("经核实，电梯已于10月开工。")
    at.button(key="ob_reply_save_1").click().run()
    assert not at.exception
    assert "第1号异议的答复已保存（尚未公开）。" in everything(at)
    assert svc.objections(seeded, 2024, actor=TESTER)[0].state is State.REPLIED
    assert svc.published_replies(seeded, 2024) == []
    # The draft question has the name masked; an edit that puts it back is refused on the page.
    assert at.text_area(key="ob_question_1").value == "我是＊＊＊，某小区加装电梯进度与公示不符"
    at.text_area(key="ob_question_1").input("张三反映某小区电梯进度不符")
    at.button(key="ob_publish_1").click().run()
    assert "待公开的问题仍含个人信息" in everything(at)
    assert svc.published_replies(seeded, 2024) == []
    at.text_area(key="ob_question_1").input("某小区加装电梯进度与公示不符")
    at.button(key="ob_publish_1").click().run()
    assert "第1号异议的答复已发布。" in everything(at)
    (published,) = svc.published_replies(seeded, 2024)
    assert (published["question"], published["reply"]) == ("某小区加装电梯进度与公示不符", "经核实，电梯已于10月开工。")


def test_reject_with_a_reason_in_english(app, seeded):
    at = open_page(app, seeded, lang="en")
    assert "Objections to the disclosure" in everything(at)
    at.button(key="ob_reject_2").click().run()
    assert "Write the reason first." in everything(at)
    at.text_input(key="ob_reason_2").input("Not about the notice")
    at.button(key="ob_reject_2").click().run()
    assert "No. 2 is rejected." in everything(at)
    assert svc.objections(seeded, 2024, actor=TESTER, state="rejected")[0].reason == "Not about the notice"


def test_the_window_set_by_hand_wins_over_the_server_setting(app, seeded):
    at = open_page(app, seeded)
    at.date_input(key="ob_window_from").set_value(datetime(2024, 11, 1).date())
    at.date_input(key="ob_window_to").set_value(datetime(2024, 11, 7).date())
    at.button(key="ob_window_save").click().run()
    assert "受理期已设置为 2024-11-01 至 2024-11-07。" in everything(at)
    assert "2024年异议受理期：2024-11-01 至 2024-11-07（管理员设置）" in everything(at)


def test_a_viewer_neither_sees_the_page_nor_opens_it_by_url(seeded, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.setenv("LIVELIHOOD_DB", seeded.target)
    monkeypatch.chdir(ROOT)
    at = new_app(seeded, as_tester=False)
    sign_in(at, seeded, "reader")
    at.run()
    assert not at.exception
    at.switch_page("views/objections.py").run()
    shown = everything(at)
    assert "13912345678" not in shown and "我是张三" not in shown
    assert any("无权" in e.value for e in at.error)
