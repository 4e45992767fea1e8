"""The data-version stamp a PostgreSQL server reads at each page run (db.meta.StampReader): over the pooled
psycopg connection (db.native, the default) or one kept connection of the extension's. Either sees every commit
made elsewhere at its next read, and a lost connection is opened again."""

from __future__ import annotations

import pytest

from db.meta import StampReader, bump_data_version, data_version
from db.store import Store

READS = pytest.mark.parametrize("reads", ["native", "extension"])


@pytest.mark.postgres
@READS
def test_each_write_from_another_connection_is_seen_at_once(store, monkeypatch, reads):
    monkeypatch.setenv("LIVELIHOOD_PG_READS", reads)
    reader = StampReader(store)
    try:
        with store.connect() as conn:
            assert reader.read() == data_version(conn)
        for _ in range(3):
            with Store(store.target).transaction() as conn:  # another server's write
                stamp = bump_data_version(conn)
            assert reader.read() == stamp
    finally:
        reader.close()


def _backend_pids(store) -> list[int]:
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT * FROM postgres_query('store', 'SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()')"
        ).fetchall()
    return [int(r[0]) for r in rows]


@pytest.mark.postgres
@READS
def test_a_lost_connection_is_opened_again(store, monkeypatch, reads):
    monkeypatch.setenv("LIVELIHOOD_PG_READS", reads)
    reader = StampReader(store)
    try:
        first = reader.read()
        for pid in _backend_pids(store):  # as if the server had dropped every connection it had
            with store.transaction() as conn:
                conn.execute(f"CALL postgres_execute('store', 'SELECT pg_terminate_backend({pid})')")
        assert reader.read() == first
    finally:
        reader.close()


def test_a_duckdb_connection_is_never_kept(tmp_path):
    with pytest.raises(ValueError):
        Store(str(tmp_path / "x.duckdb")).open_kept()
