"""Supervision items as values: opening, notes, overdue on a fixed clock, closure only back on pace and with
evidence, the filtered ledger, and the suggested list for a status computed by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from targets.catalogue import load_bundled
from targets.status import compute_status
from targets.supervision import (
    Item,
    ItemState,
    LedgerFilter,
    Level,
    Note,
    SubjectKind,
    SuggestionKind,
    closing_problem,
    ledger,
    note_problem,
    opening_problems,
    overdue_items,
    pending,
    reason_for,
    silent_departments,
    subject_department,
    subject_kind_of,
    suggest,
)
from tests.supervision_data import EXPECTED as EXPECTED_ROWS
from tests.supervision_data import FIXTURE_CSV

# The fixture's figures as (indicator, month) -> cumulative; the status as of June is worked out by hand in
# tests/supervision_data.py, and EXPECTED is the suggested list it gives.
FIGURES = {}
for _line in FIXTURE_CSV.decode().splitlines()[1:]:
    _code, _month, _value = _line.split(",")
    FIGURES[(_code, int(_month[-2:]))] = float(_value)
KEYS = [(code, month) for code, month in FIGURES]
EXPECTED = [(k, Level(lv), d, zh, en) for k, lv, d, zh, en in EXPECTED_ROWS]

OPENED = datetime(2024, 7, 8, 1, 0)


@pytest.fixture(scope="module")
def plan():
    return load_bundled(2024)


@pytest.fixture(scope="module")
def june(plan):
    return compute_status(plan, FIGURES, 6)


def item(**kw) -> Item:
    base = dict(
        id=1,
        year=2024,
        subject_kind=SubjectKind.TASK,
        subject_code="ELD-02",
        level=Level.LISTED,
        as_of=6,
        reason_zh="落后",
        reason_en="behind",
        measures="每周调度",
        department="省民政厅",
        person="张三",
        deadline=date(2024, 7, 31),
        state=ItemState.OPEN,
        opened_by="boss",
        opened_at=OPENED,
    )
    return Item(**{**base, **kw})


def test_the_suggested_list_is_the_hand_computed_one(plan, june):
    got = suggest(plan, june, KEYS)
    assert [(s.key, s.level, s.department, s.reason_zh, s.reason_en) for s in got] == EXPECTED
    assert [s.kind for s in got] == [
        SuggestionKind.RED,
        SuggestionKind.RED,
        SuggestionKind.PROJECTION,
        SuggestionKind.SILENT,
    ]
    assert [(s.subject_kind, s.subject_code) for s in got] == [
        (SubjectKind.TASK, "PUB-01"),
        (SubjectKind.TASK, "ELD-02"),
        (SubjectKind.TASK, "HEA-02"),
        (SubjectKind.DEPARTMENT, "省住建厅"),
    ]


def test_a_department_is_silent_only_after_two_months_without_figures(plan):
    assert silent_departments(plan, KEYS, 6) == {"省住建厅": 3}
    # As of May: 省卫健委 has reported nothing yet; 省民政厅 and the unassigned indicators reported May.
    assert silent_departments(plan, KEYS, 5) == {"省住建厅": 3, "省卫健委": None}
    assert silent_departments(plan, KEYS, 1) == {}  # one month is not two


def test_decided_suggestions_and_subjects_under_supervision_are_not_pending(plan, june):
    got = suggest(plan, june, KEYS)
    waiting = pending(got, {"red:PUB-01"}, [item(subject_code="ELD-02")])
    assert [s.key for s in waiting] == ["projection:HEA-02", "silent:省住建厅"]
    closed = item(subject_code="HEA-02", state=ItemState.CLOSED)
    assert [s.key for s in pending(got, (), [closed])] == [s.key for s in got]


def test_the_reason_is_the_status_explanation_of_that_month(plan, june):
    assert reason_for(plan, june, SubjectKind.TASK, "ELD-02") == (EXPECTED[1][3], EXPECTED[1][4])
    assert reason_for(plan, june, SubjectKind.INDICATOR, "HEA-02-1") == (EXPECTED[2][3], EXPECTED[2][4])
    assert reason_for(plan, june, SubjectKind.DEPARTMENT, "省住建厅", KEYS) == (EXPECTED[3][3], EXPECTED[3][4])


def test_opening_needs_measures_a_department_and_a_deadline_not_past(plan):
    today = date(2024, 7, 8)
    ok = dict(kind="task", code="ELD-02", level="listed", measures="每周调度", department="省民政厅")
    assert opening_problems(plan, **ok, deadline=date(2024, 7, 31), today=today) == []
    assert opening_problems(plan, **ok, deadline=today, today=today) == []
    bad = opening_problems(
        plan, kind="task", code="NOPE-1", level="urgent", measures=" ", department="", deadline=None, today=today
    )
    assert [p.code for p in bad] == ["unknown_subject", "unknown_level", "no_measures", "no_department", "no_deadline"]
    past = opening_problems(plan, **ok, deadline=date(2024, 7, 7), today=today)
    assert [p.code for p in past] == ["deadline_past"] and "2024-07-07" in past[0].zh


def test_overdue_is_judged_on_the_injected_clock():
    it = item(deadline=date(2024, 7, 31))
    assert not it.overdue(date(2024, 7, 31)) and it.days_overdue(date(2024, 7, 31)) == 0
    assert it.overdue(date(2024, 8, 1)) and it.days_overdue(date(2024, 8, 3)) == 3
    closed = replace(it, state=ItemState.CLOSED)
    assert not closed.overdue(date(2024, 12, 1)) and closed.days_overdue(date(2024, 12, 1)) == 0


def test_an_item_closes_only_with_evidence_once_its_subject_is_back_on_pace(plan, june):
    it = item(subject_code="ELD-02")
    problem = closing_problem(it, "已整改", june)
    assert problem.code == "not_back_on_pace" and "慢序时" in problem.zh and "Lagging" in problem.en
    recovered = compute_status(plan, {**FIGURES, ("ELD-02-1", 7): 800}, 7)  # 61.5% against 58.3%
    assert closing_problem(it, "  ", recovered).code == "no_evidence"
    assert closing_problem(it, "新增助餐点400个，进度恢复", recovered) is None
    assert closing_problem(replace(it, state=ItemState.CLOSED), "x", recovered).code == "already_closed"
    on_indicator = item(subject_kind=SubjectKind.INDICATOR, subject_code="EMP-01-1")
    assert closing_problem(on_indicator, "ok", june) is None  # ahead of schedule
    silent = item(subject_kind=SubjectKind.DEPARTMENT, subject_code="省住建厅", department="省住建厅")
    assert closing_problem(silent, "ok", june, {"省住建厅": 3}).code == "still_silent"
    assert closing_problem(silent, "ok", june, {}) is None


def test_notes_only_on_open_items_and_never_empty():
    assert note_problem(item(), "已召开调度会") is None
    assert note_problem(item(), " ").code == "empty_note"
    assert note_problem(item(state=ItemState.CLOSED), "x").code == "closed_no_notes"


def test_the_ledger_filters_by_level_department_state_and_overdue():
    today = date(2024, 8, 10)
    items = [
        item(id=1, level=Level.REMINDER, deadline=date(2024, 9, 1)),
        item(id=2, level=Level.LISTED, deadline=date(2024, 8, 1), department="省住建厅", subject_code="PUB-01"),
        item(id=3, level=Level.SUPERVISION, deadline=date(2024, 7, 1), state=ItemState.CLOSED),
        item(id=4, level=Level.SUPERVISION, deadline=date(2024, 8, 5), notes=(Note(OPENED, "mz", "进展"),)),
    ]
    assert [i.id for i in ledger(items, today)] == [2, 4, 1, 3]  # open overdue (listed first), open, closed
    assert [i.id for i in ledger(items, today, LedgerFilter(level=Level.SUPERVISION))] == [4, 3]
    assert [i.id for i in ledger(items, today, LedgerFilter(department="省住建厅"))] == [2]
    assert [i.id for i in ledger(items, today, LedgerFilter(state=ItemState.CLOSED))] == [3]
    assert [i.id for i in ledger(items, today, LedgerFilter(overdue=True))] == [2, 4]
    assert [i.id for i in ledger(items, today, LedgerFilter(overdue=False))] == [1, 3]
    assert [i.id for i in overdue_items(items, today)] == [2, 4]


def test_subjects_are_found_by_their_code_and_answered_for_by_their_department(plan, june):
    assert subject_kind_of(plan, "ELD-02") is SubjectKind.TASK
    assert subject_kind_of(plan, "ELD-02-1") is SubjectKind.INDICATOR
    assert subject_kind_of(plan, "省住建厅") is SubjectKind.DEPARTMENT
    assert subject_kind_of(plan, "nothing") is None
    assert subject_department(plan, SubjectKind.TASK, "HEA-02", june) == "省卫健委"
    assert subject_department(plan, SubjectKind.TASK, "EMP-01") == "unassigned"
    assert subject_department(plan, SubjectKind.INDICATOR, "PUB-01-1") == "省住建厅"
