"""Values kept with every revision (regional targets, milestones): a write is one upload batch, a revision row per
item that names what it supersedes, and the current row moved to the new revision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from db.audit import now
from db.sql import q


@dataclass(frozen=True)
class Revision:
    """One item's revision (its own columns and what it supersedes) and the current row it leaves: the named
    query that writes that row (insert, update or delete) with its columns."""

    row: dict[str, Any]
    current_query: str
    current: dict[str, Any]


def write_revisions(
    conn,
    *,
    year: int,
    kind: str,
    actor: str,
    rows_read: int,
    filename: str | None,
    sha256: str | None,
    content: bytes | None,
    next_id: str,
    insert: str,
    revisions: Iterable[Revision],
) -> int:
    """Write the revisions as one batch inside the caller's transaction (ids from the named query `next_id`, rows
    by `insert`), each current row pointing at its revision; the batch's id."""
    from db import figures as store_figures

    batch_id = store_figures.write_batch(
        conn,
        year=year,
        kind=kind,
        actor=actor,
        changes=[],
        rows_read=rows_read,
        filename=filename,
        sha256=sha256,
        content=content,
    )
    rev = int(conn.execute(q(next_id)).fetchone()[0])
    at = now()
    for r in revisions:
        conn.execute(q(insert), {**r.row, "id": rev, "batch_id": batch_id, "recorded_at": at, "recorded_by": actor})
        conn.execute(q(r.current_query), {**r.current, "revision_id": rev})
        rev += 1
    return batch_id
