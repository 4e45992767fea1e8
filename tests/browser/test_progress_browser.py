"""The officials' and the departments' main paths in a real browser, in both languages:
upload → preview → confirm; the overview's counts equal `status --json`; the regions ranking and
heat-map; a reporter signed in through the form sees and writes only their department's figures."""

from __future__ import annotations

import json
import re
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


def test_the_overview_shows_the_counts_of_status_json(demo_app, new_page, demo_db):
    summary = status_json(demo_db)["summary"]
    app = demo_app
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
def test_the_regions_page_ranks_and_shows_the_heat_map(demo_app, new_page, lang, title, first):
    app = demo_app
    page = open_page(new_page(), app, "regions", lang=lang)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    ranking = page.get_by_test_id("stTable").locator("table").first  # a static table: wrapped, never clipped
    expect(ranking.locator("tbody tr")).to_have_count(10)  # ten regions
    expect(ranking.locator("td").filter(has_text=first).first).to_be_visible()
    heat = dataframe_grid(page, 0)  # one row per indicator, one column per region beside the indicator's name
    expect(heat).to_have_attribute("aria-colcount", "11")
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


# --- reading the progress pages at 1440 px and on a 390 px phone ---------------------------------------

DESKTOP = {"width": 1440, "height": 1000}
PHONE = {"width": 390, "height": 844}

