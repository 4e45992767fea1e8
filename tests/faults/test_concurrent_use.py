"""Concurrent use of one DuckDB file: a second process that wants it while another holds it gets a clear
StoreBusy (and the file is intact afterwards); 20 threads reading while one thread imports see no error and
only whole states of the data."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

import db.store
from db import figures as store_figures
from db import open_store
from db.store import Store, StoreBusy
from services.setup import init_store
from services.status import load_status
from services.uploads import commit_upload, preview_upload
from targets.figures import province_view, replay
from tests.faults.common import ROOT, WRITES, YEAR, check_consistent, counted_indicators, state_csv, state_values

READERS = 20

# Holds the database file the way an importer does mid-commit: a write transaction open, a row written and
# not committed; prints "holding" and waits to be killed.
HOLDER = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])
conn.execute("BEGIN TRANSACTION")
conn.execute("INSERT INTO meta (key, value) VALUES ('uncommitted', 'never')")
print("holding", flush=True)
time.sleep(600)
"""


def _snapshot(store: Store) -> dict:
    with store.connect() as conn:
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in ("meta", "figures", "figure_revisions", "upload_batches", "audit_log")
        }


def _upload(store: Store, state: int) -> None:
    preview = preview_upload(store, state_csv(state), f"state-{state}.csv")
    assert commit_upload(store, preview, actor="importer", confirm_warnings=True).committed


@pytest.fixture
def filled(tmp_path) -> Store:
    store = open_store(str(tmp_path / "shared.duckdb"), migrate=False)
    init_store(store)
    _upload(store, 0)
    return store


def test_a_second_process_gets_a_clear_busy_error_and_the_file_stays_intact(filled, monkeypatch):
    before = _snapshot(filled)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, filled.target], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        # The command line, as a user runs it: exit 1, a reason naming the file, no traceback.
        done = subprocess.run(
            [sys.executable, "-m", "targets", "--db", filled.target, "status", "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (done.returncode, done.stderr)
        error = json.loads(done.stdout)["error"]
        assert error["code"] == "store_busy"
        assert filled.target in error["message"] and "in use by another process" in error["message"]
        assert "Traceback" not in done.stderr
        # In process: the store waits its (here shortened) grace period, then raises StoreBusy.
        monkeypatch.setattr(db.store, "LOCK_WAIT_SECONDS", 0.5)
        with pytest.raises(StoreBusy, match="in use by another process"), Store(filled.target).connect():
            pass
    finally:
        holder.kill()  # SIGKILL, mid-transaction
        holder.wait(30)
    # The holder's uncommitted row is gone, nothing else changed, and the file opens cleanly.
    assert _snapshot(filled) == before
    check_consistent(filled)


def test_twenty_threads_read_while_one_imports_without_error_and_see_whole_states(filled):
    states = {0: state_values(0), 1: state_values(1)}
    code = counted_indicators()[0]
    done = threading.Event()
    errors: list[BaseException] = []
    seen: Counter[int] = Counter()
    reads: Counter[int] = Counter()
    lock = threading.Lock()

    def reader(n: int) -> None:
        try:
            while not done.is_set():
                view = load_status(filled)
                state = next((s for s, values in states.items() if view.figures == values), None)
                assert state is not None, "a read saw a mix of two uploads"
                # The province total of a counted indicator is the sum of its regions, month by month.
                series = province_view(view.plan, view.figures).series
                for month in range(1, 13):
                    regions = sum(v for (c, r, m), v in view.figures.items() if c == code and m == month)
                    assert series[(code, month)] == regions
                assert view.status is not None and view.status.summary.total_catalogued == len(view.plan.tasks)
                # In one read transaction, the figures are exactly the replay of the revisions: no half batch.
                with filled.connect() as conn:
                    conn.execute("BEGIN TRANSACTION")
                    current = store_figures.stored(conn, YEAR)
                    replayed = replay(store_figures.revisions(conn, YEAR))
                    conn.execute("COMMIT")
                assert current == replayed, "a read saw revisions without their figures (a half-committed batch)"
                with lock:
                    seen[state] += 1
                    reads[n] += 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        for k in range(1, WRITES + 1):
            _upload(filled, k % 2)
            time.sleep(0.05)
    finally:
        done.set()
        for thread in threads:
            thread.join(120)
    assert not errors, errors[:3]
    assert all(reads[n] > 0 for n in range(READERS)), reads
    assert seen[0] and seen[1], f"the readers never saw both states: {dict(seen)}"
    counts = check_consistent(filled)
    assert counts["batches"] == WRITES + 1
