"""数据填报: download a template, upload a sheet, preview what changes, confirm; or correct one value in place."""

import pandas as pd
import streamlit as st

from services.corrections import correct_value
from services.uploads import commit_upload, preview_upload
from targets import display
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from targets.regions import PROVINCE, load_regions
from targets.templates import figures_template
from ui import auth, cycle
from ui import context as ctx

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
user = auth.require(Action.UPLOAD)
store = ctx.store()
# A reporter works on their own department's indicators; the store checks it again on every write.
own = [i for i in plan.indicators if user.role is not Role.REPORTER or i.lead_unit == user.department]


def figure(value: float | None) -> str:
    """A figure with separators; no value before (a new figure) reads （无）."""
    return tr("display.none") if display.is_blank(value) else display.value_or_dash(value, lang)


st.title(tr("upload.title"))
tab_upload, tab_template, tab_correct = st.tabs(
    [tr("upload.tab.upload"), tr("upload.tab.template"), tr("upload.tab.correct")]
)

with tab_upload:
    st.caption(tr("upload.help"))
    month_choice = st.selectbox(
        tr("upload.month"),
        [None, *range(1, 13)],
        format_func=lambda m: tr("upload.month.none") if m is None else display.month_name(m, lang),
        key="upload_month",
    )
    uploaded = st.file_uploader(
        tr("upload.file"),
        type=["xlsx", "xls", "csv", "txt", "tsv"],
        key=f"upload_file_{st.session_state.get('upload_round', 0)}",
    )
    if uploaded is not None:
        data = uploaded.getvalue()
        # The preview is read once per file, month and data version, not on every rerun (ticking a box reruns).
        if st.session_state.get("upload_sheet_file") != uploaded.file_id:  # another file: its own sheets
            st.session_state.upload_sheet_file = uploaded.file_id
            st.session_state.pop("upload_sheet", None)
            st.session_state.pop("upload_sheet_choices", None)
        sheet_choice = st.session_state.get("upload_sheet")
        wanted = (
            uploaded.file_id,
            uploaded.name,
            plan.year,
            month_choice,
            sheet_choice,
            ctx.actor(),
            ctx.data_version(),
        )
        kept = st.session_state.get("upload_preview")
        if kept is not None and kept[0] == wanted:
            preview = kept[1]
        else:
            with st.spinner(tr("upload.reading")):
                preview = preview_upload(
                    store,
                    data,
                    uploaded.name,
                    year=plan.year,
                    month=month_choice,
                    actor=ctx.actor(),
                    sheet=sheet_choice,
                )
            st.session_state.upload_preview = (wanted, preview)
        if preview.sheet_choices or sheet_choice:
            # Several sheets hold figures: the person chooses; the choice stays until another file is chosen.
            choices = list(preview.sheet_choices) or list(st.session_state.get("upload_sheet_choices", []))
            st.session_state.upload_sheet_choices = choices
            st.selectbox(tr("upload.sheet"), choices, index=None, key="upload_sheet")
        elif preview.sheet:
            st.caption(tr("upload.sheet.read", sheet=preview.sheet))
        if preview.foreign:
            # The same check the commit makes, said before anyone ticks a box: the whole file is refused as it is.
            st.error(
                tr("upload.foreign", n=sum(1 for i in preview.errors if i.rule == "not_your_department")), icon="⛔"
            )
            if st.toggle(tr("upload.only_own"), key="upload_only_own"):
                preview = preview.own_rows()
                st.info(tr("upload.dropped", n=len(preview.dropped)), icon="✂️")
        counts = preview.plan.counts()
        c = st.columns(5)
        c[0].metric(tr("upload.summary.new"), counts["new"])
        c[1].metric(tr("upload.summary.changed"), counts["changed"])
        c[2].metric(tr("upload.summary.unchanged"), counts["unchanged"])
        c[3].metric(tr("upload.summary.errors"), len(preview.errors))
        c[4].metric(tr("upload.summary.warnings"), len(preview.warnings))
        st.caption(
            tr(
                "upload.summary.rows",
                rows=preview.rows_read,
                layout=tr(f"layout.{preview.layout}") if preview.layout else "—",
                name=uploaded.name,
            )
        )
        if preview.issues:
            st.subheader(tr("upload.issues"))
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("upload.col.row"): display.value_or_dash(i.row, lang),
                            tr("upload.col.column"): display.value_or_dash(i.column, lang),
                            tr("upload.col.severity"): ("⛔ " if i.severity.value == "error" else "⚠️ ")
                            + tr(f"severity.{i.severity.value}"),
                            tr("upload.col.message"): i.message(lang),
                        }
                        for i in preview.issues
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
        if preview.rejected:
            st.error(tr("upload.rejected"), icon="⛔")
        elif preview.plan.is_empty:
            st.info(tr("upload.nothing"), icon="ℹ️")
        else:
            st.subheader(tr("upload.changes"))
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("upload.col.indicator"): f"{ch.key[0]} {plan.indicator(ch.key[0]).name.get(lang)}",
                            tr("upload.col.region"): display.org_name(ch.key[1], lang),
                            tr("upload.col.month"): display.month_name(ch.key[2], lang),
                            tr("upload.col.old"): figure(ch.old),
                            tr("upload.col.new"): figure(ch.new),
                            tr("upload.col.row"): display.value_or_dash(ch.row, lang),
                        }
                        for ch in preview.plan.changes
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
            confirmed = True
            if preview.warnings:
                confirmed = st.checkbox(tr("upload.confirm_warnings"), key="upload_confirm")
            if st.button(tr("upload.commit"), type="primary", disabled=not confirmed, key="upload_commit"):
                try:
                    result = commit_upload(store, preview, actor=ctx.actor(), confirm_warnings=confirmed)
                except Refusal as exc:
                    if exc.code == "stale_preview":  # another writer changed these figures: show the new preview
                        ctx.bump()
                        st.session_state.upload_flash_warning = exc.message(lang)
                        st.rerun()
                    st.error(exc.message(lang))
                except Denied as exc:
                    st.error(exc.message(lang))
                else:
                    ctx.bump()
                    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1
                    st.session_state.upload_flash = tr("upload.committed", batch=result.batch_id, **counts)
                    st.rerun()
    if warning := st.session_state.pop("upload_flash_warning", None):
        st.warning(warning, icon="🔄")
    if flash := st.session_state.pop("upload_flash", None):
        st.success(flash, icon="✅")

