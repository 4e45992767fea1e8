"""`python -m targets copy --from SRC --to DST`: everything comes along, between any two stores, and
`status --json` is the same before and after; a destination that holds data is refused unless --force."""

from __future__ import annotations

import pytest

from db.copy import tables
from db.store import Store

PASSWORD = "Copy-me-safely-2024"
ADMIN = "root"
MAY = "指标编号,月份,累计完成\nEMP-01-1,2024-05,21.3万\nELD-02-1,2024-05,1290\n"
JUNE = "指标编号,地区,月份,累计完成\nELD-02-1,长春,2024-06,400\nELD-02-1,全省,2024-06,1320\n"


def ok(result):
    assert result.code == 0, result.stdout + result.stderr
    return result


def fill(db: str, *, demo: bool = False) -> None:
    """A database with some of everything: the catalogue, regional targets, a schedule and settings (or the
    demo's thousands of figures and its accounts), real uploads with their files, a rollback, an admin account
    and the audit log."""
    from db import open_store
    from db.status import save_settings, save_trajectory
    from services import accounts as users
    from services.demo import add_demo_accounts, build_demo
    from services.region_targets import commit_targets, preview_targets
    from services.setup import init_store
    from services.uploads import commit_upload, preview_upload, rollback_batch
    from targets.access import Role
    from targets.status import Settings
    from tests.store.test_region_matrix import targets_csv

    store = open_store(db, migrate=False)
    init_store(store)
    if demo:
        build_demo(store, actor="demo-admin")
        add_demo_accounts(store)
        writer, reporter = "demo-admin", "demo-reporter"
    else:
        commit_targets(store, preview_targets(store, targets_csv(), "分解.csv"), actor="alice")
        with store.transaction() as conn:
            save_trajectory(conn, 2024, "ELD-02-1", tuple(min(1.0, m / 10) for m in range(1, 13)), "alice")
            save_settings(conn, Settings(tolerance_points=12.5))
        writer = reporter = "alice"
    committed = []
    for name, text in (("may.csv", MAY), ("june.csv", JUNE)):
        preview = preview_upload(store, text.encode(), name)
        committed.append(commit_upload(store, preview, actor=writer, confirm_warnings=True).batch_id)
    rollback_batch(store, committed[-1], actor=writer)
    commit_upload(store, preview_upload(store, JUNE.encode(), "june-again.csv"), actor=reporter, confirm_warnings=True)
    users.add_user(store, ADMIN, Role.ADMIN, PASSWORD, actor=writer if demo else None)


def status(cli, db: str, *args: str) -> dict:
    return ok(cli("status", "--json", *args, db=db)).json


def contents(target: str) -> dict[str, list]:
    """Every row of every table, but the copy's own trace: its audit entry and the data-version stamp."""
    with Store(target).connect() as conn:
        found = {}
        for t in tables(conn):
            rows = conn.execute(f"SELECT * FROM {t}").fetchall()
            if t == "audit_log":
                rows = [r for r in rows if r[3] != "store.copy"]
            if t == "meta":
                rows = [r for r in rows if r[0] != "data_version"]
            found[t] = sorted(rows, key=repr)
        return found


@pytest.mark.postgres
def test_copy_round_trips_a_database_duckdb_to_postgres_to_duckdb(cli, tmp_path, postgres_cluster, request):
    source = str(tmp_path / "source.duckdb")
    fill(source, demo=True)
    latest = status(cli, source)
    pg = postgres_cluster.new_database()
    request.addfinalizer(lambda: postgres_cluster.drop_database(pg))
    back = str(tmp_path / "back.duckdb")

    there = ok(cli("copy", "--from", source, "--to", pg, "--as", ADMIN, "--json"))
    assert there.json["ok"] and there.json["replaced"] == {}
    assert {"figures", "figure_revisions", "upload_batches", "upload_files", "users", "audit_log"} <= set(
        there.json["tables"]
    )
    ok(cli("copy", "--from", pg, "--to", back, "--as", ADMIN, "--json"))

    may = status(cli, source, "--as-of", "2024-05", "--lang", "en")
    for db in (pg, back):
        assert status(cli, db) == latest
        assert status(cli, db, "--as-of", "2024-05", "--lang", "en") == may
    original = contents(source)
    assert contents(pg) == original
    assert contents(back) == original
    with Store(back).connect() as conn:
        files = conn.execute("SELECT content FROM upload_files ORDER BY batch_id").fetchall()
        hashes = conn.execute("SELECT password_hash FROM users").fetchall()
    assert any(bytes(f[0]) == MAY.encode() for f in files)
    assert hashes[0][0].startswith("$argon2id$")
    # The copy is on record in the destination, and the admin's password still signs in there.
    assert ok(cli("audit", "--as", ADMIN, "--json", db=back)).json["entries"][0]["action"] == "store.copy"


def test_copy_refuses_a_destination_that_holds_data_unless_forced(cli, db_target, store_kind, tmp_path, request):
    # The source is a store of the same kind: file -> file, or PostgreSQL -> PostgreSQL.
    if store_kind == "postgres":
        cluster = request.getfixturevalue("postgres_cluster")
        source = cluster.new_database()
        request.addfinalizer(lambda: cluster.drop_database(source))
    else:
        source = str(tmp_path / "source.duckdb")
    fill(source)
    ok(cli("init", db=db_target))
    before = contents(db_target)

    refused = cli("copy", "--from", source, "--to", db_target, "--as", ADMIN, "--json")
    assert refused.code == 1
    assert refused.json["error"]["code"] == "destination_not_empty"
    assert "--force" in refused.stderr and "already holds data" in refused.stderr
    assert contents(db_target) == before

    forced = ok(cli("copy", "--from", source, "--to", db_target, "--as", ADMIN, "--force", "--json"))
    assert forced.json["replaced"]["indicators"] > 0
    assert status(cli, db_target) == status(cli, source)
    assert contents(db_target) == contents(source)


def test_copy_needs_an_admin_of_the_source_and_refuses_copying_a_store_onto_itself(cli, db_target, tmp_path):
    fill(db_target)
    other = str(tmp_path / "other.duckdb")
    denied = cli("copy", "--from", db_target, "--to", other, "--as", "nobody", "--json")
    assert denied.code == 1 and denied.json["error"]["code"] == "denied"
    same = cli("copy", "--from", db_target, "--to", db_target, "--as", ADMIN, "--json")
    assert same.code == 1 and same.json["error"]["code"] == "same_store"
    missing = cli("copy", "--from", str(tmp_path / "nothing.duckdb"), "--to", other, "--json")
    assert missing.code == 1 and missing.json["error"]["code"] == "no_source"
    assert cli("copy", "--from", db_target).code == 2
