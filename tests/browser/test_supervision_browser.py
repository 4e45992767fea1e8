"""The reporting cycle and the ledger in a real browser: a locked month refuses an upload in the UI, the month is
reopened on the sign-off page and the upload then lands; the ledger shows in both languages.

The store is in set-up mode (no accounts yet), so the browser acts as an administrator.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from db import figures as stored
from db import open_store
from services.cycle import step
from services.supervision import open_item
from tests.supervision_data import ELD_JUNE_FIX, EXPECTED, upload

from .helpers import TESTER, dataframe_grid, init_db, open_app, screenshot, sidebar, wait_for_app


def prepared(tmp_path: Path, *, lock: bool = False, item: bool = False) -> Path:
    db = tmp_path / "tracker.duckdb"
    init_db(db)
    store = open_store(str(db), migrate=False)
    upload(store, actor=TESTER)
    if lock:
        step(store, 2024, 6, "lock", actor=TESTER, departments=["省民政厅"])
    if item:
        open_item(
            store,
            year=2024,
            kind="task",
            code="ELD-02",
            level="listed",
            measures="每周调度，新增助餐点选址",
            department="省民政厅",
            person="李四",
            deadline=date(2099, 12, 31),
            actor=TESTER,
            as_of=6,
        )
    return db


def june_value(db: Path) -> float:
    with open_store(str(db), migrate=False).connect() as conn:
        return stored.stored(conn, 2024)[("ELD-02-1", "province", 6)].value


def open_page(page: Page, app, path: str, **params) -> Page:
    """Open the app's root first (its script sets up the navigation), then the page by its URL path."""
    open_app(page, app.page_url(**params))
    return open_app(page, app.page_url(path, **params))


def choose_file(page: Page) -> None:
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(
        files=[{"name": "fix.csv", "mimeType": "text/csv", "buffer": ELD_JUNE_FIX}]
    )
    wait_for_app(page)


def test_a_locked_month_refuses_an_upload_until_it_is_reopened_on_the_sign_off_page(start_app, new_page, tmp_path):
    db = prepared(tmp_path, lock=True)
    app = start_app(db)
    page = open_page(new_page(), app, "upload", lang="zh")
    choose_file(page)
    expect(page.get_by_text("文件有错误，整个文件被拒绝，未写入任何数据。", exact=False)).to_be_visible()
    grid = dataframe_grid(page)
    expect(grid.locator("td").filter(has_text="已审核锁定")).to_have_count(1)
    expect(page.get_by_role("button", name="确认提交")).to_have_count(0)
    screenshot(page, "locked-month-upload-zh")
    assert june_value(db) == 400

    open_page(page, app, "periods", lang="zh", as_of="2024-06")
    expect(page.get_by_role("heading", name="报送审核", level=1)).to_be_visible()
    # Nothing waits for approval, so no department is chosen and no step is offered until one is.
    expect(page.get_by_role("button", name="重新开放")).to_have_count(0)
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="报送单位")
    picker.locator("input").click()
    page.keyboard.type("省民政厅")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(picker).to_contain_text("省民政厅")
    # A locked month offers one step, named for what it does; no generic "操作 ▶".
    expect(page.get_by_role("button", name="操作 ▶")).to_have_count(0)
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)
    page.get_by_label("退回意见或重新开放的原因（退回、重新开放时必填）").fill("省民政厅申请更正6月数据")
    page.get_by_role("button", name="重新开放").click()
    wait_for_app(page)
    expect(page.get_by_text("已重新开放：2024年6月（省民政厅）。", exact=True)).to_be_visible()

    open_page(page, app, "upload", lang="zh")
    choose_file(page)
    page.get_by_role("button", name="确认提交").click()
    wait_for_app(page)
    expect(page.get_by_text("已提交批次", exact=False)).to_be_visible()
    assert june_value(db) == 450


def test_the_ledger_shows_in_both_languages(start_app, new_page, tmp_path):
    app = start_app(prepared(tmp_path, item=True))
    page = open_page(new_page(), app, "supervision", lang="zh")
    expect(page.get_by_role("heading", name="督办台账", level=1)).to_be_visible()
    expect(page.get_by_text("共 1 项：在办 1 项（逾期 0 项），已销号 0 项。", exact=True)).to_be_visible()
    ledger = page.get_by_test_id("stTable").locator("table").first  # wrapped, nothing off the right edge
    expect(ledger.locator("td").filter(has_text="🚩 挂牌督办")).to_have_count(1)
    expect(page.get_by_test_id("stMarkdown").filter(has_text="李四").last).to_be_visible()  # the item's detail
    # The reason, frozen at opening, quoted in the item's detail.
    expect(page.get_by_role("blockquote").get_by_text(EXPECTED[1][3], exact=True)).to_be_visible()
    screenshot(page, "ledger-zh")
    sidebar(page).get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Supervision ledger", level=1)).to_be_visible()
    expect(page.get_by_text("1 item(s): 1 open (0 overdue), 0 closed.", exact=True)).to_be_visible()
    ledger = page.get_by_test_id("stTable").locator("table").first
    expect(ledger.locator("td").filter(has_text="🚩 Public listing")).to_have_count(1)
    expect(page.get_by_role("blockquote").get_by_text(EXPECTED[1][4], exact=True)).to_be_visible()
    screenshot(page, "ledger-en")
