"""Settings and markers kept in the meta table, and the data-version stamp that keys every cache."""

from __future__ import annotations

import uuid

from db.sql import q

DATA_VERSION = "data_version"


def meta_get(conn, key: str) -> str | None:
    row = conn.execute(q("meta_get"), {"key": key}).fetchone()
    return row[0] if row else None


def meta_set(conn, key: str, value: str) -> None:
    conn.execute(q("meta_delete"), {"key": key})
    conn.execute(q("meta_insert"), {"key": key, "value": value})


def bump_data_version(conn) -> str:
    """Mark that the data changed, inside the writing transaction; readers re-read at their next run."""
    stamp = uuid.uuid4().hex
    meta_set(conn, DATA_VERSION, stamp)
    return stamp


def data_version(conn) -> str:
    return meta_get(conn, DATA_VERSION) or "0"
