"""The catalogue page in a real browser: title, coverage, table, sources, search, and both languages.

One server for the module (the tests only read); each test gets its own page, so its own Streamlit session.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    AppServer,
    init_db,
    open_app,
    running_app,
    screenshot,
    sidebar,
    wait_for_app,
)


def indicator_table(page: Page):
    """The catalogue's table: a static st.table (long names wrap in their cells, nothing off the right edge)."""
    return page.get_by_test_id("stTable").locator("table").first


def cell(table, text: str):
    return table.locator("td").filter(has_text=re.compile(f"^{re.escape(text)}$"))


def header(table, text: str):
    return table.locator("th").filter(has_text=re.compile(f"^{re.escape(text)}$"))


TITLE_ZH = "2024年民生实事任务目录"
TITLE_EN = "2024 livelihood projects catalogue"
COVERAGE_ZH = "已收录 25 / 50 项任务（7 / 10 个方面），共 31 个量化指标。"
COVERAGE_EN = "25 of 50 tasks catalogued (7 of 10 areas), 31 quantitative indicators."


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    folder = tmp_path_factory.mktemp("catalogue")
    db = init_db(folder / "tracker.duckdb")
    with running_app(db, log_dir=folder) as server:
        yield server


def test_chinese_title_coverage_and_table(app: AppServer, page: Page) -> None:
    open_app(page, app.page_url("catalogue"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_ZH)
    expect(page.get_by_text(COVERAGE_ZH, exact=True)).to_be_visible()
    table = indicator_table(page)
    expect(table.locator("tbody tr")).to_have_count(31)  # the 31 indicators
    expect(header(table, "编号")).to_be_visible()
    expect(cell(table, "EMP-01-1")).to_be_visible()
    expect(cell(table, "征集推送岗位")).to_be_visible()
    # The year and the language land in the URL, so a link reopens the same view.
    expect(page).to_have_url(re.compile(r"[?&]lang=zh(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]year=2024(&|$)"))
    screenshot(page, "catalogue-zh")


def test_source_expander_quotes_the_plan(app: AppServer, page: Page) -> None:
    open_app(page, app.page_url("catalogue"))
    expander = page.get_by_test_id("stExpander")
    quote = expander.locator("blockquote").filter(has_text="征集推送岗位40万个（次）")
    expect(quote).to_be_hidden()
    expander.get_by_text("查看来源原文").click()
    expect(quote).to_be_visible()
    # The source is cited as the document names itself; the file only as a detail.
    expect(expander.get_by_text("《用心用情用力保障和改善民生", exact=False).first).to_be_visible()


def test_search_narrows_to_one_indicator(app: AppServer, page: Page) -> None:
    open_app(page, app.page_url("catalogue"))
    search = page.get_by_label("搜索（编号、名称、单位）")
    search.fill("窝沟")
    search.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("符合条件的指标：1 个", exact=True)).to_be_visible()
    table = indicator_table(page)
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(cell(table, "HEA-01-1")).to_be_visible()
    expect(cell(table, "EMP-01-1")).to_have_count(0)
    # The source sentences follow the filter too.
    expander = page.get_by_test_id("stExpander")
    expander.get_by_text("查看来源原文").click()
    expect(expander.locator("blockquote").filter(has_text="窝沟封闭").first).to_be_visible()
    expect(expander.get_by_text("EMP-01-1", exact=False)).to_have_count(0)


def test_sidebar_switches_to_english(app: AppServer, page: Page) -> None:
    open_app(page, app.page_url("catalogue"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_ZH)
    sidebar(page).get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.get_by_text(COVERAGE_EN, exact=True)).to_be_visible()
    table = indicator_table(page)
    expect(header(table, "Indicator")).to_be_visible()
    expect(cell(table, "Job postings collected and pushed")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    screenshot(page, "catalogue-en")


def test_lang_query_parameter_opens_english(app: AppServer, page: Page) -> None:
    open_app(page, app.page_url("catalogue", lang="en"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.get_by_text("25 of 50 tasks catalogued", exact=False)).to_be_visible()
    expect(sidebar(page).get_by_role("radio", name="English")).to_be_checked()
    expect(cell(indicator_table(page), "Job postings collected and pushed")).to_be_visible()


def test_a_deep_link_as_a_fresh_servers_first_request_still_runs_inside_the_app(tmp_path, new_page) -> None:
    """The first request a server sees may be a bookmarked page: it must get the sidebar and the routing."""
    db = init_db(tmp_path / "fresh.duckdb")
    with running_app(db, log_dir=tmp_path) as server:
        page = new_page()
        open_app(page, server.page_url("catalogue"))
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_ZH)
        expect(sidebar(page).get_by_text("计划年度")).to_be_visible()
