"""kill -9 the importer during its commit, again and again: every batch is all or nothing and the database
opens cleanly each time.

Two kinds of kill alternate: at a random moment of the commit (the parent's SIGKILL after a random part of a
commit's length; it may fall inside DuckDB's own COMMIT), and just before a random SQL statement of the
commit (the importer's SIGKILL to itself; every statement boundary up to COMMIT can be hit, so nothing of
that batch may land). The short form (CI) kills 10 times; LIVELIHOOD_FAULTS=full kills 60.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter

import pytest

import db.store
from db import open_store
from db.store import Store
from services.setup import init_store
from services.uploads import commit_upload, preview_upload
from tests.faults.common import KILLS, ROOT, check_consistent, figures_now, kill_after_start, state_csv, state_values
from tests.faults.importer import _Counted, _counting

START_TIMEOUT = 120.0


def _next_state(store: Store) -> int:
    """The state whose commit changes every figure of what the database holds now."""
    return 1 if figures_now(store) == state_values(0) else 0


def _importer(db: str, first: int, die_at: int = 0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.importer", db, str(first), str(die_at)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _kill_at_a_random_moment(db: str, first: int, longest: float, rng: random.Random) -> list[str]:
    """At the importer's first `start` line, wait a random part of a commit's length, then SIGKILL it."""
    return kill_after_start(_importer(db, first), longest, rng, START_TIMEOUT)


def _die_before_statement(db: str, first: int, statement: int) -> list[str]:
    proc = _importer(db, first, statement)
    try:
        out, err = proc.communicate(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == -signal.SIGKILL, f"the importer was to kill itself; it exited {proc.returncode}:\n{err}"
    return out.splitlines()


def _first_commit(store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[float, int]:
    """One clean commit in this process: how long a commit takes here, and how many statements it runs."""
    opened = db.store.Store._open
    monkeypatch.setattr(db.store.Store, "_open", lambda self: _Counted(opened(self)))
    preview = preview_upload(store, state_csv(0), "state-0.csv")
    _counting.update(on=True, statements=0, die_at=0)
    started = time.perf_counter()
    try:
        commit_upload(store, preview, actor="importer", confirm_warnings=True)
    finally:
        _counting["on"] = False
        monkeypatch.setattr(db.store.Store, "_open", opened)
    return time.perf_counter() - started, _counting["statements"]


def test_an_importer_killed_during_its_commit_leaves_whole_batches_only(tmp_path, monkeypatch):
    db_path = str(tmp_path / "killed.duckdb")
    store = open_store(db_path, migrate=False)
    init_store(store)
    seconds, statements = _first_commit(store, monkeypatch)
    assert statements >= 5, statements  # BEGIN … COMMIT: the boundaries a kill may fall on
    every_figure = len(state_values(0))
    assert check_consistent(store)["revisions"] == every_figure
    durations = [seconds]

    rng = random.Random(int(os.environ.get("LIVELIHOOD_FAULT_SEED", "20240930")))
    outcomes: Counter[str] = Counter()
    hit_statements: set[int] = set()
    for n in range(KILLS):
        before = check_consistent(store)
        first = _next_state(store)
        if n % 2:
            statement = rng.randint(1, statements)  # statement `statements` is the COMMIT itself
            hit_statements.add(statement)
            said = _die_before_statement(db_path, first, statement)
            assert not any(line.startswith("done") for line in said), said
        else:
            said = _kill_at_a_random_moment(db_path, first, 1.2 * statistics.median(durations), rng)
            durations += [float(line.split()[3]) for line in said if line.startswith("done")]

        # The database opens (DuckDB replays its log) and holds whole batches only.
        after = check_consistent(Store(db_path))
        grew = after["batches"] - before["batches"]
        assert grew in (0, 1), f"{grew} batches appeared from one interrupted commit"
        assert after["revisions"] - before["revisions"] == grew * every_figure, "a batch was written in part"
        assert figures_now(store) == state_values(first if grew else 1 - first), "the figures mix two uploads"
        if n % 2:
            assert grew == 0, f"the importer died before statement {statement} (COMMIT is {statements}), yet it landed"
            outcomes["before a statement: nothing landed"] += 1
        elif any(line.startswith("done") for line in said):
            outcomes["after the commit returned"] += 1
        else:
            outcomes["during the commit: " + ("it landed" if grew else "nothing landed")] += 1

    # Kills fell inside commits, not only after them: the test is not vacuous.
    assert sum(v for k, v in outcomes.items() if not k.startswith("after")) >= KILLS // 2, outcomes
    if KILLS >= 20:
        assert statements in hit_statements, "no kill fell just before COMMIT"
    # After all that, an import still works.
    preview = preview_upload(store, state_csv(_next_state(store)), "after.csv")
    assert commit_upload(store, preview, actor="importer", confirm_warnings=True).committed
    check_consistent(store)
    print(f"\n{KILLS} kills ({statements} statements per commit): {dict(outcomes)}")
