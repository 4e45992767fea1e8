"""Reading what the status function needs: figures as of a month (or as recorded on a date), schedules, settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from db import figures as stored_figures
from db.audit import now
from db.catalogue import load_plan, plan_years
from db.meta import meta_get, meta_set
from db.region_targets import targets_map
from db.sql import q
from db.store import Store
from targets.figures import FigureKey, ProvinceView, province_view, region_series, replay
from targets.model import Plan
from targets.ranking import Ranking, RegionIndex, rank_regions, region_status
from targets.status import PlanStatus, Settings, compute_status, headline_month, validate_trajectory

SETTING_KEYS = {"tolerance_points": float, "ahead_points": float, "projection_window": int}


@dataclass(frozen=True)
class StatusView:
    """One computed status with what it was computed from, for pages, exports and the CLI alike."""

    plan: Plan
    status: PlanStatus | None  # None when there are no figures at all and no month was asked for
    as_of: int | None
    recorded_on: date | None
    region: str
    province: ProvinceView
    figures: dict[FigureKey, float]
    last_change: datetime | None
    settings: Settings
    region_targets: dict[tuple[str, str], float]
    trajectories: dict[str, tuple[float, ...]]
    approved_only: bool = False  # figures of approved (locked) months only, each by its department

    @cached_property
    def _by_region(self) -> RegionIndex:
        """The figures and targets grouped by region once, for the many regional statuses a page or export asks."""
        return RegionIndex(self.figures, self.region_targets)

    @cached_property
    def _regional(self) -> dict[str, PlanStatus]:
        """Each region's status once computed (a view is shared read-only by the pages: computing one twice in
        two sessions at once is harmless, the results are equal)."""
        return {}

    def regional(self, region: str) -> PlanStatus | None:
        """A region's own status: its figures against its own share of each target."""
        if self.as_of is None:
            return None
        found = self._regional.get(region)
        if found is None:
            found = self._regional[region] = region_status(
                self.plan,
                self.figures,
                self.region_targets,
                region,
                self.as_of,
                settings=self.settings,
                trajectories=self.trajectories,
                index=self._by_region,
            )
        return found

    @cached_property
    def _ranking(self) -> Ranking | None:
        if self.as_of is None:
            return None
        ranking = rank_regions(
            self.plan,
            self.figures,
            self.region_targets,
            self.as_of,
            settings=self.settings,
            trajectories=self.trajectories,
            index=self._by_region,
            known=self._regional,
        )
        for region, status in ranking.statuses.items():
            self._regional.setdefault(region, status)
        return ranking

    def ranking(self) -> Ranking | None:
        """The regions ranked for the view's month (computed once per view; the regions' statuses are shared
        with regional())."""
        return self._ranking

    def breakdown(self) -> set[str]:
        """Indicators whose target is broken down by region."""
        return {code for code, _ in self.region_targets}


def settings(conn) -> Settings:
    values = {}
    for key, cast in SETTING_KEYS.items():
        raw = meta_get(conn, f"setting.{key}")
        if raw is not None:
            values[key] = cast(raw)
    return Settings(**values)


def save_settings(conn, new: Settings) -> None:
    for key in SETTING_KEYS:
        meta_set(conn, f"setting.{key}", str(getattr(new, key)))


def trajectories(conn, year: int) -> dict[str, tuple[float, ...]]:
    return {r[0]: tuple(json.loads(r[1])) for r in conn.execute(q("trajectories_of_year"), {"year": year}).fetchall()}


def save_trajectory(conn, year: int, code: str, shares: tuple[float, ...] | None, actor: str) -> list[str]:
    """Set (or with None clear) an indicator's schedule; returns problems instead of saving a bad one."""
    conn.execute(q("trajectory_delete"), {"year": year, "code": code})
    if shares is None:
        return []
    problems = validate_trajectory(shares, "en")
    if problems:
        return problems
    conn.execute(
        q("trajectory_insert"),
        {"year": year, "code": code, "shares": json.dumps(list(shares)), "updated_by": actor, "updated_at": now()},
    )
    return []


def figures_as_recorded(conn, year: int, recorded_on: date | None) -> dict[FigureKey, float]:
    """Current figures, or those the database held at the end of day D (replayed from revisions)."""
    if recorded_on is None:
        # The values only: no Stored object per figure (72,000 a year at 100 regions; bench/RESULTS.md).
        rows = conn.execute(q("figures_of_year"), {"year": year}).fetchall()
        return {(code, region, month): value for code, region, month, value, _revision in rows}
    until = datetime.combine(recorded_on + timedelta(days=1), datetime.min.time())
    rows = conn.execute(q("revisions_until"), {"year": year, "until": until}).fetchall()
    revs = [stored_figures._revision(r) for r in rows]
    return {k: v.value for k, v in replay(revs).items()}


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
        figs = figures_as_recorded(conn, year, recorded_on)
        traj = trajectories(conn, year)
        conf = settings(conn)
        changed = stored_figures.last_change(conn, year)
        breakdown = targets_map(conn, year)
        if approved_only:
            from db.periods import locked
            from targets.periods import approved_only as approved_figures

            figs = approved_figures(figs, plan, locked(conn, year))
    prov = province_view(plan, figs)
    series = prov.series if region == "province" else region_series(figs, region)
    # The headline month (targets.status.headline_month): the latest month most reporting indicators have
    # reached, never moved by one early figure; from the approved figures when only those are shown.
    month = as_of or headline_month(prov.series) or headline_month(series)
    # A region is judged against its own share of the target; without a breakdown it has none.
    own_targets = None if region == "province" else {c: t for (c, r), t in breakdown.items() if r == region}
    ps = compute_status(plan, series, month, settings=conf, trajectories=traj, targets=own_targets) if month else None
    return StatusView(plan, ps, month, recorded_on, region, prov, figs, changed, conf, breakdown, traj, approved_only)
