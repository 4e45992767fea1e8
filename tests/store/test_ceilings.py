"""A ceiling in the official task table (控制在4.5%以内) is stored as one and judged as one, end to end:
catalogue-import, import of monthly figures, status --json; and the migration that adds the direction."""

from __future__ import annotations

from db import open_store
from db.catalogue import load_plan
from db.migrate import migrate

TASK_TABLE = """序号,类别,任务/事项,指标,目标值,单位,牵头单位,责任单位,完成时限
1,就业,稳定就业,城镇登记失业率,控制在4.5%以内,%,省人社厅,各市州,2024年12月底
2,就业,稳定就业,调查失业率,低于5.5%,%,省人社厅,各市州,2024年12月底
3,就业,稳定就业,基本养老保险参保率,95%以上,%,省人社厅,各市州,2024年12月底
"""

FIGURES = """指标,地区,月份,累计完成
城镇登记失业率,全省,2024-03,3.9
城镇登记失业率,全省,2024-06,4.8
调查失业率,全省,2024-06,5.2
基本养老保险参保率,全省,2024-03,60
"""


def by_name(doc: dict, name: str) -> dict:
    return next(i for i in doc["indicators"] if i["name"] == name)


def test_an_imported_ceiling_is_on_pace_below_it_and_red_above_it_with_no_share_of_completion(cli, tmp_path):
    assert cli("init").code == 0
    table = tmp_path / "task-table.csv"
    table.write_text(TASK_TABLE, encoding="utf-8")
    imported = cli("--json", "catalogue-import", str(table), "--year", "2024", "--yes")
    assert imported.code == 0, imported.stdout + imported.stderr
    catalogue = cli("--json", "catalogue").json
    unemployment = by_name(catalogue, "城镇登记失业率")
    assert (unemployment["target"], unemployment["kind"], unemployment["direction"]) == (4.5, "rate", "lower")
    assert by_name(catalogue, "调查失业率")["direction"] == "lower"
    assert by_name(catalogue, "基本养老保险参保率")["direction"] == "higher"
    assert {i["direction"] for i in catalogue["indicators"] if i["code"] == "ELD-02-1"} == {"higher"}

    figures = tmp_path / "unemployment.csv"
    figures.write_text(FIGURES, encoding="utf-8")
    assert cli("--json", "import", str(figures), "--yes").code == 0

    march = cli("--json", "status", "--as-of", "2024-03").json
    row = next(i for i in march["indicators"] if i["code"] == unemployment["code"])
    assert (row["status"], row["severity"], row["direction"], row["progress"]) == ("on_pace", None, "lower", None)
    pension = next(i for i in march["indicators"] if i["code"] == by_name(catalogue, "基本养老保险参保率")["code"])
    # a rate that must reach 95% is a level: 60% in March is not "ahead" of a quarter of the year
    assert (pension["status"], pension["severity"], pension["direction"]) == ("lagging", "red", "higher")

    june = cli("--json", "status", "--as-of", "2024-06").json
    row = next(i for i in june["indicators"] if i["code"] == unemployment["code"])
    assert (row["status"], row["severity"], row["progress"]) == ("lagging", "red", None)
    assert "超过上限4.5%" in row["explanation"]
    task = next(t for t in june["tasks"] if t["code"] == unemployment["task"])
    assert (task["status"], task["severity"]) == ("lagging", "red")
    survey = next(i for i in june["indicators"] if i["code"] == by_name(catalogue, "调查失业率")["code"])
    assert (survey["status"], survey["direction"]) == ("on_pace", "lower")
    assert all(i["direction"] == "higher" for i in june["indicators"] if i["code"].startswith("ELD"))


def test_the_direction_migration_keeps_every_stored_indicator_a_target_to_reach(db_target):
    store = open_store(db_target, migrate=False)
    migrate(store, upto=6)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO plans (year, declared_tasks, declared_areas, title_zh, title_en, origin, updated_at)"
            " VALUES (2024, 1, 1, '计划', 'Plan', 'test', TIMESTAMP '2024-01-01 00:00:00')"
        )
        conn.execute(
            "INSERT INTO indicators (year, code, task_code, area_code, name_zh, name_en, unit_zh, unit_en, kind,"
            " target, stated, source_file, source_quote, deadline_month, position)"
            " VALUES (2024, 'A-01-1', 'A-01', 'A', '指标', 'Indicator', '个', 'items', 'count', 10, '10',"
            " 'f', 'q', 12, 0)"
        )
    assert 7 in migrate(store)
    with store.connect() as conn:
        plan = load_plan(conn, 2024)
    assert [(i.code, i.direction.value) for i in plan.indicators] == [("A-01-1", "higher")]
