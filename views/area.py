"""方面: one area's tasks and indicators against the schedule, with progress, expected share and why."""

import streamlit as st

from targets.charts import indicator_progress_chart
from targets.status import quantity
from ui import context as ctx
from ui import investment, milestones
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
view = ctx.status_view()
code = w.sticky_selectbox(
    tr("area.pick"),
    [a.code for a in plan.areas],
    key="area_pick",
    state_key="dashboard_area",
    format_func=lambda c: plan.area(c).name.get(lang),
)
area = plan.area(code)
w.page_header(tr("area.title", area=area.name.get(lang)), view)
w.print_button("area_print")
if view is None or view.status is None:
    w.no_figures(view)
    st.stop()
ps = view.status
counts = ps.area(code)
st.caption(
    tr(
        "area.counts",
        tasks=counts.total_catalogued,
        done=counts.done,
        ahead=counts.ahead,
        on_pace=counts.on_pace,
        lagging=counts.lagging,
        no_data=counts.no_data,
    )
)
if counts.mean_progress is not None:
    st.markdown(tr("area.mean_progress", percent=f"{counts.mean_progress * 100:.1f}%", n=counts.indicators_with_data))

codes = [i.code for i in plan.indicators if i.area_code == code]
w.plot(indicator_progress_chart(plan, ps, codes, lang), key="area_chart")
investment.show(ps.as_of, area=code)


rows = []
for task in plan.tasks_of(code):
    for ind in plan.indicators_of(task.code):
        ist = ps.indicator(ind.code)
        # Key columns first: status, progress against the schedule, why; then the names and the figures.
        rows.append(
            {
                tr("dashboard.col.status"): " ".join(
                    filter(None, (w.badge(ist.status, ist.severity), ist.stale_note(lang)))
                ),
                tr("dashboard.col.progress"): w.percent(ist.progress),
                tr("dashboard.col.expected"): w.percent(ist.expected),
                tr("dashboard.col.explanation"): ist.explanation(lang),
                tr("dashboard.col.indicator"): ind.name.get(lang),
                tr("dashboard.col.actual"): quantity(ist.actual, ind, lang) if ist.actual is not None else "—",
                tr("dashboard.col.target_unit"): quantity(ind.target, ind, lang),
                tr("dashboard.col.task"): task.name.get(lang),
                tr("dashboard.col.code"): ind.code,
            }
        )
w.table(rows)
milestones.rates_section(view, [t.code for t in plan.tasks_of(code)])  # issue 21: 开工率 / 完工率

if not w.printing():
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    task_code = c1.selectbox(
        tr("area.open_task"),
        [t.code for t in plan.tasks_of(code)],
        format_func=lambda c: w.named(plan.task(c).name.get(lang), c, lang),
        key="area_task",
    )
    if c2.button(tr("overview.open"), key="area_open_task", width="stretch"):
        w.open_page("views/task.py", dashboard_task=task_code, dashboard_indicator=ps.task(task_code).worst_indicator)
