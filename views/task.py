"""任务: one indicator over the year against the schedule, its monthly additions, the regions, its revisions and source."""

import streamlit as st

from targets import clock, display
from targets.charts import increments_chart, schedule_chart
from targets.dashboard import join_names, region_breakdown, regions_carried, series_of
from targets.numbers import format_number
from targets.regions import PROVINCE, prefectures, region_name
from targets.status import label as status_label
from targets.status import month_label, quantity
from ui import context as ctx
from ui import cycle, investment, milestones, narratives
from ui import widgets as w
from ui import yearcycle as yc

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
view = ctx.status_view()
c1, c2 = st.columns(2)
task_code = w.sticky_selectbox(
    tr("task.pick"),
    [t.code for t in plan.tasks],
    key="task_pick",
    state_key="dashboard_task",
    format_func=lambda c: w.named(plan.task(c).name.get(lang), c, lang),
    container=c1,
)
code = w.sticky_selectbox(
    tr("task.pick_indicator"),
    [i.code for i in plan.indicators_of(task_code)],
    key="task_indicator_pick",
    state_key="dashboard_indicator",
    format_func=lambda c: w.named(plan.indicator(c).name.get(lang), c, lang),
    container=c2,
)
task, ind = plan.task(task_code), plan.indicator(code)
w.page_header(ind.name.get(lang), view)
st.caption(
    " · ".join(
        (plan.area(task.area_code).name.get(lang), task.name.get(lang), f"{tr('dashboard.col.code')} {ind.code}")
    )
)
# --- plan years side by side: carried over from last year (上年结转) --------------------------------
last_year = yc.last_year()
carried = last_year.carried.get(task_code) if last_year else None
if carried:
    items = "、" if lang == "zh" else ", "
    st.markdown(
        f":orange-badge[🔁 {tr('year.carried')}] "
        + tr(
            "year.carried.help",
            last=carried.last_year,
            items=items.join(
                f"{last_year.plan.indicator(old).name.get(lang)}（{status_label(s, lang)}）"
                for _, old, s in carried.indicators
            ),
        )
    )
w.print_button("task_print")
if view is None or view.status is None:
    w.no_figures(view)
    st.stop()
ist = view.status.indicator(code)
as_of = view.as_of
unit = ind.unit.get(lang)

st.markdown(f"**{w.badge(ist.status, ist.severity)}** {ist.stale_note(lang)} — {ist.explanation(lang)}")
m = st.columns(4)
m[0].metric(tr("task.metric.actual", unit=unit), format_number(ist.actual))
m[1].metric(tr("task.metric.target", unit=unit), format_number(ind.target))
m[2].metric(tr("dashboard.col.progress"), w.percent(ist.progress))
m[3].metric(tr("dashboard.col.expected"), w.percent(ist.expected))

# --- the task's indicators beside last year's same month (上年同期), where the indicator is the same ------
same_month = last_year.same_month(plan, as_of) if last_year else {}
if same_month:
    st.subheader(tr("year.task.indicators"))
    w.table(
        [
            {
                tr("dashboard.col.indicator"): i.name.get(lang),
                tr("dashboard.col.status"): w.badge(
                    view.status.indicator(i.code).status, view.status.indicator(i.code).severity
                ),
                tr("dashboard.col.actual"): quantity(view.status.indicator(i.code).actual, i, lang)
                if view.status.indicator(i.code).actual is not None
                else "—",
                tr("year.same_month"): quantity(same_month[i.code], i, lang) if i.code in same_month else "—",
                tr("dashboard.col.code"): i.code,
            }
            for i in plan.indicators_of(task_code)
        ]
    )
    st.caption(tr("year.task.same_month.note", last=last_year.year))

series = series_of(view.province.series, code)
left, right = st.columns([3, 2])
# Each chart is built once per content and shared by the sessions (building them took about 230 ms a run).
points, own = tuple(sorted(series.items())), ctx.trajectories().get(code)
drawn = repr(ind), repr(ist)  # the indicator and its status as text: every field the charts read
schedules = {code: own} if own is not None else {}
with left:
    chart = ctx.drawn_chart(
        "task.schedule", lambda: schedule_chart(ind, ist, series, as_of, lang, schedules), *drawn, points, as_of, own
    )
    w.plot(chart, key="task_schedule_chart")
