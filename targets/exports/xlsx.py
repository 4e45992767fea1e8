"""The press office's workbook: an overview with native charts, one sheet per area, every indicator,
the lagging list and the regions' latest figures.

Numbers are written as numbers with number formats; every text cell passes through safe.cell
(formula-injection neutralisation) and the workbook never turns strings into formulas, numbers or
links. Statuses are written out in words, with the status colour as a fill beside them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from targets.exports.charts import area_expected, style_counts, style_label
from targets.exports.context import (
    ExportContext,
    as_of_text,
    coverage_text,
    figures_text,
    last_change_text,
    month_coverage_text,
    sample_text,
    sep,
    title_text,
    tr,
)
from targets.exports.safe import WORKBOOK_OPTIONS, cell, is_number
from targets.regions import region_name
from targets.status import STATUS_COLORS, IndicatorStatus, month_end

HEADER_FILL = "#DDE3EA"
EARLIER_FONT = "#7F7F7F"


def _text_color(fill: str) -> str:
    """Black or white, whichever reads better on the fill (WCAG relative luminance)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


class _Formats:
    def __init__(self, wb: Workbook, lang: str):
        base = {"font_name": "Microsoft YaHei" if lang == "zh" else "Calibri", "font_size": 10, "valign": "top"}
        self.wb = wb
        self.base = base
        self.text = wb.add_format({**base, "text_wrap": True})
        self.plain = wb.add_format(base)
        self.title = wb.add_format({**base, "bold": True, "font_size": 15})
        self.meta = wb.add_format({**base, "font_color": "#404040"})
        self.banner = wb.add_format(
            {
                **base,
                "bold": True,
                "font_color": "#9C0006",
                "bg_color": "#FFEB9C",
                "border": 1,
                "border_color": "#C9A400",
            }
        )
        self.header = wb.add_format(
            {**base, "bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        self.int = wb.add_format({**base, "num_format": "#,##0"})
        self.dec = wb.add_format({**base, "num_format": "#,##0.00"})
        self.pct = wb.add_format({**base, "num_format": "0.0%"})
        self.pts = wb.add_format({**base, "num_format": "+0.0;-0.0;0.0"})
        self.month = wb.add_format({**base, "num_format": tr_lang(lang, "export.month_format"), "align": "center"})
        self.int_earlier = wb.add_format({**base, "num_format": "#,##0", "italic": True, "font_color": EARLIER_FONT})
        self.dec_earlier = wb.add_format({**base, "num_format": "#,##0.00", "italic": True, "font_color": EARLIER_FONT})
        self.bold = wb.add_format({**base, "bold": True})
        self.bold_int = wb.add_format({**base, "bold": True, "num_format": "#,##0"})
        self.status = {
            key: wb.add_format(
                {
                    **base,
                    "bold": True,
                    "bg_color": fill,
                    "font_color": _text_color(fill),
                    "border": 1,
                    "border_color": "#FFFFFF",
                }
            )
            for key, fill in STATUS_COLORS.items()
        }

    def number(self, value: float | None, *, earlier: bool = False) -> Format:
        whole = value is None or float(value).is_integer()
        if earlier:
            return self.int_earlier if whole else self.dec_earlier
        return self.int if whole else self.dec


def tr_lang(lang: str, key: str) -> str:
    from targets.i18n import t

    return t(key, lang)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: header key, width, and how to write a row's cell."""

    header: str
    width: float
    value: Callable[[IndicatorStatus], Any]
    kind: str = "text"  # text | number | pct | pts | month | status | plain


def _write(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
    """Every cell goes through here: numbers as numbers, text neutralised, None as a blank."""
    value = cell(value)
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif is_number(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, value, fmt)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip().strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


class _Book:
    def __init__(self, ctx: ExportContext):
        self.ctx = ctx
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {**WORKBOOK_OPTIONS, "in_memory": True})
        self.f = _Formats(self.wb, ctx.lang)
        self.taken: set[str] = set()
        props: dict[str, Any] = {
            "title": tr(ctx, "export.xlsx.title", title=title_text(ctx)),
            "subject": as_of_text(ctx),
            "author": tr(ctx, "app.title"),
            "comments": last_change_text(ctx) + (" " + sample_text(ctx) if ctx.is_demo else ""),
        }
        if ctx.last_change is not None:
            props["created"] = ctx.last_change  # the same data gives the same file
        self.wb.set_properties(props)

    def sheet(self, name: str) -> Worksheet:
        ws = self.wb.add_worksheet(_sheet_name(name, self.taken))
        ws.hide_gridlines(2)
        return ws

    def preamble(self, ws: Worksheet, heading: str, width_cols: int = 8) -> int:
        """Title, as of, last change and the sample-data banner; returns the next free row."""
        ctx, f = self.ctx, self.f
        _write(ws, 0, 0, heading, f.title)
        meta = (as_of_text(ctx), month_coverage_text(ctx), last_change_text(ctx), figures_text(ctx))
        _write(ws, 1, 0, sep(ctx).join(meta), f.meta)
        row = 2
        if ctx.is_demo:
            ws.merge_range(row, 0, row, max(1, width_cols - 1), None, f.banner)
            _write(ws, row, 0, sample_text(ctx), f.banner)
            row += 1
        return row + 1

    # --- tables of indicators --------------------------------------------------------------------

    def write_value(self, ws: Worksheet, row: int, col: int, column: Column, ist: IndicatorStatus) -> None:
        f, value = self.f, column.value(ist)
        if column.kind == "status":
            _write(ws, row, col, value, f.status[ist.style])
        elif column.kind == "number":
            _write(ws, row, col, value, f.number(value))
        elif column.kind == "pct":
            _write(ws, row, col, value, f.pct)
        elif column.kind == "pts":
            _write(ws, row, col, value, f.pts)
        elif column.kind == "month":
            _write(ws, row, col, value, f.month)
        elif column.kind == "plain":
            _write(ws, row, col, value, f.plain)
        else:
            _write(ws, row, col, value, f.text)

    def table(self, ws: Worksheet, top: int, columns: Sequence[Column], rows: Sequence[IndicatorStatus]) -> int:
        """A header row, frozen with the first column, and a filter; returns the row after the table."""
        for c, column in enumerate(columns):
            _write(ws, top, c, tr(self.ctx, column.header), self.f.header)
            ws.set_column(c, c, column.width)
        ws.set_row(top, 30)
        for r, ist in enumerate(rows, start=top + 1):
            for c, column in enumerate(columns):
                self.write_value(ws, r, c, column, ist)
        ws.freeze_panes(top + 1, 1)
        ws.autofilter(top, 0, top + max(1, len(rows)), len(columns) - 1)
        return top + len(rows) + 1


def _columns(ctx: ExportContext, *, full: bool) -> list[Column]:
    plan, lang = ctx.plan, ctx.lang

    def ind(i: IndicatorStatus):
        return plan.indicator(i.code)

    def lead(i: IndicatorStatus) -> str | None:
        task = plan.task(i.task_code)
        return ind(i).lead_unit or task.lead_unit

    cols = [
        Column("export.col.code", 11, lambda i: i.code, "plain"),
        Column("export.col.area", 10, lambda i: plan.area(i.area_code).name.get(lang)),
        Column("export.col.task", 28, lambda i: plan.task(i.task_code).name.get(lang)),
        Column("export.col.indicator", 30, lambda i: ind(i).name.get(lang)),
        Column("export.col.unit", 9, lambda i: ind(i).unit.get(lang)),
        Column("export.col.target", 12, lambda i: i.target, "number"),
        Column("export.col.actual", 12, lambda i: i.actual, "number"),
        Column("export.col.latest_month", 8, lambda i: i.latest_month, "month"),
        Column("export.col.stale", 12, lambda i: i.stale_note(lang)),
        Column("export.col.progress", 9, lambda i: i.progress, "pct"),
        Column("export.col.expected", 9, lambda i: i.expected, "pct"),
        Column("export.col.gap", 9, lambda i: i.gap_points, "pts"),
        Column("export.col.status", 15, lambda i: style_label(i.style, lang), "status"),
    ]
    if full:
        cols += [
            Column(
                "export.col.projection",
                12,
                lambda i: None if i.projection is None else round(i.projection, 2),
                "number",
            ),
            Column(
                "export.col.projection_misses",
                9,
                lambda i: tr(ctx, "export.yes") if i.projection_misses else tr(ctx, "export.no"),
            ),
            Column("export.col.basis", 11, lambda i: tr(ctx, f"export.basis.{ctx.basis.get(i.code, 'none')}")),
            Column("export.col.lead", 14, lead),
        ]
    cols.append(Column("export.col.explanation", 60, lambda i: i.explanation(lang)))
    return cols


def _overview(book: _Book) -> None:
    ctx, f = book.ctx, book.f
    ws = book.sheet(tr(ctx, "export.sheet.overview"))
    row = book.preamble(ws, tr(ctx, "export.xlsx.title", title=title_text(ctx)), width_cols=9)
    _write(ws, row, 0, coverage_text(ctx), f.bold)
    row += 2

    # Tasks by status, with a native column chart beside it.
    _write(ws, row, 0, tr(ctx, "export.col.status"), f.header)
    _write(ws, row, 1, tr(ctx, "export.col.tasks"), f.header)
    first = row + 1
    counts = style_counts(ctx.status)
    for key, n in counts.items():
        row += 1
        _write(ws, row, 0, style_label(key, ctx.lang), f.status[key])
        _write(ws, row, 1, n, f.int)
    last = row
    row += 1
    _write(ws, row, 0, tr(ctx, "export.total"), f.bold)
    _write(ws, row, 1, ctx.status.summary.total_catalogued, f.bold_int)
    row += 1
    _write(ws, row, 0, tr(ctx, "export.xlsx.projection_misses", count=ctx.status.summary.projection_misses), f.meta)
    _write(ws, row + 1, 0, tr(ctx, "export.xlsx.status_note"), f.meta)
    chart = book.wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": tr(ctx, "export.xlsx.by_status"),
            "categories": [ws.name, first, 0, last, 0],
            "values": [ws.name, first, 1, last, 1],
            "points": [{"fill": {"color": STATUS_COLORS[k]}, "border": {"none": True}} for k in counts],
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": tr(ctx, "export.xlsx.by_status"), "name_font": {"size": 12}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}, "min": 0})
    ws.insert_chart(first - 1, 3, chart, {"x_scale": 1.15, "y_scale": 0.9})
    row = max(row + 3, first + 20)

    # Areas: task counts and mean progress against the mean expected share.
    headers = [
        "export.col.area",
        "export.col.tasks",
        "status.done",
        "status.ahead",
        "status.on_pace",
        "status.lagging",
        "status.no_data",
        "export.col.mean_progress",
        "export.col.mean_expected",
    ]
    for c, key in enumerate(headers):
        _write(ws, row, c, tr(ctx, key), f.header)
    ws.set_row(row, 30)
    area_first = row + 1
    for area in ctx.status.areas:
        row += 1
        _write(ws, row, 0, ctx.plan.area(area.code).name.get(ctx.lang), f.text)
        for c, n in enumerate(
            (area.total_catalogued, area.done, area.ahead, area.on_pace, area.lagging, area.no_data), start=1
        ):
            _write(ws, row, c, n, f.int)
        _write(ws, row, 7, area.mean_progress, f.pct)
        _write(ws, row, 8, area_expected(ctx.status, area.code), f.pct)
    area_last = row
    ws.set_column(0, 0, 24)
    ws.set_column(1, 6, 9)
    ws.set_column(7, 8, 12)
    bars = book.wb.add_chart({"type": "bar"})
    for col, key, color in (
        (7, "export.col.mean_progress", STATUS_COLORS["done"]),
        (8, "export.col.mean_expected", "#BFBFBF"),
    ):
        bars.add_series(
            {
                "name": tr(ctx, key),
                "categories": [ws.name, area_first, 0, area_last, 0],
                "values": [ws.name, area_first, col, area_last, col],
                "fill": {"color": color},
                "data_labels": {"value": True, "num_format": "0%"},
            }
        )
    bars.set_title({"name": tr(ctx, "export.xlsx.by_area"), "name_font": {"size": 12}})
    bars.set_x_axis(
        {"min": 0, "max": 1.2, "num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}}
    )
    bars.set_y_axis({"reverse": True})
    bars.set_legend({"position": "bottom"})
    ws.insert_chart(area_last + 2, 0, bars, {"x_scale": 1.6, "y_scale": 1.1})
    ws.activate()


def _area_sheets(book: _Book) -> None:
    ctx = book.ctx
    cols = [c for c in _columns(ctx, full=False) if c.header != "export.col.area"]
    for area in ctx.plan.areas:
        rows = [i for i in ctx.status.indicators if i.area_code == area.code]
        name = area.name.get(ctx.lang)
        ws = book.sheet(name)
        stats = ctx.status.area(area.code)
        top = book.preamble(ws, tr(ctx, "export.xlsx.area_title", area=name, tasks=stats.total_catalogued), len(cols))
        book.table(ws, top, cols, rows)


def _indicators(book: _Book) -> None:
    ctx = book.ctx
    cols = _columns(ctx, full=True)
    ws = book.sheet(tr(ctx, "export.sheet.indicators"))
    top = book.preamble(ws, tr(ctx, "export.sheet.indicators"), len(cols))
    book.table(ws, top, cols, ctx.status.indicators)


def _lagging(book: _Book) -> None:
    ctx, f, plan, lang = book.ctx, book.f, book.ctx.plan, book.ctx.lang
    ws = book.sheet(tr(ctx, "export.sheet.lagging"))
    headers = [
        ("export.col.rank", 6),
        ("export.col.code", 9),
        ("export.col.task", 34),
        ("export.col.area", 12),
        ("export.col.status", 15),
        ("export.col.worst", 30),
        ("export.col.gap", 9),
        ("export.col.lead", 14),
        ("export.col.explanation", 70),
    ]
    top = book.preamble(ws, tr(ctx, "export.sheet.lagging"), len(headers))
    for c, (key, width) in enumerate(headers):
        _write(ws, top, c, tr(ctx, key), f.header)
        ws.set_column(c, c, width)
    ws.set_row(top, 30)
    ws.freeze_panes(top + 1, 0)
    lagging = ctx.status.lagging_tasks()
    if not lagging:
        _write(ws, top + 1, 0, tr(ctx, "export.lagging.none"), f.meta)
        return
    for n, ts in enumerate(lagging, start=1):
        r = top + n
        task = plan.task(ts.code)
        worst = plan.indicator(ts.worst_indicator) if ts.worst_indicator else None
        _write(ws, r, 0, n, f.int)
        _write(ws, r, 1, ts.code, f.plain)
        _write(ws, r, 2, task.name.get(lang), f.text)
        _write(ws, r, 3, plan.area(ts.area_code).name.get(lang), f.text)
        _write(ws, r, 4, style_label(ts.style, lang), f.status[ts.style])
        _write(ws, r, 5, worst.name.get(lang) if worst else None, f.text)
        _write(ws, r, 6, ts.gap_points, f.pts)
        _write(ws, r, 7, (worst.lead_unit if worst else None) or task.lead_unit, f.text)
        _write(ws, r, 8, ts.explanation(lang), f.text)
    ws.autofilter(top, 0, top + len(lagging), len(headers) - 1)


def _regions(book: _Book) -> None:
    """Indicators down, regions across: each region's latest cumulative figure up to the as-of month.
    A figure from an earlier month is grey italic with a note saying which month it is from."""
    ctx, f, plan, lang = book.ctx, book.f, book.ctx.plan, book.ctx.lang
    regions = list(ctx.regions)
    if any(r.rank is not None for r in regions):
        regions.sort(key=lambda r: (r.rank is None, r.rank or 0))
    ws = book.sheet(tr(ctx, "export.sheet.regions"))
    fixed = ["export.col.code", "export.col.indicator", "export.col.unit", "export.col.province"]
    top = book.preamble(ws, tr(ctx, "export.sheet.regions"), len(fixed) + len(regions))
    _write(ws, top - 1, 0, tr(ctx, "export.regions.note", when=month_end(ctx.as_of, lang)), f.meta)
    top += 1
    for c, key in enumerate(fixed):
        _write(ws, top, c, tr(ctx, key), f.header)
    for c, region in enumerate(regions, start=len(fixed)):
        _write(ws, top, c, region.name.get(lang) or region_name(region.code, lang), f.header)
    ws.set_row(top, 30)
    header_rows = 1
    if any(r.rank is not None for r in regions):
        _write(ws, top + 1, len(fixed) - 1, tr(ctx, "export.regions.rank"), f.bold)
        for c, region in enumerate(regions, start=len(fixed)):
            _write(ws, top + 1, c, region.rank, f.bold_int)
        header_rows = 2
    ws.set_column(0, 0, 11)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 9)
    ws.set_column(3, 3 + len(regions), 11)
    for r, ist in enumerate(ctx.status.indicators, start=top + header_rows):
        ind = plan.indicator(ist.code)
        _write(ws, r, 0, ind.code, f.plain)
        _write(ws, r, 1, ind.name.get(lang), f.text)
        _write(ws, r, 2, ind.unit.get(lang), f.text)
        _write(
            ws,
            r,
            3,
            ist.actual,
            f.number(ist.actual, earlier=ist.latest_month is not None and ist.latest_month < ctx.as_of),
        )
        for c, region in enumerate(regions, start=len(fixed)):
            found = region.latest.get(ind.code)
            if found is None:
                _write(ws, r, c, None, f.plain)
                continue
            month, value = found
            earlier = month < ctx.as_of
            _write(ws, r, c, value, f.number(value, earlier=earlier))
            if earlier:
                ws.write_comment(r, c, cell(tr(ctx, "export.regions.earlier", when=month_end(month, lang))))
    ws.freeze_panes(top + header_rows, 2)


def build(ctx: ExportContext) -> bytes:
    """The workbook as bytes."""
    book = _Book(ctx)
    _overview(book)
    _area_sheets(book)
    _indicators(book)
    _lagging(book)
    _regions(book)
    book.wb.close()
    return book.buffer.getvalue()
