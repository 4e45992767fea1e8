"""填报情况: for the as-of month, which lead department and which region has not reported."""

import pandas as pd
import streamlit as st

from targets import display
from targets.dashboard import completeness, join_names, missing_by_lead
from targets.regions import PROVINCE, load_regions, region_name
from targets.status import month_label
from ui import context as ctx
from ui import cycle
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
view = ctx.status_view()
w.page_header(tr("completeness.title"), view)
month = ctx.as_of()
if view is None or not month:
    w.no_figures(view)
    st.stop()

result = completeness(plan, view.figures, month, [r.code for r in load_regions()])
st.markdown(tr("completeness.month", month=month_label(month, lang)))
c = st.columns(3)
c[0].metric(tr("completeness.reported"), f"{result.reported} / {result.expected}", border=True)
c[1].metric(tr("completeness.regions_missing"), len(result.regions_missing()), border=True)
c[2].metric(tr("completeness.province_missing"), len(result.missing(PROVINCE)), border=True)
st.caption(tr("completeness.rule"))


def describe(ind) -> str:
    """An indicator without a province figure, naming the regions whose figures the sum still waits for."""
    waiting = [r for r in result.regions if r != PROVINCE and result.cells[(r, ind.code)] is False]
    text = w.named(ind.name.get(lang), ind.code, lang)
    if waiting:
        text += tr("completeness.waiting", regions=join_names((region_name(r, lang) for r in waiting), lang))
    return text


st.subheader(tr("completeness.by_lead"))
unknown = tr("catalogue.lead.unknown")
by_lead = missing_by_lead(plan, result, unknown)
if not by_lead:
    st.success(tr("completeness.by_lead.none", month=month_label(month, lang)), icon="✅")
else:
    w.table(
        [
            {
                tr("dashboard.col.lead"): lead if lead == unknown else display.department_name(lead, lang),
                tr("completeness.col.count"): len(inds),
                tr("completeness.col.missing"): join_names((describe(i) for i in inds), lang, major=True),
            }
            for lead, inds in by_lead.items()
        ]
    )

st.subheader(tr("completeness.by_region"))
late = result.regions_missing()
if not late:
    st.success(tr("completeness.by_region.none", month=month_label(month, lang)), icon="✅")
else:
    w.table(
        [
            {
                tr("dashboard.col.region"): region_name(r, lang),
                tr("completeness.col.count"): len(result.missing(r)),
                tr("completeness.col.missing"): join_names(
                    (w.named(plan.indicator(c).name.get(lang), c, lang) for c in result.missing(r)), lang, major=True
                ),
            }
            for r in late
        ]
    )

st.subheader(tr("completeness.matrix"))
st.caption(tr("completeness.legend"))
marks = {True: "✓", False: "✗", None: "—"}
# One row per indicator (by name), one column per region and the province: eleven narrow columns fit a
# 1440 px screen, where 31 indicator codes as columns did not.
region_names = [w.region_short(r, lang) for r in result.regions]
matrix = pd.DataFrame(
    [
        {
            tr("dashboard.col.indicator"): plan.indicator(code).name.get(lang),
            **{n: marks[result.cells[(r, code)]] for r, n in zip(result.regions, region_names, strict=True)},
        }
        for code in result.indicators
    ]
)
if w.printing():
    st.table(matrix, hide_index=True)
else:
    st.dataframe(
        matrix,
        hide_index=True,
        width="stretch",
        height=36 * (len(result.indicators) + 1) + 3,
        key="completeness_matrix",
        column_config={
            tr("dashboard.col.indicator"): st.column_config.TextColumn(width=200, pinned=True),
            **{
                n: st.column_config.TextColumn(width=64, help=region_name(r, lang))
                for r, n in zip(result.regions, region_names, strict=True)
            },
        },
    )

# Late and missing submissions in the reporting cycle (报送审核), up to the as-of month.
cycle.late_and_missing_section(month)