with right:
    chart = ctx.drawn_chart(
        "task.increments", lambda: increments_chart(ind, series, as_of, lang), drawn[0], points, as_of
    )
    w.plot(chart, key="task_increments_chart")
if code in ctx.trajectories():
    st.caption(tr("task.custom_schedule"))

# --- regions ---------------------------------------------------------------------------------------
investment.show(as_of, task=task_code)
st.subheader(tr("task.regions"))
basis = view.province.basis_at(code, as_of)  # decided per month: reported, or the sum of the regions
st.markdown(tr(f"task.basis.{'mixed' if view.province.basis.get(code) == 'mixed' else basis}"))
mismatches = []
for (c, month), (reported, summed) in sorted(view.province.mismatches.items()):
    if c == code and month <= as_of:
        carried = regions_carried(view.figures, code, month, [r.code for r in prefectures()])
        note = tr("task.mismatch.carried", regions=join_names((region_name(r, lang) for r in carried), lang))
        mismatches.append(
            tr(
                "task.mismatch",
                month=month_label(month, lang),
                reported=format_number(reported),
                summed=format_number(summed),
                note=note if carried else "",
            )
        )
if mismatches:
    st.warning("\n\n".join(mismatches), icon="⚠️")
st.caption(tr("task.no_regional_targets"))
regions = [r.code for r in prefectures()]
total, breakdown = region_breakdown(view.figures, view.province.series, code, as_of, regions)
if all(r.value is None for r in breakdown):
    st.info(tr("task.regions.none"))
else:
    rows = [
        {
            tr("dashboard.col.region"): region_name(r.region, lang),
            tr("dashboard.col.actual"): quantity(r.value, ind, lang) if r.value is not None else "—",
            tr("task.col.share"): w.percent(r.share),
            tr("dashboard.col.month"): month_label(r.month, lang) if r.month else "—",
            tr("task.col.note"): tr("task.regions.late") if r.month is not None and r.month < as_of else "",
        }
        for r in breakdown
    ]
    rows.append(
        {
            tr("dashboard.col.region"): region_name(PROVINCE, lang),
            tr("dashboard.col.actual"): quantity(total, ind, lang) if total is not None else "—",
            tr("task.col.share"): "100.0%" if total else "—",
            tr("dashboard.col.month"): month_label(max(m for m in series if m <= as_of), lang)
            if any(m <= as_of for m in series)
            else "—",
            tr("task.col.note"): tr(f"task.basis.short.{basis}"),
        }
    )
    w.table(rows)

# --- supervision items (督办) on the task or its indicators ----------------------------------------
cycle.task_items_section(task_code)
milestones.task_section(task_code, view)  # issue 21: projects' dates and lights
narratives.task_section(task_code, as_of)  # the department's own word (进展说明)

# --- revisions -------------------------------------------------------------------------------------
st.subheader(tr("task.history"))
history = ctx.indicator_history(code)
if not history:
    st.info(tr("task.history.none"))
else:
    # The change first, then where and when; the batch by its number and file (in the print view too).
    w.table(
        [
            {
                tr("task.col.change"): f"{format_number(h['previous_value'])} → {format_number(h['value'])}",
                tr("dashboard.col.region"): region_name(h["region"], lang),
                tr("dashboard.col.month"): month_label(h["month"], lang),
                tr("task.col.when"): clock.show(h["recorded_at"], seconds=True),
                tr("task.col.who"): h["recorded_by"],
                tr("task.col.kind"): tr(f"batch.{h['batch_kind']}"),
                tr("task.col.batch"): tr("display.batch_no", id=h["batch"]),
                tr("task.col.file"): h["filename"] or "—",
            }
            for h in reversed(history)
        ],
        scroll_key="task_history",
    )

# --- source ----------------------------------------------------------------------------------------
st.subheader(tr("task.source"))
# The document as people cite it (headline, newspaper, page, date), the sentence, then the file as a detail.
st.markdown(tr("task.source.cited", citation=display.source_citation(ind.source.file, lang)))
st.markdown(f"> {ind.source.quote}")
st.caption(display.source_detail(ind.source.file, lang))
