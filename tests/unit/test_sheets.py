"""Reading uploads into grids: type by content, every encoding staff use, and the safety checks on workbooks."""

from __future__ import annotations

import codecs
import contextlib
import csv
import importlib.util
import io
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from targets import sheets
from targets.issues import Severity
from targets.sheets import (
    MAX_UPLOAD_BYTES,
    MAX_XLSX_ENTRIES,
    OLE2_MAGIC,
    Grid,
    SheetError,
    column_letter,
    list_sheets,
    read_grid,
    sniff_delimiter,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "figures"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def load_make_samples():
    """tests/samples/make_samples.py as a module (tests/ is not a package)."""
    name = "make_samples_under_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES.parent / "make_samples.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules[name]


def rule_of(data: bytes, filename: str | None = None) -> str:
    with pytest.raises(SheetError) as caught:
        read_grid(data, filename)
    issue = caught.value.issue
    assert issue.severity is Severity.ERROR
    assert issue.message_zh and issue.message_en
    return issue.rule


def xlsx(build) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MINIMAL_XLSX = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


# --- the committed samples -------------------------------------------------------------------


def test_samples_are_reproducible(tmp_path: Path) -> None:
    written = load_make_samples().write_samples(tmp_path)
    names = sorted(path.name for path in written)
    assert names == sorted(path.name for path in SAMPLES.iterdir())
    for path in written:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), f"{path.name} differs: rerun make_samples.py"


def test_long_utf8_csv_grid_is_exact() -> None:
    grid = read_grid(sample("long_utf8.csv"), "long_utf8.csv")
    assert (grid.format, grid.encoding, grid.sheet) == ("csv", "utf-8", None)
    assert grid.rows[0] == ["指标编号", "指标名称", "月份", "累计完成"]
    assert grid.rows[4] == ["ELD-02-1", "新建改建合作助老餐厅和助餐点", "2024-06", "1,300"]
    assert len(grid.rows) == 5


@pytest.mark.parametrize(
    ("name", "encoding", "cell", "text"),
    [
        ("long_utf8_bom.csv", "utf-8-sig", (0, 0), "Indicator code"),  # the BOM is not part of the first cell
        ("gbk_title_note.csv", "gb18030", (0, 0), "2024年民生实事进展统计表（截至6月底）"),
        ("gb18030.csv", "gb18030", (1, 3), "联系人：𠮷祥"),
        ("utf16_unicode_text.txt", "utf-16-le", (3, 1), "合计"),
        ("semicolon.csv", "utf-8", (2, 0), "CUL-03-4"),
        ("csv_named.xlsx", "utf-8", (1, 0), "CUL-03-4"),
    ],
)
def test_text_samples_decode(name: str, encoding: str, cell: tuple[int, int], text: str) -> None:
    grid = read_grid(sample(name), name)
    assert grid.format == "csv"
    assert grid.encoding == encoding
    assert grid.rows[cell[0]][cell[1]] == text


def test_gbk_sample_keeps_title_and_note_rows_with_excel_padding() -> None:
    grid = read_grid(sample("gbk_title_note.csv"))
    assert len(grid.rows) == 8 and grid.width == 6
    assert grid.rows[0][1:] == [None] * 5
    assert grid.rows[5] == [None] * 6  # an empty row inside the data is kept; only trailing ones go
    assert grid.rows[7][2] == "审核人：李四"


def test_utf16_sample_is_tab_separated() -> None:
    grid = read_grid(sample("utf16_unicode_text.txt"))
    assert grid.rows[0] == ["指标编号", "地区", "月份", "累计完成"]
    assert grid.rows[1] == ["PUB-01-1", "长春市", "2024-06", "120000"]


