"""Plan years side by side: last year's plan and December status beside this year's, for the tasks carried over
(上年结转) and last year's figure for the same month (上年同期)."""

from __future__ import annotations

from dataclasses import dataclass, field

from services import catalogue
from services.setup import Store
from services.status import load_status
from targets.carryover import Carried, carried_over, same_month_last_year
from targets.model import Plan


@dataclass(frozen=True)
class LastYear:
    """Last year's plan, its province figures and this year's tasks carried over from it."""

    year: int
    plan: Plan
    carried: dict[str, Carried] = field(default_factory=dict)
    series: dict[tuple[str, int], float] = field(default_factory=dict)

    def same_month(self, plan: Plan, month: int) -> dict[str, float]:
        return same_month_last_year(plan, self.plan, self.series, month)


def last_year(store: Store, year: int, *, approved_only: bool = False) -> LastYear | None:
    """Last year beside `year`, or None when there is no plan for the year before (or for the year itself)."""
    plan, last = catalogue.plan(store, year), catalogue.plan(store, year - 1)
    if plan is None or last is None:
        return None
    try:
        view = load_status(store, year=year - 1, as_of=12, approved_only=approved_only)
    except LookupError:
        return LastYear(year - 1, last)
    return LastYear(year - 1, last, carried_over(plan, last, view.status), dict(view.province.series))
