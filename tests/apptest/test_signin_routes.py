"""The sign-in routes and the gate over HTTP (Starlette's TestClient; a stand-in answers for Streamlit's pages)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from services import accounts, sessions
from services.demo import add_demo_accounts, build_demo
from targets.access import Role
from ui import signin

PW = "correct horse battery"


def client(store, monkeypatch) -> TestClient:
    monkeypatch.setenv("LIVELIHOOD_DB", store.target)

    async def streamlit_page(request):
        return PlainTextResponse("the app")

    app = Starlette(
        routes=[*signin.routes(), Route("/{path:path}", streamlit_page)],
        middleware=[Middleware(signin.SignInGate)],
    )
    return TestClient(app, base_url="http://tracker.test", follow_redirects=False)


@pytest.fixture
def boss(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    return store


def test_every_page_without_a_session_goes_to_the_sign_in_page_keeping_the_url(boss, monkeypatch):
    http = client(boss, monkeypatch)
    for path in ("/", "/users", "/task?as_of=2024-06&lang=en", "/no-such-page"):
        answer = http.get(path)
        assert answer.status_code == 302, path
        assert answer.headers["location"].startswith("/auth/login")
        assert "the app" not in answer.text
    assert http.get("/task?as_of=2024-06&lang=en").headers["location"] == (
        "/auth/login?next=%2Ftask%3Fas_of%3D2024-06%26lang%3Den"
    )
    assert http.get("/_stcore/health").text == "the app"  # Streamlit's own endpoints are not pages


def test_signing_in_sets_a_signed_httponly_samesite_cookie_and_returns_to_the_page(boss, monkeypatch):
    http = client(boss, monkeypatch)
    form = http.get("/auth/login?next=%2Ftask%3Fas_of%3D2024-06&lang=en")
    assert "Sign in to the livelihood tracker" in form.text and "sidebar" not in form.text
    assert "tracker.duckdb" not in form.text and boss.target not in form.text  # no database path
    wrong = http.post("/auth/login", data={"name": "boss", "password": "nope", "next": "/task?as_of=2024-06"})
    assert wrong.status_code == 401 and "账号或密码错误。" in wrong.text and "set-cookie" not in wrong.headers
    right = http.post("/auth/login", data={"name": "boss", "password": PW, "next": "/task?as_of=2024-06"})
    assert right.status_code == 303 and right.headers["location"] == "/task?as_of=2024-06"
    cookie = right.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Max-Age=43200" in cookie and "Path=/" in cookie
    assert http.get("/task?as_of=2024-06").text == "the app"
    assert http.get("/no-such-page?lang=en").headers["location"] == "/?lang=en"  # never "Page not found"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_after_sign_in_the_browser_never_leaves_the_site(boss, monkeypatch, target):
    http = client(boss, monkeypatch)
    answer = http.post("/auth/login", data={"name": "boss", "password": PW, "next": target})
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_a_form_posted_from_another_site_is_refused(boss, monkeypatch):
    http = client(boss, monkeypatch)
    answer = http.post("/auth/login", data={"name": "boss", "password": PW}, headers={"origin": "https://evil.example"})
    assert answer.status_code == 403 and "set-cookie" not in answer.headers


def test_sign_out_clears_the_cookie_and_ends_the_session(boss, monkeypatch):
    http = client(boss, monkeypatch)
    http.post("/auth/login", data={"name": "boss", "password": PW, "next": "/"})
    assert http.get("/").text == "the app"
    out = http.post("/auth/logout")
    assert out.status_code == 303 and out.headers["location"].startswith("/auth/login?signed_out=1")
    assert http.get("/").status_code == 302


def test_the_demo_database_names_all_four_demo_accounts_on_the_sign_in_page(store, monkeypatch):
    build_demo(store, actor="setup")
    add_demo_accounts(store)
    page = client(store, monkeypatch).get("/auth/login").text
    for name, password in [
        ("demo", "demo-viewer-2024"),
        ("demo-press", "demo-press-2024"),
        ("demo-reporter", "demo-reporter-2024"),
        ("demo-admin", "demo-admin-2024"),
    ]:
        assert f"{name} / {password}" in page


def test_a_store_with_real_accounts_shows_no_demo_hint(boss, monkeypatch):
    assert "demo-viewer-2024" not in client(boss, monkeypatch).get("/auth/login").text


def test_streamlit_endpoints_under_a_page_path_are_not_pages(boss, monkeypatch):
    http = client(boss, monkeypatch)
    http.post("/auth/login", data={"name": "boss", "password": PW, "next": "/"})
    for path in ("/users/_stcore/health", "/task/_stcore/host-config", "/users/static/js/main.js"):
        assert http.get(path).text == "the app", path
