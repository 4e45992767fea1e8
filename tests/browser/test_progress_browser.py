"""The officials' and the departments' main paths in a real browser, in both languages:
upload → preview → confirm; the overview's counts equal `status --json`; the regions ranking and
heat-map; a reporter signed in through the form sees and writes only their department's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db import figures as stored
from db import open_store
from services import accounts as users
from services.demo import build_demo
from targets.access import Role

from .helpers import ROOT, TESTER, TESTER_PASSWORD, dataframe_grid, init_db, open_app, screenshot, sidebar, wait_for_app

MAY = "指标编号,月份,累计完成\nELD-02-1,2024-05,640\nPUB-01-1,2024-05,21.3万\n".encode()
PW = "correct horse battery"


def open_page(page: Page, app, path: str, **params) -> Page:
    open_app(page, app.page_url(**params))
    return open_app(page, app.page_url(path, **params))


def choose_file(page: Page, name: str, data: bytes) -> None:
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    wait_for_app(page)


def figures(db: Path) -> dict:
    with open_store(str(db), migrate=False).connect() as conn:
        return {k: v.value for k, v in stored.stored(conn, 2024).items()}


@pytest.mark.parametrize(
    ("lang", "new", "commit", "done"),
    [("zh", "新增", "确认提交", "已提交批次 1"), ("en", "New", "Commit", "Committed batch 1")],
)
def test_upload_preview_confirm(start_app, new_page, tmp_path, lang, new, commit, done):
    db = init_db(tmp_path / "tracker.duckdb")
    app = start_app(db)
    page = open_page(new_page(), app, "upload", lang=lang)
    choose_file(page, "may.csv", MAY)
    expect(page.get_by_test_id("stMetric").filter(has_text=new).get_by_test_id("stMetricValue")).to_have_text("2")
    assert figures(db) == {}  # the preview wrote nothing
    screenshot(page, f"upload-preview-{lang}")
    page.get_by_role("button", name=commit).click()
    wait_for_app(page)
    expect(page.get_by_text(done, exact=False)).to_be_visible()
    assert figures(db) == {("ELD-02-1", "province", 5): 640, ("PUB-01-1", "province", 5): 213000}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = init_db(tmp_path_factory.mktemp("demo") / "demo.duckdb", admin=False)
    store = open_store(str(db), migrate=False)
    build_demo(store, actor="setup")  # set-up mode: the demo makes its own accounts, then ours
    users.add_user(store, TESTER, Role.ADMIN, TESTER_PASSWORD, actor="demo-admin")
    return db


def status_json(db: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "targets", "--db", str(db), "status", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_the_overview_shows_the_counts_of_status_json(start_app, new_page, demo_db):
    summary = status_json(demo_db)["summary"]
    app = start_app(demo_db)
    page = open_app(new_page(), app.page_url(lang="zh"))
    for label, key in [("已完成", "done"), ("超序时", "ahead"), ("按序时", "on_pace"), ("未填报", "no_data")]:
        card = page.get_by_test_id("stMetric").filter(has_text=label).first
        expect(card.get_by_test_id("stMetricValue")).to_have_text(str(summary[key]))
    expect(page.get_by_text("演示数据", exact=False).first).to_be_visible()
    screenshot(page, "overview-zh")
    sidebar(page).get_by_text("English", exact=True).click()
    wait_for_app(page)
    done = page.get_by_test_id("stMetric").filter(has_text="Done").first
    expect(done.get_by_test_id("stMetricValue")).to_have_text(str(summary["done"]))
    screenshot(page, "overview-en")


@pytest.mark.parametrize(
    ("lang", "title", "first"), [("zh", "地区晾晒", "白山市"), ("en", "Regions ranked", "Baishan")]
)
def test_the_regions_page_ranks_and_shows_the_heat_map(start_app, new_page, demo_db, lang, title, first):
    app = start_app(demo_db)
    page = open_page(new_page(), app, "regions", lang=lang)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    ranking = dataframe_grid(page, 0)
    expect(ranking).to_have_attribute("aria-rowcount", "11")  # the header and ten regions
    expect(ranking.locator("td").filter(has_text=first).first).to_be_attached()
    heat = dataframe_grid(page, 1)
    expect(heat).to_have_attribute("aria-rowcount", "11")
    screenshot(page, f"regions-{lang}")


def test_a_reporter_signs_in_and_sees_and_writes_only_their_department(start_app, new_page, tmp_path):
    db = init_db(tmp_path / "tracker.duckdb", admin=False)
    store = open_store(str(db), migrate=False)
    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    users.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    app = start_app(db)
    page = open_app(new_page(), app.page_url(lang="zh"), as_user=None)
    expect(page.get_by_role("heading", name="登录民生实事跟踪系统")).to_be_visible()
    page.get_by_label("账号").fill("mz")
    page.get_by_label("密码").fill(PW)
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)
    expect(sidebar(page).get_by_text("当前用户：mz（填报）", exact=False)).to_be_visible()
    sidebar(page).get_by_role("link", name="数据填报").click()
    wait_for_app(page)
    expect(sidebar(page).get_by_role("link", name="账号管理")).to_have_count(0)  # hidden from a reporter
    page.get_by_role("tab", name="逐项更正").click()
    page.get_by_test_id("stSelectbox").filter(has_text="指标").first.click()
    expect(page.get_by_role("option")).to_have_count(1)  # only ELD-02-1, led by 省民政厅
    expect(page.get_by_role("option").first).to_contain_text("ELD-02-1")
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="上传文件").click()
    choose_file(page, "mixed.csv", MAY)  # PUB-01-1 belongs to 省住建厅
    # The preview refuses the other department's row before anything can be confirmed.
    expect(page.get_by_text("行属于其他单位牵头的指标", exact=False)).to_be_visible()
    expect(page.locator("td").filter(has_text="PUB-01-1").first).to_be_attached()
    expect(page.get_by_role("button", name="确认提交")).to_have_count(0)
    assert figures(db) == {}
    screenshot(page, "reporter-refused-zh")
    # Leaving the other department's rows out commits only the reporter's own.
    page.get_by_test_id("stCheckbox").get_by_text("只提交本单位指标的行").click()
    wait_for_app(page)
    page.get_by_role("button", name="确认提交").click()
    wait_for_app(page)
    expect(page.get_by_text("已提交批次 1", exact=False)).to_be_visible()
    assert figures(db) == {("ELD-02-1", "province", 5): 640.0}
