"""The export page through AppTest: it builds the chosen files as of the sidebar's month, offers each for
download and records each build in the audit log."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from services.exports import recent_exports
from targets.exports.images import browser_path
from tests.apptest.conftest import TESTER, sign_in
from tests.exports_data import upload_known


def open_export(app):
    """The overview is the default page: run once, then switch to the export page."""
    app.run()
    return app.switch_page("views/export.py")


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture
def page(app, store):
    upload_known(store)
    return open_export(app)


def test_the_export_page_builds_files_and_offers_a_download_button_for_each(page, store):
    at = page.run()
    assert not at.exception
    assert at.title[0].value == "导出与发布"
    assert "数据截至2024年6月底" in markdown(at)
    at.multiselect(key="export_formats").set_value(["xlsx", "csv"]).run()
    at.button(key="export_build").click().run()
    assert not at.exception
    buttons = {b.key: b for b in at.download_button}
    assert set(buttons) == {"export_download_xlsx", "export_download_csv"}
    assert buttons["export_download_xlsx"].label == "下载 民生实事进展_2024年6月_进展表.xlsx"
    files = {f["format"]: f for f in at.session_state["export_files"]["files"]}
    wb = openpyxl.load_workbook(io.BytesIO(files["xlsx"]["data"]))
    assert wb.sheetnames[0] == "概览"
    rows = list(csv.DictReader(io.StringIO(files["csv"]["data"].decode("utf-8-sig"))))
    assert next(r for r in rows if r["编号"] == "ELD-02-1")["状态"] == "已完成"
    entries = recent_exports(store)
    assert [(e["detail"]["format"], e["detail"]["as_of"], e["actor"]) for e in entries] == [
        ("csv", "2024-06", TESTER),
        ("xlsx", "2024-06", TESTER),
    ]
    assert entries[1]["detail"]["sha256"] == files["xlsx"]["sha256"]
    assert len(at.dataframe[0].value) == 2  # the recent exports


def test_the_export_page_follows_the_sidebar_month_and_the_file_language(app, store):
    upload_known(store)
    app.session_state["as_of_month"] = 5  # the month chosen in the sidebar (ui.context.AS_OF_KEY)
    at = open_export(app).run()
    assert "数据截至2024年5月底" in markdown(at)
    at.multiselect(key="export_formats").set_value(["docx"]).run()
    at.radio(key="export_lang").set_value("en").run()
    at.button(key="export_build").click().run()
    assert not at.exception
    assert [b.label for b in at.download_button] == [
        "下载 民生实事进展_2024年5月_新闻通稿_英文版.docx"
    ]  # named in the reader's language


def test_without_figures_the_page_says_so(app):
    at = open_export(app).run()
    assert not at.exception
    assert "还没有填报数据" in at.info[0].value
    assert not at.download_button


def test_the_page_in_english_builds_the_pdf_briefing(app, store):
    pytest.importorskip("weasyprint")
    if browser_path() is None:
        pytest.skip("the briefing's charts need Chromium")
    upload_known(store)
    app.session_state["ui_lang"] = "en"
    at = open_export(app).run()
    assert at.title[0].value == "Exports for the press office"
    at.multiselect(key="export_formats").set_value(["pdf"]).run()
    at.button(key="export_build").click().run()
    assert not at.exception
    assert [b.label for b in at.download_button] == ["Download livelihood-progress_2024-06_briefing.pdf"]
    assert at.session_state["export_files"]["files"][0]["data"].startswith(b"%PDF-")


PW = "correct horse battery"


@pytest.fixture
def accounts(store):
    from services import accounts as users
    from targets.access import Role

    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    users.add_user(store, "press", Role.PRESS, PW, actor="boss")
    users.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    upload_known(store, actor="boss")
    return store


def test_the_press_office_exports_under_its_own_name(app, accounts):
    sign_in(app, accounts, "press")
    at = open_export(app).run()
    assert not at.exception and not at.error
    at.multiselect(key="export_formats").set_value(["csv"]).run()
    at.button(key="export_build").click().run()
    assert [b.key for b in at.download_button] == ["export_download_csv"]
    assert [e["actor"] for e in recent_exports(accounts)] == ["press"]


def test_a_viewer_opening_the_export_page_by_url_is_refused_and_logged(app, accounts):
    from db import audit

    sign_in(app, accounts, "official")
    at = open_export(app).run()
    assert any("may not export" in e.value or "无权" in e.value for e in at.error)
    assert [b.key for b in at.button] == ["sign_out"] and not at.download_button  # only the sidebar's sign-out
    with accounts.connect() as conn:
        assert ("official", "denied") in [(e["actor"], e["action"]) for e in audit.recent(conn, 50)]
    assert recent_exports(accounts) == []


@pytest.mark.parametrize("basis", ["latest", "approved"])
def test_the_page_and_the_command_line_build_the_same_bytes_for_the_same_view(app, store, cli, tmp_path, basis):
    """One use case (services.exports.build_export) behind both: the same month, basis and language give the
    same file, byte for byte."""
    from services.cycle import step

    upload_known(store)
    step(store, 2024, 5, "lock", actor="setup")  # every department's May is approved: both bases have figures
    if basis == "approved":
        app.query_params["figures"] = "approved"
    at = open_export(app).run()
    formats = ["xlsx", "csv", "docx"]
    at.multiselect(key="export_formats").set_value(formats).run()
    at.button(key="export_build").click().run()
    assert not at.exception
    built = {f["format"]: f["data"] for f in at.session_state["export_files"]["files"]}
    assert sorted(built) == sorted(formats)
    for fmt in formats:
        out = tmp_path / f"cli.{fmt}"
        args = [
            "export",
            "--format",
            fmt,
            "--out",
            str(out),
            "--as",
            TESTER,
            "--as-of",
            "2024-06" if basis == "latest" else "2024-05",
        ]
        result = cli(*args, *(["--approved-only"] if basis == "approved" else []))
        assert result.code == 0, result.stderr
        assert out.read_bytes() == built[fmt], fmt
