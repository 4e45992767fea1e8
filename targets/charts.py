"""Plotly figures of the status, built from domain objects only (no streamlit), so the pages show them
and the exports can write the same figures to PNG, SVG or PDF.

Every figure colours by the status palette of targets.status (Okabe–Ito, safe for colour-vision
deficiencies) and never by colour alone: legend entries and bar labels carry the status icon and
words. Titles, axes and legends follow the language; the font family prefers a CJK font so Chinese
renders the same in the browser and in exported images.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from targets.dashboard import increments, mean_expected, status_text
from targets.i18n import t
from targets.model import Indicator, Kind, Plan
from targets.numbers import format_number
from targets.status import (
    STATUS_COLORS,
    STYLE_ORDER,
    IndicatorStatus,
    PlanStatus,
    Status,
    Summary,
    Trajectory,
    expected_share,
    month_label,
    rank,
)

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
EXPECTED_COLOR = "#000000"  # the schedule (序时进度): black, distinct from every status colour
TARGET_COLOR = "#555555"
NEUTRAL_COLOR = "#7A7A7A"  # monthly additions: grey, so no status colour is implied
STATUS_OF_STYLE = {
    "done": (Status.DONE, None),
    "ahead": (Status.AHEAD, None),
    "on_pace": (Status.ON_PACE, None),
    "lagging_amber": (Status.LAGGING, "amber"),
    "lagging_red": (Status.LAGGING, "red"),
    "no_data": (Status.NO_DATA, None),
}


def style_text(style: str, lang: str = "zh") -> str:
    """The legend text of a style key: "⛔ 慢序时（红灯）"."""
    status, severity = STATUS_OF_STYLE[style]
    return status_text(status, severity, lang)


def month_tick(month: int, lang: str = "zh") -> str:
    return month_label(month, lang)[:3] if lang == "en" else month_label(month, lang)


def _layout(
    fig: go.Figure, *, title: str, x_title: str, y_title: str, legend_title: str = "", height: int = 420
) -> None:
    fig.update_layout(
        title={"text": title},
        font={"family": FONT_FAMILY, "size": 13},
        xaxis_title={"text": x_title},
        yaxis_title={"text": y_title},
        legend={"title": {"text": legend_title}, "orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        height=height,
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
        plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb")
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb")


# --- progress against the schedule, one bar per row ---------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    """One bar: a label, the progress and expected share (fractions), and the style that colours it."""

    label: str
    progress: float | None
    expected: float | None
    style: str
    hover: str = ""


def progress_bars(rows: Sequence[ProgressRow], *, title: str, legend_title: str, lang: str = "zh") -> go.Figure:
    """Horizontal bars of progress (%), one trace per status so the legend names each colour, with the
    expected share (序时进度) as a black diamond on each row. Rows keep their order from the top."""
    fig = go.Figure()
    labels = [r.label for r in rows]
    for style in STYLE_ORDER:
        mine = [r for r in rows if r.style == style]
        if not mine:
            continue
        fig.add_trace(
            go.Bar(
                name=style_text(style, lang),
                orientation="h",
                y=[r.label for r in mine],
                x=[round((r.progress or 0.0) * 100, 1) for r in mine],
                text=[
                    f"{r.progress * 100:.1f}%" if r.progress is not None else style_text("no_data", lang) for r in mine
                ],
                textposition="outside",
                cliponaxis=False,
                marker={"color": STATUS_COLORS[style], "line": {"color": "#333333", "width": 0.5}},
                customdata=[r.hover or r.label for r in mine],
                hovertemplate="%{customdata}<br>%{x:.1f}%<extra>" + style_text(style, lang) + "</extra>",
                meta={"style": style},
            )
        )
    expected = [r for r in rows if r.expected is not None]
    if expected:
        fig.add_trace(
            go.Scatter(
                name=t("chart.expected", lang),
                mode="markers",
                y=[r.label for r in expected],
                x=[round(r.expected * 100, 1) for r in expected],
                marker={
                    "symbol": "diamond",
                    "size": 11,
                    "color": EXPECTED_COLOR,
                    "line": {"color": "white", "width": 1},
                },
                hovertemplate="%{y}<br>" + t("chart.expected", lang) + " %{x:.1f}%<extra></extra>",
                meta={"style": "expected"},
            )
        )
    _layout(
        fig,
        title=title,
        x_title=t("chart.axis.progress", lang),
        y_title="",
        legend_title=legend_title,
        height=max(280, 130 + 34 * len(rows)),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True)
    top = max([100.0, *((r.progress or 0) * 100 for r in rows)])
    fig.update_xaxes(range=[0, top * 1.15], ticksuffix="%")
    return fig


def _short(text: str, width: int = 18) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def area_progress_chart(plan: Plan, ps: PlanStatus, lang: str = "zh") -> go.Figure:
    """Mean progress per area against the mean expected share, each bar coloured by the area's worst task."""
    rows = []
    for area in plan.areas:
        tasks = [ts for ts in ps.tasks if ts.area_code == area.code]
        worst = STYLE_ORDER[min(rank(ts.status, ts.severity) for ts in tasks)] if tasks else "no_data"
        a = ps.area(area.code)
        rows.append(ProgressRow(area.name.get(lang), a.mean_progress, mean_expected(ps, area.code), worst))
    return progress_bars(rows, title=t("chart.area.title", lang), legend_title=t("chart.area.legend", lang), lang=lang)


def indicator_progress_chart(plan: Plan, ps: PlanStatus, codes: Sequence[str], lang: str = "zh") -> go.Figure:
    """Progress of the given indicators against their expected share, coloured by each one's status."""
    rows = []
    for code in codes:
        ist = ps.indicator(code)
        name = plan.indicator(code).name.get(lang)
        rows.append(
            ProgressRow(f"{code} {_short(name)}", ist.progress, ist.expected, ist.style, hover=f"{code} {name}")
        )
    return progress_bars(
        rows, title=t("chart.indicators.title", lang), legend_title=t("chart.status.legend", lang), lang=lang
    )