# Every table on the page: its right edge and that of each header cell, the width it needs and has.
TABLE_BOXES = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')].map(t => {
    const table = t.querySelector('table');
    const heads = [...table.querySelectorAll('thead th')].map(th => {
        const r = th.getBoundingClientRect();
        return {text: th.innerText.trim(), right: r.right};
    });
    return {right: t.getBoundingClientRect().right, scroll: t.scrollWidth, client: t.clientWidth,
            tableWidth: table.getBoundingClientRect().width, heads};
})"""

# Each Plotly chart's title, legend and plotting area as boxes.
CHART_BOXES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => {
    const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    return {chart: box(c), title: box(c.querySelector('.gtitle')), legend: box(c.querySelector('.legend')),
            plot: box(c.querySelector('.nsewdrag'))};
})"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture(scope="module")
def demo_app(demo_db):
    from .helpers import start_app as start

    app = start(demo_db)
    yield app
    app.stop()


@pytest.mark.parametrize("path", ["", "task", "regions", "completeness"])
def test_key_columns_are_never_cut_off_at_1440px(demo_app, new_page, path):
    page = open_page(new_page(viewport=DESKTOP), demo_app, path, lang="zh")
    page.wait_for_timeout(500)
    tables = page.evaluate(TABLE_BOXES)
    assert tables, "the page shows its tables with st.table"
    for table in tables:
        assert table["scroll"] <= table["client"] + 1, f"a table needs a horizontal scroll: {table['heads']}"
        for head in table["heads"]:
            assert head["right"] <= DESKTOP["width"], f"column {head['text']} is cut off at {head['right']}px"
    if path == "":
        lagging = next(t for t in tables if any(h["text"] == "落后（百分点）" for h in t["heads"]))
        assert [h["text"] for h in lagging["heads"]][:3] == ["状态", "落后（百分点）", "说明"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440px", "390px"])
@pytest.mark.parametrize("path", ["", "task"])
def test_chart_titles_legends_and_plots_keep_apart(demo_app, new_page, path, viewport):
    page = open_page(new_page(viewport=viewport), demo_app, path, lang="zh")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .gtitle')
    page.wait_for_timeout(800)
    charts = page.evaluate(CHART_BOXES)
    assert charts
    for chart in charts:
        title, legend, plot, box = chart["title"], chart["legend"], chart["plot"], chart["chart"]
        assert title["left"] >= box["left"] - 1 and title["right"] <= box["right"] + 1, "the title is cut off"
        assert title["bottom"] <= plot["top"], "the title runs into the plot"
        assert title["top"] >= box["top"] + 20, "no room for the toolbar above the title"
        if legend:
            assert not overlap(title, legend), "the title overlaps the legend"
            assert legend["top"] >= plot["bottom"], "the legend sits on the plot"
            assert legend["right"] <= box["right"] + 1, "the legend is cut off"
    # the phone's page itself never scrolls sideways
    width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert width <= viewport["width"] + 1


def test_the_overview_labels_clear_the_schedule_diamonds(demo_app, new_page):
    page = open_page(new_page(viewport=DESKTOP), demo_app, "", lang="zh")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .annotation')
    page.wait_for_timeout(800)
    boxes = page.evaluate(
        """() => { const c = document.querySelector('[data-testid="stPlotlyChart"]');
        const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
        return {labels: [...c.querySelectorAll('.annotation')].map(box),
                diamonds: [...c.querySelectorAll('.scatterlayer .point')].map(box)}; }"""
    )
    assert len(boxes["labels"]) == 7 and boxes["diamonds"]
    for label in boxes["labels"]:
        assert not any(overlap(label, d) for d in boxes["diamonds"]), "a diamond covers a percentage label"


@pytest.mark.parametrize("path", ["", "task"])
def test_the_print_view_has_the_screens_content_and_a4_rules(demo_app, new_page, path):
    page = new_page(viewport=DESKTOP)
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    open_page(page, demo_app, path, lang="zh")
    headings = page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').all_inner_texts()
    tables = page.get_by_test_id("stTable").count()
    page.get_by_role("button", name="打印").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="返回屏幕视图")).to_be_visible()
    page.wait_for_function("() => window.__printed >= 1")  # the print view opens the print dialog
    # the same sections and tables as on screen
    assert page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').all_inner_texts() == headings
    assert page.get_by_test_id("stTable").count() >= tables
    css = page.evaluate("() => [...document.querySelectorAll('style')].map(s => s.textContent).join('\\n')")
    assert "@page { size: A4 portrait" in css and "@media print" in css
    page.emulate_media(media="print")
    expect(sidebar(page)).to_be_hidden()
    expect(page.get_by_role("button", name="返回屏幕视图")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
    page.emulate_media(media="screen")
    page.get_by_role("button", name="返回屏幕视图").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="打印")).to_be_visible()


def test_the_regions_map_shows_in_both_languages_and_a_click_opens_the_region(demo_app, new_page):
    for lang, short, full, legend in [
        ("zh", "通化", "通化市", "按序时"),
        ("en", "Tonghua", "Tonghua", "On pace"),
    ]:
        page = open_page(new_page(), demo_app, "regions", lang=lang)
        chart = page.get_by_test_id("stPlotlyChart").first
        tile = chart.locator(".annotation-text").filter(has_text=short)
        expect(tile).to_have_count(1)
        expect(chart.locator(".annotation-text")).to_have_count(10)  # one tile per region
        expect(chart.locator(".legendtext").filter(has_text=legend)).to_have_count(1)
        picker = page.get_by_role("combobox", name="选择地区" if lang == "zh" else "Choose a region")
        expect(picker).not_to_have_value(full)  # the view opens on the first-ranked region
        chart.scroll_into_view_if_needed()
        box = tile.bounding_box()  # the label sits on the tile; the click lands on the tile under it
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_for_app(page)
        expect(picker).to_have_value(full)
        expect(page).to_have_url(re.compile(r"[?&]region=220500"))
        screenshot(page, f"regions-map-{lang}")


def test_the_task_page_shows_a_construction_tasks_milestones_whole_at_1440px(demo_app, new_page):
    """Issue 21: the demo's EDU-01 schools with their dates and lights, no column cut off, in both languages."""
    page = open_page(new_page(viewport=DESKTOP), demo_app, "task", lang="zh")
    page.get_by_test_id("stSelectbox").filter(has_text="任务").first.click()
    page.get_by_role("option").filter(has_text="EDU-01").first.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="项目节点（开工、完工、验收）")).to_be_visible()
    table = page.get_by_test_id("stTable").filter(has_text="节点灯")
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table.get_by_text("🔴 节点逾期").first).to_be_visible()
    expect(page.get_by_text("开工率66.7%", exact=False)).to_be_visible()  # 4 of the 6 schools started
    boxes = [t for t in page.evaluate(TABLE_BOXES) if any(h["text"] == "节点灯" for h in t["heads"])]
    assert len(boxes) == 1 and boxes[0]["scroll"] <= boxes[0]["client"] + 1
    assert all(h["right"] <= DESKTOP["width"] for h in boxes[0]["heads"])
    sidebar(page).get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(
        page.get_by_test_id("stTable").filter(has_text="Milestone light").get_by_text("🟠 Done late")
    ).to_be_visible()
