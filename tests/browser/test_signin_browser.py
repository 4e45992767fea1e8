"""Signing in through Chromium: nothing before sign-in, the set-up token, deep links that survive F5, and a
sign-out on one server that ends the session on the other (both languages)."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from .helpers import TESTER, TESTER_PASSWORD, init_db, on_sign_in_page, open_app, sidebar, sign_in, wait_for_app

SIGN_IN = {"zh": "登录民生实事跟踪系统", "en": "Sign in to the livelihood tracker"}
SET_UP = {"zh": "创建第一个管理员", "en": "Create the first administrator"}
ACCOUNTS = {"zh": "账号管理", "en": "Accounts"}
TASK_MENU = {"zh": "任务", "en": "Tasks"}
SIGN_OUT = {"zh": "退出登录", "en": "Sign out"}


def path_and_query(page: Page) -> tuple[str, dict[str, list[str]]]:
    parts = urllib.parse.urlsplit(page.url)
    return parts.path, urllib.parse.parse_qs(parts.query)


def no_page_not_found(page: Page) -> None:
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_text("Running the app's main page")).to_have_count(0)


def token_from(app) -> str:
    found = re.search(r"set-up token\s+(\S+)", app.stderr)
    assert found, app.stderr
    return found.group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_fresh_database_offers_no_admin_page_to_an_anonymous_visitor(start_app, page, tmp_path, lang):
    app = start_app(init_db(tmp_path / "fresh.duckdb", admin=False))
    for path in ("", "users", "audit", "upload"):
        page.goto(app.page_url(path, lang=lang))
        assert on_sign_in_page(page), page.url
        expect(page.get_by_role("heading", name=SET_UP[lang])).to_be_visible()
        # Nothing of the app: no Streamlit, no menu, no filters, no database path.
        expect(page.get_by_test_id("stApp")).to_have_count(0)
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)
        expect(page.get_by_text("fresh.duckdb")).to_have_count(0)
        expect(page.get_by_text(ACCOUNTS[lang], exact=True)).to_have_count(0)
    # The page's HTML never reached the browser either: the server answered with the sign-in page.
    response = page.request.get(app.page_url("users"), max_redirects=0)
    assert response.status == 302 and response.headers["location"].startswith("/auth/login")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_set_up_token_creates_the_first_admin_once(start_app, new_page, tmp_path, lang):
    app = start_app(init_db(tmp_path / "fresh.duckdb", admin=False))
    token = token_from(app)
    page = new_page()
    page.goto(app.page_url("users", lang=lang))
    page.locator("input[name=setup_token]").fill("not-the-token")
    page.locator("input[name=name]").fill("chief")
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_have_text("设置令牌不正确。" if lang == "zh" else "Wrong set-up token.")
    page.locator("input[name=setup_token]").fill(token)
    page.locator("input[name=name]").fill("chief")
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("form button[type=submit]").click()
    wait_for_app(page)
    assert path_and_query(page)[0] == "/users"  # where the visitor was going
    expect(page.get_by_role("heading", name=ACCOUNTS[lang])).to_be_visible()
    expect(sidebar(page).get_by_text("chief", exact=False).first).to_be_visible()
    # The token is spent: another visitor gets the ordinary sign-in page, and a replayed form is refused.
    other = new_page()
    other.goto(app.page_url(lang=lang))
    expect(other.get_by_role("heading", name=SIGN_IN[lang])).to_be_visible()
    expect(other.locator("input[name=setup_token]")).to_have_count(0)
    replay = other.request.post(
        f"{app.url}/auth/setup",
        form={"setup_token": token, "name": "intruder", "password": "correct horse battery"},
        max_redirects=0,
    )
    assert replay.status == 403
    sign_in(other, "intruder", "correct horse battery")
    assert on_sign_in_page(other)
    expect(other.get_by_role("alert")).to_have_text(
        "账号或密码错误。" if lang == "zh" else "Wrong account name or password."
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_f5_on_a_deep_link_keeps_the_user_on_that_page(start_app, new_page, tmp_path, lang):
    app = start_app(init_db(tmp_path / "tracker.duckdb"))
    page = new_page()
    wanted = app.page_url("task", lang=lang, as_of="2024-06")
    page.goto(wanted)
    assert on_sign_in_page(page)
    expect(page.get_by_role("heading", name=SIGN_IN[lang])).to_be_visible()
    sign_in(page)
    wait_for_app(page)
    path, query = path_and_query(page)
    assert path == "/task" and query["as_of"] == ["2024-06"] and query["lang"] == [lang]
    no_page_not_found(page)
    expect(sidebar(page).get_by_text(TESTER, exact=False).first).to_be_visible()
    page.reload()  # F5
    wait_for_app(page)
    assert path_and_query(page)[0] == "/task" and path_and_query(page)[1]["as_of"] == ["2024-06"]
    no_page_not_found(page)
    expect(sidebar(page).get_by_text(TESTER, exact=False).first).to_be_visible()
    tab = page.context.new_page()  # a new tab, or a bookmark
    tab.goto(app.page_url("completeness", lang=lang))
    wait_for_app(tab)
    assert path_and_query(tab)[0] == "/completeness"
    no_page_not_found(tab)
    for path in ("overview", "no-such-page"):  # a mistyped link goes to the front page, not to a modal
        tab.goto(app.page_url(path, lang=lang))
        wait_for_app(tab)
        no_page_not_found(tab)
        expect(sidebar(tab).get_by_text(TESTER, exact=False).first).to_be_visible()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sign_out_on_one_server_ends_the_session_on_the_other(start_app, page, tmp_path, lang):
    db = init_db(tmp_path / "shared.duckdb")
    one, other = start_app(db), start_app(db)  # two app servers on one store, as behind a load balancer
    open_app(page, one.page_url("task", lang=lang))
    tab = page.context.new_page()
    open_app(tab, other.page_url("regions", lang=lang))  # the cookie is the host's: the other server takes it
    assert path_and_query(tab)[0] == "/regions"
    expect(sidebar(tab).get_by_text(TESTER, exact=False).first).to_be_visible()
    sidebar(page).get_by_role("button", name=SIGN_OUT[lang]).click()
    page.wait_for_url(re.compile(r"/auth/login"))
    expect(page.get_by_text("已退出登录。" if lang == "zh" else "You are signed out.")).to_be_visible()
    tab.reload()
    assert on_sign_in_page(tab)
    expect(tab.get_by_role("heading", name=SIGN_IN[lang])).to_be_visible()
    # An open page on the other server learns it at its next click too: it is sent to the sign-in page.
    open_app(tab, other.page_url("regions", lang=lang), as_user=(TESTER, TESTER_PASSWORD))
    page.goto(one.page_url("task", lang=lang))
    wait_for_app(page)  # signed in again on the other server: the same cookie works here
    sidebar(tab).get_by_role("button", name=SIGN_OUT[lang]).click()
    tab.wait_for_url(re.compile(r"/auth/login"))
    sidebar(page).get_by_role("link", name=TASK_MENU[lang], exact=True).click()
    page.wait_for_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("heading", name=SIGN_IN[lang])).to_be_visible()
