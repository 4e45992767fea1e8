"""Storing figures: batches with their original file, revisions, and the current values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from db.audit import now
from db.sql import q, record, records
from targets.errors import Refusal
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


def _batch(row: dict[str, Any]) -> Batch:
    return Batch(**{**row, "summary": json.loads(row["summary"]) if row["summary"] else None})


def stored(conn, year: int) -> dict[FigureKey, Stored]:
    return {
        (r[0], r[1], r[2]): Stored(r[3], r[4]) for r in conn.execute(q("figures_of_year"), {"year": year}).fetchall()
    }


def _revision(row: tuple) -> Revision:
    """A row of revisions_of_year / revisions_of_batch / revisions_until, by name (positional: a replay reads 72,000)."""
    rev_id, batch_id, code, region, month, value, previous, recorded_at, recorded_by = row
    return Revision(rev_id, batch_id, (code, region, month), value, previous, recorded_at, recorded_by)


def revisions(conn, year: int) -> list[Revision]:
    return [_revision(r) for r in conn.execute(q("revisions_of_year"), {"year": year}).fetchall()]


def batch_revisions(conn, batch_id: int) -> list[Revision]:
    return [_revision(r) for r in conn.execute(q("revisions_of_batch"), {"batch_id": batch_id}).fetchall()]


def batch_revision_count(conn, batch_id: int) -> int:
    """How many revisions carry the batch, counted by a scan that no index can answer: what a rollback must
    restore, to check against what `batch_revisions` found (a damaged DuckDB index finds none of them)."""
    return int(conn.execute(q("revision_count_of_batch"), {"batch_id": batch_id}).fetchone()[0])


def batch(conn, batch_id: int) -> Batch | None:
    row = record(conn, "batch_get", {"id": batch_id})
    return _batch(row) if row else None


def batches(conn, year: int) -> list[Batch]:
    return [_batch(r) for r in records(conn, "batches_of_year", {"year": year})]


def file_content(conn, batch_id: int) -> bytes | None:
    row = conn.execute(q("file_get"), {"batch_id": batch_id}).fetchone()
    return bytes(row[0]) if row else None


def last_change(conn, year: int) -> datetime | None:
    return conn.execute(q("last_change"), {"year": year}).fetchone()[0]


def indicator_history(conn, year: int, code: str) -> list[dict[str, Any]]:
    """Every revision of an indicator's figures: who, when, which batch and file, old → new."""
    return records(conn, "revisions_of_indicator", {"year": year, "code": code})


class UnknownKey(Refusal):
    """A figure or target names an indicator the plan year lacks or a region the store does not know."""


def ensure_known_keys(conn, year: int, keys: Iterable[tuple]) -> None:
    """The store's own guard, below every use case: each key's indicator is in the year's plan and its region in
    the regions table (the same on DuckDB and PostgreSQL; the plan is replaced whole on import, so no foreign key)."""
    keys = list(keys)
    if not keys:
        return
    codes = {k[0] for k in keys}
    regions = {k[1] for k in keys}
    known_codes = {r[0] for r in conn.execute(q("indicator_codes_of_year"), {"year": year}).fetchall()}
    known_regions = {r[0] for r in conn.execute(q("region_codes")).fetchall()}
    if codes - known_codes:
        code = sorted(codes - known_codes)[0]
        raise UnknownKey(
            "unknown_indicator",
            f"Unknown indicator {code}: the {year} plan has no such indicator; nothing was written.",
            f"未知指标 {code}：{year}年计划中没有该指标；未写入任何数据。",
        )
    if regions - known_regions:
        region = sorted(regions - known_regions)[0]
        raise UnknownKey(
            "unknown_region", f"Unknown region {region}; nothing was written.", f"未知地区 {region}；未写入任何数据。"
        )


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
    stored_now: Mapping[FigureKey, Stored] | None = None,
) -> int:
    """Write one batch inside the caller's transaction; refuse if any figure moved since it was read.

    `stored_now` may hold the year's figures as the caller read them in this same transaction (commit_upload
    does), which saves reading them again.
    """
    ensure_known_keys(conn, year, {c.key for c in changes})
    at = now()
    batch_id = int(conn.execute(q("batch_next_id")).fetchone()[0])
    new_count = sum(1 for c in changes if c.old is None)
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
            "new_count": new_count,
            "changed_count": len(changes) - new_count,
            "unchanged_count": unchanged,
            "warnings_confirmed": warnings_confirmed,
            "summary": json.dumps(summary, ensure_ascii=False, default=str) if summary else None,
            "rolls_back": rolls_back,
        },
    )
    if content is not None:
        conn.execute(q("file_insert"), {"batch_id": batch_id, "content": content})
    if not changes:
        return batch_id
    first_rev = next_rev = int(conn.execute(q("revision_next_id")).fetchone()[0])
    keys = [c.key for c in changes]
    current = _current(conn, year, keys, stored_now)
    existed = {key for key in keys if key in current}
    previous_values, previous_revs = [], []
    for change in changes:
        # Checked in order against the stored row, or against this batch's own earlier change of the same key.
        row = current.get(change.key)
        actual_rev = row[1] if row is not None else None
        if actual_rev != change.old_revision:
            raise StaleWrite(change.key, change.old_revision, actual_rev)
        previous_values.append(row[0] if row is not None else None)
        previous_revs.append(actual_rev)
        if change.new is None:
            current.pop(change.key, None)
        else:
            current[change.key] = (change.new, next_rev)
        next_rev += 1
    n = len(changes)
    schema = _revision_schema()
    revisions = [
        range(first_rev, next_rev),
        _same(batch_id, schema.field("batch_id").type, n),
        *_key_columns(year, keys),
        [c.new for c in changes],
        previous_values,
        previous_revs,
        _same(at, schema.field("recorded_at").type, n),
        _same(actor, schema.field("recorded_by").type, n),
        [c.row for c in changes],
        [c.column for c in changes],
    ]
    _write_rows(conn, "revisions_insert_from", schema, revisions)
    # Each figure the batch touched ends at its last revision: removed, updated in place, or new.
    touched = list(dict.fromkeys(keys))
    for query, subset in (
        ("figures_delete_from", [k for k in touched if k in existed and k not in current] if existed else []),
        ("figures_update_from", [k for k in touched if k in existed and k in current] if existed else []),
        ("figures_insert_from", [k for k in touched if k not in existed] if existed else touched),
    ):
        if subset:
            final = [current.get(k, (None, None)) for k in subset]
            columns = [*_key_columns(year, subset), [f[0] for f in final], [f[1] for f in final]]
            _write_rows(conn, query, _figure_schema(), columns)
    return batch_id


