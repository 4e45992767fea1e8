"""The right sheet of a workbook: instruction sheets are passed over, the one sheet with a recognised header is
read, several are offered for a choice, and every issue names its sheet."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from targets.catalogue import load_bundled
from targets.readers.upload import read_upload
from targets.sheets import SheetError

PLAN = load_bundled(2024)
DATA = [
    ["指标编号", "地区", "月份", "累计完成"],
    ["ELD-02-1", "长春市", "2024-06", 120],
    ["ELD-02-1", "吉林市", "2024-06", -5],
]
NOTES = [["填表说明"], ["1. 请按月填报累计完成数。"], ["2. 数值不带单位。"]]


def workbook(*sheets: tuple[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        if name in hidden:
            sheet.hide()
    book.close()
    return buf.getvalue()


@pytest.mark.parametrize("notes_name", ["说明", "填表说明", "填报须知", "Instructions", "目录"])
def test_an_instructions_sheet_before_the_data_sheet_is_passed_over(notes_name):
    parsed = read_upload(workbook((notes_name, NOTES), ("6月进展", DATA)), "book.xlsx", PLAN)
    assert parsed.sheet == "6月进展" and parsed.sheet_choices == ()
    assert [(r.region_code, r.value) for r in parsed.records] == [("220100", 120.0)] or parsed.has_errors
    assert {i.sheet for i in parsed.issues} == {"6月进展"}  # the negative value's error names its sheet
    negative = next(i for i in parsed.issues if i.row == 3)
    assert negative.as_json("en")["sheet"] == "6月进展"


def test_a_sheet_without_a_header_is_passed_over_whatever_its_name():
    parsed = read_upload(workbook(("封面", [["2024年民生实事进展"], ["省民政厅"]]), ("数据", DATA[:2])), "b.xlsx", PLAN)
    assert parsed.sheet == "数据" and not parsed.has_errors and len(parsed.records) == 1


def test_several_data_sheets_are_offered_for_a_choice_never_chosen_in_silence():
    data = workbook(("长春", DATA[:2]), ("吉林", [DATA[0], ["ELD-02-1", "吉林市", "2024-06", 80]]))
    parsed = read_upload(data, "b.xlsx", PLAN)
    assert parsed.records == [] and parsed.sheet_choices == ("长春", "吉林")
    assert [i.rule for i in parsed.issues] == ["several_sheets"] and "长春、吉林" in parsed.issues[0].message_zh
    chosen = read_upload(data, "b.xlsx", PLAN, sheet="吉林")
    assert chosen.sheet == "吉林" and [r.value for r in chosen.records] == [80.0]


def test_no_sheet_with_a_header_names_every_sheet_and_those_passed_over():
    parsed = read_upload(workbook(("说明", NOTES), ("Sheet2", [["随便写点"]])), "b.xlsx", PLAN)
    assert [i.rule for i in parsed.issues] == ["no_sheet_with_header"]
    assert "说明、Sheet2" in parsed.issues[0].message_zh and "说明 为说明页" in parsed.issues[0].message_zh


def test_a_hidden_sheet_is_not_read_and_a_named_sheet_that_is_absent_is_an_error():
    parsed = read_upload(workbook(("新数据", DATA[:2]), ("旧数据", DATA[:2]), hidden=("旧数据",)), "b.xlsx", PLAN)
    assert parsed.sheet == "新数据"
    with pytest.raises(SheetError) as refused:
        read_upload(workbook(("数据", DATA[:2])), "b.xlsx", PLAN, sheet="没有这张")
    assert refused.value.issue.rule == "sheet_not_found"
