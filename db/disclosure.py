"""Reading and writing the public disclosure's editions: what each said (its content JSON) and the files it wrote
(a zip), so any edition can be listed, compared and published again byte for byte."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from db.audit import next_id, now
from db.sql import q, record, records


@dataclass(frozen=True)
class EditionRecord:
    """One published edition, without its files (the list of editions)."""

    id: int
    year: int
    as_of: int
    published_at: datetime  # UTC, naive
    published_by: str
    notice: str
    window_from: date
    window_to: date
    issuer: str
    content_sha256: str
    files_sha256: str


@dataclass(frozen=True)
class StoredEdition:
    """An edition with its content JSON and the zip of its files."""

    edition: EditionRecord
    content: str
    files: bytes


def _record(r: dict) -> EditionRecord:
    return EditionRecord(
        r["id"],
        r["year"],
        r["as_of"],
        r["published_at"],
        r["published_by"],
        r["notice"],
        r["window_from"],
        r["window_to"],
        r["issuer"],
        r["content_sha256"],
        r["files_sha256"],
    )


def save_edition(
    conn,
    *,
    year: int,
    as_of: int,
    published_by: str,
    notice: str,
    window_from: date,
    window_to: date,
    issuer: str,
    content: str,
    files: bytes,
) -> EditionRecord:
    """Record an edition inside the caller's transaction; its id is the next one."""
    edition_id = next_id(conn, "edition_next_id")
    at = now()
    row = {
        "id": edition_id,
        "year": year,
        "as_of": as_of,
        "published_at": at,
        "published_by": published_by,
        "notice": notice,
        "window_from": window_from,
        "window_to": window_to,
        "issuer": issuer,
        "content_sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(),
        "content": content,
        "files_sha256": hashlib.sha256(files).hexdigest(),
        "files": files,
    }
    conn.execute(q("edition_insert"), row)
    return _record(row)


def editions(conn) -> list[EditionRecord]:
    return [_record(r) for r in records(conn, "editions_list")]


def edition(conn, edition_id: int) -> StoredEdition | None:
    r = record(conn, "edition_get", {"id": edition_id})
    if r is None:
        return None
    return StoredEdition(_record(r), str(r["content"]), bytes(r["files"]))
