"""报送审核: each department's month, submitted, approved (locked), returned or reopened, per role."""

import pandas as pd
import streamlit as st

from services.cycle import set_deadline_day, step
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from targets.periods import (
    STATE_ICONS,
    PeriodAction,
    department_label,
    departments,
    month_text,
    state_label,
)
from targets.status import month_label
from ui import auth, cycle
from ui import context as ctx

FLASH_KEY = "periods_flash"

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
store, who, today = ctx.store(), cycle.user(), cycle.today()
st.title(tr("periods.title"))
st.caption(tr("periods.intro"))
st.caption(tr("periods.deadline_rule", day=cycle.deadline_day()))
for kind, text in st.session_state.pop(FLASH_KEY, []):
    (st.success if kind == "ok" else st.error)(text)

# --- the year at a glance ------------------------------------------------------------------------------
depts = departments(plan)
year_rows = {(r.month, r.department): r for r in cycle.cycle_rows(list(range(1, 13)))}
st.subheader(tr("periods.matrix"))


def mark(row) -> str:
    flag = " ⏰" if row.missing else " ⌛" if row.late else ""
    return STATE_ICONS[row.state] + flag


st.dataframe(
    pd.DataFrame(
        {month_label(m, lang): [mark(year_rows[(m, d)]) for d in depts] for m in range(1, 13)},
        index=pd.Index([department_label(d, lang) for d in depts], name=tr("periods.department")),
    ),
    width="stretch",
    key="periods_matrix",
)
st.caption(" · ".join(state_label(s, lang) for s in STATE_ICONS) + " · " + tr("periods.legend"))

# --- one month -----------------------------------------------------------------------------------------
month = st.selectbox(
    tr("periods.month"),
    list(range(1, 13)),
    index=(ctx.as_of() or 1) - 1,
    format_func=lambda m: month_text(plan.year, m, lang),
    key="periods_month",
)
st.subheader(tr("periods.month_table", month=month_text(plan.year, month, lang)))
st.dataframe(
    cycle.period_frame([year_rows[(month, d)] for d in depts]),
    hide_index=True,
    width="stretch",
    key="periods_month_table",
)

# --- actions, per role -----------------------------------------------------------------------------------
if who is not None and who.role is Role.REPORTER:
    actions, choices = [PeriodAction.SUBMIT], [who.department] if who.department in depts else []
elif who is not None and who.role is Role.ADMIN:
    actions, choices = list(PeriodAction), [None, *depts]
else:
    actions, choices = [], []
if not actions or not choices:
    st.info(tr("periods.no_rights", user=who.name if who else "—"))
else:
    action_labels = {a: tr(f"periods.action.{a.value}") for a in actions}
    dept_labels = {d: tr("periods.departments_all") if d is None else department_label(d, lang) for d in choices}
    with st.form("periods_form"):
        c1, c2 = st.columns(2)
        dept = c1.selectbox(tr("periods.department"), choices, format_func=dept_labels.get, key="periods_dept")
        action = c2.radio(
            tr("periods.col.action"), actions, format_func=action_labels.get, horizontal=True, key="periods_action"
        )
        reason = st.text_input(tr("periods.reason"), key="periods_reason")
        go = st.form_submit_button(tr("periods.col.action") + " ▶", type="primary", key="periods_go")
    if go:
        messages = []
        try:
            result = step(
                store,
                plan.year,
                month,
                action,
                actor=ctx.actor(),
                departments=None if dept is None else [dept],
                reason=reason or None,
            )
        except (Refusal, Denied) as exc:
            messages.append(("error", exc.message(lang)))
        else:
            names = "、" if lang == "zh" else ", "
            messages.append(
                (
                    "ok",
                    tr(
                        "periods.done",
                        action=action_labels[action],
                        depts=names.join(department_label(d, lang) for d in result.done),
                    ),
                )
            )
            messages += [
                ("error", tr("periods.skipped", dept=department_label(d, lang), reason=r.message(lang)))
                for d, r in result.skipped
            ]
            ctx.bump()
        st.session_state[FLASH_KEY] = messages
        st.rerun()

# --- the deadline day (administrators) -----------------------------------------------------------------
if auth.can(Action.PERIOD_APPROVE):
    with st.expander(tr("periods.deadline.set")):
        day = st.number_input(
            tr("periods.deadline.set"), 1, 28, value=cycle.deadline_day(), step=1, key="periods_deadline_day"
        )
        if st.button(tr("periods.deadline.save"), key="periods_deadline_save"):
            try:
                set_deadline_day(store, int(day), actor=ctx.actor())
            except (Refusal, Denied) as exc:
                st.session_state[FLASH_KEY] = [("error", exc.message(lang))]
            else:
                ctx.bump()
                st.session_state[FLASH_KEY] = [("ok", tr("periods.deadline.saved", day=int(day)))]
            st.rerun()

# --- the steps on record ---------------------------------------------------------------------------------
events = [e for e in cycle.period_events() if e["month"] == month]
with st.expander(tr("periods.history"), expanded=False):
    if events:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("periods.col.when"): f"{e['at']:%Y-%m-%d %H:%M}",
                        tr("periods.department"): department_label(e["department"], lang),
                        tr("periods.col.action"): tr(f"periods.action.{e['action']}"),
                        tr("periods.col.change"): f"{state_label(e['from'], lang)} → {state_label(e['to'], lang)}",
                        tr("periods.col.who"): e["actor"],
                        tr("periods.col.remark"): e["remark"] or "",
                    }
                    for e in reversed(events)
                ]
            ),
            hide_index=True,
            width="stretch",
            key="periods_events",
        )
