"""Figures and their history: what an upload would change, and the current values replayed from revisions.

A figure is the cumulative value of (indicator, region, month) to the end of that month. Values
are never overwritten without a revision: the current value is the latest revision's, and
replaying the revisions in order rebuilds exactly the current values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

FigureKey = tuple[str, str, int]  # (indicator_code, region_code, month)


@dataclass(frozen=True)
class Stored:
    """A current value and the revision that set it (for stale-screen checks)."""

    value: float
    revision_id: int


class Change(NamedTuple):
    """One figure an upload sets: new (old is None) or changed (old → new).

    A named tuple rather than a frozen dataclass: an upload of 100,000 rows makes as many, three times faster.
    """

    key: FigureKey
    old: float | None
    new: float | None
    old_revision: int | None
    row: int | None = None
    column: str | None = None

    @property
    def kind(self) -> str:
        if self.old is None:
            return "new"
        if self.new is None:
            return "removed"
        return "changed"


@dataclass
class ImportPlan:
    """What committing would do, in DHIS2's terms: new, changed, unchanged (and rejected rows)."""

    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[FigureKey] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return [*self.new, *self.changed]

    @property
    def is_empty(self) -> bool:
        return not self.new and not self.changed

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "unchanged": len(self.unchanged)}


def same_value(a: float | None, b: float | None) -> bool:
    """Equal for storage purposes: spreadsheets round-trip floats with tiny errors."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def plan_import(records: Iterable, stored: Mapping[FigureKey, Stored]) -> ImportPlan:
    """Compare parsed records (anything with indicator_code, region_code, month, value) with the stored values."""
    plan = ImportPlan()
    new, changed, unchanged, find = plan.new, plan.changed, plan.unchanged, stored.get  # a loop of 100,000 records
    for rec in records:
        key = (rec.indicator_code, rec.region_code, rec.month)
        current = find(key)
        row, column = getattr(rec, "row", None), getattr(rec, "column", None)
        if current is None:
            new.append(Change(key, None, rec.value, None, row, column))
        elif same_value(current.value, rec.value):
            unchanged.append(key)
        else:
            changed.append(Change(key, current.value, rec.value, current.revision_id, row, column))
    return plan


@dataclass(frozen=True)
class Revision:
    """One stored revision of a figure; value None means the figure was removed (a rolled-back new value)."""

    id: int
    batch_id: int
    key: FigureKey
    value: float | None
    previous_value: float | None
    recorded_at: datetime
    recorded_by: str


def replay(revisions: Iterable[Revision], *, until: datetime | None = None) -> dict[FigureKey, Stored]:
    """The values that the revisions leave, in id order; with `until`, as they stood at that moment."""
    current: dict[FigureKey, Stored] = {}
    for rev in sorted(revisions, key=lambda r: r.id):
        if until is not None and rev.recorded_at > until:
            continue
        if rev.value is None:
            current.pop(rev.key, None)
        else:
            current[rev.key] = Stored(rev.value, rev.id)
    return current


def rollback_changes(batch_revisions: Iterable[Revision], stored: Mapping[FigureKey, Stored]) -> list[Change]:
    """The changes that restore each figure a batch touched to its value before the batch."""
    changes = []
    for rev in sorted(batch_revisions, key=lambda r: r.id):
        current = stored.get(rev.key)
        restore = rev.previous_value
        if current is None and restore is None:
            continue
        if current is not None and same_value(current.value, restore):
            continue
        changes.append(
            Change(rev.key, current.value if current else None, restore, current.revision_id if current else None)
        )
    return changes


@dataclass(frozen=True)
class ProvinceView:
    """The province's series per indicator, and on what basis each month's figure stands."""

    series: dict[tuple[str, int], float]
    basis: dict[str, str]  # code -> over the year: "reported" | "sum_of_regions" | "mixed" | "none"
    mismatches: dict[tuple[str, int], tuple[float, float]]  # reported vs the regions' sum, where they differ
    month_basis: dict[tuple[str, int], str] = field(default_factory=dict)  # each month of series: its basis

    def basis_at(self, code: str, month: int) -> str:
        """The basis of the figure an indicator is judged on as of `month` (its latest month up to then)."""
        months = [m for (c, m) in self.month_basis if c == code and m <= month]
        return self.month_basis[(code, max(months))] if months else "none"


ADDITIVE_KINDS = {"count", "minimum"}


def province_view(
    plan,
    figures: Mapping[FigureKey, float],
    province: str = "province",
    *,
    previous: ProvinceView | None = None,
    changed: Iterable[str] | None = None,
) -> ProvinceView:
    """Province figures, decided month by month: a month with a reported province (全省/合计) figure uses
    it; a month without one uses the sum of the regions (counts only, a late region counting with its
    latest earlier figure). So a province figure for October never erases the regions' January–September.

    Never both in one month: a region's figure is never added to a reported province total, and a
    mismatch between the two (in a month the regions reported too) is returned so the pages can show it.

    Each indicator's province figures depend on its own figures only: given the view of the same plan before
    some figures changed (`previous`) and the indicators whose figures changed (`changed`), only those are
    worked out again, which is what a page run after one department's upload needs.
    """
    if previous is None or changed is None:
        return _province_view(plan.indicators, figures, province)
    codes = set(changed)
    if not codes:
        return previous
    fresh = _province_view(
        [i for i in plan.indicators if i.code in codes], {k: v for k, v in figures.items() if k[0] in codes}, province
    )

    def kept(mapping: dict) -> dict:
        return {k: v for k, v in mapping.items() if k[0] not in codes}

    series = kept(previous.series) | fresh.series
    month_basis = kept(previous.month_basis) | fresh.month_basis
    return ProvinceView(
        {k: series[k] for k in sorted(series, key=_order(plan))},
        {**{c: b for c, b in previous.basis.items() if c not in codes}, **fresh.basis},
        kept(previous.mismatches) | fresh.mismatches,
        {k: month_basis[k] for k in sorted(month_basis, key=_order(plan))},
    )


def _order(plan):
    """Plan order, then month: the order _province_view builds its dicts in (pages list them as they come)."""
    position = {ind.code: n for n, ind in enumerate(plan.indicators)}
    return lambda key: (position.get(key[0], len(position)), key[1])


def _province_view(indicators, figures: Mapping[FigureKey, float], province: str) -> ProvinceView:
    reported: dict[str, dict[int, float]] = {}  # code -> month -> the province's own figure
    by_region: dict[tuple[str, str], dict[int, float]] = {}
    for (code, region, month), value in figures.items():
        if region == province:
            reported.setdefault(code, {})[month] = value
        else:
            months = by_region.get((code, region))
            if months is None:
                months = by_region[(code, region)] = {}
            months[month] = value
    # A region that has not reported a month counts with its latest earlier cumulative figure, up to
    # the latest month any region reported.
    latest_regional: dict[str, int] = {}
    for (code, _region), months in by_region.items():
        latest_regional[code] = max(latest_regional.get(code, 0), max(months))
    regional: dict[str, dict[int, float]] = {}  # code -> month -> the regions' sum
    for (code, _region), months in by_region.items():
        sums = regional.setdefault(code, {})
        last_value = None
        for m in range(min(months), latest_regional[code] + 1):
            last_value = months.get(m, last_value)
            sums[m] = sums.get(m, 0.0) + last_value
    series: dict[tuple[str, int], float] = {}
    basis: dict[str, str] = {}
    month_basis: dict[tuple[str, int], str] = {}
    mismatches: dict[tuple[str, int], tuple[float, float]] = {}
    for ind in indicators:
        additive = ind.kind.value in ADDITIVE_KINDS
        own = reported.get(ind.code, {})
        summed = regional.get(ind.code, {}) if additive else {}
        used: set[str] = set()
        for m in sorted(own.keys() | summed.keys()):
            key = (ind.code, m)
            if m in own:
                series[key], month_basis[key] = own[m], "reported"
                if m in summed and not same_value(own[m], summed[m]):
                    mismatches[key] = (own[m], summed[m])
            else:
                series[key], month_basis[key] = summed[m], "sum_of_regions"
            used.add(month_basis[key])
        basis[ind.code] = "none" if not used else used.pop() if len(used) == 1 else "mixed"
    return ProvinceView(series, basis, mismatches, month_basis)


def region_series(figures: Mapping[FigureKey, float], region: str) -> dict[tuple[str, int], float]:
    """(indicator, month) → value for one region."""
    return {(code, month): v for (code, reg, month), v in figures.items() if reg == region}
