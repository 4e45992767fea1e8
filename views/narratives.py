"""进展说明: a reporter writes, per task of their department and month, the progress, the problems, the next steps
and a confidence rating (an administrator for any task); every save is a new version; a sheet may be imported."""

import streamlit as st

from services.cycle import locked_periods
from services.narratives import import_sheet, write
from targets import clock
from targets.access import Denied, Role
from targets.errors import Refusal
from targets.narratives import FIELDS, MAX_TEXT, Confidence, Draft, confidence_label, latest, task_departments
from targets.periods import department_label, month_text
from ui import context as ctx
from ui import cycle, narratives
from ui import widgets as w

FLASH_KEY = "word_flash"
tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
who = cycle.user()
st.title(tr("word.title"))
st.caption(tr("word.intro"))
for kind, text in st.session_state.pop(FLASH_KEY, []):
    (st.success if kind == "ok" else st.error)(text)


def done(kind: str, text: str) -> None:
    """Keep the message for the next run, forget cached reads after a save, and rerun."""
    st.session_state[FLASH_KEY] = [(kind, text)]
    if kind == "ok":
        ctx.bump()
    st.rerun()


reporter = who is not None and who.role is Role.REPORTER
mine = [t for t in plan.tasks if not reporter or who.department in task_departments(plan, t.code)]
if not mine:
    st.info(tr("word.no_tasks"))
    st.stop()
c1, c2 = st.columns(2)
month = c1.selectbox(
    tr("word.month"),
    list(range(1, 13)),
    index=cycle.month_due(who.department if reporter else None) - 1,
    format_func=lambda m: month_text(plan.year, m, lang),
    key="word_month",
)
code = w.sticky_selectbox(
    tr("word.task"),
    [t.code for t in mine],
    key="word_task",
    state_key="dashboard_task",
    format_func=lambda c: w.named(plan.task(c).name.get(lang), c, lang),
    container=c2,
)
dept = who.department if reporter else task_departments(plan, code)[0]
if (month, dept) in locked_periods(ctx.store(), plan.year):
    st.warning(
        tr("word.locked", month=month_text(plan.year, month, lang), dept=department_label(dept, lang)), icon="🔒"
    )
kept = [v for v in narratives.versions() if (v.task_code, v.month) == (code, month)]
current = latest(kept).get((code, month))
if current is None:
    st.caption(tr("word.none_yet"))
else:
    st.caption(tr("word.current", who=current.written_by, when=clock.show(current.written_at), n=len(kept)))

ratings = [c.value for c in Confidence]
with st.form(f"word_form_{code}_{month}"):
    rating = st.radio(
        tr("word.field.confidence"),
        ratings,
        index=ratings.index(current.confidence.value) if current else 0,
        format_func=lambda c: confidence_label(c, lang),
        horizontal=True,
        key=f"word_confidence_{code}_{month}",
    )
    texts = {
        name: st.text_area(
            tr(f"word.field.{name}"),
            value=getattr(current, name) if current else "",
            max_chars=MAX_TEXT,
            key=f"word_{name}_{code}_{month}",
        )
        for name in FIELDS
    }
    st.caption(tr("word.limit", limit=MAX_TEXT))
    if st.form_submit_button(tr("word.save"), type="primary", key="word_save"):
        try:
            saved = write(ctx.store(), plan.year, Draft(code, month, rating, **texts), actor=ctx.actor())
        except (Refusal, Denied) as exc:
            done("error", exc.message(lang))
        else:
            done("ok", tr("word.saved", version=saved.version))

if len(kept) > 1:
    with st.expander(tr("word.versions")):
        for v in sorted(kept, key=lambda v: -v.version)[1:]:
            st.markdown(f"**v{v.version}**")
            narratives.render_word(v, lang)

with st.expander(tr("word.import")):
    st.caption(tr("word.import.help"))
    upload = st.file_uploader(tr("word.import"), type=["xlsx", "xls", "csv"], key="word_sheet")
    if upload is not None and st.button(tr("word.import.button"), key="word_import_go"):
        try:
            words = import_sheet(ctx.store(), plan.year, month, upload.getvalue(), upload.name, actor=ctx.actor())
        except (Refusal, Denied) as exc:
            done("error", exc.message(lang))
        else:
            done("ok", tr("word.import.done", n=len(words)))
