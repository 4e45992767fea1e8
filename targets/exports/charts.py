"""Plotly charts for the press exports: pure builders from a computed status, labelled in zh or en.

Colours come from STATUS_COLORS and every bar carries its status in words as well (never colour
alone). The fonts name the Noto CJK faces that Debian's fonts-noto-cjk installs, so Chromium
(kaleido) renders the Chinese labels.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from targets.charts import LABEL_GAP, LABEL_SIZE
from targets.i18n import t
from targets.model import Plan
from targets.status import STATUS_COLORS, PlanStatus, label, month_end, rank, severity_label

FONT = "Noto Sans CJK SC, Noto Sans CJK, Source Han Sans SC, Microsoft YaHei, sans-serif"
EXPECTED_COLOR = "#000000"


def _layout(fig: go.Figure, title: str, *, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13, "color": "#222222"},
        template="plotly_white",
        height=height,
        width=900,
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
    )
    return fig


def style_label(style: str, lang: str) -> str:
    """已完成 / 慢序时（红灯）: a style key (status, lagging split by severity) in words."""
    if style.startswith("lagging_"):
        severity = style.removeprefix("lagging_")
        words = severity_label(severity, lang)
        return f"{label('lagging', lang)}（{words}）" if lang == "zh" else f"{label('lagging', lang)} ({words})"
    return label(style, lang)


def style_counts(ps: PlanStatus) -> dict[str, int]:
    """Tasks per style key in the bulletins' order: done, ahead, on pace, lagging (amber, red), no data."""
    s = ps.summary
    counts = {
        "done": s.done,
        "ahead": s.ahead,
        "on_pace": s.on_pace,
        "lagging_amber": s.lagging_amber,
        "lagging_red": s.lagging_red,
        "no_data": s.no_data,
    }
    return counts


def tasks_by_status(plan: Plan, ps: PlanStatus, lang: str = "zh") -> go.Figure:
    """Catalogued tasks by status: one bar per status (lagging split into amber and red)."""
    counts = style_counts(ps)
    names = [style_label(k, lang) for k in counts]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=list(counts.values()),
            marker_color=[STATUS_COLORS[k] for k in counts],
            text=[str(v) for v in counts.values()],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_yaxes(
        title_text=t("export.chart.tasks", lang), rangemode="tozero", dtick=1 if max(counts.values()) <= 10 else None
    )
    title = t(
        "export.chart.tasks_by_status.title",
        lang,
        when=month_end(ps.as_of, lang),
        year=ps.year,
        catalogued=ps.summary.total_catalogued,
        declared=ps.summary.declared_tasks,
    )
    return _layout(fig, title, height=420)


def area_expected(ps: PlanStatus, area_code: str) -> float | None:
    """The mean expected share of an area's scheduled indicators with a figure, beside its mean progress."""
    values = [
        min(1.0, i.expected)
        for i in ps.indicators
        if i.area_code == area_code and i.expected is not None and i.progress is not None
    ]
    return sum(values) / len(values) if values else None


def progress_by_area(plan: Plan, ps: PlanStatus, lang: str = "zh") -> go.Figure:
    """Each area's mean progress (capped at 100%) as a bar, with the mean expected share as a marker."""
    areas = [a for a in ps.areas if a.total_catalogued]
    names = [plan.area(a.code).name.get(lang) for a in areas][::-1]
    progress = [(a.mean_progress or 0.0) * 100 for a in areas][::-1]
    expected = [area_expected(ps, a.code) for a in areas][::-1]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=progress,
            orientation="h",
            name=t("export.chart.progress", lang),
            marker_color=STATUS_COLORS["done"],
            cliponaxis=False,
        )
    )
    # The percentage right of both the bar's end and the schedule marker, so the marker never covers it.
    for name, p, e in zip(names, progress, expected, strict=True):
        fig.add_annotation(
            x=max(p, 0.0 if e is None else e * 100),
            y=name,
            text=f"{p:.1f}%",
            showarrow=False,
            xanchor="left",
            xshift=LABEL_GAP + 6,
            font={"size": LABEL_SIZE},
            name="bar_label",
        )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=[None if e is None else e * 100 for e in expected],
            mode="markers",
            name=t("export.chart.expected", lang),
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": EXPECTED_COLOR}},
        )
    )
    fig.update_xaxes(range=[0, 115], ticksuffix="%", title_text=t("export.chart.progress", lang))
    title = t("export.chart.progress_by_area.title", lang, when=month_end(ps.as_of, lang), year=ps.year)
    return _layout(fig, title, height=max(300, 60 + 44 * len(areas)))


def indicator_progress(plan: Plan, ps: PlanStatus, lang: str = "zh") -> go.Figure:
    """Every indicator's progress (capped at 120%) coloured and named by status, worst first."""
    rows = sorted(
        (i for i in ps.indicators),
        key=lambda i: (rank(i.status, i.severity), i.progress if i.progress is not None else -1.0),
        reverse=True,
    )
    names = [plan.indicator(i.code).name.get(lang) for i in rows]
    names = [n if len(n) <= 22 else n[:21] + "…" for n in names]
    values = [0.0 if i.progress is None else min(1.2, i.progress) * 100 for i in rows]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=values,
            orientation="h",
            marker_color=[STATUS_COLORS[i.style] for i in rows],
            text=[
                f"{style_label(i.style, lang)} {'' if i.progress is None else f'{i.progress * 100:.1f}%'}".strip()
                for i in rows
            ],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
        )
    )
    fig.update_xaxes(range=[0, 150], ticksuffix="%")
    title = t("export.chart.indicator_progress.title", lang, when=month_end(ps.as_of, lang), year=ps.year)
    return _layout(fig, title, height=max(400, 80 + 24 * len(rows)))


ChartBuilder = Callable[[Plan, PlanStatus, str], go.Figure]

CHARTS: dict[str, ChartBuilder] = {
    "tasks_by_status": tasks_by_status,
    "progress_by_area": progress_by_area,
    "indicator_progress": indicator_progress,
}
