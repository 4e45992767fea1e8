"""Schedules (序时进度曲线): the rules a custom trajectory obeys, shares as people write them, and its effect.

A trajectory is 12 cumulative shares of the target, one per month-end, non-decreasing and ending at 1.0
(the whole target by December); no trajectory means the linear default up to the indicator's deadline.
Every problem is an issue naming the month (the column of the schedule's row), in both languages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from targets.display import month_name
from targets.issues import Issue, error, warning
from targets.model import Indicator
from targets.numbers import NotANumber, parse_number

MONTHS = 12
_EPS = 1e-9


def month_column(month: int, lang: str = "zh") -> str:
    """The month as a schedule's column is headed: "3月" / "March"."""
    return month_name(month, lang)


def _pct(share: float) -> str:
    """A share as people read it: 0.3333 -> 33.3%."""
    return f"{round(share * 100, 1):g}%"


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def trajectory_issues(values: Iterable[Any]) -> list[Issue]:
    """Every problem with a custom trajectory (none if it may be saved): 12 cumulative shares in [0, 1],
    non-decreasing, December 1.0."""
    try:
        items = list(values)
    except TypeError:
        return [error("not_a_list", "进度曲线应为12个数字", "A trajectory is a list of 12 numbers")]
    problems: list[Issue] = []
    if len(items) != MONTHS:
        problems.append(
            error(
                "wrong_length",
                f"进度曲线需要12个月的值，现有{len(items)}个",
                f"A trajectory needs 12 monthly values, not {len(items)}",
            )
        )
    numbers: list[float | None] = []
    for m, v in enumerate(items, start=1):
        column = month_column(m) if m <= MONTHS else None
        if not _is_number(v):
            problems.append(
                error("not_a_number", f"{m}月：{v!r}不是数字", f"Month {m}: {v!r} is not a number", column=column)
            )
            numbers.append(None)
            continue
        if not 0 <= v <= 1:
            problems.append(
                error(
                    "out_of_range",
                    f"{m}月：{_pct(v)}不在0%到100%之间",
                    f"Month {m}: {_pct(v)} is not a share between 0% and 100%",
                    column=column,
                )
            )
        numbers.append(float(v))
    for m in range(1, len(numbers)):
        a, b = numbers[m - 1], numbers[m]
        if a is not None and b is not None and b < a - _EPS:
            problems.append(
                error(
                    "falls",
                    f"{m + 1}月：累计进度由{_pct(a)}降至{_pct(b)}",
                    f"Month {m + 1}: the cumulative share falls from {_pct(a)} to {_pct(b)}",
                    column=month_column(m + 1) if m + 1 <= MONTHS else None,
                )
            )
    if len(numbers) == MONTHS and numbers[-1] is not None and abs(numbers[-1] - 1.0) > _EPS:
        problems.append(
            error(
                "not_whole_at_end",
                f"12月应为100%（全部目标），现为{_pct(numbers[-1])}",
                f"December must be 100% (the whole target), not {_pct(numbers[-1])}",
                column=month_column(MONTHS),
            )
        )
    return problems


def parse_share(cell: object) -> float:
    """One month's share as people write it: 0.25, "25%", "２５％"; NotANumber for anything else (empty too)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        raise NotANumber("empty", "")
    number = parse_number(cell)
    return number.value / 100 if number.percent else number.value


def parse_shares(cells: Iterable[object]) -> tuple[tuple[float, ...] | None, list[Issue]]:
    """Cells (a CLI's arguments, an editor's row) read as shares, then checked against the rules."""
    values: list[object] = []
    issues: list[Issue] = []
    for m, cell in enumerate(cells, start=1):
        try:
            values.append(parse_share(cell))
        except NotANumber as exc:
            shown = exc.text or "（空）"
            issues.append(
                error(
                    "not_a_number",
                    f"{m}月：“{shown}”不是进度（写作0.25或25%）",
                    f"Month {m}: {exc.text or '(empty)'!r} is not a share (write 0.25 or 25%)",
                    column=month_column(m) if m <= MONTHS else None,
                )
            )
            values.append(None)
    if issues:
        if len(values) != MONTHS:
            issues.extend(i for i in trajectory_issues(values) if i.rule == "wrong_length")
        return None, issues
    problems = trajectory_issues(values)
    return (None, problems) if problems else (tuple(float(v) for v in values), [])  # type: ignore[arg-type]


def trajectory_warnings(indicator: Indicator, shares: tuple[float, ...]) -> list[Issue]:
    """What an admin should confirm about a valid trajectory: it moves the deadline, or it only sets the deadline."""
    found: list[Issue] = []
    done = next(m for m, s in enumerate(shares, start=1) if s >= 1.0 - _EPS)
    if done != indicator.deadline_month:
        found.append(
            warning(
                "moves_deadline",
                f"{indicator.code}：按此曲线{done}月底应全部完成，而目录中的完成时限是{indicator.deadline_month}月底。",
                f"{indicator.code}: this schedule has the whole target due by the end of {month_column(done, 'en')}, "
                f"while the catalogue's deadline is the end of {month_column(indicator.deadline_month, 'en')}.",
                column=month_column(done),
            )
        )
    if not indicator.is_scheduled:
        found.append(
            warning(
                "not_cumulative",
                f"{indicator.code} 不是累计类指标（按现状判断）：进度曲线只决定其完成时限，不设逐月应完成比例。",
                f"{indicator.code} is not a cumulative indicator (judged as it stands): a schedule only sets its "
                "deadline, never a monthly share.",
            )
        )
    return found


@dataclass(frozen=True)
class MonthEffect:
    """One month of a schedule change: the share expected by its end before and after."""

    month: int
    before: float
    after: float

    @property
    def changed(self) -> bool:
        return abs(self.before - self.after) > _EPS


def schedule_effect(
    indicator: Indicator, before: tuple[float, ...] | None, after: tuple[float, ...] | None
) -> list[MonthEffect]:
    """The expected share at each month-end under the old and the new schedule (None: the linear default)."""
    from targets.status import expected_share  # the status function's own reading of a schedule

    def share(custom: tuple[float, ...] | None, m: int) -> float:
        return expected_share(indicator, m, {indicator.code: custom} if custom is not None else {})

    return [MonthEffect(m, share(before, m), share(after, m)) for m in range(1, MONTHS + 1)]
