"""Checking at open that a DuckDB store's indexes find what its tables hold, and rebuilding them if not.

Why: DuckDB 1.5 loads a `CREATE INDEX` index lazily. When it replays its write-ahead log at open (after a
`kill -9` between a COMMIT and the checkpoint that would have folded it into the file), the replayed rows are
kept aside for that index until something uses it; a checkpoint without a client transaction (the one DuckDB
runs when the last connection closes) writes the index as it was before the replay and drops those rows.
From then on `WHERE batch_id = N` is answered by the index and finds none of batch N's revisions, while
`GROUP BY batch_id` (a scan) counts them all; a rollback of that batch then restores nothing. The rows are
intact; only the index lost them (docs/duckdb-kill9-repro.md).

db.store prevents it (a checkpoint inside a transaction right after a replay, which binds every index
first); this module finds a store damaged before that, or by another program that opened the file, and
repairs it: every `CREATE INDEX` index is dropped and created again from the table, in one transaction.

What is checked: each upload batch's revisions found by `WHERE batch_id = N` (the access path that rollback
and history use) against their count by `GROUP BY` (a scan no index serves). figure_revisions only grows,
and a replay can only damage batches newer than those already checked, so each open checks the batches
above the last one found sound (recorded in meta); the first open of a store checks them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from db import audit
from db.meta import meta_get, meta_set
from db.sql import q
from targets.errors import Refusal

if TYPE_CHECKING:
    from db.store import Store

CHECKED_KEY = "integrity.revisions_checked_upto"
REPAIR_ACTOR = "system"


@dataclass(frozen=True)
class BatchMismatch:
    """A batch whose revisions an indexed lookup does not find as a scan does."""

    batch_id: int
    stored: int  # counted by a scan (GROUP BY)
    found: int  # found by WHERE batch_id = N


@dataclass(frozen=True)
class IntegrityReport:
    checked: int  # batches checked
    mismatches: tuple[BatchMismatch, ...]
    repaired: tuple[str, ...] = ()  # indexes rebuilt

    @property
    def sound(self) -> bool:
        return not self.mismatches


class StoreDamaged(Refusal):
    """The store's indexes miss rows even after they were rebuilt: stop rather than publish wrong figures."""


def revision_mismatches(conn, *, after: int = 0) -> tuple[list[BatchMismatch], list[int]]:
    """Batches above `after` whose `WHERE batch_id = N` count differs from the scan's; and the batches checked."""
    stored = dict(conn.execute(q("revisions_per_batch")).fetchall())
    mismatches = []
    checked = [b for b in sorted(stored) if b > after]
    for batch_id in checked:
        found = int(conn.execute(q("revisions_found_of_batch"), {"batch_id": batch_id}).fetchone()[0])
        if found != stored[batch_id]:
            mismatches.append(BatchMismatch(batch_id, stored[batch_id], found))
    return mismatches, checked


def rebuild_indexes(conn) -> list[str]:
    """Drop and create again every `CREATE INDEX` index of the store (constraint indexes are not lazy-loaded and
    so never lose replayed rows), inside the caller's transaction; return their names."""
    indexes = conn.execute(q("explicit_indexes")).fetchall()
    # An index not used since the file was opened is still unloaded, and DuckDB 1.5.5 aborts the process when
    # one is dropped and created again in one transaction; a DELETE that matches nothing loads the table's.
    for table in sorted({table for _name, table, _sql in indexes}):
        conn.execute(f'DELETE FROM "{table}" WHERE false')
    for name, _table, sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
        conn.execute(sql)
    return [name for name, _table, _sql in indexes]


def verify_store(store: Store) -> IntegrityReport:
    """Check a DuckDB store's revisions against their index; rebuild the indexes if a batch is not found; refuse
    (StoreDamaged) if the rebuild does not make every batch found. PostgreSQL has no such fault: nothing to do."""
    if store.kind != "duckdb":
        return IntegrityReport(0, ())
    with store.connect() as conn:
        try:
            after = int(meta_get(conn, CHECKED_KEY) or 0)
            mismatches, checked = revision_mismatches(conn, after=after)
        except duckdb.CatalogException:  # a new file, not migrated yet: nothing stored, nothing to check
            return IntegrityReport(0, ())
    if not checked:
        return IntegrityReport(0, ())
    repaired: list[str] = []
    if mismatches:
        with store.transaction() as conn:
            repaired = rebuild_indexes(conn)
            audit.record(
                conn,
                REPAIR_ACTOR,
                "store.indexes_rebuilt",
                None,
                {
                    "indexes": repaired,
                    "batches": {m.batch_id: {"stored": m.stored, "found": m.found} for m in mismatches},
                },
            )
        # Checked again as stored (the transaction's own reads would still go through the old indexes).
        with store.connect() as conn:
            still, _ = revision_mismatches(conn, after=after)
        if still:
            raise StoreDamaged(
                "store_damaged",
                f"The database {store.display_name} holds revisions that its lookups cannot find "
                f"({_describe(still)}), and rebuilding its indexes did not fix it. The revisions are stored, "
                "but rollback and history would miss them: stop using this file, restore a backup (the `copy` "
                "command makes one) or report it.",
                f"数据库 {store.display_name} 中有查询找不到的修订记录（{_describe(still)}），重建索引后仍未修复。"
                "记录仍在，但回滚和历史查询会遗漏它们：请停止使用该文件，恢复备份（可用 copy 命令制作）或报告该文件。",
            )
    with store.transaction() as conn:
        meta_set(conn, CHECKED_KEY, str(max(checked)))
    return IntegrityReport(len(checked), tuple(mismatches), tuple(repaired))


def _describe(mismatches: list[BatchMismatch]) -> str:
    shown = ", ".join(f"batch {m.batch_id}: {m.stored} stored, {m.found} found" for m in mismatches[:3])
    return shown + (f", and {len(mismatches) - 3} more" if len(mismatches) > 3 else "")
