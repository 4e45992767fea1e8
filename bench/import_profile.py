"""Where the time of a 100,000-row XLSX import goes, stage by stage, beside pandas.read_excel with openpyxl
on the same bytes (the issue's yardstick): `python -m bench.import_profile [--work DIR] [--rounds N]`.

The file is the import benchmark's (bench.synth: a long layout, one row per indicator, region and month),
committed into a fresh copy of a database holding only the plan each round. The stages:

- the cells alone: python-calamine's workbook read to Python values (the native reader the tracker uses; no
  reader of XLSX in Python is faster), the floor of any read;
- read_upload in this process: the cells to checked figures (headers found, numbers read, every row validated);
- the same through the sandbox (services.sandbox): a waiting child with its limits, the bytes sent in and the
  figures pickled back;
- the preview: the sandboxed read plus the store's reads and the checks against history and locks;
- the commit: the batch, its revisions and the figures written in one transaction, and the checkpoint.

Each figure is the median of the rounds (min–max), and each stage's ratio is to openpyxl measured in the same
rounds. Run on a quiet machine; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--work", type=Path, required=True, help="bench.run's folder: import.xlsx, import_template.duckdb, regions.yaml"
    )
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    work = args.work
    missing = [n for n in ("import.xlsx", "import_template.duckdb", "regions.yaml") if not (work / n).exists()]
    if missing:
        ap.error(f"{work} has no {', '.join(missing)}: run python -m bench.run --only import --work {work} first")
    os.environ.setdefault("LIVELIHOOD_REGIONS", str(work / "regions.yaml"))
    import pandas as pd
    import python_calamine

    from db.catalogue import load_plan
    from db.store import Store
    from services import sandbox
    from services.uploads import commit_upload, preview_upload
    from targets.readers.upload import read_upload

    data = (work / "import.xlsx").read_bytes()
    template = work / "import_template.duckdb"
    with Store(str(template)).connect() as conn:
        plan = load_plan(conn, 2024)

    def cells() -> None:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        book.get_sheet_by_index(0).to_python()

    def in_process() -> None:
        parsed = read_upload(data, "bench.xlsx", plan, previous={})
        assert not parsed.has_errors

    def sandboxed() -> None:
        parsed = sandbox.run(read_upload, data, "bench.xlsx", plan, previous={})
        assert not parsed.has_errors

    stages: dict[str, list[float]] = {
        k: [] for k in ("openpyxl", "cells", "read", "sandboxed read", "preview", "commit")
    }
    for n in range(args.rounds + 1):
        times = {
            "openpyxl": _timed(lambda: pd.read_excel(io.BytesIO(data), engine="openpyxl")),
            "cells": _timed(cells),
            "read": _timed(in_process),
            "sandboxed read": _timed(sandboxed),
        }
        target = work / f"profile-{n}.duckdb"
        shutil.copyfile(template, target)
        store = Store(str(target))
        start = time.perf_counter()
        preview = preview_upload(store, data, "bench.xlsx")
        times["preview"] = time.perf_counter() - start
        assert not preview.errors
        start = time.perf_counter()
        assert commit_upload(store, preview, actor="bench", confirm_warnings=True).committed
        times["commit"] = time.perf_counter() - start
        target.unlink()
        if n:  # the first round warms up
            for k, v in times.items():
                stages[k].append(v)
    base = statistics.median(stages["openpyxl"])
    print("| stage | time (median, min–max) | openpyxl ÷ stage |")
    print("| --- | --- | --- |")
    for k, v in stages.items():
        m = statistics.median(v)
        print(f"| {k} | {m * 1000:,.0f} ms ({min(v) * 1000:,.0f}–{max(v) * 1000:,.0f}) | {base / m:.2f}× |")
    total = [p + c for p, c in zip(stages["preview"], stages["commit"], strict=True)]
    m = statistics.median(total)
    print(
        f"| preview + commit | {m * 1000:,.0f} ms ({min(total) * 1000:,.0f}–{max(total) * 1000:,.0f}) | {base / m:.2f}× |"
    )


if __name__ == "__main__":
    main()
