"""What every page needs: the store, the language, the plan year and cached reads keyed on the data."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from services import accounts as accounts_service
from services import catalogue, demo, exports, history
from services import status as status_service
from services.setup import ENV_VAR, Store, ready
from targets.i18n import DEFAULT_LANG, LANG_LABELS, LANGS, t
from targets.model import Plan

_STORES: dict[str | None, Store] = {}
_STORES_LOCK = threading.Lock()


def store() -> Store:
    """The store LIVELIHOOD_DB names, opened and brought up to date once per server process (migrations at
    start-up). A page asks a few dozen times a run: a dict lookup, not a hashed cache lookup."""
    target = os.environ.get(ENV_VAR)
    found = _STORES.get(target)
    if found is None:
        with _STORES_LOCK:  # sessions starting together initialise the store once
            found = _STORES.get(target)
            if found is None:
                found = _STORES[target] = ready(target)
    return found


def lang() -> str:
    return st.session_state.get("ui_lang", DEFAULT_LANG)


def tr(key: str, **values: object) -> str:
    return t(key, lang(), **values)


def data_version() -> str:
    """A stamp that changes whenever any server writes; cached reads are keyed on it (see _version)."""
    return _version()


@st.cache_data(show_spinner=False, max_entries=64)
def _plan(target: str, year: int, version: str) -> Plan | None:
    return catalogue.plan(Store(target), year)


@st.cache_data(show_spinner=False, max_entries=16)
def _years(target: str, version: str) -> list[int]:
    return catalogue.years(Store(target))


@st.cache_data(show_spinner=False, max_entries=16)
def _is_demo(target: str, version: str) -> bool:
    return demo.is_demo(Store(target))


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
            wanted = params.get("year") or (params.get("as_of") or "")[:4]
            ss.plan_year = int(wanted) if wanted and wanted.isdigit() and int(wanted) in available else max(available)
        ss.year = ss.plan_year
        st.sidebar.selectbox(tr("sidebar.year"), available, key="year", on_change=_remember, args=("year", "plan_year"))
    params["lang"] = lang()
    if year():
        params["year"] = str(year())
    as_of_sidebar()
    figures_sidebar()
    st.sidebar.caption(tr("sidebar.db", name=store().display_name))


def actor() -> str:
    """The acting account for writes made from the browser."""
    return st.session_state.get("user") or "web"


def bump() -> None:
    """After this session wrote: read the data-version stamp again, so every cached read (keyed on it) is read
    anew. Other sessions' cached entries are not cleared: their keys carry the old stamp, and they too see the
    new one on their next run."""
    _VERSIONS.clear()


# --- the "as of" view shared by every page: month of the plan year, optionally as recorded on a day ---

AS_OF_KEY = "as_of_month"  # plain session key: the month chosen, or None to follow the headline month
RECORDED_ON_KEY = "as_of_recorded_on"  # plain session key: a date, or None for the current figures


def _parse_month(text: str | None, year: int | None) -> int | None:
    """The month of ?as_of=YYYY-MM when YYYY is the plan year."""
    parts = (text or "").split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and int(parts[0]) == year and 1 <= int(parts[1]) <= 12:
        return int(parts[1])
    return None


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


# target -> (the file state it was read at, the data-version stamp, when it was read)
_VERSIONS: dict[str, tuple[tuple | None, str, float]] = {}
FILE_RECHECK_SECONDS = 10.0  # a DuckDB file: re-read anyway after this long, though its state looks the same
SERVER_RECHECK_SECONDS = 0.5  # PostgreSQL: no file to look at, so another server's write shows within this


def _version() -> str:
    """data_version(), read from the database only when it may have changed: a page asks a dozen times per run,
    and opening a DuckDB file costs 15-35 ms. For a DuckDB file the answer is reused while the file and its
    write-ahead log are untouched (db.store.Store.file_state); for PostgreSQL for half a second, then read over
    one kept connection (db.meta.StampReader), not a new ATTACH. A write from this server clears it with the
    other caches (bump)."""
    s = store()
    state = s.file_state()  # taken before the read: a write in between makes the next call read again
    now = time.monotonic()
    seen = _VERSIONS.get(s.target)
    if seen is not None:
        seen_state, stamp, at = seen
        limit = SERVER_RECHECK_SECONDS if state is None else FILE_RECHECK_SECONDS
        if seen_state == state and now - at < limit:
            return stamp
    stamp = _stamp_reader(s).read() if state is None else status_service.data_version(s)
    _VERSIONS[s.target] = (state, stamp, now)
    return stamp


_STAMP_READERS: dict[str, status_service.StampReader] = {}


def _stamp_reader(s: Store) -> status_service.StampReader:
    """One kept connection per PostgreSQL store and server process for the stamp (db.meta.StampReader)."""
    found = _STAMP_READERS.get(s.target)
    if found is None:
        found = _STAMP_READERS.setdefault(s.target, status_service.StampReader(s))
    return found


def recorded_on() -> date | None:
    return st.session_state.get(RECORDED_ON_KEY)


@st.cache_resource(show_spinner=False, max_entries=64)
def _status_view(
    target: str, year: int, as_of: int | None, recorded: date | None, region: str, version: str, approved: bool = False
):
    """One shared, read-only StatusView per key: cache_data would unpickle every figure of the year (2.5 MB at
    100 regions) on each of the two or three reads a run makes; the key holds the data version, so a write
    never meets an old view."""
    try:
        return status_service.load_status(
            Store(target), year=year, as_of=as_of, recorded_on=recorded, region=region, approved_only=approved
        )
    except LookupError:
        return None


def latest_month() -> int | None:
    """The headline month (targets.status.headline_month, as recorded on the chosen day): the default "as of"."""
    y = year()
    if not y:
        return None
    view = _status_view(store().target, y, None, recorded_on(), "province", _version(), approved_only())
    return view.as_of if view else None


def as_of() -> int | None:
    """The month every page is "as of": the one chosen in the sidebar, else the headline month."""
    return st.session_state.get(AS_OF_KEY) or latest_month()


def status_view(region: str = "province"):
    """The StatusView for the plan year as of the chosen month (and day), cached on the data version."""
    y = year()
    if not y:
        return None
    chosen = st.session_state.get(AS_OF_KEY)
    # Following the latest month, the province view is the very one latest_month() computed.
    month = None if chosen is None and region == "province" else as_of()
    return _status_view(store().target, y, month, recorded_on(), region, _version(), approved_only())


def drawn_chart(name: str, build: Callable[[], Any], *drawn_from: object) -> Any:
    """A chart built once per language and per content (`drawn_from`: everything it is drawn from, hashable),
    and shared by every session: a write that leaves the chart's rows as they were (most writes touch one
    department's indicators) does not build it again."""
    return _chart(name, (store().target, lang(), *drawn_from), build)


