"""What every page needs: the store, the language, the plan year and cached reads keyed on the data."""

from __future__ import annotations

import streamlit as st

from db import Store, open_store
from db.catalogue import load_plan, plan_years
from db.meta import meta_get
from db.setup import init_store
from targets.i18n import DEFAULT_LANG, LANG_LABELS, LANGS, t
from targets.model import Plan


@st.cache_resource(show_spinner=False)
def _store(target: str | None) -> Store:
    """Open and bring the store up to date once per server process (migrations at start-up)."""
    store = open_store(target, migrate=False)
    init_store(store)
    return store


def store() -> Store:
    import os

    from db.store import ENV_VAR

    return _store(os.environ.get(ENV_VAR))


def lang() -> str:
    return st.session_state.get("ui_lang", DEFAULT_LANG)


def tr(key: str, **values: object) -> str:
    return t(key, lang(), **values)


def data_version() -> str:
    """A stamp that changes whenever any server writes; cached reads are keyed on it."""
    with store().connect() as conn:
        return meta_get(conn, "data_version") or "0"


@st.cache_data(show_spinner=False, max_entries=64)
def _plan(target: str, year: int, version: str) -> Plan | None:
    with Store(target).connect() as conn:
        return load_plan(conn, year)


@st.cache_data(show_spinner=False, max_entries=16)
def _years(target: str, version: str) -> list[int]:
    with Store(target).connect() as conn:
        return plan_years(conn)


@st.cache_data(show_spinner=False, max_entries=16)
def _is_demo(target: str, version: str) -> bool:
    with Store(target).connect() as conn:
        return meta_get(conn, "demo") == "true"


def years() -> list[int]:
    return _years(store().target, data_version())


def year() -> int | None:
    return st.session_state.get("plan_year")


def plan() -> Plan | None:
    y = year()
    return _plan(store().target, y, data_version()) if y else None


def is_demo() -> bool:
    return _is_demo(store().target, data_version())


def _remember(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def sidebar() -> None:
    """The plan year and the language, kept in the URL so a link reopens the same view.

    The chosen values live under plain session keys (ui_lang, plan_year) that Streamlit never
    cleans up, and the widgets are re-seeded from them on every run.
    """
    ss, params = st.session_state, st.query_params
    if "ui_lang" not in ss:
        ss.ui_lang = params.get("lang") if params.get("lang") in LANGS else DEFAULT_LANG
    ss.lang = ss.ui_lang
    st.sidebar.radio(
        t("sidebar.language", lang()),
        LANGS,
        key="lang",
        format_func=LANG_LABELS.get,
        horizontal=True,
        on_change=_remember,
        args=("lang", "ui_lang"),
    )
    available = years()
    if available:
        if ss.get("plan_year") not in available:
            wanted = params.get("year")
            ss.plan_year = int(wanted) if wanted and wanted.isdigit() and int(wanted) in available else max(available)
        ss.year = ss.plan_year
        st.sidebar.selectbox(tr("sidebar.year"), available, key="year", on_change=_remember, args=("year", "plan_year"))
    params["lang"] = lang()
    if year():
        params["year"] = str(year())
    st.sidebar.caption(tr("sidebar.db", name=store().display_name))


def actor() -> str:
    """The acting account for writes made from the browser."""
    return st.session_state.get("user") or "web"


def bump() -> None:
    """Forget cached reads after this session wrote (other sessions see the new data-version stamp)."""
    st.cache_data.clear()
