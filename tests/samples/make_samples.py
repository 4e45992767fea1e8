"""Write the sample uploads in tests/samples/figures/, one per layout or problem, and EXPECTED.md describing them.

Run `python tests/samples/make_samples.py [OUT_DIR]`; the output is byte-for-byte reproducible (fixed zip
timestamps and workbook properties), and tests check the committed files against a fresh run.
Every code and name is a real indicator of the 2024 catalogue.
"""

from __future__ import annotations

import io
import random
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl

OUT_DIR = Path(__file__).resolve().parent / "figures"
FIXED_TIME = (2024, 7, 1, 0, 0, 0)
FIXED_ISO = "2024-07-01T00:00:00Z"

NAMES = {
    "EMP-01-1": "征集推送岗位",
    "EMP-02-1": "建成规范性实体零工市场",
    "SOC-01-1": "城乡居民低保标准不低于省定指导水平",
    "HEA-01-1": "适龄儿童免费牙齿窝沟封闭",
    "ELD-02-1": "新建改建合作助老餐厅和助餐点",
    "CUL-01-1": "发放惠民购书卡",
    "CUL-03-1": "配建健身路径",
    "CUL-03-2": "建设多功能运动场",
    "CUL-03-4": "建设健身广场",
    "PUB-01-1": "改造瓶装液化石油气居民用户“阀、管”",
    "PUB-05-1": "建立法律援助联络点",
    "SOC-02-1": "为有需求的持证残疾人和残疾儿童提供基本康复服务",
    "SOC-05-1": "考入本科院校的困难家庭考生每人资助金额",
}


@dataclass(frozen=True)
class Sample:
    name: str
    make: Callable[[], bytes]
    expected: str  # what reading and parsing it gives; the tests assert the details


# --- helpers ---------------------------------------------------------------------------------


def csv_text(lines: list[str], newline: str = "\n") -> str:
    return newline.join(lines) + newline


