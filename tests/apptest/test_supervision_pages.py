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
from services.supervision import ledger_items, open_item, plan_of, suggestions
from targets.periods import PeriodState
from targets.supervision import SubjectKind, subject_name
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
    for frame in [*at.dataframe, *at.table]:
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
    waiting = [f.value for f in [*at.dataframe, *at.table] if f.value.shape[0] == 3]
    assert waiting, [f.value.shape for f in [*at.dataframe, *at.table]]
    assert [b.label for b in at.get("download_button")] == [
        "导出台账（XLSX）" if lang == "zh" else "Export the ledger (XLSX)"
    ]


def test_an_admin_accepts_a_suggestion_from_the_page(app, db):
    at = open_page(app, "supervision")
    at.selectbox(key="sv_pick").set_value("red:PUB-01").run()
    # Inside a form: set the values, then submit in one run.
    at.text_area(key="sv_acc_measures_red:PUB-01").input("督促补报4—6月数据，加快改造进度")
    at.text_input(key="sv_acc_person_red:PUB-01").input("王五")
    at.button(key="sv_accept_go").click().run()
    assert not at.exception
    items = ledger_items(db, 2024)
    assert [(i.subject_code, i.level.value, i.department, i.person) for i in items] == [
        ("PUB-01", "supervision", "省住建厅", "王五")
    ]
    assert items[0].reason_zh == EXPECTED[0][3]
    # The confirmation says what was opened: the task by name, the level, who answers for it and by when.
    assert [s.value for s in at.success] == [
        f"已立项：督办事项 {items[0].id}「{subject_name(plan_of(db, 2024), SubjectKind.TASK, 'PUB-01', 'zh')}」（📌 督办），"
        "责任单位省住建厅、责任人王五，整改时限2024年8月9日。"
    ]


def waiting_keys(store, month: int = 6) -> list[str]:
    return [r.suggestion.key for r in suggestions(store, 2024, month) if r.waiting]


def test_the_next_suggestion_starts_from_its_own_proposal_not_the_previous_ones_entries(app, db):
    at = open_page(app, "supervision")
    first, second, third = waiting_keys(db)[:3]
    at.selectbox(key="sv_pick").set_value(first).run()
    at.text_area(key=f"sv_acc_measures_{first}").input("督促补报4—6月数据")
    at.text_input(key=f"sv_acc_person_{first}").input("王五")
    at.button(key="sv_accept_go").click().run()
    assert not at.exception and len(ledger_items(db, 2024)) == 1
    assert first not in waiting_keys(db)
    # The page moves on to another suggestion, whose fields are empty and whose department is its own.
    shown = at.selectbox(key="sv_pick").value
    proposal = next(r.suggestion for r in suggestions(db, 2024, 6) if r.suggestion.key == shown)
    assert at.text_input(key=f"sv_acc_person_{shown}").value == ""
    assert at.text_area(key=f"sv_acc_measures_{shown}").value == ""
    assert at.text_input(key=f"sv_acc_owner_{shown}").value == proposal.department
    # Typing for one suggestion and switching to another does not carry the entries over either.
    at.selectbox(key="sv_pick").set_value(second).run()
    at.text_input(key=f"sv_acc_person_{second}").input("赵六").run()
    at.selectbox(key="sv_pick").set_value(third).run()
    assert at.text_input(key=f"sv_acc_person_{third}").value == ""


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


def buttons(at) -> dict[str, str]:
    """The sign-off page's step buttons: key -> label."""
    return {
        b.key: b.label for b in at.button if (b.key or "").startswith("periods_") and b.key != "periods_deadline_save"
    }


@pytest.mark.parametrize(
    ("lang", "title", "state", "labels"),
    [
        ("zh", "报送审核", "已审核（锁定）", ["审核通过", "退回", "锁定"]),
        ("en", "Monthly sign-off", "Approved (locked)", ["Approve", "Return", "Lock"]),
    ],
)
def test_an_admin_approves_the_waiting_submission_with_a_button_named_for_it(app, db, lang, title, state, labels):
    step(db, 2024, 6, "submit", actor="mz")
    at = open_page(app, "periods", lang=lang)
    assert at.title[0].value == title
    # The month being reported (June, on 10 July) and the departments with something to do are chosen already.
    assert at.selectbox(key="periods_month").value == 6
    assert at.multiselect(key="periods_depts_6").value == ["省民政厅"]
    assert list(buttons(at).values()) == labels and "操作 ▶" not in buttons(at).values()
    assert at.text_input(key="periods_reason")  # returning needs a comment
    at.button(key="periods_approve").click().run()
    assert not at.exception
    with db.connect() as conn:
        assert period(conn, 2024, 6, "省民政厅").state is PeriodState.APPROVED
        assert period(conn, 2024, 6, "省住建厅").state is PeriodState.OPEN
    assert state in text(at) and "⟦" not in text(at)
    done = (
        "已审核通过：2024年6月（省民政厅）。"
        if lang == "zh"
        else "Approve: June 2024 (Department of Civil Affairs of Jilin Province) done."
    )
    assert done in [s.value for s in at.success]


def test_an_admin_sees_only_the_steps_the_chosen_departments_months_allow(app, db):
    at = open_page(app, "periods")
    assert at.multiselect(key="periods_depts_6").value == []  # nothing waits for approval in June
    assert buttons(at) == {}
    at.multiselect(key="periods_depts_6").select("省卫健委").run()
    assert list(buttons(at).values()) == ["提交", "锁定"]
    assert not [t for t in at.text_input if t.key == "periods_reason"]  # no step here needs a reason
    at.button(key="periods_lock").click().run()
    with db.connect() as conn:
        assert period(conn, 2024, 6, "省卫健委").state is PeriodState.LOCKED
    at.multiselect(key="periods_depts_6").select("省卫健委").run()
    assert list(buttons(at).values()) == ["重新开放"]
    at.text_input(key="periods_reason").input("省卫健委申请更正6月数据")
    at.button(key="periods_reopen").click().run()
    with db.connect() as conn:
        assert period(conn, 2024, 6, "省卫健委").state is PeriodState.OPEN


