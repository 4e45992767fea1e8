"""Opening the store: an embedded DuckDB file (the default) or PostgreSQL attached through DuckDB.

Connections are short-lived on purpose: a DuckDB file admits one writing process at a time, so
the app and the CLI each open, work and close, and a brief overlap is retried, not failed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_DB = "data/tracker.duckdb"
ENV_VAR = "LIVELIHOOD_DB"
LOCK_WAIT_SECONDS = 10.0


class StoreBusy(RuntimeError):
    """Another process holds the database file; the message says which file and what to do."""


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def resolve_target(target: str | None) -> str:
    return target or os.environ.get(ENV_VAR) or DEFAULT_DB


class Store:
    """One database, named by a file path or a postgresql:// URL."""

    def __init__(self, target: str):
        self.target = target
        self.kind = "postgres" if is_postgres(target) else "duckdb"

    def __repr__(self) -> str:
        return f"Store({self.display_name!r})"

    @property
    def display_name(self) -> str:
        if self.kind == "postgres":
            # Never show a password that the URL may carry.
            _, _, tail = self.target.partition("@")
            return ("postgresql://…@" + tail) if tail else self.target
        return self.target

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.kind == "postgres":
            from db.postgres import attach

            return attach(self.target)
        path = Path(self.target)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return duckdb.connect(str(path))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"The database file {path} is in use by another process "
                        f"(DuckDB allows one writing process). Stop that process or use a shared "
                        f"PostgreSQL store. Detail: {exc}"
                    ) from exc
                time.sleep(0.1)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        conn = self._open()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit when the block ends, roll back on any exception."""
        with self.connect() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")


def open_store(target: str | None = None, *, migrate: bool = True) -> Store:
    """The store named by target (or LIVELIHOOD_DB, or the default file), migrated to the latest schema."""
    store = Store(resolve_target(target))
    if migrate:
        from db.migrate import migrate as run_migrations

        run_migrations(store)
    return store
