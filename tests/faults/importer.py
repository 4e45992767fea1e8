"""An importer to kill: `python -m tests.faults.importer DB FIRST_STATE [DIE_AT]` commits state after state.

Before each commit it prints `start K`, after it `done K BATCH SECONDS STATEMENTS` (flushed), so the test can
kill it at a random moment inside a commit. With DIE_AT = n it SIGKILLs itself just before the n-th SQL
statement of its first commit (0: never), so every statement boundary of a commit can be hit, COMMIT included.
Each state changes every figure of the one before (tests/faults/common.py).
"""

from __future__ import annotations

import os
import signal
import sys
import time

import db.store
from services.uploads import commit_upload, preview_upload
from tests.faults.common import state_csv

_counting = {"on": False, "statements": 0, "die_at": 0}


class _Counted:
    """A connection that counts the statements run while a commit is under way, and dies at the chosen one."""

    def __init__(self, conn):
        self._conn = conn

    def execute(self, *args, **kwargs):
        if _counting["on"]:
            _counting["statements"] += 1
            if _counting["statements"] == _counting["die_at"]:
                os.kill(os.getpid(), signal.SIGKILL)
        return self._conn.execute(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def main(db_path: str, first: int, die_at: int) -> None:
    opened = db.store.Store._open
    db.store.Store._open = lambda self: _Counted(opened(self))
    _counting["die_at"] = die_at
    store = db.store.Store(db_path)
    state = first
    while True:
        preview = preview_upload(store, state_csv(state), f"state-{state}.csv")
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
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
