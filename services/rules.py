"""Alert rules (预警规则): show the versions, preview a change's effect on a month, record a new version.

The rules live in targets.rules. Every change is a new version with who, when, a required reason and the
month it applies from, written with its audit entry and the data-version stamp in one transaction; nothing
is ever overwritten, so the table of versions is the history. Only an account allowed to change schedules
and tolerances (administrators) may set rules; anyone may read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db import audit
from db import rules as stored
from db import status as stored_status
from db.catalogue import plan_years, resolve_year
from db.meta import bump_data_version
from db.store import Store
from services.access import authorize, authorize_now, logging_denials
from targets.access import Action
from targets.errors import Refusal
from targets.figures import region_series
from targets.rules import (
    AlertRules,
    Escalation,
    RuleProblem,
    RuleVersion,
    colour_changes,
    default_version,
    in_force,
    parse_rules,
    red_runs,
    rule_json,
    settings_for,
)
from targets.status import PlanStatus, Settings, compute_status
from targets.status_view import StatusView

SET = "rules.set"  # the audit action


@dataclass(frozen=True)
class RulesState:
    """The versions on record, the built-in default, and the version in force for a month of a year."""

    versions: tuple[RuleVersion, ...]  # oldest first
    default: RuleVersion
    base: Settings

    @property
    def latest(self) -> RuleVersion:
        return self.versions[-1] if self.versions else self.default

    def in_force(self, year: int, month: int) -> RuleVersion:
        return in_force(self.versions, year, month, self.default)

    def settings(self, year: int, month: int) -> Settings:
        return settings_for(self.in_force(year, month), self.base)

    def as_json(self, year: int | None = None, month: int | None = None, lang: str = "zh") -> dict[str, Any]:
        doc: dict[str, Any] = {
            "latest": self.latest.as_json(lang),
            "default": self.default.as_json(lang),
            "versions": [v.as_json(lang) for v in reversed(self.versions)],  # newest first, as the page shows
        }
        if year is not None and month is not None:
            doc["in_force"] = {"month": f"{year}-{month:02d}", **self.in_force(year, month).as_json(lang)}
        return doc


def state(store: Store) -> RulesState:
    with store.connect() as conn:
        base = stored_status.settings(conn)
        return RulesState(tuple(stored.versions(conn)), stored.default(conn), base)


def judged_month(store: Store, year: int | None = None, month: int | None = None) -> tuple[int | None, int | None]:
    """The plan year (default the latest) and month (default its headline month) whose rules are shown."""
    from services.status import load_status

    with store.connect() as conn:
        years = plan_years(conn)
    year = year or (max(years) if years else None)
    if year is not None and month is None:
        try:
            month = load_status(store, year=year).as_of
        except LookupError:
            month = None
    return year, month


# --- month by month: which tasks have been red how long --------------------------------------------------


def monthly_styles(view: StatusView, rules: RulesState | None = None) -> dict[int, dict[str, str]]:
    """Each month up to the view's month: task -> its colour that month, judged on the figures of months up to
    then under the rules in force then; a month with no figure at all (in the view's region) is left out."""
    if view.as_of is None:
        return {}
    rules = rules or RulesState((), default_version(view.settings), view.settings)
    year = view.plan.year
    if view.region == "province":
        series, targets = view.province.series, None
    else:
        series = region_series(view.figures, view.region)
        targets = {c: t for (c, r), t in view.region_targets.items() if r == view.region}
    reported = {m for (_, m), v in series.items() if v is not None and v == v}
    out: dict[int, dict[str, str]] = {}
    for month in range(1, view.as_of + 1):
        if month not in reported:
            continue
        ps = compute_status(
            view.plan,
            series,
            month,
            settings=settings_for(rules.in_force(year, month), view.settings),
            trajectories=view.trajectories,
            targets=targets,
        )
        out[month] = {ts.code: ts.style for ts in ps.tasks}
    return out


def task_runs(view: StatusView, rules: RulesState | None = None) -> dict[str, int]:
    """Months running each task has been red, ending with the view's month (0: not red now)."""
    if view.as_of is None:
        return {}
    return red_runs(monthly_styles(view, rules), view.as_of)


def escalation(store: Store, view: StatusView):
    """What the supervision suggestions need to escalate red tasks: the runs and the rule version in force."""
    if view.as_of is None:
        return None
    rules = state(store)
    return Escalation(task_runs(view, rules), rules.in_force(view.plan.year, view.as_of), view.as_of)


def annotate_status_json(store: Store, view: StatusView, doc: dict[str, Any], lang: str = "zh") -> None:
    """Add the rule each task was judged by (`rule`) and its months running red (`months_red`) to status JSON."""
    if view.as_of is None:
        return
    rules = state(store)
    version = rules.in_force(view.plan.year, view.as_of)
    runs = task_runs(view, rules)
    rule = rule_json(version, lang)
    doc["rule"] = rule
    for row in doc.get("tasks", []):
        row["rule"] = rule
        row["months_red"] = runs.get(row["code"], 0)


# --- preview and record ------------------------------------------------------------------------------


@dataclass
class RulesPreview:
    """A proposed rule set and its effect on one month's task colours; nothing is written."""

    rules: AlertRules | None
    problems: list[RuleProblem] = field(default_factory=list)
    year: int | None = None
    month: int | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (task, colour now, colour under the rules)
    tasks: int = 0

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "rules": self.rules.as_json() if self.rules else None,
            "problems": [{"code": p.code, "message": p.message(lang)} for p in self.problems],
            "month": f"{self.year}-{self.month:02d}" if self.year and self.month else None,
            "tasks": self.tasks,
            "changes": [{"task": c, "before": b, "after": a} for c, b, a in self.changes],
        }


