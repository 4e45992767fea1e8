"""Single sign-on end to end through Chromium, against a real OpenID Connect provider on localhost
(oidc-provider-mock, built on Authlib): a reporter signs in and writes under their own name, a viewer is
refused and logged, an admin sees and disables the SSO account, and a malformed configuration stops start-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db import audit, open_store
from db import figures as stored
from services import accounts

from .helpers import TESTER, init_db, on_sign_in_page, open_app, sidebar, start_app, wait_for_app

REPORTER = "mz@mz.gov.cn"
VIEWER = "official@gov.cn"


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    people = [
        User(sub="mz-sso", claims={"email": REPORTER, "groups": ["tracker-reporters"], "department": "省民政厅"}),
        User(sub="viewer-sso", claims={"email": VIEWER, "groups": ["tracker-viewers", "somebody-else"]}),
        User(sub="stranger-sso", claims={"email": "stranger@example.com", "groups": ["cleaners"]}),
    ]
    with run_server_in_thread(user_claims=people) as server:
        yield f"http://localhost:{server.server_port}"


def secrets_file(folder: Path, provider: str, **overrides: str) -> Path:
    lines = {
        "server_metadata_url": f'"{provider}/.well-known/openid-configuration"',
        "client_id": '"tracker"',
        "client_secret": '"tracker-secret"',
        "role_claim": '"groups"',
        "department_claim": '"department"',
        "name_claim": '"email"',
        **overrides,
    }
    path = folder / "secrets.toml"
    path.write_text(
        "[livelihood.sso]\n"
        + "".join(f"{k} = {v}\n" for k, v in lines.items())
        + '[livelihood.sso.roles]\n"tracker-reporters" = "reporter"\n"tracker-viewers" = "viewer"\n',
        encoding="utf-8",
    )
    return path


def sso_sign_in(page: Page, url: str, subject: str, sso_label: str = "通过统一身份认证登录") -> None:
    page.goto(url)
    assert on_sign_in_page(page)
    page.get_by_role("link", name=sso_label).click()
    page.get_by_role("button", name=subject, exact=True).click()  # the provider's own page: who signs in
    page.wait_for_load_state()


def log(db) -> list[tuple[str, str]]:
    with open_store(str(db), migrate=False).connect() as conn:
        return [(e["actor"], e["action"]) for e in audit.recent(conn, 300)]


def test_sso_users_sign_in_write_as_their_role_are_refused_outside_it_and_sign_out(
    start_app, new_page, tmp_path, provider
):
    db = init_db(tmp_path / "tracker.duckdb")
    app = start_app(db, extra_args=("--secrets.files", str(secrets_file(tmp_path, provider))))

    page = new_page()
    sso_sign_in(page, app.page_url("upload", lang="zh"), "mz-sso")
    wait_for_app(page)
    assert page.url.startswith(app.page_url("upload"))  # back where the reporter was going
    expect(sidebar(page).get_by_text(f"当前用户：{REPORTER}（填报） · 省民政厅")).to_be_visible()
    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(
        files=[
            {
                "name": "own.csv",
                "mimeType": "text/csv",
                "buffer": "指标编号,月份,累计完成\nELD-02-1,2024-05,640\n".encode(),
            }
        ]
    )
    wait_for_app(page)
    page.get_by_role("button", name="确认提交").click()
    wait_for_app(page)
    store = open_store(str(db), migrate=False)
    with store.connect() as conn:
        assert stored.stored(conn, 2024)[("ELD-02-1", "province", 5)].value == 640
        assert stored.batch(conn, 1).uploaded_by == REPORTER  # the claim's name, not "web"
    account = accounts.account(store, REPORTER)
    assert account.user.role.value == "reporter" and account.user.department == "省民政厅" and not account.has_password
    sidebar(page).get_by_role("button", name="退出登录").click()
    page.wait_for_url(re.compile(r"/auth/login"))
    expect(page.get_by_text("已退出登录。")).to_be_visible()

    viewer = new_page()
    sso_sign_in(viewer, app.page_url("upload", lang="en"), "viewer-sso", "Sign in with single sign-on")
    wait_for_app(viewer)
    expect(viewer.get_by_text("may not upload", exact=False)).to_be_visible()
    expect(viewer.get_by_test_id("stFileUploader")).to_have_count(0)
    assert (VIEWER, "denied") in log(db)

    stranger = new_page()
    sso_sign_in(stranger, app.page_url(lang="en"), "stranger-sso", "Sign in with single sign-on")
    expect(stranger.get_by_role("heading", name="Sign in to the livelihood tracker")).to_be_visible()
    expect(stranger.get_by_test_id("stApp")).to_have_count(0)
    expect(stranger.get_by_role("alert")).to_contain_text("no role")
    assert accounts.account(store, "stranger@example.com") is None

    # An admin sees the SSO accounts and disables one: its open session ends at once.
    admin = open_app(new_page(), app.page_url("users", lang="en"))
    expect(admin.get_by_text(TESTER, exact=False).first).to_be_visible()
    names = {a.user.name for a in accounts.accounts(store)}
    assert {REPORTER, VIEWER} <= names
    accounts.set_disabled(store, VIEWER, True, actor=TESTER)
    viewer.reload()
    assert on_sign_in_page(viewer)
    sso_sign_in(viewer, app.page_url(lang="en"), "viewer-sso", "Sign in with single sign-on")
    expect(viewer.get_by_test_id("stApp")).to_have_count(0)
    expect(viewer.get_by_role("alert")).to_contain_text("disabled")


@pytest.mark.parametrize(
    ("override", "said"),
    [
        ({"client_id": '""'}, "client_id"),
        ({"role_claim": "3"}, "role_claim"),
        ({"rolez": '"groups"'}, "unknown key"),
    ],
)
def test_a_malformed_sso_configuration_stops_start_up_with_a_clear_message(tmp_path, provider, override, said):
    db = init_db(tmp_path / "tracker.duckdb")
    with pytest.raises(AssertionError) as failed:
        server = start_app(db, extra_args=("--secrets.files", str(secrets_file(tmp_path, provider, **override))))
        server.stop()
    assert "Single sign-on is misconfigured" in str(failed.value) and said in str(failed.value)
