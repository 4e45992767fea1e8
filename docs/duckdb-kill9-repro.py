"""DuckDB drops replayed rows from a CREATE INDEX index when the file is closed after a WAL replay.

Needs only `duckdb` (seen with 1.5.5). Run: python docs/duckdb-kill9-repro.py [DIR]
Exit status 1 when the index lost the rows (the bug), 0 when every lookup finds them.

1. A table with a secondary index, checkpointed.
2. A process commits 10 more rows and dies at once (os._exit, as after kill -9): the commit is only in the WAL.
3. Another process opens the file and closes it without touching the index: DuckDB replays the WAL, keeps the
   replayed rows aside for the index (not loaded yet), and its checkpoint at close writes the index without them.
4. A third process: `WHERE b = 2` (answered by the index) finds 0 rows; a scan finds 10.
   With a CHECKPOINT statement run in step 3 before closing, the rows stay in the index.

A second fault met while repairing such a file: in a fresh process, `BEGIN; DROP INDEX t_b; CREATE INDEX t_b
ON t (b); COMMIT` aborts the process ("pure virtual method called") while the index is not loaded yet; the
script reports it too (it does not change the exit status).
"""

import os
import subprocess
import sys
import tempfile

import duckdb

CHILD = """
import os, sys, duckdb
path, step = sys.argv[1], sys.argv[2]
con = duckdb.connect(path)
if step == "commit-and-die":
    con.execute("INSERT INTO t SELECT range + 100, 2 FROM range(10)")
    os._exit(0)
if step == "open-and-close":
    con.execute("SELECT count(*) FROM t").fetchall()  # a scan: the index is not loaded
if step == "open-checkpoint-close":
    con.execute("CHECKPOINT")  # runs in a transaction: binds the index, which takes the replayed rows
if step == "drop-and-create-index":
    con.execute("BEGIN")
    con.execute("DROP INDEX t_b")
    con.execute("CREATE INDEX t_b ON t (b)")
    con.execute("COMMIT")
con.close()
"""


def run(path: str, step: str, check: bool = True) -> int:
    return subprocess.run([sys.executable, "-c", CHILD, path, step], check=check, capture_output=True).returncode


def scenario(folder: str, third_step: str) -> tuple[int, int]:
    path = os.path.join(folder, f"{third_step}.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE t (id BIGINT, b BIGINT NOT NULL)")
    con.execute("CREATE INDEX t_b ON t (b)")
    con.execute("INSERT INTO t SELECT range, 1 FROM range(10)")
    con.close()  # checkpointed at close
    run(path, "commit-and-die")
    assert os.path.getsize(path + ".wal") > 0, "the commit should be waiting in the WAL"
    run(path, third_step)
    con = duckdb.connect(path)
    by_index = con.execute("SELECT count(*) FROM t WHERE b = 2").fetchone()[0]
    by_scan = con.execute("SELECT count(*) FILTER (WHERE b = 2) FROM t").fetchone()[0]
    con.close()
    return by_index, by_scan


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="duckdb-index-replay-")
    print(f"duckdb {duckdb.__version__}")
    lost = False
    for third in ("open-and-close", "open-checkpoint-close"):
        by_index, by_scan = scenario(folder, third)
        verdict = "OK" if by_index == by_scan else "ROWS MISSING FROM THE INDEX"
        print(f"after {third:22s}: WHERE b = 2 finds {by_index}, a scan finds {by_scan}  {verdict}")
        lost |= by_index != by_scan
    path = os.path.join(folder, "drop-create.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE t (id BIGINT, b BIGINT NOT NULL)")
    con.execute("CREATE INDEX t_b ON t (b)")
    con.execute("INSERT INTO t SELECT range, range % 7 FROM range(1000)")
    con.close()
    code = run(path, "drop-and-create-index", check=False)
    print(
        f"DROP INDEX + CREATE INDEX in one transaction, index not loaded: exit status {code}"
        + ("  (the process aborted)" if code != 0 else "  OK")
    )
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
