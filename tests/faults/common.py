"""What the fault tests share: upload files whose every commit changes every figure, and the store's invariants.

The invariants, checked after every fault:
- every batch is all or nothing: its row counts (new + changed) equal the revisions that carry its id, and
  no revision names a batch that is not there;
- the current figures are exactly the replay of the revisions (value and revision id);
- every upload batch has its original file and its audit entry, written in the same transaction;
- the database opens, answers and checkpoints (its write-ahead log replayed).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from db import figures as store_figures
from db.sql import q
from db.store import Store
from targets.catalogue import load_bundled
from targets.figures import replay
from targets.regions import prefectures

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024

# LIVELIHOOD_FAULTS=full runs the long form (at least 50 kills, more rounds); LIVELIHOOD_FAULT_KILLS=N sets
# the kills outright. CI runs the short form.
FULL = os.environ.get("LIVELIHOOD_FAULTS", "").lower() == "full"
KILLS = int(os.environ.get("LIVELIHOOD_FAULT_KILLS") or (60 if FULL else 10))
WRITES = 30 if FULL else 4  # commits by the writer while 20 threads read


def counted_indicators() -> list[str]:
    return [i.code for i in load_bundled(YEAR).indicators if i.kind.value in ("count", "minimum")]


def state_csv(state: int) -> bytes:
    """Cumulative figures for every counted indicator × region × month; state k differs from k+1 in every value,
    so each commit of the next state changes every figure (one revision each)."""
    lines = ["指标编号,地区,月份,累计完成"]
    regions = [r.code for r in prefectures()]
    for n, code in enumerate(counted_indicators()):
        for r, region in enumerate(regions):
            base = 10 * (n + 1) + r + (state % 2) * 3
            for month in range(1, 13):
                lines.append(f"{code},{region},{YEAR}-{month:02d},{base * month}")
    return ("\n".join(lines) + "\n").encode()


def state_values(state: int) -> dict[tuple[str, str, int], float]:
    out = {}
    for line in state_csv(state).decode().splitlines()[1:]:
        code, region, month, value = line.split(",")
        out[(code, region, int(month[-2:]))] = float(value)
    return out


BIG_ROWS = 100_000


@cache
def big_cells(state: int) -> tuple[tuple[str, str, int, float], ...]:
    """Every indicator × the province and each prefecture × 12 months (4,092 cells): state k and k+1 differ in
    every cell but the yes/no standard's, which stays 1 (so a commit after the first changes 3,960 figures)."""
    regions = ["province", *(r.code for r in prefectures())]
    cells = []
    for n, indicator in enumerate(load_bundled(YEAR).indicators):
        for r, region in enumerate(regions):
            for month in range(1, 13):
                value = 1 if indicator.kind.value == "standard" else (10 * (n + 1) + r + (state % 2) * 3) * month
                cells.append((indicator.code, region, month, float(value)))
    return tuple(cells)


@cache
def big_sheet(state: int) -> bytes:
    """A 100,000-row upload of big_cells(state): the cells over and over, as departments' long sheets repeat rows."""
    cells = big_cells(state)
    lines = ["指标编号,地区,月份,累计完成"]
    lines += [f"{c},{r},{YEAR}-{m:02d},{v:g}" for c, r, m, v in (cells[i % len(cells)] for i in range(BIG_ROWS))]
    return ("\n".join(lines) + "\n").encode()


def big_values(state: int) -> dict[tuple[str, str, int], float]:
    return {(c, r, m): v for c, r, m, v in big_cells(state)}


def batches_not_found(store: Store) -> list[tuple[int, int, int]]:
    """(batch, revisions stored, revisions found) for every batch that `WHERE batch_id = N` does not find as a
    scan counts it: the lookup of rollback and history against GROUP BY, which no index can serve."""
    with store.connect() as conn:
        stored = dict(conn.execute(q("revisions_per_batch")).fetchall())
        found = {b: conn.execute(q("revisions_found_of_batch"), {"batch_id": b}).fetchone()[0] for b in stored}
    return [(b, stored[b], found[b]) for b in sorted(stored) if found[b] != stored[b]]


def check_consistent(store: Store) -> dict[str, int]:
    """Assert the invariants above; return the counts (batches, revisions, figures)."""
    with store.connect() as conn:
        batches = conn.execute(
            "SELECT id, kind, filename, new_count, changed_count FROM upload_batches ORDER BY id"
        ).fetchall()
        per_batch = dict(conn.execute("SELECT batch_id, count(*) FROM figure_revisions GROUP BY batch_id").fetchall())
        ids = {b[0] for b in batches}
        orphans = set(per_batch) - ids
        assert not orphans, f"revisions of batches that are not there (a half-written batch): {sorted(orphans)}"
        for batch_id, kind, _filename, new, changed in batches:
            if kind == "region_targets":
                continue
            assert per_batch.get(batch_id, 0) == new + changed, (
                f"batch {batch_id} says {new} new + {changed} changed, but {per_batch.get(batch_id, 0)} revisions carry it"
            )
        files = {r[0] for r in conn.execute("SELECT batch_id FROM upload_files").fetchall()}
        audited = {
            r[0]
            for r in conn.execute("SELECT object FROM audit_log WHERE action = 'figures.upload'").fetchall()
            if r[0]
        }
        for batch_id, kind, _filename, _new, _changed in batches:
            if kind == "upload":
                assert batch_id in files, f"upload batch {batch_id} has no original file"
                assert f"batch {batch_id}" in audited, f"upload batch {batch_id} has no audit entry"
        current = store_figures.stored(conn, YEAR)
        replayed = replay(store_figures.revisions(conn, YEAR))
        assert current == replayed, "the current figures differ from the replay of their revisions"
        conn.execute("CHECKPOINT")
        revisions = conn.execute("SELECT count(*) FROM figure_revisions").fetchone()[0]
    return {"batches": len(batches), "revisions": revisions, "figures": len(current)}


def figures_now(store: Store) -> dict[tuple[str, str, int], float]:
    with store.connect() as conn:
        return {k: v.value for k, v in store_figures.stored(conn, YEAR).items()}


def kill_after_start(proc, longest: float, rng, start_timeout: float) -> list[str]:
    """At an importer's first `start` line, wait a random part of a commit's length, then SIGKILL it; its output."""
    import os
    import signal
    import time

    deadline = time.monotonic() + start_timeout
    try:
        line = proc.stdout.readline()
        while line and not line.startswith("start"):
            assert time.monotonic() < deadline, "the importer did not start a commit in time"
            line = proc.stdout.readline()
        assert line.startswith("start"), f"the importer ended before committing:\n{proc.stderr.read()}"
        time.sleep(rng.uniform(0.0, longest))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    return proc.stdout.read().splitlines()
