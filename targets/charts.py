"""Plotly figures of the status, built from domain objects only (no streamlit), so the pages show them
and the exports can write the same figures to PNG, SVG or PDF.

Every figure colours by the status palette of targets.status (Okabe–Ito, safe for colour-vision
deficiencies) and never by colour alone: legend entries and bar labels carry the status icon and
words. Titles, axes and legends follow the language; the font family prefers a CJK font so Chinese
renders the same in the browser and in exported images.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from babel.numbers import format_compact_decimal, format_decimal

from targets.dashboard import increments, mean_expected, status_text
from targets.i18n import t
from targets.model import Indicator, Kind, Plan
from targets.numbers import format_number
from targets.status import (
    DEFAULT_SETTINGS,
    STATUS_COLORS,
    STYLE_ORDER,
    IndicatorStatus,
    PlanStatus,
    Settings,
    Status,
    Summary,
    Trajectory,
    expected_share,
    month_label,
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


TITLE_SIZE = 15
LABEL_SIZE = 12  # bar labels: at least 11 px, readable on a phone
TITLE_WIDTH = 40  # a title line's width in half-width characters (a CJK character counts two): ~320 px
DIAMOND_SIZE = 11  # the schedule marker, px
LABEL_GAP = DIAMOND_SIZE // 2 + 4  # px from the end of the bar or the diamond, whichever is further right
MODEBAR_ROOM = 28  # px above the title for the chart toolbar (Plotly's modebar, Streamlit's buttons)
LINE_HEIGHT = 20  # px per line of title or legend


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_title(text: str, width: int = TITLE_WIDTH) -> str:
    """A title broken into lines (<br>) that fit a phone's width: Plotly never wraps titles itself."""
    lines: list[str] = []
    line = ""
    # Break between words, after a colon, before a bracket; a run longer than a line is cut anywhere.
    for token in re.findall(r"[（(][^）)]*[）)]|[^\s：:（(]+[：:]?|[：:]|\s+", text):
        if _width(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while _width(line) > width:
            cut = max(1, next(n for n in range(len(line), 0, -1) if _width(line[:n]) <= width))
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return "<br>".join(lines)


def _layout(
    fig: go.Figure,
    *,
    title: str,
    x_title: str,
    y_title: str,
    legend_title: str = "",
    height: int = 420,
    legend_rows: int = 1,
) -> None:
    """Title at the top left below the toolbar's row, legend under the plot: on a 390 px phone the title,
    the legend and the toolbar never share a line."""
    wrapped = wrap_title(title)
    title_lines = wrapped.count("<br>") + 1
    top = MODEBAR_ROOM + LINE_HEIGHT * title_lines + 12
    bottom = 48 + LINE_HEIGHT * legend_rows + (LINE_HEIGHT if legend_title else 0)
    fig.update_layout(
        title={
            "text": wrapped,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": MODEBAR_ROOM, "l": 4},
            "font": {"size": TITLE_SIZE},
        },
        font={"family": FONT_FAMILY, "size": 13},
        xaxis_title={"text": x_title},
        yaxis_title={"text": y_title},
        legend={
            "title": {"text": legend_title, "side": "top"},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 0,
            "yanchor": "bottom",
            "yref": "container",
        },
        height=height + top + bottom,
        margin={"l": 10, "r": 10, "t": top, "b": bottom, "pad": 2},
        plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb", automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb", automargin=True)


# --- numbers on axes: 40万 in Chinese, 400K in English -------------------------------------------


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not math.isfinite(top) or top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def compact_number(value: float, lang: str = "zh") -> str:
    """A tick label as the language writes round numbers: 40万, 1.2亿, 2,500 / 400K, 2.5K."""
    if lang == "zh":
        if abs(value) >= 10_000:
            return format_compact_decimal(value, locale="zh_CN", fraction_digits=2)
        return format_decimal(value, locale="zh_CN")
    if abs(value) >= 10_000:
        return format_compact_decimal(value, locale="en_US", fraction_digits=2)
    return format_decimal(value, locale="en_US")


def value_axis(values: Sequence[float], lang: str = "zh", *, suffix: str = "") -> dict:
    """tickvals and ticktext for a value axis, so Chinese reads 40万 rather than Plotly's 400k."""
    top = max([0.0, *(v for v in values if v is not None and math.isfinite(v))])
    ticks = nice_ticks(top)
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [compact_number(v, lang) + suffix for v in ticks],
        "range": [min(0.0, *(v for v in values if v is not None)) if values else 0.0, ticks[-1] * 1.04],
    }


