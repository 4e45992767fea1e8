"""Bounds before allocation: every size a file declares or implies is checked before a grid is built, so a small
hostile file is refused at once instead of taking a gigabyte; binary content anywhere in CSV text is refused."""

from __future__ import annotations

import io
import tracemalloc

import pytest
import xlwt

from targets import sheets
from targets.sheets import MAX_COLUMNS, SheetError, read_grid, xls_extents


def xls(cells: dict[tuple[int, int], str]) -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("进展")
    for (row, column), value in cells.items():
        sheet.write(row, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(data: bytes, filename: str) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read_grid(data, filename)
    return caught.value


HEADER = {(0, 0): "指标编号", (0, 1): "地区", (0, 2): "月份", (0, 3): "累计完成", (1, 0): "ELD-02-1", (1, 1): "全省"}


def test_an_xls_is_read_through_calamine_after_its_extent_is_known():
    data = xls({**HEADER, (1, 2): "2024-06", (1, 3): "1000"})
    assert xls_extents(data) == [(2, 4)]
    grid = read_grid(data, "figures.xls")
    assert (grid.format, grid.sheet) == ("xls", "进展")
    assert grid.rows == [["指标编号", "地区", "月份", "累计完成"], ["ELD-02-1", "全省", "2024-06", "1000"]]


def test_a_stray_cell_at_iv65536_refuses_a_5_kb_xls_before_any_grid_is_built(monkeypatch):
    data = xls({**HEADER, (65535, 255): "x"})
    assert len(data) < 8000
    assert xls_extents(data) == [(65536, 256)]

    def never(*_args, **_kwargs):
        raise AssertionError("the workbook reader must not be reached")

    monkeypatch.setattr(sheets, "_open_workbook", never)
    error = refused(data, "stray.xls")
    assert error.issue.rule == "too_large" and "65,536" in error.issue.message_en


def test_a_damaged_xls_is_unreadable_not_a_crash():
    assert refused(sheets.OLE2_MAGIC + b"\x00" * 600, "old.xls").issue.rule == "unreadable"


def test_a_csv_header_of_a_million_columns_is_refused_before_its_rows_are_split():
    data = ("," * 1_000_000 + "\n1,2\n").encode()
    tracemalloc.start()
    try:
        error = refused(data, "wide.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.issue.rule == "too_many_columns" and "Line 1" in error.issue.message_en
    assert peak < 50 * 1024 * 1024  # the text itself and one pass over it; no million-cell rows


def test_a_csv_may_be_as_wide_as_excel_and_no_wider():
    ok = ",".join(["x"] * MAX_COLUMNS) + "\n"
    assert read_grid(ok.encode(), "ok.csv").width == MAX_COLUMNS
    assert refused((ok.rstrip("\n") + ",y\n").encode(), "wide.csv").issue.rule == "too_many_columns"


def test_many_rows_times_columns_are_refused_as_too_large():
    data = ("a,b,c,d,e,f,g,h,i,j\n" * 600_000).encode()
    assert refused(data, "big.csv").issue.rule == "too_large"


@pytest.mark.parametrize("where", [2, 20_000])  # line 2, and far beyond the first 64 KiB
@pytest.mark.parametrize("byte", [b"\x00", b"\x01", b"\x1b", b"\x7f"])
def test_binary_content_anywhere_in_csv_text_is_refused_naming_the_line(where, byte):
    lines = ["指标编号,地区,月份,累计完成"] + ["ELD-02-1,长春,2024-06,100"] * 30_000
    lines[where - 1] = lines[where - 1].replace("100", "1" + byte.decode("latin-1") + "00")
    data = "\n".join(lines).encode("utf-8")
    assert len("\n".join(lines[: where - 1]).encode()) > 64 * 1024 or where == 2
    error = refused(data, "binary.csv")
    if where == 2:  # within the sniffed start: judged binary as a whole
        assert error.issue.rule in ("binary_content", "unreadable")
    else:
        assert error.issue.rule == "binary_content" and f"Line {where} " in error.issue.message_en


def test_utf16_text_is_not_mistaken_for_binary_and_its_controls_are_still_found():
    text = "指标编号,地区\nELD-02-1,长春\n"
    assert read_grid(text.encode("utf-16"), "u16.csv").rows[1] == ["ELD-02-1", "长春"]
    error = refused((text + "x\x00y\n").encode("utf-16"), "u16.csv")
    assert error.issue.rule == "binary_content" and "Line 3 " in error.issue.message_en


def test_a_shared_strings_table_that_claims_two_billion_strings_is_refused_before_the_reader_sees_it(monkeypatch):
    from tests.unit.test_sandbox import bomb_xlsx

    def never(*_args, **_kwargs):
        raise AssertionError("the workbook reader must not be reached")

    monkeypatch.setattr(sheets, "_open_workbook", never)
    error = refused(bomb_xlsx(), "bomb.xlsx")
    assert error.issue.rule == "declared_size"
    assert "2,147,483,647" in error.issue.message_en and "uniqueCount" in error.issue.message_en
