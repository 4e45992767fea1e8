"""Status of every indicator, task and area against the time-proportional schedule (序时进度).

One pure function, `compute_status`, reads a plan, one region's cumulative monthly figures and the
month the view is "as of", and says for each indicator whether it is done, ahead, on pace, lagging
(amber or red) or has no data, with the numbers behind that judgement and an explanation in Chinese
and English. Tasks take the worst status of their indicators; areas and the plan count tasks.

Conventions:
- figures map (indicator code, month 1..12) to the value to the end of that month: CUMULATIVE for
  counts and minimums, the level itself for rates, standards and amounts per person;
  a NaN or None value counts as not reported.
- counts and minimums are judged against the time-proportional schedule; a rate is a level (the
  whole target is expected at every month); a ceiling (direction lower) is kept or exceeded.
- an indicator without a figure for the month shown is judged on its latest earlier figure and
  marked stale (沿用X月数据); `headline_month` is the default month every view starts from.
- progress and expected are fractions (0.55 = 55%); gap_points is (progress - expected) x 100.
- comparisons against the settings' thresholds use gap_points rounded to 1e-9, so a gap of
  exactly the tolerance is amber, not red, whatever the float noise.
"""

from __future__ import annotations

import math
import operator
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from targets.display import month_name
from targets.i18n import t
from targets.model import Direction, Indicator, Kind, Plan, by_code
from targets.numbers import format_number
from targets.trajectories import trajectory_issues

# --- statuses, labels, icons, colours --------------------------------------------------------


class Status(StrEnum):
    DONE = "done"
    AHEAD = "ahead"
    ON_PACE = "on_pace"
    LAGGING = "lagging"
    NO_DATA = "no_data"


class Severity(StrEnum):
    """How far behind a lagging indicator is; only lagging has a severity."""

    AMBER = "amber"
    RED = "red"


# Style keys: a status, with lagging split by severity. Worst first.
STYLE_ORDER: tuple[str, ...] = ("lagging_red", "lagging_amber", "no_data", "on_pace", "ahead", "done")

# Okabe–Ito colours, safe for the common colour-vision deficiencies; never the only signal (see icons).
STATUS_COLORS: dict[str, str] = {
    "done": "#0072B2",  # blue
    "ahead": "#009E73",  # bluish green
    "on_pace": "#56B4E9",  # sky blue
    "lagging_amber": "#E69F00",  # orange / amber
    "lagging_red": "#D55E00",  # vermillion
    "no_data": "#999999",  # grey
}

STATUS_ICONS: dict[str, str] = {
    "done": "✅",
    "ahead": "⏩",
    "on_pace": "▶️",
    "lagging_amber": "⚠️",
    "lagging_red": "⛔",
    "no_data": "❔",
}


def style_key(status: Status | str, severity: Severity | str | None = None) -> str:
    """The key into STATUS_COLORS / STATUS_ICONS: the status, or lagging_amber / lagging_red
    (a lagging status without a severity reads as amber)."""
    status = Status(status)
    if status is Status.LAGGING:
        return f"lagging_{Severity(severity or Severity.AMBER).value}"
    return status.value


_RANK = {
    (status, severity): STYLE_ORDER.index(style_key(status, severity))
    for status in Status
    for severity in (None, *Severity)
}


def rank(status: Status | str, severity: Severity | str | None = None) -> int:
    """0 for the worst (lagging red) to 5 for the best (done)."""
    found = _RANK.get((status, severity))
    return STYLE_ORDER.index(style_key(status, severity)) if found is None else found


def label(status: Status | str, lang: str = "zh") -> str:
    """已完成 / 超序时 / 按序时 / 慢序时 / 未填报, or the English label."""
    return t(f"status.{Status(status).value}", lang)


def severity_label(severity: Severity | str | None, lang: str = "zh") -> str:
    """黄灯 / 红灯 (Amber / Red); empty for no severity."""
    return t(f"status.severity.{Severity(severity).value}", lang) if severity else ""


def icon(status: Status | str, severity: Severity | str | None = None) -> str:
    return STATUS_ICONS[style_key(status, severity)]


def color(status: Status | str, severity: Severity | str | None = None) -> str:
    return STATUS_COLORS[style_key(status, severity)]


# --- months ------------------------------------------------------------------------------------


def month_label(month: int, lang: str = "zh") -> str:
    """A month by itself: "6月" / "June"."""
    _check_month(month, "month")
    return month_name(month, lang)


def month_end(month: int, lang: str = "zh") -> str:
    """The end of a month, as the schedule is read: "6月底" / "end of June"."""
    return t("status.month_end", lang, month=month_label(month, lang))