def utf8(lines: list[str]) -> Callable[[], bytes]:
    return lambda: csv_text(lines).encode("utf-8")


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps (and openpyxl's save time fixed) so the bytes are reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_ISO.encode() + rb"\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


def workbook_bytes(build: Callable[[openpyxl.Workbook], None]) -> bytes:
    """An .xlsx written by openpyxl after `build` fills its first sheet."""
    workbook = openpyxl.Workbook()
    workbook.properties.creator = "make_samples"
    workbook.properties.created = datetime(*FIXED_TIME)
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalise_zip(buffer.getvalue())


def rewrite_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """A copy of a zip with one member's bytes changed (to craft XML that openpyxl would never write)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


# --- good samples ----------------------------------------------------------------------------

LONG_UTF8 = [
    "指标编号,指标名称,月份,累计完成",
    f"EMP-01-1,{NAMES['EMP-01-1']},2024-05,180000",
    f"EMP-01-1,{NAMES['EMP-01-1']},2024-06,213000",
    f"HEA-01-1,{NAMES['HEA-01-1']},2024-06,3500",
    f'ELD-02-1,{NAMES["ELD-02-1"]},2024-06,"1,300"',
]


def long_utf8_bom() -> bytes:
    lines = ["Indicator code,Month,Cumulative", "CUL-03-1,2024/6,120", "CUL-03-2,2024年6月,15", "PUB-05-1,6,800"]
    return b"\xef\xbb\xbf" + csv_text(lines).encode("utf-8")


def gbk_title_note() -> bytes:
    lines = [
        "2024年民生实事进展统计表（截至6月底）,,,,,",
        "序号,指标名称,计量单位,目标值,累计完成,备注",
        f"1,{NAMES['EMP-01-1']},个（次）,400000,213000,",
        f'2,{NAMES["CUL-01-1"]},张,50000,"32,000",',
        f"3,{NAMES['SOC-01-1']},是否达标,达标,是,",
        ",,,,,",
        "注：累计完成为截至本月底的累计数。,,,,,",
        "填表人：张三,,审核人：李四,,,",
    ]
    return csv_text(lines, "\r\n").encode("gbk")


def gb18030_only() -> bytes:
    """Text GBK cannot encode (𠮷 is a four-byte GB18030 character), so only a GB18030 reading works."""
    lines = [
        "指标名称,月份,累计完成,备注",
        f"{NAMES['CUL-03-1']},6月,150,联系人：𠮷祥",
        f"{NAMES['CUL-03-2']},6月,20,",
    ]
    text = csv_text(lines, "\r\n")
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")
    raise AssertionError("the GB18030 sample must hold a character GBK cannot encode")


def utf16_unicode_text() -> bytes:
    """What Excel's "Unicode text (*.txt)" writes: UTF-16 LE with a BOM, tab-separated, CRLF."""
    lines = [
        "指标编号\t地区\t月份\t累计完成",
        "PUB-01-1\t长春市\t2024-06\t120000",
        "PUB-01-1\t吉林市\t2024-06\t80000",
        "PUB-01-1\t合计\t2024-06\t350000",
    ]
    return b"\xff\xfe" + csv_text(lines, "\r\n").encode("utf-16-le")


def long_title_total() -> bytes:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.title = "进展"
        sheet["A1"] = "2024年民生实事进展统计表（截至2024年6月底）"
        sheet.merge_cells("A1:E1")
        sheet.append(["序号", "指标编号", "指标名称", "目标值", "累计完成"])
        sheet.append([1, "EMP-02-1", NAMES["EMP-02-1"], 50, 31])
        sheet.append([2, "CUL-03-1", NAMES["CUL-03-1"], 200, 150])
        sheet.append([3, "CUL-03-2", NAMES["CUL-03-2"], 26, 20])
        sheet.append(["合计", None, None, 276, 201])
        sheet.append([])
        sheet.append(["注：数据截至2024年6月30日。"])
        sheet.merge_cells("A8:E8")

    return workbook_bytes(build)


def wide_months() -> bytes:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["指标编号", "指标名称", "单位", *(f"{m}月" for m in range(1, 13))])
        sheet.append(["ELD-02-1", NAMES["ELD-02-1"], "个", 100, 220, 380, 560, 800, 1010])
        sheet.append(["HEA-01-1", NAMES["HEA-01-1"], "名", 500, 1100, 1800, 2400, 3000, 3500])

    return workbook_bytes(build)


def wide_increments() -> bytes:
    """A two-row header: 本月完成 merged over the month columns, indicator labels merged down two rows."""

    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet["A1"] = "2024年民生实事月度完成情况"
        sheet.merge_cells("A1:N1")
        sheet["A2"], sheet["B2"], sheet["C2"] = "指标编号", "指标名称", "本月完成"
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("B2:B3")
        sheet.merge_cells("C2:N2")
        for month in range(1, 13):
            sheet.cell(row=3, column=2 + month, value=f"{month}月")
        sheet.append(["CUL-03-1", NAMES["CUL-03-1"], 10, 15, 20])
        sheet.append(["EMP-02-1", NAMES["EMP-02-1"], 3, 4, 5])

    return workbook_bytes(build)


INCREMENTS_LONG = [
    "指标编号,月份,本月完成",
    "EMP-01-1,1,30000",
    "EMP-01-1,2,25000",
    "EMP-01-1,3,40000",
    "HEA-01-1,6,500",
]

REGIONAL_TOTAL = [
    "指标名称,地区,月份,累计完成",
    f'{NAMES["CUL-01-1"]},长春市,2024-06,"12,000"',
    f"{NAMES['CUL-01-1']},吉林市,2024-06,8000",
    f"{NAMES['CUL-01-1']},延边州,2024-06,5000",
    f"{NAMES['CUL-01-1']},长白山保护开发区,2024-06,300",
    f'{NAMES["CUL-01-1"]},合计,2024-06,"32,000"',
]

