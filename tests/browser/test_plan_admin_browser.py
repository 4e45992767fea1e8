"""The admin's catalogue import in a real browser: upload the official task table, read the preview, confirm the
warning, import, and find the import in the history with the file, the account and the local time."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from db import open_store
from services import catalogue

from .helpers import (
    TESTER,
    choose_upload,
    dataframe_grid,
    grid_cell,
    grid_header,
    init_db,
    metric_value,
    open_app,
    screenshot,
    wait_for_app,
)

TABLE = "\n".join(
    [
        "2024年民生实事任务分解表",
        "序号,类别,任务,指标,目标值,单位,牵头单位,责任单位,完成时限",
        "1,养老助老,合作助老餐厅和助餐点,新建改建合作助老餐厅和助餐点,1500,个,省民政厅,,12月底",
        "2,社区服务,社区嵌入式服务设施,建成社区嵌入式服务设施,200,个,省住建厅,,10月底",
    ]
).encode("utf-8")


def test_catalogue_import_preview_confirm_and_history(start_app, new_page, tmp_path):
    db = init_db(tmp_path / "tracker.duckdb")
    app = start_app(db)
    page = new_page()
    open_app(page, app.page_url())
    open_app(page, app.page_url("plan-catalogue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("2024年任务目录导入")
    # The page is in the menu's plan group for an admin.
    expect(page.get_by_test_id("stSidebarNav").get_by_text("目录导入", exact=True)).to_be_attached()
    choose_upload(page, "2024年任务分解表.csv", TABLE)
    expect(metric_value(page, "新增")).to_have_text("3")
    expect(metric_value(page, "修改")).to_have_text("1")
    expect(metric_value(page, "警告")).to_have_text("1")
    commit = page.get_by_role("button", name="确认导入")
    expect(commit).to_be_disabled()  # the warning is ticked first
    screenshot(page, "plan-catalogue-preview-zh")
    store = open_store(str(db), migrate=False)
    assert catalogue.plan(store, 2024).indicator("ELD-02-1").target == 1300  # the preview wrote nothing
    page.get_by_text("我已核对上述警告，仍然提交").click()
    wait_for_app(page)
    expect(commit).to_be_enabled()
    commit.click()
    wait_for_app(page)
    expect(page.get_by_text("已导入“2024年任务分解表.csv”：新增 3 项，修改 1 项。")).to_be_visible()
    assert catalogue.plan(store, 2024).indicator("ELD-02-1").target == 1500
    page.get_by_role("tab", name="变更记录").click()
    wait_for_app(page)
    history = page.get_by_role("tabpanel", name="变更记录")
    grid = dataframe_grid(history)
    expect(grid_header(grid, "时间（北京时间）")).to_be_attached()
    expect(grid_cell(grid, "2024年任务分解表.csv")).to_be_attached()
    expect(grid_cell(grid, TESTER).first).to_be_attached()
    expect(grid_cell(grid, "导入任务分解表")).to_be_attached()
    expect(history.get_by_text(re.compile(r"操作人 tester · 导入任务分解表 · 2024年任务分解表\.csv"))).to_be_visible()
    screenshot(page, "plan-catalogue-history-zh")