def _check_month(month: int, what: str) -> None:
    try:
        whole = operator.index(month)  # an int, or an integer type such as numpy's
    except TypeError:
        whole = None
    if isinstance(month, bool) or whole is None or not 1 <= whole <= 12:
        raise ValueError(f"{what} must be a month 1..12, not {month!r}")


# --- settings and trajectories --------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Thresholds an administrator may tune."""

    tolerance_points: float = 10.0  # lagging by more than this many points of progress is red, else amber
    ahead_points: float = 5.0  # at least this many points above expected is "ahead"; below that "on pace"
    projection_window: int = 3  # how many of the latest reported months give the recent pace
    amber_points: float = 0.0  # behind schedule by at most this many points still counts as on pace (targets.rules)
    rule_version: int | None = None  # the alert-rule version these thresholds come from; named in explanations

    def __post_init__(self) -> None:
        if not (math.isfinite(self.tolerance_points) and self.tolerance_points >= 0):
            raise ValueError(f"tolerance_points must be a number >= 0, not {self.tolerance_points!r}")
        if not (math.isfinite(self.ahead_points) and self.ahead_points >= 0):
            raise ValueError(f"ahead_points must be a number >= 0, not {self.ahead_points!r}")
        if not (math.isfinite(self.amber_points) and 0 <= self.amber_points <= self.tolerance_points):
            raise ValueError(f"amber_points must be a number from 0 to tolerance_points, not {self.amber_points!r}")
        if isinstance(self.projection_window, bool) or not (
            isinstance(self.projection_window, int) and self.projection_window >= 1
        ):
            raise ValueError(f"projection_window must be a whole number >= 1, not {self.projection_window!r}")


DEFAULT_SETTINGS = Settings()

# Expected cumulative share of the target by the end of each month, January..December.
Trajectory = tuple[float, ...]

_NO_TRAJECTORIES: Mapping[str, Trajectory] = MappingProxyType({})
_EPS = 1e-9


def linear_trajectory(deadline_month: int = 12) -> Trajectory:
    """The default schedule: an equal share each month up to the deadline, min(1, m / deadline)."""
    _check_month(deadline_month, "deadline_month")
    return tuple(min(1.0, m / deadline_month) for m in range(1, 13))


def validate_trajectory(values: Iterable[Any], lang: str = "zh") -> list[str]:
    """Problems with a custom trajectory (empty if none): the rules of targets.trajectories, as messages."""
    return [issue.message(lang) for issue in trajectory_issues(values)]


def _trajectory(indicator: Indicator, trajectories: Mapping[str, Trajectory]) -> Trajectory | None:
    custom = trajectories.get(indicator.code)
    if custom is None:
        return None
    problems = validate_trajectory(custom, "en")
    if problems:
        raise ValueError(f"trajectory of {indicator.code}: " + "; ".join(problems))
    return tuple(float(v) for v in custom)


def deadline_of(indicator: Indicator, trajectories: Mapping[str, Trajectory] = _NO_TRAJECTORIES) -> int:
    """The month by whose end the target is due: the first month a custom trajectory reaches 1.0,
    else the indicator's deadline_month."""
    custom = _trajectory(indicator, trajectories)
    if custom is not None:
        return next(m for m, share in enumerate(custom, start=1) if share >= 1.0 - _EPS)
    _check_month(indicator.deadline_month, f"deadline_month of {indicator.code}")
    return indicator.deadline_month


def expected_share(
    indicator: Indicator, month: int, trajectories: Mapping[str, Trajectory] = _NO_TRAJECTORIES
) -> float:
    """The share of the target expected by the end of month (0 = start of the year, 0.0)."""
    if month == 0:
        return 0.0
    _check_month(month, "month")
    custom = _trajectory(indicator, trajectories)
    if custom is not None:
        return min(1.0, custom[month - 1])
    deadline = deadline_of(indicator)
    return min(1.0, month / deadline)


# --- results -------------------------------------------------------------------------------------


class _Worded:
    """A status that says why (`words`), read in either language."""

    words: Explanation

    @property
    def explanation_zh(self) -> str:
        return self.words.text("zh")

    @property
    def explanation_en(self) -> str:
        return self.words.text("en")

    def explanation(self, lang: str = "zh") -> str:
        return self.words.text(lang)


