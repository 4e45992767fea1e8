"""Synthetic figures shaped like real ones, for the demo database only (演示数据).

Seeded, so the same demo comes out every time: outdoor construction pauses in the winter months,
some tasks finish early, some lag, one slows down after a good start, some regions report late
and one indicator has not reported at all. Regional figures are shares of the province's; the
province figure is reported directly for most indicators and left as the sum of the regions
for the rest.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from targets.model import Kind, Plan
from targets.regions import PROVINCE, prefectures

DEMO_AS_OF = 9  # the demo runs to the end of the third quarter (截至三季度末)
# The demo's own "today" (its clock): a few days after September's figures were due (the 5th of October by
# default), so deadlines, late and missing submissions and overdue items read as they would have then, not
# hundreds of days late on the real date.
DEMO_TODAY = date(2024, 10, 10)
SEED = 20240930

# Rough shares of the province's work by region (sum 1.0).
REGION_WEIGHTS = {
    "220100": 0.30,
    "220200": 0.15,
    "220300": 0.10,
    "220400": 0.05,
    "220500": 0.08,
    "220600": 0.05,
    "220700": 0.09,
    "220800": 0.06,
    "222400": 0.10,
    "CBS": 0.02,
}
# Regions that lag in the demo, and by how much of their pace.
SLOW_REGIONS = {"220800": 0.75, "220400": 0.85}
OUTDOOR_TASKS = {"CUL-03", "EDU-01", "PUB-04", "ELD-01", "PUB-01"}
# Seasonal share of a year's construction by month (little from November to March).
OUTDOOR_SHAPE = (0.0, 0.0, 0.02, 0.08, 0.14, 0.16, 0.16, 0.15, 0.13, 0.10, 0.04, 0.02)


@dataclass(frozen=True)
class DemoFigure:
    indicator_code: str
    region_code: str
    month: int
    value: float


PROFILES = ("early", "ahead", "on_pace", "on_pace", "amber", "red", "slowing", "ahead", "on_pace", "early")


def _cumulative_shape(outdoor: bool) -> list[float]:
    if outdoor:
        out, total = [], 0.0
        for share in OUTDOOR_SHAPE:
            total += share
            out.append(total)
        return [x / out[-1] for x in out]
    return [m / 12 for m in range(1, 13)]


def demo_figures(plan: Plan, *, as_of: int = DEMO_AS_OF, seed: int = SEED) -> list[DemoFigure]:
    """Province and regional cumulative figures for months 1..as_of."""
    rng = random.Random(seed)
    out: list[DemoFigure] = []
    regions = [r.code for r in prefectures()]
    for n, ind in enumerate(plan.indicators):
        profile = PROFILES[n % len(PROFILES)]
        if n == len(plan.indicators) - 3:
            continue  # one indicator has not reported at all (未填报)
        if ind.kind is Kind.STANDARD:
            for m in range(1, as_of + 1):
                out.append(DemoFigure(ind.code, PROVINCE, m, 1.0 if m >= 6 else 0.0))
            continue
        if ind.kind is Kind.PER_PERSON:
            for m in range(8, as_of + 1):
                out.append(DemoFigure(ind.code, PROVINCE, m, ind.target))
            continue
        shape = _cumulative_shape(ind.task_code in OUTDOOR_TASKS)
        factor = {"early": 1.6, "ahead": 1.12, "on_pace": 1.03, "amber": 0.9, "red": 0.7, "slowing": 1.05}[profile]
        province: list[float] = []
        for m in range(1, as_of + 1):
            share = min(1.0, shape[m - 1] * factor)
            if profile == "slowing" and m > 6:
                share = province[-1] / ind.target + 0.01 * (m - 6) if province else share
            noise = 1 + rng.uniform(-0.02, 0.02)
            value = min(ind.target * 1.08, ind.target * share * noise)
            value = max(value, province[-1] if province else 0.0)
            province.append(float(round(value)))
        report_province = n % 4 != 3  # every fourth indicator: province = sum of the regions
        weights = {r: REGION_WEIGHTS[r] * SLOW_REGIONS.get(r, 1.0) for r in regions}
        for m, total in enumerate(province, start=1):
            late = {"CBS"} if m == as_of else set()  # 长白山 has not yet reported the last month
            for region, value in split(total, weights).items():
                if region not in late:
                    out.append(DemoFigure(ind.code, region, m, value))
            if report_province:
                out.append(DemoFigure(ind.code, PROVINCE, m, float(total)))
    return out


def split(total: float, weights: dict[str, float]) -> dict[str, float]:
    """Whole numbers per region that add up exactly to the total (largest remainder)."""
    whole = round(total)
    scale = sum(weights.values())
    raw = {r: whole * w / scale for r, w in weights.items()}
    base = {r: int(v) for r, v in raw.items()}
    rest = whole - sum(base.values())
    for r in sorted(raw, key=lambda r: raw[r] - base[r], reverse=True)[:rest]:
        base[r] += 1
    return {r: float(v) for r, v in base.items()}


def demo_trajectories(plan: Plan) -> dict[str, tuple[float, ...]]:
    """The seasonal schedule an admin would set for outdoor construction."""
    shape = tuple(round(x, 4) for x in _cumulative_shape(True))
    return {i.code: shape for i in plan.indicators if i.task_code in OUTDOOR_TASKS}


def demo_region_targets(plan: Plan) -> dict[tuple[str, str], float]:
    """The province's count targets split among the regions by the same weights (目标分解).

    One indicator keeps a tenth at province level (省直), so its regions add up to less than the
    province target; one has no breakdown at all, as happens in real plans.
    """
    out: dict[tuple[str, str], float] = {}
    additive = [i for i in plan.indicators if i.kind in (Kind.COUNT, Kind.MINIMUM)]
    for n, ind in enumerate(additive):
        if n == 1:
            continue  # no breakdown for this one
        total = ind.target * (0.9 if n == 2 else 1.0)
        for region, value in split(total, REGION_WEIGHTS).items():
            out[(ind.code, region)] = value
    return out
