"""The protocol load generator (bench/crowd.py) against a real server: sessions sign in and walk the pages, the
reporter's uploads are committed and found again, and a write that is not in the store is counted as lost.
Timings are not judged here."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_a_small_crowd_walks_the_pages_uploads_and_loses_no_write(tmp_path):
    out = tmp_path / "crowd.json"
    command = [sys.executable, "-m", "bench.crowd", "duckdb", "--sessions", "2", "--seconds", "8"]
    command += ["--think", "0.5", "1.5", "--json", str(out), "--log-dir", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (level,) = json.loads(out.read_text())
    assert (level["store"], level["servers"], level["sessions"]) == ("duckdb", 1, 2)
    assert level["errors"] == 0, level["error_samples"]
    for page in ("overview", "task", "regions", "upload (commit)", "history"):
        assert level["by_page"][page]["n"] >= 1, page
    assert level["writes_committed"] >= 1 and level["writes_lost"] == 0
    assert 0 < level["floor_p50"] <= level["floor_p95"] and 0 < level["p50"] <= level["p95"] <= level["p99"]
    assert level["rss_peak_mb"] >= level["rss_before_mb"] > 0


def test_a_committed_upload_missing_from_the_store_counts_as_lost(tmp_path):
    from bench.crowd import lost_writes
    from db import open_store
    from services import history

    db = str(tmp_path / "demo.duckdb")
    subprocess.run([sys.executable, "-m", "targets", "--db", db, "demo"], cwd=ROOT, check=True, capture_output=True)
    batches = [b.id for b in history.batches(open_store(db, migrate=False), 2024)]
    assert lost_writes(db, []) == 0
    assert lost_writes(db, [(max(batches) + 1, 123456)]) == 2  # no such batch, and the figure is not 123456