# --- progress against the schedule, one bar per row ---------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    """One bar: a label, the progress and expected share (fractions), and the style that colours it."""

    label: str
    progress: float | None
    expected: float | None
    style: str
    hover: str = ""


def bar_label_x(progress: float | None, expected: float | None) -> float:
    """Where a bar's percentage label starts (in % of the axis): right of the bar's end and of its schedule
    diamond, whichever is further right, so the diamond never covers the label."""
    return max((progress or 0.0) * 100, (expected or 0.0) * 100)


def bar_labels(rows: Sequence[ProgressRow], lang: str = "zh") -> list[dict]:
    """One annotation per bar: its percentage (or 未填报), LABEL_GAP px right of bar_label_x."""
    return [
        {
            "x": bar_label_x(r.progress, r.expected),
            "y": r.label,
            "xref": "x",
            "yref": "y",
            "text": f"{r.progress * 100:.1f}%" if r.progress is not None else style_text("no_data", lang),
            "showarrow": False,
            "xanchor": "left",
            "xshift": LABEL_GAP,
            "font": {"size": LABEL_SIZE, "color": "#222222"},
            "name": "bar_label",
        }
        for r in rows
    ]


def progress_bars(
    rows: Sequence[ProgressRow], *, title: str, legend_title: str, lang: str = "zh", legend_rows: int = 2
) -> go.Figure:
    """Horizontal bars of progress (%), one trace per status so the legend names each colour, with the
    expected share (序时进度) as a black diamond on each row and the percentage to the right of both.
    Rows keep their order from the top."""
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
                textposition="none",  # drawn as annotations (bar_labels), clear of the diamonds
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
                    "size": DIAMOND_SIZE,
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
        height=max(160, 34 * len(rows)),
        legend_rows=legend_rows,
    )
    fig.update_layout(annotations=bar_labels(rows, lang), bargap=0.35)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True)
    # Room on the right for the longest label (about 60 px) beyond the furthest bar or diamond.
    top = max([100.0, *(bar_label_x(r.progress, r.expected) for r in rows)])
    fig.update_xaxes(range=[0, top * 1.22], ticksuffix="%", tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def _short(text: str, width: int = 18) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def own_style(progress: float | None, expected: float | None, settings: Settings = DEFAULT_SETTINGS) -> str:
    """A bar's own status, by the same thresholds as an indicator's: its mean progress against its mean
    expected share (done at 100%, ahead ≥ 5 points above, amber up to 10 points behind, red beyond)."""
    if progress is None:
        return "no_data"
    if progress >= 1.0 - 1e-9:
        return "done"
    if expected is None:
        return "on_pace"
    gap = (progress - expected) * 100
    if gap >= settings.ahead_points:
        return "ahead"
    if gap >= 0 or -gap <= settings.amber_points:  # within the amber threshold of the alert rules: on pace
        return "on_pace"
    return "lagging_red" if -gap > settings.tolerance_points else "lagging_amber"


def area_progress_chart(
    plan: Plan, ps: PlanStatus, lang: str = "zh", settings: Settings = DEFAULT_SETTINGS
) -> go.Figure:
    """Mean progress per area against the mean expected share, each bar coloured by its own status (the
    mean progress against the mean schedule), not by its worst task: a bar ahead of schedule is never red."""
    return area_chart(area_rows(plan, ps, lang, settings), lang)


def area_chart(rows: Sequence[ProgressRow], lang: str = "zh") -> go.Figure:
    """The areas' bars (area_rows) drawn: a page keeps the figure while the rows stay the same."""
    return progress_bars(rows, title=t("chart.area.title", lang), legend_title=t("chart.area.legend", lang), lang=lang)


def area_rows(
    plan: Plan, ps: PlanStatus, lang: str = "zh", settings: Settings = DEFAULT_SETTINGS
) -> tuple[ProgressRow, ...]:
    """One bar per area: its mean progress and mean expected share, coloured by its own status."""
    rows = []
    for area in plan.areas:
        a = ps.area(area.code)
        expected = mean_expected(ps, area.code)
        name = area.name.get(lang)
        hover = t(
            "chart.area.hover",
            lang,
            name=name,
            lagging=a.lagging,
            tasks=a.total_catalogued,
        )
        rows.append(ProgressRow(name, a.mean_progress, expected, own_style(a.mean_progress, expected, settings), hover))
    return tuple(rows)


def indicator_progress_chart(plan: Plan, ps: PlanStatus, codes: Sequence[str], lang: str = "zh") -> go.Figure:
    """Progress of the given indicators against their expected share, coloured by each one's status; rows
    named by the indicator (the code only where two names would read the same), the code on hover."""
    names = {code: _short(plan.indicator(code).name.get(lang)) for code in codes}
    twice = {n for n in names.values() if list(names.values()).count(n) > 1}
    rows = []
    for code in codes:
        ist = ps.indicator(code)
        name = plan.indicator(code).name.get(lang)
        label = f"{names[code]} {code}" if names[code] in twice else names[code]
        rows.append(ProgressRow(label, ist.progress, ist.expected, ist.style, hover=f"{name}（{code}）"))
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
        height=260,
        legend_rows=0,
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
        height=300,
        legend_rows=2,
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(1, 13)),
        ticktext=[month_tick(m, lang) for m in range(1, 13)],
        range=[0, 12.5],
    )
    values = [target, *shown.values()]
    fig.update_yaxes(**value_axis(values, lang, suffix="%" if indicator.kind is Kind.RATE else ""))
    return fig


