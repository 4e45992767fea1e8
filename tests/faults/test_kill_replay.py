"""kill -9 an importer of a 100,000-row sheet again and again; after each kill the next command opens the store
normally, and then every batch is found by `WHERE batch_id = N` exactly as `GROUP BY` counts it, and the current
figures are the replay of the revisions.

This is the fault of issue 16 (4): a commit that reached DuckDB's write-ahead log but not its checkpoint is
replayed at the next open, and if nothing uses the index before that connection closes, DuckDB's closing
checkpoint drops the replayed rows from figure_revisions_by_batch: `WHERE batch_id = N` then finds none of
batch N (and a rollback of it restores nothing). Two kinds of kill alternate: right after the importer's COMMIT
returned (the batch is only in the log: the case that lost it), and at a random moment of a commit
(`1.2 ×` the median commit, so kills land in the commit, in the checkpoint after it, or just after).

The long form (LIVELIHOOD_FAULTS=full) kills 300 times (LIVELIHOOD_FAULT_REPLAY_KILLS=N sets it), starting a new
store every 40 kills so that the checks stay fast; CI's short form kills 6 times.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
from collections import Counter

from db import open_store
from db.store import Store
from services.setup import init_store
from tests.faults.common import (
    FULL,
    ROOT,
    batches_not_found,
    big_values,
    check_consistent,
    figures_now,
    kill_after_start,
)

KILLS = int(os.environ.get("LIVELIHOOD_FAULT_REPLAY_KILLS") or (300 if FULL else 6))
KILLS_PER_STORE = 40
START_TIMEOUT = 180.0


def _importer(db: str, first: int, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.importer", db, str(first), "0", "--big", *flags],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _die_after_commit(db: str, first: int) -> list[str]:
    proc = _importer(db, first, "--die-after-commit")
    try:
        out, err = proc.communicate(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == -signal.SIGKILL, f"the importer was to kill itself; it exited {proc.returncode}:\n{err}"
    return out.splitlines()


def _kill_at_a_random_moment(db: str, first: int, longest: float, rng: random.Random) -> list[str]:
    """At the importer's first `start` line, wait a random part of a commit's length, then SIGKILL it."""
    return kill_after_start(_importer(db, first), longest, rng, START_TIMEOUT)


def _next_command(db: str) -> None:
    """What the next CLI command or app start does: open the store, read something that no index serves, close."""
    store = open_store(db, migrate=False)
    with store.connect() as conn:
        conn.execute("SELECT count(*) FROM upload_batches").fetchone()


def _new_store(db: str) -> float:
    """A fresh store with the first big upload committed; how long that commit took."""
    for suffix in ("", ".wal", ".wal.checkpoint"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    init_store(open_store(db, migrate=False))
    said = _one_commit(db)
    return float(next(line.split()[3] for line in said if line.startswith("done")))


def _one_commit(db: str) -> list[str]:
    """Let one commit finish, then kill the importer (before its next commit can land)."""
    proc = _importer(db, 0)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("done"):
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    return lines


def test_every_batch_is_found_after_each_kill_and_the_next_open(tmp_path):
    rng = random.Random(int(os.environ.get("LIVELIHOOD_FAULT_SEED", "20241016")))
    outcomes: Counter[str] = Counter()
    durations: list[float] = []
    batches_seen = 0
    db = ""
    for n in range(KILLS):
        if n % KILLS_PER_STORE == 0:
            db = str(tmp_path / f"replay-{n // KILLS_PER_STORE}.duckdb")
            durations.append(_new_store(db))
            _next_command(db)
        store = Store(db)
        before = check_consistent(store)
        first = 1 if figures_now(store) == big_values(0) else 0
        if n % 2 == 0:
            said = _die_after_commit(db, first)
            assert not any(line.startswith("done") for line in said), said
            # The batch is committed, and only in the log: the next open replays it.
            assert store.has_log(), "the importer died after COMMIT, yet nothing is left to replay"
            kind = "after COMMIT"
        else:
            said = _kill_at_a_random_moment(db, first, 1.2 * statistics.median(durations), rng)
            durations += [float(line.split()[3]) for line in said if line.startswith("done")]
            kind = "at a random moment"
        left_a_log = store.has_log()  # committed work to replay, or a commit torn by the kill (DuckDB drops it)

        _next_command(db)

        not_found = batches_not_found(store)
        assert not not_found, (
            f"kill {n + 1} ({kind}): batches that WHERE batch_id = N does not find as GROUP BY counts them "
            f"(batch, stored, found): {not_found}"
        )
        after = check_consistent(store)
        grew = after["batches"] - before["batches"]
        assert grew in (0, 1), f"{grew} batches appeared from one interrupted commit"
        assert figures_now(store) == big_values(first if grew else 1 - first), "the figures mix two uploads"
        if kind == "after COMMIT":
            assert grew == 1, "a batch committed before the kill is not there"
        batches_seen += grew
        outcomes[f"{kind}: " + ("a log left" if left_a_log else "no log left")] += 1

    # The fault's case was met, and not only once: kills left committed batches in the log to replay.
    assert outcomes["after COMMIT: a log left"] == (KILLS + 1) // 2, outcomes
    print(f"\n{KILLS} kills, {batches_seen} batches landed, every one found: {dict(outcomes)}")