# A batch this large reads its year's figures in one query; a smaller one (a correction) reads each by key.
BULK_READ_MIN = 64
# Rows reach the tables through one registered Arrow table per statement (INSERT … SELECT, UPDATE … FROM,
# DELETE … WHERE EXISTS): the same portable SQL on DuckDB and on PostgreSQL attached through DuckDB, and
# a few statements per batch instead of three per figure.
ROWS_VIEW = "figure_rows"


def _current(
    conn, year: int, keys: list[FigureKey], stored_now: Mapping[FigureKey, Stored] | None
) -> dict[FigureKey, tuple[float, int]]:
    """The stored (value, revision) of the figures the changes touch, read inside the writing transaction."""
    if stored_now is not None:
        return {key: (s.value, s.revision_id) for key in keys if (s := stored_now.get(key)) is not None}
    if len(keys) >= BULK_READ_MIN:
        rows = conn.execute(q("figures_of_year"), {"year": year}).fetchall()
        return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}
    found = {}
    for key in dict.fromkeys(keys):
        code, region, month = key
        row = conn.execute(q("figure_get"), {"year": year, "code": code, "region": region, "month": month}).fetchone()
        if row is not None:
            found[key] = (row[0], row[1])
    return found


@cache
def _revision_schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.int64()),
            ("batch_id", pa.int64()),
            ("year", pa.int32()),
            ("indicator_code", pa.string()),
            ("region_code", pa.string()),
            ("month", pa.int32()),
            ("value", pa.float64()),
            ("previous_value", pa.float64()),
            ("previous_revision_id", pa.int64()),
            ("recorded_at", pa.timestamp("us")),
            ("recorded_by", pa.string()),
            ("source_row", pa.int64()),
            ("source_column", pa.string()),
        ]
    )


@cache
def _figure_schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("year", pa.int32()),
            ("indicator_code", pa.string()),
            ("region_code", pa.string()),
            ("month", pa.int32()),
            ("value", pa.float64()),
            ("revision_id", pa.int64()),
        ]
    )


def _key_columns(year: int, keys: list[FigureKey]) -> list[list]:
    return [[year] * len(keys), [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]]


def _same(value, type_, n: int):
    """A column holding one value n times, built by Arrow (a list of 100,000 timestamps takes it 20 ms to convert)."""
    import pyarrow as pa

    return pa.repeat(pa.scalar(value, type=type_), n)


def _write_rows(conn, query: str, schema, columns: list) -> None:
    """Run a named `… FROM figure_rows` statement over the given columns (Python sequences or Arrow arrays),
    registered as one Arrow table."""
    import pyarrow as pa

    table = pa.Table.from_arrays(
        [
            values if isinstance(values, pa.Array) else pa.array(values, type=f.type)
            for f, values in zip(schema, columns, strict=True)
        ],
        schema=schema,
    )
    sql = q(query)
    conn.register(ROWS_VIEW, table)
    try:
        conn.execute(sql)
    finally:
        conn.unregister(ROWS_VIEW)


def mark_rolled_back(conn, batch_id: int, by: int) -> None:
    conn.execute(q("batch_mark_rolled_back"), {"id": batch_id, "rolled_back_by": by})
