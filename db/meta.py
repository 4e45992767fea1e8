"""Settings and markers kept in the meta table, and the data-version stamp that keys every cache."""

from __future__ import annotations

import threading
import uuid
from contextlib import suppress

import duckdb

from db import native
from db.memo import run_memo
from db.sql import q

DATA_VERSION = "data_version"


def meta_get(conn, key: str) -> str | None:
    """A meta value, read once per page run (db.store.run_memo): one run sees one data-version stamp."""
    memo = run_memo(conn)
    if memo is not None and ("meta", key) in memo:
        return memo[("meta", key)]
    row = conn.execute(q("meta_get"), {"key": key}).fetchone()
    value = row[0] if row else None
    if memo is not None:
        memo[("meta", key)] = value
    return value


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


class StampReader:
    """Reads a PostgreSQL store's data-version stamp: through the page run's pooled psycopg connection (db.native),
    or with LIVELIHOOD_PG_READS=extension over one kept connection of the extension's (opening one costs an ATTACH,
    ~50 ms here; a read over an open one ~2 ms). Each read is its own transaction, so it sees every commit before
    it. Thread-safe; a lost connection is opened again on the next read."""

    def __init__(self, store):
        self.store = store
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()

    def read(self) -> str:
        if native.enabled():  # the page run's pooled psycopg connection (db.native): no kept one needed
            with self.store.hold(), self.store.connect() as conn:
                return data_version(conn)
        with self._lock:
            try:
                return data_version(self._kept())
            except duckdb.Error:  # a dropped connection: once more on a new one, whose failure is raised
                self._drop()
            return data_version(self._kept())

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _kept(self) -> duckdb.DuckDBPyConnection:
        if self._conn is None:
            self._conn = self.store.open_kept()
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            with suppress(duckdb.Error):
                self._conn.close()
            self._conn = None
