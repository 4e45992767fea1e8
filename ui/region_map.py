"""The map on 地区晾晒 and the region it opens: a tile grid (or the deployment's boundaries) coloured by the chosen
task's or indicator's status or progress; a click on a region opens its view below (and ?region=CODE in the URL)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from targets import region_map as rm
from targets.regions import prefectures
from targets.status import STATUS_ICONS, label
from ui import context as ctx
from ui import widgets as w

GEOJSON_ENV = "LIVELIHOOD_REGION_GEOJSON"
GEOJSON_KEY_ENV = "LIVELIHOOD_REGION_GEOJSON_KEY"
DEFAULT_GEOJSON_KEY = "code"

REGION_KEY = "regions_region"  # plain session key: the region whose view is open (a code)
CHART_KEY = "region_map"
LAST_PICK_KEY = "region_map_last_pick"  # the click already acted on (a selection stays until the next click)


@st.cache_data(show_spinner=False, max_entries=4)
def _boundaries(path: str, key: str, mtime: float) -> rm.Boundaries:
    """The deployment's GeoJSON, read and checked once per file version (mtime)."""
    return rm.read_boundaries(Path(path), key, prefectures())


def _geometry(lang: str) -> tuple[dict, str]:
    """The regions' shapes (the deployment's boundaries when usable, else the tile grid) and the help text."""
    tr = ctx.tr
    path = os.environ.get(GEOJSON_ENV, "").strip()
    if path:
        key = os.environ.get(GEOJSON_KEY_ENV, "").strip() or DEFAULT_GEOJSON_KEY
        try:
            mtime = os.path.getmtime(path)
        except OSError:
            mtime = -1.0
        found = _boundaries(path, key, mtime)
        if found.usable:
            return found.shapes, tr("region_map.help.boundaries", file=Path(path).name, prop=key)
        sep = "；" if lang == "zh" else "; "
        st.warning(tr("region_map.geo.fallback", problems=sep.join(i.message(lang) for i in found.issues)), icon="⚠️")
    layout = rm.tile_layout(prefectures(), lang)
    if layout.fallback:
        if layout.problems:
            sep = "；" if lang == "zh" else "; "
            st.caption(tr("region_map.fallback.problems", problems=sep.join(layout.problems)))
        else:
            st.caption(tr("region_map.fallback"))
    return rm.tile_shapes(layout), tr("region_map.help")


def _initial_region(codes: list[str]) -> None:
    ss = st.session_state
    if REGION_KEY not in ss:
        wanted = st.query_params.get("region")
        ss[REGION_KEY] = wanted if wanted in codes else None


def show_map(view, ranking) -> None:
    """The map section: subject and colouring, the figure, and a click choosing the region view's region."""
    tr, lang, plan = ctx.tr, ctx.lang(), view.plan
    regions = list(prefectures())
    codes = [r.code for r in regions]
    ss = st.session_state
    _initial_region(codes)
    st.subheader(tr("region_map.title"))
    broken = view.breakdown()
    subjects = [f"task:{t.code}" for t in plan.tasks if any(i.code in broken for i in plan.indicators_of(t.code))] + [
        f"indicator:{i.code}" for i in plan.indicators if i.code in broken
    ]
    if not subjects:
        st.caption(tr("region_map.none"))
        return

    def subject_label(option: str) -> str:
        kind, code = option.split(":", 1)
        item = plan.task(code) if kind == "task" else plan.indicator(code)
        return tr(f"region_map.subject.{kind}", name=w.named(item.name.get(lang), code, lang))

    labels = {o: subject_label(o) for o in subjects}  # bound now: AppTest calls format_func outside a run
    left, right = st.columns([3, 2])
    chosen = w.sticky_selectbox(
        tr("region_map.subject"),
        subjects,
        key="region_map_subject_pick",
        state_key="region_map_subject",
        format_func=labels.get,
        container=left,
    )
    colour_labels = {c: tr(f"region_map.colouring.{c}") for c in rm.COLOURINGS}
    colouring = right.radio(
        tr("region_map.colouring"),
        rm.COLOURINGS,
        horizontal=True,
        key="region_map_colouring",
        format_func=colour_labels.get,
    )
    shapes, help_text = _geometry(lang)
    # A click made in the last run: its selection is in the chart's state before the chart is drawn again.
    state = ss.get(CHART_KEY)
    picked = rm.picked_region(state.get("selection") if state else None, codes)
    if picked and picked != ss.get(LAST_PICK_KEY):
        ss[REGION_KEY] = picked
    ss[LAST_PICK_KEY] = picked
    kind, code = chosen.split(":", 1)
    names = {r.code: w.region_short(r.code, lang) for r in regions}
    values = rm.subject_values(
        plan, ranking.statuses, view.region_targets, rm.Subject(kind, code), regions, names, lang
    )
    selected = ss.get(REGION_KEY)
    # Built once per content and shared: drawing the map took about 110 ms of every run of the page.
    outline = tuple(sorted((k, tuple(v)) for k, v in shapes.items()))
    figure = ctx.drawn_chart(
        "region_map",
        lambda: rm.map_figure(shapes, values, colouring, lang, selected=selected),
        outline,
        tuple(values),
        colouring,
        selected,
    )
    if w.printing():
        w.plot(figure, key="region_map_print")
    else:
        st.plotly_chart(
            figure,
            width="stretch",
            config=w.PLOTLY_CONFIG,
            key=CHART_KEY,
            on_select="rerun",
            selection_mode="points",
            alt=tr("region_map.alt", subject=labels[chosen], regions=rm.map_summary(values, lang)),
        )
    st.caption(help_text)


def show_region(view, ranking) -> None:
    """The view of one region: its rank and counts, and each of its indicators against its own target."""
    tr, lang, plan = ctx.tr, ctx.lang(), view.plan
    regions = list(prefectures())
    codes = [r.code for r in regions]
    _initial_region(codes)
    ss = st.session_state
    st.subheader(tr("region_map.region"))
    if ss.get(REGION_KEY) not in codes:
        ss[REGION_KEY] = ranking.regions[0].region if ranking.regions else codes[0]
    names = {r.code: r.name.get(lang) for r in regions}
    code = w.sticky_selectbox(
        tr("region_map.pick_region"), codes, key="regions_region_pick", state_key=REGION_KEY, format_func=names.get
    )
    st.query_params["region"] = code
    rank = next((r for r in ranking.regions if r.region == code), None)
    if rank is not None:
        st.caption(
            tr(
                "region_map.region.summary",
                rank=rank.rank,
                score=f"{rank.score:.1f}",
                done=rank.done,
                ahead=rank.ahead,
                on_pace=rank.on_pace,
                lagging=rank.lagging,
                no_data=rank.no_data,
                indicators=rank.indicators,
            )
        )
    ps = ranking.statuses.get(code)
    own = {c for (c, r) in view.region_targets if r == code}
    rows = []
    for ind in plan.indicators:
        if ps is None or ind.code not in own:
            continue
        ist = ps.indicator(ind.code)
        rows.append(
            {
                tr("regions.col.status"): f"{STATUS_ICONS[ist.style]} {label(ist.status, lang)}",
                tr("regions.col.indicator"): ind.name.get(lang),
                tr("regions.col.progress"): w.percent(ist.progress),
                tr("regions.col.gap"): w.signed_points(ist.gap_points),
                tr("region_map.col.explanation"): ist.explanation(lang),
            }
        )
    w.table(rows, empty=tr("region_map.region.none"))