VALUES_WAN_FULLWIDTH = [
    "指标编号,月份,累计完成",
    "EMP-01-1,2024-06,21.3万",
    'ELD-02-1,2024-06,"１，３００"',
    "SOC-01-1,2024-06,达标",
]

SEMICOLON = ["指标编号;月份;累计完成", "CUL-03-1;6;120", "CUL-03-4;6;3"]

CSV_NAMED_XLSX = ["指标编号,月份,累计完成", "CUL-03-4,2024-06,3"]


# --- bad samples -----------------------------------------------------------------------------

HEADER = "指标编号,指标名称,月份,累计完成"
BAD_PERCENT = [HEADER, f"ELD-02-1,{NAMES['ELD-02-1']},2024-06,98%", f"HEA-01-1,{NAMES['HEA-01-1']},2024-06,3500"]
BAD_NOT_A_NUMBER = [
    HEADER,
    f"HEA-01-1,{NAMES['HEA-01-1']},2024-06,3500",
    f"ELD-02-1,{NAMES['ELD-02-1']},2024-06,约三百",
]
BAD_FORMULA = [
    "指标编号,地区,月份,累计完成",
    "CUL-01-1,长春市,2024-06,100",
    "CUL-01-1,吉林市,2024-06,200",
    "CUL-01-1,合计,2024-06,=SUM(D2:D3)",
]
BAD_NEGATIVE = [HEADER, f"CUL-03-1,{NAMES['CUL-03-1']},2024-06,-5"]
BAD_UNKNOWN_INDICATOR = [HEADER, "EMP-09-9,城市绿化面积,2024-06,100", f"CUL-03-1,{NAMES['CUL-03-1']},2024-06,150"]
BAD_UNKNOWN_REGION = [
    "指标编号,地区,月份,累计完成",
    "PUB-05-1,长春市,2024-06,300",
    "PUB-05-1,大连市,2024-06,200",
]
BAD_MONTH_2023 = [HEADER, f"CUL-03-1,{NAMES['CUL-03-1']},2023-12,150", f"CUL-03-1,{NAMES['CUL-03-1']},2024-01,10"]
BAD_DUPLICATE = [
    HEADER,
    f"HEA-01-1,{NAMES['HEA-01-1']},2024-06,3500",
    f"HEA-01-1,{NAMES['HEA-01-1']},2024-06,3600",
    f"HEA-01-1,{NAMES['HEA-01-1']},2024-06,3500",
]
HEADER_ONLY = [HEADER]
NO_COLUMNS = ["姓名,电话,地址", "张三,13800000000,长春"]
BAD_TITLE_YEAR = [
    "2023年民生实事进展统计表（截至6月底）,,",
    "指标编号,指标名称,累计完成",
    f"CUL-03-1,{NAMES['CUL-03-1']},150",
]
NO_MONTH = ["指标名称,累计完成", f"{NAMES['CUL-03-1']},150", f"{NAMES['CUL-03-2']},20"]


def bad_encoding() -> bytes:
    """GBK text with a stray 0x80 byte: valid neither as UTF-8 nor as GB18030."""
    return csv_text([HEADER]).encode("gbk") + "CUL-03-1,配建健身路径,2024-06,150".encode("gbk") + b"\x80\r\n"


def garbage() -> bytes:
    data = random.Random(20240701).randbytes(4096)
    assert b"\x00" in data and not data.startswith((b"PK", bytes.fromhex("D0CF11E0")))
    return data


