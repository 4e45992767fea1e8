"""审计日志 (admins): who did what and when, filterable, exportable as CSV."""

import pandas as pd
import streamlit as st

from targets import clock, display
from targets.access import Action
from targets.exports.safe import csv_bytes
from ui import auth
from ui import context as ctx

tr, lang = ctx.tr, ctx.lang()
auth.require(Action.AUDIT)
st.title(tr("audit.title"))
limit = st.select_slider(tr("audit.limit"), [100, 500, 2000, 10000], value=500, key="audit_limit")
entries = ctx.audit_log(limit)
frame = pd.DataFrame(
    [
        {
            tr("audit.col.when"): clock.show(e["at"], seconds=True),
            tr("audit.col.who"): e["actor"],
            tr("audit.col.action"): display.audit_action(e["action"], lang),
            tr("audit.col.object"): display.audit_object(e["action"], e["object"], lang),
            tr("audit.col.detail"): display.audit_detail(e["action"], e["detail"], lang),
        }
        for e in entries
    ],
    columns=[
        tr("audit.col.when"),
        tr("audit.col.who"),
        tr("audit.col.action"),
        tr("audit.col.object"),
        tr("audit.col.detail"),
    ],
)
c1, c2 = st.columns(2)
who = c1.multiselect(tr("audit.filter.actor"), sorted(set(frame[tr("audit.col.who")])), key="audit_who")
what = c2.multiselect(tr("audit.filter.action"), sorted(set(frame[tr("audit.col.action")])), key="audit_what")
if who:
    frame = frame[frame[tr("audit.col.who")].isin(who)]
if what:
    frame = frame[frame[tr("audit.col.action")].isin(what)]
st.dataframe(frame, hide_index=True, width="stretch")
st.download_button(
    tr("audit.download"),
    csv_bytes([list(frame.columns), *frame.values.tolist()]),
    file_name="audit-log.csv",
    mime="text/csv",
    key="audit_download",
)
