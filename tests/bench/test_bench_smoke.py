"""The benchmark's one command still runs end to end (a small size, one repetition): every measure comes with
its baseline measured in the same run, and the report is written. Timings are not judged here."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_quick_benchmark_measures_each_part_beside_its_baseline(tmp_path):
    out = tmp_path / "RESULTS.md"
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--quick",
        "--only",
        "page",
        "status",
        "import",
        "--years",
        "1",
        "--reps",
        "1",
        "--import-reps",
        "1",
        "--no-memory",
        "--no-load",
        "--work",
        str(tmp_path / "work"),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]

    results = json.loads(out.with_suffix(".json").read_text())
    measures = {row["measure"]: row for row in results["rows"]}
    assert {
        "overview page, new session (cached reads warm)",
        "status: province + every region + ranking",
        "import CSV (validate + commit)",
        "import XLSX (validate + commit)",
    } <= set(measures)
    for row in results["rows"]:
        assert row["baseline"]["n"] >= 1 and row["baseline"]["median"] > 0, row
        assert row["subject"]["n"] >= 1 and row["subject"]["median"] > 0, row
        assert row["ratio"]["median"] > 0, row
    assert measures["import CSV (validate + commit)"]["facts"]["rows"] == 5_000

    report = out.read_text()
    assert "## Machine" in report and "## Times" in report
    assert "overview page, new session" in report and "ratio (÷ baseline)" in report
