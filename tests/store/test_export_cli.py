"""`python -m targets export`: the file's numbers match `status --json` for the same month, and the export is on record."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil

import openpyxl
import pytest
from docx import Document

from services.exports import EXPORT_ACTION, recent_exports
from targets.exports.images import browser_path
from tests.exports_data import upload_known

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent(
    "the files' formats and their agreement with status --json; status reads the store the same way in the tests that run on both"
)

LEAD = re.compile(  # the release's lead: each count is left out when it is 0
    r"截至(\d+)月底，纳入本次统计的(\d+)项任务中，(?:(\d+)项已提前完成全年任务，?)?(?:(\d+)项正按计划推进，?)?"
    r"(?:(\d+)项进度相对滞后，?)?(?:(\d+)项数据尚在汇总)?。"
)


@pytest.fixture
def known(store):
    upload_known(store)
    return store


def status(cli, *args):
    result = cli("status", "--json", *args)
    assert result.code == 0, result.stderr
    return result.json


def export(cli, tmp_path, fmt, *args):
    out = tmp_path / "out" / f"file.{fmt}"
    result = cli("export", "--format", fmt, "--out", str(out), "--as", "press", "--json", *args)
    assert result.code == 0, result.stderr
    return result.json, out


def test_export_writes_the_file_and_reports_it_as_json(known, cli, tmp_path):
    doc, out = export(cli, tmp_path, "xlsx")
    data = out.read_bytes()
    assert doc["ok"] is True and doc["format"] == "xlsx" and doc["path"] == str(out)
    assert doc["bytes"] == len(data) and doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["as_of"] == "2024-06" and doc["sample_data"] is False
    assert doc["summary"] == status(cli)["summary"]


def test_xlsx_counts_and_indicators_match_status_json(known, cli, tmp_path):
    st = status(cli)
    _, out = export(cli, tmp_path, "xlsx")
    wb = openpyxl.load_workbook(out)
    counts = {r[0]: r[1] for r in wb["概览"].iter_rows(max_col=2, values_only=True) if isinstance(r[1], int)}
    sm = st["summary"]
    assert counts["已完成"] == sm["done"] and counts["慢序时（红灯）"] == sm["lagging_red"]
    assert counts["未填报"] == sm["no_data"] and counts["合计"] == sm["total_catalogued"]
    ws = wb["全部指标"]
    top = next(r for r in range(1, 12) if ws.cell(r, 1).value == "编号")
    headers = [c.value for c in ws[top]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=top + 1, values_only=True) if r[0]}
    for ind in st["indicators"]:
        row = rows[ind["code"]]
        assert row[headers.index("累计完成")] == ind["actual"]
        assert row[headers.index("说明")] == ind["explanation"]
    regions = wb["各地区"]
    rtop = next(r for r in range(1, 12) if regions.cell(r, 1).value == "编号")
    rheads = [c.value for c in regions[rtop]]
    meals = next(r for r in regions.iter_rows(min_row=rtop + 1, values_only=True) if r[0] == "ELD-02-1")
    assert meals[rheads.index("全省")] == 1320 and meals[rheads.index("长春市")] == 400
    assert meals[rheads.index("吉林市")] == 180  # May's figure, the latest it has


def test_csv_rows_match_status_json(known, cli, tmp_path):
    st = status(cli)
    _, out = export(cli, tmp_path, "csv", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [r["Code"] for r in rows] == [i["code"] for i in st["indicators"]]
    by_code = {r["Code"]: r for r in rows}
    assert float(by_code["ELD-02-1"]["Cumulative actual"]) == 1320
    assert by_code["ELD-02-1"]["Status"] == "Done" and by_code["HEA-01-1"]["Status"] == "Lagging (Red)"
    assert {r["As of"] for r in rows} == {"2024-06"} and {r["Sample data"] for r in rows} == {"no"}


def test_docx_lead_matches_status_json_for_the_same_month(known, cli, tmp_path):
    for month in ("2024-05", "2024-06"):
        sm = status(cli, "--as-of", month)["summary"]
        doc, out = export(cli, tmp_path, "docx", "--as-of", month)
        assert doc["as_of"] == month and doc["summary"] == sm
        texts = [p.text for p in Document(out).paragraphs]
        match = next(m for m in (LEAD.search(t) for t in texts) if m)
        got = tuple(int(g or 0) for g in match.groups())
        expected = (sm["done"], sm["ahead"] + sm["on_pace"], sm["lagging"], sm["no_data"])
        assert got == (int(month[-2:]), sm["total_catalogued"], *expected)
    assert "新建改建合作助老餐厅和助餐点1320个，提前超额完成全年任务" in " ".join(texts)


def test_each_export_is_in_the_audit_log_with_who_format_month_and_hash(known, cli, tmp_path):
    doc, out = export(cli, tmp_path, "csv", "--as-of", "2024-05")
    entries = recent_exports(known)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["actor"] == "press" and entry["object"] == out.name
    detail = entry["detail"]
    assert (detail["format"], detail["as_of"], detail["sha256"], detail["file"]) == (
        "csv",
        "2024-05",
        doc["sha256"],
        out.name,
    )
    assert detail["bytes"] == doc["bytes"] and detail["sample_data"] is False
    with known.connect() as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id").fetchall()]
    assert actions[-1] == EXPORT_ACTION


def test_export_into_a_folder_uses_the_default_file_name_in_the_files_language(known, cli, tmp_path):
    result = cli("export", "--format", "docx", "--out", str(tmp_path), "--lang", "en", "--json")
    assert result.code == 0, result.stderr
    assert result.json["path"] == str(tmp_path / "livelihood-progress_2024-06_press-release.docx")
    result = cli("export", "--format", "xlsx", "--out", str(tmp_path), "--json")
    assert result.code == 0, result.stderr
    assert result.json["path"] == str(tmp_path / "民生实事进展_2024年6月_进展表.xlsx")
    assert (tmp_path / "民生实事进展_2024年6月_进展表.xlsx").read_bytes().startswith(b"PK")


def test_without_figures_export_is_refused_with_exit_1(store, cli, tmp_path):
    result = cli("export", "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"), "--json")
    assert result.code == 1
    assert result.json["ok"] is False and result.json["error"]["code"] == "no_figures"
    assert not (tmp_path / "x.xlsx").exists()
    assert recent_exports(store) == []


def test_an_account_that_may_not_export_is_refused_before_any_file_is_written(known, cli, tmp_path):
    from db import audit
    from services import accounts as users
    from targets.access import Role

    pw = "correct horse battery"
    users.add_user(known, "boss", Role.ADMIN, pw, actor=None)
    users.add_user(known, "official", Role.VIEWER, pw, actor="boss")
    users.add_user(known, "press", Role.PRESS, pw, actor="boss")
    out = tmp_path / "x.csv"
    result = cli("export", "--format", "csv", "--out", str(out), "--as", "official", "--json")
    assert result.code == 1 and result.json["error"]["code"] == "denied"
    assert not out.exists() and recent_exports(known) == []
    with known.connect() as conn:
        assert ("official", "denied") in [(e["actor"], e["action"]) for e in audit.recent(conn, 50)]
    assert cli("export", "--format", "csv", "--out", str(out), "--as", "press").code == 0
    assert [e["actor"] for e in recent_exports(known)] == ["press"]


def test_bad_usage_exits_2(store, cli, tmp_path):
    assert cli("export", "--format", "doc", "--out", str(tmp_path / "x")).code == 2
    assert cli("export", "--format", "xlsx").code == 2
    assert cli("export", "--format", "xlsx", "--out", "x", "--as-of", "2024-13").code == 2


@pytest.mark.skipif(browser_path() is None or shutil.which("pdftotext") is None, reason="needs Chromium and poppler")
def test_pdf_and_chart_images_from_the_cli(known, cli, tmp_path):
    import subprocess

    doc, out = export(cli, tmp_path, "pdf")
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout)
    sm = doc["summary"]
    assert f"已完成{sm['done']}项，超序时{sm['ahead']}项，按序时{sm['on_pace']}项，慢序时{sm['lagging']}项" in text
    doc, out = export(cli, tmp_path, "svg", "--chart", "progress_by_area")
    assert doc["chart"] == "progress_by_area" and "养老助老" in out.read_text(encoding="utf-8")
    assert [e["detail"]["format"] for e in recent_exports(known)] == ["svg", "pdf"]
