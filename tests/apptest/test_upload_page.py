"""The upload page with hostile and many-sheet workbooks: the file fails alone, the app goes on, and the person
chooses the sheet when several hold figures."""

from __future__ import annotations

from db import figures as stored
from services import sandbox
from tests.unit.test_sandbox import big_xlsx, bomb_xlsx
from tests.unit.test_upload_sheets import DATA, NOTES, workbook


def open_upload(app):
    app.run()
    return app.switch_page("views/upload.py").run()


def test_the_51_gb_workbook_fails_alone_and_the_app_is_used_normally_after_it(app, store):
    at = open_upload(app)
    at.file_uploader[0].upload("bomb.xlsx", bomb_xlsx(), "application/octet-stream").run()
    assert not at.exception
    assert any(
        "declares 2,147,483,647" in str(v) or "2,147,483,647" in str(v)
        for f in at.dataframe
        for v in f.value.values.ravel()
    )
    assert not [b for b in at.button if b.key == "upload_commit"]
    at.switch_page("views/overview.py").run()
    assert not at.exception and at.title


def test_a_file_beyond_the_readers_memory_fails_with_a_clear_message(app, store, monkeypatch):
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT_BYTES", 48 * 1024 * 1024)
    at = open_upload(app)
    at.file_uploader[0].upload("big.xlsx", big_xlsx(), "application/octet-stream").run()
    assert not at.exception
    messages = [str(v) for f in at.dataframe for v in f.value.values.ravel()]
    assert any(m.startswith("文件无法安全读取：") for m in messages)


def test_the_data_sheet_is_found_behind_an_instructions_sheet_and_said(app, store):
    at = open_upload(app)
    rows = [DATA[0], ["ELD-02-1", "长春市", "2024-06", 120]]
    at.file_uploader[0].upload("book.xlsx", workbook(("填表说明", NOTES), ("6月", rows)), "application/octet-stream")
    at.run()
    assert any("已读取工作表“6月”" in c.value for c in at.caption)
    at.button(key="upload_commit").click().run()
    with store.connect() as conn:
        assert {k: v.value for k, v in stored.stored(conn, 2024).items()} == {("ELD-02-1", "220100", 6): 120.0}


def test_several_data_sheets_ask_which_one(app, store):
    at = open_upload(app)
    book = workbook(("长春", DATA[:2]), ("吉林", [DATA[0], ["ELD-02-1", "吉林市", "2024-06", 80]]))
    at.file_uploader[0].upload("book.xlsx", book, "application/octet-stream").run()
    assert at.selectbox(key="upload_sheet").options == ["长春", "吉林"]
    assert not [b for b in at.button if b.key == "upload_commit"]
    at.selectbox(key="upload_sheet").set_value("吉林").run()
    at.button(key="upload_commit").click().run()
    with store.connect() as conn:
        assert {k: v.value for k, v in stored.stored(conn, 2024).items()} == {("ELD-02-1", "220200", 6): 80.0}
