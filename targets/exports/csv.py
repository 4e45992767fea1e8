"""Every indicator with its status as plain CSV: UTF-8 with a BOM (so Excel opens it right), one header row.

The as-of month, the last change and the sample-data flag are columns on every row, so the file
stays one plain table that any program reads and still says what it is.
"""

from __future__ import annotations

from typing import Any

from targets import clock
from targets.exports.charts import style_label
from targets.exports.context import ExportContext, changed_local, month_coverage_text, tr
from targets.exports.safe import csv_bytes

HEADERS = (
    "export.col.code",
    "export.col.area",
    "export.col.task",
    "export.col.indicator",
    "export.col.unit",
    "export.col.target",
    "export.col.actual",
    "export.col.latest_month",
    "export.col.progress",
    "export.col.expected",
    "export.col.gap",
    "export.col.status",
    "export.col.projection",
    "export.col.projection_misses",
    "export.col.basis",
    "export.col.lead",
    "export.col.explanation",
    "export.col.as_of",
    "export.col.last_change",
    "export.col.sample",
    "export.col.figures",
    "export.col.month_coverage",
    "export.col.stale",
)


def _num(value: float | None, digits: int) -> float | int | None:
    """Rounded for reading, whole numbers without a trailing .0."""
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if float(value).is_integer() else value


def rows(ctx: ExportContext) -> list[list[Any]]:
    plan, lang = ctx.plan, ctx.lang
    as_of = f"{ctx.year}-{ctx.as_of:02d}"
    changed = changed_local(ctx) or ""
    sample = tr(ctx, "export.yes") if ctx.is_demo else tr(ctx, "export.no")
    figures = tr(ctx, "periods.basis.approved" if ctx.approved_only else "periods.basis.latest")
    coverage = month_coverage_text(ctx)
    out: list[list[Any]] = [[tr(ctx, h, zone=clock.zone_name(ctx.lang)) for h in HEADERS]]
    for i in ctx.status.indicators:
        ind, task = plan.indicator(i.code), plan.task(i.task_code)
        out.append(
            [
                i.code,
                plan.area(i.area_code).name.get(lang),
                task.name.get(lang),
                ind.name.get(lang),
                ind.unit.get(lang),
                _num(i.target, 4),
                _num(i.actual, 4),
                i.latest_month,
                _num(i.progress, 4),
                _num(i.expected, 4),
                _num(i.gap_points, 2),
                style_label(i.style, lang),
                _num(i.projection, 2),
                tr(ctx, "export.yes") if i.projection_misses else tr(ctx, "export.no"),
                tr(ctx, f"export.basis.{ctx.basis.get(i.code, 'none')}"),
                ind.lead_unit or task.lead_unit,
                i.explanation(lang),
                as_of,
                changed,
                sample,
                figures,
                coverage,
                i.stale_note(lang),
            ]
        )
    return out


def build(ctx: ExportContext) -> bytes:
    """Progress and expected are fractions (0.55 = 55%), as in `status --json`."""
    return csv_bytes(rows(ctx))
