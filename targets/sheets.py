"""Turning uploaded bytes into a grid of cells: XLSX/XLS through calamine, CSV/TSV text in the encodings staff use.

The type is judged by content, never by the file name. Every check that protects the server (size, zip
bomb, XML entities) runs before a parser sees the bytes. Cell text is never evaluated: "=SUM(A1:A3)" typed
as text stays that string. For XLSX, calamine returns the value Excel cached for a formula cell; a formula
cell that was never calculated reads as empty, and a cached error ("#DIV/0!") is put back as its text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeAlias
from xml.etree import ElementTree
from xml.parsers import expat

import olefile
import python_calamine

from targets.issues import Issue, error

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_ENTRIES = 10_000

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

Cell: TypeAlias = str | int | float | bool | date | datetime | time | timedelta | None
Format = Literal["csv", "xlsx", "xls"]

MAX_SHEET_CELLS = 5_000_000  # rows × columns of one worksheet's extent, e.g. 100,000 rows × 50 columns

_XML_DANGERS = tuple(
    pattern.encode(codec) for pattern in ("<!doctype", "<!entity") for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = (",", "\t", ";")
_TEXT_BYTES = bytes(sorted(set(range(256)) - (set(range(32)) - {9, 10, 12, 13, 26})))


class SheetError(Exception):
    """An upload that cannot be read at all; `.issue` says why, in both languages, with a stable rule."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message_en)
        self.issue = issue

    def __reduce__(self):
        """Rebuilt from its issue (it crosses from the reading process: services.sandbox)."""
        return (type(self), (self.issue,))


def _fail(rule: str, zh: str, en: str) -> SheetError:
    return SheetError(error(rule, zh, en))


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, not {index}")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Grid:
    """The cells of one sheet as the user sees them: rows[i] is spreadsheet row i + 1, every row equally wide.

    Cells are str, int, float, bool, date/datetime/time/timedelta, or None when empty. Only trailing
    empty rows and columns are dropped. `merged` lists merged ranges as 0-based (top, left, bottom, right),
    whose value calamine puts in the top-left cell only; `sheets` names the visible sheets to choose from.
    """

    rows: list[list[Cell]]
    format: Format
    encoding: str | None = None
    sheet: str | None = None
    merged: tuple[tuple[int, int, int, int], ...] = ()
    sheets: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @staticmethod
    def column_letter(index: int) -> str:
        """Spreadsheet column letters for a 0-based column index: 0 → A, 26 → AA."""
        return column_letter(index)

    def cell(self, row: int, column: int) -> Cell:
        """The cell at 0-based (row, column), None outside the grid."""
        if 0 <= row < len(self.rows) and 0 <= column < self.width:
            return self.rows[row][column]
        return None


def read_grid(data: bytes, filename: str | None = None, sheet: str | None = None) -> Grid:
    """Read an upload into a Grid; raise SheetError (severity error) for anything that cannot be read safely."""
    if not data:
        raise _fail("empty_file", "文件是空的（0 字节）。", "The file is empty (0 bytes).")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _fail(
            "too_large",
            f"文件大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。",
            f"The file is {len(data) / 1024 / 1024:.1f} MB, above the {MAX_UPLOAD_BYTES // 1024 // 1024} MB limit.",
        )
    if data.startswith(ZIP_MAGIC):
        grid = _read_xlsx(data, sheet, filename)
    elif data.startswith(OLE2_MAGIC):
        grid = _read_xls(data, sheet, filename)
    else:
        grid = _read_text(data, filename)
    if not grid.rows:
        raise _fail("empty_file", "文件中没有任何内容。", "The file holds no cells at all.")
    return grid


def read_sheets(data: bytes, filename: str | None = None) -> list[Grid]:
    """Every visible sheet of a workbook that holds data, each its own Grid (CSV text is one sheet); the same
    checks as read_grid, for every sheet, before any is read."""
    if data.startswith(ZIP_MAGIC) and data and len(data) <= MAX_UPLOAD_BYTES:
        grids = _read_workbook_sheets(data, filename, "xlsx", _check_xlsx_zip(data, filename))
    elif data.startswith(OLE2_MAGIC) and len(data) <= MAX_UPLOAD_BYTES:
        for rows, columns in xls_extents(data, filename):
            _check_extent(rows, columns)
        grids = _read_workbook_sheets(data, filename, "xls", None)
    else:
        return [read_grid(data, filename)]
    if not any(g.rows for g in grids):
        raise _fail("empty_file", "文件中没有任何内容。", "The file holds no cells at all.")
    return grids


