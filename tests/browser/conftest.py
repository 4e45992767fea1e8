"""Fixtures for the browser tests: one headless Chromium per session, a Streamlit server factory, a fresh page.

    def test_something(start_app, page, tmp_path):
        app = start_app(init_db(tmp_path / "t.duckdb"))
        open_app(page, app.page_url(lang="en"))

Every test in this folder carries the `browser` marker (deselect with `-m "not browser"`). On failure the
test's pages are saved to test-artifacts/ (screenshot + HTML) and the logs of the running servers and the
browser console are added to the report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from .helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, AppServer, running_servers
from .helpers import start_app as _start_app

HERE = Path(__file__).resolve().parent

# expect() retries for this long unless told otherwise; a loaded CI machine may need more than the default 5 s.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    if report.failed and HERE in item.path.resolve().parents:
        for server in running_servers():
            report.sections.append((f"streamlit :{server.port}", server.logs()))
        console = getattr(item, "browser_console", None)
        if console:
            report.sections.append(("browser console", "\n".join(console[-200:])))
    return report


# --- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: run `bash scripts/setup.sh` (apt package chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
    yield browser
    browser.close()


# --- servers --------------------------------------------------------------------------------------


@pytest.fixture
def start_app(tmp_path: Path) -> Iterator[Callable[..., AppServer]]:
    """start_app(db_path, env=None, *, port=None, ...) -> AppServer; every server started is stopped at teardown.

    Keyword arguments go to helpers.start_app; the logs stay in the test's tmp_path/streamlit-PORT/.
    """
    started: list[AppServer] = []

    def factory(db_path: str | os.PathLike[str], env: dict[str, str | None] | None = None, **kwargs) -> AppServer:
        kwargs.setdefault("log_dir", tmp_path)
        server = _start_app(db_path, env, **kwargs)
        started.append(server)
        return server

    yield factory
    for server in reversed(started):
        server.stop()


# --- pages ----------------------------------------------------------------------------------------


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """new_page(**context_options) -> a Page in a new browser context (its own cookies, its own Streamlit session).

    Defaults: locale zh-CN, viewport 1400x1000; keyword arguments go to browser.new_context().
    """
    contexts: list[BrowserContext] = []
    console: list[str] = []
    request.node.browser_console = console

    def factory(**options) -> Page:
        context = browser.new_context(**{"locale": "zh-CN", "viewport": {"width": 1400, "height": 1000}, **options})
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        n = len(contexts)
        page.on("console", lambda m: console.append(f"[page {n}] {m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.append(f"[page {n}] pageerror: {e}"))
        return page

    yield factory

    failed = any(
        getattr(request.node, f"rep_{when}", None) and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    for n, context in enumerate(contexts, 1):
        if failed:
            _save_failure(request.node, context, n)
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A fresh page (new context: locale zh-CN, viewport 1400x1000) for one test."""
    return new_page()


def _save_failure(node: pytest.Item, context: BrowserContext, n: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", node.nodeid.split("::", 1)[-1])[:120]
    for i, p in enumerate(context.pages, 1):
        name = f"FAILED-{stem}-{n}.{i}"
        try:
            p.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True, timeout=10_000)
            (ARTIFACTS / f"{name}.html").write_text(p.content())
        except Exception as e:  # a crashed page must not hide the test's own failure
            print(f"could not save {name}: {e}")
        else:
            print(f"saved {ARTIFACTS / name}.png and .html")
