"""From the values read off a sheet to one cumulative figure per (indicator, region, month).

Monthly increments are added to the month before (from the sheet, else the stored figures); a figure given
twice must say the same both times.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from operator import itemgetter
from typing import NamedTuple

from targets.issues import Issue, error
from targets.model import Indicator
from targets.numbers import format_number
from targets.readers.records import FigureRecord, Key
from targets.regions import region_name


class Entry(NamedTuple):
    """A value read from one cell, before increments are converted and duplicates resolved (a tuple: a
    100,000-row sheet makes as many)."""

    code: str
    region: str
    month: int
    value: float
    increment: bool
    row: int  # 1-based
    column_index: int
    column: str


sheet_order = itemgetter(5, 6)  # (row, column index) of an Entry, without a Python call per entry
_cell_key = itemgetter(0, 1, 2)  # (indicator, region, month)


def _all_distinct(entries: list[Entry]) -> bool:
    """Whether no (indicator, region, month) has two entries."""
    return len(set(map(_cell_key, entries))) == len(entries)


def cumulative_records(
    entries: list[Entry], indicators: Mapping[str, Indicator], previous: Mapping[Key, float], failed: set[Key]
) -> tuple[list[FigureRecord], list[Issue]]:
    """One record per (indicator, region, month), in sheet order, and the increments and duplicates that fail.

    `failed` holds the cells already reported as problems (an increment on them is not reported again).
    The result does not depend on the order of the entries: each series is sorted, and so are the records.
    """
    if not any(map(itemgetter(4), entries)) and _all_distinct(entries):
        # Nothing to convert and no figure given twice (a plain sheet): every entry is a record as it stands.
        new = tuple.__new__  # a record without a Python-level __new__ call: 100,000 rows make as many
        return [
            new(FigureRecord, (code, region, month, value, row, column, False))
            for code, region, month, value, _, row, _, column in sorted(entries, key=sheet_order)
        ], []
    issues: list[Issue] = []
    series: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        series[(entry.code, entry.region)].append(entry)
    kept: list[tuple[Entry, FigureRecord]] = []
    for (code, region), found in series.items():
        found.sort(key=lambda e: (e.month, e.increment, e.row, e.column_index))
        months = {e.month for e in found}
        cumulative: dict[int, FigureRecord] = {}
        for entry in found:
            value = entry.value
            if entry.increment:
                base = _base(entry, months, cumulative, indicators[code], previous, failed, issues)
                if base is None:
                    failed.add((code, region, entry.month))
                    continue
                value = round(base + entry.value, 6)
            record = FigureRecord(code, region, entry.month, value, entry.row, entry.column, entry.increment)
            first = cumulative.get(entry.month)
            if first is None:
                cumulative[entry.month] = record
                kept.append((entry, record))
            elif not math.isclose(first.value, value, rel_tol=1e-9, abs_tol=1e-9):
                issues.append(_conflict(indicators[code], first, record))
    kept.sort(key=lambda pair: sheet_order(pair[0]))
    return [record for _, record in kept], issues


def _base(
    entry: Entry,
    months: set[int],
    cumulative: dict[int, FigureRecord],
    indicator: Indicator,
    previous: Mapping[Key, float],
    failed: set[Key],
    issues: list[Issue],
) -> float | None:
    """The cumulative value to the end of the month before an increment, else None (reported unless a cumulative
    value given for the same month already says what the figure is)."""
    code, region, before = entry.code, entry.region, entry.month - 1
    if before in cumulative:
        return cumulative[before].value
    if before in months or (code, region, before) in failed:
        return None  # that month's own problem is reported already
    if (code, region, before) in previous:
        return float(previous[(code, region, before)])
    if before == 0:
        return 0.0
    if entry.month in cumulative:
        return None
    issues.append(
        error(
            "increment_without_base",
            f"{indicator.code} {indicator.name.zh}（{region_name(region)}）{entry.month} 月填的是本月新增数 "
            f"{format_number(entry.value)}，但没有 {before} 月的累计数，无法换算为累计值；请先上传 {before} 月数据或改填累计数。",
            f"{indicator.code} ({region_name(region, 'en')}) month {entry.month} gives the monthly increment "
            f"{format_number(entry.value)}, but there is no cumulative figure for month {before} to add it to; "
            f"upload month {before} first or give the cumulative value.",
            row=entry.row,
            column=entry.column,
        )
    )
    return None


def _conflict(indicator: Indicator, first: FigureRecord, second: FigureRecord) -> Issue:
    return error(
        "duplicate_conflict",
        f"{indicator.code} {indicator.name.zh}（{region_name(first.region_code)}）{first.month} 月重复填报且数值不同："
        f"第 {first.row} 行为 {format_number(first.value)}，第 {second.row} 行为 {format_number(second.value)}。",
        f"{indicator.code} ({region_name(first.region_code, 'en')}) month {first.month} is given twice with "
        f"different values: {format_number(first.value)} in row {first.row}, "
        f"{format_number(second.value)} in row {second.row}.",
        row=second.row,
        column=second.column,
    )
