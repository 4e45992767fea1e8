"""A computed status together with what it was computed from: the one value pages, exports and the CLI share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from targets.figures import FigureKey, ProvinceView
from targets.model import Plan
from targets.ranking import Ranking, RegionIndex, rank_regions, region_status
from targets.status import PlanStatus, Settings


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
