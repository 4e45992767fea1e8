"""Migrations: numbered, recorded in schema_version, applied once; init twice changes nothing."""

from __future__ import annotations

import pytest

from db import open_store
from db.catalogue import load_plan
from db.copy import tables
from db.migrate import available, current_version, migrate
from services.setup import init_store
from targets.catalogue import load_bundled


def snapshot(store) -> dict[str, list]:
    """Every row of every table of the store (its own tables only: an attached PostgreSQL has system schemas)."""
    with store.connect() as conn:
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables(conn)}


def test_migrations_are_recorded_with_their_numbers(db_target):
    store = open_store(db_target, migrate=False)
    applied = migrate(store)
    assert applied == [v for v, _, _ in available()]
    assert current_version(store) == max(applied)
    with store.connect() as conn:
        rows = conn.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert [(v, n) for v, n, _ in available()] == rows


def test_migrating_and_initialising_twice_changes_nothing(db_target):
    store = open_store(db_target, migrate=False)
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


@pytest.mark.postgres
def test_on_postgresql_the_tables_have_its_own_types_keys_and_indexes(store, postgres_cluster):
    """One set of migrations: DuckDB's DOUBLE, BLOB, TIMESTAMP, BOOLEAN become PostgreSQL's, with the keys and indexes."""
    from tests.postgres_cluster import dbname_of

    name = dbname_of(store.target)
    columns = "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'"
    types = {f"{t}.{c}": ty for t, c, ty in postgres_cluster.query(name, columns)}
    assert types["figures.value"] == "double precision"
    assert types["upload_files.content"] == "bytea"
    assert types["figure_revisions.recorded_at"] == "timestamp without time zone"
    assert types["users.disabled"] == "boolean"
    assert types["audit_log.id"] == "bigint"
    indexes = {
        r[0] for r in postgres_cluster.query(name, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
    }
    assert {"figure_revisions_by_key", "figure_revisions_by_batch", "figures_pkey", "schema_version_pkey"} <= indexes
