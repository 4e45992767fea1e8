"""The benchmark's one command still runs end to end (a small size, one repetition): every measure comes with
its baseline measured in the same run, and the report is written. Timings are not judged here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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


@pytest.mark.postgres
def test_on_postgres_the_page_is_measured_over_psycopg_and_through_the_extension(tmp_path, postgres_cluster):
    out = tmp_path / "RESULTS.md"
    command = [sys.executable, "-m", "bench.run", "--quick", "--db-kind", "postgres", "--only", "page"]
    command += ["--years", "1", "--reps", "1", "--no-memory", "--no-load", "--work", str(tmp_path / "w")]
    done = subprocess.run([*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]

    rows = {row["measure"]: row for row in json.loads(out.with_suffix(".json").read_text())["rows"]}
    for measure in ("after a write (cached reads cleared)", "after a write, reads through DuckDB's extension"):
        row = rows[f"overview page, {measure}"]
        assert row["kind"] == "postgres" and row["subject"]["median"] > 0 and row["ratio"]["median"] > 0, row
    assert "reads through DuckDB's extension" in out.read_text()