def list_sheets(data: bytes) -> list[str]:
    """The visible worksheets of a workbook upload (after the same safety checks), [] for CSV text."""
    if not data or len(data) > MAX_UPLOAD_BYTES or not data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        return []
    if data.startswith(ZIP_MAGIC):
        _check_xlsx_zip(data, None)
    workbook = _open_workbook(data, None)
    return _visible_sheets(workbook)


# --- workbooks -------------------------------------------------------------------------------


def _unreadable(filename: str | None, zh_why: str, en_why: str) -> SheetError:
    name = f"“{filename}”" if filename else "此文件"
    name_en = f"'{filename}'" if filename else "The file"
    return _fail(
        "unreadable",
        f"{name}无法读取：{zh_why}请上传 Excel/WPS 的 .xlsx 文件或 CSV 文件。",
        f"{name_en} cannot be read: {en_why} Please upload an Excel/WPS .xlsx file or a CSV file.",
    )


def _check_xlsx_zip(data: bytes, filename: str | None) -> zipfile.ZipFile:
    """Open the zip and refuse bombs, non-workbooks and XML with a DOCTYPE or ENTITY before calamine reads it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable(filename, "压缩包已损坏。", f"the zip archive is damaged ({exc}).") from exc
    if len(infos) > MAX_XLSX_ENTRIES:
        raise _fail(
            "zip_bomb",
            f"压缩包内有 {len(infos)} 个文件，超过上限 {MAX_XLSX_ENTRIES}，已拒绝。",
            f"The archive holds {len(infos)} entries, above the {MAX_XLSX_ENTRIES} limit; refused.",
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise _fail(
            "zip_bomb",
            f"解压后大小 {total / 1024 / 1024:.0f} MB，超过上限 {MAX_XLSX_UNCOMPRESSED // 1024 // 1024} MB，已拒绝。",
            f"Uncompressed size {total / 1024 / 1024:.0f} MB is above the "
            f"{MAX_XLSX_UNCOMPRESSED // 1024 // 1024} MB limit; refused.",
        )
    names = {info.filename.replace("\\", "/").lower() for info in infos}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            why = ("这是 .xlsb 二进制工作簿，请另存为 .xlsx。", "it is a binary .xlsb workbook; save it as .xlsx.")
        elif "content.xml" in names:
            why = ("这是 OpenDocument 表格，请另存为 .xlsx。", "it is an OpenDocument spreadsheet; save it as .xlsx.")
        else:
            why = ("这是一个压缩包，不是 Excel 工作簿。", "it is a zip archive, not an Excel workbook.")
        raise _unreadable(filename, *why)
    for info in infos:
        _scan_entry(archive, info, filename)
    return archive


def _scan_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str | None) -> None:
    """Decompress one entry (bounded by its checked size, CRC verified): no DTD, and no sheet calamine cannot hold.

    calamine builds a dense grid from the top-left to the bottom-right cell, so a few bytes naming cell XFD1048576
    would make it allocate hundreds of gigabytes and abort the process: the extent is checked here first.
    """
    try:
        content = archive.read(info)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError, ValueError) as exc:
        raise _unreadable(
            filename,
            f"压缩包中的 {info.filename} 已损坏或已加密。",
            f"{info.filename} is damaged or encrypted ({exc}).",
        ) from exc
    lowered = content.lower()
    if any(pattern in lowered for pattern in _XML_DANGERS):
        raise _fail(
            "xml_entities",
            f"工作簿中的 {info.filename} 含有 DOCTYPE/ENTITY 声明（XML 实体），出于安全原因已拒绝。",
            f"{info.filename} in the workbook declares a DOCTYPE/ENTITY (XML entities); refused for safety.",
        )
    if content.startswith(_UTF16_STARTS):
        content = _utf16_as_utf8(content, info.filename, filename)
        lowered = content.lower()
    if b"sheetdata" in lowered:
        _check_extent(*sheet_extent(content, filename))
    if b"<sst" in lowered[:4096]:
        _check_shared_strings(content, info.filename, filename)


_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_SST_COUNT = re.compile(rb"""\b(count|uniqueCount)\s*=\s*["'](\d+)["']""")


def _check_shared_strings(content: bytes, part: str, filename: str | None) -> None:
    """The shared-strings table's declared counts must be what it holds: the reader allocates for the declared
    number first, so a 5 KB file claiming 2,147,483,647 strings would ask for 51 GB."""
    head = _SST_TAG.search(content[:4096])
    if head is None:
        return
    declared = {name.decode(): int(value) for name, value in _SST_COUNT.findall(head.group(0))}
    held = content.count(b"<si>") + content.count(b"<si ") + len(re.findall(rb"<\w+:si[\s>]", content))
    # count= counts uses of the strings (cells), which the sheets' extents bound; uniqueCount= counts the table.
    too_many = {
        name: n for name, n in declared.items() if n > max(held, 1) and (name == "uniqueCount" or n > MAX_SHEET_CELLS)
    }
    if too_many:
        name = "uniqueCount" if "uniqueCount" in too_many else "count"
        n = too_many[name]
        raise _fail(
            "declared_size",
            f"工作簿中的 {part} 声明有 {n:,} 个字符串（{name}），实际只有 {held:,} 个；文件已损坏或被篡改，已拒绝。",
            f"{part} in the workbook declares {n:,} strings ({name}) but holds {held:,}; the file is damaged or "
            "tampered with, and is refused.",
        )


def _check_extent(rows: int, columns: int) -> None:
    if rows * columns > MAX_SHEET_CELLS:
        raise _fail(
            "too_large",
            f"工作表范围过大：{rows:,} 行 × {columns:,} 列，超过 {MAX_SHEET_CELLS:,} 个单元格的上限。"
            "请删除远处的空白或多余单元格后重新上传。",
            f"The sheet spans {rows:,} rows × {columns:,} columns, above the {MAX_SHEET_CELLS:,}-cell limit. "
            "Delete stray far-away cells and upload again.",
        )


_UTF16_STARTS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")
# A row or cell tag that does not begin with its position (r="7", r="B7"): prefixed, other order, or implicit.
_IMPLICIT = re.compile(
    rb'<(?:[\w.-]+:(?:row|c)(?=[\s/>])|row(?=[\s/>])(?! r="\d{1,10}")|c(?=[\s/>])(?! r="[A-Z]{1,5}\d{1,10}"))'
)
_ROW_REF = re.compile(rb'<row r="(\d{1,10})"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,5}\d{1,10})"')
_DIGITS, _LETTERS = b"0123456789", bytes(range(ord("A"), ord("Z") + 1))
_REF = re.compile(r"([A-Za-z]{1,5})(\d{1,10})")


def _utf16_as_utf8(content: bytes, part: str, filename: str | None) -> bytes:
    """A UTF-16 XML part re-encoded as UTF-8, so the extent check reads it as calamine would."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    else:
        codec = "utf-16-le" if content.startswith(b"<") else "utf-16-be"
    try:
        return content.decode(codec).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise _unreadable(filename, f"{part} 编码错误。", f"{part} is badly encoded.") from exc


def sheet_extent(xml: bytes, filename: str | None = None) -> tuple[int, int]:
    """(rows, columns) of the dense grid calamine would build for a worksheet's XML, from its cell positions.

    Fast path: every row and cell tag begins with its position (r="B7"), as Excel, WPS, LibreOffice and
    openpyxl write them, so two regular expressions find them all; anything else is parsed in full.
    """
    if _IMPLICIT.search(xml) is not None:
        return _extent_by_parsing(xml, filename)
    # The cell positions (B7) as one text, split into their letters and their row numbers by bytes operations
    # rather than per cell in Python: 100,000 rows hold 400,000 cells.
    positions = b" ".join(_CELL_REF.findall(xml))
    letters = set(positions.translate(None, _DIGITS).split())
    numbers = {*_ROW_REF.findall(xml), *positions.translate(None, _LETTERS).split()}
    max_row = max(map(int, numbers), default=0)
    max_column = max((_column_index(column.decode()) + 1 for column in letters), default=0)
    return max_row, max_column


def _extent_by_parsing(xml: bytes, filename: str | None) -> tuple[int, int]:
    """The extent by a full parse, for sheets whose rows or cells leave their position implicit."""
    row = column = max_row = max_column = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row, column, max_row, max_column
        local = name.rpartition(":")[2]
        if local == "row":
            number = attributes.get("r", "")
            row, column = (int(number) if number.isdigit() else row + 1), 0
            max_row = max(max_row, row)
        elif local == "c":
            match = _REF.fullmatch(attributes.get("r", ""))
            if match:
                column, cell_row = _column_index(match.group(1).upper()) + 1, int(match.group(2))
            else:
                column, cell_row = column + 1, row
            max_row, max_column = max(max_row, cell_row), max(max_column, column)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise _unreadable(filename, "工作表的 XML 格式错误。", f"a worksheet's XML is malformed ({exc}).") from exc
    return max_row, max_column


def _open_workbook(data: bytes, filename: str | None) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise _unreadable(filename, "工作簿设有密码。", "the workbook is password-protected.") from exc
    except Exception as exc:  # calamine parses untrusted bytes; any failure means unreadable
        raise _unreadable(
            filename, "不是可识别的 Excel 工作簿。", f"not a workbook calamine can read ({exc})."
        ) from exc


def _visible_sheets(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    return [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.visible == python_calamine.SheetVisibleEnum.Visible
        and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


def _read_xlsx(data: bytes, sheet: str | None, filename: str | None) -> Grid:
    archive = _check_xlsx_zip(data, filename)
    return _read_workbook(data, sheet, filename, "xlsx", archive)


def _read_xls(data: bytes, sheet: str | None, filename: str | None) -> Grid:
    for rows, columns in xls_extents(data, filename):  # before calamine builds any sheet's grid
        _check_extent(rows, columns)
    return _read_workbook(data, sheet, filename, "xls", None)


# BIFF8 records that name a cell by (row u16, column u16) at their start; MULRK/MULBLANK name a run of columns
# (first at offset 2, last in the record's final two bytes); ROW states a row and its last column + 1;
# DIMENSIONS states the used range (rows as u32, columns as u16, both ends exclusive).
_BIFF_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_BIFF_RUNS = frozenset({0x00BD, 0x00BE})
_BIFF_ROW, _BIFF_DIMENSIONS, _BIFF_BOF, _BIFF_EOF = 0x0208, 0x0200, 0x0809, 0x000A


def xls_extents(data: bytes, filename: str | None = None) -> list[tuple[int, int]]:
    """(rows, columns) that each sheet of an .xls reaches, read from its records without building a grid: the
    largest of what its DIMENSIONS record claims and what its cell and row records name. A stray cell at IV65536
    in a 5 KB file would otherwise make the reader build 16.7 million cells (1 GB) before the extent is known."""
    try:
        ole = olefile.OleFileIO(data)
        stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
        if stream is None:
            raise _unreadable(filename, "文件中没有工作簿数据。", "it holds no workbook stream.")
        book = ole.openstream(stream).read()
    except SheetError:
        raise
    except Exception as exc:  # a damaged compound file: unreadable, said plainly
        raise _unreadable(
            filename, "Excel 97-2003 文件结构损坏。", f"the Excel 97-2003 file is damaged ({exc})."
        ) from exc
    extents: list[tuple[int, int]] = []
    rows = columns = 0
    depth = offset = 0
    end = len(book)
    while offset + 4 <= end:
        kind, size = struct.unpack_from("<HH", book, offset)
        body = offset + 4
        offset = body + size
        if kind == _BIFF_BOF:
            depth += 1
            rows = columns = 0
        elif kind == _BIFF_EOF:
            if depth > 1 or rows or columns:
                extents.append((rows, columns))
            depth = max(depth - 1, 0)
        elif kind in _BIFF_CELLS and size >= 4:
            row, column = struct.unpack_from("<HH", book, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _BIFF_RUNS and size >= 6:
            row, _first = struct.unpack_from("<HH", book, body)
            (last,) = struct.unpack_from("<H", book, body + size - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _BIFF_ROW and size >= 6:
            row, _first, past = struct.unpack_from("<HHH", book, body)
            rows, columns = max(rows, row + 1), max(columns, past)
        elif kind == _BIFF_DIMENSIONS and size >= 12:
            _top, past_row, _left, past_column = struct.unpack_from("<IIHH", book, body)
            rows, columns = max(rows, past_row), max(columns, past_column)
    return extents


def _read_workbook(
    data: bytes, sheet: str | None, filename: str | None, fmt: Format, archive: zipfile.ZipFile | None
) -> Grid:
    """Read the chosen sheet, or the first visible worksheet that holds data."""
    workbook = _open_workbook(data, filename)
    visible = _visible_sheets(workbook)
    if sheet is not None:
        candidates = [_find_sheet(workbook.sheet_names, sheet)]
    else:
        candidates = visible or list(workbook.sheet_names[:1])
    if not candidates:
        raise _unreadable(filename, "工作簿中没有工作表。", "the workbook has no worksheet.")
    grid = None
    for name in candidates:
        grid = _sheet_grid(workbook, name, filename, fmt, archive, visible)
        if grid.rows:
            break
    return grid


def _read_workbook_sheets(
    data: bytes, filename: str | None, fmt: Format, archive: zipfile.ZipFile | None
) -> list[Grid]:
    """Every visible worksheet that holds data, in the workbook's order."""
    workbook = _open_workbook(data, filename)
    visible = _visible_sheets(workbook)
    names = visible or list(workbook.sheet_names[:1])
    if not names:
        raise _unreadable(filename, "工作簿中没有工作表。", "the workbook has no worksheet.")
    grids = [_sheet_grid(workbook, name, filename, fmt, archive, visible) for name in names]
    return [g for g in grids if g.rows] or grids[:1]


def _sheet_grid(
    workbook: python_calamine.CalamineWorkbook,
    name: str,
    filename: str | None,
    fmt: Format,
    archive: zipfile.ZipFile | None,
    visible: list[str],
) -> Grid:
    """One worksheet as a Grid (its extent checked again before its cells are built)."""
    try:
        sheet_data = workbook.get_sheet_by_name(name)
        if sheet_data.end is not None:
            _check_extent(sheet_data.end[0] + 1, sheet_data.end[1] + 1)
        raw = sheet_data.to_python(skip_empty_area=False)
        merged = sheet_data.merged_cell_ranges or []
    except SheetError:
        raise
    except Exception as exc:  # calamine parses untrusted bytes; any failure means unreadable
        raise _unreadable(
            filename, f"工作表“{name}”无法解析。", f"the worksheet '{name}' cannot be parsed ({exc})."
        ) from exc
    rows = [_workbook_row(row) for row in raw]
    if archive is not None:
        _restore_error_cells(archive, name, rows)
    rows = _trim(rows)
    width = len(rows[0]) if rows else 0
    spans = tuple(
        (top, left, min(bottom, len(rows) - 1), min(right, width - 1))
        for (top, left), (bottom, right) in merged
        if top < len(rows) and left < width
    )
    return Grid(rows, fmt, None, name, spans, tuple(visible))


def _find_sheet(names: list[str], wanted: str) -> str:
    """The sheet named `wanted` (exactly, else ignoring case and surrounding spaces), or SheetError."""
    if wanted in names:
        return wanted
    for name in names:
        if name.strip().lower() == wanted.strip().lower():
            return name
    raise _fail(
        "sheet_not_found",
        f"工作簿中没有名为“{wanted}”的工作表；现有：{'、'.join(names)}。",
        f"The workbook has no sheet named '{wanted}'; it has: {', '.join(names)}.",
    )


def _workbook_row(row: list[object]) -> list[Cell]:
    """Empty strings become None; whole-number floats (Excel stores every number as a float) become int."""
    return [
        None
        if cell == "" and type(cell) is str
        else int(cell)
        if type(cell) is float and cell.is_integer() and -(2**53) < cell < 2**53
        else cell
        for cell in row
    ]


_ERROR_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_ERROR_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _restore_error_cells(archive: zipfile.ZipFile, sheet: str, rows: list[list[Cell]]) -> None:
    """Put cached error values ("#DIV/0!", "#N/A") back, which calamine reads as empty, so they never pass silently."""
    part = _sheet_part(archive, sheet)
    if part is None:
        return
    try:
        xml = archive.read(part)
    except (KeyError, zipfile.BadZipFile, OSError, zlib.error, ValueError):
        return
    position = xml.find(b't="e"')
    while position != -1:
        start = max(xml.rfind(b"<c ", 0, position), xml.rfind(b":c ", 0, position))
        tag_end = xml.find(b">", position)
        ref = _ERROR_REF.search(xml, start, position + 64) if start != -1 else None
        if ref is None or tag_end == -1:
            break
        text = "#ERROR"
        if xml[tag_end - 1 : tag_end] != b"/":  # <c r="B2" t="e"/> has no value at all
            value = _ERROR_VALUE.search(xml, tag_end, xml.find(b"c>", tag_end))  # up to this cell's </c>
            text = value.group(1).decode("utf-8", "replace") if value and value.group(1) else text
        row, column = int(ref.group(2)) - 1, _column_index(ref.group(1).decode())
        if row < len(rows) and column < len(rows[row]) and rows[row][column] is None:
            rows[row][column] = text
        position = xml.find(b't="e"', tag_end)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of a sheet's XML, from workbook.xml and its relationships (checked free of DTDs before)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, zlib.error, ValueError):
        return None
    rel_id = None
    for element in workbook.iter():
        if element.tag.endswith("}sheet") and element.get("name") == sheet:
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
    for element in relations.iter():
        if element.get("Id") == rel_id and rel_id is not None:
            target = element.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


# --- text ------------------------------------------------------------------------------------


def _read_text(data: bytes, filename: str | None) -> Grid:
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _looks_binary(data[:_SNIFF_CHARS]):
        raise _unreadable(
            filename,
            "内容是二进制数据，既不是 Excel 工作簿也不是 CSV 文本。",
            "it is binary data, neither a workbook nor CSV text.",
        )
    text, encoding = _decode(data)
    _refuse_controls(text, filename)
    delimiter, text = _explicit_separator(text)
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    _check_text_extent(text, delimiter)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[list[Cell]] = [[cell if cell else None for cell in record] for record in reader]
    except csv.Error as exc:
        raise _unreadable(filename, f"CSV 格式错误（{exc}）。", f"the CSV text is malformed ({exc}).") from exc
    return Grid(_trim(rows), "csv", encoding, None)


# C0 control characters other than tab, line feed, form feed, carriage return and the DOS end-of-file mark, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")
MAX_COLUMNS = 16_384  # Excel's own limit (column XFD)


def _refuse_controls(text: str, filename: str | None) -> None:
    """Binary content anywhere in a text upload (a NUL byte on line 90,000 as on line 2) refuses the file."""
    found = _CONTROL.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        code = f"0x{ord(found.group()):02X}"
        raise _fail(
            "binary_content",
            f"第 {line} 行含有控制字符 {code}（二进制内容），不是 CSV 文本。请在 Excel/WPS 中另存为 CSV 或 .xlsx 后重新上传。",
            f"Line {line} holds the control character {code} (binary content), which CSV text never holds. "
            "Save the sheet as CSV or .xlsx in Excel/WPS and upload again.",
        )


def _check_text_extent(text: str, delimiter: str) -> None:
    """Before any row is split: no line may have more than MAX_COLUMNS fields, nor the text more than
    MAX_SHEET_CELLS cells (a 1 MB header of a million commas would otherwise pad every row to a million)."""
    widest = lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.count(delimiter) + 1
        if fields > MAX_COLUMNS:
            raise _fail(
                "too_many_columns",
                f"第 {number} 行有 {fields:,} 列，超过 {MAX_COLUMNS:,} 列的上限。",
                f"Line {number} has {fields:,} columns, above the {MAX_COLUMNS:,}-column limit.",
            )
        widest, lines = max(widest, fields), number
    _check_extent(lines, widest)


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes or many control bytes: not text in any encoding staff use (UTF-16 is caught by its BOM first)."""
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _TEXT_BYTES))
    return controls > max(8, len(sample) // 100)


def _decode(data: bytes) -> tuple[str, str]:
    """Decode by BOM, else strict UTF-8, else strict GB18030 (a superset of GBK); never guess in silence."""
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise _encoding_error(data, exc.start + len(bom), name) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        return _cjk_reading(data, text)
    if _mostly_utf8(data):
        raise _encoding_error(data, utf8_error.start, "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _encoding_error(data, exc.start, "gb18030") from exc
    private = next((i for i, ch in enumerate(text) if "\ue000" <= ch <= "\uf8ff"), None)
    if private is not None:  # GBK's user-defined areas: almost surely another encoding read as GBK
        raise _encoding_error(data, len(text[:private].encode("gb18030")), "gb18030")
    return text, "gb18030"


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# What a UTF-8 sheet without Chinese plausibly holds: accented Latin letters, typographic punctuation, currency.
_LATIN = re.compile(r"[\u00a0-\u024f\u2000-\u206f\u20a0-\u20cf\u2100-\u218f]")


def _cjk_reading(data: bytes, utf8: str) -> tuple[str, str]:
    """Text that is valid UTF-8 yet holds neither Chinese nor accented Latin, while as GB18030 every non-ASCII
    character is Chinese, is GBK: a short GBK sheet can happen to be valid UTF-8 (指 is D6 B8 in GBK, and D6 B8 is
    UTF-8 for the Hebrew point ָ). "Café" stays UTF-8."""
    if utf8.isascii() or _CJK.search(utf8) or _LATIN.search(utf8):
        return utf8, "utf-8"
    try:
        gbk = data.decode("gb18030")
    except UnicodeDecodeError:
        return utf8, "utf-8"
    foreign = [ch for ch in gbk if not ch.isascii()]
    if foreign and all(_CJK.match(ch) for ch in foreign):
        return gbk, "gb18030"
    return utf8, "utf-8"


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few damaged bytes, which GB18030 would otherwise turn into plausible-looking nonsense."""
    decoded = data.decode("utf-8", "replace")
    damaged = decoded.count("\ufffd")
    # Only characters a sheet plausibly holds count as valid UTF-8: GBK's 指 (D6 B8) decodes to a Hebrew point.
    valid = sum(1 for ch in decoded if ch > "\x7f" and ch != "\ufffd" and (_CJK.match(ch) or _LATIN.match(ch)))
    return valid > damaged


def _encoding_error(data: bytes, offset: int, tried: str) -> SheetError:
    line = data[:offset].count(b"\n") + 1
    tried_zh = "UTF-8 与 GBK/GB18030" if tried in ("utf-8", "gb18030") else tried.upper()
    tried_en = "UTF-8 and GBK/GB18030" if tried in ("utf-8", "gb18030") else tried.upper()
    return _fail(
        "encoding",
        f"文件编码无法识别：第 {line} 行附近的字节无法按 {tried_zh} 解码。请在 Excel/WPS 中另存为“CSV UTF-8”或 .xlsx 后重新上传。",
        f"The file's encoding cannot be recognised: bytes near line {line} do not decode as {tried_en}. "
        "Save it as 'CSV UTF-8' or .xlsx in Excel/WPS and upload again.",
    )


_SEP_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)


