"""The CLI contract for init and catalogue."""

from __future__ import annotations

from targets.catalogue import load_bundled


def test_init_then_catalogue_json_lists_every_target_with_its_source(cli):
    assert cli("init").code == 0
    result = cli("catalogue", "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    assert (doc["year"], doc["declared_tasks"], doc["declared_areas"]) == (2024, 50, 10)
    assert {"year", "declared_tasks", "declared_areas", "areas", "tasks", "indicators"} <= doc.keys()
    plan = load_bundled(2024)
    assert [i["code"] for i in doc["indicators"]] == [i.code for i in plan.indicators]
    for row in doc["indicators"]:
        assert {"code", "area", "task", "name", "unit", "target", "kind", "lead_unit", "source"} <= row.keys()
        assert row["source"]["file"].endswith(".txt") and row["source"]["quote"]
    meals = next(r for r in doc["indicators"] if r["code"] == "ELD-02-1")
    assert (meals["target"], meals["unit"], meals["kind"], meals["lead_unit"]) == (1300, "个", "count", "省民政厅")


def test_json_goes_to_stdout_alone_and_messages_to_stderr(cli):
    result = cli("init", "--json")
    assert result.code == 0
    assert result.json["migrations_applied"] and result.json["plans_loaded"] == [2024]
    again = cli("init", "--json")
    assert again.json["changed"] is False


def test_an_unknown_year_is_refused_with_exit_1_and_a_reason(cli):
    cli("init")
    result = cli("catalogue", "--year", "2019", "--json")
    assert result.code == 1
    assert result.json["ok"] is False and result.json["error"]["code"] == "no_plan"
    assert "2019" in result.stderr


def test_bad_usage_exits_2(cli):
    assert cli("no-such-command").code == 2
    assert cli("catalogue", "--year", "soon").code == 2


def test_the_database_comes_from_the_environment_when_no_flag(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "LIVELIHOOD_DB": str(tmp_path / "env.duckdb")}
    proc = subprocess.run([sys.executable, "-m", "targets", "init"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env.duckdb").exists()
