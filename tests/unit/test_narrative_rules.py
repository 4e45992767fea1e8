"""The departments' own word as values: the suggestion rule on a status worked out by hand (难以完成 → 督办,
有风险 two months running → 提醒, none for a done task, a stale word, or a task the figures already suggest at the
same or a higher level), the latest version winning, the draft's problems naming the field, and the quote."""

from __future__ import annotations

from datetime import datetime

import pytest

from targets.catalogue import load_bundled
from targets.narratives import (
    MAX_TEXT,
    Confidence,
    Draft,
    Word,
    draft_problems,
    latest,
    parse_confidence,
    quote,
    task_departments,
    word_suggestions,
)
from targets.status import compute_status
from targets.supervision import Level, SubjectKind, SuggestionKind, suggest
from tests.supervision_data import FIXTURE_CSV

FIGURES = {}
for _line in FIXTURE_CSV.decode().splitlines()[1:]:
    _code, _month, _value = _line.split(",")
    FIGURES[(_code, int(_month[-2:]))] = float(_value)
KEYS = list(FIGURES)
AT = datetime(2024, 7, 3, 2, 0)


@pytest.fixture(scope="module")
def plan():
    return load_bundled(2024)


@pytest.fixture(scope="module")
def june(plan):
    # See tests/supervision_data.py: ELD-02 red (listed), PUB-01 red (supervision), HEA-02 projection (reminder),
    # CUL-02 amber without a suggestion, EMP-01 ahead.
    return compute_status(plan, FIGURES, 6)


def word(task: str, month: int, confidence: str, *, version: int = 1, problems: str = "", dept: str = "省文旅厅"):
    return Word(2024, task, month, version, Confidence(confidence), "进展", problems, "下步", dept, "wl", AT)


def found(plan, status, words):
    return [(s.key, s.level, s.department) for s in word_suggestions(plan, status, words, suggest(plan, status, KEYS))]


def test_a_department_that_says_unlikely_is_suggested_for_supervision_with_its_word_quoted(plan, june):
    got = word_suggestions(plan, june, [word("CUL-02", 6, "unlikely", problems="场地改造审批未完成")])
    assert [(s.key, s.kind, s.subject_kind, s.subject_code, s.level, s.department) for s in got] == [
        ("word:CUL-02", SuggestionKind.WORD, SubjectKind.TASK, "CUL-02", Level.SUPERVISION, "省文旅厅")
    ]
    assert (
        got[0].reason_zh
        == "省文旅厅在2024年6月进展说明中表示难以完成（牵头单位表示：难以完成；存在问题：场地改造审批未完成）"
    )
    assert got[0].reason_en == (
        "Department of Culture and Tourism of Jilin Province says in its note for June 2024 that the task is "
        "unlikely to be completed (The lead department says: Unlikely; problems: 场地改造审批未完成)"
    )


def test_at_risk_two_months_running_is_a_reminder_and_one_month_is_nothing(plan, june):
    assert found(plan, june, [word("CUL-02", 5, "at_risk"), word("CUL-02", 6, "at_risk")]) == [
        ("word:CUL-02", Level.REMINDER, "省文旅厅")
    ]
    reason = word_suggestions(plan, june, [word("CUL-02", 5, "at_risk"), word("CUL-02", 6, "at_risk")])[0].reason_zh
    assert reason.startswith("省文旅厅自2024年5月起连续两月表示有风险（牵头单位表示：有风险；")
    assert found(plan, june, [word("CUL-02", 6, "at_risk")]) == []
    assert found(plan, june, [word("CUL-02", 4, "at_risk"), word("CUL-02", 6, "at_risk")]) == []
    # at risk in May with nothing for June is not "two months running" as of June
    assert found(plan, june, [word("CUL-02", 4, "at_risk"), word("CUL-02", 5, "at_risk")]) == []


def test_the_word_of_the_month_before_stands_until_the_department_writes_again(plan, june):
    assert found(plan, june, [word("CUL-02", 5, "unlikely")]) == [("word:CUL-02", Level.SUPERVISION, "省文旅厅")]
    assert found(plan, june, [word("CUL-02", 5, "unlikely"), word("CUL-02", 6, "confident")]) == []
    assert found(plan, june, [word("CUL-02", 4, "unlikely")]) == []  # two months old: stale


def test_the_latest_version_is_the_word(plan, june):
    words = [word("CUL-02", 6, "unlikely", version=1), word("CUL-02", 6, "confident", version=2)]
    assert found(plan, june, words) == []
    assert found(plan, june, list(reversed(words))) == []
    assert latest(words)[("CUL-02", 6)].version == 2


