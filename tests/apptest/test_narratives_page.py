"""进展说明 through AppTest: a reporter sees only their department's tasks and saves a note (a new version each
time); a locked month says so and refuses; the task page shows the latest month's word with its rating and folds
the earlier months."""

from __future__ import annotations

import os
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from db import open_store
from services.cycle import step
from services.narratives import versions, write
from targets.narratives import Draft
from tests.apptest.conftest import sign_in
from tests.supervision_data import accounts, upload

TODAY = date(2024, 7, 10)


@pytest.fixture
def db(store):
    accounts(store)
    upload(store)
    return store


def open_page(app: AppTest, page: str, user: str, lang: str = "zh", **state) -> AppTest:
    sign_in(app, open_store(os.environ["LIVELIHOOD_DB"], migrate=False), user)
    app.session_state["ui_lang"] = lang
    app.session_state["clock_today"] = TODAY
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, app.exception
    return app


def shown(at) -> str:
    return "\n".join(
        str(e.value)
        for e in [*at.title, *at.subheader, *at.markdown, *at.caption, *at.success, *at.error, *at.warning, *at.info]
    )


def test_a_reporter_writes_a_note_for_their_own_task_and_each_save_is_a_version(app, db):
    at = open_page(app, "narratives", "mz")
    assert at.selectbox(key="word_task").options == ["合作助老餐厅和助餐点（ELD-02）"]  # only 省民政厅's task
    assert at.selectbox(key="word_month").value == 6  # the month due on 10 July
    at.radio(key="word_confidence_ELD-02_6").set_value("unlikely")
    at.text_area(key="word_problems_ELD-02_6").input("选址难，资金未到位")
    at.button(key="word_save").click().run()
    assert not at.exception
    assert "已保存（第1版）" in shown(at)
    at.text_area(key="word_progress_ELD-02_6").input("新建助餐点80个")
    at.button(key="word_save").click().run()
    assert "已保存（第2版）" in shown(at)
    kept = versions(db, 2024)
    assert [(w.version, w.confidence.value, w.problems, w.progress, w.written_by) for w in kept] == [
        (1, "unlikely", "选址难，资金未到位", "", "mz"),
        (2, "unlikely", "选址难，资金未到位", "新建助餐点80个", "mz"),
    ]


def test_a_locked_month_is_announced_and_refuses_the_save(app, db):
    step(db, 2024, 6, "lock", actor="boss", departments=["省民政厅"])
    at = open_page(app, "narratives", "mz")
    assert "2024年6月省民政厅的数据已审核锁定" in shown(at)
    at.text_area(key="word_progress_ELD-02_6").input("改口")
    at.button(key="word_save").click().run()
    assert "已审核锁定" in "\n".join(e.value for e in at.error)
    assert versions(db, 2024) == []


def test_the_task_page_shows_the_latest_word_with_its_rating_and_folds_the_earlier(app, db):
    write(db, 2024, Draft("ELD-02", 5, "at_risk", progress="五月进展"), actor="mz")
    write(db, 2024, Draft("ELD-02", 6, "unlikely", problems="六月选址难"), actor="mz")
    at = open_page(app, "task", "official", dashboard_task="ELD-02")
    assert "牵头单位进展说明" in [s.value for s in at.subheader]
    latest_md = next(m.value for m in at.markdown if "2024年6月" in m.value and "badge" in m.value)
    assert latest_md.startswith(":red-badge[难以完成]")
    assert any("六月选址难" in m.value for m in at.markdown)
    earlier = next(e for e in at.expander if "此前各月（1）" in e.label)
    assert any(":orange-badge[有风险]" in m.value for m in earlier.markdown)
    en = open_page(app, "task", "official", lang="en", dashboard_task="ELD-02")
    assert any(m.value.startswith(":red-badge[Unlikely]") for m in en.markdown)


def test_the_supervision_page_lists_the_departments_word_among_the_suggestions(app, db):
    write(db, 2024, Draft("CUL-02", 6, "unlikely", problems="场馆改造审批未完成"), actor="boss")
    at = open_page(app, "supervision", "boss")
    frame = next(f.value for f in [*at.dataframe, *at.table] if "建议类型" in f.value.columns)
    row = frame[frame["建议类型"] == "部门表示难以完成或有风险"]
    assert len(row) == 1
    assert "场馆改造审批未完成" in " ".join(str(v) for v in row.iloc[0].values)
