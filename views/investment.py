"""投资填报: download the monthly investment sheet, upload it, preview what changes, confirm; the shares and the
revisions of a task's completed investment."""

import streamlit as st

from services.investment import commit_investment, history, preview_investment, template
from targets import clock
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from targets.investment import task_departments
from ui import auth
from ui import context as ctx
from ui import investment as inv
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
user = auth.require(Action.UPLOAD)
store = ctx.store()
department = user.department if user.role is Role.REPORTER else None

st.title(tr("investment.page.title"))
st.caption(tr("investment.help"))
month = st.selectbox(tr("investment.page.month"), range(1, 13), index=(ctx.latest_month() or 1) - 1, key="inv_month")
st.download_button(
    tr("investment.template"),
    data=template(store, plan.year, month, department),
    file_name=f"{plan.year}-{month:02d}-投资.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="inv_template",
)
uploaded = st.file_uploader(
    tr("investment.page.file"),
    type=["xlsx", "xls", "csv", "txt"],
    key=f"inv_file_{st.session_state.get('inv_round', 0)}",
)
if uploaded is not None:
    try:
        preview = preview_investment(
            store, uploaded.getvalue(), uploaded.name, year=plan.year, month=month, actor=ctx.actor()
        )
    except (Denied, Refusal) as exc:
        st.error(exc.message(lang))
        st.stop()
    st.markdown(
        tr(
            "investment.page.counts",
            rows=preview.rows_read,
            new=sum(1 for c in preview.changes if c.old is None),
            changed=sum(1 for c in preview.changes if c.old is not None),
            unchanged=preview.unchanged,
        )
    )
    if preview.issues:
        w.table(
            [
                {
                    tr("investment.page.severity"): tr(f"investment.page.{i.severity.value}"),
                    tr("investment.page.row"): i.row or "",
                    tr("investment.page.column"): i.column or "",
                    tr("investment.page.message"): i.message(lang),
                }
                for i in preview.issues
            ]
        )
    if preview.changes:
        w.table(
            [
                {
                    tr("investment.page.task"): w.named(plan.task(c.task_code).name.get(lang), c.task_code, lang),
                    tr("investment.page.month"): c.month,
                    tr("investment.page.old"): "—" if c.old is None else f"{c.old.total:,.2f}",
                    tr("investment.page.new"): f"{c.new.total:,.2f}",
                    tr("investment.page.row"): c.row,
                }
                for c in preview.changes
            ]
        )
    if not preview.errors and preview.changes:
        confirmed = not preview.warnings or st.checkbox(tr("investment.page.confirm"), key="inv_confirm")
        if st.button(tr("investment.page.commit"), type="primary", disabled=not confirmed, key="inv_commit"):
            try:
                batch = commit_investment(store, preview, actor=ctx.actor(), confirm_warnings=confirmed)
            except (Denied, Refusal) as exc:
                st.error(exc.message(lang))
            else:
                ctx.bump()
                st.session_state["inv_round"] = st.session_state.get("inv_round", 0) + 1
                st.success(tr("investment.page.done", batch=batch))

inv.show(None)
leads = task_departments(plan)
own = [t.code for t in plan.tasks if department is None or department in leads[t.code]]
if own:
    st.subheader(tr("investment.page.history"))
    chosen = st.selectbox(
        tr("investment.page.task"),
        own,
        format_func=lambda c: w.named(plan.task(c).name.get(lang), c, lang),
        key="inv_history_task",
    )
    w.table(
        [
            {
                tr("investment.page.month"): r["month"],
                tr("investment.completed"): f"{r['total']:,.2f}",
                tr("investment.page.by"): r["recorded_by"],
                tr("history.col.when"): clock.show(r["recorded_at"]),
                tr("investment.page.file"): r["filename"] or "—",
                tr("investment.page.row"): r["row"] or "",
                tr("investment.page.state"): tr(
                    "investment.page.superseded" if r["superseded_by"] else "investment.page.current"
                ),
            }
            for r in history(store, plan.year, chosen)
        ],
        empty=tr("investment.page.no_history"),
    )
