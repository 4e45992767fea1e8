"""What the officials' dashboard derives from a computed status: the bulletin sentence, the lagging and
early-warning lists, each region's share of a province figure and who has not reported a month.

Pure domain, like targets.status: plans, statuses and figure mappings in, small frozen values out;
the pages only lay them out and the exports can reuse them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from targets.figures import FigureKey
from targets.i18n import t
from targets.model import Indicator, Kind, Plan
from targets.regions import PROVINCE
from targets.status import (
    IndicatorStatus,
    PlanStatus,
    Severity,
    Status,
    TaskStatus,
    icon,
    label,
    month_end,
    severity_label,
)

ADDITIVE = frozenset({Kind.COUNT, Kind.MINIMUM})


def status_text(status: Status | str, severity: Severity | str | None = None, lang: str = "zh") -> str:
    """A status as people read it, icon and words, never colour alone: "⛔ 慢序时（红灯）" / "✅ Done"."""
    text = f"{icon(status, severity)} {label(status, lang)}"
    if Status(status) is Status.LAGGING:
        words = severity_label(severity or Severity.AMBER, lang)
        text = f"{text} ({words})" if lang == "en" else f"{text}（{words}）"
    return text


def join_names(items: Iterable[str], lang: str = "zh", *, major: bool = False) -> str:
    """A list in running text: 甲、乙 / A, B; major=True for items that contain commas themselves (；/ ;)."""
    if lang == "en":
        return ("; " if major else ", ").join(items)
    return ("；" if major else "、").join(items)


def as_of_text(year: int, month: int, lang: str = "zh") -> str:
    """The end of a month of a year: "2024年9月底" / "the end of September 2024"."""
    return t("dashboard.as_of_text", lang, year=year, month_end=month_end(month, lang))


def bulletin(ps: PlanStatus, lang: str = "zh") -> str:
    """The sentence a press release opens with, counting tasks by status."""
    s = ps.summary
    return t(
        "dashboard.bulletin",
        lang,
        when=as_of_text(ps.year, ps.as_of, lang),
        total=s.total_catalogued,
        done=s.done,
        ahead=s.ahead,
        on_pace=s.on_pace,
        lagging=s.lagging,
        no_data=s.no_data,
    )


def lagging_tasks(ps: PlanStatus) -> list[TaskStatus]:
    """Lagging tasks, red before amber, then the furthest behind (the status module's order)."""
    return ps.lagging_tasks()


def early_warnings(ps: PlanStatus) -> list[IndicatorStatus]:
    """Indicators that are not (yet) lagging but whose recent pace misses the target at the deadline."""
    return [i for i in ps.indicators if i.projection_misses and i.status is not Status.LAGGING]


def mean_expected(ps: PlanStatus, area_code: str) -> float | None:
    """The mean expected share of an area's scheduled indicators with a figure, to set beside its mean progress."""
    values = [
        min(1.0, i.expected)
        for i in ps.indicators
        if i.area_code == area_code and i.expected is not None and i.progress is not None
    ]
    return sum(values) / len(values) if values else None


# --- one indicator's months and regions -----------------------------------------------------------


def series_of(figures: Mapping[tuple[str, int], float], code: str, until: int = 12) -> dict[int, float]:
    """One indicator's cumulative figures by month (to month `until`), from an (indicator, month) mapping."""
    return dict(sorted((m, v) for (c, m), v in figures.items() if c == code and m <= until))


def increments(series: Mapping[int, float]) -> dict[int, float]:
    """Monthly additions from cumulative figures: each reported month minus the previous reported one
    (the first reported month counts from the start of the year)."""
    out: dict[int, float] = {}
    previous = 0.0
    for month in sorted(series):
        out[month] = series[month] - previous
        previous = series[month]
    return out


@dataclass(frozen=True)
class RegionFigure:
    """A region's latest cumulative figure to the as-of month and its share of the province figure."""

    region: str
    month: int | None  # the month of that figure; None if the region has reported nothing yet
    value: float | None
    share: float | None  # value / the province figure at the as-of month


def region_breakdown(
    figures: Mapping[FigureKey, float],
    province_series: Mapping[tuple[str, int], float],
    code: str,
    as_of: int,
    regions: Iterable[str],
) -> tuple[float | None, list[RegionFigure]]:
    """The province figure at as_of (its latest to then) and each region's latest figure with its share."""
    province = series_of(province_series, code, as_of)
    total = province[max(province)] if province else None
    rows = []
    for region in regions:
        own = {m: v for (c, r, m), v in figures.items() if c == code and r == region and m <= as_of}
        month = max(own) if own else None
        value = own[month] if month is not None else None
        share = value / total if value is not None and total else None
        rows.append(RegionFigure(region, month, value, share))
    return total, rows


def regions_carried(figures: Mapping[FigureKey, float], code: str, month: int, regions: Iterable[str]) -> list[str]:
    """Regions with no figure for the month that enter the sum of the regions with an earlier one."""
    months: dict[str, set[int]] = {}
    for c, r, m in figures:
        if c == code:
            months.setdefault(r, set()).add(m)
    return [r for r in regions if month not in months.get(r, ()) and any(m < month for m in months.get(r, ()))]


# --- who has not reported a month ----------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    """Who reported month M: a cell per (region, indicator) that is True (reported), False (missing) or
    None (not expected: the indicator is reported for the province only)."""

    month: int
    regions: tuple[str, ...]  # the province first, then the regions in their order
    indicators: tuple[str, ...]
    cells: dict[tuple[str, str], bool | None]

    @property
    def expected(self) -> int:
        return sum(1 for v in self.cells.values() if v is not None)

    @property
    def reported(self) -> int:
        return sum(1 for v in self.cells.values() if v)

    def missing(self, region: str) -> list[str]:
        return [code for code in self.indicators if self.cells[(region, code)] is False]

    def regions_missing(self) -> list[str]:
        """Regions (not the province) with at least one missing figure, in their order."""
        return [r for r in self.regions if r != PROVINCE and self.missing(r)]


def completeness(plan: Plan, figures: Mapping[FigureKey, float], month: int, regions: Iterable[str]) -> Completeness:
    """Who has reported month M.

    Regions are expected to report an indicator once any region has reported it this year up to M;
    an indicator no region reports is the province's alone. The province has reported when it gave
    its own figure, or, for an indicator that adds up (count, minimum), when every region did.
    """
    regional = [r for r in regions if r != PROVINCE]
    have = {k for k, v in figures.items() if v is not None and v == v}
    by_regions = {code for (code, r, m) in have if r != PROVINCE and m <= month}
    cells: dict[tuple[str, str], bool | None] = {}
    for ind in plan.indicators:
        expected_regionally = ind.code in by_regions
        for r in regional:
            cells[(r, ind.code)] = (ind.code, r, month) in have if expected_regionally else None
        all_regions = expected_regionally and all(cells[(r, ind.code)] for r in regional)
        cells[(PROVINCE, ind.code)] = (ind.code, PROVINCE, month) in have or (all_regions and ind.kind in ADDITIVE)
    return Completeness(month, (PROVINCE, *regional), tuple(i.code for i in plan.indicators), cells)


def missing_by_lead(plan: Plan, result: Completeness, unknown: str) -> dict[str, list[Indicator]]:
    """Indicators without a province figure for the month, grouped by lead department (unknown when unstated)."""
    out: dict[str, list[Indicator]] = {}
    for code in result.missing(PROVINCE):
        ind = plan.indicator(code)
        out.setdefault(ind.lead_unit or unknown, []).append(ind)
    return out
