"""Charts of the disclosure site as inline SVG: drawn without JavaScript, so the pages work offline from any file
server, print sharply and scale to a phone."""

from __future__ import annotations

from html import escape
from typing import Any

from targets.status import STATUS_COLORS

# The public groups' colours: the app's Okabe–Ito status colours (colour-blind safe), slow items in vermillion.
COLORS = {
    "done": STATUS_COLORS["done"],
    "ahead": STATUS_COLORS["ahead"],
    "on_pace": STATUS_COLORS["on_pace"],
    "lagging": STATUS_COLORS["lagging_red"],
    "no_data": STATUS_COLORS["no_data"],
}

_WIDTH = 640
_LABELS = {"zh": 150, "en": 230}  # room for the longest label: 暂无已审核数据 / No approved figures yet
_ROW = 34
_BAR = 22


def _text(x: float, y: float, text: str, *, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{klass}>{escape(text)}</text>'


def group_bars(groups: list[dict[str, Any]], lang: str, title: str) -> str:
    """One horizontal bar per group, its length the count, labelled with the count and the share."""
    label_w = _LABELS.get(lang, 230)
    top = max((g["count"] for g in groups), default=0) or 1
    span = _WIDTH - label_w - 110
    height = _ROW * len(groups) + 10
    rows = []
    for n, g in enumerate(groups):
        y = 5 + n * _ROW
        length = span * g["count"] / top
        label = g["label"][lang]
        value = f"{g['count']}（{g['share_text']}）" if lang == "zh" else f"{g['count']} ({g['share_text']})"
        rows.append(
            f'<g class="bar" data-group="{escape(g["key"])}" data-count="{g["count"]}">'
            + _text(label_w - 8, y + _BAR * 0.72, label, anchor="end")
            + f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{_BAR}" fill="{COLORS[g["key"]]}">'
            + f"<title>{escape(label)}: {escape(value)}</title></rect>"
            + _text(label_w + length + 6, y + _BAR * 0.72, value)
            + "</g>"
        )
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>' + "".join(rows) + "</svg>"
    )


def area_bars(
    areas: list[dict[str, Any]], groups: tuple[str, ...], labels: dict[str, str], lang: str, title: str
) -> str:
    """One stacked bar per area: its tasks by group, each segment as wide as its share of the area's tasks."""
    label_w = _LABELS.get(lang, 230)
    span = _WIDTH - label_w - 20
    legend_h = 4  # the legend is HTML beside the chart: it wraps on a phone
    height = legend_h + _ROW * len(areas) + 10
    parts = []
    for n, a in enumerate(areas):
        y = legend_h + n * _ROW
        parts.append(_text(label_w - 8, y + _BAR * 0.72, a["name"][lang], anchor="end"))
        total = a["total"] or 1
        start = float(label_w)
        for g in groups:
            count = a["counts"][g]
            if not count:
                continue
            width = span * count / total
            parts.append(
                f'<rect x="{start:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" fill="{COLORS[g]}">'
                f"<title>{escape(a['name'][lang])} · {escape(labels[g])}: {count}</title></rect>"
            )
            if width >= 18:
                parts.append(_text(start + width / 2, y + _BAR * 0.72, str(count), anchor="middle", cls="in-bar"))
            start += width
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>' + "".join(parts) + "</svg>"
    )
