"""地区晾晒: regions ranked against their own targets and the schedule, a heat-map, and who holds each task back."""

import pandas as pd
import streamlit as st

from targets import display
from targets.ranking import change_arrow, laggards_sentence
from targets.regions import prefectures, region_name
from targets.status import STATUS_COLORS, STATUS_ICONS, STYLE_ORDER, label, month_label, quantity, severity_label
from ui import context as ctx
from ui import region_map
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()


view = ctx.status_view()
if view is None:
    st.info(tr("no_plan"))
    st.stop()
plan = view.plan
if view.as_of is None:
    st.title(tr("nav.regions"))
    st.info(tr("regions.no_figures"))
    st.stop()
st.title(tr("regions.title", month=display.month_end_label(plan.year, view.as_of, lang)))
w.print_styles()
if not view.region_targets:
    st.warning(tr("regions.no_breakdown_any"), icon="ℹ️")
ranking = view.ranking()
st.caption(tr("regions.score_note"))

st.subheader(tr("regions.ranking"))
# Key columns first: rank, region, score, gap to the schedule and the change; then the counts.
w.table(
    [
        {
            tr("regions.col.rank"): r.rank,
            tr("regions.col.region"): region_name(r.region, lang),
            tr("regions.col.score"): f"{r.score:.1f}",
            tr("regions.col.gap"): w.signed_points(r.mean_gap),
            tr("regions.col.change"): change_arrow(r.change),
            tr("regions.col.done"): r.done,
            tr("regions.col.ahead"): r.ahead,
            tr("regions.col.on_pace"): r.on_pace,
            tr("regions.col.lagging"): r.lagging,
            tr("regions.col.no_data"): r.no_data,
        }
        for r in ranking.regions
    ]
)

region_map.show_map(view, ranking)  # the map; a click opens the region's view below
region_map.show_region(view, ranking)

st.subheader(tr("regions.laggards"))
sentences = [laggards_sentence(plan, ranking, task.code, lang) for task in plan.tasks]
sentences = [s for s in sentences if s]
if sentences:
    st.markdown("\n".join(f"- {s}" for s in sentences))
else:
    st.caption(tr("regions.laggards.none"))

st.subheader(tr("regions.heatmap"))
broken_down = [i for i in plan.indicators if i.code in view.breakdown()]
missing = [i for i in plan.indicators if i.code not in view.breakdown()]
if missing:
    names = [w.named(i.name.get(lang), i.code, lang) for i in missing]
    st.caption(tr("regions.no_breakdown", codes="、".join(names) if lang == "zh" else "; ".join(names)))
if broken_down:
    # One row per indicator (by name), one column per region: ten narrow columns fit a 1440 px screen,
    # where 28 indicator columns did not.
    regions = prefectures()
    names = {r.code: w.region_short(r.code, lang) for r in regions}
    cells, styles = [], []
    for ind in broken_down:
        row, css = {tr("regions.col.indicator"): ind.name.get(lang)}, {tr("regions.col.indicator"): ""}
        for region in regions:
            ist = ranking.statuses[region.code].indicator(ind.code)
            pct = "—" if ist.progress is None else f"{ist.progress:.0%}"
            row[names[region.code]] = f"{STATUS_ICONS[ist.style]} {pct}"
            css[names[region.code]] = f"background-color: {STATUS_COLORS[ist.style]}; color: #000000"
        cells.append(row)
        styles.append(css)
    frame, css = pd.DataFrame(cells), pd.DataFrame(styles)
    styled = frame.style.apply(lambda _: css, axis=None)
    if w.printing():
        st.table(styled, hide_index=True)
    else:
        st.dataframe(
            styled,
            hide_index=True,
            width="stretch",
            height=36 * (len(cells) + 1) + 3,
            key="regions_heatmap",
            column_config={
                tr("regions.col.indicator"): st.column_config.TextColumn(width=230, pinned=True),
                **{
                    names[r.code]: st.column_config.TextColumn(width=70, help=region_name(r.code, lang))
                    for r in regions
                },
            },
        )
    legend = []
    for key in STYLE_ORDER[::-1]:
        lagging = key.startswith("lagging")
        text = label("lagging" if lagging else key, lang) + (
            f" ({severity_label(key.split('_')[1], lang)})" if lagging else ""
        )
        legend.append(f"{STATUS_ICONS[key]} {text}")
    st.caption("  ".join(legend))

st.subheader(tr("regions.per_indicator"))
code = st.selectbox(
    tr("regions.pick_indicator"),
    [i.code for i in plan.indicators],
    format_func=lambda c: w.named(plan.indicator(c).name.get(lang), c, lang),
    key="regions_indicator",
)
ind = plan.indicator(code)
basis = view.province.basis.get(code, "none")
st.caption(tr(f"regions.basis.{basis}"))
for (c, month), (reported, summed) in sorted(view.province.mismatches.items()):
    if c == code:
        st.warning(
            tr(
                "regions.mismatch",
                month=month_label(month, lang),
                reported=quantity(reported, ind, lang),
                summed=quantity(summed, ind, lang),
            )
        )
if code not in view.breakdown():
    st.info(tr("regions.indicator_no_breakdown"))
else:
    own = {r: t for (c, r), t in view.region_targets.items() if c == code}
    summed = sum(own.values())
    if ind.kind.value in ("count", "minimum") and abs(summed - ind.target) > 1e-9:
        st.caption(tr("regions.sum_gap", summed=quantity(summed, ind, lang), target=quantity(ind.target, ind, lang)))
    rows = []
    for region_code, gap, style in ranking.per_indicator.get(code, []):
        ist = ranking.statuses[region_code].indicator(code)
        rows.append(
            {
                tr("regions.col.region"): region_name(region_code, lang),
                tr("regions.col.status"): f"{STATUS_ICONS[style]} {label(ist.status, lang)}",
                tr("regions.col.progress"): w.percent(ist.progress),
                tr("regions.col.gap"): w.signed_points(gap),
                tr("regions.col.actual"): quantity(ist.actual, ind, lang) if ist.actual is not None else "—",
                tr("regions.col.target"): quantity(ist.target, ind, lang) if ist.target is not None else "—",
            }
        )
    w.table(rows)
