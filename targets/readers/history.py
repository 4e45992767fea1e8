"""Plausibility of an upload's figures against the stored ones: warnings, never errors.

A fall in a cumulative figure, a province figure above twice its target, a sudden jump: each is possible
(a correction, a target exceeded) but worth a second look before it is published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from targets.issues import Issue, warning
from targets.model import Indicator, Plan
from targets.numbers import format_number
from targets.readers.records import ADDITIVE_KINDS, NO_HISTORY, FigureRecord, Key
from targets.regions import PROVINCE, region_name


def check_against_history(
    records: Iterable[FigureRecord], plan: Plan, stored: Mapping[Key, float] = NO_HISTORY
) -> list[Issue]:
    """Warnings for figures that are possible but suspicious: a fall, more than twice the target, a sudden jump.

    `stored` holds the current database values; the upload's records take precedence over them.
    """
    records = list(records)
    indicators = {i.code: i for i in plan.indicators}
    checked = {code for code, indicator in indicators.items() if indicator.kind in ADDITIVE_KINDS}
    series: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for (code, region, month), value in stored.items():
        if code in checked:
            series[(code, region)][month] = float(value)
    positions: dict[tuple[str, str], list[int]] = defaultdict(list)  # the records of each checked series
    for n, record in enumerate(records):
        if record.indicator_code in checked:
            key = (record.indicator_code, record.region_code)
            series[key][record.month] = record.value
            positions[key].append(n)
    # Only the records of a series that might warrant a warning are checked one by one, in upload order.
    suspect = sorted(
        n
        for key, ns in positions.items()
        if _may_warn(series[key], indicators[key[0]], key[1], [records[n].month for n in ns])
        for n in ns
    )
    # Each series' neighbours and largest earlier rise, found once per series (not once per record: 100,000 rows).
    facts: dict[tuple[str, str], dict[int, _Neighbours]] = {}
    issues: list[Issue] = []
    for n in suspect:
        record = records[n]
        indicator = indicators[record.indicator_code]
        key = (record.indicator_code, record.region_code)
        values = series[key]
        if key not in facts:
            facts[key] = _neighbours(values, {records[m].month for m in positions[key]})
        around = facts[key][record.month]
        issues.extend(_below_previous(record, indicator, values, around))
        issues.extend(_above_twice_target(record, indicator))
        issues.extend(_jump(record, indicator, values, around))
    return issues


def _may_warn(values: dict[int, float], indicator: Indicator, region: str, months: list[int]) -> bool:
    """False only if no record of the series can warrant a warning, judged from the series as a whole.

    A series that never falls has no figure below an earlier or above a later one; a jump needs a monthly rise
    above 10% of the target after two earlier months; twice the target needs a figure above it. The tests are
    written "not (… <= …)" so that a NaN counts as suspect. A series given twice for a month is always suspect.
    """
    if len(set(months)) != len(months):
        return True
    ordered = [values[month] for month in sorted(values)]
    if not all(later >= earlier for earlier, later in pairwise(ordered)):
        return True
    target = indicator.target
    if target <= 0:
        return False
    if region == PROVINCE and not max(ordered) <= 2 * target:
        return True
    return not all(later - earlier <= 0.1 * target for earlier, later in pairwise(ordered[1:]))


@dataclass(frozen=True)
class _Neighbours:
    """A month of a series: the latest earlier month, the earliest later month not in this upload, and the
    largest monthly rise among the earlier months (None with fewer than two)."""

    before: int | None
    later_stored: int | None
    largest_rise: float | None


def _neighbours(values: dict[int, float], uploaded: set[int]) -> dict[int, _Neighbours]:
    months = sorted(values)
    later: list[int | None] = [None] * len(months)
    nearest = None
    for i in range(len(months) - 1, -1, -1):
        later[i] = nearest
        if months[i] not in uploaded:
            nearest = months[i]
    out: dict[int, _Neighbours] = {}
    rises: float | None = values[1] if months and months[0] == 1 else None
    for i, month in enumerate(months):
        if i >= 2:
            rise = values[months[i - 1]] - values[months[i - 2]]
            rises = rise if rises is None else max(rises, rise)
        out[month] = _Neighbours(months[i - 1] if i else None, later[i], rises if i >= 2 else None)
    return out


def _where(record: FigureRecord, indicator: Indicator, lang: str) -> str:
    if lang == "en":
        return f"{indicator.code} ({region_name(record.region_code, 'en')}) month {record.month}"
    return f"{indicator.code} {indicator.name.zh}（{region_name(record.region_code)}）{record.month} 月"


def _below_previous(
    record: FigureRecord, indicator: Indicator, values: dict[int, float], around: _Neighbours
) -> list[Issue]:
    issues = []
    before = around.before
    if before is not None and record.value < values[before]:
        issues.append(
            warning(
                "below_previous",
                f"{_where(record, indicator, 'zh')}累计数 {format_number(record.value)} 低于 {before} 月的 "
                f"{format_number(values[before])}；累计数通常不会减少。",
                f"{_where(record, indicator, 'en')}: the cumulative {format_number(record.value)} is below "
                f"month {before}'s {format_number(values[before])}; cumulative figures rarely fall.",
                row=record.row,
                column=record.column,
            )
        )
    after = around.later_stored
    if after is not None and values[after] < record.value:
        issues.append(
            warning(
                "below_previous",
                f"{_where(record, indicator, 'zh')}累计数 {format_number(record.value)} 高于已保存的 {after} 月数 "
                f"{format_number(values[after])}，导入后 {after} 月将低于上月。",
                f"{_where(record, indicator, 'en')}: the cumulative {format_number(record.value)} is above the "
                f"stored month {after} figure {format_number(values[after])}, which would then fall below it.",
                row=record.row,
                column=record.column,
            )
        )
    return issues


def _above_twice_target(record: FigureRecord, indicator: Indicator) -> list[Issue]:
    if record.region_code != PROVINCE or indicator.target <= 0 or record.value <= 2 * indicator.target:
        return []
    return [
        warning(
            "above_twice_target",
            f"{_where(record, indicator, 'zh')}累计数 {format_number(record.value)} 超过全年目标 "
            f"{format_number(indicator.target)} 的两倍；请核对单位（个/万个）是否填错。",
            f"{_where(record, indicator, 'en')}: {format_number(record.value)} is more than twice the target "
            f"{format_number(indicator.target)}; check the unit.",
            row=record.row,
            column=record.column,
        )
    ]


def _jump(record: FigureRecord, indicator: Indicator, values: dict[int, float], around: _Neighbours) -> list[Issue]:
    """This month's increase against the largest earlier monthly increase of the series (needs two earlier months)."""
    largest = around.largest_rise
    if largest is None or indicator.target <= 0:
        return []
    previous = around.before
    increase = record.value - values[previous]
    if increase <= 3 * largest or increase <= 0.1 * indicator.target:
        return []
    return [
        warning(
            "jump",
            f"{_where(record, indicator, 'zh')}比 {previous} 月增加 {format_number(increase)}，超过此前单月最大增量 "
            f"{format_number(largest)} 的 3 倍，且超过全年目标的 10%；请核对。",
            f"{_where(record, indicator, 'en')} rose by {format_number(increase)} since month {previous}, more than "
            f"3 times the largest earlier monthly rise ({format_number(largest)}) and over 10% of the target; "
            "please check.",
            row=record.row,
            column=record.column,
        )
    ]
