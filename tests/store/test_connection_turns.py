"""Many sessions opening and closing the same DuckDB file at once (what a page run after a write does).

DuckDB shares one database instance per file among a process's connections; a connect racing the close of
the last one found the instance half torn down and failed with "Unique file handle conflict" (seen by the
protocol load generator, bench/crowd.py, as errors on the overview and a failed sign-in). Opening and
closing now take turns.
"""

from __future__ import annotations

import threading

from db import open_store


def test_parallel_opens_and_closes_never_conflict(tmp_path):
    store = open_store(str(tmp_path / "turns.duckdb"))
    errors: list[str] = []
    start = threading.Barrier(8)

    def session() -> None:
        start.wait()
        for _ in range(100):
            try:
                with store.connect() as conn:
                    conn.execute("SELECT count(*) FROM figures").fetchall()
            except Exception as exc:  # every failure counts, whatever its kind
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=session) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [], f"{len(errors)} failed opens, e.g. {errors[0]}"


def test_writes_between_reads_keep_every_row(tmp_path):
    """Writers and readers interleaved: each committed row is there afterwards."""
    store = open_store(str(tmp_path / "mixed.duckdb"))
    with store.transaction() as conn:
        conn.execute("CREATE TABLE t (n INTEGER)")
    errors: list[str] = []

    def writer(k: int) -> None:
        for i in range(40):
            try:
                with store.transaction() as conn:
                    conn.execute("INSERT INTO t VALUES (?)", [k * 1000 + i])
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    def reader() -> None:
        for _ in range(80):
            try:
                with store.connect() as conn:
                    conn.execute("SELECT count(*) FROM t").fetchall()
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    threads += [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 80
