"""What the year's pages share (候选项目, 代表票决, 满意度测评) and the plan years side by side: the cycle's year picker,
cached reads keyed on the data-version stamp, and a refusal's errors as a checks table."""

from __future__ import annotations

import streamlit as st

from services import candidates as candidates_service
from services import rating as rating_service
from services import vote as vote_service
from services import years as years_service
from services.setup import Store
from targets import clock
from targets.issues import Issue, Severity
from ui import context as ctx

CYCLE_YEAR_KEY = "cycle_year"  # plain session key: the year the candidate and vote pages work on


@st.cache_data(show_spinner=False, max_entries=16)
def _cycle_years(target: str, version: str) -> list[int]:
    return candidates_service.candidate_years(Store(target))


def cycle_years() -> list[int]:
    """The years the candidate and vote pages offer: every plan year, every year with candidates or a vote, and the
    year after the latest of them (next year's list is collected during this one)."""
    known = set(ctx.years()) | set(_cycle_years(ctx.store().target, ctx.data_version()))
    latest = max(known, default=clock.today().year)
    return sorted(known | {latest + 1})


def default_cycle_year(options: list[int]) -> int:
    """A year with candidates and no plan yet (the list being decided), else the year after the latest plan."""
    plans = set(ctx.years())
    pending = [y for y in _cycle_years(ctx.store().target, ctx.data_version()) if y not in plans]
    if pending:
        return max(pending)
    return max(plans) + 1 if plans else options[-1]


def _remember() -> None:
    st.session_state[CYCLE_YEAR_KEY] = st.session_state["cycle_year_pick"]


def pick_cycle_year() -> int:
    """The year of the candidate pool and the vote, chosen on the page (kept across the two pages)."""
    options = cycle_years()
    ss = st.session_state
    if ss.get(CYCLE_YEAR_KEY) not in options:
        ss[CYCLE_YEAR_KEY] = default_cycle_year(options)
    ss["cycle_year_pick"] = ss[CYCLE_YEAR_KEY]
    return st.selectbox(
        ctx.tr("year.pick"),
        options,
        key="cycle_year_pick",
        on_change=_remember,
        format_func=lambda y: ctx.tr("year.pick.option", year=y),
        help=ctx.tr("year.pick.help"),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _candidates(target: str, year: int, version: str) -> list:
    return candidates_service.list_candidates(Store(target), year)


def candidates(year: int) -> list:
    """The year's candidate pool (StoredCandidate: the candidate and the file it came from)."""
    return _candidates(ctx.store().target, year, ctx.data_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _vote(target: str, year: int, version: str):
    return vote_service.vote_result(Store(target), year)


def vote(year: int):
    """The standing result of the year's vote and its rounds, or None before the first round."""
    return _vote(ctx.store().target, year, ctx.data_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _rating(target: str, year: int, version: str):
    return rating_service.rating_result(Store(target), year)


def rating(year: int):
    """The year's rating result (every task unrated before the first rating is recorded)."""
    return _rating(ctx.store().target, year, ctx.data_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _edits(target: str, year: int, version: str) -> list[dict]:
    return candidates_service.edits(Store(target), year)


def edits(year: int) -> list[dict]:
    return _edits(ctx.store().target, year, ctx.data_version())


@st.cache_resource(show_spinner=False, max_entries=16)
def _last_year(target: str, year: int, version: str, approved: bool):
    return years_service.last_year(Store(target), year, approved_only=approved)


def last_year():
    """Last year beside the plan year (services.years.LastYear), or None without a plan for the year before."""
    y = ctx.year()
    return _last_year(ctx.store().target, y, ctx.data_version(), ctx.approved_only()) if y else None


def refusal_issues(extra: dict) -> list[Issue]:
    """A refusal's errors (recorded as JSON with both languages) as issues for the checks table."""
    return [
        Issue(
            e.get("rule", ""),
            Severity(e.get("severity", "error")),
            e.get("message_zh") or e.get("message", ""),
            e.get("message_en") or e.get("message", ""),
            e.get("row"),
            e.get("column"),
            e.get("sheet"),
        )
        for e in extra.get("errors", [])
    ]
