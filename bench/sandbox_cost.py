"""What reading uploads in a limited child process (services.sandbox) costs, as a ratio to the same read in the
calling process: `python -m bench.sandbox_cost [--rounds N] [--rows N]`.

The sheet is the import benchmark's (bench.synth: a long layout, one row per indicator, region and month of a
synthetic 84-indicator plan over 100 regions), as CSV and as XLSX; and a one-row CSV, whose read is nothing, so
its figure is the child's start and the answer's trip back. Each round reads each file both ways
(targets.readers.upload.read_upload: the bytes to figures), alternating which goes first; medians are printed
with each ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from bench.synth import region_codes, synthetic_plan, upload_csv, upload_rows, upload_xlsx, use_regions

    use_regions(Path(tempfile.mkdtemp()) / "regions.yaml", 100)  # before the domain reads its regions
    from services import sandbox
    from targets.readers.upload import read_upload

    plan = synthetic_plan(2024, 84)
    rows = upload_rows(plan, region_codes(100), args.rows)
    files = {
        "csv": (upload_csv(rows), "bench.csv"),
        "xlsx": (upload_xlsx(rows), "bench.xlsx"),
        "one row": (upload_csv(rows[:1]), "one.csv"),
    }
    assert not read_upload(files["csv"][0], "bench.csv", plan).has_errors
    print(f"{args.rows:,} rows; medians of {args.rounds} paired rounds")
    print(f"{'file':<8} {'in process':>11} {'sandbox':>9} {'ratio':>6} {'extra':>8}")
    for label, (data, name) in files.items():
        here, there = [], []
        for r in range(args.rounds):
            for way in ("here", "there") if r % 2 == 0 else ("there", "here"):
                if way == "here":
                    here.append(timed(read_upload, data, name, plan))
                else:
                    there.append(timed(sandbox.run, read_upload, data, name, plan))
        h, t = statistics.median(here), statistics.median(there)
        print(f"{label:<8} {h * 1000:>9.0f}ms {t * 1000:>7.0f}ms {t / h:>6.2f} {(t - h) * 1000:>6.0f}ms")


if __name__ == "__main__":
    main()
