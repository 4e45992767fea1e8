"""The supervision ledger in the store: the suggested list for the fixture equals the hand-computed one; an
item's whole life (accept, frozen reason, notes, refused closure while lagging, closure with evidence);
dismissals; roles; overdue on a fixed clock; everything on the audit log."""

from __future__ import annotations

from datetime import date

import pytest

from db import audit
from db.supervision import item
from services.supervision import accept, add_note, close_item, dismiss, ledger_items, open_item, suggestions
from targets.access import Denied
from targets.errors import Refusal
from targets.supervision import ItemState, LedgerFilter, ledger
from tests.supervision_data import ELD_JULY, EXPECTED, accounts, upload

TODAY = date(2024, 7, 8)


@pytest.fixture
def db(store):
    accounts(store)
    upload(store)
    return store


def log(store) -> list[tuple[str, str, str | None]]:
    with store.connect() as conn:
        return [(e["actor"], e["action"], e["object"]) for e in audit.recent(conn, 100)]


def test_the_suggested_list_for_the_fixture_is_the_hand_computed_one(db):
    rows = suggestions(db, 2024, 6)
    got = [(r.suggestion.key, r.suggestion.level.value, r.suggestion.department) for r in rows]
    assert got == [(k, lv, d) for k, lv, d, _, _ in EXPECTED]
    assert [(r.suggestion.reason_zh, r.suggestion.reason_en) for r in rows] == [(zh, en) for *_, zh, en in EXPECTED]
    assert all(r.waiting for r in rows)


def test_the_suggested_list_reads_the_status_once(db, monkeypatch):
    """The escalation of red tasks is worked out from the view the list is made of, not a second status read."""
    import services.status

    calls = []
    real = services.status.load_status
    monkeypatch.setattr(services.status, "load_status", lambda *a, **k: calls.append(k) or real(*a, **k))
    assert suggestions(db, 2024, 6)
    assert calls == [{"year": 2024, "as_of": 6}]


def test_an_item_from_a_suggestion_lives_until_it_is_closed_with_evidence(db):
    it = accept(
        db,
        2024,
        6,
        "red:ELD-02",
        actor="boss",
        measures="每周调度，新增助餐点选址",
        deadline=date(2024, 8, 31),
        person="李四",
        today=TODAY,
    )
    assert (it.subject_code, it.level.value, it.department, it.person, it.as_of) == (
        "ELD-02",
        "listed",
        "省民政厅",
        "李四",
        6,
    )
    assert (it.reason_zh, it.reason_en) == EXPECTED[1][3:]  # frozen: the explanation of June
    rows = {r.suggestion.key: r for r in suggestions(db, 2024, 6)}
    assert (rows["red:ELD-02"].decision, rows["red:ELD-02"].item_id) == ("accepted", it.id)
    assert not rows["red:ELD-02"].waiting and rows["red:PUB-01"].waiting

    add_note(db, it.id, "已召开专题调度会", actor="mz")  # the department's own reporter
    add_note(db, it.id, "新增选址12处", actor="boss")
    with pytest.raises(Refusal) as refused:
        close_item(db, it.id, "已整改", actor="boss")  # still lagging red in June
    assert refused.value.code == "not_back_on_pace" and "慢序时" in refused.value.message_zh

    upload(db, ELD_JULY, "july.csv", actor="mz")  # July: 61.5% against 58.3%, back on pace
    with pytest.raises(Refusal) as refused:
        close_item(db, it.id, "  ", actor="boss")
    assert refused.value.code == "no_evidence"
    with pytest.raises(Denied):
        close_item(db, it.id, "进度已恢复", actor="mz")  # only an administrator closes
    closed = close_item(db, it.id, "7月累计800个，超过序时进度", actor="boss")
    assert (closed.state, closed.closed_by, closed.evidence) == (ItemState.CLOSED, "boss", "7月累计800个，超过序时进度")
    assert [(n.author, n.text) for n in closed.notes] == [("mz", "已召开专题调度会"), ("boss", "新增选址12处")]
    assert closed.reason_zh == EXPECTED[1][3]  # the reason stays as it was at opening
    with pytest.raises(Refusal) as refused:
        add_note(db, it.id, "还有话说", actor="boss")
    assert refused.value.code == "closed_no_notes"
    with pytest.raises(Refusal) as refused:
        close_item(db, it.id, "again", actor="boss")
    assert refused.value.code == "already_closed"
    entries = log(db)
    for action in ("supervision.open", "supervision.note", "supervision.close"):
        assert any(a == action and obj == f"item {it.id}" for _, a, obj in entries), action
    assert ("mz", "denied", None) in [(a, b, None) for a, b, _ in entries]


