"""Alert rules a province sets (预警规则): traffic-light thresholds and escalation, versioned by month.

A rule set says how far behind schedule a task may be and still count as on pace (amber_points), beyond
which it is amber, and beyond how many points it is red (red_points); how far ahead counts as "ahead"
(ahead_points); and after how many months running red a task is suggested for 督办 (suggest_after) and
for 挂牌督办 (list_after).

Every change is a new version effective from a month of a plan year. The status of month M of year Y is
judged by the version in force then: the highest-numbered version whose effective month is at or before
(Y, M). A version made later but effective from an earlier month therefore re-judges those months (it is
on record with its reason). Version 0 is the built-in default that applies before any version is set:
the behaviour the tracker always had (any gap behind schedule is amber, beyond 10 points red, 5 points
ahead is "ahead"), so figures and explanations read as before until an administrator sets rules.

Thresholds compare "more than": a gap of exactly amber_points is on pace, exactly red_points is amber.
The on-pace band applies to the time-proportional schedule only; a rate below its target level stays
lagging (amber, red beyond red_points).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from targets.i18n import t
from targets.numbers import format_number
from targets.status import DEFAULT_SETTINGS, PlanStatus, Settings

RED = "lagging_red"


@dataclass(frozen=True)
class AlertRules:
    """The thresholds (points of progress against the schedule) and the escalation months."""

    amber_points: float = 0.0  # behind by more than this is amber (at most this: on pace)
    red_points: float = 10.0  # behind by more than this is red
    ahead_points: float = 5.0  # at least this far above the schedule is "ahead"
    suggest_after: int = 2  # red this many months running: suggest 督办
    list_after: int = 3  # red this many months running: suggest 挂牌督办

    def as_json(self) -> dict[str, Any]:
        return {
            "amber_points": self.amber_points,
            "red_points": self.red_points,
            "ahead_points": self.ahead_points,
            "suggest_after": self.suggest_after,
            "list_after": self.list_after,
        }


@dataclass(frozen=True)
class RuleProblem:
    """Why a rule set cannot be saved, in both languages."""

    code: str
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _problem(code: str, **values: object) -> RuleProblem:
    return RuleProblem(code, t(f"rules.problem.{code}", "zh", **values), t(f"rules.problem.{code}", "en", **values))


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _whole(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number == int(number) else None


def parse_rules(
    amber: object, red: object, ahead: object, suggest_after: object, list_after: object
) -> tuple[AlertRules | None, list[RuleProblem]]:
    """A rule set from values as people type them, or the problems with them (nothing half-accepted)."""
    problems: list[RuleProblem] = []
    a, r, h = _number(amber), _number(red), _number(ahead)
    s, m = _whole(suggest_after), _whole(list_after)
    for name, raw, value in (("amber_points", amber, a), ("red_points", red, r), ("ahead_points", ahead, h)):
        if value is None or not 0 <= value <= 100:
            problems.append(_problem("points", field=name, value=raw))
    for name, raw, value in (("suggest_after", suggest_after, s), ("list_after", list_after, m)):
        if value is None or not 1 <= value <= 12:
            problems.append(_problem("months", field=name, value=raw))
    if a is not None and r is not None and 0 <= a <= 100 and 0 <= r <= 100 and a >= r:
        problems.append(_problem("amber_not_below_red", amber=format_number(a), red=format_number(r)))
    if s is not None and m is not None and 1 <= s <= 12 and 1 <= m <= 12 and m < s:
        problems.append(_problem("list_before_suggest", suggest=s, list=m))
    if problems:
        return None, problems
    assert a is not None and r is not None and h is not None and s is not None and m is not None
    return AlertRules(a, r, h, s, m), []


@dataclass(frozen=True)
class RuleVersion:
    """One recorded version of the rules: who set it, when, why, and from which month it applies."""

    version: int  # 0: the built-in default
    rules: AlertRules
    from_year: int
    from_month: int
    set_by: str | None = None
    set_at: datetime | None = None
    reason: str = ""

    @property
    def starts(self) -> tuple[int, int]:
        return (self.from_year, self.from_month)

    def label(self, lang: str = "zh") -> str:
        return rule_label(self.version, lang)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "version": self.version,
            "label": self.label(lang),
            **self.rules.as_json(),
            "from": f"{self.from_year}-{self.from_month:02d}" if self.version else None,
            "set_by": self.set_by,
            "set_at": self.set_at.isoformat(sep=" ", timespec="seconds") if self.set_at else None,
            "reason": self.reason or None,
        }


def rule_label(version: int, lang: str = "zh") -> str:
    """预警规则第2版 / alert rules v2; version 0 is the built-in default."""
    return t("rules.label.default", lang) if version == 0 else t("rules.label.version", lang, version=version)


def default_version(settings: Settings = DEFAULT_SETTINGS) -> RuleVersion:
    """Version 0: the thresholds of the settings the tracker had before any rule was set."""
    return RuleVersion(0, AlertRules(settings.amber_points, settings.tolerance_points, settings.ahead_points), 0, 1)


def in_force(versions: Iterable[RuleVersion], year: int, month: int, default: RuleVersion | None = None) -> RuleVersion:
    """The version that judges month M of year Y: the highest-numbered one effective at or before it."""
    found = [v for v in versions if v.version > 0 and v.starts <= (year, month)]
    if found:
        return max(found, key=lambda v: v.version)
    return default if default is not None else default_version()


def settings_for(version: RuleVersion, base: Settings = DEFAULT_SETTINGS) -> Settings:
    """The status settings under a rule version (version 0 leaves explanations as they were)."""
    rules = version.rules
    return replace(
        base,
        tolerance_points=rules.red_points,
        amber_points=rules.amber_points,
        ahead_points=rules.ahead_points,
        rule_version=version.version or None,
    )


# --- what a change does and what escalates -------------------------------------------------------------


def colour_changes(before: PlanStatus, after: PlanStatus) -> list[tuple[str, str, str]]:
    """Tasks whose colour differs between two statuses of the same month: (task, style before, style after)."""
    old = {ts.code: ts.style for ts in before.tasks}
    return [(ts.code, old[ts.code], ts.style) for ts in after.tasks if ts.code in old and old[ts.code] != ts.style]


def red_runs(monthly: Mapping[int, Mapping[str, str | None]], as_of: int) -> dict[str, int]:
    """How many months running each subject has been red, ending with as_of.

    monthly: month -> {subject code (a task or a region) -> its style key that month, judged on that month's
    own figures and the rules then in force}. A month that is missing (no status: no figures at all) or
    where the subject is not red (amber, on pace, no data) breaks the run; 0 for a subject not red at as_of.
    """
    runs = {}
    for code in monthly.get(as_of, {}):
        n, month = 0, as_of
        while month >= 1 and monthly.get(month, {}).get(code) == RED:
            n, month = n + 1, month - 1
        runs[code] = n
    return runs


def run_text(run: int, as_of: int, lang: str = "zh") -> str:
    """连续3个月红灯（4月至6月） / red 3 months running (April to June)."""
    from targets.status import month_label

    first = as_of - run + 1
    if run == 1:
        return t("rules.run.one", lang, month=month_label(as_of, lang))
    return t(
        "rules.run",
        lang,
        run=run,
        first=month_label(first, lang),
        last=month_label(as_of, lang),
    )


def rule_json(version: RuleVersion, lang: str = "zh") -> dict[str, Any]:
    """The rule a status was judged by, for `status --json` (each task's `rule`)."""
    doc = version.as_json(lang)
    return {k: doc[k] for k in ("version", "label", *AlertRules().as_json(), "from")}


def settings_in_force(versions: Iterable[RuleVersion], base: Settings, year: int, month: int | None) -> Settings:
    """The status settings for month M of year Y under the rules then in force (base alone without a month)."""
    if not month:
        return base
    return settings_for(in_force(versions, year, month, default_version(base)), base)


@dataclass(frozen=True)
class Escalation:
    """What escalates the red tasks of a month: each task's months running red and the rule version in force."""

    runs: Mapping[str, int]
    version: RuleVersion
    as_of: int

    def level(self, code: str) -> str:
        """reminder / supervision / listed for a task red now, by the months it has run red (at least this one)."""
        run = max(1, self.runs.get(code, 0))
        if run >= self.version.rules.list_after:
            return "listed"
        if run >= self.version.rules.suggest_after:
            return "supervision"
        return "reminder"

    def note(self, code: str, lang: str = "zh") -> str:
        """连续2个月红灯（5月至6月），按预警规则第2版连续2个月建议督办、连续3个月建议挂牌督办."""
        rules = self.version.rules
        return t(
            "rules.escalation_note",
            lang,
            run=run_text(max(1, self.runs.get(code, 0)), self.as_of, lang),
            label=self.version.label(lang),
            suggest=rules.suggest_after,
            list=rules.list_after,
        )
