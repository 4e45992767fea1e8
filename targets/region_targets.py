"""Regional targets (目标分解): a province target broken down by region, and whether the regions add up.

The sheet is read by targets.readers.region_targets. Regional targets that do not add up to the province
target are a warning, not an error: some targets are not fully decomposed, and some include
province-level units such as 省直.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from targets.issues import HasIssues, Issue, warning
from targets.model import Kind, Plan
from targets.regions import PROVINCE

ADDITIVE = {Kind.COUNT, Kind.MINIMUM}


@dataclass(frozen=True)
class RegionTarget:
    """One region's target for one indicator, and the cell it came from."""

    indicator_code: str
    region_code: str
    target: float
    row: int
    column: str


@dataclass
class ParsedTargets(HasIssues):
    """What a regional-target sheet holds: its targets (the total row left out) and every problem found."""

    targets: list[RegionTarget] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    layout: str | None = None
    rows_read: int = 0


def check_sums(targets: list[RegionTarget], plan: Plan) -> list[Issue]:
    """Warnings where the regions' targets do not add up to the province target (or a total row disagrees)."""
    issues = []
    sums: dict[str, float] = {}
    totals: dict[str, RegionTarget] = {}
    for t in targets:
        if t.region_code == PROVINCE:
            totals[t.indicator_code] = t
        else:
            sums[t.indicator_code] = sums.get(t.indicator_code, 0.0) + t.target
    for ind in plan.indicators:
        if ind.code in totals and abs(totals[ind.code].target - ind.target) > 1e-9:
            t = totals[ind.code]
            issues.append(
                warning(
                    "total_differs",
                    f"第{t.row}行：合计行的 {ind.code} 目标 {t.target:g} 与目录中的省级目标 {ind.target:g} 不一致。",
                    f"Row {t.row}: the total row's {ind.code} target {t.target:g} differs from the province target {ind.target:g}.",
                    row=t.row,
                    column=t.column,
                )
            )
        if ind.code in sums and ind.kind in ADDITIVE and abs(sums[ind.code] - ind.target) > 1e-9:
            issues.append(
                warning(
                    "sum_differs",
                    f"{ind.code} 各地区目标之和为 {sums[ind.code]:g}，省级目标为 {ind.target:g}（可能未完全分解，或含省直单位）。",
                    f"{ind.code}: the regions' targets add up to {sums[ind.code]:g}, the province target is {ind.target:g} (not fully decomposed, or province-level units such as 省直).",
                )
            )
    return issues


def sum_gaps(plan: Plan, stored: Mapping[tuple[str, str], float]) -> dict[str, tuple[float, float]]:
    """Per indicator with a breakdown: (sum of regional targets, province target) where they differ."""
    sums: dict[str, float] = {}
    for (code, _region), value in stored.items():
        sums[code] = sums.get(code, 0.0) + value
    return {
        i.code: (sums[i.code], i.target)
        for i in plan.indicators
        if i.code in sums and i.kind in ADDITIVE and abs(sums[i.code] - i.target) > 1e-9
    }
