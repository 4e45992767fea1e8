"""项目节点: upload a milestone sheet (preview, then commit) and every change of the year's milestones."""

import streamlit as st

from services import milestones as milestones_service
from targets import clock
from targets.access import Action
from targets.readers.milestones import DATE_FIELDS
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
auth.require(Action.UPLOAD)
store = ctx.store()
st.title(tr("milestones.page.title", year=plan.year))
tab_import, tab_history = st.tabs([tr("plan_admin.tab.import"), tr("plan_admin.tab.history")])


def _task(code: str) -> str:
    return w.named(plan.task(code).name.get(lang), code, lang)


def _dates(values: dict) -> str:
    """A project's dates on one line: 计划开工 2024-04-01 · 实际开工 2024-04-03."""
    return " · ".join(f"{tr(f'milestones.col.{f}')} {values[f].isoformat()}" for f in DATE_FIELDS if values[f]) or "—"


def _of(project) -> dict:
    return {f: getattr(project, f) for f in DATE_FIELDS}


def _changes(preview) -> None:
    w.table(
        [
            {
                tr("milestones.col.task"): _task(new.task_code),
                tr("milestones.col.project"): new.name or tr("milestones.task_itself"),
                tr("plan_admin.col.old"): _dates(_of(old)) if old else "—",
                tr("plan_admin.col.new"): _dates(_of(new)),
            }
            for new, old in [*((p, None) for p in preview.new), *preview.changed]
        ]
    )


with tab_import:
    pa.revisions_import(
        "milestones",
        year=plan.year,
        help=tr("milestones.page.help"),
        file_label=tr("milestones.page.file"),
        make_preview=lambda data, name: milestones_service.preview_milestones_as(
            store, data, name, year=plan.year, actor=ctx.actor()
        ),
        counts=(tr("milestones.page.new"), tr("milestones.page.changed"), tr("milestones.page.unchanged")),
        nothing=tr("milestones.page.nothing"),
        show_changes=_changes,
        commit_label=tr("milestones.page.commit"),
        commit=lambda preview, confirmed: milestones_service.commit_milestones(
            store, preview, actor=ctx.actor(), confirm_warnings=confirmed
        ),
        message=lambda preview, name, batch: tr("milestones.page.committed", name=name, batch=batch),
    )

with tab_history:
    rows = milestones_service.history(store, plan.year)
    if not rows:
        st.info(tr("plan_admin.no_history"), icon="ℹ️")
    else:
        w.table(
            [
                {
                    tr("milestones.col.task"): _task(r["task_code"]),
                    tr("milestones.col.project"): r["project"] or tr("milestones.task_itself"),
                    tr("plan_admin.col.new"): _dates(r),
                    tr("task.col.when"): clock.show(r["recorded_at"]),
                    tr("task.col.who"): r["recorded_by"],
                    tr("task.col.batch"): tr("display.batch_no", id=r["batch"]),
                    tr("task.col.file"): r["filename"] or "—",
                }
                for r in reversed(rows)
            ],
            scroll_key="milestones_history",
        )
