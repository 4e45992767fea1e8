"""The supervision ledger in the store: items, dated notes, closure with evidence, and the decisions on
the suggested list (services.supervision acts on them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db import audit
from db.sql import q
from targets.supervision import Item, ItemState, Level, Note, SubjectKind


def _item(row, notes: tuple[Note, ...] = ()) -> Item:
    return Item(
        id=row[0],
        year=row[1],
        subject_kind=SubjectKind(row[2]),
        subject_code=row[3],
        level=Level(row[4]),
        as_of=row[5],
        reason_zh=row[6],
        reason_en=row[7],
        measures=row[8],
        department=row[9],
        person=row[10],
        deadline=row[11],
        state=ItemState(row[12]),
        opened_by=row[13],
        opened_at=row[14],
        closed_by=row[15],
        closed_at=row[16],
        evidence=row[17],
        suggestion_key=row[18],
        notes=notes,
    )


def items(conn, year: int) -> list[Item]:
    """Every item of a plan year with its notes, in id order."""
    notes: dict[int, list[Note]] = {}
    for item_id, at, author, body in conn.execute(q("notes_of_year"), {"year": year}).fetchall():
        notes.setdefault(item_id, []).append(Note(at, author, body))
    return [_item(r, tuple(notes.get(r[0], ()))) for r in conn.execute(q("items_of_year"), {"year": year}).fetchall()]


def item(conn, item_id: int) -> Item | None:
    row = conn.execute(q("item_get"), {"id": item_id}).fetchone()
    if row is None:
        return None
    notes = tuple(Note(r[1], r[2], r[3]) for r in conn.execute(q("notes_of_item"), {"item_id": item_id}).fetchall())
    return _item(row, notes)


def decisions(conn, year: int, month: int) -> dict[str, dict]:
    keys = ("decision", "item_id", "remark", "decided_by", "decided_at")
    return {
        r[0]: dict(zip(keys, r[1:], strict=True))
        for r in conn.execute(q("decisions_of_month"), {"year": year, "month": month}).fetchall()
    }


def decision_exists(conn, year: int, month: int, key: str) -> bool:
    return conn.execute(q("decision_get"), {"year": year, "month": month, "key": key}).fetchone() is not None


def insert_item(conn, fields: dict[str, Any]) -> int:
    """A new item with the next id; returns the id."""
    item_id = audit.next_id(conn, "item_next_id")
    conn.execute(q("item_insert"), {"id": item_id, **fields})
    return item_id


def decide(conn, year, month, key, decision, item_id, remark, actor, at) -> None:
    conn.execute(
        q("decision_insert"),
        {
            "year": year,
            "month": month,
            "key": key,
            "decision": decision,
            "item_id": item_id,
            "remark": (remark or "").strip() or None,
            "decided_by": actor or "setup",
            "decided_at": at,
        },
    )


def insert_note(conn, item_id: int, *, at: datetime, author: str, body: str) -> None:
    conn.execute(
        q("note_insert"),
        {"id": audit.next_id(conn, "note_next_id"), "item_id": item_id, "noted_at": at, "author": author, "body": body},
    )


def close_item(conn, item_id: int, *, by: str, at: datetime, evidence: str) -> None:
    conn.execute(q("item_close"), {"id": item_id, "closed_by": by, "closed_at": at, "evidence": evidence})
