"""The ledger (督办台账), the monthly sign-off (报送审核) and "what is due" through AppTest, in both languages and
per role; the completeness, task and upload pages' parts of the cycle; the approved-figures toggle."""

from __future__ import annotations

import os
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from db import figures as stored
from db import open_store
from db.periods import period
from services.cycle import step
from services.supervision import ledger_items, open_item
from targets.periods import PeriodState
from tests.apptest.conftest import sign_in
from tests.conftest import ROOT
from tests.supervision_data import ELD_JUNE_FIX, EXPECTED, accounts, upload

TODAY = date(2024, 7, 10)


@pytest.fixture
def db(store):
    accounts(store)
    upload(store)
    return store


def session(app: AppTest, user: str, lang: str = "zh") -> AppTest:
    """A fresh AppTest for another account (session state first: AppTest drops the sidebar on reruns)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60) if app is None else app
    sign_in(at, open_store(os.environ["LIVELIHOOD_DB"], migrate=False), user)
    at.session_state["ui_lang"] = lang
    at.session_state["clock_today"] = TODAY
    return at


def open_page(app: AppTest, page: str, user: str = "boss", lang: str = "zh") -> AppTest:
    at = session(app, user, lang)
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def text(at) -> str:
    parts = [
        *(e.value for e in at.title),
        *(e.value for e in at.subheader),
        *(e.value for e in at.markdown),
        *(e.value for e in at.caption),
        *(e.value for e in at.info),
        *(e.value for e in at.success),
        *(e.value for e in at.error),
    ]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns]
        parts += [str(v) for v in frame.value.to_numpy().ravel()]
    return "\n".join(parts)


def item_on_eld(store) -> int:
    return open_item(
        store,
        year=2024,
        kind="task",
        code="ELD-02",
        level="listed",
        measures="每周调度，新增助餐点选址",
        department="省民政厅",
        person="李四",
        deadline=date(2024, 7, 31),
        actor="boss",
        as_of=6,
        today=TODAY,
    ).id


@pytest.mark.parametrize(
    ("lang", "title", "reason", "level"),
    [
        ("zh", "督办台账", EXPECTED[1][3], "挂牌督办"),
        ("en", "Supervision ledger", EXPECTED[1][4], "Public listing"),
    ],
)
def test_the_ledger_shows_items_and_the_suggested_list_in_both_languages(app, db, lang, title, reason, level):
    item_on_eld(db)
    at = open_page(app, "supervision", lang=lang)
    assert at.title[0].value == title
    page = text(at)
    assert reason in page and level in page and "李四" in page
    assert "⟦" not in page
    # ELD-02 is under supervision now: the three other suggestions wait for a decision.
    waiting = [f.value for f in at.dataframe if f.value.shape[0] == 3]
    assert waiting, [f.value.shape for f in at.dataframe]
    assert [b.label for b in at.get("download_button")] == [
        "导出台账（XLSX）" if lang == "zh" else "Export the ledger (XLSX)"
    ]


def test_an_admin_accepts_a_suggestion_from_the_page(app, db):
    at = open_page(app, "supervision")
    at.selectbox(key="sv_pick").set_value("red:PUB-01").run()
    # Inside a form: set the values, then submit in one run.
    at.text_area(key="sv_acc_measures").input("督促补报4—6月数据，加快改造进度")
    at.text_input(key="sv_acc_person").input("王五")
    at.button(key="sv_accept_go").click().run()
    assert not at.exception
    items = ledger_items(db, 2024)
    assert [(i.subject_code, i.level.value, i.department, i.person) for i in items] == [
        ("PUB-01", "supervision", "省住建厅", "王五")
    ]
    assert items[0].reason_zh == EXPECTED[0][3]
    assert any("已立项" in s.value for s in at.success)


def test_a_reporter_notes_their_departments_item_but_cannot_accept_or_close(app, db):
    item_id = item_on_eld(db)
    at = open_page(app, "supervision", user="mz")
    keys = {getattr(w, "key", None) for w in at.button}
    assert "sv_accept_go" not in keys and "sv_close_go" not in keys
    at.text_area(key="sv_note_text").input("已召开专题调度会")
    at.button(key="sv_note_go").click().run()
    assert not at.exception
    notes = next(i for i in ledger_items(db, 2024) if i.id == item_id).notes
    assert [(n.author, n.text) for n in notes] == [("mz", "已召开专题调度会")]


def test_a_viewer_reads_the_ledger_only(app, db):
    item_on_eld(db)
    at = open_page(app, "supervision", user="official", lang="en")
    keys = {getattr(w, "key", None) for w in at.button}
    assert not keys & {"sv_accept_go", "sv_close_go", "sv_note_go", "sv_open_go", "sv_dismiss"}
    assert "can only read the ledger" in text(at)


@pytest.mark.parametrize(
    ("lang", "title", "state"), [("zh", "报送审核", "已审核（锁定）"), ("en", "Monthly sign-off", "Approved (locked)")]
)
def test_the_sign_off_page_locks_and_shows_a_month_in_both_languages(app, db, lang, title, state):
    step(db, 2024, 6, "submit", actor="mz")
    at = open_page(app, "periods", lang=lang)
    assert at.title[0].value == title
    at.selectbox(key="periods_dept").set_value("省民政厅")
    at.radio(key="periods_action").set_value("approve")
    at.button(key="periods_go").click().run()
    assert not at.exception
    with db.connect() as conn:
        assert period(conn, 2024, 6, "省民政厅").state is PeriodState.APPROVED
    assert state in text(at) and "⟦" not in text(at)


def test_a_reporter_submits_only_for_their_department_on_the_sign_off_page(app, db):
    at = open_page(app, "periods", user="mz")
    assert at.selectbox(key="periods_dept").options == ["省民政厅"]
    assert at.radio(key="periods_action").options == ["报送"]
    at.button(key="periods_go").click().run()
    with db.connect() as conn:
        assert period(conn, 2024, 6, "省民政厅").state is PeriodState.SUBMITTED
        assert period(conn, 2024, 6, "省住建厅").state is PeriodState.OPEN


def test_on_entering_a_reporter_sees_what_is_due_and_an_admin_what_waits(app, db):
    step(db, 2024, 6, "submit", actor="jz")
    step(db, 2024, 5, "submit", actor="mz")
    step(db, 2024, 5, "return", actor="boss", departments=["省民政厅"], reason="5月数据有误")
    item_on_eld(db)
    at = session(app, "mz")
    at.run()
    panel = "\n".join(m.value for m in at.markdown)
    assert "待办" in panel and "2024年5月数据被退回：5月数据有误" in panel
    at.switch_page("views/due.py").run()
    page = text(at)
    assert "2024年6月数据逾期未报（截止2024-07-05，已逾期5天）" in page
    assert "督办事项" in page and "ELD-02" in page
    admin = session(None, "boss", "en")
    admin.run()
    admin.switch_page("views/due.py").run()
    page = text(admin)
    assert "2024-06 of 省住建厅: submitted, waits for approval" in page
    assert "days overdue" not in page  # the item is due on 31 July
    late = session(None, "boss", "en")
    late.session_state["clock_today"] = date(2024, 8, 3)
    late.run()
    late.switch_page("views/due.py").run()
    assert "3 days overdue (deadline 2024-07-31)" in text(late)


def test_the_completeness_page_lists_late_and_missing_submissions(app, db):
    step(db, 2024, 6, "submit", actor="mz")
    at = open_page(app, "completeness", lang="en")
    page = text(at)
    assert "Late and missing submissions (sign-off)" in page
    frame = next(f.value for f in at.dataframe if "Flag" in f.value.columns)
    june = dict(zip(*(frame[frame["Month"] == "2024-06"][c] for c in ("Department", "Flag")), strict=True))
    assert sorted(june) == ["(lead department not stated)", "省住建厅", "省卫健委", "省民政厅"]
    assert {june[d] for d in june if d != "省民政厅"} == {"Missing (5 days late)"}
    assert june["省民政厅"].startswith("Submitted late")  # submitted now, long after 5 July 2024


def test_the_task_page_shows_the_tasks_supervision_items(app, db):
    item_on_eld(db)
    at = session(app, "boss")
    at.session_state["dashboard_task"] = "ELD-02"
    at.run()
    at.switch_page("views/task.py").run()
    assert not at.exception
    frame = next(f.value for f in at.dataframe if "整改措施" in f.value.columns)
    assert list(frame["整改措施"]) == ["每周调度，新增助餐点选址"]


def test_the_upload_page_refuses_a_file_touching_a_locked_month(app, db):
    step(db, 2024, 6, "lock", actor="boss", departments=["省民政厅"])
    at = open_page(app, "upload")
    at.file_uploader[0].upload("fix.csv", ELD_JUNE_FIX, "text/csv").run()
    assert not at.exception
    assert "已审核锁定" in text(at)
    assert not [b for b in at.button if getattr(b, "key", None) == "upload_commit"]
    with db.connect() as conn:
        assert stored.stored(conn, 2024)[("ELD-02-1", "province", 6)].value == 400


def test_pages_say_which_figures_they_show(app, db):
    step(db, 2024, 5, "lock", actor="boss", departments=["省民政厅"])
    at = session(app, "boss")
    at.session_state["figures_basis"] = "approved"
    at.run()
    assert "口径：仅已审核数据" in at.caption[0].value
    assert "截至2024年5月底" in at.caption[0].value  # only 省民政厅's approved May counts
    latest = session(None, "boss")
    latest.run()
    assert "口径：最新报送数据（含未审核）" in latest.caption[0].value
