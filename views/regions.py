"""地区晾晒: regions ranked against their own targets and the schedule, a heat-map, and who holds each task back."""

import pandas as pd
import streamlit as st

from targets.numbers import format_number
from targets.ranking import change_arrow, laggards_sentence
from targets.regions import prefectures, region_name
from targets.status import STATUS_COLORS, STATUS_ICONS, STYLE_ORDER, label, month_end, severity_label
from ui import context as ctx

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
st.title(tr("regions.title", month=f"{plan.year} {month_end(view.as_of, lang)}"))
if not view.region_targets:
    st.warning(tr("regions.no_breakdown_any"), icon="ℹ️")
ranking = view.ranking()
st.caption(tr("regions.score_note"))

st.subheader(tr("regions.ranking"))
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("regions.col.rank"): r.rank,
                tr("regions.col.region"): region_name(r.region, lang),
                tr("regions.col.score"): r.score,
                tr("regions.col.change"): change_arrow(r.change),
                tr("regions.col.done"): r.done,
                tr("regions.col.ahead"): r.ahead,
                tr("regions.col.on_pace"): r.on_pace,
                tr("regions.col.lagging"): r.lagging,
                tr("regions.col.no_data"): r.no_data,
                tr("regions.col.gap"): None if r.mean_gap is None else round(r.mean_gap, 1),
            }
            for r in ranking.regions
        ]
    ),
    hide_index=True,
    width="stretch",
    key="regions_ranking",
)

st.subheader(tr("regions.laggards"))
sentences = [laggards_sentence(plan, ranking, task.code, lang) for task in plan.tasks]
sentences = [s for s in sentences if s]
if sentences:
    st.markdown("\n".join(f"- {s}" for s in sentences))
else:
    st.caption(tr("regions.laggards.none"))

st.subheader(tr("regions.heatmap"))
broken_down = [i for i in plan.indicators if i.code in view.breakdown()]
missing = [i.code for i in plan.indicators if i.code not in view.breakdown()]
if missing:
    st.caption(tr("regions.no_breakdown", codes="、".join(missing) if lang == "zh" else ", ".join(missing)))
if broken_down:
    cells, styles = {}, {}
    for region in prefectures():
        ps = ranking.statuses[region.code]
        name = region_name(region.code, lang)
        cells[name], styles[name] = {}, {}
        for ind in broken_down:
            ist = ps.indicator(ind.code)
            pct = "—" if ist.progress is None else f"{ist.progress:.0%}"
            cells[name][ind.code] = f"{STATUS_ICONS[ist.style]} {pct}"
            styles[name][ind.code] = f"background-color: {STATUS_COLORS[ist.style]}; color: #000000"
    frame = pd.DataFrame(cells).T
    css = pd.DataFrame(styles).T
    st.dataframe(frame.style.apply(lambda _: css, axis=None), width="stretch", key="regions_heatmap")
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
    format_func=lambda c: f"{c} {plan.indicator(c).name.get(lang)}",
    key="regions_indicator",
)
basis = view.province.basis.get(code, "none")
st.caption(tr(f"regions.basis.{basis}"))
for (c, month), (reported, summed) in sorted(view.province.mismatches.items()):
    if c == code:
        st.warning(tr("regions.mismatch", month=month, reported=format_number(reported), summed=format_number(summed)))
if code not in view.breakdown():
    st.info(tr("regions.indicator_no_breakdown"))
else:
    own = {r: t for (c, r), t in view.region_targets.items() if c == code}
    ind = plan.indicator(code)
    summed = sum(own.values())
    if ind.kind.value in ("count", "minimum") and abs(summed - ind.target) > 1e-9:
        st.caption(tr("regions.sum_gap", summed=format_number(summed), target=format_number(ind.target)))
    rows = []
    for region_code, gap, style in ranking.per_indicator.get(code, []):
        ist = ranking.statuses[region_code].indicator(code)
        rows.append(
            {
                tr("regions.col.region"): region_name(region_code, lang),
                tr("regions.col.actual"): ist.actual,
                tr("regions.col.target"): ist.target,
                tr("regions.col.progress"): None if ist.progress is None else f"{ist.progress:.1%}",
                tr("regions.col.gap"): None if gap is None else round(gap, 1),
                tr("regions.col.status"): f"{STATUS_ICONS[style]} {label(ist.status, lang)}",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="regions_indicator_table")
