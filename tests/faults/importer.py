"""An importer to kill: `python -m tests.faults.importer DB FIRST_STATE [DIE_AT] [--big] [--die-after-commit]`
commits state after state.

Before each commit it prints `start K`, after it `done K BATCH SECONDS STATEMENTS` (flushed), so the test can
kill it at a random moment inside a commit. With DIE_AT = n it SIGKILLs itself just before the n-th SQL
statement of its first commit (0: never), so every statement boundary of a commit can be hit, COMMIT included.
With --die-after-commit it SIGKILLs itself right after its first COMMIT returned, before anything else runs
on that connection: the batch is committed, but only in DuckDB's write-ahead log.
Each state changes every figure of the one before (tests/faults/common.py); --big uploads the 100,000-row
sheet of the state (common.big_sheet) instead of the small one.
"""

from __future__ import annotations

import os
import signal
import sys
import time

import db.store
from services.uploads import commit_upload, preview_upload
from tests.faults.common import big_sheet, state_csv

_counting = {"on": False, "statements": 0, "die_at": 0, "die_after_commit": False}


class _Counted:
    """A connection that counts the statements run while a commit is under way, and dies at the chosen one."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, *args, **kwargs):
        statement = str(args[0]).strip().upper() if args else ""
        # The CHECKPOINT after COMMIT (db.store) is not part of the commit: not counted, never a DIE_AT target.
        if _counting["on"] and statement != "CHECKPOINT":
            _counting["statements"] += 1
            if _counting["statements"] == _counting["die_at"]:
                os.kill(os.getpid(), signal.SIGKILL)
        result = self._conn.execute(*args, **kwargs)
        if _counting["on"] and _counting["die_after_commit"] and statement == "COMMIT":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    def __getattr__(self, name):
        return getattr(self._conn, name)


def main(db_path: str, first: int, die_at: int, *, big: bool = False, die_after_commit: bool = False) -> None:
    opened = db.store.Store._open
    db.store.Store._open = lambda self: _Counted(opened(self))
    _counting.update(die_at=die_at, die_after_commit=die_after_commit)
    store = db.store.Store(db_path)
    state = first
    while True:
        data = big_sheet(state) if big else state_csv(state)
        preview = preview_upload(store, data, f"state-{state}.csv")
        assert not preview.errors, [i.message_en for i in preview.errors]
        print(f"start {state}", flush=True)
        started = time.perf_counter()
        _counting.update(on=True, statements=0)
        result = commit_upload(store, preview, actor="importer", confirm_warnings=True)
        _counting.update(on=False, die_at=0)
        seconds = time.perf_counter() - started
        print(f"done {state} {result.batch_id} {seconds:.4f} {_counting['statements']}", flush=True)
        state += 1


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(
        args[0],
        int(args[1]),
        int(args[2]) if len(args) > 2 else 0,
        big="--big" in flags,
        die_after_commit="--die-after-commit" in flags,
    )
