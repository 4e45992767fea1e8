"""One early upload (a 全省 figure for October, as the demo reporter sends it) moves neither the headline month nor
its counts, and erases none of the regions' history; the month it does touch says how few have reported it."""

from __future__ import annotations

import pytest

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent(
    "which month heads the overview is a rule over the figures read; the figures' store runs on PostgreSQL in test_figures_history"
)

OCTOBER = "指标编号,地区,月份,累计完成\nELD-02-1,全省,2024-10,1000\n"


@pytest.fixture
def demo(cli):
    result = cli("demo")
    assert result.code == 0, result.stderr
    return cli


def indicator(doc: dict, code: str) -> dict:
    return next(i for i in doc["indicators"] if i["code"] == code)


def test_one_early_october_figure_leaves_the_headline_month_and_its_counts_alone(demo, tmp_path):
    cli = demo
    before = cli("--json", "status").json
    assert before["as_of"] == "2024-09"
    early = tmp_path / "october.csv"
    early.write_text(OCTOBER, encoding="utf-8")
    imported = cli("--json", "import", str(early), "--yes", "--as", "demo-reporter")
    assert imported.code == 0 and imported.json["committed"], imported.stdout + imported.stderr

    after = cli("--json", "status").json
    assert after["as_of"] == "2024-09" and after["headline_month"] == "2024-09"
    assert after["summary"] == before["summary"]
    assert after["coverage"]["month"] == 9 and after["coverage"]["total"] == 31
    assert after["coverage"]["text"] == f"9月：已报 {after['coverage']['reported']} / 31 项指标"
    # the indicator's September is still judged on the regions' sum, exactly as before the upload
    assert indicator(after, "ELD-02-1") | {"basis": None} == indicator(before, "ELD-02-1") | {"basis": None}
    assert indicator(after, "ELD-02-1")["basis"] == "sum_of_regions"

    october = cli("--json", "status", "--as-of", "2024-10").json
    assert october["coverage"] == {"month": 10, "reported": 1, "total": 31, "text": "10月：已报 1 / 31 项指标"}
    assert october["headline_month"] == "2024-09"
    meals = indicator(october, "ELD-02-1")
    assert (meals["actual"], meals["figure_month"], meals["stale"], meals["basis"]) == (1000, 10, False, "reported")
    stale = [i for i in october["indicators"] if i["stale"]]
    assert stale and all(i["figure_month"] == 9 and i["stale_note"] == "沿用9月数据" for i in stale)
    assert all("沿用9月数据" in i["explanation"] for i in stale)


def test_a_later_province_figure_keeps_the_regions_september_and_the_export_defaults_to_the_headline(demo, tmp_path):
    cli = demo
    early = tmp_path / "october.csv"
    early.write_text(OCTOBER, encoding="utf-8")
    assert cli("--json", "import", str(early), "--yes", "--as", "demo-reporter").code == 0
    september = cli("--json", "status", "--as-of", "2024-09").json
    meals = indicator(september, "ELD-02-1")
    assert meals["status"] != "no_data" and meals["figure_month"] == 9 and meals["basis"] == "sum_of_regions"
    out = tmp_path / "briefing.csv"
    exported = cli("--json", "export", "--format", "csv", "--out", str(out), "--as", "demo-press")
    assert exported.code == 0, exported.stderr
    assert exported.json["as_of"] == "2024-09"
    text = out.read_bytes().decode("utf-8-sig")
    assert "9月：已报" in text
