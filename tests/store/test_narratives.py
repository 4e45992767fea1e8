"""The departments' own word in the store: every version kept with who and when, the latest shown; a reporter of
another department refused (and the refusal logged), a locked month refusing until reopened; a sheet of words
written whole or not at all, its errors naming row and column; the word reaching the supervision suggestions and
the briefing; one CLI smoke test."""

from __future__ import annotations

import pytest

from db import audit
from services.cycle import step
from services.narratives import import_sheet, latest_words, versions, write
from services.supervision import suggestions
from targets.access import Denied
from targets.errors import Refusal
from targets.narratives import Confidence, Draft
from tests.supervision_data import accounts, upload


@pytest.fixture
def db(store):
    accounts(store)
    return store


def log(store) -> list[tuple[str, str, str | None]]:
    with store.connect() as conn:
        return [(e["actor"], e["action"], e["object"]) for e in audit.recent(conn, 100)]


def test_every_version_is_kept_and_the_latest_is_the_word(db):
    first = write(db, 2024, Draft("ELD-02", 6, "有风险", progress="新建助餐点80个"), actor="mz")
    second = write(db, 2024, Draft("ELD-02", 6, "unlikely", problems="选址难"), actor="boss")
    assert (first.version, second.version) == (1, 2)
    kept = versions(db, 2024)
    assert [(w.version, w.confidence, w.written_by, w.department) for w in kept] == [
        (1, Confidence.AT_RISK, "mz", "省民政厅"),
        (2, Confidence.UNLIKELY, "boss", "省民政厅"),
    ]
    assert kept[0].progress == "新建助餐点80个" and kept[0].written_at <= kept[1].written_at
    assert latest_words(db, 2024)[("ELD-02", 6)].problems == "选址难"
    assert log(db)[:2] == [("boss", "narrative.set", "2024-06 ELD-02"), ("mz", "narrative.set", "2024-06 ELD-02")]


def test_a_reporter_of_another_department_is_refused_and_the_refusal_logged(db):
    with pytest.raises(Denied) as refused:
        write(db, 2024, Draft("ELD-02", 6, "confident", progress="一切顺利"), actor="jz")
    assert "省住建厅" in refused.value.message_zh and "ELD-02" in refused.value.message_zh
    assert versions(db, 2024) == []
    assert log(db)[0][:2] == ("jz", "denied")
    with pytest.raises(Denied):
        write(db, 2024, Draft("ELD-02", 6, "confident", progress="x"), actor="official")  # a viewer
    with pytest.raises(Denied):
        write(db, 2024, Draft("ELD-02", 6, "confident", progress="x"), actor="nobody")
    assert write(db, 2024, Draft("PUB-01", 6, "confident", progress="开工"), actor="jz").department == "省住建厅"


def test_a_wrong_draft_is_refused_naming_the_field_and_nothing_is_written(db):
    with pytest.raises(Refusal) as refused:
        write(db, 2024, Draft("ELD-02", 6, "maybe", progress="难" * 2001), actor="mz")
    fields = [(p["field"], p["code"]) for p in refused.value.extra["problems"]]
    assert fields == [("confidence", "bad_confidence"), ("progress", "too_long")]
    assert "2001字" in refused.value.message_zh
    assert versions(db, 2024) == []


def test_a_locked_month_refuses_a_new_version_until_it_is_reopened(db):
    write(db, 2024, Draft("ELD-02", 6, "at_risk", progress="推进中"), actor="mz")
    step(db, 2024, 6, "lock", actor="boss", departments=["省民政厅"])
    for who in ("mz", "boss"):
        with pytest.raises(Refusal) as refused:
            write(db, 2024, Draft("ELD-02", 6, "unlikely", progress="改口"), actor=who)
        assert refused.value.code == "locked_month"
        assert refused.value.extra["locked"] == [{"month": "2024-06", "department": "省民政厅"}]
    assert write(db, 2024, Draft("ELD-02", 7, "unlikely", progress="七月"), actor="mz").version == 1  # July is open
    write(db, 2024, Draft("PUB-01", 6, "at_risk", progress="住建六月"), actor="jz")  # another department's June
    step(db, 2024, 6, "reopen", actor="boss", departments=["省民政厅"], reason="补充说明")
    assert write(db, 2024, Draft("ELD-02", 6, "unlikely", progress="改口"), actor="mz").version == 2


SHEET = "任务,进展情况,存在问题,下步打算,信心\nELD-02,新建80个,选址难,加快选址,难以完成\nELD-03,,资金未到位,,有风险\n"


