"""What the CHECKPOINT after each write transaction (db.store) costs a 100,000-row import, as a ratio to the same
import without it: `python -m bench.checkpoint_cost [--rounds N]`.

Each round commits the next 100,000-row sheet of tests/faults (4,092 cells, every value changed from the last)
into the same store twice, once with the checkpoint and once with db.store's checkpoint replaced by nothing,
alternating which goes first; the preview is made before the clock starts, so the time is commit_upload's:
the transaction, its checkpoint, and the connection's close (where DuckDB checkpoints by itself when it is
the last connection). Two settings: the store alone (as the CLI uses it), and with a second connection held
open (as the app's other sessions do), where DuckDB does not checkpoint at close.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from db import open_store
from db.store import Store
from services.setup import init_store
from services.uploads import commit_upload, preview_upload
from tests.faults.common import big_sheet


@contextmanager
def _without_checkpoint():
    saved = Store._checkpoint_after_commit
    Store._checkpoint_after_commit = lambda self, conn: None
    try:
        yield
    finally:
        Store._checkpoint_after_commit = saved


def _commit(store: Store, state: int, held: bool) -> float:
    preview = preview_upload(store, big_sheet(state), f"state-{state}.csv")
    with store.connect() if held else nullcontext():
        start = time.perf_counter()
        result = commit_upload(store, preview, actor="bench", confirm_warnings=True)
        seconds = time.perf_counter() - start
    assert result.committed, result.message_en
    return seconds


def measure(rounds: int, held: bool, work: Path) -> dict[str, float]:
    db = str(work / f"cost-{'held' if held else 'alone'}.duckdb")
    store = open_store(db, migrate=False)
    init_store(store)
    _commit(store, 0, held)  # the first upload inserts every figure; the measured ones change them all
    times: dict[str, list[float]] = {"with": [], "without": []}
    state = 1
    for r in range(rounds):
        for variant in ("with", "without") if r % 2 == 0 else ("without", "with"):
            with nullcontext() if variant == "with" else _without_checkpoint():
                times[variant].append(_commit(store, state, held))
            state += 1
    with_s, without_s = statistics.median(times["with"]), statistics.median(times["without"])
    # Paired by round (both variants ran back to back on the same store): the median of the rounds' ratios.
    paired = statistics.median(w / wo for w, wo in zip(times["with"], times["without"], strict=True))
    return {"with_s": with_s, "without_s": without_s, "ratio": with_s / without_s, "paired": paired}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for held in (False, True):
            r = measure(args.rounds, held, Path(work))
            setting = "another connection open" if held else "store alone"
            print(
                f"{setting}: commit of 100,000 rows {r['with_s'] * 1000:.0f} ms with the checkpoint, "
                f"{r['without_s'] * 1000:.0f} ms without (medians of {args.rounds}): ratio {r['ratio']:.2f}, "
                f"median of the paired ratios {r['paired']:.2f}"
            )


if __name__ == "__main__":
    main()
