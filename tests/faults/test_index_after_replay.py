"""A batch committed just before a `kill -9` stays findable: the store folds DuckDB's log in at the next open with
every index bound, checkpoints after each commit, and at open finds and rebuilds indexes that lost a batch (a
store damaged before the fix, or by another program opening the file), or refuses a store it cannot mend.

The damage itself (docs/duckdb-kill9-repro.md): DuckDB 1.5.5 replays the log at open, keeps the replayed rows
aside for each lazily loaded `CREATE INDEX` index, and its checkpoint at the last connection's close writes
those indexes without them; `WHERE batch_id = N` then finds nothing of batch N.
"""

from __future__ import annotations

import json
import lzma
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from db import figures as store_figures
from db import integrity, open_store
from db.meta import meta_get
from db.store import Store
from services.setup import init_store
from services.uploads import commit_upload, preview_upload
from tests.faults.common import ROOT, batches_not_found, check_consistent, state_csv, state_values

EVIDENCE = ROOT.parent / "shared" / "evidence" / "kill9-damaged-store.duckdb.xz"


def _store_with_one_batch(tmp_path: Path) -> tuple[str, Store]:
    db = str(tmp_path / "store.duckdb")
    store = open_store(db, migrate=False)
    init_store(store)
    preview = preview_upload(store, state_csv(0), "state-0.csv")
    assert commit_upload(store, preview, actor="importer", confirm_warnings=True).committed
    return db, store


def _commit_and_die(db: str, state: int) -> None:
    """An importer that commits the next state and is killed right after its COMMIT: the batch is in the log only."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.faults.importer", db, str(state), "0", "--die-after-commit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, f"the importer was to kill itself; it exited {proc.returncode}"
    assert Store(db).has_log(), "the importer died after COMMIT, yet its log holds nothing to replay"


def _damage(db: str) -> int:
    """Leave batch 2 in the log, then open and close the file as another program would (not through Store): DuckDB
    replays the log and its closing checkpoint drops the batch from the index. Returns the batch."""
    _commit_and_die(db, 1)
    duckdb.connect(db).close()
    assert not Store(db).has_log()
    return 2


def test_a_batch_left_in_the_log_is_found_after_the_next_open(tmp_path):
    db, store = _store_with_one_batch(tmp_path)
    _commit_and_die(db, 1)

    # The next command: opens the store, reads something no index serves, closes.
    with Store(db).connect() as conn:
        assert conn.execute("SELECT count(*) FROM upload_batches").fetchone()[0] == 2

    assert batches_not_found(store) == []
    with store.connect() as conn:
        assert len(store_figures.batch_revisions(conn, 2)) == len(state_values(1))
    assert check_consistent(store)["batches"] == 2


def test_a_commit_leaves_nothing_to_replay_even_while_another_connection_is_open(tmp_path):
    _db, store = _store_with_one_batch(tmp_path)
    with store.connect() as held:  # another session of the app, say: DuckDB does not checkpoint at close then
        preview = preview_upload(store, state_csv(1), "state-1.csv")
        assert commit_upload(store, preview, actor="importer", confirm_warnings=True).committed
        assert not store.has_log(), "the committed batch waits in the write-ahead log"
        assert held.execute("SELECT count(*) FROM upload_batches").fetchone()[0] == 2


def test_open_store_rebuilds_indexes_that_lost_a_batch(tmp_path):
    db, store = _store_with_one_batch(tmp_path)
    batch = _damage(db)
    with store.connect() as conn:  # the damage, as DuckDB 1.5.5 leaves it, seen through a plain connection
        assert store_figures.batch_revisions(conn, batch) == []
        assert store_figures.batch_revision_count(conn, batch) == len(state_values(1))

    open_store(db, migrate=False)

    assert batches_not_found(store) == []
    with store.connect() as conn:
        assert len(store_figures.batch_revisions(conn, batch)) == len(state_values(1))
        entry = conn.execute("SELECT actor, detail FROM audit_log WHERE action = 'store.indexes_rebuilt'").fetchall()
        assert meta_get(conn, integrity.CHECKED_KEY) == str(batch)
    assert len(entry) == 1 and entry[0][0] == integrity.REPAIR_ACTOR
    detail = json.loads(entry[0][1])
    assert detail["batches"] == {str(batch): {"stored": len(state_values(1)), "found": 0}}
    assert "figure_revisions_by_batch" in detail["indexes"]
    check_consistent(store)


def test_each_open_checks_only_the_batches_added_since_the_last(tmp_path):
    _db, store = _store_with_one_batch(tmp_path)
    assert integrity.verify_store(store).checked == 1
    assert integrity.verify_store(store).checked == 0
    for state in (1, 2):
        preview = preview_upload(store, state_csv(state), f"state-{state}.csv")
        commit_upload(store, preview, actor="importer", confirm_warnings=True)
    report = integrity.verify_store(store)
    assert (report.checked, report.sound, report.repaired) == (2, True, ())


def test_a_store_the_rebuild_cannot_mend_is_refused(tmp_path, monkeypatch):
    db, store = _store_with_one_batch(tmp_path)
    batch = _damage(db)
    monkeypatch.setattr(integrity, "rebuild_indexes", lambda conn: [])  # a rebuild that mends nothing

    with pytest.raises(integrity.StoreDamaged) as refused:
        open_store(db, migrate=False)

    assert refused.value.code == "store_damaged"
    assert f"batch {batch}: {len(state_values(1))} stored, 0 found" in refused.value.message_en
    with store.connect() as conn:  # the attempt is on record; the batch is not marked as checked
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'store.indexes_rebuilt'").fetchone()[0] == 1
        assert meta_get(conn, integrity.CHECKED_KEY) is None
    assert batches_not_found(store) == [(batch, len(state_values(1)), 0)]
    with pytest.raises(integrity.StoreDamaged):  # and every later open refuses it too
        open_store(db, migrate=False)


@pytest.mark.skipif(not EVIDENCE.exists(), reason=f"the damaged store of issue 16 is not at {EVIDENCE}")
def test_the_reported_damaged_store_is_repaired_at_open(tmp_path):
    db = tmp_path / "evidence.duckdb"
    with lzma.open(EVIDENCE) as src, open(db, "wb") as dst:
        shutil.copyfileobj(src, dst)
    store = Store(str(db))
    assert batches_not_found(store) == [(7, 3960, 0)]  # as reported: GROUP BY counts 3,960, WHERE finds none
    with store.connect() as conn:
        assert store_figures.batch_revision_count(conn, 7) == 3960

    report = integrity.verify_store(store)  # what open_store runs

    assert report.checked == 7 and [m.batch_id for m in report.mismatches] == [7]
    assert "figure_revisions_by_batch" in report.repaired
    assert batches_not_found(store) == []
    with store.connect() as conn:
        assert len(store_figures.batch_revisions(conn, 7)) == 3960
    assert integrity.verify_store(open_store(str(db), migrate=False)).checked == 0
