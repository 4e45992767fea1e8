"""Streamlit glue for the reporting cycle and the supervision ledger: cached reads keyed on the data
version, the clock, and the sections other pages show (what is due, late and missing submissions,
a task's supervision items)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from services import cycle as cycle_service
from services.setup import Store
from targets.access import Role, User
from targets.periods import (
    DueEntry,
    awaiting_approval,
    department_label,
    due_for_department,
    month_text,
    reporting_months,
)
from targets.supervision import ItemState, level_label, overdue_items, subject_name
from ui import auth
from ui import context as ctx

TODAY_KEY = "clock_today"  # plain session key: a date that stands in for today (tests; never set by a widget)


def today() -> date:
    """The Beijing calendar day the deadlines are read on (a session may pin it, as the tests do)."""
    from services.cycle import local_today

    return st.session_state.get(TODAY_KEY) or local_today()


def user() -> User | None:
    return auth.current_user()


@st.cache_data(show_spinner=False, max_entries=32)
def _cycle(target: str, year: int, months: tuple[int, ...] | None, day: date, version: str):
    from services.cycle import cycle_rows

    return cycle_rows(Store(target), year, months, today=day)[1]


def cycle_rows(months: list[int] | None = None):
    """targets.periods.CycleRow for the plan year (default: every month ended by today)."""
    y = ctx.year()
    if not y:
        return []
    return _cycle(ctx.store().target, y, tuple(months) if months is not None else None, today(), ctx.data_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _deadline_day(target: str, version: str) -> int:
    return cycle_service.deadline_day(Store(target))


def deadline_day() -> int:
    return _deadline_day(ctx.store().target, ctx.data_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _events(target: str, year: int, version: str) -> list[dict]:
    return cycle_service.events(Store(target), year)


def period_events() -> list[dict]:
    y = ctx.year()
    return _events(ctx.store().target, y, ctx.data_version()) if y else []


@st.cache_data(show_spinner=False, max_entries=16)
def _items(target: str, year: int, version: str):
    from services.supervision import ledger_items

    return ledger_items(Store(target), year)


def items():
    """Every supervision item of the plan year, with its notes."""
    y = ctx.year()
    return _items(ctx.store().target, y, ctx.data_version()) if y else []


@st.cache_data(show_spinner=False, max_entries=16)
def _suggestions(target: str, year: int, month: int, version: str):
    from services.supervision import suggestions

    return suggestions(Store(target), year, month)


def suggestions(month: int):
    y = ctx.year()
    return _suggestions(ctx.store().target, y, month, ctx.data_version()) if y else []


# --- what is due -------------------------------------------------------------------------------------


def due_entries(who: User | None) -> tuple[list[DueEntry], list]:
    """(cycle entries, supervision items) due for this account: a reporter's own department, an
    administrator's approvals and overdue items; nothing for the others."""
    if who is None or who.role not in (Role.REPORTER, Role.ADMIN):
        return [], []
    rows = cycle_rows()
    day = today()
    if who.role is Role.REPORTER:
        mine = [i for i in items() if i.state is ItemState.OPEN and i.department == who.department]
        return due_for_department(rows, who.department or "", day), sorted(mine, key=lambda i: i.deadline)
    return awaiting_approval(rows), overdue_items(items(), day)


def _entry_text(e: DueEntry, lang: str) -> str:
    r, day = e.row, today()
    month = month_text(r.year, r.month, lang)
    if e.kind == "approval":
        return ctx.tr("due.kind.approval", month=month, dept=department_label(r.department, lang))
    if e.kind == "returned":
        return ctx.tr("due.kind.returned", month=month, remark=r.remark or "—")
    if e.kind == "missing":
        return ctx.tr("due.kind.missing", month=month, due=r.due.isoformat(), days=r.days_late(day))
    return ctx.tr("due.kind.due", month=month, due=r.due.isoformat())


def _item_text(item, lang: str) -> str:
    plan, day = ctx.plan(), today()
    values = {
        "id": item.id,
        "level": level_label(item.level, lang),
        "subject": subject_name(plan, item.subject_kind, item.subject_code, lang) if plan else item.subject_code,
        "deadline": item.deadline.isoformat(),
    }
    if item.overdue(day):
        return ctx.tr("due.item.overdue", days=item.days_overdue(day), **values)
    return ctx.tr("due.item", **values)