@dataclass(frozen=True)
class IndicatorStatus(_Worded):
    code: str
    task_code: str
    area_code: str
    actual: float | None  # the figure of latest_month (cumulative for counts, the level for rates)
    target: float | None  # the target used (the regional one when targets were given)
    progress: float | None  # actual / target; may exceed 1.0; None for a ceiling (no share of completion)
    expected: float | None  # expected share at as_of: the schedule's for counts, 1.0 for a rate (a level);
    # None for standard, per_person and ceilings
    status: Status
    severity: Severity | None
    gap_points: float | None  # (progress - expected) x 100; None where nothing is expected
    latest_month: int | None  # the month of the figure judged (figure_month in JSON)
    projection: float | None  # estimate at the deadline from the recent pace (cumulative counts only)
    projection_misses: bool
    words: Explanation  # why, in both languages (explanation())
    direction: Direction = Direction.HIGHER  # lower: a ceiling not to exceed
    stale: bool = False  # judged on a figure older than the month shown (沿用X月数据)

    def stale_note(self, lang: str = "zh") -> str:
        """The visible marker of a stale figure, "沿用9月数据" / "September figures carried forward"; else ""."""
        return stale_note(self.latest_month, lang) if self.stale else ""

    @property
    def style(self) -> str:
        return style_key(self.status, self.severity)


@dataclass(frozen=True)
class TaskStatus(_Worded):
    code: str
    area_code: str
    status: Status
    severity: Severity | None
    indicator_codes: tuple[str, ...]
    projection_misses: bool  # any of its indicators
    worst_indicator: str | None
    gap_points: float | None  # the worst indicator's
    words: Explanation  # the worst indicator's, behind its name when the task has several

    @property
    def style(self) -> str:
        return style_key(self.status, self.severity)


_COUNT_FIELDS = (
    "done",
    "ahead",
    "on_pace",
    "lagging",
    "lagging_amber",
    "lagging_red",
    "no_data",
    "projection_misses",
    "total_catalogued",
)


@dataclass(frozen=True)
class Summary:
    """Counts of TASKS by status for the whole plan."""

    done: int
    ahead: int
    on_pace: int
    lagging: int
    lagging_amber: int
    lagging_red: int
    no_data: int
    projection_misses: int
    total_catalogued: int  # tasks in the catalogue
    declared_tasks: int  # tasks the plan declares (may exceed the catalogued ones)

    def as_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in (*_COUNT_FIELDS, "declared_tasks")}


@dataclass(frozen=True)
class AreaStatus:
    """Counts of one area's tasks by status, and the mean progress of its indicators with data."""

    code: str
    done: int
    ahead: int
    on_pace: int
    lagging: int
    lagging_amber: int
    lagging_red: int
    no_data: int
    projection_misses: int
    total_catalogued: int
    mean_progress: float | None  # mean of progress clamped to [0, 1]; None if no indicator has progress
    indicators_with_data: int

    def as_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"code": self.code}
        doc.update({name: getattr(self, name) for name in _COUNT_FIELDS})
        doc["mean_progress"] = _round(self.mean_progress, 4)
        doc["indicators_with_data"] = self.indicators_with_data
        return doc


@dataclass(frozen=True)
class Coverage:
    """How many of the plan's indicators have a figure for the month shown: "10月：已报 1 / 31 项指标"."""

    month: int
    reported: int
    total: int

    def text(self, lang: str = "zh") -> str:
        return t("status.coverage", lang, month=month_label(self.month, lang), reported=self.reported, total=self.total)

    @property
    def complete(self) -> bool:
        return self.reported == self.total

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {"month": self.month, "reported": self.reported, "total": self.total, "text": self.text(lang)}


@dataclass(frozen=True)
class PlanStatus:
    year: int
    as_of: int
    indicators: tuple[IndicatorStatus, ...]  # in plan order
    tasks: tuple[TaskStatus, ...]  # in plan order
    summary: Summary
    areas: tuple[AreaStatus, ...]  # in plan order

    @property
    def coverage(self) -> Coverage:
        """Indicators with a figure for the month shown itself (the others are judged on an older one, stale)."""
        reported = sum(1 for i in self.indicators if i.latest_month == self.as_of)
        return Coverage(self.as_of, reported, len(self.indicators))

    def stale(self) -> list[IndicatorStatus]:
        """Indicators judged on a figure older than the month shown, in plan order."""
        return [i for i in self.indicators if i.stale]

    @cached_property
    def _by_code(self) -> dict[tuple[str, str], IndicatorStatus | TaskStatus | AreaStatus]:
        """Every indicator, task and area by its code, once: a ranking looks up 60 indicators in 100 regions."""
        return by_code(i=self.indicators, t=self.tasks, a=self.areas)

    def indicator(self, code: str) -> IndicatorStatus:
        return self._by_code[("i", code)]  # type: ignore[return-value]

    def task(self, code: str) -> TaskStatus:
        return self._by_code[("t", code)]  # type: ignore[return-value]

    def area(self, code: str) -> AreaStatus:
        return self._by_code[("a", code)]  # type: ignore[return-value]

    def lagging_tasks(self) -> list[TaskStatus]:
        """Lagging tasks, worst first: red before amber, then the furthest behind, then plan order."""
        position = {ts.code: n for n, ts in enumerate(self.tasks)}
        lagging = [ts for ts in self.tasks if ts.status is Status.LAGGING]
        return sorted(
            lagging, key=lambda ts: (rank(ts.status, ts.severity), _gap_key(ts.gap_points), position[ts.code])
        )