def test_a_dismissed_suggestion_is_on_record_and_not_proposed_again_that_month(db):
    dismiss(db, 2024, 6, "silent:省住建厅", actor="boss", reason="已电话督促")
    rows = {r.suggestion.key: r for r in suggestions(db, 2024, 6)}
    assert (rows["silent:省住建厅"].decision, rows["silent:省住建厅"].remark) == ("dismissed", "已电话督促")
    assert [k for k, r in rows.items() if r.waiting] == ["red:PUB-01", "red:ELD-02", "projection:HEA-02"]
    with pytest.raises(Refusal) as refused:
        dismiss(db, 2024, 6, "silent:省住建厅", actor="boss")
    assert refused.value.code == "decided"
    with pytest.raises(Refusal) as refused:
        accept(db, 2024, 6, "silent:省住建厅", actor="boss", measures="m", deadline=date(2024, 8, 1), today=TODAY)
    assert refused.value.code == "decided"
    with pytest.raises(Refusal) as refused:
        dismiss(db, 2024, 6, "red:NOPE", actor="boss")
    assert refused.value.code == "no_suggestion"
    assert ("boss", "supervision.dismiss", "2024-06/silent:省住建厅") in log(db)


def test_a_subject_has_one_open_item_and_an_open_item_hides_its_suggestion(db):
    kw = dict(year=2024, level="supervision", measures="整改", deadline=date(2024, 8, 1), actor="boss", today=TODAY)
    first = open_item(db, kind="task", code="PUB-01", department="省住建厅", **kw)
    with pytest.raises(Refusal) as refused:
        open_item(db, kind="task", code="PUB-01", department="省住建厅", **kw)
    assert refused.value.code == "already_open"
    row = next(r for r in suggestions(db, 2024, 6) if r.suggestion.key == "red:PUB-01")
    assert (row.decision, row.item_id, row.waiting) == (None, first.id, False)
    with pytest.raises(Refusal) as refused:
        open_item(db, kind="task", code="PUB-01", department="", **{**kw, "measures": " "})
    assert refused.value.code == "no_measures" and "no_department" in refused.value.extra["problems"]


@pytest.mark.parametrize("actor", ["mz", "official", "ghost"])
def test_only_an_administrator_opens_items_and_accepts_or_dismisses_suggestions(db, actor):
    with pytest.raises(Denied):
        accept(db, 2024, 6, "red:ELD-02", actor=actor, measures="m", deadline=date(2024, 8, 1), today=TODAY)
    with pytest.raises(Denied):
        dismiss(db, 2024, 6, "red:ELD-02", actor=actor)
    with db.connect() as conn:
        assert ledger_items(db, 2024) == []
        assert (actor, "denied") in [(e["actor"], e["action"]) for e in audit.recent(conn, 5)]


def test_reporters_note_only_their_own_departments_items_and_viewers_read(db):
    it = open_item(
        db,
        year=2024,
        kind="indicator",
        code="PUB-01-1",
        level="reminder",
        measures="补报4-6月数据",
        department="省住建厅",
        deadline=date(2024, 7, 20),
        actor="boss",
        today=TODAY,
    )
    assert add_note(db, it.id, "已补报", actor="jz").notes[-1].author == "jz"
    for actor in ("mz", "official"):
        with pytest.raises(Denied):
            add_note(db, it.id, "越权", actor=actor)
    with db.connect() as conn:
        assert len(item(conn, it.id).notes) == 1
    assert [i.id for i in ledger_items(db, 2024)] == [it.id]  # reading needs no rights beyond viewing


def test_overdue_items_on_a_fixed_clock(db):
    kw = dict(year=2024, kind="task", level="supervision", measures="整改", actor="boss", today=TODAY)
    a = open_item(db, code="PUB-01", department="省住建厅", deadline=date(2024, 7, 31), **kw)
    b = open_item(db, code="HEA-02", department="省卫健委", deadline=date(2024, 8, 15), **kw)
    items = ledger_items(db, 2024)
    assert [i.id for i in ledger(items, date(2024, 7, 31), LedgerFilter(overdue=True))] == []
    assert [i.id for i in ledger(items, date(2024, 8, 1), LedgerFilter(overdue=True))] == [a.id]
    assert [i.id for i in ledger(items, date(2024, 8, 16), LedgerFilter(overdue=True))] == [a.id, b.id]
    assert next(i for i in items if i.id == a.id).days_overdue(date(2024, 8, 16)) == 16


def test_a_deadline_already_past_is_refused(db):
    with pytest.raises(Refusal) as refused:
        open_item(
            db,
            year=2024,
            kind="task",
            code="HEA-02",
            level="reminder",
            measures="m",
            department="省卫健委",
            deadline=date(2024, 7, 1),
            actor="boss",
            today=TODAY,
        )
    assert refused.value.code == "deadline_past"