def preview_rules(
    store: Store,
    *,
    amber: object,
    red: object,
    ahead: object,
    suggest_after: object,
    list_after: object,
    year: int | None = None,
    month: int | None = None,
) -> RulesPreview:
    """Check a rule set and say which tasks would change colour in the month shown (default: the headline month)."""
    from services.status import load_status

    rules, problems = parse_rules(amber, red, ahead, suggest_after, list_after)
    preview = RulesPreview(rules, problems)
    if rules is None:
        return preview
    try:
        view = load_status(store, year=year, as_of=month)
    except LookupError:
        return preview
    if view.status is None or view.as_of is None:
        return preview
    preview.year, preview.month = view.plan.year, view.as_of
    after: PlanStatus = compute_status(
        view.plan,
        view.province.series,
        view.as_of,
        settings=settings_for(RuleVersion(1, rules, view.plan.year, view.as_of), view.settings),
        trajectories=view.trajectories,
    )
    preview.changes = colour_changes(view.status, after)
    preview.tasks = len(view.status.tasks)
    return preview


def _check_month(month: object) -> int:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise Refusal(
            "bad_month", f"The effective month must be 1..12, not {month!r}.", f"生效月份应为1至12，而非{month!r}。"
        )
    return month


def set_rules(
    store: Store,
    *,
    amber: object,
    red: object,
    ahead: object,
    suggest_after: object,
    list_after: object,
    reason: str | None,
    actor: str | None,
    from_year: int | None = None,
    from_month: int | None = None,
    source: str = "page",
) -> RuleVersion:
    """Record a new rule version (effective from a month; default the headline month of the latest year)."""
    from services.status import load_status

    authorize_now(store, actor, Action.SCHEDULE)
    rules, problems = parse_rules(amber, red, ahead, suggest_after, list_after)
    if problems:
        raise Refusal(
            problems[0].code,
            "; ".join(p.en for p in problems),
            "；".join(p.zh for p in problems),
            problems=[p.code for p in problems],
        )
    assert rules is not None
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("no_reason", "A reason is required for a change of the alert rules.", "修改预警规则须填写理由。")
    with store.connect() as conn:
        from_year = resolve_year(conn, from_year)
    if from_month is None:
        try:
            from_month = load_status(store, year=from_year).as_of or 1
        except LookupError:
            from_month = 1
    from_month = _check_month(from_month)
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.SCHEDULE)
        versions = stored.versions(conn)
        before = in_force(versions, from_year, from_month, stored.default(conn))
        version = stored.insert(conn, rules, from_year=from_year, from_month=from_month, reason=reason, actor=user.name)
        audit.record(
            conn,
            user.name,
            SET,
            f"v{version.version}",
            {
                "version": version.version,
                "from": f"{from_year}-{from_month:02d}",
                "old": {"version": before.version, **before.rules.as_json()},
                "new": rules.as_json(),
                "reason": reason,
                "source": source,
            },
        )
        bump_data_version(conn)
    return version