def _gap_key(gap: float | None) -> float:
    # No gap (a failed standard, an amount per person below the standard) sorts as the worst.
    return -math.inf if gap is None else gap


# --- computing -----------------------------------------------------------------------------------


def latest_month_with_data(figures: Mapping[tuple[str, int], float | None]) -> int | None:
    """The latest month any indicator has a figure for (one early figure moves it: not a default month)."""
    months = [m for (_, m), v in figures.items() if _present(v)]
    return max(months) if months else None


HEADLINE_SHARE = 0.5  # the share of reporting indicators that must have reached the headline month


def headline_month(figures: Mapping[tuple[str, int], float | None], share: float = HEADLINE_SHARE) -> int | None:
    """The default "as of" month: the latest month that at least `share` (half) of the indicators that
    report at all have reached (their latest figure is for that month or later); never today's date,
    never moved by one early figure. Given approved figures only, it is the month approved for most.
    """
    latest: dict[str, int] = {}
    for (code, month), value in figures.items():
        if _present(value) and month > latest.get(code, 0):
            latest[code] = month
    if not latest:
        return None
    months = sorted(latest.values(), reverse=True)
    need = max(1, math.ceil(len(months) * share - _EPS))
    return months[need - 1]


def stale_note(month: int | None, lang: str = "zh") -> str:
    """沿用9月数据 / September figures carried forward: the marker of a figure older than the month shown."""
    return "" if month is None else t("status.stale", lang, month=month_label(month, lang))


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


_MONTHS = frozenset(range(1, 13))


Points = Mapping[str, list[tuple[int, float]]]  # indicator code -> [(month, value)], months ascending


def _series(figures: Mapping[tuple[str, int], float | None]) -> dict[str, list[tuple[int, float]]]:
    """One region's figures grouped by indicator, months ascending; unreported (None, NaN) left out."""
    by_code: dict[str, list[tuple[int, float]]] = {}
    for (code, month), value in figures.items():
        _add_point(by_code, code, month, value)
    for points in by_code.values():
        points.sort()
    return by_code


def _add_point(by_code: dict[str, list[tuple[int, float]]], code: str, month: int, value: float | None) -> None:
    if value is None or value != value:  # not reported, or NaN
        return
    if month not in _MONTHS:
        _check_month(month, f"month of {code}")
    points = by_code.get(code)
    if points is None:
        by_code[code] = [(month, float(value))]
    else:
        points.append((month, float(value)))


def series_by_region(
    figures: Mapping[tuple[str, str, int], float | None],
) -> dict[str, dict[str, list[tuple[int, float]]]]:
    """Every region's figures grouped by indicator in one pass (what compute_status takes as points=), so
    judging a hundred regions for two months reads each figure once, not twice per region."""
    by_region: dict[str, dict[str, list[tuple[int, float]]]] = {}
    months = _MONTHS
    for (code, region, month), value in figures.items():  # _add_point inlined: 72,000 figures at 20 plan-years
        if value is None or value != value:
            continue
        if month not in months:
            _check_month(month, f"month of {code}")
        by_code = by_region.get(region)
        if by_code is None:
            by_code = by_region[region] = {}
        points = by_code.get(code)
        if points is None:
            by_code[code] = [(month, float(value))]
        else:
            points.append((month, float(value)))
    for by_code in by_region.values():
        for points in by_code.values():
            points.sort()
    return by_region


def _project(points: list[tuple[int, float]], deadline: int, window: int) -> float:
    """Latest cumulative plus the mean monthly increment of the last `window` reported months,
    carried to the deadline. Increments run between consecutive reported months (a gap of several
    months is spread over them); the first reported month's increment is its cumulative since month 0."""
    latest_month, latest_value = points[-1]
    base = len(points) - min(window, len(points)) - 1
    base_month, base_value = points[base] if base >= 0 else (0, 0.0)
    pace = (latest_value - base_value) / (latest_month - base_month)
    return latest_value + pace * max(0, deadline - latest_month)


