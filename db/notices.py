"""Reminders in the store: the accounts' contacts, the in-app notices and every delivery on record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from db import audit
from db.sql import q, records
from targets.access import Role


@dataclass(frozen=True)
class Contact:
    """An account as a reminder sees it: whom to write to, in which language."""

    name: str
    role: Role
    department: str | None
    disabled: bool
    email: str | None
    lang: str | None


@dataclass(frozen=True)
class Delivery:
    """One reminder to one recipient on one channel, as recorded."""

    id: int
    reminder_key: str
    kind: str
    recipient: str
    channel: str
    department: str | None
    year: int | None
    month: int | None
    due: date | None
    address: str | None
    subject: str
    body: str
    state: str  # sent | failed
    attempts: int
    error: str | None
    first_at: datetime
    last_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class Notice:
    id: int
    recipient: str
    reminder_key: str
    kind: str
    department: str | None
    year: int | None
    month: int | None
    subject: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


def contacts(conn) -> list[Contact]:
    return [
        Contact(r["name"], Role(r["role"]), r["department"], bool(r["disabled"]), r["email"], r["lang"])
        for r in records(conn, "user_contacts")
    ]


def set_contact(conn, name: str, email: str | None, lang: str | None) -> None:
    conn.execute(q("user_set_contact"), {"name": name, "email": email, "lang": lang})


def delivery(conn, key: str, recipient: str, channel: str) -> Delivery | None:
    found = records(conn, "delivery_get", {"reminder_key": key, "recipient": recipient, "channel": channel})
    return Delivery(**found[0]) if found else None


def deliveries_of(conn, years: list[int]) -> list[Delivery]:
    """Every delivery recorded for reminders of these years (one read for a whole run)."""
    return [Delivery(**r) for year in years for r in records(conn, "deliveries_of_year", {"year": year})]


def failed_deliveries(conn, stale: datetime) -> list[Delivery]:
    """Failed deliveries, and those claimed for sending before `stale` by a run that never finished."""
    return [Delivery(**r) for r in records(conn, "deliveries_failed", {"stale": stale})]


def recent_deliveries(conn, limit: int = 200) -> list[Delivery]:
    return [Delivery(**r) for r in records(conn, "deliveries_recent", {"limit": limit})]


def record_delivery(
    conn,
    *,
    key: str,
    kind: str,
    recipient: str,
    channel: str,
    department: str | None,
    year: int | None,
    month: int | None,
    due: date | None,
    address: str | None,
    subject: str,
    body: str,
    error: str | None,
    at: datetime,
    claim: bool = False,
) -> None:
    """Record an attempt: the first inserts the delivery, a retry updates it (attempts + 1). A claim marks it
    being sent (attempts unchanged) before the network is touched, so a run beside this one leaves it alone."""
    state = "sending" if claim else "failed" if error else "sent"
    sent_at = None if error or claim else at
    before = delivery(conn, key, recipient, channel)
    if before is not None and claim:
        conn.execute(q("delivery_claim"), {"id": before.id, "at": at})
    elif before is None:
        conn.execute(
            q("delivery_insert"),
            {
                "id": audit.next_id(conn, "delivery_next_id"),
                "reminder_key": key,
                "kind": kind,
                "recipient": recipient,
                "channel": channel,
                "department": department,
                "year": year,
                "month": month,
                "due": due,
                "address": address,
                "subject": subject,
                "body": body,
                "state": state,
                "attempts": 0 if claim else 1,
                "error": error,
                "at": at,
                "sent_at": sent_at,
            },
        )
    else:
        conn.execute(
            q("delivery_update"),
            {"id": before.id, "state": state, "error": error, "at": at, "sent_at": sent_at, "address": address},
        )


def add_notice(
    conn,
    *,
    recipient: str,
    key: str,
    kind: str,
    department: str | None,
    year: int | None,
    month: int | None,
    subject: str,
    body: str,
    link: str | None,
    at: datetime,
) -> int:
    notice_id = audit.next_id(conn, "notice_next_id")
    conn.execute(
        q("notice_insert"),
        {
            "id": notice_id,
            "recipient": recipient,
            "reminder_key": key,
            "kind": kind,
            "department": department,
            "year": year,
            "month": month,
            "subject": subject,
            "body": body,
            "link": link,
            "created_at": at,
        },
    )
    return notice_id


def notices(conn, recipient: str, limit: int = 100) -> list[Notice]:
    return [Notice(**r) for r in records(conn, "notices_of", {"recipient": recipient, "limit": limit})]


def unread_count(conn, recipient: str) -> int:
    return int(conn.execute(q("notices_unread_count"), {"recipient": recipient}).fetchone()[0])


def mark_read(conn, recipient: str, notice_id: int | None, at: datetime) -> None:
    """Mark one notice (or, with None, all of them) read; only the recipient's own."""
    if notice_id is None:
        conn.execute(q("notices_mark_all_read"), {"recipient": recipient, "at": at})
    else:
        conn.execute(q("notice_mark_read"), {"recipient": recipient, "id": notice_id, "at": at})


def objections_waiting(conn) -> int:
    """Objections sent through the public form and not yet answered (state new)."""
    return int(conn.execute(q("objections_waiting")).fetchone()[0])
