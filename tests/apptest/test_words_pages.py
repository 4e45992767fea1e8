"""History, audit, upload preview and the export page read as words in both languages: local time with its zone
named, names for codes, words for keys, a dash or （无） for nothing, batches picked by number, file, uploader
and time — never "None", "UTC" or a raw action key."""

from __future__ import annotations

import calendar
import re

import pandas as pd
import pytest

from services import accounts, history
from services.corrections import correct_value
from services.exports import record_export
from services.uploads import commit_upload, preview_upload
from targets.access import Role
from tests.apptest.conftest import sign_in

PW = "correct horse battery"
SHEET = (
    "指标编号,地区,月份,累计完成\nELD-02-1,合计,2024-08,900\nELD-02-1,合计,2024-09,1000\nELD-02-1,长春市,2024-09,120\n"
)
RAW_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")  # login, users.add, figures.upload …


@pytest.fixture
def with_history(store):
    """Two batches (an upload and a correction), an export, accounts and sign-ins: every page has rows."""
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    preview = preview_upload(store, SHEET.encode(), "九月报表.csv", actor="boss")
    assert not preview.errors
    commit_upload(store, preview, actor="boss", confirm_warnings=True)
    key = ("ELD-02-1", "province", 9)
    revision = history.current_figures(store, 2024)[key].revision_id
    correct_value(store, year=2024, key=key, value=1100, expected_revision=revision, actor="boss", reason="核对")
    record_export(store, "boss", "csv", "2024-09", "ab" * 32, "livelihood-2024-09-progress-zh.csv", lang="zh")
    accounts.authenticate(store, "mz", PW)
    with pytest.raises(Exception):  # noqa: B017 - a failed sign-in, whatever it raises, is on record
        accounts.authenticate(store, "mz", "wrong password!")
    return store


def open_page(app, store, page: str, lang: str):
    sign_in(app, store, "boss")
    app.session_state["ui_lang"] = lang
    app.run()
    at = app.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def cells(at) -> list[str]:
    """Every header and cell of every table, and the page's text, as people read them."""
    out: list[str] = []
    for frame in at.dataframe:
        value: pd.DataFrame = frame.value
        out += [str(c) for c in value.columns]
        shown_for_missing = frame.proto.placeholder or "None"  # what Streamlit draws in an empty cell
        out += [shown_for_missing if pd.isna(v) else str(v) for v in value.to_numpy().ravel()]
    for kind in ("title", "caption", "markdown", "info", "success", "warning", "error", "subheader"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(o) for box in at.selectbox for o in box.options]
    return out


def assert_reads_as_words(at, lang: str | None) -> None:
    """No raw value, no UTC; with a language, the times are labelled with the local zone's name."""
    text = cells(at)
    assert not [c for c in text if c in ("None", "nan", "NaN", "<NA>", "unassigned")], text
    assert not [c for c in text if "UTC" in c], [c for c in text if "UTC" in c]
    if not lang:
        return  # a page without times
    zone = "北京时间" if lang == "zh" else "Beijing time"
    assert any(zone in c for c in text if "时间" in c or "When" in c), text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_history_picks_batches_by_number_file_uploader_and_time(app, with_history, lang):
    at = open_page(app, with_history, "history", lang)
    assert_reads_as_words(at, lang)
    picker = at.selectbox(key="history_batch")
    newest, first = picker.options  # newest first
    batch = "第{}批" if lang == "zh" else "Batch {}"
    assert first.startswith(f"{batch.format(1)} · 九月报表.csv · boss · 20")
    assert newest.startswith(f"{batch.format(2)} · {'更正' if lang == 'zh' else 'correction'} · boss · 20")
    at = picker.set_value(1).run()
    table = at.dataframe[1].value
    month, region, old = ("月份", "地区", "原值") if lang == "zh" else ("Month", "Region", "Old")
    assert set(table[month]) == ({"8月", "9月"} if lang == "zh" else {"August", "September"})
    assert set(table[region]) == ({"全省", "长春市"} if lang == "zh" else {"Province", "Changchun"})
    assert set(table[old]) == {"（无）" if lang == "zh" else "(none)"}  # all new figures: nothing before
    assert all(str(v).startswith("ELD-02-1 ") for v in table.iloc[:, 0])  # the indicator by code and name
    at = picker.set_value(2).run()
    correction = at.dataframe[1].value
    assert list(correction[old]) == ["1,000"] and list(correction.iloc[:, -1]) == ["1,100"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_audit_log_says_what_happened_in_words(app, with_history, lang):
    at = open_page(app, with_history, "audit", lang)
    assert_reads_as_words(at, lang)
    table = at.dataframe[0].value
    actions = list(table.iloc[:, 2])
    assert actions and not [a for a in actions if RAW_ACTION.match(a)], actions
    details = " ".join(table.iloc[:, 4])
    assert "{" not in details and '"' not in details
    if lang == "zh":
        assert {"登录", "登录失败", "新增账户", "上传数据", "更正数据", "导出文件"} <= set(actions)
        assert "角色：填报；单位：省民政厅" in details and "密码错误" in details
        assert "CSV，截至2024年9月" in details
    else:
        assert {"Signed in", "Sign-in failed", "Account added", "Figures uploaded", "Export built"} <= set(actions)
        assert "department: Department of Civil Affairs of Jilin Province" in details
        assert "CSV as of September 2024" in details
    objects = set(table.iloc[:, 3])
    assert ("ELD-02-1 · 全省 · 9月" if lang == "zh" else "ELD-02-1 · Province · September") in objects


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_upload_preview_names_months_and_regions(app, with_history, lang):
    at = open_page(app, with_history, "upload", lang)
    months = at.selectbox(key="upload_month").options
    assert months[1:] == ([f"{m}月" for m in range(1, 13)] if lang == "zh" else list(calendar.month_name)[1:])
    sheet = "指标编号,地区,月份,累计完成\nELD-02-1,合计,2024-09,1200\nELD-02-1,吉林市,2024-09,90\n" + (
        "ELD-02-1,吉林市,2024-10,5000\n"  # a jump: a warning
    )
    at.file_uploader[0].upload("十月.csv", sheet.encode(), "text/csv").run()
    assert not at.exception
    assert_reads_as_words(at, None)
    changes = next(f.value for f in at.dataframe if ("原值" if lang == "zh" else "Old") in f.value.columns)
    old = "原值" if lang == "zh" else "Old"
    assert dict(zip(changes.iloc[:, 1], changes[old], strict=False)) == (
        {"全省": "1,100", "吉林市": "（无）"} if lang == "zh" else {"Province": "1,100", "Jilin City": "(none)"}
    )
    assert set(changes.iloc[:, 2]) == ({"9月", "10月"} if lang == "zh" else {"September", "October"})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_export_page_lists_recent_exports_in_local_time(app, with_history, lang):
    at = open_page(app, with_history, "export", lang)
    table = at.dataframe[-1].value
    when = "时间（北京时间）" if lang == "zh" else "When (Beijing time)"
    assert when in table.columns
    assert list(table.iloc[:, 2]) == ["CSV"]
    assert_reads_as_words(at, lang)
