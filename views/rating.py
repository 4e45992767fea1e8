"""满意度测评: record the deputies' year-end rating (and an optional public survey with its weight), the result per
task with its grade under the stated rule, the lead departments ranked, and the XLSX and DOCX notice."""

import streamlit as st

from services import rating as rating_service
from targets.access import Action, Denied
from targets.errors import Refusal
from targets.exports.rating_report import MEDIA_TYPES, department_text, grade_text, score_text, source_text
from targets.rating import DEPUTIES, Grade
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa
from ui import widgets as w
from ui import yearcycle as yc

FILES_KEY = "rating_files"  # plain session key: the files last built, with what they were built from

tr, lang = ctx.tr, ctx.lang()
store = ctx.store()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
year = plan.year
st.title(tr("year.rating.title", year=year))
st.caption(tr("year.rating.intro"))
pa.flash("rating")
found = yc.rating(year)

# --- recording -------------------------------------------------------------------------------------
if auth.can(Action.RATING):
    with st.expander(tr("year.rating.record"), expanded=not found.recorded):
        sources = {DEPUTIES: source_text(DEPUTIES, lang), "public": source_text("public", lang)}
        c = st.columns(3)
        source = c[0].radio(tr("year.rating.source"), list(sources), format_func=sources.get, key="rating_source")
        members = c[1].number_input(
            tr("year.rating.members"),
            min_value=1,
            step=1,
            value=found.tasks[0].members if found.tasks and found.tasks[0].members else 60,
            key="rating_members",
            help=tr("year.rating.members.help"),
            disabled=source != DEPUTIES,
        )
        weight = c[2].number_input(
            tr("year.rating.weight"),
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            value=None,
            key="rating_weight",
            help=tr("year.rating.weight.help"),
        )
        st.caption(tr("year.rating.file.help"))
        uploaded = st.file_uploader(
            tr("year.rating.file"),
            type=["xlsx", "xls", "csv", "txt", "tsv"],
            key=f"rating_file_{pa.round_of('rating')}",
        )
        if uploaded is not None and st.button(tr("year.rating.save"), type="primary", key="rating_save"):
            try:
                rating_service.record_rating(
                    store,
                    uploaded.getvalue(),
                    uploaded.name,
                    year=year,
                    members=int(members) if source == DEPUTIES else None,
                    source=source,
                    weight=weight,
                    actor=ctx.actor(),
                )
            except (Refusal, Denied) as exc:
                st.error(exc.message(lang), icon="⛔")
                if isinstance(exc, Refusal):
                    pa.show_issues(yc.refusal_issues(exc.extra))
            else:
                pa.committed("rating", tr("year.rating.recorded", name=uploaded.name, source=sources[source]))

if not found.recorded:
    st.info(tr("year.rating.none", year=year), icon="ℹ️")
    st.stop()

# --- the result ------------------------------------------------------------------------------------
st.subheader(tr("year.rating.result"))
st.markdown(f"**{tr('year.rating.rule')}** {found.rule.explain(lang)}")
counts = {g: sum(1 for t in found.tasks if t.grade is g) for g in Grade}
m = st.columns(4)
m[0].metric(tr("year.rating.rated"), tr("year.rating.rated.value", rated=len(found.tasks), total=len(plan.tasks)))
for column, g in zip(m[1:], Grade, strict=True):
    column.metric(grade_text(g, lang), counts[g])
icons = {Grade.SATISFIED: "✅ ", Grade.BASICALLY_SATISFIED: "🟡 ", Grade.DISSATISFIED: "⛔ "}
several = len(found.recorded) > 1
w.table(
    [
        {
            tr("year.rating.col.grade"): icons.get(t.grade, "") + grade_text(t.grade, lang),
            tr("year.rating.col.task"): plan.task(t.task_code).name.get(lang),
            tr("year.rating.col.lead"): department_text(t.lead_unit, lang),
            tr("year.rating.col.satisfied"): t.satisfied,
            tr("year.rating.col.basically"): t.basically,
            tr("year.rating.col.dissatisfied"): t.dissatisfied,
            tr("year.rating.col.members"): t.members,
            **(
                {source_text(s, lang): score_text(t.scores.get(s)) for s in (r.source for r in found.recorded)}
                if several
                else {}
            ),
            tr("year.rating.col.score"): score_text(t.score),
            tr("year.rating.col.code"): t.task_code,
        }
        for t in found.tasks
    ]
)
unrated = [t for t in plan.tasks if t.code not in {r.task_code for r in found.tasks}]
if unrated:
    st.caption(tr("year.rating.unrated", names="、".join(t.name.get(lang) for t in unrated)))

st.subheader(tr("year.rating.departments"))
st.caption(tr("year.rating.rank_rule.text"))
w.table(
    [
        {
            tr("year.rating.col.rank"): str(d.rank),
            tr("year.rating.col.lead"): department_text(d.department, lang),
            tr("year.rating.col.tasks"): d.tasks,
            tr("year.rating.col.score"): score_text(d.score),
        }
        for d in found.departments
    ],
    empty=tr("year.rating.departments.none"),
)

st.subheader(tr("year.rating.sources"))
w.table(
    [
        {
            tr("year.rating.source"): source_text(r.source, lang),
            tr("year.rating.weight"): "—" if r.weight is None else f"{r.weight:g}",
            tr("year.rating.members"): "—" if r.members is None else str(r.members),
            tr("year.col.file"): r.origin.filename,
            "SHA-256": r.origin.sha256[:12],
            tr("task.col.who"): r.origin.recorded_by,
            pa.at_column(): pa.show_time(r.origin.recorded_at),
        }
        for r in found.recorded
    ]
)

# --- exports ---------------------------------------------------------------------------------------
if auth.can(Action.EXPORT):
    st.subheader(tr("year.rating.exports"))
    built_from = (year, ctx.data_version(), lang)
    if st.button(tr("year.rating.exports.build"), key="rating_build", icon="📦"):
        files = []
        for fmt in ("xlsx", "docx"):
            try:
                files.append(
                    rating_service.export_rating(store, found, fmt, lang=lang, actor=ctx.actor(), demo=ctx.is_demo())
                )
            except Denied as exc:
                st.error(exc.message(lang), icon="⛔")
                break
        st.session_state[FILES_KEY] = {"built_from": built_from, "files": files}
        ctx.exports_recorded()
    last = st.session_state.get(FILES_KEY)
    if last and last["built_from"] == built_from:
        for f in last["files"]:
            st.download_button(
                tr("export.page.download", name=f.name),
                f.data,
                file_name=f.name,
                mime=MEDIA_TYPES[f.format],
                key=f"rating_download_{f.format}",
                on_click="ignore",
                icon="⬇️",
            )
