"""Status views: the status of a plan year as of a month, for the pages, the exports and the CLI alike."""

from __future__ import annotations

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
from targets.figures import province_view, region_series
from targets.periods import approved_only as approved_figures
from targets.rules import settings_in_force as rules_settings
from targets.status import compute_status, headline_month
from targets.status_view import StatusView

__all__ = ["StampReader", "data_version", "load_status", "trajectories"]


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
        figs = stored_status.figures_as_recorded(conn, year, recorded_on)
        traj = stored_status.trajectories(conn, year)
        conf = stored_status.settings(conn)
        rule_versions = stored_rules.versions(conn)
        changed = stored_figures.last_change(conn, year)
        breakdown = targets_map(conn, year)
        if approved_only:
            figs = approved_figures(figs, plan, locked(conn, year))
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
