"""One page run (Store.hold) reads the plan, its years and each meta value once; a write in the run, the end of
the run, or a connection that is not the run's own always reads the store again (db.memo)."""

from __future__ import annotations

import dataclasses

from db import catalogue, memo
from db.meta import meta_get, meta_set
from targets.model import Text


def counted(monkeypatch, module, name: str) -> list[int]:
    """Count the calls of module.name (still calling it)."""
    calls = [0]
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_inside_a_run_the_plan_years_and_meta_are_read_once(store, monkeypatch):
    import db.meta

    plans, queries = counted(monkeypatch, catalogue, "_load_plan"), counted(monkeypatch, catalogue, "q")
    metas = counted(monkeypatch, db.meta, "q")
    with store.hold():
        for _ in range(3):  # three cached reads of one run, each with the run's connection
            with store.connect() as conn:
                plan = catalogue.load_plan(conn, 2024)
                assert plan is not None and catalogue.plan_years(conn) == [2024]
                meta_get(conn, "setting.tolerance_points")
    assert (plans[0], queries[0], metas[0]) == (1, 1, 1)
    with store.hold(), store.connect() as conn:  # the next run reads again
        catalogue.load_plan(conn, 2024)
    assert plans[0] == 2


def test_a_write_in_the_run_is_seen_by_the_next_read_of_the_run(store):
    with store.hold():
        with store.connect() as conn:
            before = catalogue.load_plan(conn, 2024)
            assert meta_get(conn, "k") is None
        with store.transaction() as tx:
            meta_set(tx, "k", "v")
            tx.execute("UPDATE indicators SET name_en = 'Renamed' WHERE code = ?", [before.indicators[0].code])
        with store.connect() as conn:
            assert meta_get(conn, "k") == "v"
            after = catalogue.load_plan(conn, 2024)
    assert after is not before and after.indicators[0].name == Text(before.indicators[0].name.zh, "Renamed")
    assert dataclasses.replace(after.indicators[0], name=before.indicators[0].name) == before.indicators[0]


def test_outside_a_run_and_on_another_connection_every_read_reaches_the_store(store, monkeypatch):
    queries = counted(monkeypatch, catalogue, "q")
    with store.connect() as conn:
        catalogue.plan_years(conn)
        catalogue.plan_years(conn)
        assert queries[0] == 2 and memo.run_memo(conn) is None
    with store.hold():
        with store.connect() as held:
            assert memo.run_memo(held) == {}
        with store.transaction() as tx:
            assert memo.run_memo(tx) is None  # a write reads what is there, never the run's memory
    assert memo.run_memo(held) is None  # the run has ended
