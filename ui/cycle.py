"""Streamlit glue for the reporting cycle and the supervision ledger: cached reads keyed on the data
version, the clock, and the sections other pages show (what is due, late and missing submissions,
a task's supervision items)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from services import cycle as cycle_service
from services.setup import Store
from targets import clock
from targets.access import Role, User
from targets.periods import (
    DueEntry,
    day_text,
    department_label,
    due_for_admin,
    due_for_department,
    month_text,
    reporting_months,
)
from targets.supervision import ItemState, level_label, overdue_items, subject_name
from ui import auth
from ui import context as ctx

TODAY_KEY = "clock_today"  # plain session key: a date that stands in for today (tests; never set by a widget)


@st.cache_data(show_spinner=False, max_entries=16)
def _demo_clock(target: str, version: str) -> date | None:
    return cycle_service.demo_clock(Store(target))


def today() -> date:
    """The day the deadlines are read on: a demo database's own today, else the real local date
    (targets.clock); a session may pin it, as the tests do."""
    pinned = st.session_state.get(TODAY_KEY)
    if pinned:
        return pinned
    return _demo_clock(ctx.store().target, ctx.data_version()) or clock.today()


def demo_clock_note() -> None:
    """On a demo database: say that deadlines are read on the demo's own date."""
    if ctx.is_demo() and TODAY_KEY not in st.session_state:
        st.caption(ctx.tr("periods.deadline_rule.demo", today=day_text(today(), ctx.lang())))


def month_due(department: str | None = None) -> int:
    """The month whose figures are being reported now (services.cycle.month_due's rule on this page's clock);
    January before any month of the plan year has ended."""
    from targets.periods import month_due as month_due_of

    y = ctx.year()
    if not y:
        return 1
    return month_due_of(cycle_rows(), y, today(), department) or 1


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
    """(cycle entries, supervision items) due for this account: a reporter's own department; an
    administrator's approvals, missing submissions and overdue items; nothing for the others."""
    if who is None or who.role not in (Role.REPORTER, Role.ADMIN):
        return [], []
    rows = cycle_rows()
    day = today()
    if who.role is Role.REPORTER:
        mine = [i for i in items() if i.state is ItemState.OPEN and i.department == who.department]
        return due_for_department(rows, who.department or "", day), sorted(mine, key=lambda i: i.deadline)
    return due_for_admin(rows), overdue_items(items(), day)


def _entry_text(e: DueEntry, lang: str) -> str:
    r, day = e.row, today()
    month = month_text(r.year, r.month, lang)
    if e.kind == "approval":
        return ctx.tr("due.kind.approval", month=month, dept=department_label(r.department, lang))
    if e.kind == "returned":
        return ctx.tr("due.kind.returned", month=month, remark=r.remark or "—")
    if e.kind == "missing":
        return ctx.tr("due.kind.missing", month=month, due=day_text(r.due, lang), days=r.days_late(day))
    return ctx.tr("due.kind.due", month=month, due=day_text(r.due, lang))


def _missing_by_month(entries: list[DueEntry], lang: str) -> list[str]:
    """An administrator's missing submissions, one line per month naming its departments, newest month first
    (36 lines of month × department would hide everything else)."""
    by_month: dict[int, list] = {}
    for e in entries:
        by_month.setdefault(e.row.month, []).append(e.row)
    sep = "、" if lang == "zh" else ", "
    return [
        ctx.tr(
            "due.kind.missing.admin",
            month=month_text(rows[0].year, month, lang),
            n=len(rows),
            depts=sep.join(department_label(r.department, lang) for r in rows),
            due=day_text(rows[0].due, lang),
            days=rows[0].days_late(today()),
        )
        for month, rows in sorted(by_month.items(), reverse=True)
    ]


def entry_lines(who: User, entries: list[DueEntry], lang: str) -> list[str]:
    """The lines of the cycle entries: a reporter's one by one; an administrator's approvals one by one, then
    the missing submissions grouped by month; newest month first."""
    if who.role is not Role.ADMIN:  # what was returned first, then the newest month: the one to act on now
        ordered = sorted(entries, key=lambda e: (e.kind != "returned", -e.row.month))
        return [_entry_text(e, lang) for e in ordered]
    missing = [e for e in entries if e.kind == "missing"]
    return [_entry_text(e, lang) for e in entries if e.kind != "missing"] + _missing_by_month(missing, lang)


def _item_text(item, lang: str) -> str:
    plan, day = ctx.plan(), today()
    values = {
        "id": item.id,
        "level": level_label(item.level, lang),
        "subject": subject_name(plan, item.subject_kind, item.subject_code, lang) if plan else item.subject_code,
        "deadline": day_text(item.deadline, lang),
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
        if who.role is Role.ADMIN:
            st.caption(
                ctx.tr(
                    "due.admin.count",
                    approval=sum(e.kind == "approval" for e in entries),
                    missing=sum(e.kind == "missing" for e in entries),
                    today=day_text(today(), lang),
                )
            )
        st.markdown("\n".join(f"- {line}" for line in entry_lines(who, entries, lang)))
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
    lines = entry_lines(who, entries, lang)[:5] + [_item_text(i, lang) for i in due_items[:5]]
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
    st.table(period_frame(rows), hide_index=True)  # wrapped: no column off the right edge


def zoned(header: str) -> str:
    """A column header of times, naming the one local clock they are read on: 报送时间（北京时间）."""
    zone = clock.zone_name(ctx.lang())
    return f"{header}（{zone}）" if ctx.lang() == "zh" else f"{header} ({zone})"


def period_frame(rows) -> pd.DataFrame:
    """Departments' months, the columns that decide something first (state, lateness, due day)."""
    from targets.periods import state_label

    lang, day, tr = ctx.lang(), today(), ctx.tr
    return pd.DataFrame(
        [
            {
                tr("periods.month"): month_text(r.year, r.month, lang),
                tr("periods.department"): department_label(r.department, lang),
                tr("periods.col.state"): state_label(r.state, lang),
                tr("periods.col.flag"): tr("periods.flag.missing", days=r.days_late(day))
                if r.missing
                else tr("periods.flag.late", days=r.days_late(day))
                if r.late
                else "",
                tr("periods.col.due"): day_text(r.due, lang),
                tr("periods.col.reported"): f"{r.reported} / {r.indicators}",
                zoned(tr("periods.col.submitted")): clock.show(r.submitted_at) if r.submitted_at else "",
                tr("periods.col.by"): r.submitted_by or "",
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

    st.table(
        pd.DataFrame(
            [
                {
                    tr("supervision.col.id"): i.id,
                    tr("supervision.col.level"): level_label(i.level, lang),
                    tr("supervision.col.subject"): subject_name(plan, i.subject_kind, i.subject_code, lang),
                    tr("supervision.col.state"): state_label(i.state, lang),
                    tr("supervision.col.overdue"): tr("supervision.overdue_days", days=i.days_overdue(day))
                    if i.overdue(day)
                    else "",
                    tr("supervision.col.deadline"): day_text(i.deadline, lang),
                    tr("supervision.col.department"): department_label(i.department, lang),
                    tr("supervision.col.reason"): i.reason(lang),
                    tr("supervision.col.measures"): i.measures,
                    tr("supervision.col.latest_note"): i.notes[-1].text if i.notes else "",
                }
                for i in mine
            ]
        ),
        hide_index=True,  # wrapped: the long reasons and measures stay inside the page
    )
