"""Storing figures: batches with their original file, revisions, and the current values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.audit import now
from db.sql import q
from targets.figures import Change, FigureKey, Revision, Stored


class StaleWrite(RuntimeError):
    """A figure changed since the screen or preview that asked to change it was drawn."""

    def __init__(self, key: FigureKey, expected: int | None, actual: int | None):
        code, region, month = key
        super().__init__(
            f"{code} / {region} / month {month} was changed by someone else since you loaded it "
            f"(revision {expected} expected, {actual} found); reload and try again."
        )
        self.key = key


@dataclass(frozen=True)
class Batch:
    id: int
    year: int
    kind: str
    filename: str | None
    sha256: str | None
    size_bytes: int | None
    uploaded_by: str
    uploaded_at: datetime
    rows_read: int
    new: int
    changed: int
    unchanged: int
    warnings_confirmed: int
    summary: dict[str, Any] | None
    rolls_back: int | None
    rolled_back_by: int | None


def _batch(row) -> Batch:
    return Batch(*row[:13], json.loads(row[13]) if row[13] else None, row[14], row[15])


def stored(conn, year: int) -> dict[FigureKey, Stored]:
    return {
        (r[0], r[1], r[2]): Stored(r[3], r[4]) for r in conn.execute(q("figures_of_year"), {"year": year}).fetchall()
    }


def _revision(row) -> Revision:
    return Revision(row[0], row[1], (row[2], row[3], row[4]), row[5], row[6], row[7], row[8])


def revisions(conn, year: int) -> list[Revision]:
    return [_revision(r) for r in conn.execute(q("revisions_of_year"), {"year": year}).fetchall()]


def batch_revisions(conn, batch_id: int) -> list[Revision]:
    return [_revision(r) for r in conn.execute(q("revisions_of_batch"), {"batch_id": batch_id}).fetchall()]


def batch(conn, batch_id: int) -> Batch | None:
    row = conn.execute(q("batch_get"), {"id": batch_id}).fetchone()
    return _batch(row) if row else None


def batches(conn, year: int) -> list[Batch]:
    return [_batch(r) for r in conn.execute(q("batches_of_year"), {"year": year}).fetchall()]


def file_content(conn, batch_id: int) -> bytes | None:
    row = conn.execute(q("file_get"), {"batch_id": batch_id}).fetchone()
    return bytes(row[0]) if row else None


def last_change(conn, year: int) -> datetime | None:
    return conn.execute(q("last_change"), {"year": year}).fetchone()[0]


def indicator_history(conn, year: int, code: str) -> list[dict[str, Any]]:
    """Every revision of an indicator's figures: who, when, which batch and file, old → new."""
    keys = (
        "revision",
        "batch",
        "region",
        "month",
        "value",
        "previous_value",
        "recorded_at",
        "recorded_by",
        "batch_kind",
        "filename",
        "sha256",
        "row",
        "column",
    )
    return [
        dict(zip(keys, r, strict=True))
        for r in conn.execute(q("revisions_of_indicator"), {"year": year, "code": code}).fetchall()
    ]


def write_batch(
    conn,
    *,
    year: int,
    kind: str,
    actor: str,
    changes: list[Change],
    rows_read: int = 0,
    unchanged: int = 0,
    filename: str | None = None,
    sha256: str | None = None,
    content: bytes | None = None,
    warnings_confirmed: int = 0,
    summary: dict[str, Any] | None = None,
    rolls_back: int | None = None,
) -> int:
    """Write one batch inside the caller's transaction; refuse if any figure moved since it was read."""
    at = now()
    batch_id = int(conn.execute(q("batch_next_id")).fetchone()[0])
    conn.execute(
        q("batch_insert"),
        {
            "id": batch_id,
            "year": year,
            "kind": kind,
            "filename": filename,
            "sha256": sha256,
            "size_bytes": len(content) if content is not None else None,
            "uploaded_by": actor,
            "uploaded_at": at,
            "rows_read": rows_read,
            "new_count": sum(1 for c in changes if c.old is None),
            "changed_count": sum(1 for c in changes if c.old is not None),
            "unchanged_count": unchanged,
            "warnings_confirmed": warnings_confirmed,
            "summary": json.dumps(summary, ensure_ascii=False, default=str) if summary else None,
            "rolls_back": rolls_back,
        },
    )
    if content is not None:
        conn.execute(q("file_insert"), {"batch_id": batch_id, "content": content})
    next_rev = int(conn.execute(q("revision_next_id")).fetchone()[0])
    for change in changes:
        code, region, month = change.key
        key_params = {"year": year, "code": code, "region": region, "month": month}
        row = conn.execute(q("figure_get"), key_params).fetchone()
        actual_rev = row[1] if row else None
        if actual_rev != change.old_revision:
            raise StaleWrite(change.key, change.old_revision, actual_rev)
        conn.execute(
            q("revision_insert"),
            {
                "id": next_rev,
                "batch_id": batch_id,
                **key_params,
                "value": change.new,
                "previous_value": row[0] if row else None,
                "previous_revision_id": actual_rev,
                "recorded_at": at,
                "recorded_by": actor,
                "source_row": change.row,
                "source_column": change.column,
            },
        )
        if change.new is None:
            conn.execute(q("figure_delete"), key_params)
        elif row is None:
            conn.execute(q("figure_insert"), {**key_params, "value": change.new, "revision_id": next_rev})
        else:
            conn.execute(q("figure_update"), {**key_params, "value": change.new, "revision_id": next_rev})
        next_rev += 1
    return batch_id


def mark_rolled_back(conn, batch_id: int, by: int) -> None:
    conn.execute(q("batch_mark_rolled_back"), {"id": batch_id, "rolled_back_by": by})
