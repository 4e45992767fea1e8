"""目录导入: an admin uploads the official task table, previews additions and changes, confirms; and the history."""

import pandas as pd
import streamlit as st

from services import catalogue as catalogue_service
from targets import clock
from targets.access import Action, Denied
from targets.numbers import format_number
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa

tr, lang = ctx.tr, ctx.lang()
auth.require(Action.CATALOGUE)
store = ctx.store()
year = ctx.year() or clock.today().year
st.title(tr("plan_admin.catalogue.title", year=year))
tab_import, tab_history = st.tabs([tr("plan_admin.tab.import"), tr("plan_admin.tab.history")])


def shown(field: str | None, value: object) -> str:
    """A change's value in words: a month-end, a direction, a number with separators; never None."""
    if value is None or value == "":
        return "—"
    if field == "deadline_month":
        return tr("plan_admin.catalogue.month_end", month=value)
    if field == "direction":
        return tr(f"plan_admin.catalogue.direction.{value}")
    if isinstance(value, (int, float)):
        return format_number(value)
    return str(value)


def named(plan, code: str) -> str:
    """A change's subject as people know it: the code and the name of the area, task or indicator."""
    if plan is not None:
        for items in (plan.indicators, plan.tasks, plan.areas):
            for item in items:
                if item.code == code:
                    return f"{code} {item.name.get(lang)}"
    return code


with tab_import:
    st.caption(tr("plan_admin.catalogue.help"))
    uploaded = st.file_uploader(
        tr("plan_admin.catalogue.file"),
        type=["xlsx", "xls", "csv", "txt", "tsv"],
        key=f"plan_catalogue_file_{pa.round_of('plan_catalogue')}",
    )
    if uploaded is not None:
        data = uploaded.getvalue()
        wanted = (uploaded.file_id, uploaded.name, year, ctx.actor(), ctx.data_version())
        try:
            preview = pa.kept_preview(
                "plan_catalogue",
                wanted,
                lambda: catalogue_service.preview_catalogue(store, data, uploaded.name, year=year, actor=ctx.actor()),
            )
        except Denied as exc:
            st.error(exc.message(lang), icon="⛔")
            st.stop()
        c = st.columns(5)
        c[0].metric(tr("plan_admin.catalogue.summary.additions"), len(preview.additions))
        c[1].metric(tr("plan_admin.catalogue.summary.changes"), len(preview.modifications))
        c[2].metric(tr("plan_admin.catalogue.summary.kept"), len(preview.kept))
        c[3].metric(tr("plan_admin.summary.errors"), len(preview.errors))
        c[4].metric(tr("plan_admin.summary.warnings"), len(preview.warnings))
        if preview.result is not None:
            st.caption(tr("plan_admin.catalogue.rows", rows=preview.result.rows_read, name=uploaded.name))
        pa.show_issues(preview.issues)
        new_plan = preview.result.plan if preview.result else None
        if preview.errors:
            st.error(tr("plan_admin.rejected"), icon="⛔")
        elif not preview.changes:
            st.info(tr("plan_admin.catalogue.nothing"), icon="ℹ️")
        else:
            st.subheader(tr("plan_admin.catalogue.changes"))
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("plan_admin.catalogue.col.action"): tr(f"plan_admin.catalogue.action.{ch.action}"),
                            tr("plan_admin.col.indicator"): named(new_plan, ch.code),
                            tr("plan_admin.catalogue.col.field"): tr(f"plan_admin.catalogue.field.{ch.field}")
                            if ch.field
                            else "—",
                            tr("plan_admin.col.old"): shown(ch.field, ch.old),
                            tr("plan_admin.col.new"): shown(ch.field, ch.new),
                        }
                        for ch in [*preview.additions, *preview.modifications]
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
            pa.commit_step(
                "plan_catalogue",
                tr("plan_admin.catalogue.commit"),
                preview.warnings,
                lambda confirmed: catalogue_service.commit_catalogue(
                    store, preview, actor=ctx.actor(), confirm_warnings=confirmed
                ),
                lambda _: tr(
                    "plan_admin.catalogue.committed",
                    name=uploaded.name,
                    additions=len(preview.additions),
                    changes=len(preview.modifications),
                ),
            )
        if preview.kept:
            with st.expander(tr("plan_admin.catalogue.kept", n=len(preview.kept))):
                st.markdown("\n".join(f"- {named(preview.base, code)}" for code in preview.kept))
    pa.flash("plan_catalogue")

with tab_history:
    entries = catalogue_service.history(store, year)
    if not entries:
        st.info(tr("plan_admin.no_history"), icon="ℹ️")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        pa.at_column(): pa.show_time(e["at"]),
                        tr("plan_admin.col.actor"): e["actor"],
                        tr("plan_admin.col.how"): tr(f"plan_admin.catalogue.how.{e['action']}"),
                        tr("plan_admin.col.file"): e["file"] or "—",
                        tr("plan_admin.col.changes"): len(e["changes"]),
                    }
                    for e in entries
                ]
            ),
            hide_index=True,
            width="stretch",
            key="plan_catalogue_history",
        )
        plan = ctx.plan()
        for e in entries:
            if not e["changes"]:
                continue
            how = tr(f"plan_admin.catalogue.how.{e['action']}")
            with st.expander(
                tr(
                    "plan_admin.history_detail",
                    at=pa.show_time(e["at"]),
                    zone=clock.zone_name(lang),
                    actor=e["actor"],
                    how=f"{how} · {e['file']}",
                )
            ):
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                tr("plan_admin.catalogue.col.action"): tr(f"plan_admin.catalogue.action.{c['action']}"),
                                tr("plan_admin.col.indicator"): named(plan, c["code"]),
                                tr("plan_admin.catalogue.col.field"): tr(f"plan_admin.catalogue.field.{c['field']}")
                                if c["field"]
                                else "—",
                                tr("plan_admin.col.old"): shown(c["field"], c["old"]),
                                tr("plan_admin.col.new"): shown(c["field"], c["new"]),
                            }
                            for c in e["changes"]
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
