"""上传记录: every batch with who, when, which file; per-batch detail, the original file, rollback."""

import pandas as pd
import streamlit as st

from services.uploads import ROLLBACK_KINDS, rollback_batch
from targets import clock, display
from targets.access import Action, Denied
from targets.errors import Refusal
from ui import auth
from ui import context as ctx

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
store = ctx.store()
st.title(tr("history.title"))
batches = ctx.batches()
if not batches:
    st.info(tr("history.empty"))
    st.stop()


def state(b) -> str:
    return tr("history.state.rolled_back", by=b.rolled_back_by) if b.rolled_back_by else tr("history.state.active")


def indicator_label(code: str) -> str:
    """An indicator by its code and name; a code the plan no longer holds by its code."""
    try:
        return f"{code} {plan.indicator(code).name.get(lang)}"
    except StopIteration:
        return code


def figure(value: float | None) -> str:
    """A stored figure with separators; no value before (a new figure) or after (a removed one) reads （无）."""
    return tr("display.none") if display.is_blank(value) else display.value_or_dash(value, lang)


st.dataframe(
    pd.DataFrame(
        [
            {
                tr("history.col.batch"): tr("display.batch_no", id=b.id),
                tr("history.col.kind"): display.word("batch", b.kind, lang),
                tr("history.col.when"): clock.show(b.uploaded_at, seconds=True),
                tr("history.col.who"): b.uploaded_by,
                tr("history.col.file"): display.value_or_dash(b.filename, lang),
                tr("upload.summary.new"): b.new,
                tr("upload.summary.changed"): b.changed,
                tr("upload.summary.unchanged"): b.unchanged,
                tr("history.col.state"): state(b),
            }
            for b in batches
        ]
    ),
    hide_index=True,
    width="stretch",
)
labels = {b.id: display.batch_label(b, lang) for b in batches}
chosen = st.selectbox(tr("history.pick"), list(labels), format_func=labels.__getitem__, key="history_batch")
b = next(x for x in batches if x.id == chosen)
revs, content = ctx.batch_detail(b.id)
if b.sha256:
    st.caption(tr("history.sha", sha=b.sha256))
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("upload.col.indicator"): indicator_label(r.key[0]),
                tr("upload.col.region"): display.org_name(r.key[1], lang),
                tr("upload.col.month"): display.month_name(r.key[2], lang),
                tr("upload.col.old"): figure(r.previous_value),
                tr("upload.col.new"): figure(r.value),
            }
            for r in revs
        ]
    ),
    hide_index=True,
    width="stretch",
)
if content is not None:
    st.download_button(tr("history.download"), content, file_name=b.filename or f"batch-{b.id}", key="history_download")
if b.kind in ROLLBACK_KINDS and not b.rolled_back_by and auth.can(Action.ROLLBACK):
    sure = st.checkbox(tr("history.rollback_confirm"), key="history_rollback_sure")
    if st.button(tr("history.rollback"), disabled=not sure, key="history_rollback"):
        try:
            rollback_batch(store, b.id, actor=ctx.actor())
        except (Refusal, Denied) as exc:
            st.error(exc.message(lang))
        else:
            ctx.bump()
            st.success(tr("history.rolled_back"))
            st.rerun()
