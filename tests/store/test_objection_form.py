"""The objection form service over HTTP (Starlette's TestClient, on both stores): the page in both languages
without JavaScript, a submission end to end (303 to the receipt), the double-submit token and cookie, the
honeypot, the closed form with its dates, 413 / 415 / 429 pages, X-Forwarded-For only from a trusted proxy, and
the security headers; nothing of the tracker's app is served."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from objection_service.app import NONCE_COOKIE, create_app, trusted_proxies
from services import objections as svc
from targets import clock
from targets.objections import Limits

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent(
    "the form over HTTP (pages, tokens, headers, limits); objections in the store, rate limit included, run on both in test_objections"
)

TEXT = "某小区加装电梯的进度与公示不符，实际尚未开工"


@pytest.fixture
def window(monkeypatch):
    """The window around today (the service reads the real local date; a real database has no demo clock)."""
    today = clock.today()
    monkeypatch.setenv(svc.FROM_ENV, (today - timedelta(days=1)).isoformat())
    monkeypatch.setenv(svc.TO_ENV, (today + timedelta(days=1)).isoformat())
    return today


def client(store, **kwargs) -> TestClient:
    return TestClient(create_app(store.target, **kwargs), base_url="http://testserver")


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def fields(page: str, **values: str) -> dict[str, str]:
    return {
        "token": token_of(page),
        "lang": "zh",
        "task": "",
        "text": TEXT,
        "name": "",
        "contact": "",
        "website": "",
    } | values


def test_the_page_in_chinese_and_english_without_script(store, window):
    c = client(store)
    r = c.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "2024年民生实事公示意见反馈" in page and 'lang="zh-CN"' in page
    assert "<script" not in page.lower() and 'method="post"' in page
    assert re.search(r'<option value="EMP-01"[^>]*>', page)  # the plan's tasks to choose from
    assert 'name="website"' in page and 'tabindex="-1"' in page  # the honeypot, out of sight and of the tab order
    assert f"受理期：{(window - timedelta(days=1)).isoformat()} 至" in page
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{NONCE_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=" not in cookie  # scoped to where the proxy serves the form
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"] and r.headers["cache-control"] == "no-store"
    en = c.get("/?lang=en").text
    assert "Objections to the 2024 livelihood projects notice" in en and 'lang="en"' in en
    assert "异议内容" not in en


def test_a_submission_end_to_end(store, window):
    c = client(store)
    page = c.get("/").text
    r = c.post(
        "/?lang=zh",
        data=fields(page, task="EMP-01", name="张三", contact="13912345678"),
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "?lang=zh&sent=1"
    receipt = c.get("/?lang=zh&sent=1").text
    assert "已收到您的异议，编号 1" in receipt and 'method="post"' not in receipt
    (o,) = svc.objections(store, 2024, actor=None)
    assert (o.task_code, o.text, o.name, o.contact) == ("EMP-01", TEXT, "张三", "13912345678")
    with store.connect() as conn:
        (hashed,) = conn.execute("SELECT ip_hash FROM objections").fetchone()
    assert hashed == svc.ip_hash(svc.form_secret(store), "testclient")


def test_without_the_cookie_or_with_a_forged_token_the_form_comes_back_with_what_was_typed(store, window):
    c = client(store)
    page = c.get("/").text
    c.cookies.clear()  # cookies off, or a post from another site (SameSite=strict withholds it)
    r = c.post("/", data=fields(page, name="张三"), follow_redirects=False)
    assert r.status_code == 400 and "表单校验未通过" in r.text
    assert TEXT in r.text and 'value="张三"' in r.text and token_of(r.text) != token_of(page)
    r = c.post("/", data=fields(page, token="forged"), follow_redirects=False)
    assert r.status_code == 400
    assert svc.objections(store, 2024, actor=None) == []


def test_the_honeypot_looks_accepted_and_stores_nothing(store, window):
    c = client(store)
    page = c.get("/").text
    r = c.post("/", data=fields(page, website="http://spam.example"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "?lang=zh&sent=0"
    assert "已收到您的异议" in c.get(r.headers["location"]).text
    assert svc.objections(store, 2024, actor=None) == []


def test_problems_are_named_beside_their_fields(store, window):
    c = client(store)
    page = c.get("/?lang=en").text
    r = c.post("/?lang=en", data=fields(page, lang="en", text="abc", task="NOPE-1"), follow_redirects=False)
    assert r.status_code == 400
    assert "There is no task NOPE-1 in the 2024 list." in r.text
    assert "at least 5 characters" in r.text and 'class="field-error"' in r.text


def test_outside_the_window_the_form_says_it_is_closed_with_the_dates(store, monkeypatch):
    today = clock.today()
    opens, closes = today - timedelta(days=10), today - timedelta(days=3)
    monkeypatch.setenv(svc.FROM_ENV, opens.isoformat())
    monkeypatch.setenv(svc.TO_ENV, closes.isoformat())
    c = client(store)
    r = c.get("/")
    assert r.status_code == 200 and 'method="post"' not in r.text
    assert f"异议受理期为 {opens.isoformat()} 至 {closes.isoformat()}，当前不在受理期内" in r.text
    r = c.post("/", data={"text": TEXT}, follow_redirects=False)
    assert r.status_code == 400  # no token: refused before the window is even read
    monkeypatch.delenv(svc.FROM_ENV)
    monkeypatch.delenv(svc.TO_ENV)
    assert "当前不在异议受理期内。" in c.get("/").text


def test_a_post_closed_after_the_page_was_served_is_403(store, window, monkeypatch):
    c = client(store)
    page = c.get("/").text
    monkeypatch.setenv(svc.TO_ENV, (window - timedelta(days=1)).isoformat())
    r = c.post("/", data=fields(page), follow_redirects=False)
    assert r.status_code == 403 and "当前不在受理期内" in r.text
    assert svc.objections(store, 2024, actor=None) == []


def test_a_too_large_post_is_413_and_anything_but_a_form_is_415(store, window):
    c = client(store, limits=Limits(body_max=2048))
    page = c.get("/").text
    r = c.post("/", data=fields(page, text="异" * 800), follow_redirects=False)  # 800 × 9 bytes encoded
    assert r.status_code == 413 and "2048" in r.text
    r = c.post("/", content=b'{"text": "x"}', headers={"content-type": "application/json"})
    assert r.status_code == 415
    r = c.post("/", files={"text": ("a.txt", b"x")})
    assert r.status_code == 415
    assert svc.objections(store, 2024, actor=None) == []


def test_the_sixth_within_an_hour_is_429_with_retry_after(store, window):
    c = client(store, limits=Limits(per_ip=5))
    page = c.get("/").text
    for n in range(5):
        r = c.post("/", data=fields(page, text=f"{TEXT}（第{n + 1}条）"), follow_redirects=False)
        assert r.status_code == 303, r.text
    r = c.post("/", data=fields(page), follow_redirects=False)
    assert r.status_code == 429
    assert 0 < int(r.headers["retry-after"]) <= 3600
    assert "同一网络地址每小时最多提交5条异议" in r.text and 'method="post"' not in r.text
    assert len(svc.objections(store, 2024, actor=None)) == 5


def test_x_forwarded_for_counts_only_behind_a_trusted_proxy(store, window):
    # TestClient's peer is "testclient": untrusted by default, so the header is ignored and all count as one.
    c = client(store, limits=Limits(per_ip=1))
    page = c.get("/").text
    headers = {"x-forwarded-for": "198.51.100.1"}
    assert c.post("/", data=fields(page), headers=headers, follow_redirects=False).status_code == 303
    headers = {"x-forwarded-for": "198.51.100.2"}
    assert c.post("/", data=fields(page), headers=headers, follow_redirects=False).status_code == 429


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(store, window, monkeypatch):
    monkeypatch.setattr("objection_service.app._is_trusted", lambda address, trusted: address == "testclient")
    c = client(store, limits=Limits(per_ip=1), trusted=trusted_proxies("127.0.0.1"))
    page = c.get("/").text
    for ip in ("198.51.100.1", "198.51.100.2"):
        r = c.post("/", data=fields(page), headers={"x-forwarded-for": ip}, follow_redirects=False)
        assert r.status_code == 303
    r = c.post("/", data=fields(page), headers={"x-forwarded-for": "198.51.100.1"}, follow_redirects=False)
    assert r.status_code == 429
    secret = svc.form_secret(store)
    with store.connect() as conn:
        hashes = {h for (h,) in conn.execute("SELECT ip_hash FROM objections").fetchall()}
    assert hashes == {svc.ip_hash(secret, "198.51.100.1"), svc.ip_hash(secret, "198.51.100.2")}


def test_only_the_form_is_served(store, window):
    c = client(store)
    assert c.get("/healthz").text == "ok"
    for path in ("/overview", "/auth/login", "/_stcore/health", "/objections"):
        assert c.get(path).status_code == 404
