"""The supervision ledger in the store: items, dated notes, closure with evidence, and the decisions on
the suggested list (services.supervision acts on them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db import audit
from db.sql import q, record, records
from targets.supervision import Item, ItemState, Level, Note, SubjectKind


def _item(row: dict[str, Any], notes: tuple[Note, ...] = ()) -> Item:
    return Item(
        **{
            **row,
            "subject_kind": SubjectKind(row["subject_kind"]),
            "level": Level(row["level"]),
            "state": ItemState(row["state"]),
        },
        notes=notes,
    )


def items(conn, year: int) -> list[Item]:
    """Every item of a plan year with its notes, in id order."""
    notes: dict[int, list[Note]] = {}
    for n in records(conn, "notes_of_year", {"year": year}):
        notes.setdefault(n["item_id"], []).append(Note(n["noted_at"], n["author"], n["body"]))
    return [_item(r, tuple(notes.get(r["id"], ()))) for r in records(conn, "items_of_year", {"year": year})]


def item(conn, item_id: int) -> Item | None:
    row = record(conn, "item_get", {"id": item_id})
    if row is None:
        return None
    notes = tuple(
        Note(n["noted_at"], n["author"], n["body"]) for n in records(conn, "notes_of_item", {"item_id": item_id})
    )
    return _item(row, notes)


def decisions(conn, year: int, month: int) -> dict[str, dict]:
    """The decisions on a month's suggestions, by suggestion key."""
    return {r.pop("key"): r for r in records(conn, "decisions_of_month", {"year": year, "month": month})}


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
