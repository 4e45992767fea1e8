"""The upload template offers a row per region for indicators that regions report, and reads back as it is filled."""

from __future__ import annotations

import io

import openpyxl

from targets.catalogue import load_bundled
from targets.readers import parse_upload
from targets.regions import PROVINCE, prefectures
from targets.sheets import read_grid
from targets.templates import figures_template

PLAN = load_bundled(2024)
REGIONS = [r.code for r in prefectures()]
MEALS = "ELD-02-1"  # 省民政厅's meal points, reported by the regions in the demo


def rows_of(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=3)
        if row[0].value in {i.code for i in PLAN.indicators}
    ]


def test_an_indicator_the_regions_report_gets_a_row_per_region_and_a_province_row():
    previous = {(MEALS, r, 9): 60.0 for r in REGIONS}
    rows = rows_of(figures_template(PLAN, 10, lead_unit="省民政厅", previous=previous))
    assert [r[4] for r in rows] == [*(r.name.zh for r in prefectures()), "全省"]
    assert [r[6] for r in rows] == [60.0] * len(REGIONS) + [600.0]  # last month: each region, and their sum
    assert all(r[0] == MEALS and r[5] == "2024-10" for r in rows)


def test_a_province_only_indicator_keeps_its_single_province_row():
    previous = {(MEALS, PROVINCE, 9): 650.0}
    rows = rows_of(figures_template(PLAN, 10, lead_unit="省民政厅", previous=previous))
    assert [(r[0], r[4], r[6]) for r in rows] == [(MEALS, "全省", 650.0)]
    # an indicator broken down by region is offered region rows before any region has reported
    rows = rows_of(figures_template(PLAN, 1, lead_unit="省民政厅", regional={MEALS}))
    assert len(rows) == len(REGIONS) + 1 and rows[-1][4] == "全省"


def test_a_template_filled_for_the_regions_only_reads_back_as_regional_figures():
    previous = {(MEALS, r, 9): 60.0 for r in REGIONS}
    book = openpyxl.load_workbook(io.BytesIO(figures_template(PLAN, 10, lead_unit="省民政厅", previous=previous)))
    sheet = book.active
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == MEALS and row[4].value != "全省":
            row[7].value = 70
    out = io.BytesIO()
    book.save(out)
    parsed = parse_upload(read_grid(out.getvalue(), "template.xlsx"), PLAN)
    assert not parsed.has_errors, parsed.issues
    assert sorted((r.indicator_code, r.region_code, r.month, r.value) for r in parsed.records) == sorted(
        (MEALS, region, 10, 70.0) for region in REGIONS
    )
