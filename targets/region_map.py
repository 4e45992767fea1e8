"""The map of 地区晾晒: one square tile per region laid out like the province, or the deployment's own boundaries
(a GeoJSON file), each region coloured by its status or its progress and clickable, as a plain Plotly figure.

Both kinds are drawn the same way on plain axes (a filled path per region, a label, an invisible click target at
the label): Plotly's geo subplot fetches a world outline from cdn.plot.ly even when nothing of it is shown, and
draws nothing at all without the network, so the boundary map never uses it.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from targets.i18n import t
from targets.model import Plan
from targets.regions import Region, match_region, region_name
from targets.status import STATUS_COLORS, STYLE_ORDER, PlanStatus, label, rank, severity_label

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # the outer ring, then any holes

COLOURINGS = ("status", "progress")
PROGRESS_SCALE = "cividis"  # sequential, and readable with the common colour-vision deficiencies
TILE_GAP = 0.08  # between tiles, in tiles
NO_TARGET = "no_target"  # a region without its own target for the subject: grey, and says so


# --- the tile grid ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    code: str
    row: int  # 0 at the top
    col: int


@dataclass(frozen=True)
class TileLayout:
    tiles: tuple[Tile, ...]
    fallback: bool  # laid out in list order, since the regions file gives no (usable) positions
    problems: tuple[str, ...] = ()  # why the positions given were not used


def _cell(value: object) -> tuple[int, int] | None:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    ):
        return int(value[0]), int(value[1])
    return None


def tile_layout(regions: Sequence[Region], lang: str = "zh") -> TileLayout:
    """The regions file's tile positions when every region has a distinct one; otherwise a compact grid in the
    file's order (the page says so, with the reason when positions were given but unusable)."""
    problems: list[str] = []
    if any(r.tile is not None for r in regions):
        seen: dict[tuple[int, int], str] = {}
        for r in regions:
            cell, name = _cell(r.tile), r.name.get(lang)
            if r.tile is None:
                problems.append(t("region_map.tile.missing", lang, region=name))
            elif cell is None:
                problems.append(
                    t(
                        "region_map.tile.bad",
                        lang,
                        region=name,
                        tile=list(r.tile) if isinstance(r.tile, tuple) else r.tile,
                    )
                )
            elif cell in seen:
                problems.append(
                    t("region_map.tile.clash", lang, region=name, other=seen[cell], row=cell[0], col=cell[1])
                )
            else:
                seen[cell] = name
        if not problems:
            cells = [_cell(r.tile) for r in regions]
            top, left = min(c[0] for c in cells), min(c[1] for c in cells)
            return TileLayout(
                tuple(Tile(r.code, c[0] - top, c[1] - left) for r, c in zip(regions, cells, strict=True)), False
            )
    cols = max(1, math.ceil(math.sqrt(len(regions))))
    tiles = tuple(Tile(r.code, i // cols, i % cols) for i, r in enumerate(regions))
    return TileLayout(tiles, True, tuple(problems))


def tile_shapes(layout: TileLayout) -> dict[str, tuple[Polygon, ...]]:
    """One square per tile on plain axes (x to the right, y up), a gap between neighbours."""
    shapes = {}
    half = TILE_GAP / 2
    for tile in layout.tiles:
        x0, x1 = tile.col + half, tile.col + 1 - half
        y0, y1 = -tile.row - 1 + half, -tile.row - half
        shapes[tile.code] = ((((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)),),)
    return shapes


# --- what each region shows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionValue:
    code: str
    name: str  # as the tile shows it (short)
    full_name: str
    style: str  # a STATUS_COLORS key, or NO_TARGET
    progress: float | None
    detail: str = ""  # the status's explanation, for the hover


@dataclass(frozen=True)
class Subject:
    """What the map colours: one indicator, or one task (judged by its worst indicator, as everywhere)."""

    kind: str  # indicator or task
    code: str


def subject_values(
    plan: Plan,
    statuses: Mapping[str, PlanStatus],
    regional_targets: Mapping[tuple[str, str], float],
    subject: Subject,
    regions: Sequence[Region],
    names: Mapping[str, str],
    lang: str = "zh",
) -> list[RegionValue]:
    """Each region's style and progress for the subject, from the ranking's own statuses (the region's target)."""
    values = []
    for region in regions:
        ps = statuses.get(region.code)
        full = region.name.get(lang)
        short = names.get(region.code, full)
        codes = tuple(i.code for i in plan.indicators_of(subject.code)) if subject.kind == "task" else (subject.code,)
        if ps is None or not any((c, region.code) in regional_targets for c in codes):
            values.append(RegionValue(region.code, short, full, NO_TARGET, None, t("region_map.no_target", lang)))
            continue
        judged = [ps.indicator(c) for c in codes if (c, region.code) in regional_targets]
        # A task is judged by its worst indicator, among those the region has its own target for (an indicator
        # without one is not judged for the region, so it never turns the task grey).
        worst = min(judged, key=lambda i: (rank(i.status, i.severity), i.gap_points if i.gap_points is not None else 0))
        detail = worst.explanation(lang)
        if subject.kind == "task":
            detail = f"{plan.indicator(worst.code).name.get(lang)}{'：' if lang == 'zh' else ': '}{detail}"
        values.append(RegionValue(region.code, short, full, worst.style, worst.progress, detail))
    return values


def style_word(style: str, lang: str = "zh") -> str:
    """已完成 … 慢序时（红灯）; 无分解目标 for a region without its own target."""
    if style == NO_TARGET:
        return t("region_map.no_target_short", lang)
    if style.startswith("lagging_"):
        severity = severity_label(style.split("_", 1)[1], lang)
        return f"{label('lagging', lang)}（{severity}）" if lang == "zh" else f"{label('lagging', lang)} ({severity})"
    return label(style, lang)


def map_summary(values: Sequence[RegionValue], lang: str = "zh") -> str:
    """The map in words, for screen readers: 长春市：已完成，104%；吉林市：…"""
    parts = []
    for v in values:
        pct = "—" if v.progress is None else f"{v.progress:.0%}"
        parts.append(
            f"{v.full_name}：{style_word(v.style, lang)}，{pct}"
            if lang == "zh"
            else f"{v.full_name}: {style_word(v.style, lang)}, {pct}"
        )
    return ("；" if lang == "zh" else "; ").join(parts)


# --- colours ------------------------------------------------------------------------------------------


def _hex(colour: str) -> str:
    """'rgb(0, 34, 78)' or '#00224e' -> '#00224E'."""
    if colour.startswith("#"):
        return colour.upper()
    parts = [round(float(p)) for p in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    return "#" + "".join(f"{p:02X}" for p in parts)


def status_fill(style: str) -> str:
    return STATUS_COLORS["no_data" if style == NO_TARGET else style]


def progress_fill(progress: float | None) -> str:
    """The sequential scale at the progress (capped to 0–100%); grey where there is no share of completion."""
    if progress is None:
        return STATUS_COLORS["no_data"]
    return _hex(sample_colorscale(PROGRESS_SCALE, [min(max(progress, 0.0), 1.0)])[0])


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with the fill (WCAG's contrast ratio)."""
    lum = _luminance(_hex(fill))
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def fill_of(value: RegionValue, colouring: str) -> str:
    return status_fill(value.style) if colouring == "status" else progress_fill(value.progress)


def tile_text(value: RegionValue, colouring: str, lang: str = "zh") -> str:
    """Name and percentage on every tile (and the status in words), so the colour is never the only signal."""
    pct = "—" if value.progress is None else f"{value.progress:.0%}"
    lines = [f"<b>{value.name}</b>", pct]
    if colouring == "status" or value.style == NO_TARGET:
        lines.append(style_word(value.style, lang))
    return "<br>".join(lines)


# --- geometry helpers ---------------------------------------------------------------------------------


def _ring_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def _ring_centroid(ring: Ring) -> Point:
    area = _ring_area(ring)
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def label_point(polygons: Sequence[Polygon]) -> Point:
    """Where a region's label and click target go: the centroid of its largest outer ring."""
    outer = max((p[0] for p in polygons), key=lambda ring: abs(_ring_area(ring)))
    return _ring_centroid(outer)


def svg_path(polygons: Sequence[Polygon]) -> str:
    """One SVG path for a region's polygons (holes included: opposite windings, as GeoJSON gives them)."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            parts.append("M" + "L".join(f"{x:.5f},{y:.5f}" for x, y in ring[:-1]) + "Z")
    return "".join(parts)


def _bounds(shapes: Mapping[str, Sequence[Polygon]]) -> tuple[float, float, float, float]:
    xs = [x for polys in shapes.values() for poly in polys for ring in poly for x, _ in ring]
    ys = [y for polys in shapes.values() for poly in polys for ring in poly for _, y in ring]
    return min(xs), max(xs), min(ys), max(ys)


# --- the figure ---------------------------------------------------------------------------------------


def map_figure(
    shapes: Mapping[str, Sequence[Polygon]],
    values: Sequence[RegionValue],
    colouring: str,
    lang: str = "zh",
    *,
    selected: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """The map: each region filled by its status (Okabe–Ito, with a legend) or its progress (a sequential scale
    with a colour bar), its name and percentage on it, and a click target carrying its code (customdata)."""
    if colouring not in COLOURINGS:
        raise ValueError(f"colouring must be one of {COLOURINGS}, not {colouring!r}")
    fig = go.Figure()
    shown = [v for v in values if v.code in shapes]
    xs, ys, codes, hovers = [], [], [], []
    for v in shown:
        fill = fill_of(v, colouring)
        outline = {"color": "#000000", "width": 3} if v.code == selected else {"color": "#FFFFFF", "width": 1}
        fig.add_shape(type="path", path=svg_path(shapes[v.code]), fillcolor=fill, line=outline, layer="below")
        x, y = label_point(shapes[v.code])
        xs.append(x)
        ys.append(y)
        codes.append(v.code)
        pct = "—" if v.progress is None else f"{v.progress:.1%}"
        hovers.append(f"<b>{v.full_name}</b><br>{style_word(v.style, lang)} · {pct}<br>{_wrap(v.detail)}")
        fig.add_annotation(
            x=x,
            y=y,
            text=tile_text(v, colouring, lang),
            showarrow=False,
            font={"color": text_colour(fill), "size": 12},
        )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            customdata=codes,
            hovertext=hovers,
            hoverinfo="text",
            marker={"symbol": "square", "size": 40, "color": "rgba(0,0,0,0)"},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            showlegend=False,
            name="regions",
        )
    )
    if colouring == "status":
        styles = list(STYLE_ORDER[::-1])
        if any(v.style == NO_TARGET for v in shown):
            styles.append(NO_TARGET)
        for style in styles:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={"symbol": "square", "size": 14, "color": status_fill(style)},
                    name=style_word(style, lang),
                    hoverinfo="skip",
                    showlegend=True,
                )
            )
    else:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "color": [0.0],
                    "colorscale": PROGRESS_SCALE,
                    "cmin": 0.0,
                    "cmax": 1.0,
                    "showscale": True,
                    "colorbar": {
                        "title": {"text": t("region_map.scale", lang)},
                        "tickformat": ".0%",
                        "orientation": "h",
                        "y": -0.02,
                        "yanchor": "top",
                        "len": 0.6,
                        "thickness": 12,
                    },
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if shapes:
        x0, x1, y0, y1 = _bounds({c: shapes[c] for c in codes} or shapes)
        pad_x, pad_y = (x1 - x0) * 0.02 or 0.5, (y1 - y0) * 0.02 or 0.5
        fig.update_xaxes(range=[x0 - pad_x, x1 + pad_x])
        fig.update_yaxes(range=[y0 - pad_y, y1 + pad_y])
        rows = (y1 - y0) / max(x1 - x0, 1e-9)
        height = height or int(min(560, max(320, 640 * rows + 80)))
    fig.update_xaxes(visible=False, fixedrange=True, constrain="domain")
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x", scaleratio=1, constrain="domain")
    fig.update_layout(
        height=height or 420,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        hovermode="closest",
        hoverdistance=-1,  # a click anywhere on a tile picks the tile whose centre is nearest: that tile
        dragmode=False,
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0, "itemclick": False, "itemdoubleclick": False},
        clickmode="event+select",
    )
    return fig


def _wrap(text: str, width: int = 40) -> str:
    """A long explanation broken into hover lines."""
    if not text:
        return ""
    lines, line = [], ""
    for ch in text:
        line += ch
        if len(line) >= width and (ch in "，。；, " or not ch.isascii()):
            lines.append(line)
            line = ""
    return "<br>".join([*lines, line] if line else lines)


def picked_region(selection: Mapping[str, Any] | None, codes: Sequence[str]) -> str | None:
    """The region a click on the map chose, from st.plotly_chart's selection state (a point's customdata)."""
    points = (selection or {}).get("points") or []
    for point in points:
        code = point.get("customdata")
        if isinstance(code, list | tuple):
            code = code[0] if code else None
        if code in codes:
            return str(code)
    return None


# --- a deployment's own boundaries (GeoJSON) ---------------------------------------------------------


@dataclass(frozen=True)
class GeoIssue:
    """Why a boundary file cannot be used, as a value the page shows in the reader's language."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        """The values in the reader's language: region codes (under "regions") as names, lists joined."""
        sep = "、" if lang == "zh" else ", "
        values = {
            k: sep.join(region_name(c, lang) if k == "regions" else str(c) for c in v) if isinstance(v, tuple) else v
            for k, v in self.values.items()
        }
        return t(f"region_map.geo.{self.key}", lang, **values)


@dataclass(frozen=True)
class Boundaries:
    shapes: dict[str, tuple[Polygon, ...]]  # region code -> polygons on the page's axes (projected)
    issues: tuple[GeoIssue, ...] = ()

    @property
    def usable(self) -> bool:
        return not self.issues and bool(self.shapes)


def _ring(raw: object) -> Ring | None:
    if not isinstance(raw, list) or len(raw) < 4:
        return None
    points = []
    for p in raw:
        if not isinstance(p, list) or len(p) < 2 or not all(isinstance(v, int | float) for v in p[:2]):
            return None
        lon, lat = float(p[0]), float(p[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return None
        points.append((lon, lat))
    if points[0] != points[-1]:
        points.append(points[0])
    return tuple(points)


def _polygons(geometry: object) -> tuple[Polygon, ...] | None:
    if not isinstance(geometry, dict):
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    raw = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
    if not isinstance(raw, list) or not raw:
        return None
    polygons = []
    for poly in raw:
        if not isinstance(poly, list) or not poly:
            return None
        rings = [_ring(r) for r in poly]
        if any(r is None for r in rings):
            return None
        polygons.append(tuple(rings))
    return tuple(polygons)


def read_boundaries(path: Path, key: str, regions: Sequence[Region]) -> Boundaries:
    """A deployment's GeoJSON of its regions (WGS84 longitude/latitude), matched to the regions file by the
    feature property `key` (a code or a name as people write it). Every region needs exactly one feature and
    every feature must be a known region; any problem makes the whole file unusable (the page falls back to the
    tile grid and names the problems)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return Boundaries({}, (GeoIssue("unreadable", {"path": str(path), "reason": str(e)}),))
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        return Boundaries({}, (GeoIssue("not_collection", {"path": str(path)}),))
    wanted = {r.code for r in regions}
    issues: list[GeoIssue] = []
    raw: dict[str, tuple[Polygon, ...]] = {}
    unknown: list[str] = []
    for n, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        value = props.get(key) if isinstance(props, dict) else None
        if value is None or str(value).strip() == "":
            issues.append(GeoIssue("no_key", {"feature": n, "prop": key}))
            continue
        code = match_region(value)
        if code not in wanted:
            unknown.append(str(value))
            continue
        if code in raw:
            issues.append(GeoIssue("duplicate", {"feature": n, "regions": (code,)}))
            continue
        polygons = _polygons(feature.get("geometry"))
        if polygons is None:
            issues.append(GeoIssue("bad_geometry", {"feature": n, "value": str(value)}))
            continue
        raw[code] = polygons
    if unknown:
        issues.append(GeoIssue("unknown", {"values": tuple(unknown), "prop": key}))
    missing = [r.code for r in regions if r.code not in raw]
    if missing:
        issues.append(GeoIssue("missing", {"regions": tuple(missing), "prop": key}))
    if issues:
        return Boundaries({}, tuple(issues))
    return Boundaries(project(raw), ())


def project(shapes: Mapping[str, Sequence[Polygon]], detail: int = 2000) -> dict[str, tuple[Polygon, ...]]:
    """Longitude/latitude onto plain axes: x shrunk by the cosine of the middle latitude, so shapes keep their
    proportions at the province's latitude (equirectangular); points closer than 1/detail of the map's extent to
    the last one kept are dropped, so a surveyed boundary of 100,000 points does not go to the browser each run."""
    x0, x1, y0, y1 = _bounds(shapes)
    k = math.cos(math.radians((y0 + y1) / 2))
    tolerance = max((x1 - x0) * k, y1 - y0) / detail
    return {
        code: tuple(tuple(_thin(tuple((x * k, y) for x, y in ring), tolerance) for ring in poly) for poly in polys)
        for code, polys in shapes.items()
    }


def _thin(ring: Ring, tolerance: float) -> Ring:
    """The ring without points within `tolerance` of the previous point kept; still closed, at least a triangle."""
    kept = [ring[0]]
    for point in ring[1:-1]:
        if math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    if len(kept) < 3:
        return ring
    return (*kept, ring[0])
