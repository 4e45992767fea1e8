"""Milestone sheets end to end: import with preview and commit, history of corrections, who may load what,
nothing half-written, `status --json` and the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from services.accounts import add_user
from services.milestones import (
    commit_milestones,
    history,
    judged,
    preview_milestones,
    preview_milestones_as,
    projects,
)
from targets.access import Denied, Role
from targets.errors import Refusal

HEAD = "项目名称,所属任务,地区,计划开工,实际开工,计划完工,实际完工,计划验收,实际验收"
TODAY = date(2024, 10, 10)


def sheet(*rows: str) -> bytes:
    return ("\n".join((HEAD, *rows)) + "\n").encode("gbk")


def load(store, data: bytes, name: str = "节点.csv", actor: str = "admin", yes: bool = False):
    preview = preview_milestones(store, data, name, year=2024, today=TODAY)
    return preview, commit_milestones(store, preview, actor=actor, confirm_warnings=yes)


def test_a_sheet_is_stored_and_a_correction_keeps_the_history(store):
    first = sheet(
        "长春一中活力操场,EDU-01,长春,2024/4/1,2024-04-03,2024年8月,,,",
        "吉林一中活力操场,EDU-01,吉林,2024.4.15,,2024年9月30日,,,",
    )
    preview, batch = load(store, first, "4月节点.csv")
    assert (len(preview.new), batch is not None) == (2, True)
    # the correction gives only the actual dates: blank cells keep what is stored
    preview, second = load(store, sheet("吉林一中活力操场,EDU-01,,,2024/5/6,,,,"), "5月节点.csv")
    assert (len(preview.new), len(preview.changed)) == (0, 1)
    stored = {p.name: p for p in projects(store, 2024)}
    jilin = stored["吉林一中活力操场"]
    assert (jilin.region, jilin.planned_start, jilin.actual_start) == ("220200", date(2024, 4, 15), date(2024, 5, 6))
    assert jilin.planned_complete == date(2024, 9, 30)
    revisions = [r for r in history(store, 2024, "EDU-01") if r["project"] == "吉林一中活力操场"]
    assert [(r["filename"], r["recorded_by"], r["actual_start"]) for r in revisions] == [
        ("4月节点.csv", "admin", None),
        ("5月节点.csv", "admin", date(2024, 5, 6)),
    ]
    assert revisions[1]["previous_revision"] == revisions[0]["revision"] and revisions[1]["batch"] == second
    # the same sheet again changes nothing
    preview, batch = load(store, sheet("吉林一中活力操场,EDU-01,,,2024/5/6,,,,"))
    assert (preview.unchanged, batch) == (1, None)


def test_a_sheet_with_an_error_writes_nothing(store):
    bad = sheet("长春一中活力操场,EDU-01,长春,2024/4/1,,,,,", "吉林一中活力操场,EDU-01,吉林,2024/2/30,,,,,")
    preview = preview_milestones(store, bad, "bad.csv", year=2024, today=TODAY)
    (issue,) = preview.errors
    assert (issue.row, issue.column) == (3, "D (计划开工)")
    with pytest.raises(Refusal):
        commit_milestones(store, preview, actor="admin")
    assert projects(store, 2024) == []


def test_a_correction_that_would_run_dates_backwards_is_refused(store):
    load(store, sheet("长春一中活力操场,EDU-01,长春,2024/4/1,2024/4/3,,,,"))
    preview = preview_milestones(
        store, sheet("长春一中活力操场,EDU-01,,,,,2024/3/1,,"), "x.csv", year=2024, today=TODAY
    )
    assert [i.rule for i in preview.errors] == ["out_of_order"] and preview.errors[0].row == 2


def test_a_project_list_after_a_task_row_takes_its_plan_and_warns_of_its_actual_dates(store):
    load(store, sheet(",PUB-04,,2024/4/1,2024/4/3,2024/10/31,,,"))
    data = sheet("某村污水站,PUB-04,,,,,,,")
    preview = preview_milestones(store, data, "x.csv", year=2024, today=TODAY)
    assert [i.rule for i in preview.warnings] == ["task_and_projects"] and not preview.errors
    commit_milestones(store, preview, actor="admin", confirm_warnings=True)
    (project,) = judged(store, 2024, date(2024, 6, 30))["PUB-04"].projects
    assert (project.name, project.planned_start, project.light(date(2024, 6, 30)).value) == (
        "某村污水站",
        date(2024, 4, 1),
        "missed",
    )


def test_the_catalogue_table_stores_planned_dates_with_the_plan(store):
    from services.catalogue import commit_catalogue, preview_catalogue
    from tests.unit.test_catalogue_import import HEADER, official_table

    rows = official_table()
    rows[1] = [*HEADER, "计划开工时间", "计划完工时间"]
    rows[2] = [*rows[2], "2024/4/1", "2024年9月"]
    data = "\n".join(",".join("" if v is None else str(v) for v in r) for r in rows).encode("utf-8")
    preview = preview_catalogue(store, data, "分解表.csv", year=2024, actor="admin")
    assert not preview.errors, [i.message_en for i in preview.errors]
    assert commit_catalogue(store, preview, actor="admin", confirm_warnings=True)
    (task,) = projects(store, 2024)
    assert (task.name, task.planned_start, task.planned_complete) == ("", date(2024, 4, 1), date(2024, 9, 30))
    assert [r["filename"] for r in history(store, 2024)] == ["分解表.csv"]


def test_warnings_need_confirmation(store):
    data = sheet("长春一中活力操场,EDU-01,长春,2024/4/1,2024年4月,,,,")
    preview = preview_milestones(store, data, "x.csv", year=2024, today=TODAY)
    assert [i.rule for i in preview.warnings] == ["actual_month_only"]
    with pytest.raises(Refusal) as exc:
        commit_milestones(store, preview, actor="admin")
    assert exc.value.code == "needs_confirmation" and projects(store, 2024) == []
    assert commit_milestones(store, preview, actor="admin", confirm_warnings=True) is not None


def test_a_reporter_loads_only_the_tasks_their_department_leads(store):
    add_user(store, "admin", Role.ADMIN, "admin-password-1", actor="admin")
    add_user(store, "zj", Role.REPORTER, "reporter-password-1", department="省住建厅", actor="admin")
    own = sheet("长春阀管改造,PUB-01,长春,2024/4/1,,,,,")
    preview = preview_milestones_as(store, own, "x.csv", year=2024, actor="zj")
    assert commit_milestones(store, preview, actor="zj") is not None
    with pytest.raises(Denied):
        preview_milestones_as(
            store, sheet("长春一中活力操场,EDU-01,长春,2024/4/1,,,,,"), "x.csv", year=2024, actor="zj"
        )
    assert [p.task_code for p in projects(store, 2024)] == ["PUB-01"]


def test_the_cli_imports_shows_and_status_carries_the_milestones(cli, tmp_path):
    path = tmp_path / "节点.csv"
    path.write_bytes(
        sheet(
            "长春一中活力操场,EDU-01,长春,2024/1/10,2024/1/9,2024/1/31,,,",
            "吉林一中活力操场,EDU-01,吉林,2024/3/1,,,,,",
        )
    )
    dry = cli("--json", "milestones", "import", str(path), "--year", "2024", "--dry-run", "--as", "admin")
    assert dry.code == 0 and dry.json["new"] == 2 and dry.json["committed"] is False
    done = cli("--json", "milestones", "import", str(path), "--year", "2024", "--as", "admin")
    assert done.code == 0 and done.json["committed"] is True, done.stdout + done.stderr
    shown = cli("--json", "milestones", "show", "--year", "2024", "--task", "EDU-01", "--as-of", "2024-01")
    (task,) = shown.json["tasks"]
    # as of 2024-01-31: 1 of 2 started; its completion (planned 01-31, the as-of day) is not yet missed
    assert (task["projects"], task["started"], task["start_rate"], task["light"]) == (2, 1, 0.5, "on_time")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(sheet("x,NOPE-1,,2024/3/1,,,,,"))
    refused = cli("--json", "milestones", "import", str(bad), "--year", "2024", "--as", "admin")
    assert refused.code == 1 and refused.json["errors"][0]["rule"] == "unknown_task"
    fig = tmp_path / "f.csv"
    fig.write_text("指标编号,月份,地区,累计完成\nEDU-01-1,2024-03,全省,10\n", encoding="utf-8")
    assert cli("import", str(fig), "--yes", "--as", "admin").code == 0
    status = cli("--json", "status", "--as-of", "2024-03")
    rows = {t["code"]: t["milestones"] for t in status.json["tasks"]}
    assert all(found is None for code, found in rows.items() if code != "EDU-01")
    edu = rows["EDU-01"]
    # as of 2024-03-31: the 吉林 project planned to start 03-01 has not: missed
    assert (edu["started"], edu["light"], edu["missed"][0]["stage"]) == (1, "missed", "start")


def test_a_viewer_is_refused_before_the_file_is_read(store):
    add_user(store, "admin", Role.ADMIN, "admin-password-1", actor="admin")
    add_user(store, "v", Role.VIEWER, "viewer-password-1", actor="admin")
    with pytest.raises(Denied):
        preview_milestones_as(store, b"\x00not a sheet", "x.csv", year=2024, actor="v")