def test_xlsx_sample_with_merged_title() -> None:
    grid = read_grid(sample("long_title_total.xlsx"), "long_title_total.xlsx")
    assert (grid.format, grid.encoding, grid.sheet, grid.sheets) == ("xlsx", None, "进展", ("进展",))
    assert grid.rows[0] == ["2024年民生实事进展统计表（截至2024年6月底）", None, None, None, None]
    assert grid.rows[2] == [1, "EMP-02-1", "建成规范性实体零工市场", 50, 31]
    assert type(grid.rows[2][0]) is int  # Excel's 1.0 comes back as the 1 the user typed
    assert grid.rows[6] == [None] * 5
    assert grid.rows[7][0] == "注：数据截至2024年6月30日。"
    assert len(grid.rows) == 8
    assert (0, 0, 0, 4) in grid.merged and (7, 0, 7, 4) in grid.merged


def test_wide_increments_sample_keeps_two_header_rows_and_merges() -> None:
    grid = read_grid(sample("wide_increments.xlsx"))
    assert grid.rows[1][:3] == ["指标编号", "指标名称", "本月完成"]
    assert grid.rows[2][:4] == [None, None, "1月", "2月"]
    assert {(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 13)} <= set(grid.merged)


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("empty.csv", "empty_file"),
        ("garbage.xlsx", "unreadable"),
        ("zip_bomb.xlsx", "zip_bomb"),
        ("xml_entities.xlsx", "xml_entities"),
        ("bad_encoding.csv", "encoding"),
    ],
)
def test_unreadable_samples(name: str, rule: str) -> None:
    assert rule_of(sample(name), name) == rule


def test_encoding_error_names_the_line() -> None:
    with pytest.raises(SheetError) as caught:
        read_grid(sample("bad_encoding.csv"))
    assert "第 2 行" in caught.value.issue.message_zh
    assert "line 2" in caught.value.issue.message_en


def test_zip_bomb_sample_is_small_on_disk() -> None:
    assert len(sample("zip_bomb.xlsx")) < 1_000_000


# --- type by content -------------------------------------------------------------------------


def test_xlsx_bytes_named_csv_are_read_as_xlsx() -> None:
    grid = read_grid(sample("wide_months.xlsx"), "figures.csv")
    assert grid.format == "xlsx"
    assert grid.rows[1][:4] == ["ELD-02-1", "新建改建合作助老餐厅和助餐点", "个", 100]


def test_too_large() -> None:
    assert rule_of(b"a" * (MAX_UPLOAD_BYTES + 1)) == "too_large"


def test_the_size_limit_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_UPLOAD_BYTES", 10)
    assert read_grid(b"a,b\n1,2\n12").rows[-1] == ["12", None]
    assert rule_of(b"a,b\n1,2\n123") == "too_large"


def test_ole2_garbage_is_unreadable() -> None:
    assert rule_of(OLE2_MAGIC + bytes(1024), "old.xls") == "unreadable"


def test_zip_that_is_not_a_workbook_is_unreadable() -> None:
    assert rule_of(zip_of({"readme.txt": b"hello"}), "figures.xlsx") == "unreadable"


def test_xlsb_and_ods_are_named_in_the_message() -> None:
    with pytest.raises(SheetError) as caught:
        read_grid(zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00"}))
    assert ".xlsb" in caught.value.issue.message_zh
    with pytest.raises(SheetError) as caught:
        read_grid(zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}))
    assert "OpenDocument" in caught.value.issue.message_en


def test_damaged_zip_member_is_unreadable_not_a_crash() -> None:
    data = bytearray(sample("wide_months.xlsx"))
    start = data.find(b"xl/worksheets/sheet1.xml") + 40  # inside the first member's compressed bytes
    for i in range(start, start + 20):
        data[i] ^= 0xFF
    assert rule_of(bytes(data)) == "unreadable"


def test_truncated_zip_is_unreadable() -> None:
    assert rule_of(sample("wide_months.xlsx")[:2000]) == "unreadable"


def test_too_many_entries_is_a_zip_bomb() -> None:
    parts = dict(MINIMAL_XLSX) | {f"xl/media/{i}.bin": b"" for i in range(MAX_XLSX_ENTRIES)}
    assert rule_of(zip_of(parts)) == "zip_bomb"


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE x [<!ENTITY a "b">]><x/>',
        b'<!ENTITY a "b">',
        b"<!doctype x><x/>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16-le"),
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16-be"),
    ],
)
def test_xml_entity_declarations_in_any_part_are_refused(declaration: bytes) -> None:
    parts = dict(MINIMAL_XLSX) | {"xl/sharedStrings.xml": declaration}
    assert rule_of(zip_of(parts)) == "xml_entities"


