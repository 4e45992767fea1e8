"""Numbered migrations, applied in order at start-up and recorded in schema_version; idempotent."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from db.store import Store

MIGRATIONS = Path(__file__).with_name("migrations")
_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def available() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        m = _FILE.match(path.name)
        if m:
            found.append((int(m.group(1)), m.group(2), path))
    return found


def statements(sql: str) -> list[str]:
    """Split a migration into statements (one per `;` at a line's end; no procedural bodies here)."""
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*$", body, flags=re.MULTILINE) if s.strip()]


def applied(conn) -> set[int]:
    """The versions recorded, creating schema_version if missing: only inside a write transaction."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT version FROM schema_version").fetchall()}


def recorded(conn) -> set[int]:
    """The versions recorded, reading only (no schema_version yet: none)."""
    try:
        return {row[0] for row in conn.execute("SELECT version FROM schema_version").fetchall()}
    except duckdb.CatalogException:
        return set()


def migrate(store: Store, *, upto: int | None = None) -> list[int]:
    """Apply every migration not yet recorded (up to version `upto`); return the versions applied now.

    Each runs in a write transaction, which on PostgreSQL holds the store's write lock
    (db.postgres): two servers starting at once take turns, and the second finds the work done.
    """
    done_now: list[int] = []
    with store.connect() as conn:
        done = recorded(conn)
    for version, name, path in available():
        if version in done or (upto is not None and version > upto):
            continue
        with store.transaction() as conn:
            # Re-check under the lock: another process may have applied it meanwhile.
            if version in applied(conn):
                continue
            for statement in statements(path.read_text(encoding="utf-8")):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC).replace(tzinfo=None)],
            )
        done_now.append(version)
    return done_now


def current_version(store: Store) -> int:
    with store.connect() as conn:
        versions = recorded(conn)
    return max(versions, default=0)
