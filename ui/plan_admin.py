"""What the admin's plan pages share (catalogue import, regional targets, schedules): a preview's checks, times
with their zone, the preview kept across reruns, and the flash after a commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from targets import clock
from targets.access import Denied
from targets.errors import Refusal
from targets.issues import Issue
from ui import context as ctx


def at_column() -> str:
    """The header of a time column, naming the zone: 时间（北京时间）."""
    return ctx.tr("plan_admin.col.at", zone=clock.zone_name(ctx.lang()))


def show_issues(issues: list[Issue]) -> None:
    """A preview's errors and warnings, each naming its row and column (or month) and saying what is wrong."""
    if not issues:
        return
    tr, lang = ctx.tr, ctx.lang()
    st.subheader(tr("plan_admin.issues"))
    st.table(  # a static table: long messages wrap instead of running off the right edge
        pd.DataFrame(
            [
                {
                    tr("plan_admin.col.severity"): ("⛔ " if i.severity.value == "error" else "⚠️ ")
                    + tr(f"severity.{i.severity.value}"),
                    tr("plan_admin.col.row"): str(i.row) if i.row else "—",
                    tr("plan_admin.col.column"): i.column or "—",
                    tr("plan_admin.col.message"): i.message(lang),
                }
                for i in issues
            ]
        ),
        hide_index=True,
    )


def kept_preview(name: str, wanted: tuple, make: Callable[[], Any]) -> Any:
    """A preview read once per file, choice, account and data version, not again on every rerun (a tick reruns)."""
    key = f"{name}_preview"
    kept = st.session_state.get(key)
    if kept is not None and kept[0] == wanted:
        return kept[1]
    with st.spinner(ctx.tr("plan_admin.read_file")):
        preview = make()
    st.session_state[key] = (wanted, preview)
    return preview


def round_of(name: str) -> int:
    """The uploader's generation: a commit starts a new one, so the committed file leaves the screen."""
    return st.session_state.get(f"{name}_round", 0)


def committed(name: str, message: str) -> None:
    """After a commit: read the data anew, clear the uploader, say what was done on the next run."""
    ctx.bump()
    st.session_state[f"{name}_round"] = round_of(name) + 1
    st.session_state.pop(f"{name}_preview", None)
    st.session_state[f"{name}_flash"] = message
    st.rerun()


def flash(name: str) -> None:
    if message := st.session_state.pop(f"{name}_flash", None):
        st.success(message, icon="✅")


def confirm_box(name: str, warnings: list[Issue]) -> bool:
    """Warnings need an explicit tick before the commit button works."""
    if not warnings:
        return True
    return st.checkbox(ctx.tr("plan_admin.confirm_warnings"), key=f"{name}_confirm")


T = TypeVar("T")


def commit_step(
    name: str,
    label: str,
    warnings: list[Issue],
    commit: Callable[[bool], T],
    message: Callable[[T], str],
    *,
    confirm_key: str | None = None,
) -> None:
    """The preview's last step: tick the warnings, press the button, and either the refusal in the page's
    language or the commit's message on the next run. commit is given whether the warnings were confirmed."""
    confirmed = confirm_box(confirm_key or name, warnings)
    if st.button(label, type="primary", disabled=not confirmed, key=f"{name}_commit"):
        try:
            result = commit(confirmed)
        except (Refusal, Denied) as exc:
            st.error(exc.message(ctx.lang()), icon="⛔")
        else:
            committed(name, message(result))


def show_time(at) -> str:
    return clock.show(at)


def revisions_import(
    name: str,
    *,
    year: int,
    help: str,
    file_label: str,
    make_preview: Callable[[bytes, str], Any],
    counts: tuple[str, str, str],
    nothing: str,
    show_changes: Callable[[Any], None],
    commit_label: str,
    commit: Callable[[Any, bool], T],
    message: Callable[[Any, str, T], str],
    about: Callable[[Any, str], None] | None = None,
) -> None:
    """The upload of a sheet of revisions (regional targets, milestones), one path for every such page: the file,
    its preview (new, changed and unchanged with the checks; `about` says more of the sheet read), the changes
    (`show_changes`) and the commit. `counts` labels new, changed and unchanged; `message` is the commit's."""
    tr = ctx.tr
    st.caption(help)
    uploaded = st.file_uploader(
        file_label, type=["xlsx", "xls", "csv", "txt", "tsv"], key=f"{name}_file_{round_of(name)}"
    )
    if uploaded is not None:
        data = uploaded.getvalue()
        wanted = (uploaded.file_id, uploaded.name, year, ctx.actor(), ctx.data_version())
        try:
            preview = kept_preview(name, wanted, lambda: make_preview(data, uploaded.name))
        except Denied as exc:
            st.error(exc.message(ctx.lang()), icon="⛔")
            st.stop()
        c = st.columns(5)
        c[0].metric(counts[0], len(preview.new))
        c[1].metric(counts[1], len(preview.changed))
        c[2].metric(counts[2], preview.unchanged)
        c[3].metric(tr("plan_admin.summary.errors"), len(preview.errors))
        c[4].metric(tr("plan_admin.summary.warnings"), len(preview.warnings))
        if about is not None:
            about(preview, uploaded.name)
        show_issues(preview.issues)
        if preview.errors:
            st.error(tr("plan_admin.rejected"), icon="⛔")
        elif not (preview.new or preview.changed):
            st.info(nothing, icon="ℹ️")
        else:
            show_changes(preview)
            commit_step(
                name,
                commit_label,
                preview.warnings,
                lambda confirmed: commit(preview, confirmed),
                lambda result: message(preview, uploaded.name, result),
            )
    flash(name)
