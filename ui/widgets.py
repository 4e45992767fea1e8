"""Render helpers the dashboard pages share: the as-of header, status cards and badges, charts, sticky pickers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from targets import clock
from targets.dashboard import as_of_text, status_text
from targets.status import Severity, Status, Summary
from ui import context as ctx

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def badge(status: Status | str, severity: Severity | str | None = None) -> str:
    """The status as icon and words in the page's language, e.g. ⛔ 慢序时（红灯）."""
    return status_text(status, severity, ctx.lang())


def page_header(title: str, view) -> None:
    """The page title with what it is "as of": the month, the recorded-on day if any, and the last change."""
    st.title(title)
    parts = []
    if view is not None and view.as_of:
        parts.append(ctx.tr("dashboard.header.as_of", when=as_of_text(view.plan.year, view.as_of, ctx.lang())))
        if view.status is not None:
            parts.append(view.status.coverage.text(ctx.lang()))  # 10月：已报 1 / 31 项指标
    else:
        parts.append(ctx.tr("dashboard.header.no_month"))
    if view is not None and view.recorded_on:
        parts.append(ctx.tr("dashboard.header.recorded_on", day=view.recorded_on.isoformat()))
    changed = clock.show(view.last_change if view is not None else None)  # local time; the string names the zone
    parts.append(ctx.tr("dashboard.header.last_change", when=changed))
    # Which figures: approved (locked) months only, or the latest submitted (the sidebar's choice).
    approved = getattr(view, "approved_only", False) if view is not None else ctx.approved_only()
    parts.append(ctx.tr("periods.basis.caption.approved" if approved else "periods.basis.caption.latest"))
    st.caption(" · ".join(parts))


def no_figures(view) -> None:
    """Say there is nothing to judge yet: no figures at all, or none in the database on the chosen day."""
    if view is not None and view.recorded_on:
        st.info(ctx.tr("dashboard.no_figures_on", day=view.recorded_on.isoformat()), icon="ℹ️")
    else:
        st.info(ctx.tr("dashboard.no_figures"), icon="ℹ️")


def status_cards(summary: Summary) -> None:
    """Tasks by status as five cards, each with icon and words (never colour alone)."""
    tr = ctx.tr
    cards = [
        (badge(Status.DONE), summary.done, None),
        (badge(Status.AHEAD), summary.ahead, None),
        (badge(Status.ON_PACE), summary.on_pace, None),
        (
            f"⚠️⛔ {tr('status.lagging')}",
            summary.lagging,
            tr("dashboard.card.lagging_split", red=summary.lagging_red, amber=summary.lagging_amber),
        ),
        (badge(Status.NO_DATA), summary.no_data, None),
    ]
    for column, (label, value, note) in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(label, value, border=True, help=tr("dashboard.card.help"))
        if note:
            column.caption(note)


def plot(figure, key: str) -> None:
    st.plotly_chart(figure, width="stretch", config=PLOTLY_CONFIG, key=key)


def _remember(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def sticky_selectbox(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    state_key: str,
    format_func: Callable[[Any], str] = str,
    container: Any = st,
) -> Any:
    """A selectbox whose choice lives under a plain session key (which Streamlit never cleans up), so it
    survives visits to other pages and can be set by another page before switching here."""
    ss = st.session_state
    if ss.get(state_key) not in options:
        ss[state_key] = options[0] if options else None
    ss[key] = ss[state_key]
    return container.selectbox(
        label, options, key=key, format_func=format_func, on_change=_remember, args=(key, state_key)
    )


def open_page(page: str, **state: Any) -> None:
    """Switch to another page with the choices it should open on (plain session keys)."""
    st.session_state.update(state)
    st.switch_page(page)
