"""报送审核: each department's month, submitted, approved (locked), returned or reopened, per role."""

import pandas as pd
import streamlit as st

from services.cycle import set_deadline_day, step
from targets import clock
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from targets.periods import (
    NEEDS_REASON,
    STATE_ICONS,
    TRANSITIONS,
    PeriodAction,
    day_text,
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
st.caption(
    tr("periods.deadline_rule", day=cycle.deadline_day(), zone=clock.zone_name(lang), today=day_text(today, lang))
)
cycle.demo_clock_note()
for kind, text in st.session_state.pop(FLASH_KEY, []):
    (st.success if kind == "ok" else st.error)(text)

# --- the year at a glance ------------------------------------------------------------------------------
depts = departments(plan)
year_rows = {(r.month, r.department): r for r in cycle.cycle_rows(list(range(1, 13)))}
st.subheader(tr("periods.matrix"))


def mark(row) -> str:
    flag = " ⏰" if row.missing else " ⌛" if row.late else ""
    return STATE_ICONS[row.state] + flag


# Static tables: department names wrap in their cells, so no month runs off the right edge (long English names).
st.table(
    pd.DataFrame(
        {month_label(m, lang): [mark(year_rows[(m, d)]) for d in depts] for m in range(1, 13)},
        index=pd.Index([department_label(d, lang) for d in depts], name=tr("periods.department")),
    )
)
st.caption(" · ".join(state_label(s, lang) for s in STATE_ICONS) + " · " + tr("periods.legend"))

# --- one month -----------------------------------------------------------------------------------------
# Default: the month chosen in the sidebar, else the month being reported now (a reporter's returned month first).
reporting = who.department if who is not None and who.role is Role.REPORTER else None
month = st.selectbox(
    tr("periods.month"),
    list(range(1, 13)),
    index=(st.session_state.get(ctx.AS_OF_KEY) or cycle.month_due(reporting)) - 1,
    format_func=lambda m: month_text(plan.year, m, lang),
    key="periods_month",
)
st.subheader(tr("periods.month_table", month=month_text(plan.year, month, lang)))
st.table(cycle.period_frame([year_rows[(month, d)] for d in depts]), hide_index=True)

# --- actions, per role: a button for each step the account may take on the chosen departments' month -----
RULES = {a: TRANSITIONS[a][0] for a in PeriodAction}  # the states each step starts from
month_rows = {d: year_rows[(month, d)] for d in depts}
if who is not None and who.role is Role.REPORTER:
    may, own = [PeriodAction.SUBMIT], who.department in depts
elif who is not None and who.role is Role.ADMIN:
    may, own = list(PeriodAction), True
else:
    may, own = [], False
if not may or not own:
    st.info(tr("periods.no_rights", user=who.name if who else "—"))
else:
    action_labels = {a: tr(f"periods.action.{a.value}") for a in PeriodAction}
    if who.role is Role.REPORTER:
        chosen = [who.department]
        st.markdown(
            tr(
                "periods.reporter_month",
                dept=department_label(who.department, lang),
                month=month_text(plan.year, month, lang),
            )
            + " "
            + state_label(month_rows[who.department].state, lang)
        )
    else:
        # Default: the departments with something to do this month (a submission waiting for approval).
        waiting = [d for d in depts if month_rows[d].waiting_approval]
        dept_labels = {d: f"{department_label(d, lang)} · {state_label(month_rows[d].state, lang)}" for d in depts}
        chosen = st.multiselect(
            tr("periods.department"),
            depts,
            default=waiting,
            format_func=dept_labels.get,
            placeholder=tr("periods.departments.pick"),
            key=f"periods_depts_{month}",
        )
        if not waiting:
            st.caption(tr("periods.nothing_waiting", month=month_text(plan.year, month, lang)))
    states = {month_rows[d].state for d in chosen}
    shown = [a for a in may if states & RULES[a]]
    if chosen and not shown and who.role is Role.ADMIN:
        st.caption(tr("periods.no_step", month=month_text(plan.year, month, lang)))
    reason = ""
    if any(a in NEEDS_REASON for a in shown):
        reason = st.text_input(tr("periods.reason"), key="periods_reason")
    clicked = None
    for column, action in zip(st.columns(len(shown)) if shown else [], shown, strict=True):
        primary = action in (PeriodAction.SUBMIT, PeriodAction.APPROVE)
        if column.button(
            action_labels[action], type="primary" if primary else "secondary", key=f"periods_{action.value}"
        ):
            clicked = action
    if clicked is not None:
        messages = []
        try:
            result = step(
                store,
                plan.year,
                month,
                clicked,
                actor=ctx.actor(),
                departments=chosen,
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
                        action=action_labels[clicked],
                        month=month_text(plan.year, month, lang),
                        depts=names.join(department_label(d, lang) for d in result.done),
                    ),
                )
            )
            messages += [
                ("error", tr("periods.skipped", dept=department_label(d, lang), reason=r.message(lang)))
                for d, r in result.skipped
            ]
            ctx.bump()
            st.session_state.pop("periods_reason", None)
            st.session_state.pop(f"periods_depts_{month}", None)
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
                        cycle.zoned(tr("periods.col.when")): clock.show(e["at"]),
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
