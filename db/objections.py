"""Reading and writing objections (异议): inserts from the form service, the counts its rate limit needs, and
the administrators' reply, publication and rejection. Only what the workflow allows reaches here."""

from __future__ import annotations

from datetime import datetime

from db.audit import next_id
from db.sql import as_dataclass, q, record, records
from targets.objections import Objection, State, Submission


def insert(conn, sub: Submission, *, ip_hash: str, at: datetime) -> int:
    objection_id = next_id(conn, "objection_next_id")
    conn.execute(
        q("objection_insert"),
        {
            "id": objection_id,
            "year": sub.year,
            "task_code": sub.task_code,
            "text": sub.text,
            "name": sub.name or None,
            "contact": sub.contact or None,
            "ip_hash": ip_hash,
            "submitted_at": at,
        },
    )
    return objection_id


def counted_since(conn, since: datetime, ip_hash: str | None = None) -> tuple[int, datetime | None]:
    """How many were stored after `since` (from one address, or from everyone), and the oldest of them."""
    if ip_hash is None:
        row = record(conn, "objections_since", {"since": since})
    else:
        row = record(conn, "objections_since_by_ip", {"since": since, "ip_hash": ip_hash})
    return int(row["n"]), row["oldest"]


def _objection(r: dict) -> Objection:
    return as_dataclass(Objection, r, id=int, year=int, state=State)


def get(conn, objection_id: int) -> Objection | None:
    row = record(conn, "objection_get", {"id": objection_id})
    return _objection(row) if row else None


def of_year(conn, year: int) -> list[Objection]:
    return [_objection(r) for r in records(conn, "objections_of_year", {"year": year})]


def set_reply(conn, objection_id: int, reply: str, *, actor: str, at: datetime) -> None:
    conn.execute(q("objection_set_reply"), {"id": objection_id, "reply": reply, "actor": actor, "at": at})


def set_published(conn, objection_id: int, question: str, *, actor: str, at: datetime) -> None:
    conn.execute(q("objection_set_published"), {"id": objection_id, "question": question, "actor": actor, "at": at})


def set_rejected(conn, objection_id: int, reason: str, *, actor: str, at: datetime) -> None:
    conn.execute(q("objection_set_rejected"), {"id": objection_id, "reason": reason, "actor": actor, "at": at})


def published(conn, year: int) -> list[dict]:
    """The published replies of a year: task, question (as published), reply and when; no personal data."""
    return records(conn, "objections_published", {"year": year})