def test_a_sheet_of_words_is_written_whole_or_not_at_all(db):
    with pytest.raises(Refusal) as refused:
        import_sheet(db, 2024, 6, (SHEET + "ELD-99,x,,,有把握\nELD-01,,,,稳\n").encode(), "notes.csv", actor="boss")
    issues = [(i["row"], i["column"], i["rule"]) for i in refused.value.extra["issues"]]
    assert issues == [
        (4, "A (任务)", "unknown_task"),
        (5, "E (信心)", "bad_confidence"),
        (5, "B (进展情况)", "empty"),
    ]
    assert versions(db, 2024) == []
    words = import_sheet(db, 2024, 6, SHEET.encode(), "notes.csv", actor="boss")
    assert [(w.task_code, w.confidence, w.problems, w.source) for w in words] == [
        ("ELD-02", Confidence.UNLIKELY, "选址难", "notes.csv"),
        ("ELD-03", Confidence.AT_RISK, "资金未到位", "notes.csv"),
    ]


def test_a_reporter_importing_a_sheet_with_another_departments_task_writes_nothing(db):
    with pytest.raises(Denied):
        import_sheet(db, 2024, 6, SHEET.encode(), "notes.csv", actor="jz")
    assert versions(db, 2024) == []


def test_the_departments_word_joins_the_suggested_list(db):
    upload(db)  # the supervision fixture: CUL-02 amber without a suggestion of its own
    write(db, 2024, Draft("CUL-02", 6, "难以完成", problems="场馆改造审批未完成"), actor="boss")
    rows = suggestions(db, 2024, 6)
    word = [r for r in rows if r.suggestion.key == "word:CUL-02"]
    assert [(r.suggestion.level.value, r.waiting) for r in word] == [("supervision", True)]
    assert "难以完成" in word[0].suggestion.reason_zh and "场馆改造审批未完成" in word[0].suggestion.reason_zh
    assert [r.suggestion.key for r in rows][:4] == ["red:PUB-01", "red:ELD-02", "projection:HEA-02", "silent:省住建厅"]


def test_the_cli_sets_and_shows_a_note(cli, db):
    done = cli(
        "--json", "narrative", "set", "--year", "2024", "--task", "ELD-02", "--month", "6",
        "--confidence", "unlikely", "--problems", "选址难", "--as", "mz",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    assert done.json["narrative"]["version"] == 1
    other = cli("--json", "narrative", "set", "--year", "2024", "--task", "ELD-02", "--month", "6",
                "--confidence", "confident", "--progress", "x", "--as", "jz")  # fmt: skip
    assert other.code == 1 and other.json["error"]["code"] == "denied"
    shown = cli("--json", "narrative", "show", "--year", "2024", "--task", "ELD-02")
    assert shown.code == 0
    assert [(n["task"], n["month"], n["confidence"], n["problems"]) for n in shown.json["narratives"]] == [
        ("ELD-02", "2024-06", "unlikely", "选址难")
    ]
    assert (
        cli("narrative", "set", "--year", "2024", "--task", "ELD-02", "--month", "6", "--confidence", "sure").code == 2
    )


def test_the_briefing_is_built_with_the_word_standing_in_its_month(db):
    from services.exports import export_context
    from services.status import load_status

    upload(db)
    write(db, 2024, Draft("ELD-02", 5, "unlikely", problems="五月说法"), actor="mz")
    write(db, 2024, Draft("PUB-01", 4, "unlikely", problems="四月说法"), actor="jz")  # stale by June
    context = export_context(db, load_status(db, year=2024, as_of=6), lang="zh", demo=False)
    assert {code: w.problems for code, w in context.words.items()} == {"ELD-02": "五月说法"}


def test_the_demo_holds_words_that_reach_the_suggestions_once(store):
    from services.demo import build_demo

    build_demo(store, actor="demo-admin")
    build_demo(store, actor="demo-admin")  # rebuilt: the words are not written again
    kept = versions(store, 2024)
    assert len(kept) == 7 and {w.version for w in kept} == {1}
    assert [w.task_code for w in kept if w.confidence is Confidence.UNLIKELY] == ["PUB-01"]
    words = {
        r.suggestion.key: r.suggestion.level.value for r in suggestions(store, 2024, 9) if r.suggestion.kind == "word"
    }
    assert words == {"word:PUB-01": "supervision", "word:ELD-01": "reminder"}


def test_an_item_accepted_from_the_word_keeps_the_word_in_its_frozen_reason(db):
    from datetime import date

    from services.supervision import accept

    upload(db)
    write(db, 2024, Draft("CUL-02", 6, "unlikely", problems="场馆改造审批未完成"), actor="boss")
    item = accept(db, 2024, 6, "word:CUL-02", actor="boss", measures="每周调度", deadline=date(2024, 8, 31),
                  today=date(2024, 7, 8))  # fmt: skip
    assert item.level.value == "supervision"
    assert item.reason_zh.startswith("按序时应完成")  # the status explanation, as for every item
    assert item.reason_zh.endswith("表示难以完成（牵头单位表示：难以完成；存在问题：场馆改造审批未完成）")
    assert [r.waiting for r in suggestions(db, 2024, 6) if r.suggestion.key == "word:CUL-02"] == [False]
