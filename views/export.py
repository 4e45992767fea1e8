"""导出: the press office's files as of the month chosen in the sidebar; each build is recorded in the audit log."""

import pandas as pd
import streamlit as st

from services.exports import build_export, export_context
from targets import clock, display
from targets.access import Action, Denied
from targets.exports import CHART_FORMATS, FORMATS, MEDIA_TYPES, chart_names, file_name
from targets.exports.context import as_of_text, last_change_text, month_coverage_text
from targets.exports.images import ChartRenderError, warm_up
from targets.i18n import LANG_LABELS, LANGS
from ui import auth
from ui import context as ctx

FILES_KEY = "export_files"  # plain session key: the files last built, with what they were built from

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
auth.require(Action.EXPORT)  # the page opens by URL too: refuse (and log) an account that may not export
warm_up()  # the first PDF, DOCX or chart of this server would otherwise wait seconds for Chromium to start
store = ctx.store()
st.title(tr("export.page.title"))
st.caption(tr("export.page.intro"))

view = ctx.status_view()  # as of the month (and recorded-on day) chosen in the sidebar
if view is None or view.status is None or not view.figures:
    st.info(tr("export.page.no_figures"))
    st.stop()
base = export_context(store, view, lang=lang, demo=ctx.is_demo())
st.markdown(f"**{as_of_text(base)}** · {month_coverage_text(base)}  \n{last_change_text(base)}")
# Which figures the files are built from: the sidebar's choice (approved months only, or the latest submitted).
st.caption(tr("periods.basis.caption.approved" if view.approved_only else "periods.basis.caption.latest"))

# Labels bound now: a format_func must not read session state later (AppTest calls it outside a run).
format_labels = {f: tr(f"export.format.{f}") for f in FORMATS}
chart_labels = {c: tr(f"export.chart.name.{c}") for c in chart_names()}
left, right = st.columns([3, 2])
formats = left.multiselect(
    tr("export.page.formats"),
    list(FORMATS),
    default=["xlsx", "docx", "pdf"],
    format_func=format_labels.get,
    key="export_formats",
)
file_lang = right.radio(
    tr("export.page.lang"),
    LANGS,
    index=LANGS.index(lang),
    format_func=LANG_LABELS.get,
    horizontal=True,
    key="export_lang",
)
chart = right.selectbox(
    tr("export.page.chart"),
    chart_names(),
    format_func=chart_labels.get,
    key="export_chart",
    disabled=not any(f in CHART_FORMATS for f in formats),
)
export_ctx = base.with_lang(file_lang)
as_of = f"{export_ctx.year}-{export_ctx.as_of:02d}"
built_from = (export_ctx.year, as_of, str(view.recorded_on), str(view.last_change), file_lang, chart)

if st.button(tr("export.page.build"), type="primary", key="export_build", icon="📦"):
    if not formats:
        st.warning(tr("export.page.pick_format"))
    else:
        files = []
        with st.spinner(tr("export.page.building", count=len(formats))):
            for fmt in formats:
                which = chart if fmt in CHART_FORMATS else None
                name = file_name(fmt, export_ctx, chart=which, lang=lang)  # named in the reader's language
                try:
                    built = build_export(store, export_ctx, fmt, actor=ctx.actor(), chart=which, via="web", name=name)
                except ChartRenderError as exc:
                    st.error(tr("export.page.failed", name=name, reason=str(exc)))
                    continue
                except Denied as exc:  # the role changed since the page opened: no file without a record
                    st.error(exc.message(lang), icon="⛔")
                    break
                files.append({"format": fmt, "name": built.name, "data": built.data, "sha256": built.sha256})
        st.session_state[FILES_KEY] = {"built_from": built_from, "files": files}
        ctx.exports_recorded()
        if files:
            st.success(tr("export.page.built", count=len(files)))

last = st.session_state.get(FILES_KEY)
if last and last["built_from"] == built_from:
    for f in last["files"]:
        size = f"{len(f['data']) / 1024:,.0f} KB"
        st.caption(tr("export.page.file", name=f["name"], size=size, sha=f["sha256"][:12]))
        st.download_button(
            tr("export.page.download", name=f["name"]),
            f["data"],
            file_name=f["name"],
            mime=MEDIA_TYPES[f["format"]],
            key=f"export_download_{f['format']}",
            on_click="ignore",
            icon="⬇️",
        )

recent = ctx.recent_exports(10)
if recent:
    st.subheader(tr("export.page.recent"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("export.page.col.when"): clock.show(r["at"], seconds=True),
                    tr("export.page.col.who"): r["actor"],
                    tr("export.page.col.format"): str(r["detail"].get("format") or "—").upper(),
                    tr("export.page.col.file"): display.value_or_dash(r["object"], lang),
                    "SHA-256": (r["detail"].get("sha256") or "")[:12],
                }
                for r in recent
            ]
        ),
        hide_index=True,
        width="stretch",
    )