def test_no_word_suggestion_where_the_figures_already_suggest_as_much_or_more(plan, june):
    # ELD-02 is red and listed, PUB-01 red (督办): an unlikely word adds nothing
    assert found(plan, june, [word("ELD-02", 6, "unlikely"), word("PUB-01", 6, "unlikely")]) == []
    # HEA-02 is only a reminder by its projection: unlikely raises it to 督办, at risk twice adds nothing
    assert found(plan, june, [word("HEA-02", 6, "unlikely", dept="省卫健委")]) == [
        ("word:HEA-02", Level.SUPERVISION, "省卫健委")
    ]
    assert found(plan, june, [word("HEA-02", 5, "at_risk"), word("HEA-02", 6, "at_risk")]) == []


def test_a_done_task_is_never_suggested_whatever_the_word(plan):
    done = compute_status(plan, {**FIGURES, ("EMP-01-1", 6): 400000.0}, 6)
    assert done.task("EMP-01").status.value == "done"
    assert found(plan, done, [word("EMP-01", 6, "unlikely")]) == []
    assert found(plan, compute_status(plan, FIGURES, 6), [word("EMP-01", 6, "unlikely")]) == [
        ("word:EMP-01", Level.SUPERVISION, "省文旅厅")
    ]


def test_a_draft_names_what_is_wrong_by_field(plan):
    assert draft_problems(plan, Draft("CUL-02", 6, "有风险", progress="完成选址")) == []
    codes = [(p.field, p.code) for p in draft_problems(plan, Draft("NOPE", 13, "maybe"))]
    assert codes == [("task", "unknown_task"), ("month", "bad_month"), ("confidence", "bad_confidence"),
                     ("progress", "empty")]  # fmt: skip
    long = draft_problems(plan, Draft("CUL-02", 6, "unlikely", problems="难" * (MAX_TEXT + 1)))
    assert [(p.field, p.code) for p in long] == [("problems", "too_long")]
    assert f"{MAX_TEXT + 1}字" in long[0].zh and "存在问题" in long[0].zh
    assert draft_problems(plan, Draft("CUL-02", 6, "unlikely", problems="难" * MAX_TEXT)) == []


def test_ratings_are_read_from_their_keys_or_their_words():
    assert [parse_confidence(x) for x in ("有把握", "at_risk", " 难以完成 ", "Unlikely", "会完成", "")] == [
        Confidence.CONFIDENT,
        Confidence.AT_RISK,
        Confidence.UNLIKELY,
        Confidence.UNLIKELY,
        None,
        None,
    ]


def test_the_quote_leads_with_the_rating_and_the_problems():
    w = Word(2024, "ELD-02", 6, 1, Confidence.UNLIKELY, "已建成120个", "选址难，" * 30, "加快", "省民政厅", "mz", AT)
    text = quote(w)
    assert text.startswith("牵头单位表示：难以完成；存在问题：选址难，")
    assert text.endswith("…") and len(text) < 120  # a long text is clipped
    no_problems = Word(2024, "ELD-02", 6, 1, Confidence.AT_RISK, "已建成120个", "", "加快", "省民政厅", "mz", AT)
    assert quote(no_problems) == "牵头单位表示：有风险；进展情况：已建成120个；下步打算：加快"


def test_the_departments_that_speak_for_a_task(plan):
    assert task_departments(plan, "ELD-02") == ("省民政厅",)
    assert task_departments(plan, "CUL-02") == ("unassigned",)


def test_the_briefing_quotes_the_lead_departments_word_for_lagging_tasks_only(plan):
    from dataclasses import replace

    from targets.exports import ExportContext, pdf
    from tests.unit.test_exports import view_of

    view = view_of(plan, {(c, "province", m): v for (c, m), v in FIGURES.items()}, 6)
    base = ExportContext.from_view(view, is_demo=False)
    eld = Word(2024, "ELD-02", 6, 2, Confidence.UNLIKELY, "新建80个", "选址难<困难>", "加快", "省民政厅", "mz", AT)
    emp = Word(2024, "EMP-01", 6, 1, Confidence.CONFIDENT, "进展顺利", "", "", "省人社厅", "rs", AT)
    html = pdf.html(replace(base, words={"ELD-02": eld, "EMP-01": emp}), [])
    assert "<h2>牵头单位进展说明</h2>" in html
    assert (
        '<p class="word"><b>合作助老餐厅和助餐点（省民政厅，2024年6月）：</b>'
        "牵头单位表示：难以完成；存在问题：选址难&lt;困难&gt;</p>"
    ) in html
    assert "进展顺利" not in html  # EMP-01 is ahead: not in the lagging list, not quoted
    assert "牵头单位进展说明" not in pdf.html(base, [])  # no word, no section
    english = pdf.html(replace(base, words={"ELD-02": eld}, lang="en"), [])
    assert "The lead department says: Unlikely; problems: 选址难&lt;困难&gt;" in english
