"""Copying a whole store into another (DuckDB file or PostgreSQL, either way): the move between stores
and the backup path for PostgreSQL.

Every table of the source comes along, found in information_schema rather than listed here, so a
table added by a later migration is copied without touching this module: the catalogue, figures
with every revision, upload batches with their original files, regional targets and their
revisions, schedules, settings, accounts with their password hashes, the audit log, and
schema_version itself. Rows keep their ids. The destination is brought to the source's schema
version first, filled in one write transaction (all or nothing), then migrated on to the latest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db import audit
from db.meta import bump_data_version
from db.migrate import available, current_version, migrate
from db.store import Store
from targets.errors import Refusal

BATCH_ROWS = 10_000  # rows per Arrow batch streamed from the source: large files never sit in memory at once


@dataclass
class CopyReport:
    source: str
    destination: str
    schema_version: int
    tables: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)  # rows the destination held before (with --force)

    def as_json(self) -> dict:
        return {
            "from": self.source,
            "to": self.destination,
            "schema_version": self.schema_version,
            "tables": self.tables,
            "rows": sum(self.tables.values()),
            "replaced": self.replaced,
        }


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables(conn) -> list[str]:
    """The store's own tables (not the attached catalog's system schemas), by name."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_catalog = current_database() AND table_schema = current_schema()"
        " AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def columns(conn, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_name = ?"
        " ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def row_counts(conn) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {_ident(t)}").fetchone()[0]) for t in tables(conn)}


def _same_store(a: Store, b: Store) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "duckdb":
        return Path(a.target).resolve() == Path(b.target).resolve()
    return a.target == b.target


def _refuse_unless_empty(destination: Store, conn, force: bool) -> dict[str, int]:
    """Rows per table the destination holds (schema_version aside); refuse if any, unless force."""
    held = {t: n for t, n in row_counts(conn).items() if n and t != "schema_version"}
    if held and not force:
        listed = ", ".join(f"{t} ({n} rows)" for t, n in sorted(held.items()))
        raise Refusal(
            "destination_not_empty",
            f"{destination.display_name} already holds data ({listed}); copying into it would mix two "
            "databases. Copy into a new, empty database, or pass --force to replace everything in it.",
            f"目标数据库已有数据（{listed}），复制会混合两个数据库。请复制到新的空数据库，或用 --force 替换其全部内容。",
            tables=held,
        )
    return held


def copy_store(
    source: Store, destination: Store, *, actor: str, check: Callable[[Store, object], None], force: bool = False
) -> CopyReport:
    """Copy every table of source into destination; refuse a destination that holds data unless force.

    check(store, conn) authorises the acting account on the source, and on the destination when the copy
    replaces what it holds (services.setup.copy passes it); it raises to refuse."""
    if _same_store(source, destination):
        raise Refusal(
            "same_store", "The source and the destination are the same database.", "源数据库与目标数据库相同。"
        )
    absent = source.kind == "duckdb" and not Path(source.target).is_file()
    version = 0 if absent else current_version(source)  # never create the file a mistyped name names
    if version == 0:
        raise Refusal(
            "no_source",
            f"{source.display_name} is not a tracker database (no schema_version); nothing to copy.",
            f"{source.display_name} 不是本系统的数据库（没有 schema_version），无可复制。",
        )
    newest = max(v for v, _, _ in available())
    if version > newest:
        raise Refusal(
            "newer_source",
            f"{source.display_name} is at schema version {version}, newer than this program knows ({newest}); "
            "copy it with the newer program.",
            f"{source.display_name} 的结构版本为 {version}，比本程序所知的 {newest} 更新，请用新版程序复制。",
        )
    if current_version(destination) > version:
        raise Refusal(
            "newer_destination",
            f"{destination.display_name} is at schema version {current_version(destination)}, newer than the "
            f"source's {version}; bring the source up to date first (python -m targets --db SOURCE init).",
            "目标数据库的结构版本比源数据库新；请先更新源数据库（python -m targets --db 源 init）。",
        )
    with source.connect() as conn:
        # The copy carries every account's password hash and the whole audit log: the source's admins only.
        check(source, conn)
    with destination.connect() as conn:
        _refuse_unless_empty(destination, conn, force)  # before migrating it: a refused copy changes nothing
    migrate(destination, upto=version)
    report = CopyReport(source.display_name, destination.display_name, version)
    with source.connect() as src, destination.transaction() as dst:
        held = _refuse_unless_empty(destination, dst, force)  # again, under the write lock
        if held:
            check(destination, dst)  # replacing a database is for its admins too
        report.replaced = held
        wanted = tables(src)
        missing = sorted(set(wanted) - set(tables(dst)))
        if missing:
            raise Refusal(
                "schema_mismatch",
                f"The destination lacks tables the source has: {', '.join(missing)}.",
                f"目标数据库缺少源数据库中的表：{'、'.join(missing)}。",
            )
        for table in tables(dst):
            dst.execute(f"DELETE FROM {_ident(table)}")
        for table in wanted:
            cols = ", ".join(_ident(c) for c in columns(src, table))
            batches = src.execute(f"SELECT {cols} FROM {_ident(table)}").fetch_record_batch(BATCH_ROWS)
            dst.register("copy_source", batches)
            try:
                dst.execute(f"INSERT INTO {_ident(table)} ({cols}) SELECT {cols} FROM copy_source")
            finally:
                dst.unregister("copy_source")
            report.tables[table] = int(dst.execute(f"SELECT count(*) FROM {_ident(table)}").fetchone()[0])
        audit.record(dst, actor, "store.copy", source.display_name, {"tables": report.tables, "replaced": held})
        # Servers already running on the destination must not keep what they cached from before.
        bump_data_version(dst)
    migrate(destination)
    return report