def _explicit_separator(text: str) -> tuple[str | None, str]:
    """Excel's "sep=;" first line names the delimiter and is not a row (Excel hides it too)."""
    match = _SEP_LINE.match(text)
    if match:
        return match.group(1), text[match.end() :]
    return None, text


def sniff_delimiter(text: str) -> str:
    """Among , TAB ; — csv.Sniffer's choice if no other gives more rows of one width, else the most consistent."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]  # drop the line the sample cuts
    scores = {delimiter: _consistency(sample, delimiter) for delimiter in _DELIMITERS}
    # Ties (no delimiter gives rows of one width above 1, e.g. one row of blank cells) go to a delimiter the text
    # holds: a row " , " is two blank cells, not one cell holding a comma.
    best = max(_DELIMITERS, key=lambda d: (scores[d][0], d in sample, scores[d][1]))
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        return best
    if sniffed in scores and scores[sniffed][0] > 0 and scores[sniffed] >= scores[best]:
        return sniffed
    return best


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(how many non-empty rows share the commonest width if it is above 1, that width)."""
    try:
        widths = Counter(
            len(row)
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if any(cell.strip() for cell in row)
        )
    except csv.Error:
        return (0, 0)
    if not widths:
        return (0, 0)
    width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
    return (count if width > 1 else 0, width)


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Drop trailing empty rows and columns and pad every row to the same width."""
    last_row = len(rows) - 1
    while last_row >= 0 and all(cell is None for cell in rows[last_row]):
        last_row -= 1
    rows = rows[: last_row + 1]
    width = 0
    for row in rows:
        end = len(row)
        while end > width and row[end - 1] is None:
            end -= 1
        width = max(width, end)
    if all(len(row) == width for row in rows):
        return rows  # a workbook's rows come in one width already: no copy of 100,000 rows
    return [row[:width] if len(row) >= width else row + [None] * (width - len(row)) for row in rows]
