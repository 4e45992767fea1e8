"""The investment block on the overview, area and task pages, in both languages, agreeing with `status --json`."""

from __future__ import annotations

from services.investment import commit_investment
from services.investment import preview_investment as preview
from targets.investment import Amounts
from tests.apptest.test_dashboard_pages import app, figures, open_page, page_text, template  # noqa: F401


def _plan_and_complete(store) -> None:
    from db.investment import save_planned

    with store.transaction() as conn:
        save_planned(
            conn,
            2024,
            {"EMP-01": Amounts(1000.0, {"central": 400.0}), "SOC-02": Amounts(3000.0)},
            actor=None,
            filename="t.csv",
        )
    sheet = "任务编号,月份,累计完成投资（万元）,其中：中央资金\nEMP-01,9,500,100\nSOC-02,9,1000,\n".encode("gbk")
    commit_investment(store, preview(store, sheet, "inv.csv", actor=None), actor="alice")


def test_the_pages_show_the_share_of_the_years_investment(figures, app, cli):  # noqa: F811
    _plan_and_complete(figures)
    doc = cli("status", "--json").json
    assert doc["investment"]["share"] == 0.375  # (500 + 1000) / (1000 + 3000)
    text = page_text(open_page(app, "overview"))
    assert "完成年度总投资的37.5%" in text and "已完成投资 1,500.00 万元 / 计划投资 4,000.00 万元" in text
    assert "只计入列有计划投资的任务" in text
    area = page_text(open_page(app, "area", dashboard_area="EMP"))
    assert "完成年度总投资的50.0%" in area and "中央资金" in area  # EMP-01 alone: 500 / 1000; central 100 / 400
    task = page_text(open_page(app, "task", lang="en", dashboard_task="SOC-02", dashboard_indicator="SOC-02-1"))
    assert "33.3% of the year's investment completed" in task
    other = page_text(open_page(app, "task", dashboard_task="SOC-03", dashboard_indicator="SOC-03-1"))
    assert "任务分解表未列本任务的计划投资" in other


def test_the_investment_page_offers_the_template_and_shows_the_revisions(figures, app):  # noqa: F811
    from services.accounts import add_user
    from targets.access import Role
    from tests.apptest.conftest import TESTER, TESTER_PASSWORD, sign_in

    _plan_and_complete(figures)
    add_user(figures, TESTER, Role.ADMIN, TESTER_PASSWORD, actor=None)
    sign_in(app, figures, TESTER)
    at = open_page(app, "investment", inv_history_task="SOC-02")
    text = page_text(at)
    assert "完成年度总投资的37.5%" in text and at.get("download_button")
    # The revision on record: who and which file (the upload itself is tested through the services).
    assert "inv.csv" in text and "alice" in text and "现行" in text


def test_the_catalogue_page_lists_the_planned_investment(figures, app):  # noqa: F811
    _plan_and_complete(figures)
    text = page_text(open_page(app, "catalogue"))
    assert "计划投资（万元）" in text and "1,000.00" in text and "400.00" in text  # EMP-01, its central share