def test_a_reporter_has_one_submit_button_for_their_department_and_no_reason_field(app, db):
    at = open_page(app, "periods", user="mz")
    assert buttons(at) == {"periods_submit": "提交"}
    assert not [t for t in at.text_input if t.key == "periods_reason"]
    assert not [m for m in at.multiselect if (m.key or "").startswith("periods_depts")]
    at.button(key="periods_submit").click().run()
    with db.connect() as conn:
        assert period(conn, 2024, 6, "省民政厅").state is PeriodState.SUBMITTED
        assert period(conn, 2024, 6, "省住建厅").state is PeriodState.OPEN
    assert buttons(at) == {}  # submitted: nothing left to do until it is approved or returned
    assert "已报送待审核" in text(at)


def test_a_viewer_has_no_step_buttons(app, db):
    at = open_page(app, "periods", user="official")
    assert buttons(at) == {}
    assert "只能查看" in text(at)


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
    assert "2024年6月数据逾期未报（截止2024年7月5日，已逾期5天）" in page
    assert "督办事项" in page and "ELD-02" in page
    admin = session(None, "boss", "en")
    admin.run()
    admin.switch_page("views/due.py").run()
    page = text(admin)
    assert (
        "June 2024 of Department of Housing and Urban-Rural Development of Jilin Province: submitted, waits for approval"
        in page
    )
    # ... and the submissions nobody made: June's by 省卫健委, 省民政厅 and the unstated department, May's by all
    # four (省民政厅's was returned), January-April's by all four: 3 + 4 + 16 = 23, one line per month.
    assert "1 waiting for approval, 23 missing" in page
    assert (
        "June 2024: 3 department(s) have not submitted (Health Commission of Jilin Province, Department of Civil Affairs of Jilin Province, (lead department not stated)), "
        "due 5 July 2024, 5 days late" in page
    )
    assert "January 2024: 4 department(s) have not submitted" in page
    assert "days overdue" not in page  # the item is due on 31 July
    late = session(None, "boss", "en")
    late.session_state["clock_today"] = date(2024, 8, 3)
    late.run()
    late.switch_page("views/due.py").run()
    assert "3 days overdue (deadline 31 July 2024)" in text(late)


def test_the_completeness_page_lists_late_and_missing_submissions(app, db):
    step(db, 2024, 6, "submit", actor="mz")
    at = open_page(app, "completeness", lang="en")
    page = text(at)
    assert "Late and missing submissions (sign-off)" in page
    frame = next(f.value for f in [*at.dataframe, *at.table] if "Flag" in f.value.columns)
    june = dict(zip(*(frame[frame["Month"] == "June 2024"][c] for c in ("Department", "Flag")), strict=True))
    assert sorted(june) == sorted(
        [
            "(lead department not stated)",
            "Department of Housing and Urban-Rural Development of Jilin Province",
            "Health Commission of Jilin Province",
            "Department of Civil Affairs of Jilin Province",
        ]
    )
    assert {june[d] for d in june if d != "Department of Civil Affairs of Jilin Province"} == {"Missing (5 days late)"}
    assert june["Department of Civil Affairs of Jilin Province"].startswith(
        "Submitted late"
    )  # submitted now, long after 5 July 2024


def test_the_task_page_shows_the_tasks_supervision_items(app, db):
    item_on_eld(db)
    at = session(app, "boss")
    at.session_state["dashboard_task"] = "ELD-02"
    at.run()
    at.switch_page("views/task.py").run()
    assert not at.exception
    frame = next(f.value for f in [*at.dataframe, *at.table] if "整改措施" in f.value.columns)
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


def test_the_template_offers_the_month_being_reported_first(app, db):
    at = open_page(app, "upload", user="mz")
    assert at.selectbox(key="template_month").value == 6  # on 10 July, June's figures are being reported
    step(db, 2024, 4, "submit", actor="mz")
    step(db, 2024, 4, "return", actor="boss", departments=["省民政厅"], reason="4月数据有误")
    at = open_page(None, "upload", user="mz")
    assert at.selectbox(key="template_month").value == 4  # a month returned to the department comes first


def test_the_demo_reads_its_deadlines_on_its_own_day_in_october_2024(app, store):
    from services.demo import add_demo_accounts, build_demo

    build_demo(store, actor="setup")
    add_demo_accounts(store)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, store, "demo-admin")  # no pinned clock: the demo's own
    at.run()
    at.switch_page("views/due.py").run()
    assert not at.exception
    page = text(at)
    # 4 departments x January-September, none submitted by 10 October 2024 = 36 missing; never ~1,000 days late.
    assert "待审核 0 项，逾期未报 36 项（按月份×报送单位计，截至2024年10月10日）。" in page
    assert (
        "2024年9月：4个单位逾期未报（省住建厅、省卫健委、省民政厅、（牵头单位未载明）），截止2024年10月5日，已逾期5天"
        in page
    )
    assert "2024年1月：4个单位逾期未报" in page and "已逾期248天" in page
    assert "演示数据按演示日期计算截止日和逾期：今天视为2024年10月10日。" in page
    reporter = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(reporter, store, "demo-reporter")
    reporter.run()
    panel = "\n".join(m.value for m in reporter.markdown)
    assert "待办：9 项" in panel and "2024年9月数据逾期未报（截止2024年10月5日，已逾期5天）" in panel
