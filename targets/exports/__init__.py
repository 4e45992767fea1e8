"""The press office's exports: pure builders from one computed status to file bytes.

    ctx = ExportContext.from_view(view, is_demo=..., lang="zh")
    data = build("xlsx", ctx)            # or csv, docx, pdf, png, svg (chart=...)
    name = file_name("xlsx", ctx)      # 民生实事进展_2024年9月_进展表.xlsx

Every file states the as-of month and when the data last changed, and says 演示数据 / sample
data when the database holds the demo. No streamlit and no database here: the CLI and the export
page load the status and record the export in the audit log.
"""

from __future__ import annotations

from targets.exports.context import ExportContext, RegionFigures, regions_from

FORMATS = ("xlsx", "csv", "docx", "pdf", "png", "svg")
CHART_FORMATS = ("png", "svg")
DEFAULT_CHART = "tasks_by_status"

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
}

# What each file is, in the words of the name's language.
_KINDS = {
    "xlsx": {"zh": "进展表", "en": "workbook"},
    "csv": {"zh": "指标清单", "en": "indicators"},
    "docx": {"zh": "新闻通稿", "en": "press-release"},
    "pdf": {"zh": "简报", "en": "briefing"},
}
_OTHER_LANGUAGE = {("zh", "en"): "英文版", ("en", "zh"): "chinese"}  # (name's language, file's language)


def chart_names() -> tuple[str, ...]:
    from targets.exports.charts import CHARTS

    return tuple(CHARTS)


def _check(fmt: str, chart: str | None) -> str | None:
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {FORMATS}, not {fmt!r}")
    if fmt in CHART_FORMATS:
        chart = chart or DEFAULT_CHART
        if chart not in chart_names():
            raise ValueError(f"chart must be one of {chart_names()}, not {chart!r}")
        return chart
    return None


def build(fmt: str, ctx: ExportContext, *, chart: str | None = None) -> bytes:
    """The file's bytes in the given format; png and svg draw one chart (default: tasks by status)."""
    chart = _check(fmt, chart)
    if fmt == "xlsx":
        from targets.exports import xlsx

        return xlsx.build(ctx)
    if fmt == "csv":
        from targets.exports import csv

        return csv.build(ctx)
    if fmt == "docx":
        from targets.exports import docx

        return docx.build(ctx)
    if fmt == "pdf":
        from targets.exports import pdf

        return pdf.build(ctx)
    from targets.exports import images
    from targets.exports.charts import CHARTS

    assert chart is not None
    return images.render(CHARTS[chart](ctx.plan, ctx.status, ctx.lang), fmt)


def file_name(fmt: str, ctx: ExportContext, *, chart: str | None = None, lang: str | None = None) -> str:
    """The file's name in the reader's language (lang, default the file's own), saying the month, what it is
    and sample data: 民生实事进展_2024年9月_新闻通稿_演示数据.docx, livelihood-progress_2024-09_briefing.pdf;
    a file in the other language says so (…_英文版.docx, …_chinese.pdf)."""
    from targets.i18n import t

    chart = _check(fmt, chart)
    lang = lang or ctx.lang
    if lang == "zh":
        parts = [f"民生实事进展_{ctx.year}年{ctx.as_of}月"]
        parts.append(f"图表_{t(f'export.chart.name.{chart}', 'zh')}" if chart else _KINDS[fmt]["zh"])
    else:
        parts = [f"livelihood-progress_{ctx.year}-{ctx.as_of:02d}"]
        parts.append(f"chart-{chart.replace('_', '-')}" if chart else _KINDS[fmt]["en"])
    if ctx.lang != lang:
        parts.append(_OTHER_LANGUAGE[(lang, ctx.lang)])
    if ctx.is_demo:
        parts.append("演示数据" if lang == "zh" else "sample")
    return "_".join(parts) + f".{fmt}"


__all__ = [
    "CHART_FORMATS",
    "FORMATS",
    "MEDIA_TYPES",
    "ExportContext",
    "RegionFigures",
    "build",
    "chart_names",
    "file_name",
    "regions_from",
]
