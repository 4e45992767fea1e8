"""The rules every stored figure obeys, whichever way it arrives (an upload, a correction typed on a page or
at the command line, a rollback): a known indicator of the plan, a known region, a month of the plan year,
and a value the indicator's kind admits (0/1 for a standard, no negative, a percentage only for a rate)."""

from __future__ import annotations

from collections.abc import Iterable

from targets.figures import FigureKey
from targets.issues import Issue, error
from targets.model import Plan
from targets.readers.values import parse_value
from targets.regions import load_regions


def known_regions() -> frozenset[str]:
    """Region codes a figure may carry: the province's own figure and each region of the province."""
    return frozenset(r.code for r in load_regions())


def key_issues(plan: Plan, keys: Iterable[FigureKey], regions: frozenset[str] | None = None) -> list[Issue]:
    """One error per unknown indicator, unknown region or month outside the plan year among the keys."""
    regions = known_regions() if regions is None else regions
    codes = {i.code for i in plan.indicators}
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for code, region, month in keys:
        if code not in codes and ("indicator", code) not in seen:
            seen.add(("indicator", code))
            issues.append(
                error(
                    "unknown_indicator",
                    f"未知指标 {code}：{plan.year}年计划中没有该指标。",
                    f"Unknown indicator {code}: the {plan.year} plan has no such indicator.",
                )
            )
        if region not in regions and ("region", region) not in seen:
            seen.add(("region", region))
            issues.append(error("unknown_region", f"未知地区 {region}。", f"Unknown region {region}."))
        if not 1 <= month <= 12 and ("month", str(month)) not in seen:
            seen.add(("month", str(month)))
            issues.append(
                error("month_outside_year", f"月份 {month} 超出计划年度。", f"Month {month} is outside the plan year.")
            )
    return issues


def typed_value(plan: Plan, code: str, raw: object) -> float | Issue:
    """A value typed for one indicator (21.3万, １,３００, 98%, 是/否 for a standard), read by the same rules as a
    sheet's cell; an Issue when the indicator's kind does not admit it."""
    indicator = next((i for i in plan.indicators if i.code == code), None)
    if indicator is None:
        return key_issues(plan, [(code, "province", 1)])[0]
    cell = raw.strip() if isinstance(raw, str) else raw
    value = parse_value(cell, indicator)
    if value is None:
        return error("empty", "没有填写数值。", "No value was given.")
    if isinstance(value, bool | int | float):
        return float(value)
    return error(value.rule, value.zh, value.en)