def increments_chart(indicator: Indicator, series: Mapping[int, float], as_of: int, lang: str = "zh") -> go.Figure:
    """Monthly additions for figures that add up; for a rate, a standard or an amount per person, the level
    reported each month. One row per month from January at the top, the value written beside each bar in
    LABEL_SIZE px with its separators (Chinese 万 for large numbers), so a phone reads every label."""
    shown = {m: v for m, v in sorted(series.items()) if m <= as_of}
    additive = indicator.kind in (Kind.COUNT, Kind.MINIMUM)
    values = increments(shown) if additive else shown
    unit = _unit(indicator, lang)
    fig = go.Figure(
        go.Bar(
            name=t("chart.increment" if additive else "chart.level", lang),
            orientation="h",
            y=list(values),
            x=list(values.values()),
            text=[bar_value(v, indicator, lang) for v in values.values()],
            textposition="outside",
            textfont={"size": LABEL_SIZE, "color": "#222222"},
            constraintext="none",  # never shrink a label to the bar (Plotly's default made them ~6 px)
            cliponaxis=False,
            marker={"color": NEUTRAL_COLOR},
            hovertemplate="%{customdata}: %{text}<extra></extra>",
            customdata=[month_tick(m, lang) for m in values],
            meta={"role": "increment" if additive else "level"},
        )
    )
    _layout(
        fig,
        title=t("chart.increments.title" if additive else "chart.levels.title", lang),
        x_title=t("chart.axis.increment" if additive else "chart.axis.level", lang, unit=unit),
        y_title="",
        height=max(120, 26 * len(values)),
        legend_rows=0,
    )
    fig.update_layout(showlegend=False, bargap=0.3)
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(values),
        ticktext=[month_tick(m, lang) for m in values],
        autorange="reversed",
    )
    axis = value_axis([*values.values(), 0.0], lang, suffix="%" if indicator.kind is Kind.RATE else "")
    axis["range"] = [axis["range"][0], axis["range"][1] * 1.25]  # room for the labels right of the bars
    fig.update_xaxes(**axis)
    return fig


def bar_value(value: float, indicator: Indicator, lang: str = "zh") -> str:
    """A bar's value label: 5.35万 / 53,532 with separators; a rate with %."""
    if indicator.kind is Kind.RATE:
        return f"{format_number(value)}%"
    if lang == "zh" and abs(value) >= 10_000:
        return format_compact_decimal(value, locale="zh_CN", fraction_digits=2)
    return format_number(value)
