"""Status views: the status of a plan year as of a month, for the pages, the exports and the CLI alike."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from db import figures as stored_figures
from db import rules as stored_rules
from db import status as stored_status
from db.catalogue import load_plan, plan_years
from db.meta import StampReader
from db.meta import data_version as stored_data_version
from db.periods import locked
from db.region_targets import targets_map
from db.store import Store
from targets.figures import ProvinceView, province_view, region_series
from targets.periods import approved_only as approved_figures
from targets.rules import settings_in_force as rules_settings
from targets.status import compute_status, headline_month
from targets.status_view import StatusView

__all__ = ["StampReader", "data_version", "load_status", "trajectories"]


@dataclass(frozen=True)
class _Kept:
    """A year's figures as this process last read them, and the province view worked out from them per plan."""

    figures: stored_status.KeptFigures
    views: dict[tuple, ProvinceView]  # plan key (each indicator's code and kind) -> the province view


# (store, year) -> what this process last read: the next read applies only what changed since (db.status).
_KEPT: dict[tuple[str, int], _Kept] = {}
_KEPT_LOCK = threading.Lock()
KEPT_YEARS = 8  # years kept per process (about 15 MB each at 100 regions × 60 indicators)


def forget_kept() -> None:
    """Drop what this process kept of every year's figures: the next status reads them whole (the benchmark
    measures the status computed from a full read)."""
    with _KEPT_LOCK:
        _KEPT.clear()


def _plan_key(plan) -> tuple:
    return tuple((i.code, i.kind.value) for i in plan.indicators)


def _current(store: Store, conn, year: int, plan) -> tuple[Mapping, ProvinceView]:
    """The year's current figures and their province view, both brought up to date from this process's last
    read: only the revisions written since are read, and only the indicators they touch are summed again."""
    key, plan_key = (store.target, year), _plan_key(plan)
    with _KEPT_LOCK:
        last = _KEPT.get(key)
    found = stored_status.current_figures(conn, year, last.figures if last else None)
    same = last is not None and found is last.figures
    if same and plan_key in last.views:
        return found.figures, last.views[plan_key]
    before = last.views.get(plan_key) if last is not None and not same else None
    if before is not None and found.changed is not None:
        view = province_view(plan, found.figures, previous=before, changed=found.changed)
    else:
        view = province_view(plan, found.figures)
    with _KEPT_LOCK:
        current = _KEPT.get(key)
        if current is not None and current.figures is found:
            current.views[plan_key] = view
        elif current is None or current.figures.revision < found.revision:
            _KEPT.pop(key, None)
            _KEPT[key] = _Kept(found, {plan_key: view})  # the newest last: the oldest goes first
            while len(_KEPT) > KEPT_YEARS:
                _KEPT.pop(next(iter(_KEPT)))
    return found.figures, view


def reported_months(store: Store, conn, year: int, plan) -> list[tuple[str, int]]:
    """The (indicator, month) pairs with any stored figure (db.periods.reported_months), from the year's figures
    this process keeps: on PostgreSQL the DISTINCT over the year's figures went through the scanner, 60 ms of a
    page run after a write at 20 plan-years, for what the status has just read anyway."""
    figures, _ = _current(store, conn, year, plan)
    return sorted({(code, month) for code, _region, month in figures})


def data_version(store: Store) -> str:
    """The stamp every write changes: cached reads are keyed on it (a PostgreSQL server keeps a StampReader)."""
    with store.connect() as conn:
        return stored_data_version(conn)


def trajectories(store: Store, year: int) -> dict[str, tuple[float, ...]]:
    """Each indicator's schedule (monthly shares), where one is set."""
    with store.connect() as conn:
        return stored_status.trajectories(conn, year)


def load_status(
    store: Store,
    *,
    year: int | None = None,
    as_of: int | None = None,
    recorded_on: date | None = None,
    region: str = "province",
    approved_only: bool = False,
) -> StatusView:
    """The status of a plan year as of month M (default: the headline month); with
    approved_only, only the figures of months each department has had approved (locked)."""
    with store.connect() as conn:
        years = plan_years(conn)
        if not years:
            raise LookupError("no plan in the database")
        year = year or max(years)
        plan = load_plan(conn, year)
        if plan is None:
            raise LookupError(f"no plan for {year}")
        prov: ProvinceView | None = None
        if recorded_on is None:
            figs, prov = _current(store, conn, year, plan)
        else:
            figs = stored_status.figures_as_recorded(conn, year, recorded_on)
        traj = stored_status.trajectories(conn, year)
        conf = stored_status.settings(conn)
        rule_versions = stored_rules.versions(conn)
        changed = stored_figures.last_change(conn, year)
        breakdown = targets_map(conn, year)
        if approved_only:
            figs, prov = approved_figures(figs, plan, locked(conn, year)), None
    if prov is None:  # as recorded on a day, or approved months only: worked out from those figures
        prov = province_view(plan, figs)
    series = prov.series if region == "province" else region_series(figs, region)
    # The headline month (targets.status.headline_month): the latest month most reporting indicators have
    # reached, never moved by one early figure; from the approved figures when only those are shown.
    month = as_of or headline_month(prov.series) or headline_month(series)
    conf = rules_settings(rule_versions, conf, year, month)  # the alert rules in force that month (targets.rules)
    # A region is judged against its own share of the target; without a breakdown it has none.
    own_targets = None if region == "province" else {c: t for (c, r), t in breakdown.items() if r == region}
    ps = compute_status(plan, series, month, settings=conf, trajectories=traj, targets=own_targets) if month else None
    return StatusView(plan, ps, month, recorded_on, region, prov, figs, changed, conf, breakdown, traj, approved_only)
