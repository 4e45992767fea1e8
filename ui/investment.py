"""The investment block the overview, area and task pages show: the share of the year's investment completed,
with the amounts and the split by source, read once per data version."""

from __future__ import annotations

import streamlit as st

from services import investment as investment_service
from services.setup import Store
from targets.investment import SOURCES, InvestmentSummary, Share
from ui import context as ctx
from ui import widgets as w


@st.cache_data(show_spinner=False, max_entries=32)
def _summary(target: str, year: int, month: int | None, version: str) -> InvestmentSummary:
    return investment_service.summary(Store(target), year, month)


def summary(month: int | None) -> InvestmentSummary | None:
    """The plan year's shares as of month (None without a plan year)."""
    year = ctx.year()
    return _summary(ctx.store().target, year, month, ctx.data_version()) if year else None


def _amount(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def show(month: int | None, *, area: str | None = None, task: str | None = None) -> None:
    """The province's share (or an area's, or a task's) with its sources; nothing when no task has a plan."""
    found = summary(month)
    if found is None or not found.province.planned:
        return
    tr = ctx.tr
    share: Share | None = found.tasks.get(task) if task else found.areas.get(area) if area else found.province
    st.subheader(tr("investment.title"), help=tr("investment.help"))
    if share is None or not share.planned:
        st.caption(tr("investment.task.none") if task else tr("investment.none"))
        return
    st.markdown(
        tr(
            "investment.line",
            share=w.percent(share.share),
            completed=_amount(share.completed),
            planned=_amount(share.planned),
        )
    )
    if share.by_source:
        w.table(
            [
                {
                    tr("investment.source"): tr(f"investment.source.{s}"),
                    tr("investment.planned"): _amount(share.by_source[s][0]),
                    tr("investment.completed"): _amount(share.by_source[s][1]),
                    tr("investment.share"): w.percent(
                        share.by_source[s][1] / share.by_source[s][0]
                        if share.by_source[s][0] and share.by_source[s][1] is not None
                        else None
                    ),
                }
                for s in SOURCES
                if s in share.by_source
            ]
        )
    st.caption(tr("investment.help"))


@st.cache_data(show_spinner=False, max_entries=16)
def _planned(target: str, year: int, version: str) -> dict:
    return investment_service.planned(Store(target), year)


def planned_table(plan) -> None:
    """The catalogue's planned investment per task, by source (nothing when the task table gave none)."""
    found = _planned(ctx.store().target, plan.year, ctx.data_version())
    if not found:
        return
    tr, lang = ctx.tr, ctx.lang()
    st.subheader(tr("investment.catalogue"), help=tr("investment.help"))
    w.table(
        [
            {
                tr("investment.page.task"): w.named(plan.task(code).name.get(lang), code, lang),
                tr("investment.planned"): _amount(found[code].total),
                **{tr(f"investment.source.{s}"): _amount(found[code].by_source.get(s)) for s in SOURCES},
            }
            for code in (t.code for t in plan.tasks)
            if code in found
        ]
    )