def render_due(who: User | None) -> None:
    """The "what is due" list for the signed-in account."""
    lang = ctx.lang()
    if who is None or who.role not in (Role.REPORTER, Role.ADMIN):
        st.info(ctx.tr("due.viewer", user=who.name if who else "—"))
        return
    entries, due_items = due_entries(who)
    if who.role is Role.REPORTER:
        st.markdown(ctx.tr("due.intro.reporter", dept=department_label(who.department, lang)))
    else:
        st.markdown(ctx.tr("due.intro.admin"))
    if not entries and not due_items:
        st.success(ctx.tr("due.none"), icon="✅")
        return
    if entries:
        st.subheader(ctx.tr("due.submissions"))
        st.markdown("\n".join(f"- {_entry_text(e, lang)}" for e in entries))
    if due_items:
        st.subheader(ctx.tr("due.items"))
        st.markdown("\n".join(f"- {_item_text(i, lang)}" for i in due_items))


SHOWN_KEY = "due_panel_shown"


def due_panel(current: str | None = None) -> None:
    """On entering (the session's first run after sign-in): a short panel of what is due, with a link
    (not on the "what is due" page itself, which shows it all)."""
    if st.session_state.get(SHOWN_KEY):
        return
    st.session_state[SHOWN_KEY] = True
    if current == "due":
        return
    who = user()
    entries, due_items = due_entries(who)
    if not entries and not due_items:
        return
    lang = ctx.lang()
    lines = [_entry_text(e, lang) for e in entries[:5]] + [_item_text(i, lang) for i in due_items[:5]]
    with st.container(border=True, key="due_panel"):
        st.markdown(f"**{ctx.tr('due.panel', n=len(entries) + len(due_items))}**")
        st.markdown("\n".join(f"- {line}" for line in lines))
        st.page_link("views/due.py", label=ctx.tr("due.open_page"), icon="🗓️")


# --- sections other pages show -------------------------------------------------------------------------


def late_and_missing_section(up_to: int) -> None:
    """The completeness page's section: late and missing submissions up to the as-of month."""
    lang = ctx.lang()
    y = ctx.year()
    st.subheader(ctx.tr("periods.late_missing"))
    months = [m for m in reporting_months(y, today()) if m <= up_to]
    if not months:
        st.info(ctx.tr("periods.late_missing.not_due", month=month_text(y, up_to, lang)))
        return
    rows = [r for r in cycle_rows(months) if r.late or r.missing]
    if not rows:
        st.success(ctx.tr("periods.late_missing.none", month=month_text(y, up_to, lang)), icon="✅")
        return
    st.caption(
        ctx.tr(
            "periods.late_missing.count",
            missing=sum(r.missing for r in rows),
            late=sum(r.late for r in rows),
            day=deadline_day(),
        )
    )
    st.dataframe(period_frame(rows), hide_index=True, width="stretch", key="completeness_late_missing")


def period_frame(rows) -> pd.DataFrame:
    from targets.periods import state_label

    lang, day, tr = ctx.lang(), today(), ctx.tr
    return pd.DataFrame(
        [
            {
                tr("periods.month"): month_text(r.year, r.month, lang),
                tr("periods.department"): department_label(r.department, lang),
                tr("periods.col.state"): state_label(r.state, lang),
                tr("periods.col.due"): r.due.isoformat(),
                tr("periods.col.submitted"): f"{r.submitted_at:%Y-%m-%d %H:%M}" if r.submitted_at else "",
                tr("periods.col.by"): r.submitted_by or "",
                tr("periods.col.reported"): f"{r.reported} / {r.indicators}",
                tr("periods.col.flag"): tr("periods.flag.missing", days=r.days_late(day))
                if r.missing
                else tr("periods.flag.late", days=r.days_late(day))
                if r.late
                else "",
                tr("periods.col.remark"): r.remark or "",
            }
            for r in rows
        ]
    )


def task_items_section(task_code: str) -> None:
    """The task page's section: the supervision items on the task or its indicators."""
    plan, lang, day, tr = ctx.plan(), ctx.lang(), today(), ctx.tr
    st.subheader(tr("supervision.task.title"))
    mine = [i for i in items() if plan is not None and i.concerns_task(plan, task_code)]
    if not mine:
        st.caption(tr("supervision.task.none"))
        return
    from targets.supervision import state_label

    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("supervision.col.id"): i.id,
                    tr("supervision.col.level"): level_label(i.level, lang),
                    tr("supervision.col.subject"): subject_name(plan, i.subject_kind, i.subject_code, lang),
                    tr("supervision.col.reason"): i.reason(lang),
                    tr("supervision.col.measures"): i.measures,
                    tr("supervision.col.department"): department_label(i.department, lang),
                    tr("supervision.col.deadline"): i.deadline.isoformat(),
                    tr("supervision.col.state"): state_label(i.state, lang),
                    tr("supervision.col.overdue"): tr("supervision.overdue_days", days=i.days_overdue(day))
                    if i.overdue(day)
                    else "",
                    tr("supervision.col.latest_note"): i.notes[-1].text if i.notes else "",
                }
                for i in mine
            ]
        ),
        hide_index=True,
        width="stretch",
        key="task_supervision",
    )
