"""An objection end to end in a real browser: the form service (a real uvicorn, `objections serve`) beside the
app on one database; the form filled in and sent in Chromium, the receipt seen; then the administrator finds it,
with the name and contact, on the app's page 公示异议."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from targets import clock

from .helpers import HOST, PYTHON, ROOT, free_port, init_db, open_app, screenshot


@pytest.fixture
def form_service(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A database with the plan and an administrator, and the form service on it, open today."""
    db = init_db(tmp_path / "tracker.duckdb")
    today = clock.today()
    port = free_port()
    env = {
        **os.environ,
        "LIVELIHOOD_OBJECTION_FROM": (today - timedelta(days=3)).isoformat(),
        "LIVELIHOOD_OBJECTION_TO": (today + timedelta(days=3)).isoformat(),
    }
    log = open(tmp_path / "objections.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [PYTHON, "-m", "targets", "--db", str(db), "objections", "serve", "--host", HOST, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://{HOST}:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((tmp_path / "objections.log").read_text(errors="replace"))
            time.sleep(0.2)
        yield db, url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        log.close()


def test_an_objection_sent_in_the_browser_reaches_the_administrators_page(form_service, start_app, new_page):
    db, url = form_service
    page = new_page()
    page.goto(url)
    expect(page.get_by_role("heading", name="2024年民生实事公示意见反馈")).to_be_visible()
    page.get_by_label("涉及的项目").select_option("EMP-01")
    page.get_by_label("异议内容").fill("某小区加装电梯的进度与公示不符，实际尚未开工")
    page.get_by_label("姓名（选填）").fill("张三")
    page.get_by_label("联系方式（选填）").fill("13912345678")
    expect(page.locator("#website")).not_to_be_in_viewport()  # the honeypot is out of sight
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已收到您的异议，编号 1。感谢您的监督！")).to_be_visible()
    screenshot(page, "objection-form-sent")

    # English, and the language link on the form.
    page.get_by_role("link", name="返回表单").click()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Objections to the 2024 livelihood projects notice")).to_be_visible()

    app = start_app(db)
    admin = new_page()
    open_app(admin, app.page_url(lang="zh"))
    open_app(admin, app.page_url("objections", lang="zh"))
    expect(admin.get_by_role("heading", name="公示异议处理", level=1)).to_be_visible()
    expect(admin.get_by_text("共 1 条：待处理 1 条", exact=False)).to_be_visible()
    expect(admin.get_by_text("某小区加装电梯的进度与公示不符，实际尚未开工")).to_be_visible()
    expect(admin.get_by_text("13912345678", exact=False)).to_be_visible()
    screenshot(admin, "objections-admin-page")