class Explanation(ABC):
    """Why a status is what it is, in Chinese and English, written out only when somebody reads it: a
    ranking judges every region twice and reads none of their explanations (bench/RESULTS.md, status)."""

    __slots__ = ("_written",)

    def __init__(self) -> None:
        self._written: dict[str, str] = {}

    def text(self, lang: str = "zh") -> str:
        lang = "en" if lang == "en" else "zh"
        written = self._written.get(lang)
        if written is None:
            written = self._written[lang] = self._write(lang)
        return written

    @abstractmethod
    def _write(self, lang: str) -> str:
        """The explanation in one language, written the first time it is read."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Explanation):
            return NotImplemented
        return self.text("zh") == other.text("zh") and self.text("en") == other.text("en")

    def __hash__(self) -> int:
        return hash((self.text("zh"), self.text("en")))

    def __repr__(self) -> str:
        return f"Explanation({self.text('zh')!r})"

    def __getstate__(self) -> dict[str, str]:  # pickled written out: a copy needs no templates
        return {"zh": self.text("zh"), "en": self.text("en")}

    def __setstate__(self, state: dict[str, str]) -> None:
        self._written = dict(state)


class _Fixed(Explanation):
    """Text already written, in both languages."""

    __slots__ = ()

    def __init__(self, zh: str, en: str) -> None:
        self._written = {"zh": zh, "en": en}

    def _write(self, lang: str) -> str:
        return self._written[lang]


class _Named(Explanation):
    """Another explanation behind an indicator's name: 指标X：… / X: … (the name looked up when written)."""

    __slots__ = ("_code", "_inner", "_plan")

    def __init__(self, plan: Plan, code: str, inner: Explanation) -> None:
        super().__init__()
        self._plan, self._code, self._inner = plan, code, inner

    def _write(self, lang: str) -> str:
        found = self._plan.indicator(self._code).name
        name = found.en if lang == "en" else found.zh
        return f"{name}: {self._inner.text(lang)}" if lang == "en" else f"{name}：{self._inner.text(lang)}"


class _Text(Explanation):
    """Explanation parts (template keys and their values), joined when first read."""

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]] = []

    def add(self, key: str, **values: Any) -> None:
        self._parts.append((key, values, []))

    def extend_last(self, key: str, **values: Any) -> None:
        """Continue the last part with a clause (", exceeding the amber threshold of 10 points")."""
        self._parts[-1][2].append((key, values))

    def _write(self, lang: str) -> str:
        comma, semicolon = ("，", "；") if lang == "zh" else (", ", "; ")
        parts = []
        for key, values, clauses in self._parts:
            part = _template(key, lang).format_map(_in(values, lang))
            for clause, more in clauses:
                part += comma + _template(clause, lang).format_map(_in(more, lang))
            parts.append(part)
        text = semicolon.join(parts)
        return text[:1].upper() + text[1:] if lang == "en" else text