def zip_bomb() -> bytes:
    """A small zip whose sheet inflates to 120 MiB (limit 100 MiB); the file itself stays near 120 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED_TIME), "<Types/>")
        archive.writestr(zipfile.ZipInfo("xl/workbook.xml", FIXED_TIME), "<workbook/>")
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(120):
                member.write(block)
    return out.getvalue()


def xml_entities() -> bytes:
    """A real workbook whose sheet XML declares an entity (the billion-laughs shape, one level deep)."""

    def build(workbook: openpyxl.Workbook) -> None:
        workbook.active.append(["指标编号", "月份", "累计完成"])
        workbook.active.append(["CUL-03-1", "2024-06", 150])

    def add_doctype(xml: bytes) -> bytes:
        declaration = b'<!DOCTYPE worksheet [<!ENTITY lol "lololol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        prolog = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        assert not xml.startswith(b"<?xml")
        return prolog + declaration + xml

    return rewrite_part(workbook_bytes(build), "xl/worksheets/sheet1.xml", add_doctype)


# --- units in headers and unit columns --------------------------------------------------------
# The catalogue counts EMP-01-1 in 个（次）, SOC-02-1 and HEA-01-1 in 名, PUB-01-1 in 户, ELD-02-1 in 个, CUL-01-1
# in 张, SOC-05-1 in 元/人: a figure written in 万 of them (or with another unit) is converted, or refused.


def units_header_long_gbk() -> bytes:
    """A long GBK sheet whose value header states the unit in full-width brackets: 21.3 is 213,000 postings."""
    lines = [
        "2024年民生实事进展统计表（截至6月底）,,",
        "指标编号,月份,累计完成（万个次）",
        "EMP-01-1,2024-05,18",
        "EMP-01-1,2024-06,21.3",
    ]
    return csv_text(lines, "\r\n").encode("gbk")


def units_header_long_xlsx() -> bytes:
    """The same in a workbook, half-width brackets and numeric cells."""

    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["指标编号", "指标名称", "月份", "累计完成(万个次)"])
        sheet.append(["EMP-01-1", NAMES["EMP-01-1"], "2024-05", 18])
        sheet.append(["EMP-01-1", NAMES["EMP-01-1"], "2024-06", 21.3])

    return workbook_bytes(build)


UNITS_BARE_MAGNITUDE = [
    "指标编号,月份,累计完成（万）",
    "EMP-01-1,6,21.3",
    "HEA-01-1,6,0.35",
    "PUB-01-1,6,12.5",
]


def units_column_xlsx() -> bytes:
    """A 计量单位 column, one unit per row, several magnitudes: each figure converted on its own."""

    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["指标编号", "指标名称", "计量单位", "月份", "累计完成"])
        sheet.append(["EMP-01-1", NAMES["EMP-01-1"], "万个（次）", "2024-06", 21.3])
        sheet.append(["SOC-02-1", NAMES["SOC-02-1"], "万名", "2024-06", 6.5])
        sheet.append(["HEA-01-1", NAMES["HEA-01-1"], "名", "2024-06", 3500])
        sheet.append(["PUB-01-1", NAMES["PUB-01-1"], "万户", "2024-06", 12.5])
        sheet.append(["ELD-02-1", NAMES["ELD-02-1"], "个", "2024-06", 1300])
        sheet.append(["CUL-01-1", NAMES["CUL-01-1"], "万张", "2024-06", 3.2])

    return workbook_bytes(build)


def units_column_gbk() -> bytes:
    """A GBK sheet whose 单位 column holds units (not regions): 人 for 名, 万元/人 for 元/人, 千户 for 户."""
    lines = [
        "指标名称,单位,月份,累计完成",
        f"{NAMES['SOC-02-1']},万人,6月,6.5",
        f"{NAMES['SOC-05-1']},万元/人,6月,0.3",
        f"{NAMES['PUB-01-1']},千户,6月,125",
        f"{NAMES['HEA-01-1']},人,6月,3500",
    ]
    return csv_text(lines, "\r\n").encode("gbk")


def units_wide_group_xlsx() -> bytes:
    """A wide sheet: 累计完成（万个次） merged over the month columns, indicator labels merged down two rows."""

    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet["A1"], sheet["B1"], sheet["C1"] = "指标编号", "指标名称", "累计完成（万个次）"
        sheet.merge_cells("A1:A2")
        sheet.merge_cells("B1:B2")
        sheet.merge_cells("C1:E1")
        for month in range(1, 4):
            sheet.cell(row=2, column=2 + month, value=f"{month}月")
        sheet.append(["EMP-01-1", NAMES["EMP-01-1"], 5, 10.5, 15])

    return workbook_bytes(build)


def units_wide_months_gbk() -> bytes:
    """A wide GBK sheet whose month headers state the unit: 1月（万户）."""
    lines = [
        "指标编号,1月（万户）,2月（万户）,3月（万户）",
        "PUB-01-1,4,8.5,12.5",
    ]
    return csv_text(lines, "\r\n").encode("gbk")


def units_matrix_xlsx() -> bytes:
    """A region matrix in 万: the indicator's header (征集推送岗位（万个次）) and a sub-header (累计完成（万名）)
    state the units; the title says 2024年1-9月, so the month is September."""

    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["2024年1-9月民生实事进展情况"])
        sheet.merge_cells("A1:G1")
        sheet.append(["地区", "征集推送岗位（万个次）", None, None, NAMES["HEA-01-1"], None, None])
        sheet.merge_cells("B2:D2")
        sheet.merge_cells("E2:G2")
        sheet.append([None, "目标", "进度", "完成比例(%)", "目标（万名）", "累计完成（万名）", "完成比例(%)"])
        sheet.append(["长春市", 12, 9.6, 80, 0.21, 0.168, 80])
        sheet.append(["吉林市", 6, 4.5, 75, 0.105, 0.084, 80])
        sheet.append(["合计", 40, 30.2, 75.5, 0.7, 0.56, 80])

    return workbook_bytes(build)


BAD_UNIT_HOUSEHOLDS_AS_PEOPLE = [
    "指标编号,计量单位,月份,累计完成",
    "EMP-01-1,万个次,2024-06,21.3",
    "PUB-01-1,名,2024-06,500",
]


def bad_unit_money_for_people() -> bytes:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["指标编号", "计量单位", "月份", "累计完成"])
        sheet.append(["HEA-01-1", "名", "2024-06", 3500])
        sheet.append(["SOC-02-1", "万元", "2024-06", 6.5])

    return workbook_bytes(build)


def bad_unit_conflict() -> bytes:
    """The header says 万个次, the row's 计量单位 says 个: which one is meant cannot be told."""

    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.append(["指标编号", "计量单位", "月份", "累计完成（万个次）"])
        sheet.append(["EMP-01-1", "万个次", "2024-05", 18])
        sheet.append(["EMP-01-1", "个", "2024-06", 21.3])

    return workbook_bytes(build)


