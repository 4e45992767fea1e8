"""总览: tasks by status against the schedule, completion by area, the lagging tasks and the early warnings."""

import streamlit as st

from targets.charts import area_chart, area_rows
from targets.dashboard import bulletin, early_warnings, lagging_tasks
from targets.status import quantity
from ui import context as ctx
from ui import investment, milestones
from ui import widgets as w
from ui import yearcycle as yc

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
view = ctx.status_view()
w.page_header(tr("overview.title", year=plan.year), view)
w.print_button("overview_print")
last_year = yc.last_year()  # tasks carried over from last year (上年结转): a line naming them
if last_year and last_year.carried:
    st.caption(
        f":orange-badge[🔁 {tr('year.carried')}] "
        + tr(
            "year.carried.overview",
            n=len(last_year.carried),
            last=last_year.year,
            names=("、" if lang == "zh" else ", ").join(plan.task(c).name.get(lang) for c in last_year.carried),
        )
    )
if view is None or view.status is None:
    w.no_figures(view)
    st.stop()
ps = view.status

w.status_cards(ps.summary)
st.caption(tr("dashboard.coverage", tasks=ps.summary.total_catalogued, declared=ps.summary.declared_tasks))
st.markdown(f"**{bulletin(ps, lang)}**")
investment.show(ps.as_of)  # 完成年度总投资的X%, when the tasks have planned investment

st.subheader(tr("overview.areas"))
areas = area_rows(plan, ps, lang, view.settings)
w.plot(ctx.drawn_chart("overview.areas", lambda: area_chart(areas, lang), areas), key="overview_area_chart")
st.caption(tr("overview.areas.note"))
if not w.printing():
    for n, area in enumerate(plan.areas):
        if n % 4 == 0:
            row = st.columns(4)
        if row[n % 4].button(area.name.get(lang), key=f"overview_open_{area.code}", icon="🔎", width="stretch"):
            w.open_page("views/area.py", dashboard_area=area.code)

st.subheader(tr("overview.lagging"))
lagging = lagging_tasks(ps)
if not lagging:
    st.success(tr("overview.lagging.none"), icon="✅")
else:
    # Key columns first (status, how far behind, why); names, with codes as a detail at the end.
    w.table(
        [
            {
                tr("dashboard.col.status"): w.badge(ts.status, ts.severity),
                tr("dashboard.col.gap"): w.points(-ts.gap_points if ts.gap_points is not None else None),
                tr("dashboard.col.explanation"): ts.explanation(lang),
                tr("dashboard.col.task"): plan.task(ts.code).name.get(lang),
                tr("dashboard.col.worst"): plan.indicator(ts.worst_indicator).name.get(lang)
                if ts.worst_indicator
                else "—",
                tr("dashboard.col.area"): plan.area(ts.area_code).name.get(lang),
                tr("dashboard.col.code"): ts.code,
            }
            for ts in lagging
        ]
    )
    if not w.printing():
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        chosen = c1.selectbox(
            tr("overview.open_task"),
            [ts.code for ts in lagging],
            format_func=lambda c: w.named(plan.task(c).name.get(lang), c, lang),
            key="overview_task",
        )
        if c2.button(tr("overview.open"), key="overview_open_task", width="stretch"):
            w.open_page("views/task.py", dashboard_task=chosen, dashboard_indicator=ps.task(chosen).worst_indicator)

milestones.rates_section(view, [t.code for t in plan.tasks])  # issue 21: 开工率 / 完工率

st.subheader(tr("overview.warnings"))
st.caption(tr("overview.warnings.note"))
warnings = early_warnings(ps)
if not warnings:
    st.info(tr("overview.warnings.none"), icon="ℹ️")
else:
    w.table(
        [
            {
                tr("dashboard.col.status"): w.badge(i.status, i.severity),
                tr("dashboard.col.explanation"): i.explanation(lang),
                tr("dashboard.col.indicator"): plan.indicator(i.code).name.get(lang),
                tr("dashboard.col.projection"): quantity(
                    round(i.projection) if abs(i.projection) >= 100 else round(i.projection, 1),
                    plan.indicator(i.code),
                    lang,
                )
                if i.projection is not None
                else "—",
                tr("dashboard.col.target"): quantity(i.target, plan.indicator(i.code), lang)
                if i.target is not None
                else "—",
                tr("dashboard.col.task"): plan.task(i.task_code).name.get(lang),
                tr("dashboard.col.code"): i.code,
            }
            for i in warnings
        ]
    )
