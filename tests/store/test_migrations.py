"""Migrations: numbered, recorded in schema_version, applied once; init twice changes nothing."""

from __future__ import annotations

from db import open_store
from db.catalogue import load_plan
from db.migrate import available, current_version, migrate
from db.setup import init_store
from targets.catalogue import load_bundled


def snapshot(store) -> dict[str, list]:
    with store.connect() as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def test_migrations_are_recorded_with_their_numbers(db_path):
    store = open_store(str(db_path), migrate=False)
    applied = migrate(store)
    assert applied == [v for v, _, _ in available()]
    assert current_version(store) == max(applied)
    with store.connect() as conn:
        rows = conn.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert [(v, n) for v, n, _ in available()] == rows


def test_migrating_and_initialising_twice_changes_nothing(db_path):
    store = open_store(str(db_path), migrate=False)
    first = init_store(store)
    assert first.changed and first.plans_loaded == [2024]
    before = snapshot(store)
    again = init_store(store)
    assert not again.changed
    assert migrate(store) == []
    assert snapshot(store) == before


def test_the_stored_catalogue_round_trips_to_the_bundled_one(store):
    with store.connect() as conn:
        assert load_plan(conn, 2024) == load_bundled(2024)


def test_init_records_the_catalogue_load_in_the_audit_log(store):
    from db.audit import recent

    with store.connect() as conn:
        actions = [e["action"] for e in recent(conn)]
    assert "catalogue.load" in actions and "regions.load" in actions