def status_counts_chart(summary: Summary, lang: str = "zh") -> go.Figure:
    """Tasks by status, a bar each, worst first."""
    counts = {
        "lagging_red": summary.lagging_red,
        "lagging_amber": summary.lagging_amber,
        "no_data": summary.no_data,
        "on_pace": summary.on_pace,
        "ahead": summary.ahead,
        "done": summary.done,
    }
    fig = go.Figure()
    for style in STYLE_ORDER:
        fig.add_trace(
            go.Bar(
                name=style_text(style, lang),
                x=[style_text(style, lang)],
                y=[counts[style]],
                text=[str(counts[style])],
                textposition="outside",
                marker={"color": STATUS_COLORS[style], "line": {"color": "#333333", "width": 0.5}},
                meta={"style": style},
            )
        )
    _layout(
        fig,
        title=t("chart.counts.title", lang, total=summary.total_catalogued),
        x_title="",
        y_title=t("chart.axis.tasks", lang),
        legend_title=t("chart.status.legend", lang),
        height=360,
    )
    fig.update_layout(showlegend=False)
    return fig


# --- one indicator over the year ------------------------------------------------------------------


def _unit(indicator: Indicator, lang: str) -> str:
    return "%" if indicator.kind is Kind.RATE else indicator.unit.get(lang)


def schedule_chart(
    indicator: Indicator,
    status: IndicatorStatus | None,
    series: Mapping[int, float],
    as_of: int,
    lang: str = "zh",
    trajectories: Mapping[str, Trajectory] | None = None,
) -> go.Figure:
    """The cumulative figures (markers) against the annual target (a line) and, for scheduled kinds,
    the time-proportional schedule 序时进度: expected share × target by month, honouring a custom
    trajectory. Months after as_of are not shown as actuals."""
    fig = go.Figure()
    months = list(range(0, 13))
    target = indicator.target
    unit = _unit(indicator, lang)
    if indicator.is_scheduled:  # a level (a rate) or a ceiling has no time-proportional schedule
        fig.add_trace(
            go.Scatter(
                name=t("chart.schedule", lang),
                x=months,
                y=[expected_share(indicator, m, trajectories or {}) * target for m in months],
                mode="lines",
                line={"color": EXPECTED_COLOR, "dash": "dot", "width": 2},
                hovertemplate=t("chart.schedule", lang) + " %{y:,.4~f}<extra></extra>",
                meta={"role": "schedule"},
            )
        )
    fig.add_trace(
        go.Scatter(
            name=t(
                "chart.ceiling" if indicator.is_ceiling else "chart.target",
                lang,
                target=format_number(target),
                unit=unit,
            ),
            x=[0, 12],
            y=[target, target],
            mode="lines",
            line={"color": TARGET_COLOR, "dash": "dash", "width": 1.5},
            hoverinfo="skip",
            meta={"role": "target"},
        )
    )
    shown = {m: v for m, v in sorted(series.items()) if m <= as_of}
    style = status.style if status is not None else "no_data"
    fig.add_trace(
        go.Scatter(
            name=t("chart.actual", lang) + f" · {style_text(style, lang)}",
            x=list(shown),
            y=list(shown.values()),
            mode="lines+markers",
            line={"color": STATUS_COLORS[style], "width": 2},
            marker={
                "size": 10,
                "color": STATUS_COLORS[style],
                "symbol": "circle",
                "line": {"color": "#333333", "width": 1},
            },
            hovertemplate="%{text}: %{y:,.4~f}<extra></extra>",
            text=[month_tick(m, lang) for m in shown],
            meta={"role": "actual", "style": style},
        )
    )
    fig.add_vline(x=as_of, line={"color": "#777777", "width": 1, "dash": "dot"})
    _layout(
        fig,
        title=t("chart.schedule.title", lang, name=indicator.name.get(lang)),
        x_title=t("chart.axis.month", lang),
        y_title=t("chart.axis.cumulative", lang, unit=unit),
        legend_title="",
        height=440,
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(1, 13)),
        ticktext=[month_tick(m, lang) for m in range(1, 13)],
        range=[0, 12.5],
    )
    fig.update_yaxes(rangemode="tozero")
    return fig


def increments_chart(indicator: Indicator, series: Mapping[int, float], as_of: int, lang: str = "zh") -> go.Figure:
    """Monthly additions (bars) for figures that add up; for a rate, a standard or an amount per person,
    the level reported each month."""
    shown = {m: v for m, v in sorted(series.items()) if m <= as_of}
    additive = indicator.kind in (Kind.COUNT, Kind.MINIMUM)
    values = increments(shown) if additive else shown
    unit = _unit(indicator, lang)
    fig = go.Figure(
        go.Bar(
            name=t("chart.increment" if additive else "chart.level", lang),
            x=list(values),
            y=list(values.values()),
            text=[format_number(v) for v in values.values()],
            textposition="outside",
            cliponaxis=False,
            marker={"color": NEUTRAL_COLOR},
            meta={"role": "increment" if additive else "level"},
        )
    )
    _layout(
        fig,
        title=t("chart.increments.title" if additive else "chart.levels.title", lang),
        x_title=t("chart.axis.month", lang),
        y_title=t("chart.axis.increment" if additive else "chart.axis.level", lang, unit=unit),
        height=340,
    )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(1, 13)),
        ticktext=[month_tick(m, lang) for m in range(1, 13)],
        range=[0.5, 12.5],
    )
    return fig
