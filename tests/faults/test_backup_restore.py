"""A backup restored into a fresh file says the same: DuckDB's EXPORT DATABASE / IMPORT DATABASE, and the
tracker's own `copy` command, each give the same `status --json` (and history, and rows) as the original."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from db import open_store
from db.store import Store
from services.corrections import correct_value
from services.setup import init_store
from services.uploads import commit_upload, preview_upload, rollback_batch
from tests.faults.common import ROOT, YEAR, check_consistent, counted_indicators, state_csv

TABLES = ("figures", "figure_revisions", "upload_batches", "upload_files", "audit_log", "meta", "indicators")


def cli(db: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "targets", "--db", db, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def rows(db: str) -> dict[str, list]:
    with Store(db).connect() as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture
def original(tmp_path) -> Store:
    """Uploads, a correction and a rollback: batches of every kind, with files, revisions and audit entries."""
    store = open_store(str(tmp_path / "original.duckdb"), migrate=False)
    init_store(store)
    for state in (0, 1):
        preview = preview_upload(store, state_csv(state), f"state-{state}.csv")
        commit_upload(store, preview, actor="importer", confirm_warnings=True)
    with store.connect() as conn:
        code = counted_indicators()[0]
        rev = conn.execute(
            "SELECT revision_id FROM figures WHERE indicator_code = ? AND region_code = '220100' AND month = 6", [code]
        ).fetchone()[0]
    correct_value(
        store,
        year=YEAR,
        key=(code, "220100", 6),
        value=999,
        expected_revision=rev,
        actor="alice",
        confirm_warnings=True,
    )
    preview = preview_upload(store, "指标编号,月份,累计完成\nEMP-01-1,2024-07,12000\n".encode(), "july.csv")
    batch = commit_upload(store, preview, actor="bob", confirm_warnings=True).batch_id
    rollback_batch(store, batch, actor="alice")
    check_consistent(store)
    return store


def same_as(original: Store, restored: str) -> None:
    status = json.loads(cli(original.target, "status", "--json"))
    assert status["indicators"] and status["as_of"] == f"{YEAR}-12"
    assert json.loads(cli(restored, "status", "--json")) == status
    code = counted_indicators()[0]
    assert json.loads(cli(restored, "history", code, "--json")) == json.loads(
        cli(original.target, "history", code, "--json")
    )
    assert rows(restored) == rows(original.target)
    check_consistent(Store(restored))


def test_export_database_then_import_database_restores_the_same_status(original, tmp_path):
    folder = tmp_path / "backup"
    with duckdb.connect(original.target, read_only=True) as conn:
        conn.execute(f"EXPORT DATABASE '{folder}' (FORMAT parquet)")
    assert (folder / "schema.sql").exists() and (folder / "load.sql").exists()
    restored = tmp_path / "restored.duckdb"
    with duckdb.connect(str(restored)) as conn:
        conn.execute(f"IMPORT DATABASE '{folder}'")
    same_as(original, str(restored))


def test_the_copy_command_restores_the_same_status(original, tmp_path):
    restored = str(tmp_path / "copied.duckdb")
    report = json.loads(cli(original.target, "copy", "--from", original.target, "--to", restored, "--json"))
    assert report["ok"] and report["tables"]["figure_revisions"] == len(rows(original.target)["figure_revisions"])
    # The copy adds its own audit entry and a new data-version stamp to the destination; the data is the same.
    status = json.loads(cli(original.target, "status", "--json"))
    assert json.loads(cli(restored, "status", "--json")) == status
    copied, source = rows(restored), rows(original.target)
    for table in ("figures", "figure_revisions", "upload_batches", "upload_files", "indicators"):
        assert copied[table] == source[table], table
    check_consistent(Store(restored))


def test_a_damaged_backup_fails_loudly_on_import(original, tmp_path):
    folder = tmp_path / "backup"
    with duckdb.connect(original.target, read_only=True) as conn:
        conn.execute(f"EXPORT DATABASE '{folder}' (FORMAT parquet)")
    damaged = next(Path(folder).glob("figure_revisions*.parquet"))
    damaged.write_bytes(damaged.read_bytes()[: len(damaged.read_bytes()) // 2])
    restored = tmp_path / "restored.duckdb"
    with duckdb.connect(str(restored)) as conn, pytest.raises(duckdb.Error):
        conn.execute(f"IMPORT DATABASE '{folder}'")
