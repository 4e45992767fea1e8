"""Catalogue browser: the plan's targets, filtered by area, department and text, each with its source."""

import streamlit as st

from targets import display
from targets.access import Action
from targets.catalogue import NO_LEAD, filter_indicators
from targets.numbers import format_number
from ui import auth, investment
from ui import context as ctx
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()

st.title(tr("catalogue.title", year=plan.year))
st.markdown(
    tr(
        "catalogue.coverage",
        tasks=len(plan.tasks),
        declared_tasks=plan.declared_tasks,
        areas=len(plan.areas),
        declared_areas=plan.declared_areas,
        indicators=len(plan.indicators),
    )
)
if len(plan.tasks) < plan.declared_tasks:
    st.caption(tr("catalogue.coverage_note"))
if auth.can(Action.CATALOGUE):  # where an admin fills the catalogue in from the official task table
    st.page_link("views/plan_catalogue.py", label=tr("plan_admin.catalogue.link"), icon="🗃️")

all_label = tr("catalogue.filter.all")
c1, c2, c3 = st.columns([1, 1, 2])
area = c1.selectbox(
    tr("catalogue.filter.area"),
    [None, *[a.code for a in plan.areas]],
    format_func=lambda c: all_label if c is None else plan.area(c).name.get(lang),
    key=f"catalogue_area_{lang}",
)
lead = c2.selectbox(
    tr("catalogue.filter.lead"),
    [None, *plan.lead_units, NO_LEAD],
    format_func=lambda u: (
        all_label if u is None else tr("catalogue.lead.unknown") if u == NO_LEAD else display.department_name(u, lang)
    ),
    key=f"catalogue_lead_{lang}",
)
query = c3.text_input(tr("catalogue.filter.search"), key="catalogue_query")

found = filter_indicators(plan, area=area, lead_unit=lead, query=query)
st.caption(tr("catalogue.matches", n=len(found)))
# Names first and the code last, long names wrap in their cell (no column off the right edge at 1440 px).
w.table(
    [
        {
            tr("catalogue.col.indicator"): i.name.get(lang),
            tr("catalogue.col.target"): i.stated
            if lang == "zh" and i.kind.value == "standard"
            else format_number(i.target, lang=lang),
            tr("catalogue.col.unit"): i.unit.get(lang),
            tr("catalogue.col.task"): plan.task(i.task_code).name.get(lang),
            tr("catalogue.col.area"): plan.area(i.area_code).name.get(lang),
            tr("catalogue.col.lead"): display.department_name(i.lead_unit, lang)
            if i.lead_unit
            else tr("catalogue.lead.unknown"),
            tr("catalogue.col.kind"): tr(f"kind.{i.kind.value}"),
            tr("catalogue.col.last_year"): format_number(i.last_year.value, lang=lang) if i.last_year else "—",
            tr("catalogue.col.code"): i.code,
        }
        for i in found
    ]
)

investment.planned_table(plan)  # 计划投资 per task, where the task table gave it

with st.expander(tr("catalogue.sources")):
    for ind in found:
        task = plan.task(ind.task_code)
        st.markdown(
            f"**{ind.name.get(lang)}** — {format_number(ind.target, lang=lang)} {ind.unit.get(lang)} · {ind.code}"
        )
        st.caption(f"{display.source_citation(ind.source.file, lang)} · {display.source_detail(ind.source.file, lang)}")
        st.markdown(f"> {ind.source.quote}")
        if task.lead_unit_source and ind.lead_unit:
            st.caption(
                f"{tr('catalogue.lead_source.cited')} {display.source_citation(task.lead_unit_source.file, lang)}"
            )
            st.markdown(f"> {task.lead_unit_source.quote}")
        if ind.last_year:
            st.caption(
                f"{tr('catalogue.last_year_source.cited')} {display.source_citation(ind.last_year.source.file, lang)}"
            )
            st.markdown(f"> {ind.last_year.source.quote}")
