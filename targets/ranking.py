"""Ranking the regions (晾晒): each judged against its own targets and the schedule.

The score, documented for the bulletins:
1. score = the share of a region's indicators that are done, ahead or on pace, in percent, among
   the indicators that have a regional target for it (an indicator without a figure counts as
   not on pace);
2. ties are broken by the mean gap to the schedule in points, progress capped at 100% so an
   indicator far over its target cannot hide another's shortfall;
3. then by the regions' usual order.
The change is last month's rank minus this month's: +2 means up two places (↑2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from targets.model import Plan
from targets.regions import PROVINCE, Region, prefectures, region_name
from targets.status import (
    DEFAULT_SETTINGS,
    PlanStatus,
    Points,
    Settings,
    Status,
    compute_status,
    judge_indicators,
    series_by_region,
)

OK = (Status.DONE, Status.AHEAD, Status.ON_PACE)


@dataclass(frozen=True)
class RegionRank:
    region: str
    rank: int
    score: float
    change: int | None
    done: int
    ahead: int
    on_pace: int
    lagging: int
    no_data: int
    mean_gap: float | None
    indicators: int  # with a regional target

    def as_json(self, lang: str = "zh") -> dict:
        return {
            "region": region_name(self.region, lang),
            "code": self.region,
            "rank": self.rank,
            "score": self.score,
            "change": self.change,
            "done": self.done,
            "ahead": self.ahead,
            "on_pace": self.on_pace,
            "lagging": self.lagging,
            "no_data": self.no_data,
            "mean_gap": None if self.mean_gap is None else round(self.mean_gap, 2),
            "indicators": self.indicators,
        }


@dataclass
class Ranking:
    as_of: int
    regions: list[RegionRank] = field(default_factory=list)
    statuses: dict[str, PlanStatus] = field(default_factory=dict)
    per_indicator: dict[str, list[tuple[str, float | None, str]]] = field(
        default_factory=dict
    )  # code -> [(region, gap, style)]
    lagging_by_task: dict[str, list[str]] = field(default_factory=dict)  # task -> regions, worst first


def targets_of(region: str, regional_targets: Mapping[tuple[str, str], float]) -> dict[str, float]:
    return {code: t for (code, reg), t in regional_targets.items() if reg == region}


class RegionIndex:
    """The figures and regional targets grouped by region in one pass, so judging every region reads each
    figure once, not once per region (100 regions × 72,000 figures; bench/RESULTS.md)."""

    def __init__(
        self, figures: Mapping[tuple[str, str, int], float], regional_targets: Mapping[tuple[str, str], float]
    ):
        self._points = series_by_region(figures)
        self._targets: dict[str, dict[str, float]] = {}
        for (code, reg), t in regional_targets.items():
            self._targets.setdefault(reg, {})[code] = t

    def points(self, region: str) -> Points:
        """A region's figures by indicator, months ascending (compute_status's points=)."""
        return self._points.get(region, {})

    def targets(self, region: str) -> dict[str, float]:
        return self._targets.get(region, {})


def region_status(
    plan: Plan,
    figures: Mapping[tuple[str, str, int], float],
    regional_targets: Mapping[tuple[str, str], float],
    region: str,
    as_of: int,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    trajectories: Mapping[str, tuple[float, ...]] | None = None,
    index: RegionIndex | None = None,
) -> PlanStatus:
    """The one status function on a region's own figures and its own share of each target.

    index: the same figures and targets already grouped by region (RegionIndex), when judging many regions.
    """
    if index is None:
        series = {(code, month): v for (code, reg, month), v in figures.items() if reg == region}
        own = targets_of(region, regional_targets)
        return compute_status(plan, series, as_of, settings=settings, trajectories=trajectories or {}, targets=own)
    return compute_status(
        plan,
        {},
        as_of,
        settings=settings,
        trajectories=trajectories or {},
        targets=index.targets(region),
        points=index.points(region),
    )


def _capped_gap(ist) -> float | None:
    if ist.progress is None or ist.expected is None:
        return None
    return (min(ist.progress, 1.0) - ist.expected) * 100


def _rank_once(
    plan,
    regions: list[Region],
    as_of,
    settings,
    trajectories,
    index: RegionIndex,
    known: Mapping[str, PlanStatus] | None,
) -> tuple[list[tuple], dict[str, PlanStatus]]:
    """The regions' rows (region, score, mean gap, counts, judged) in rank order, and their statuses.

    known: statuses already computed for as_of (used, and the missing ones computed and returned); None for a
    month whose statuses nobody keeps (last month's ranks): only the indicators with a regional target are
    judged, without tasks and areas.
    """
    rows, statuses = [], {}
    for region in regions:
        own = index.targets(region.code)
        if known is None:
            wanted = [ind for ind in plan.indicators if ind.code in own]
            judged = judge_indicators(
                wanted, index.points(region.code), as_of, settings=settings, trajectories=trajectories, targets=own
            )
        else:
            ps = known.get(region.code) or region_status(
                plan, {}, {}, region.code, as_of, settings=settings, trajectories=trajectories, index=index
            )
            statuses[region.code] = ps
            judged = tuple(i for i in ps.indicators if i.code in own)
        counts = {s: sum(1 for i in judged if i.status is s) for s in Status}
        ok = sum(counts[s] for s in OK)
        gaps = [g for g in (_capped_gap(i) for i in judged) if g is not None]
        score = round(100 * ok / len(judged), 1) if judged else 0.0
        mean_gap = sum(gaps) / len(gaps) if gaps else None
        rows.append((region, score, mean_gap, counts, len(judged)))
    rows.sort(key=lambda r: (-r[1], -(r[2] if r[2] is not None else -1e9), r[0].position))
    return rows, statuses


def rank_regions(
    plan: Plan,
    figures: Mapping[tuple[str, str, int], float],
    regional_targets: Mapping[tuple[str, str], float],
    as_of: int,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    trajectories: Mapping[str, tuple[float, ...]] | None = None,
    regions: list[Region] | None = None,
    index: RegionIndex | None = None,
    known: Mapping[str, PlanStatus] | None = None,
) -> Ranking:
    """Rank the regions for month as_of, with the change since the month before.

    known: regions' statuses for as_of already computed with the same figures, targets, settings and
    schedules (targets.status_view.StatusView keeps them), which are used instead of computing them again.
    """
    regions = [r for r in (regions or list(prefectures())) if r.code != PROVINCE]
    index = index or RegionIndex(figures, regional_targets)
    trajectories = trajectories or {}
    rows, statuses = _rank_once(plan, regions, as_of, settings, trajectories, index, known or {})
    previous: dict[str, int] = {}
    if as_of > 1:
        prev_rows, _ = _rank_once(plan, regions, as_of - 1, settings, trajectories, index, None)
        if any(r[4] and (r[3][Status.NO_DATA] < r[4]) for r in prev_rows):
            previous = {r[0].code: n for n, r in enumerate(prev_rows, start=1)}
    ranking = Ranking(as_of=as_of, statuses=statuses)
    for n, (region, score, mean_gap, counts, judged) in enumerate(rows, start=1):
        ranking.regions.append(
            RegionRank(
                region=region.code,
                rank=n,
                score=score,
                change=(previous[region.code] - n) if region.code in previous else None,
                done=counts[Status.DONE],
                ahead=counts[Status.AHEAD],
                on_pace=counts[Status.ON_PACE],
                lagging=counts[Status.LAGGING],
                no_data=counts[Status.NO_DATA],
                mean_gap=mean_gap,
                indicators=judged,
            )
        )
    for ind in plan.indicators:
        entries = []
        for region in regions:
            if (ind.code, region.code) not in regional_targets:
                continue
            ist = statuses[region.code].indicator(ind.code)
            entries.append((region.code, _capped_gap(ist), ist.style))
        if entries:
            entries.sort(key=lambda e: -(e[1] if e[1] is not None else -1e9))
            ranking.per_indicator[ind.code] = entries
    for task in plan.tasks:
        laggards = []
        for region in regions:
            ts = statuses[region.code].task(task.code)
            own = index.targets(region.code)
            if ts.status is Status.LAGGING and any(code in own for code in ts.indicator_codes):
                laggards.append((ts.gap_points if ts.gap_points is not None else -1e9, region.position, region.code))
        if laggards:
            ranking.lagging_by_task[task.code] = [code for _, _, code in sorted(laggards)]
    return ranking


def laggards_sentence(plan: Plan, ranking: Ranking, task_code: str, lang: str = "zh") -> str | None:
    """The bulletins' wording: which regions hold a task back."""
    regions = ranking.lagging_by_task.get(task_code)
    if not regions:
        return None
    task = plan.task(task_code)
    if lang == "en":
        return f"{task.name.en}: progress is relatively slow in {', '.join(region_name(r, 'en') for r in regions)}."
    return f"{task.name.zh}：{'、'.join(region_name(r) for r in regions)}进度相对较慢。"


def change_arrow(change: int | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "→"
