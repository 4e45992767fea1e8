"""Plan years side by side: this year's indicators matched to last year's, the tasks carried over from last year
(unfinished at its year end), and last year's figure for the same month.

An indicator of this year is "the same" as one of last year when their names are equal once normalised
(targets.labels.label_key); when last year holds that name more than once, the one with the same code wins, and
a name held twice without a code to tell them apart matches nothing (never a guess). A code alone is not enough:
codes are reassigned each year (a plan adopted from the vote numbers its indicators A01-01-1, ...), so an equal
code under another name is another indicator.

A task is carried over (上年结转) when one of its indicators is the same as an indicator of last year whose status
in December of last year was not 已完成 (done): behind, on pace but short of the target, or never reported.
When last year has no status at all, or no figure for any indicator, nothing is marked: nothing can be judged.

Last year's figure for the same month (上年同期) is the same indicator's province figure of that very month, shown
only when both years count it in the same unit (1,300个 against 13万人次 says nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from targets.labels import label_key
from targets.model import Indicator, Plan
from targets.status import PlanStatus, Status


@dataclass(frozen=True)
class Carried:
    """A task of this year carried over from last year: which of last year's indicators it continues, and how each
    stood in December of last year."""

    task_code: str
    last_year: int
    indicators: tuple[tuple[str, str, Status], ...]  # (this year's code, last year's code, last December's status)


def match_indicators(plan: Plan, last: Plan) -> dict[str, str]:
    """This year's indicator code -> last year's, for the indicators that are the same (see the module's rule)."""
    by_name: dict[str, list[Indicator]] = {}
    for ind in last.indicators:
        by_name.setdefault(label_key(ind.name.zh), []).append(ind)
    found: dict[str, str] = {}
    for ind in plan.indicators:
        same = by_name.get(label_key(ind.name.zh), [])
        if len(same) == 1:
            found[ind.code] = same[0].code
        elif len(same) > 1:
            coded = [s for s in same if s.code == ind.code]
            if len(coded) == 1:
                found[ind.code] = coded[0].code
    return found


def carried_over(plan: Plan, last: Plan, last_december: PlanStatus | None) -> dict[str, Carried]:
    """This year's tasks carried over from last year (task code -> Carried), given last year's status as of
    December; none when last year has no status."""
    if last_december is None or last_december.as_of != 12 or last.year != plan.year - 1:
        return {}
    statuses = {i.code: i.status for i in last_december.indicators}
    if all(s is Status.NO_DATA for s in statuses.values()):
        return {}  # nothing reported all year: nothing to judge
    found: dict[str, list[tuple[str, str, Status]]] = {}
    for code, last_code in match_indicators(plan, last).items():
        status = statuses.get(last_code)
        if status is not None and status is not Status.DONE:
            found.setdefault(plan.indicator(code).task_code, []).append((code, last_code, status))
    return {
        task.code: Carried(task.code, last.year, tuple(found[task.code])) for task in plan.tasks if task.code in found
    }


def same_month_last_year(
    plan: Plan, last: Plan, last_series: Mapping[tuple[str, int], float], month: int
) -> dict[str, float]:
    """This year's indicator code -> last year's province figure of the same month, for the indicators that are the
    same in the same unit and where last year has a figure for that very month."""
    out: dict[str, float] = {}
    for code, last_code in match_indicators(plan, last).items():
        if label_key(plan.indicator(code).unit.zh) != label_key(last.indicator(last_code).unit.zh):
            continue
        value = last_series.get((last_code, month))
        if value is not None:
            out[code] = value
    return out
