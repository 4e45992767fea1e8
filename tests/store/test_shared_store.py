"""Several processes on one store at once: migrations applied once, concurrent imports complete, one winner
with both in the history, and an import cut off mid-commit leaves nothing behind.

Run on both stores (tests/conftest.py): on PostgreSQL the processes really write at the same time and
take turns on the store's write lock; a DuckDB file admits one process at a time and the other waits.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from db import figures as stored
from db.copy import row_counts
from db.migrate import available
from db.store import Store
from tests.conftest import ROOT

HOLD = 1.0  # seconds each writer keeps its transaction open after its first write


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict:
        return json.loads(self.stdout)


def spawn(db: str, *args: str, barrier: tuple[Path, int] | None = None, hold: float = 0.0, ready: Path | None = None):
    cmd = [sys.executable, "-m", "tests.store.slow_cli", "--hold", str(hold)]
    if barrier:
        cmd += ["--barrier", str(barrier[0]), "--parties", str(barrier[1])]
    if ready:
        cmd += ["--ready", str(ready)]
    cmd += ["--", "--db", db, *args]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 120) -> Run:
    out, err = proc.communicate(timeout=timeout)
    return Run(proc.returncode, out, err)


def together(db: str, *commands: list[str], hold: float = 0.0) -> list[Run]:
    """Run CLI commands in separate processes that start work together, once every one has started."""
    barrier = Path(tempfile.mkdtemp(prefix="barrier-"))
    try:
        procs = [spawn(db, *cmd, barrier=(barrier, len(commands)), hold=hold) for cmd in commands]
        return [finish(p) for p in procs]
    finally:
        shutil.rmtree(barrier, ignore_errors=True)


def csv_file(tmp_path: Path, name: str, rows: list[str]) -> str:
    path = tmp_path / name
    path.write_text("指标编号,月份,累计完成\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def everything(store: Store) -> dict:
    """Rows per table and the current figures: what "nothing changed" compares."""
    with store.connect() as conn:
        return {"rows": row_counts(conn), "figures": stored.stored(conn, 2024)}


def test_two_servers_starting_at_once_apply_each_migration_exactly_once(db_target):
    first, second = together(db_target, ["init", "--json"], ["init", "--json"])
    assert (first.code, second.code) == (0, 0), first.stderr + second.stderr
    versions = [v for v, _, _ in available()]
    applied = first.json["migrations_applied"] + second.json["migrations_applied"]
    assert sorted(applied) == versions  # each exactly once, between the two of them
    assert sorted(first.json["plans_loaded"] + second.json["plans_loaded"]) == [2024]
    store = Store(db_target)
    with store.connect() as conn:
        assert [
            r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        ] == versions
        loads = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'catalogue.load'").fetchone()[0]
    assert loads == 1


def test_two_processes_importing_different_files_both_land_complete(store, tmp_path):
    a = csv_file(tmp_path, "employment.csv", ["EMP-01-1,2024-05,21万", "EMP-01-1,2024-06,25万"])
    b = csv_file(tmp_path, "meals.csv", ["ELD-02-1,2024-05,1200", "ELD-02-1,2024-06,1300", "CUL-02-1,2024-06,900"])
    runs = together(
        store.target, ["import", a, "--as", "alice", "--json"], ["import", b, "--as", "bob", "--json"], hold=HOLD
    )
    for run in runs:
        assert run.code == 0 and run.json["committed"], run.stdout + run.stderr
    with store.connect() as conn:
        figures = stored.stored(conn, 2024)
        batches = stored.batches(conn, 2024)
        revisions = stored.revisions(conn, 2024)
        uploads = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'figures.upload'").fetchone()[0]
    assert {k: v.value for k, v in figures.items()} == {
        ("EMP-01-1", "province", 5): 210000,
        ("EMP-01-1", "province", 6): 250000,
        ("ELD-02-1", "province", 5): 1200,
        ("ELD-02-1", "province", 6): 1300,
        ("CUL-02-1", "province", 6): 900,
    }
    assert sorted(b.id for b in batches) == [1, 2] and {b.filename for b in batches} == {"employment.csv", "meals.csv"}
    assert [r.id for r in revisions] == [1, 2, 3, 4, 5]  # no id taken twice, none lost
    assert uploads == 2


def test_two_imports_of_the_same_cells_end_with_one_winner_and_both_in_the_history(store, tmp_path):
    a = csv_file(tmp_path, "first.csv", ["EMP-01-1,2024-05,21万", "ELD-02-1,2024-05,1200"])
    b = csv_file(tmp_path, "second.csv", ["EMP-01-1,2024-05,22万", "ELD-02-1,2024-05,1250"])
    values = {"first.csv": (210000, 1200), "second.csv": (220000, 1250)}
    runs = together(
        store.target, ["import", a, "--as", "alice", "--json"], ["import", b, "--as", "bob", "--json"], hold=HOLD
    )
    for run in runs:
        assert run.code == 0 and run.json["committed"], run.stdout + run.stderr
    with store.connect() as conn:
        current = stored.stored(conn, 2024)
        history = {code: stored.indicator_history(conn, 2024, code) for code in ("EMP-01-1", "ELD-02-1")}
    # Both files are on record, one after the other: the second replaced what the first wrote.
    emp, eld = history["EMP-01-1"], history["ELD-02-1"]
    assert [h["filename"] for h in emp] == [h["filename"] for h in eld] and len(emp) == 2
    loser, winner = emp[0]["filename"], emp[1]["filename"]
    assert {loser, winner} == set(values)
    assert [(h["previous_value"], h["value"]) for h in emp] == [
        (None, values[loser][0]),
        (values[loser][0], values[winner][0]),
    ]
    assert [(h["previous_value"], h["value"]) for h in eld] == [
        (None, values[loser][1]),
        (values[loser][1], values[winner][1]),
    ]
    # One winner for every cell: never a mix of the two files.
    assert (current[("EMP-01-1", "province", 5)].value, current[("ELD-02-1", "province", 5)].value) == values[winner]


def test_two_sessions_of_one_server_committing_at_once_both_land(store):
    """Streamlit runs each browser session in a thread of one process: their writes take turns too."""
    import threading

    from services.uploads import commit_upload, preview_upload

    sheets = {
        "alice": "指标编号,月份,累计完成\nEMP-01-1,2024-05,21万\nEMP-01-1,2024-06,25万\n",
        "bob": "指标编号,月份,累计完成\nELD-02-1,2024-05,1200\nCUL-02-1,2024-06,900\n",
    }
    previews = {who: preview_upload(store, text.encode(), f"{who}.csv") for who, text in sheets.items()}
    start, results, errors = threading.Barrier(len(previews)), {}, []

    def commit(who: str) -> None:
        start.wait()
        try:
            results[who] = commit_upload(store, previews[who], actor=who)
        except Exception as exc:  # reported below with the other thread's outcome
            errors.append(exc)

    threads = [threading.Thread(target=commit, args=(who,)) for who in previews]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and all(r.committed for r in results.values()), errors
    with store.connect() as conn:
        assert len(stored.stored(conn, 2024)) == 4
        assert [r.id for r in stored.revisions(conn, 2024)] == [1, 2, 3, 4]


BIG = [f"CUL-02-1,2024-{m:02d},{m * 100}" for m in range(1, 10)] + ["EMP-01-1,2024-05,22万"]


def test_an_import_killed_mid_commit_leaves_nothing_half_done(store, tmp_path):
    before = everything(store)
    ready = tmp_path / "in-the-middle"
    proc = spawn(store.target, "import", csv_file(tmp_path, "big.csv", BIG), "--as", "alice", hold=60, ready=ready)
    try:
        wait_for(ready, proc)
        os.kill(proc.pid, signal.SIGKILL)  # the process dies inside its write transaction
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert everything(store) == before
    after_the_crash_an_import_works(store, tmp_path)


@pytest.mark.postgres
def test_an_import_whose_connection_drops_mid_commit_leaves_nothing_half_done(store, tmp_path, postgres_cluster):
    from db.postgres import WRITE_LOCK
    from tests.postgres_cluster import dbname_of

    before = everything(store)
    ready = tmp_path / "in-the-middle"
    proc = spawn(store.target, "import", csv_file(tmp_path, "big.csv", BIG), "--as", "alice", hold=60, ready=ready)
    try:
        wait_for(ready, proc)
        name = dbname_of(store.target)
        # The writer is the session holding the store's write lock; the server ends it, as a network cut would.
        killed = postgres_cluster.query(
            name,
            "SELECT pg_terminate_backend(pid) FROM pg_locks"
            f" WHERE locktype = 'advisory' AND granted AND objid = {WRITE_LOCK} AND database ="
            " (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
        assert killed == [(True,)]
        ready.unlink()  # let the writer go on: its next statement finds the connection gone
        run = finish(proc)
    finally:
        proc.kill()
    assert run.code == 1, run.stderr  # refused with a reason, not a traceback
    assert "was lost before this write was committed" in run.stderr and "Traceback" not in run.stderr
    assert everything(store) == before
    after_the_crash_an_import_works(store, tmp_path)


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the importer exited ({proc.returncode}) before its commit:\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise AssertionError("the importer never reached its commit")
        time.sleep(0.05)


def after_the_crash_an_import_works(store: Store, tmp_path: Path) -> None:
    """No lock, file or half-written row is left behind: the same file imports cleanly afterwards."""
    proc = spawn(store.target, "import", csv_file(tmp_path, "again.csv", BIG), "--as", "alice", "--json")
    run = finish(proc)
    assert run.code == 0 and run.json["committed"] and run.json["new"] == len(BIG), run.stdout + run.stderr
    with store.connect() as conn:
        assert len(stored.stored(conn, 2024)) == len(BIG)


@pytest.mark.postgres
def test_the_cli_says_the_same_on_a_duckdb_file_and_on_postgresql(cli, db_target, tmp_path):
    """init, catalogue --json, import FILE --json and status --json: the same documents on both stores."""
    sheet = csv_file(
        tmp_path, "may.csv", ["EMP-01-1,2024-05,21.3万", "ELD-02-1,2024-05,1300", "CUL-02-1,2024-05,约三百"]
    )
    fixed = csv_file(tmp_path, "fixed.csv", ["EMP-01-1,2024-05,21.3万", "ELD-02-1,2024-05,1300"])
    said = {}
    for db in (str(tmp_path / "file.duckdb"), db_target):
        init = cli("init", "--json", db=db).json
        docs = [
            {k: v for k, v in init.items() if k != "db"},
            cli("catalogue", "--json", db=db).json,
            cli("import", sheet, "--as", "alice", "--json", db=db).json,  # refused: an error in row 3
            cli("import", fixed, "--as", "alice", "--json", db=db).json,
            cli("import", fixed, "--as", "alice", "--json", db=db).json,  # nothing new
        ]
        status = cli("status", "--json", "--lang", "en", db=db).json
        assert status.pop("last_change")  # the moment of the upload: the one thing that differs
        said[db] = [*docs, status]
    duckdb_said, postgres_said = said.values()
    assert postgres_said == duckdb_said
    assert duckdb_said[2]["rejected"] == 3 and duckdb_said[3]["committed"] and not duckdb_said[4]["committed"]
