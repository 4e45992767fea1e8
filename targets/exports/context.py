"""What every export is built from: one computed status and what it was computed from, plus the words
that every file repeats (as of, last changed, sample data)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from targets import clock
from targets.i18n import t
from targets.investment import InvestmentSummary
from targets.model import Indicator, Kind, Plan, Text
from targets.numbers import format_number
from targets.regions import PROVINCE, load_regions
from targets.status import IndicatorStatus, PlanStatus, month_end

if TYPE_CHECKING:
    from targets.figures import ProvinceView
    from targets.narratives import Word
    from targets.status_view import StatusView


@dataclass(frozen=True)
class RegionFigures:
    """One region's latest cumulative figure per indicator up to the as-of month.

    targets / status / rank are for regional targets and the ranking (晾晒): None until a caller
    has them; the regions sheet adds what is given.
    """

    code: str
    name: Text
    latest: Mapping[str, tuple[int, float]]  # indicator code -> (month of the figure, value)
    targets: Mapping[str, float] | None = None
    status: PlanStatus | None = None
    rank: int | None = None


@dataclass(frozen=True)
class ExportContext:
    """Everything an export needs; built once from a StatusView and the same for every format."""

    plan: Plan
    status: PlanStatus
    last_change: datetime | None  # naive UTC, as stored
    is_demo: bool
    lang: str = "zh"
    basis: Mapping[str, str] = field(
        default_factory=dict
    )  # indicator -> reported | sum_of_regions | none, as of the month
    words: Mapping[str, Word] = field(default_factory=dict)  # task -> the department's word as of the month
    regions: tuple[RegionFigures, ...] = ()
    recorded_on: date | None = None
    approved_only: bool = False  # built from approved (locked) months only, else from the latest submitted
    investment: InvestmentSummary | None = None  # the shares of the year's investment, where tasks have a plan

    @property
    def as_of(self) -> int:
        return self.status.as_of

    @property
    def year(self) -> int:
        return self.status.year

    def with_lang(self, lang: str) -> ExportContext:
        return dataclasses.replace(self, lang=lang)

    @classmethod
    def from_view(
        cls,
        view: StatusView,
        *,
        is_demo: bool,
        lang: str = "zh",
        regional_targets: Mapping[tuple[str, str], float] | None = None,
        region_statuses: Mapping[str, PlanStatus] | None = None,
        region_ranks: Mapping[str, int] | None = None,
    ) -> ExportContext:
        """From a status view; raises ValueError when it has no status (no figures and no month asked for)."""
        if view.status is None:
            raise ValueError("no status to export: there are no figures yet")
        return cls(
            plan=view.plan,
            status=view.status,
            last_change=view.last_change,
            is_demo=is_demo,
            lang=lang,
            basis=_basis_as_of(view.province, view.plan, view.status.as_of),
            regions=regions_from(
                view.plan,
                view.figures,
                view.status.as_of,
                targets=regional_targets,
                statuses=region_statuses,
                ranks=region_ranks,
            ),
            recorded_on=view.recorded_on,
            approved_only=view.approved_only,
        )


def _basis_as_of(province: ProvinceView, plan: Plan, as_of: int) -> dict[str, str]:
    """Each indicator's basis for the figure the export shows (decided per month: reported or the regions' sum)."""
    return {i.code: province.basis_at(i.code, as_of) for i in plan.indicators}


def regions_from(
    plan: Plan,
    figures: Mapping[tuple[str, str, int], float],
    as_of: int,
    *,
    targets: Mapping[tuple[str, str], float] | None = None,
    statuses: Mapping[str, PlanStatus] | None = None,
    ranks: Mapping[str, int] | None = None,
) -> tuple[RegionFigures, ...]:
    """Every region (in the usual order) with its latest figure per indicator up to as_of;
    regional targets (indicator, region) -> target, statuses and ranks per region when known."""
    codes = {i.code for i in plan.indicators}
    latest: dict[str, dict[str, tuple[int, float]]] = {}
    for (code, region, month), value in figures.items():
        if region == PROVINCE or code not in codes or month > as_of or value is None or value != value:
            continue
        found = latest.setdefault(region, {})
        if code not in found or found[code][0] < month:
            found[code] = (month, float(value))
    out = []
    for region in load_regions():
        if region.code == PROVINCE:
            continue
        mine = {c: v for (c, r), v in (targets or {}).items() if r == region.code} if targets else None
        out.append(
            RegionFigures(
                code=region.code,
                name=region.name,
                latest=latest.get(region.code, {}),
                targets=mine or None,
                status=(statuses or {}).get(region.code),
                rank=(ranks or {}).get(region.code),
            )
        )
    return tuple(out)


# --- words every export repeats -----------------------------------------------------------------


def tr(ctx: ExportContext, key: str, **values: object) -> str:
    return t(key, ctx.lang, **values)


def sep(ctx: ExportContext) -> str:
    """The separator between two clauses: a full-width semicolon in Chinese."""
    return "；" if ctx.lang == "zh" else "; "


def as_of_text(ctx: ExportContext) -> str:
    """截至2024年9月底 / as of the end of September 2024."""
    return tr(ctx, "export.as_of", year=ctx.year, when=month_end(ctx.as_of, ctx.lang))


def changed_local(ctx: ExportContext) -> str | None:
    """The last change as local wall-clock time (targets.clock's zone), "2024-10-05 16:12"; None if nothing was
    recorded."""
    return None if ctx.last_change is None else clock.show(ctx.last_change)


def changed_at(ctx: ExportContext) -> str:
    """The last change in local time, naming the zone as the pages do: "2024-10-05 16:12（北京时间）"."""
    if ctx.last_change is None:
        return tr(ctx, "export.last_change.none")
    return clock.show_with_zone(ctx.last_change, ctx.lang)


def last_change_text(ctx: ExportContext) -> str:
    """数据最后更新：… / Data last changed: …, and the day the figures are "as recorded on" if any."""
    text = tr(ctx, "export.last_change", when=changed_at(ctx))
    if ctx.recorded_on is not None:
        text += sep(ctx) + tr(ctx, "export.recorded_on", date=ctx.recorded_on.isoformat())
    return text


def figures_text(ctx: ExportContext) -> str:
    """Which figures the file is built from: 口径：仅已审核数据 / 口径：最新报送数据（含未审核）."""
    return tr(ctx, "periods.basis.caption.approved" if ctx.approved_only else "periods.basis.caption.latest")


def month_coverage_text(ctx: ExportContext) -> str:
    """How many indicators have a figure for the month shown: 9月：已报 30 / 31 项指标 (the others are marked 沿用X月数据)."""
    return ctx.status.coverage.text(ctx.lang)


def sample_text(ctx: ExportContext) -> str:
    """The sample-data warning, bilingual so it is never missed: 演示数据 / sample data."""
    return tr(ctx, "export.sample")


def coverage_text(ctx: ExportContext) -> str:
    s = ctx.status.summary
    return tr(ctx, "export.coverage", catalogued=s.total_catalogued, declared=s.declared_tasks)


def title_text(ctx: ExportContext) -> str:
    return ctx.plan.title.get(ctx.lang)


def value_text(value: float | None, ind: Indicator) -> str:
    """A figure as people read it; rates carry their % sign."""
    if value is None:
        return "—"
    text = format_number(value)
    return f"{text}%" if ind.kind is Kind.RATE else text


def percent_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def indicator_label(ctx: ExportContext, ist: IndicatorStatus) -> str:
    return ctx.plan.indicator(ist.code).name.get(ctx.lang)
