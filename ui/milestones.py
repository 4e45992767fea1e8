"""The milestones of construction tasks on the task, area and overview pages (issue 21): a table of projects
with planned and actual dates and lights, and the 开工率 / 完工率 per task. Apart from the progress status."""

from __future__ import annotations

from datetime import date

import streamlit as st

from services import milestones as milestones_service
from services.setup import Store
from targets.milestones import STAGES, TaskMilestones, status_date
from targets.regions import region_name
from ui import context as ctx
from ui import widgets as w


@st.cache_data(show_spinner=False, max_entries=16)
def _judged(target: str, year: int, as_of: date, version: str) -> dict[str, TaskMilestones]:
    return milestones_service.judged(Store(target), year, as_of)


def judged(view) -> dict[str, TaskMilestones]:
    """Task code -> its milestones as of the status month's last day, cached on the data version."""
    if view is None or view.status is None or not view.as_of:
        return {}
    return _judged(ctx.store().target, view.plan.year, status_date(view.plan.year, view.as_of), ctx.data_version())


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def task_section(task_code: str, view) -> None:
    """The task page: the projects with planned/actual dates and lights, and the task's rates."""
    ms = judged(view).get(task_code)
    if ms is None:
        return
    tr, lang = ctx.tr, ctx.lang()
    st.subheader(tr("milestones.title"))
    doc = ms.as_json()
    light = tr(f"milestones.light.{doc['light']}")
    st.markdown(f"**{light}** — " + _summary(doc, lang))
    st.caption(tr("milestones.note"))
    rows = []
    for p in ms.projects:
        row = {
            tr("milestones.col.light"): tr(f"milestones.light.{p.light(ms.as_of).value}"),
            tr("milestones.col.project"): p.name or tr("milestones.task_itself"),
            tr("milestones.col.region"): region_name(p.region, lang) if p.region else "—",
        }
        for s in STAGES:
            row[tr(f"milestones.col.planned_{s.value}")] = _day(p.planned(s))
            row[tr(f"milestones.col.actual_{s.value}")] = _day(p.actual(s))
        missed = p.missed(ms.as_of)
        row[tr("milestones.col.missed")] = "、".join(tr(f"milestones.stage.{s.value}") for s in missed) or "—"
        rows.append(row)
    w.table(rows)


def _summary(doc: dict, lang: str) -> str:
    return ctx.tr(
        "milestones.summary",
        date=doc["as_of"],
        n=doc["projects"],
        started=doc["started"],
        start_rate=w.percent(doc["start_rate"]),
        completed=doc["completed"],
        completion_rate=w.percent(doc["completion_rate"]),
        accepted=doc["accepted"],
        start_due=doc["start_due"],
        start_met=doc["start_met"],
    )


def rates_section(view, task_codes: list[str]) -> None:
    """The area and overview pages: each construction task's light, 开工率 and 完工率 (nothing without any)."""
    found = judged(view)
    codes = [c for c in task_codes if c in found]
    if not codes:
        return
    tr, lang = ctx.tr, ctx.lang()
    plan = view.plan
    st.subheader(tr("milestones.area.title"))
    rows = []
    for code in codes:
        doc = found[code].as_json()
        rows.append(
            {
                tr("milestones.col.light"): tr(f"milestones.light.{doc['light']}"),
                tr("milestones.col.start_rate"): w.percent(doc["start_rate"]),
                tr("milestones.col.completion_rate"): w.percent(doc["completion_rate"]),
                tr("milestones.col.due"): f"{doc['start_due']} / {doc['start_met']}",
                tr("milestones.col.projects"): doc["projects"],
                tr("milestones.col.task"): plan.task(code).name.get(lang),
                tr("milestones.col.code"): code,
            }
        )
    w.table(rows)
    st.caption(tr("milestones.note"))
