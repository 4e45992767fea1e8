"""The departments' own word on the pages: the cached versions of the year, and the task page's section."""

from __future__ import annotations

import streamlit as st

from services.setup import Store
from targets import clock
from targets.narratives import FIELDS, Word, confidence_tag, latest
from targets.periods import department_label, month_text
from ui import context as ctx


@st.cache_data(show_spinner=False, max_entries=16)
def _versions(target: str, year: int, version: str) -> list[Word]:
    from services.narratives import versions

    return versions(Store(target), year)


def versions() -> list[Word]:
    """Every version of the plan year's words, cached on the data version."""
    y = ctx.year()
    return _versions(ctx.store().target, y, ctx.data_version()) if y else []


def render_word(word: Word, lang: str) -> None:
    """One word: the rating as a coloured tag, who wrote it and when, then its three texts."""
    tr = ctx.tr
    st.markdown(
        f"{confidence_tag(word.confidence, lang)} "
        + tr(
            "word.task.by",
            dept=department_label(word.department, lang),
            month=month_text(word.year, word.month, lang),
            who=word.written_by,
            when=clock.show(word.written_at),
        )
    )
    for name in FIELDS:
        text = getattr(word, name)
        if text:
            st.markdown(
                f"**{tr(f'word.field.{name}')}**：{text}" if lang == "zh" else f"**{tr(f'word.field.{name}')}**: {text}"
            )


def task_section(task_code: str, as_of: int | None = None) -> None:
    """The task page's section: the latest month's word with its rating; earlier months folded."""
    lang, tr = ctx.lang(), ctx.tr
    st.subheader(tr("word.task_section"))
    table = latest(versions())
    months = sorted((m for (c, m) in table if c == task_code and (as_of is None or m <= as_of)), reverse=True)
    if not months:
        st.caption(tr("word.task.none"))
        return
    render_word(table[(task_code, months[0])], lang)
    if months[1:]:
        with st.expander(tr("word.task.earlier", n=len(months) - 1)):
            for m in months[1:]:
                render_word(table[(task_code, m)], lang)