def test_doctype_across_a_read_chunk_boundary_is_found() -> None:
    padding = b" " * ((1 << 20) - 4)
    parts = dict(MINIMAL_XLSX) | {"xl/worksheets/sheet1.xml": padding + b"<!DOCTYPE x><x/>"}
    assert rule_of(zip_of(parts)) == "xml_entities"


# --- workbooks -------------------------------------------------------------------------------


def test_a_far_away_cell_is_too_large_before_calamine_allocates_it() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        workbook.active["A1"] = "x"
        workbook.active["Z200000"] = 1  # 200,000 × 26 = 5.2 million cells, in a file of a few KB

    data = xlsx(build)
    assert len(data) < 10_000
    with pytest.raises(SheetError) as caught:
        read_grid(data)
    assert caught.value.issue.rule == "too_large"
    assert "200,000" in caught.value.issue.message_zh and "26" in caught.value.issue.message_en


def test_the_sheet_extent_limit_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 10)

    def build(corner: str):
        def fill(workbook: openpyxl.Workbook) -> None:
            workbook.active["A1"] = "x"
            workbook.active[corner] = 1

        return fill

    assert read_grid(xlsx(build("E2"))).width == 5
    assert rule_of(xlsx(build("F2"))) == "too_large"


def test_calamine_extent_is_checked_again_after_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second guard (for .xls, which cannot be checked before calamine reads it) on an .xlsx."""
    monkeypatch.setattr(sheets, "sheet_extent", lambda xml, filename=None: (0, 0))
    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 10)
    assert rule_of(xlsx(lambda workbook: workbook.active.cell(row=3, column=4, value=1))) == "too_large"


@pytest.mark.parametrize(
    ("xml", "extent"),
    [
        (b'<worksheet><sheetData><row r="2"><c r="C2"><v>1</v></c></row></sheetData></worksheet>', (2, 3)),
        (b"<worksheet><sheetData/></worksheet>", (0, 0)),
        (
            b'<worksheet><sheetData><row r="1"><c r="A1"/><c r="XFD1048576"/></row></sheetData></worksheet>',
            (1048576, 16384),
        ),
        (
            b'<worksheet><sheetData><row r="1" spans="1:2"><c r="B1" s="1" t="s"><v>0</v></c></row></sheetData></worksheet>',
            (1, 2),
        ),
        # implicit positions, prefixes and other attribute orders are parsed in full
        (b"<worksheet><sheetData><row><c/><c/><c/></row><row><c/></row></sheetData></worksheet>", (2, 3)),
        (b'<worksheet><sheetData><row r="9"><c t="n" r="AA9"/></row></sheetData></worksheet>', (9, 27)),
        (
            b'<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="4"><x:c r="D4"/></x:row></x:sheetData></x:worksheet>',
            (4, 4),
        ),
        (b'<worksheet><sheetData><row r="1"><c r="A1"/><c a=">" r="ZZ1"/></row></sheetData></worksheet>', (1, 702)),
    ],
)
def test_sheet_extent(xml: bytes, extent: tuple[int, int]) -> None:
    assert sheets.sheet_extent(xml) == extent


def test_malformed_sheet_xml_needing_a_full_parse_is_unreadable() -> None:
    with pytest.raises(SheetError) as caught:
        sheets.sheet_extent(b"<worksheet><sheetData><row><c></row>")
    assert caught.value.issue.rule == "unreadable"


def test_utf16_sheet_xml_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 10)
    xml = '<worksheet><sheetData><row r="9"><c r="Z9"/></row></sheetData></worksheet>'.encode("utf-16")
    assert rule_of(zip_of(dict(MINIMAL_XLSX) | {"xl/worksheets/sheet1.xml": xml})) == "too_large"


def test_first_visible_sheet_with_data_is_read_and_sheet_can_be_chosen() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        hidden = workbook.active
        hidden.title = "隐藏"
        hidden["A1"] = "hidden"
        hidden.sheet_state = "hidden"
        workbook.create_sheet("说明")  # visible but empty
        workbook.create_sheet("数据")["A1"] = "data"
        workbook.create_sheet("其他")["A1"] = "other"

    data = xlsx(build)
    grid = read_grid(data)
    assert (grid.sheet, grid.rows) == ("数据", [["data"]])
    assert grid.sheets == ("说明", "数据", "其他")
    assert read_grid(data, sheet="其他").rows == [["other"]]
    assert read_grid(data, sheet=" 其他 ").sheet == "其他"
    assert read_grid(data, sheet="隐藏").rows == [["hidden"]]  # asked for by name: read even if hidden
    assert list_sheets(data) == ["说明", "数据", "其他"]
    with pytest.raises(SheetError) as caught:
        read_grid(data, sheet="不存在")
    assert caught.value.issue.rule == "sheet_not_found"
    assert "数据" in caught.value.issue.message_zh


def test_list_sheets_of_csv_is_empty() -> None:
    assert list_sheets(sample("long_utf8.csv")) == []


def test_blank_workbook_is_empty_file() -> None:
    assert rule_of(xlsx(lambda workbook: None)) == "empty_file"


def test_workbook_cell_types_and_formula_text() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet["B2"] = "=SUM(A1:A3)"
        sheet["B2"].data_type = "s"  # text that looks like a formula, as typed with a leading apostrophe
        sheet["C2"] = "=1+1"  # a real formula; openpyxl stores no cached value
        sheet["D2"] = 2.5
        sheet["E2"] = True
        sheet["F2"] = datetime(2024, 6, 30, 12, 0)
        sheet["G2"] = date(2024, 6, 1)
        sheet["H2"] = " "

    grid = read_grid(xlsx(build))
    assert grid.rows[0] == [None] * 8  # the empty first row and column stay: row numbers match Excel's
    row = grid.rows[1]
    assert row[0] is None
    assert row[1] == "=SUM(A1:A3)"
    assert row[2] is None  # never evaluated; no cached value means empty
    assert row[3] == 2.5 and row[4] is True
    assert row[5] == datetime(2024, 6, 30, 12, 0)
    assert row[6] == date(2024, 6, 1) and type(row[6]) is date
    assert row[7] == " "  # nothing is stripped


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (b'<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),
        (b'<c r="B2" t="e"><f>' + b"A1+" * 40 + b"1</f><v>#VALUE!</v></c>", "#VALUE!"),
        (b'<c r="B2" s="3" t="e"><v>#N/A</v></c>', "#N/A"),
        (b'<c r="B2" t="e"/>', "#ERROR"),
    ],
)
def test_cached_error_values_are_restored_as_text(cell: bytes, shown: str) -> None:
    make = load_make_samples()

    def build(workbook: openpyxl.Workbook) -> None:
        workbook.active.append(["指标编号", "累计完成", "备注"])
        workbook.active.append(["CUL-03-1", 5, 7])

    def to_error(xml: bytes) -> bytes:
        start = xml.index(b'<c r="B2"')
        end = xml.index(b"</c>", start) + 4
        return xml[:start] + cell + xml[end:]

    data = make.rewrite_part(xlsx(build), "xl/worksheets/sheet1.xml", to_error)
    assert read_grid(data).rows[1] == ["CUL-03-1", shown, 7]


# --- text ------------------------------------------------------------------------------------


def test_quoted_fields_with_newlines_keep_record_numbers() -> None:
    grid = read_grid(b'a,b\n"two\nlines",2\n3,"4,5"\n')
    assert grid.rows == [["a", "b"], ["two\nlines", "2"], ["3", "4,5"]]


def test_crlf_and_ragged_rows_are_padded_and_trailing_empties_trimmed() -> None:
    grid = read_grid(b",,,\r\n,a,\r\nb\r\n,,,\r\n\r\n")
    assert grid.rows == [[None, None], [None, "a"], ["b", None]]


def test_excel_sep_line_names_the_delimiter() -> None:
    grid = read_grid(b"sep=;\na;b,c\n1;2,5\n")
    assert grid.rows == [["a", "b,c"], ["1", "2,5"]]


def test_whitespace_only_text_is_empty() -> None:
    assert rule_of(b"\n\n\r\n") == "empty_file"
    assert rule_of(codecs.BOM_UTF8) == "empty_file"


def test_mostly_utf8_with_a_damaged_byte_is_not_read_as_gbk() -> None:
    data = "指标名称,累计完成\n配建健身路径,150\n".encode() + b"\xff" + "建设多功能运动场,20\n".encode()
    assert rule_of(data) == "encoding"


def test_gbk_user_defined_area_is_refused() -> None:
    data = "指标名称,累计完成\n".encode("gbk") + b"\xaa\xa1,1\n"
    assert "\ue000" <= data.decode("gb18030")[-4] <= "\uf8ff"
    assert rule_of(data) == "encoding"


def test_bom_with_invalid_utf8_is_an_encoding_error() -> None:
    assert rule_of(codecs.BOM_UTF8 + b"a,b\n\xc3\x28,1\n") == "encoding"


def test_control_bytes_are_binary() -> None:
    assert rule_of(bytes(range(1, 9)) * 20, "x.csv") == "unreadable"


def test_formula_text_in_csv_is_kept_as_text() -> None:
    assert read_grid(b"a,b\n=SUM(B2:B3),1\n").rows[1] == ["=SUM(B2:B3)", "1"]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a;b;c\n1;2;3\n", ";"),
        ('title only\na;b;c\n"1,5";2;3\n4;5;6\n', ";"),
        ('指标,值\n"1;2",3\n', ","),
        ("x\n", ","),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


# --- column letters --------------------------------------------------------------------------


def from_letters(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


@pytest.mark.parametrize(
    ("index", "letters"),
    [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")],
)
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters
    assert Grid.column_letter(index) == letters


def test_column_letter_rejects_negative() -> None:
    with pytest.raises(ValueError):
        column_letter(-1)


@given(st.integers(min_value=0, max_value=16383))
def test_column_letter_round_trips(index: int) -> None:
    assert from_letters(column_letter(index)) == index


def test_grid_cell_outside_is_none() -> None:
    grid = Grid([["a", None]], "csv")
    assert grid.cell(0, 0) == "a" and grid.cell(0, 5) is None and grid.cell(-1, 0) is None and grid.width == 2


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_any_bytes_give_a_grid_or_a_sheet_error(data: bytes) -> None:
    try:
        grid = read_grid(data)
    except SheetError as exc:
        assert exc.issue.severity is Severity.ERROR
        return
    assert grid.rows and all(len(row) == grid.width for row in grid.rows)


@settings(max_examples=100)
@given(st.binary(max_size=512))
def test_any_bytes_after_a_zip_header_never_crash(tail: bytes) -> None:
    with contextlib.suppress(SheetError):
        read_grid(b"PK\x03\x04" + tail)


CELL_TEXT = st.text(alphabet='指标累计完成长春市吉林abcXYZ0123456789 .-"\n万', min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.integers(min_value=2, max_value=5).flatmap(
        lambda width: st.lists(st.lists(CELL_TEXT, min_size=width, max_size=width), min_size=1, max_size=12)
    ),
    delimiter=st.sampled_from([",", "\t", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]),
)
def test_csv_round_trips_through_any_encoding_and_delimiter(
    rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    grid = read_grid(buffer.getvalue().encode(encoding))
    assert grid.rows == rows
    expected = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gbk": "gb18030", "utf-16": "utf-16-le"}[encoding]
    if encoding == "gbk" and buffer.getvalue().isascii():
        expected = "utf-8"  # ASCII is valid UTF-8: nothing to tell them apart, and nothing read differently
    assert grid.encoding == expected
