"""The monthly reporting template: a workbook pre-filled with a department's indicators (with a row per region for
those that regions report) and last month's values."""

from __future__ import annotations

import io
from collections.abc import Collection, Mapping

import xlsxwriter

from targets.figures import province_view
from targets.model import Plan
from targets.regions import PROVINCE, prefectures, region_name

HEADERS_ZH = ["指标编号", "指标名称", "单位", "目标值", "地区", "月份", "上月累计（参考）", "累计完成", "备注"]


def regional_indicators(previous: Mapping[tuple[str, str, int], float], province: str = PROVINCE) -> set[str]:
    """Indicators that regions report (any regional figure this year): their template offers region rows."""
    return {code for code, region, _month in previous if region != province}


def figures_template(
    plan: Plan,
    month: int,
    *,
    lead_unit: str | None = None,
    previous: Mapping[tuple[str, str, int], float] | None = None,
    region: str = PROVINCE,
    regional: Collection[str] | None = None,
) -> bytes:
    """An XLSX in the long form the importer reads back, value column left empty: one 全省 row per indicator,
    and for an indicator that regions report (or is listed in `regional`, e.g. broken down by region) a row
    per region before it, whose sum stands for the province in a month without a 全省 figure."""
    previous = previous or {}
    by_region = set(regional or ()) | regional_indicators(previous) if region == PROVINCE else set()
    province_series = province_view(plan, previous).series if by_region else {}
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("填报")
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
    ref = wb.add_format({"font_color": "#666666", "num_format": "#,##0.##"})
    num = wb.add_format({"num_format": "#,##0.##"})
    fill = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0.##"})
    note = wb.add_format({"italic": True, "font_color": "#666666"})
    scope = lead_unit or "全部牵头单位"
    ws.merge_range(
        0, 0, 0, len(HEADERS_ZH) - 1, f"{plan.year}年民生实事进展填报表（截至{plan.year}年{month}月底）— {scope}", title
    )
    ws.write_row(1, 0, HEADERS_ZH, head)
    row = 2

    def line(ind, where: str, prev: float | None, remark: str = "") -> None:
        nonlocal row
        ws.write_string(row, 0, ind.code)
        ws.write_string(row, 1, ind.name.zh)
        ws.write_string(row, 2, ind.unit.zh)
        ws.write_number(row, 3, ind.target, num)
        ws.write_string(row, 4, region_name(where))
        ws.write_string(row, 5, f"{plan.year}-{month:02d}")
        if prev is not None:
            ws.write_number(row, 6, prev, ref)
        ws.write_blank(row, 7, None, fill)
        if remark:
            ws.write_string(row, 8, remark, note)
        row += 1

    for ind in plan.indicators:
        if lead_unit and ind.lead_unit != lead_unit:
            continue
        if ind.code in by_region:
            for r in prefectures():
                line(ind, r.code, previous.get((ind.code, r.code, month - 1)) if month > 1 else None)
            prev = province_series.get((ind.code, month - 1)) if month > 1 else None
            line(ind, PROVINCE, prev, "有省级直接填报数时填写；留空则按各地区合计")
        else:
            line(ind, region, previous.get((ind.code, region, month - 1)) if month > 1 else None)
    ws.write_string(
        row + 1,
        0,
        "注：请在“累计完成”列填写截至本月底的累计数；可写 1300、1,300 或 21.3万；达标类指标填“是”或“否”。"
        "分地区填报的指标请逐地区填写，全省数留空时按各地区合计。",
        note,
    )
    ws.freeze_panes(2, 2)
    ws.set_column(0, 0, 11)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 6, 12)
    ws.set_column(7, 7, 14)
    ws.set_column(8, 8, 36)
    wb.close()
    return buf.getvalue()