BAD_UNIT_PERCENT_FOR_COUNT = ["指标编号,月份,累计完成(%)", "ELD-02-1,2024-06,98"]
BAD_UNIT_MAGNITUDE_TWICE = ["指标编号,月份,累计完成（万个次）", "EMP-01-1,2024-05,18", "EMP-01-1,2024-06,21.3万"]


# --- the catalogue of samples ----------------------------------------------------------------

SAMPLES: tuple[Sample, ...] = (
    Sample("long_utf8.csv", utf8(LONG_UTF8), "long, 4 province records, months 5–6; ELD-02-1 '1,300' → 1300"),
    Sample(
        "long_utf8_bom.csv",
        long_utf8_bom,
        "encoding utf-8-sig, English headers, months 2024/6, 2024年6月, 6 → 3 records",
    ),
    Sample(
        "gbk_title_note.csv",
        gbk_title_note,
        "encoding gb18030 (GBK text); header row 2; month 6 from the title; 3 records; note rows skipped",
    ),
    Sample("gb18030.csv", gb18030_only, "encoding gb18030 with a 4-byte character; month 6月; 2 records"),
    Sample(
        "utf16_unicode_text.txt",
        utf16_unicode_text,
        "Excel 'Unicode text': utf-16-le, TAB; 3 records, 合计 → province 350000",
    ),
    Sample(
        "long_title_total.xlsx",
        long_title_total,
        "xlsx, merged title (month 6), header row 2; 3 records; 合计 row skipped",
    ),
    Sample("wide_months.xlsx", wide_months, "wide 1月…12月, months 1–6 filled; 12 records; 单位 column is the unit"),
    Sample(
        "wide_increments.xlsx",
        wide_increments,
        "wide, 本月完成 merged over 1月…12月 → increments; CUL-03-1 10/25/45, EMP-02-1 3/7/12",
    ),
    Sample(
        "increments_long.csv",
        utf8(INCREMENTS_LONG),
        "long 本月完成: EMP-01-1 30000/55000/95000; HEA-01-1 month 6 needs month 5: error increment_without_base row 5 without previous, 3500 with previous 3000",
    ),
    Sample(
        "regional_total.csv", utf8(REGIONAL_TOTAL), "regional long; 5 records; 合计 → province 32000 (never summed)"
    ),
    Sample("values_wan_fullwidth.csv", utf8(VALUES_WAN_FULLWIDTH), "21.3万 → 213000, １，３００ → 1300, 达标 → 1"),
    Sample("semicolon.csv", utf8(SEMICOLON), "';'-separated; 2 records"),
    Sample("csv_named.xlsx", utf8(CSV_NAMED_XLSX), "CSV text named .xlsx: read as csv; 1 record"),
    Sample("bad_percent_for_count.csv", utf8(BAD_PERCENT), "error percent_for_count row 2, D (累计完成)"),
    Sample("bad_not_a_number.csv", utf8(BAD_NOT_A_NUMBER), "error not_a_number row 3, D (累计完成) (约三百)"),
    Sample("bad_formula.csv", utf8(BAD_FORMULA), "error formula row 4, D (累计完成) (=SUM(D2:D3))"),
    Sample("bad_negative.csv", utf8(BAD_NEGATIVE), "error negative row 2, D (累计完成)"),
    Sample("bad_unknown_indicator.csv", utf8(BAD_UNKNOWN_INDICATOR), "error unknown_indicator row 2, A (指标编号)"),
    Sample("bad_unknown_region.csv", utf8(BAD_UNKNOWN_REGION), "error unknown_region row 3, B (地区) (大连市)"),
    Sample("bad_month_2023.csv", utf8(BAD_MONTH_2023), "error month_outside_year row 2, C (月份) (2023-12)"),
    Sample(
        "bad_duplicate_conflict.csv",
        utf8(BAD_DUPLICATE),
        "error duplicate_conflict row 3, D (累计完成); row 4 repeats row 2's value: fine",
    ),
    Sample("bad_title_year.csv", utf8(BAD_TITLE_YEAR), "error month_outside_year row 1, A (the title says 2023)"),
    Sample(
        "bad_no_month.csv",
        utf8(NO_MONTH),
        "error no_month (no month column, title or form month); with month=6: 2 records",
    ),
    Sample(
        "units_header_long_gbk.csv",
        units_header_long_gbk,
        "GBK, 累计完成（万个次）: EMP-01-1 18 → 180000 (month 5), 21.3 → 213000 (month 6)",
    ),
    Sample(
        "units_header_long.xlsx",
        units_header_long_xlsx,
        "xlsx, 累计完成(万个次): EMP-01-1 18 → 180000 (month 5), 21.3 → 213000 (month 6)",
    ),
    Sample(
        "units_bare_magnitude.csv",
        utf8(UNITS_BARE_MAGNITUDE),
        "累计完成（万）: EMP-01-1 21.3 → 213000, HEA-01-1 0.35 → 3500, PUB-01-1 12.5 → 125000",
    ),
    Sample(
        "units_column.xlsx",
        units_column_xlsx,
        "计量单位 per row: 万个（次） 21.3 → 213000, 万名 6.5 → 65000, 名 3500, 万户 12.5 → 125000, 个 1300, "
        "万张 3.2 → 32000",
    ),
    Sample(
        "units_column_gbk.csv",
        units_column_gbk,
        "GBK, 单位 holds units: 万人 6.5 → 65000 (名), 万元/人 0.3 → 3000 (元/人), 千户 125 → 125000, 人 3500",
    ),
    Sample(
        "units_wide_group.xlsx",
        units_wide_group_xlsx,
        "wide, 累计完成（万个次） merged over 1月…3月: EMP-01-1 50000 / 105000 / 150000",
    ),
    Sample(
        "units_wide_months_gbk.csv",
        units_wide_months_gbk,
        "wide GBK, 1月（万户）…3月（万户）: PUB-01-1 40000 / 85000 / 125000",
    ),
    Sample(
        "units_matrix.xlsx",
        units_matrix_xlsx,
        "region matrix, title 2024年1-9月 → month 9; EMP-01-1 in 万个次 (长春 96000, 吉林 45000, province 302000), "
        "HEA-01-1 in 万名 (1680, 840, 5600); targets in 万 too",
    ),
    Sample(
        "bad_unit_households_as_people.csv",
        utf8(BAD_UNIT_HOUSEHOLDS_AS_PEOPLE),
        "error unit_mismatch row 3, D (累计完成) (名 for PUB-01-1, counted in 户)",
    ),
    Sample(
        "bad_unit_money_for_people.xlsx",
        bad_unit_money_for_people,
        "error unit_mismatch row 3, D (累计完成) (万元 for SOC-02-1, counted in 名)",
    ),
    Sample(
        "bad_unit_conflict.xlsx",
        bad_unit_conflict,
        "error unit_conflict row 3, D (累计完成（万个次）) (the 计量单位 cell says 个)",
    ),
    Sample(
        "bad_unit_percent_for_count.csv",
        utf8(BAD_UNIT_PERCENT_FOR_COUNT),
        "error unit_mismatch row 2, C (累计完成(%)) (a percentage header for ELD-02-1, counted in 个)",
    ),
    Sample(
        "bad_unit_magnitude_twice.csv",
        utf8(BAD_UNIT_MAGNITUDE_TWICE),
        "error unit_conflict row 3, C (累计完成（万个次）) (21.3万 under a 万个次 header)",
    ),
    Sample("empty.csv", lambda: b"", "SheetError empty_file (0 bytes)"),
    Sample("header_only.csv", utf8(HEADER_ONLY), "error empty_file (a header, no data rows)"),
    Sample("no_columns.csv", utf8(NO_COLUMNS), "error no_columns"),
    Sample("garbage.xlsx", garbage, "SheetError unreadable (binary garbage named .xlsx)"),
    Sample("zip_bomb.xlsx", zip_bomb, "SheetError zip_bomb (120 MiB uncompressed)"),
    Sample("xml_entities.xlsx", xml_entities, "SheetError xml_entities (DOCTYPE/ENTITY in the sheet XML)"),
    Sample("bad_encoding.csv", bad_encoding, "SheetError encoding (a 0x80 byte neither UTF-8 nor GB18030), line 2"),
)


def expected_markdown() -> str:
    lines = [
        "# Sample uploads and what they give",
        "",
        "Generated by `tests/samples/make_samples.py`; `tests/unit/test_figures_import.py`,",
        "`tests/unit/test_units.py` and `tests/unit/test_sheets.py` assert each outcome exactly. Rows and columns",
        "are as Excel/WPS shows them.",
        "",
        "| File | Expected outcome |",
        "| --- | --- |",
    ]
    lines += [f"| `{sample.name}` | {sample.expected} |" for sample in SAMPLES]
    return "\n".join(lines) + "\n"


def write_samples(out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in SAMPLES:
        path = out_dir / sample.name
        path.write_bytes(sample.make())
        written.append(path)
    expected = out_dir / "EXPECTED.md"
    expected.write_text(expected_markdown(), encoding="utf-8")
    return [*written, expected]


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR):
        print(path)
