"""Each page run's own time, for whoever measures a server: LIVELIHOOD_RUN_LOG=PATH appends one JSON line per run.

A client can time only what it waits for, which includes its own share of the machine (a browser drawing the
page competes for the cores with the server it waits on). The server's side is the script run itself: its wall
time, and the CPU time of the thread that ran it. bench/calibrate.py compares the runs browsers cause with the
runs the protocol load generator causes, from this log. Unset (the default), nothing is measured or written.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_VAR = "LIVELIHOOD_RUN_LOG"
# How a run ended: its script's end, st.stop() (a page with nothing more to show), a rerun that replaced it.
_OUTCOMES = {"StopException": "stopped", "RerunException": "rerun"}
_write = threading.Lock()


@contextmanager
def logged_run() -> Iterator[None]:
    """Time the block (one page run) when LIVELIHOOD_RUN_LOG names a file, with how it ended: finished, stopped
    (st.stop), rerun (replaced by a newer run) or error."""
    path = os.environ.get(ENV_VAR)
    if not path:
        yield
        return
    wall, cpu = time.perf_counter(), time.thread_time()
    outcome = "finished"
    try:
        yield
    except BaseException as exc:
        outcome = _OUTCOMES.get(type(exc).__name__, "error")
        raise
    finally:
        session, page = _where()
        record = {
            "at": round(time.time(), 3),
            "session": session,
            "page": page,
            "wall": round(time.perf_counter() - wall, 6),
            "cpu": round(time.thread_time() - cpu, 6),
            "outcome": outcome,
        }
        with _write, Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def read(path: str | os.PathLike[str]) -> list[dict]:
    """The runs a log holds, oldest first."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _where() -> tuple[str | None, str | None]:
    """The run's session, and the page it showed (its URL path; "" for the overview) once st.navigation chose it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    found = get_script_run_ctx()
    if found is None:
        return None, None
    pages = found.pages_manager.get_pages() if found.pages_manager else {}
    page = pages.get(found.page_script_hash)
    return found.session_id, page.get("url_pathname") if page else None
