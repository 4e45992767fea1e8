"""Investment through the store: the task table's planned amounts, the monthly sheet (warnings need confirmation,
a correction supersedes and keeps the history, another department's task is refused), and `status --json`."""

from __future__ import annotations

import json

import pytest

from services import accounts
from services.catalogue import commit_catalogue, preview_catalogue
from services.investment import commit_investment, history, preview_investment, summary
from targets.access import Role
from targets.errors import Refusal

PW = "correct horse battery"


@pytest.fixture
def people(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    return store


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("gbk")


def _table_with_investment() -> bytes:
    """The bundled plan's task table with 计划投资 and sources for two tasks, as a GBK CSV."""
    from tests.unit.test_catalogue_import import HEADER, official_table

    rows = official_table()
    rows[1] = [*HEADER, "计划投资（万元）", "其中：中央资金（万元）", "其中：省级资金（万元）"]
    for row in rows[2:-1]:
        row.extend([None, None, None])
    names = {r[2]: n for n, r in enumerate(rows) if n > 1 and len(r) > 2 and r[2]}
    from targets.catalogue import load_bundled

    tasks = {t.code: t.name.zh for t in load_bundled(2024).tasks}
    rows[names[tasks["ELD-02"]]][9:12] = ["2,000", "800", "1200"]
    rows[names[tasks["EMP-01"]]][9:12] = ["0.6亿", None, None]
    text = "\n".join(",".join("" if v is None else f'"{v}"' for v in row) for row in rows)
    return text.encode("gbk")


def test_the_task_table_plans_and_the_monthly_sheets_complete_with_history(people):
    store = people
    preview = preview_catalogue(store, _table_with_investment(), "分解表.csv", year=2024, actor="boss")
    assert preview.errors == [] and {(c.code, c.field, c.new) for c in preview.changes} == {
        ("ELD-02", "investment", 2000.0),
        ("EMP-01", "investment", 6000.0),
    }
    assert commit_catalogue(store, preview, actor="boss")
    s = summary(store, 2024)
    assert (s.province.planned, s.province.completed, s.province.share) == (8000.0, 0.0, 0.0)

    # June: ELD-02 completed 500 (central 200), EMP-01 1,500 → 2,000 / 8,000 = 25%.
    sheet = _csv("任务编号,月份,累计完成投资（万元）,其中：中央资金", "ELD-02,6,500,200", "EMP-01,6,1500,")
    june = preview_investment(store, sheet, "6月投资.csv", year=2024, actor="boss")
    assert june.errors == [] and june.warnings == []
    first = commit_investment(store, june, actor="boss")
    assert summary(store, 2024, 6).province.share == pytest.approx(0.25)
    assert summary(store, 2024, 6).tasks["ELD-02"].by_source["central"] == (800.0, 200.0)

    # A correction of June, below what was stored for May? No: a plain correction, 500 → 400 for ELD-02.
    fix = preview_investment(
        store, _csv("任务编号,累计完成投资", "ELD-02,400"), "更正.csv", year=2024, month=6, actor="boss"
    )
    assert [(c.task_code, c.old.total, c.new.total) for c in fix.changes] == [("ELD-02", 500.0, 400.0)]
    second = commit_investment(store, fix, actor="boss")
    assert summary(store, 2024, 6).province.share == pytest.approx(1900 / 8000)
    revs = history(store, 2024, "ELD-02")
    assert [(r["batch"], r["total"], r["superseded_by"] is None, r["filename"], r["row"]) for r in revs] == [
        (first, 500.0, False, "6月投资.csv", 2),
        (second, 400.0, True, "更正.csv", 2),
    ]
    assert revs[1]["previous"] == revs[0]["revision"] and revs[1]["recorded_by"] == "boss"

    # July as a monthly increment: 300 more on ELD-02's 400; above the plan needs confirmation.
    july = preview_investment(
        store, _csv("任务编号,本月完成投资", "ELD-02,300", "EMP-01,5000"), "7月.csv", month=7, actor="boss"
    )
    assert [c.new.total for c in july.changes] == [700.0, 6500.0]
    assert [(w.rule, w.row) for w in july.warnings] == [("above_plan", 3)]
    with pytest.raises(Refusal, match="warning"):
        commit_investment(store, july, actor="boss")
    commit_investment(store, july, actor="boss", confirm_warnings=True)
    assert summary(store, 2024, 7).province.completed == 7200.0


def test_a_reporter_may_not_upload_another_departments_task_and_errors_write_nothing(people):
    store = people
    foreign = preview_investment(store, _csv("任务编号,月份,累计完成投资", "EMP-01,6,10"), "x.csv", actor="mz")
    assert [(i.rule, i.row, i.column) for i in foreign.errors] == [("not_your_department", 2, "C (累计完成投资)")]
    bad = preview_investment(store, _csv("任务编号,月份,累计完成投资", "ELD-02,6,很多"), "y.csv", actor="mz")
    assert [(i.rule, i.row, i.column) for i in bad.errors] == [("bad_investment", 2, "C (累计完成投资)")]
    with pytest.raises(Refusal):
        commit_investment(store, bad, actor="mz")
    assert history(store, 2024, "ELD-02") == []
    own = preview_investment(store, _csv("任务编号,月份,累计完成投资", "ELD-02,6,10"), "z.csv", actor="mz")
    assert own.errors == [] and commit_investment(store, own, actor="mz")


def test_the_cli_imports_and_status_json_carries_investment(people, db_target, capsys, tmp_path):
    from cli import main

    store = people
    commit_catalogue(
        store, preview_catalogue(store, _table_with_investment(), "t.csv", year=2024, actor="boss"), actor="boss"
    )
    sheet = tmp_path / "投资.csv"
    sheet.write_bytes(_csv("任务编号,月份,累计完成投资（万元）", "ELD-02,3,1000", "合计,,1000"))
    code = main(["--db", db_target, "investment", "import", str(sheet), "--year", "2024", "--as", "boss", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert (code, doc["committed"], doc["new"]) == (0, True, 1)
    # status needs figures to judge the indicators; the investment shows at every level all the same.
    main(["--db", db_target, "status", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert {k: doc["investment"][k] for k in ("planned", "completed", "share")} == {
        "planned": 8000.0,
        "completed": 1000.0,
        "share": 0.125,
    }
    assert main(["--db", db_target, "catalogue", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["investment"]
    assert listed["ELD-02"] == {"total": 2000.0, "by_source": {"central": 800.0, "provincial": 1200.0}}
    shown = main(["--db", db_target, "investment", "show", "--json"])
    assert shown == 0 and json.loads(capsys.readouterr().out)["tasks"]["ELD-02"]["share"] == 0.5
