"""A page run's reads share one connection (Store.hold); writes still open their own, and nothing stays open."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from db import open_store
from db import store as store_module


def opened(store) -> int:
    return store_module._live.get(store_module._file_key(store), 0)


def test_reads_inside_a_hold_share_one_connection_closed_at_the_end(tmp_path):
    store = open_store(str(tmp_path / "held.duckdb"))
    with store.hold():
        with store.connect() as first:
            pass
        with store.connect() as second, type(store)(store.target).connect() as third:  # a cached read's own Store
            assert second is first and third is first
        with store.hold(), store.connect() as inner:  # nested: the same one
            assert inner is first
        assert opened(store) == 1
    assert opened(store) == 0
    with store.connect() as outside:
        assert outside is not first


def test_a_write_inside_a_hold_uses_its_own_connection_and_the_held_one_sees_it(tmp_path):
    store = open_store(str(tmp_path / "write.duckdb"))
    with store.hold():
        with store.connect() as reader:
            before = reader.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        with store.transaction() as writer:
            assert writer is not reader
            writer.execute(
                "INSERT INTO audit_log (id, occurred_at, actor, action, detail) VALUES (999, now(), 't', 'test', '')"
            )
        with store.connect() as again:
            assert again is reader
            assert again.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1
    assert opened(store) == 0


def test_an_error_inside_a_hold_still_closes_the_connection(tmp_path):
    store = open_store(str(tmp_path / "error.duckdb"))
    try:
        with store.hold(), store.connect() as conn:
            conn.execute("SELECT 1")
            raise KeyError("page failed")
    except KeyError:
        pass
    assert opened(store) == 0


def test_each_thread_holds_its_own(tmp_path):
    store = open_store(str(tmp_path / "threads.duckdb"))
    seen: dict[str, object] = {}

    def run(name: str) -> None:
        with store.hold(), store.connect() as conn:
            seen[name] = conn
            conn.execute("SELECT count(*) FROM figures").fetchall()

    with store.hold(), store.connect() as mine:
        threads = [threading.Thread(target=run, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({id(c) for c in (mine, *seen.values())}) == 3
    assert opened(store) == 0


def test_after_the_hold_another_process_can_write_the_file(tmp_path):
    path = str(tmp_path / "free.duckdb")
    store = open_store(path)
    with store.hold(), store.connect() as conn:
        conn.execute("SELECT 1")
    code = f"from db import open_store\nwith open_store({path!r}).transaction() as c: c.execute('SELECT 1')\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_between_runs_a_postgres_connection_waits_for_the_next_and_a_duckdb_file_is_let_go(store, monkeypatch):
    monkeypatch.setenv("LIVELIHOOD_PG_READS", "extension")  # the extension's kept connections (db.native: psycopg's)
    with store.hold(), store.connect() as first:
        first.execute("SELECT 1")
    with store.hold(), store.connect() as second:
        assert (second is first) == (store.kind == "postgres")  # no second ATTACH; a file is never kept open
    if store.kind == "duckdb":
        assert opened(store) == 0
        return
    second.close()  # the server dropped it while it waited: the next run opens another
    with store.hold(), store.connect() as third:
        assert third is not second and third.execute("SELECT 1").fetchall() == [(1,)]
    monkeypatch.setattr(store_module, "IDLE_SECONDS", 0.0)  # waited too long: closed, another opened
    with store.hold(), store.connect() as fourth:
        assert fourth is not third


def _pid(reader) -> int:
    """The server process of the pooled connection a statement gets now."""
    return reader.execute("SELECT pg_backend_pid()").fetchone()[0]


def _terminate(store, pid: int) -> None:
    """The server ends a backend (a restart, an idle timeout, an administrator)."""
    with store.transaction() as writer:
        writer.execute(f"CALL postgres_execute('store', 'SELECT pg_terminate_backend({int(pid)})')")


def test_on_postgres_a_page_runs_reads_come_from_the_pool_and_a_dropped_connection_is_replaced(store, monkeypatch):
    if store.kind != "postgres":
        return
    from db import native

    monkeypatch.delenv("LIVELIHOOD_PG_READS", raising=False)  # the default
    with store.hold(), store.connect() as first:
        assert isinstance(first, native.Reader)
        pid = _pid(first)
    with store.hold(), store.connect() as second:
        assert _pid(second) == pid  # the pooled connection again: nothing opened
    _terminate(store, pid)  # between runs
    with store.hold(), store.connect() as third:
        assert third.execute("SELECT 1").fetchall() == [(1,)]  # read again on another connection
        pid = _pid(third)
        _terminate(store, pid)  # in the middle of a run
        assert third.execute("SELECT 1").fetchall() == [(1,)]
        assert _pid(third) != pid


def test_on_postgres_a_server_that_cannot_be_reached_is_said_plainly(store, monkeypatch):
    if store.kind != "postgres":
        return
    import psycopg

    from db import native

    monkeypatch.delenv("LIVELIHOOD_PG_READS", raising=False)
    monkeypatch.setattr(native, "POOL_WAIT_SECONDS", 0.5)
    absent = store.target.replace("@/", "@/no_such_database_", 1)
    elsewhere = type(store)(absent)
    with pytest.raises(store_module.StoreUnavailable, match="Cannot reach"), elsewhere.hold(), elsewhere.connect():
        pass

    def server_gone(self, sql, params=None):  # the second connection failed too
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(native.Reader, "execute", server_gone)
    with pytest.raises(store_module.StoreUnavailable, match="was lost"), store.hold(), store.connect() as conn:
        conn.execute("SELECT 1")


def test_a_pooled_connection_refuses_to_write(store, monkeypatch):
    if store.kind != "postgres":
        return
    monkeypatch.delenv("LIVELIHOOD_PG_READS", raising=False)
    import psycopg

    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction), store.hold(), store.connect() as reader:
        reader.execute("DELETE FROM audit_log")


def test_on_postgres_a_restart_that_dropped_every_pooled_connection_costs_no_read(store, monkeypatch):
    if store.kind != "postgres":
        return
    monkeypatch.delenv("LIVELIHOOD_PG_READS", raising=False)
    with store.hold(), store.connect() as reader:
        pool = reader._pool
        with pool.connection() as a, pool.connection() as b, pool.connection() as c:  # three idle ones after
            pids = [conn.execute("SELECT pg_backend_pid()").fetchone()[0] for conn in (a, b, c)]
        for pid in pids:  # as a restart of the server does
            _terminate(store, pid)
        assert reader.execute("SELECT 1").fetchall() == [(1,)]  # not two dead ones in a row, then "lost"
        assert _pid(reader) not in pids
