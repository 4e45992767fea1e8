"""What one page run has already read from the store, so a run reads the plan and its stamps once.

After a write every cached read of the next page run misses, and six of them loaded the plan again (four
queries each), five read the plan years and seven the data-version stamp. Within db.store.Store.hold (one page
run, one connection) the first read serves the rest. A write transaction on the thread forgets everything (what
was read may be what it changes), and so does the end of the hold: nothing outlives the run.
"""

from __future__ import annotations

import threading
from typing import Any

_local = threading.local()


def _state() -> tuple[dict[str, Any], dict[str, dict[tuple, Any]]]:
    try:
        return _local.conns, _local.memos
    except AttributeError:
        _local.conns, _local.memos = {}, {}
        return _local.conns, _local.memos


def held(key: str, conn: Any) -> None:
    """The hold of the store `key` opened `conn` for this run."""
    conns, memos = _state()
    conns[key] = conn
    memos[key] = {}


def end(key: str) -> None:
    """The hold ended (or lost its connection): forget what it read."""
    conns, memos = _state()
    conns.pop(key, None)
    memos.pop(key, None)


def forget() -> None:
    """A write began or ended on this thread: every run memo is emptied (the holds go on)."""
    for found in _state()[1].values():
        found.clear()


def run_memo(conn: Any) -> dict[tuple, Any] | None:
    """This run's memo when `conn` is the connection of this thread's hold; None for any other connection (a
    write transaction's, a CLI command's), which always reads."""
    conns, memos = _state()
    for key, held_conn in conns.items():
        if held_conn is conn:
            return memos.get(key)
    return None