with tab_template:
    st.caption(tr("template.help"))
    c1, c2 = st.columns(2)
    t_month = c1.selectbox(
        tr("template.month"),
        range(1, 13),
        index=cycle.month_due(user.department) - 1,
        format_func=lambda m: display.month_name(m, lang),
        key="template_month",
    )
    all_label = tr("catalogue.filter.all")
    t_unit = c2.selectbox(
        tr("template.department"),
        [user.department] if user.role is Role.REPORTER else [None, *plan.lead_units],
        format_func=lambda u: all_label if u is None else display.department_name(u, lang),
        key="template_unit",
    )
    previous = {k: v.value for k, v in ctx.current_figures().items()}
    st.download_button(
        tr("template.download", month=display.month_name(t_month, lang)),
        figures_template(plan, t_month, lead_unit=t_unit, previous=previous),
        file_name=f"民生实事填报模板_{plan.year}-{t_month:02d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="template_download",
    )

with tab_correct:
    c1, c2 = st.columns([2, 1])
    code = c1.selectbox(
        tr("correct.indicator"),
        [i.code for i in own],
        format_func=lambda c: f"{c} {plan.indicator(c).name.get(lang)}",
        key="correct_code",
    )
    regions = [r.code for r in load_regions()]
    region = c2.selectbox(
        tr("correct.region"),
        regions,
        index=regions.index(PROVINCE),
        format_func=lambda r: display.org_name(r, lang),
        key="correct_region",
    )
    current = ctx.current_figures()
    # The revision each value had when the screen was drawn: a save refuses if it moved since.
    snapshot_key = f"correct_snapshot_{code}_{region}"
    if snapshot_key not in st.session_state:
        st.session_state[snapshot_key] = {
            m: (current[(code, region, m)].revision_id if (code, region, m) in current else None) for m in range(1, 13)
        }
    values = [current[(code, region, m)].value if (code, region, m) in current else None for m in range(1, 13)]
    months = [display.month_name(m, lang) for m in range(1, 13)]
    frame = pd.DataFrame({tr("correct.col.month"): months, tr("correct.col.value"): values})
    edited = st.data_editor(
        frame,
        disabled=[tr("correct.col.month")],
        hide_index=True,
        placeholder=display.DASH,  # a month without a figure reads "—", not "None"
        key=f"correct_editor_{code}_{region}",
    )
    reason = st.text_input(tr("correct.reason"), key="correct_reason")
    confirm = st.checkbox(tr("correct.confirm_warnings"), key="correct_confirm")
    if st.button(tr("correct.save"), key="correct_save"):
        saved, failed = 0, []
        for m, old, new in zip(range(1, 13), values, edited[tr("correct.col.value")], strict=True):
            if new is None or pd.isna(new) or (old is not None and float(new) == old):
                continue
            try:
                result = correct_value(
                    store,
                    year=plan.year,
                    key=(code, region, m),
                    value=float(new),
                    expected_revision=st.session_state[snapshot_key][m],
                    actor=ctx.actor(),
                    reason=reason or None,
                    confirm_warnings=confirm,
                )
                saved += int(result.committed)
            except (Refusal, Denied) as exc:
                failed.append(exc.message(lang))
        st.session_state.pop(snapshot_key, None)
        ctx.bump()
        for message in failed:
            st.error(message)
        if saved:
            st.success(tr("correct.saved", n=saved))
        else:
            st.info(tr("correct.none"))