def _in(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """Template values in one language: a _PerLang gives its own, anything else reads the same."""
    return {name: value.get(lang) if isinstance(value, _PerLang) else value for name, value in values.items()}


@cache
def _template(key: str, lang: str) -> str:
    return t(key, lang)  # without values, t returns the template unformatted


class _PerLang:
    """A value that reads differently per language (a month name)."""

    __slots__ = ("en", "zh")

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class _Quantity(_PerLang):
    """A figure with its unit (quantity()), written in a language only when that language is read."""

    __slots__ = ("_ind", "_suffix", "_value")

    def __init__(self, value: float, ind: Indicator, per_person: bool = False):
        self._value, self._ind, self._suffix = value, ind, per_person

    def get(self, lang: str) -> str:
        text = quantity(self._value, self._ind, lang)
        if self._suffix:
            text = text.removesuffix("/人") if lang == "zh" else text.removesuffix(" per person")
        return text


@cache
def _end(month: int) -> _PerLang:
    return _PerLang(month_end(month, "zh"), month_end(month, "en"))


@cache
def _month(month: int) -> _PerLang:
    return _PerLang(month_label(month, "zh"), month_label(month, "en"))


@cache
def _deadline_text(month: int) -> _PerLang:
    return _PerLang(t("status.year_end", "zh"), t("status.year_end", "en")) if month == 12 else _end(month)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def quantity(value: float, ind: Indicator, lang: str = "zh") -> str:
    """A figure with separators and its unit, as people read it: 400,000个（次） / 400,000 postings / 95%."""
    text = format_number(value)
    if ind.kind is Kind.RATE:
        return f"{text}%"
    unit = ind.unit.get(lang)
    if not unit:
        return text
    return f"{text}{unit}" if lang == "zh" else f"{text} {unit}"


def _value(value: float, ind: Indicator) -> _PerLang:
    return _Quantity(value, ind)


def _per_person(value: float, ind: Indicator) -> _PerLang:
    """An amount per person where the sentence says 人均 / per person itself: 3,000元, 3,000 yuan."""
    return _Quantity(value, ind, per_person=True)


def _estimate(value: float, ind: Indicator) -> _PerLang:
    return _value(round(value) if abs(value) >= 100 else value, ind)


def _indicator_status(
    ind: Indicator,
    points: list[tuple[int, float]],
    as_of: int,
    settings: Settings,
    trajectories: Mapping[str, Trajectory],
    target: float | None,
    target_problem: str | None,
) -> IndicatorStatus:
    scheduled = ind.is_scheduled
    level = ind.kind is Kind.RATE and not ind.is_ceiling  # a rate to reach, judged as it stands
    if points and points[-1][0] > as_of:
        points = [p for p in points if p[0] <= as_of]
    latest_month, actual = points[-1] if points else (None, None)
    if ind.code in trajectories:
        expected = expected_share(ind, as_of, trajectories) if scheduled else None
        deadline = deadline_of(ind, trajectories)
    else:
        deadline = ind.deadline_month
        if deadline not in _MONTHS:
            _check_month(deadline, f"deadline_month of {ind.code}")
        expected = min(1.0, as_of / deadline) if scheduled else None
    if level:
        expected = 1.0  # the whole level is due at every month: no time-proportional share
    projection = _project(points, deadline, settings.projection_window) if scheduled and points else None

    text = _Text()
    progress: float | None = None
    gap: float | None = None
    severity: Severity | None = None

    if target_problem is not None:
        status = Status.NO_DATA
        text.add(f"status.explain.{target_problem}", target=format_number(target))
    elif actual is None:
        status = Status.NO_DATA
        text.add("status.explain.no_figure", when=_end(as_of))
    elif ind.is_ceiling:
        # A ceiling (控制在4.5%以内): at or below it is on pace, done from the deadline; above it is red.
        # No share of completion: 3.9% of a 4.5% ceiling is not "86.7% done".
        assert target is not None
        amounts = {"actual": _value(actual, ind), "target": _value(target, ind)}
        if actual <= target + _EPS * max(1.0, abs(target)):
            if as_of >= deadline:
                status = Status.DONE
                text.add("status.explain.ceiling_met", **amounts)
            else:
                status = Status.ON_PACE
                text.add("status.explain.ceiling_within", deadline=_end(deadline), **amounts)
        else:
            status, severity = Status.LAGGING, Severity.RED
            text.add("status.explain.ceiling_exceeded", **amounts)
    elif target == 0:
        if actual >= 0:
            status = Status.DONE
            text.add("status.explain.zero_target", actual=_value(actual, ind))
        else:
            status, severity = Status.LAGGING, Severity.RED
            text.add("status.explain.zero_target_negative", actual=_value(actual, ind))
    else:
        assert target is not None and target > 0
        progress = actual / target
        reached = actual >= target
        if ind.kind is Kind.STANDARD:
            if reached:
                status = Status.DONE
                text.add("status.explain.standard_met")
            elif as_of < deadline:
                status = Status.ON_PACE
                text.add("status.explain.standard_pending", deadline=_end(deadline))
            else:
                status, severity = Status.LAGGING, Severity.RED
                text.add("status.explain.standard_missed", deadline=_end(deadline))
        elif ind.kind is Kind.PER_PERSON:
            amounts = {"actual": _per_person(actual, ind), "target": _per_person(target, ind)}
            if reached:
                status = Status.DONE
                text.add("status.explain.per_person_met", **amounts)
            else:
                status, severity = Status.LAGGING, Severity.RED
                text.add("status.explain.per_person_below", **amounts)
        elif level:
            # A level (a rate that must reach 95%): reached is on pace, done from the deadline; below it
            # is lagging, amber within the tolerance before the deadline, else red.
            gap = round((progress - 1.0) * 100, 9)
            amounts = {"actual": _value(actual, ind), "target": _value(target, ind)}
            if reached:
                if as_of >= deadline:
                    status = Status.DONE
                    text.add("status.explain.level_met", **amounts)
                else:
                    status = Status.ON_PACE
                    text.add("status.explain.level_reached", deadline=_end(deadline), **amounts)
            else:
                status = Status.LAGGING
                late = as_of >= deadline or -gap > settings.tolerance_points
                severity = Severity.RED if late else Severity.AMBER
                text.add("status.explain.level_below", percent=_pct(progress), **amounts)
                if settings.rule_version and as_of < deadline:  # a level has no on-pace band: amber is below red
                    _rule_clause(text, settings, status, severity, gap, level=True)
        else:
            assert expected is not None
            gap = round((progress - expected) * 100, 9)
            schedule = {"expected": _pct(expected), "when": _end(as_of), "progress": _pct(progress)}
            if reached:
                status = Status.DONE
                text.add(
                    "status.explain.done",
                    actual=_value(actual, ind),
                    target=_value(target, ind),
                    percent=_pct(progress),
                )
            elif gap >= settings.ahead_points:
                status = Status.AHEAD
                text.add("status.explain.ahead", points=f"{gap:.1f}", **schedule)
            elif gap >= 0:
                status = Status.ON_PACE
                if gap < 0.05:
                    text.add("status.explain.level", **schedule)
                else:
                    text.add("status.explain.ahead", points=f"{gap:.1f}", **schedule)
            elif -gap <= settings.amber_points:
                status = Status.ON_PACE  # behind, but within the amber threshold of the rules in force
                text.add("status.explain.behind", points=f"{-gap:.1f}", **schedule)
            else:
                status = Status.LAGGING
                severity = Severity.RED if -gap > settings.tolerance_points else Severity.AMBER
                text.add("status.explain.behind", points=f"{-gap:.1f}", **schedule)
            if settings.rule_version and status is not Status.DONE:
                _rule_clause(text, settings, status, severity, gap)

    if latest_month is not None and latest_month < as_of:
        text.add("status.explain.earlier_month", latest=_month(latest_month), when=_end(as_of))
    if scheduled:
        for (m0, v0), (m1, v1) in pairwise(points):
            if v1 < v0:
                text.add(
                    "status.explain.fell",
                    before=_value(v0, ind),
                    before_month=_month(m0),
                    after=_value(v1, ind),
                    after_month=_month(m1),
                )
    projection_misses = (
        projection is not None
        and target_problem is None
        and target is not None
        and projection < target
        and status is not Status.DONE
    )
    if projection_misses:
        assert projection is not None and target is not None
        text.add(
            "status.explain.projection_miss",
            projection=_estimate(projection, ind),
            when=_deadline_text(deadline),
            target=_value(target, ind),
        )
    return IndicatorStatus(
        code=ind.code,
        task_code=ind.task_code,
        area_code=ind.area_code,
        actual=actual,
        target=target,
        progress=progress,
        expected=expected,
        status=status,
        severity=severity,
        gap_points=gap,
        latest_month=latest_month,
        projection=projection,
        projection_misses=projection_misses,
        words=text,
        direction=ind.direction,
        stale=latest_month is not None and latest_month < as_of,
    )


def _rule_clause(
    text: _Text, settings: Settings, status: Status, severity: Severity | None, gap: float, level: bool = False
) -> None:
    """Name the threshold that decided a schedule status and the rule version (targets.rules)."""
    values = {"version": settings.rule_version, "ahead": format_number(settings.ahead_points)}
    values.update(amber=format_number(settings.amber_points), red=format_number(settings.tolerance_points))
    if severity is Severity.RED:
        key = "red"
    elif severity is Severity.AMBER:
        key = "amber" if settings.amber_points > 0 and not level else "amber_below_red"
    elif status is Status.AHEAD:
        key = "ahead"
    elif gap < 0:
        key = "within_amber"
    else:
        key = "on_pace"
    text.extend_last(f"rules.clause.{key}", **values)


def _resolve_target(ind: Indicator, targets: Mapping[str, float] | None) -> tuple[float | None, str | None]:
    """The target to judge against and, if it cannot be used, why (an explanation key)."""
    if targets is not None:
        if ind.code not in targets or not _present(targets[ind.code]):
            return None, "no_regional_target"
        value: Any = targets[ind.code]
    else:
        value = ind.target
    if not _present(value) or not math.isfinite(float(value)):
        return None, "no_target"
    value = float(value)
    if value < 0:
        return value, "negative_target"
    return value, None


def _worst_key(ist: IndicatorStatus, position: int) -> tuple[int, float, bool, int]:
    """Worst first: by status, then the furthest behind, then one whose projection misses, then plan order."""
    return (_RANK[ist.status, ist.severity], _gap_key(ist.gap_points), not ist.projection_misses, position)


def _task_status(plan: Plan, code: str, area_code: str, members: list[IndicatorStatus]) -> TaskStatus:
    if not members:
        return TaskStatus(
            code=code,
            area_code=area_code,
            status=Status.NO_DATA,
            severity=None,
            indicator_codes=(),
            projection_misses=False,
            worst_indicator=None,
            gap_points=None,
            words=_Fixed(t("status.explain.no_indicators", "zh"), t("status.explain.no_indicators", "en")),
        )
    if len(members) == 1:
        worst = members[0]
        words = worst.words
    else:
        worst = min(enumerate(members), key=lambda pair: _worst_key(pair[1], pair[0]))[1]
        words = _Named(plan, worst.code, worst.words)
    return TaskStatus(
        code=code,
        area_code=area_code,
        status=worst.status,
        severity=worst.severity,
        indicator_codes=tuple(m.code for m in members),
        projection_misses=any(m.projection_misses for m in members),
        worst_indicator=worst.code,
        gap_points=worst.gap_points,
        words=words,
    )


def _counts(tasks: Iterable[TaskStatus]) -> dict[str, int]:
    counts = dict.fromkeys(_COUNT_FIELDS, 0)
    for ts in tasks:
        counts["total_catalogued"] += 1
        counts[ts.status.value] += 1
        if ts.severity is not None:
            counts["lagging_red" if ts.severity is Severity.RED else "lagging_amber"] += 1
        if ts.projection_misses:
            counts["projection_misses"] += 1
    return counts


def judge_indicators(
    indicators: Iterable[Indicator],
    points: Points,
    as_of: int,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    trajectories: Mapping[str, Trajectory] = _NO_TRAJECTORIES,
    targets: Mapping[str, float] | None = None,
) -> tuple[IndicatorStatus, ...]:
    """Each indicator's status alone, without its task and area: what a ranking of last month needs."""
    return tuple(
        _indicator_status(ind, points.get(ind.code, []), as_of, settings, trajectories, *_resolve_target(ind, targets))
        for ind in indicators
    )


def compute_status(
    plan: Plan,
    figures: Mapping[tuple[str, int], float],
    as_of: int,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    trajectories: Mapping[str, Trajectory] = _NO_TRAJECTORIES,
    targets: Mapping[str, float] | None = None,
    points: Points | None = None,
) -> PlanStatus:
    """Judge every indicator of plan for ONE region as of the end of month as_of.

    figures: (indicator code, month) -> cumulative value to the end of that month; months after
    as_of are ignored. targets: per-indicator targets for the region (an indicator missing from it
    has no target there); None means the plan's own targets. points: the same figures already grouped by
    indicator (series_by_region), when judging many regions; figures is then not read.
    """
    _check_month(as_of, "as_of")
    series = _series(figures) if points is None else points
    indicators = judge_indicators(
        plan.indicators, series, as_of, settings=settings, trajectories=trajectories, targets=targets
    )
    by_task: dict[str, list[IndicatorStatus]] = {}
    for ist in indicators:
        by_task.setdefault(ist.task_code, []).append(ist)
    tasks = tuple(_task_status(plan, task.code, task.area_code, by_task.get(task.code, [])) for task in plan.tasks)
    summary = Summary(**_counts(tasks), declared_tasks=plan.declared_tasks)
    progress_by_area: dict[str, list[float]] = {}
    for ist in indicators:
        if ist.progress is not None:
            progress_by_area.setdefault(ist.area_code, []).append(max(0.0, min(1.0, ist.progress)))
    tasks_by_area: dict[str, list[TaskStatus]] = {}
    for ts in tasks:
        tasks_by_area.setdefault(ts.area_code, []).append(ts)
    areas = []
    for area in plan.areas:
        progresses = progress_by_area.get(area.code, [])
        areas.append(
            AreaStatus(
                code=area.code,
                **_counts(tasks_by_area.get(area.code, [])),
                mean_progress=sum(progresses) / len(progresses) if progresses else None,
                indicators_with_data=len(progresses),
            )
        )
    return PlanStatus(plan.year, as_of, indicators, tasks, summary, tuple(areas))


# --- JSON ------------------------------------------------------------------------------------------


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def status_json(ps: PlanStatus, lang: str = "zh") -> dict[str, Any]:
    """The status as the CLI prints it with --json; progress and expected are fractions (0.55 = 55%)."""
    return {
        "year": ps.year,
        "as_of": f"{ps.year}-{ps.as_of:02d}",
        "indicators": [
            {
                "code": i.code,
                "task": i.task_code,
                "area": i.area_code,
                "actual": _round(i.actual, 4),
                "target": _round(i.target, 4),
                "progress": _round(i.progress, 4),
                "expected": _round(i.expected, 4),
                "status": i.status.value,
                "severity": i.severity.value if i.severity else None,
                "gap_points": _round(i.gap_points, 2),
                "latest_month": i.latest_month,
                "projection": _round(i.projection, 2),
                "projection_misses": i.projection_misses,
                "explanation": i.explanation(lang),
                "direction": i.direction.value,
                "figure_month": i.latest_month,
                "stale": i.stale,
                "stale_note": i.stale_note(lang) or None,
            }
            for i in ps.indicators
        ],
        "tasks": [
            {
                "code": ts.code,
                "area": ts.area_code,
                "status": ts.status.value,
                "severity": ts.severity.value if ts.severity else None,
                "projection_misses": ts.projection_misses,
                "explanation": ts.explanation(lang),
            }
            for ts in ps.tasks
        ],
        "areas": [a.as_json() for a in ps.areas],
        "summary": ps.summary.as_json(),
        "coverage": ps.coverage.as_json(lang),
    }