@st.cache_resource(show_spinner=False, max_entries=64)
def _chart(name: str, key: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


@st.cache_data(show_spinner=False, max_entries=16)
def _trajectories(target: str, year: int, version: str) -> dict[str, tuple[float, ...]]:
    return status_service.trajectories(Store(target), year)


def trajectories() -> dict[str, tuple[float, ...]]:
    """Custom schedules of the plan year's indicators (code -> 12 cumulative shares)."""
    y = year()
    return _trajectories(store().target, y, _version()) if y else {}


@st.cache_data(show_spinner=False, max_entries=64)
def _indicator_history(target: str, year: int, code: str, version: str) -> list[dict]:
    return history.indicator_history(Store(target), year, code)


def indicator_history(code: str) -> list[dict]:
    """Every revision of an indicator's figures (db.figures.indicator_history), cached on the data version."""
    y = year()
    return _indicator_history(store().target, y, code, _version()) if y else []


def as_of_sidebar() -> None:
    """The month the pages are "as of" and an optional day whose database state to show, kept in the URL
    (?as_of=2024-06&recorded_on=2024-07-15) and under plain session keys like the language and year."""
    from targets.status import month_label

    ss, params = st.session_state, st.query_params
    y = year()
    if not y:
        return
    if RECORDED_ON_KEY not in ss:
        ss[RECORDED_ON_KEY] = _parse_date(params.get("recorded_on"))
    if AS_OF_KEY not in ss:
        ss[AS_OF_KEY] = _parse_month(params.get("as_of"), y)
    latest = latest_month()
    ss.sidebar_as_of = ss[AS_OF_KEY] or latest
    # Labels bound now: a format_func must not read session state later (AppTest calls it outside a run).
    labels = {m: month_label(m, lang()) + (tr("sidebar.as_of.latest") if m == latest else "") for m in range(1, 13)}
    st.sidebar.selectbox(
        tr("sidebar.as_of"),
        list(range(1, 13)),
        key="sidebar_as_of",
        format_func=labels.get,
        placeholder=tr("sidebar.as_of.none"),
        help=tr("sidebar.as_of.help"),
        on_change=_remember,
        args=("sidebar_as_of", AS_OF_KEY),
    )
    ss.sidebar_recorded_on = ss[RECORDED_ON_KEY]
    st.sidebar.date_input(
        tr("sidebar.recorded_on"),
        value=None,
        key="sidebar_recorded_on",
        help=tr("sidebar.recorded_on.help"),
        format="YYYY-MM-DD",
        on_change=_remember,
        args=("sidebar_recorded_on", RECORDED_ON_KEY),
    )
    month = as_of()
    if month:
        params["as_of"] = f"{y}-{month:02d}"
    elif "as_of" in params:
        del params["as_of"]
    if recorded_on():
        params["recorded_on"] = recorded_on().isoformat()
    elif "recorded_on" in params:
        del params["recorded_on"]


# --- which figures the pages show: the latest submitted, or approved (locked) months only ----------

FIGURES_KEY = "figures_basis"  # plain session key: "latest" (default) or "approved"


def approved_only() -> bool:
    return st.session_state.get(FIGURES_KEY) == "approved"


def figures_sidebar() -> None:
    """Latest submitted figures or approved months only (per department), kept in the URL (?figures=approved)."""
    ss, params = st.session_state, st.query_params
    if FIGURES_KEY not in ss:
        ss[FIGURES_KEY] = "approved" if params.get("figures") == "approved" else "latest"
    ss.sidebar_figures = ss[FIGURES_KEY]
    labels = {"latest": tr("periods.basis.latest"), "approved": tr("periods.basis.approved")}
    st.sidebar.radio(
        tr("periods.basis"),
        ["latest", "approved"],
        key="sidebar_figures",
        format_func=labels.get,
        help=tr("periods.basis.help"),
        on_change=_remember,
        args=("sidebar_figures", FIGURES_KEY),
    )
    if approved_only():
        params["figures"] = "approved"
    elif "figures" in params:
        del params["figures"]


# --- the records pages (accounts, audit log, upload batches): read through the same cache --------------


@st.cache_data(show_spinner=False, max_entries=16)
def _accounts(target: str, version: str) -> list:
    return accounts_service.accounts(Store(target))


def accounts() -> list:
    """Every account (services.accounts.accounts); account changes bump the stamp, so it is never stale."""
    return _accounts(store().target, _version())


# Sign-ins are on the log but change no data (no new stamp): the log is also re-read after a few seconds.
@st.cache_data(show_spinner=False, max_entries=16, ttl=5)
def _audit_log(target: str, actor: str, limit: int, version: str) -> list[dict]:
    return history.audit_log(Store(target), actor, limit)


def audit_log(limit: int) -> list[dict]:
    """The latest audit entries (administrators only; the store checks the account again)."""
    return _audit_log(store().target, actor(), limit, _version())


@st.cache_data(show_spinner=False, max_entries=16)
def _batches(target: str, year: int, version: str) -> list:
    return history.batches(Store(target), year)


def batches() -> list:
    """The plan year's upload batches, newest last (services.history.batches)."""
    y = year()
    return _batches(store().target, y, _version()) if y else []


@st.cache_data(show_spinner=False, max_entries=32)
def _batch_detail(target: str, batch_id: int, version: str) -> tuple[list, bytes | None]:
    return history.batch_revisions(Store(target), batch_id), history.batch_file(Store(target), batch_id)


def batch_detail(batch_id: int) -> tuple[list, bytes | None]:
    """A batch's revisions and its original file."""
    return _batch_detail(store().target, batch_id, _version())


@st.cache_data(show_spinner=False, max_entries=16)
def _current_figures(target: str, year: int, version: str) -> dict:
    return history.current_figures(Store(target), year)


def current_figures() -> dict:
    """Every figure of the plan year with the revision it stands at (what a correction names)."""
    y = year()
    return _current_figures(store().target, y, _version()) if y else {}


@st.cache_data(show_spinner=False, max_entries=16, ttl=30)
def _recent_exports(target: str, limit: int, version: str) -> list[dict]:
    return exports.recent_exports(Store(target), limit)


def recent_exports(limit: int) -> list[dict]:
    """The latest exports, newest first (an export is recorded without changing the data: see exports_recorded)."""
    return _recent_exports(store().target, limit, _version())


def exports_recorded() -> None:
    """This session recorded exports: the list of recent exports is read again."""
    _recent_exports.clear()
