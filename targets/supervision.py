"""The supervision ledger (督办台账): items that chase a lagging task or indicator until it is closed.

An item names its subject (a task, an indicator, or a department that has stopped reporting), its
level (提醒 reminder, 督办 supervision, 挂牌督办 public listing for the worst), the reason frozen at
opening (the status explanation of that month, in both languages), the rectification measures
(整改措施), the responsible department and person and a deadline; progress notes follow, dated.
Only an administrator closes (销号) an item, once its subject is back on pace or done, with the
evidence recorded (闭环). Overdue is judged on an injected clock, never on the wall clock.

The suggested list for a month is computed from the status (red laggards, tasks whose projection
misses the target, departments silent for two months); an administrator accepts or dismisses each
suggestion, and nothing is opened silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from targets.i18n import t
from targets.model import Plan
from targets.periods import UNASSIGNED, department_label, department_map, departments
from targets.rules import Escalation
from targets.status import PlanStatus, Severity, Status, month_label


class Level(StrEnum):
    REMINDER = "reminder"  # 提醒
    SUPERVISION = "supervision"  # 督办
    LISTED = "listed"  # 挂牌督办: public listing, for the worst laggards


LEVEL_RANK = {Level.LISTED: 0, Level.SUPERVISION: 1, Level.REMINDER: 2}
LEVEL_ICONS = {Level.REMINDER: "🔔", Level.SUPERVISION: "📌", Level.LISTED: "🚩"}


class ItemState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # 销号


class SubjectKind(StrEnum):
    TASK = "task"
    INDICATOR = "indicator"
    DEPARTMENT = "department"  # a department's reporting duty (silent for two months)


class SuggestionKind(StrEnum):
    RED = "red"  # a task lagging red
    PROJECTION = "projection"  # a task whose projection misses the target (not red)
    SILENT = "silent"  # a department without figures for two months
    WORD = "word"  # the department's own word: 难以完成, or 有风险 two months running (targets.narratives)


# Back on pace: the statuses that let an item on a task or indicator be closed.
BACK_ON_PACE = frozenset({Status.DONE, Status.AHEAD, Status.ON_PACE})


def level_label(level: Level | str, lang: str = "zh") -> str:
    level = Level(level)
    return f"{LEVEL_ICONS[level]} {t(f'supervision.level.{level.value}', lang)}"


def state_label(state: ItemState | str, lang: str = "zh") -> str:
    return t(f"supervision.state.{ItemState(state).value}", lang)


@dataclass(frozen=True)
class Problem:
    """Why something cannot be done, in both languages (errors as values)."""

    code: str
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _problem(rule: str, **values: object) -> Problem:
    return Problem(
        rule, t(f"supervision.problem.{rule}", "zh", **values), t(f"supervision.problem.{rule}", "en", **values)
    )


@dataclass(frozen=True)
class Note:
    at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class Item:
    id: int
    year: int
    subject_kind: SubjectKind
    subject_code: str
    level: Level
    as_of: int  # the month whose status gave the reason
    reason_zh: str
    reason_en: str
    measures: str
    department: str
    person: str | None
    deadline: date
    state: ItemState
    opened_by: str
    opened_at: datetime
    closed_by: str | None = None
    closed_at: datetime | None = None
    evidence: str | None = None
    suggestion_key: str | None = None
    notes: tuple[Note, ...] = ()

    def reason(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh

    def overdue(self, today: date) -> bool:
        """Open past its deadline (the deadline day itself is still in time)."""
        return self.state is ItemState.OPEN and today > self.deadline

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.deadline).days) if self.state is ItemState.OPEN else 0

    def concerns_task(self, plan: Plan, task_code: str) -> bool:
        """The item is about this task or one of its indicators."""
        if self.subject_kind is SubjectKind.TASK:
            return self.subject_code == task_code
        if self.subject_kind is SubjectKind.INDICATOR:
            return any(i.code == self.subject_code for i in plan.indicators_of(task_code))
        return False

    def as_json(self, today: date, lang: str = "zh") -> dict[str, object]:
        return {
            "id": self.id,
            "year": self.year,
            "subject_kind": self.subject_kind.value,
            "subject": self.subject_code,
            "level": self.level.value,
            "as_of": f"{self.year}-{self.as_of:02d}",
            "reason": self.reason(lang),
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "measures": self.measures,
            "department": self.department,
            "person": self.person,
            "deadline": self.deadline.isoformat(),
            "state": self.state.value,
            "overdue": self.overdue(today),
            "days_overdue": self.days_overdue(today),
            "opened_by": self.opened_by,
            "opened_at": self.opened_at.isoformat(timespec="seconds"),
            "closed_by": self.closed_by,
            "closed_at": self.closed_at.isoformat(timespec="seconds") if self.closed_at else None,
            "evidence": self.evidence,
            "suggestion": self.suggestion_key,
            "notes": [
                {"at": n.at.isoformat(timespec="seconds"), "author": n.author, "text": n.text} for n in self.notes
            ],
        }


def subject_name(plan: Plan, kind: SubjectKind | str, code: str, lang: str = "zh") -> str:
    """ "ELD-02 合作助老餐厅和助餐点", or a department's name."""
    kind = SubjectKind(kind)
    try:
        if kind is SubjectKind.TASK:
            return f"{code} {plan.task(code).name.get(lang)}"
        if kind is SubjectKind.INDICATOR:
            return f"{code} {plan.indicator(code).name.get(lang)}"
    except StopIteration:
        return code
    return department_label(code, lang)


def subject_department(plan: Plan, kind: SubjectKind | str, code: str, status: PlanStatus | None = None) -> str:
    """The department answerable for a subject: an indicator's lead unit; for a task, that of its worst
    indicator (else its first indicator, else the task's own lead unit); a department is itself."""
    kind = SubjectKind(kind)
    dept_of = department_map(plan)
    if kind is SubjectKind.INDICATOR:
        return dept_of.get(code, UNASSIGNED)
    if kind is SubjectKind.TASK:
        worst = status.task(code).worst_indicator if status is not None else None
        members = [i.code for i in plan.indicators_of(code)]
        if worst is None and members:
            worst = members[0]
        if worst is not None:
            return dept_of.get(worst, UNASSIGNED)
        return plan.task(code).lead_unit or UNASSIGNED
    return code


# --- opening and closing -----------------------------------------------------------------------------


def subject_exists(plan: Plan, kind: SubjectKind | str, code: str) -> bool:
    kind = SubjectKind(kind)
    if kind is SubjectKind.TASK:
        return any(x.code == code for x in plan.tasks)
    if kind is SubjectKind.INDICATOR:
        return any(x.code == code for x in plan.indicators)
    return code in departments(plan)


def subject_kind_of(plan: Plan, code: str) -> SubjectKind | None:
    """What a bare code names: a task, an indicator, or a department (for `supervise open CODE`)."""
    for kind in (SubjectKind.INDICATOR, SubjectKind.TASK, SubjectKind.DEPARTMENT):
        if subject_exists(plan, kind, code):
            return kind
    return None


def reason_for(
    plan: Plan,
    status: PlanStatus | None,
    kind: SubjectKind | str,
    code: str,
    reported: Iterable[tuple[str, int]] = (),
) -> tuple[str, str]:
    """The reason frozen into an item at opening: the subject's status explanation that month (zh, en)."""
    kind = SubjectKind(kind)
    if status is None:
        return t("supervision.reason.no_status", "zh"), t("supervision.reason.no_status", "en")
    if kind is SubjectKind.TASK:
        ts = status.task(code)
        return ts.explanation("zh"), ts.explanation("en")
    if kind is SubjectKind.INDICATOR:
        ist = status.indicator(code)
        return ist.explanation("zh"), ist.explanation("en")
    last = silent_departments(plan, reported, status.as_of).get(code, "reported")
    if last == "reported":
        return t("supervision.reason.reporting", "zh"), t("supervision.reason.reporting", "en")
    return _silent_reason(code, status.as_of, last)


def opening_problems(
    plan: Plan,
    *,
    kind: SubjectKind | str,
    code: str,
    level: Level | str,
    measures: str,
    department: str,
    deadline: date | None,
    today: date,
) -> list[Problem]:
    """What is missing or wrong in a new item (empty: it may be opened)."""
    problems = []
    try:
        kind = SubjectKind(kind)
    except ValueError:
        return [_problem("unknown_kind", kind=kind)]
    if not subject_exists(plan, kind, code):
        problems.append(_problem("unknown_subject", code=code))
    try:
        Level(level)
    except ValueError:
        problems.append(_problem("unknown_level", level=level))
    if not (measures or "").strip():
        problems.append(_problem("no_measures"))
    if not (department or "").strip():
        problems.append(_problem("no_department"))
    if deadline is None:
        problems.append(_problem("no_deadline"))
    elif deadline < today:
        problems.append(_problem("deadline_past", deadline=deadline.isoformat()))
    return problems


def closing_problem(
    item: Item,
    evidence: str,
    status: PlanStatus | None,
    silent: Mapping[str, int | None] | None = None,
) -> Problem | None:
    """Why the item cannot be closed now (None: it can): closed already, no evidence, or its subject is
    not back on pace or done in the current status (a department: not reporting again)."""
    if item.state is ItemState.CLOSED:
        return _problem("already_closed", id=item.id)
    if not (evidence or "").strip():
        return _problem("no_evidence")
    if item.subject_kind is SubjectKind.DEPARTMENT:
        if status is None or item.subject_code in (silent or {}):
            return _problem("still_silent", dept=item.subject_code)
        return None
    if status is None:
        return _problem("not_back_on_pace", subject=item.subject_code, status="—")
    if item.subject_kind is SubjectKind.TASK:
        now = status.task(item.subject_code)
    else:
        now = status.indicator(item.subject_code)
    if now.status not in BACK_ON_PACE:
        from targets.dashboard import status_text

        return Problem(
            "not_back_on_pace",
            t(
                "supervision.problem.not_back_on_pace",
                "zh",
                subject=item.subject_code,
                status=status_text(now.status, now.severity, "zh"),
            ),
            t(
                "supervision.problem.not_back_on_pace",
                "en",
                subject=item.subject_code,
                status=status_text(now.status, now.severity, "en"),
            ),
        )
    return None


def note_problem(item: Item, text: str) -> Problem | None:
    if item.state is ItemState.CLOSED:
        return _problem("closed_no_notes", id=item.id)
    if not (text or "").strip():
        return _problem("empty_note")
    return None


# --- the ledger ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFilter:
    """None means any."""

    level: Level | None = None
    department: str | None = None
    state: ItemState | None = None
    overdue: bool | None = None


def ledger(items: Iterable[Item], today: date, flt: LedgerFilter = LedgerFilter()) -> list[Item]:
    """The filtered ledger, open before closed, overdue first, then by level (listed first) and deadline."""
    chosen = [
        i
        for i in items
        if (flt.level is None or i.level is flt.level)
        and (flt.department is None or i.department == flt.department)
        and (flt.state is None or i.state is flt.state)
        and (flt.overdue is None or i.overdue(today) is flt.overdue)
    ]
    return sorted(
        chosen,
        key=lambda i: (i.state is ItemState.CLOSED, not i.overdue(today), LEVEL_RANK[i.level], i.deadline, i.id),
    )


def overdue_items(items: Iterable[Item], today: date) -> list[Item]:
    return [i for i in ledger(items, today, LedgerFilter(overdue=True))]


# --- the suggested list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    key: str  # "red:ELD-02", "projection:HEA-02", "silent:省住建厅": one decision per key and month
    kind: SuggestionKind
    subject_kind: SubjectKind
    subject_code: str
    department: str
    level: Level  # the level proposed; the administrator may choose another on accepting
    reason_zh: str
    reason_en: str
    months_red: int | None = None  # a red task: the months it has run red (targets.rules), when known
    escalation_zh: str = ""  # why this level: the months running red and the rule version (escalate_red)
    escalation_en: str = ""

    def reason(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh

    def why(self, lang: str = "zh") -> str:
        """The reason, with the escalation note when there is one (for the suggested list)."""
        note = self.escalation_en if lang == "en" else self.escalation_zh
        return f"{self.reason(lang)}{'; ' if lang == 'en' else '；'}{note}" if note else self.reason(lang)

    def as_json(self, lang: str = "zh") -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind.value,
            "subject_kind": self.subject_kind.value,
            "subject": self.subject_code,
            "department": self.department,
            "level": self.level.value,
            "reason": self.reason(lang),
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "months_red": self.months_red,
            "escalation": (self.escalation_en if lang == "en" else self.escalation_zh) or None,
        }


def silent_departments(plan: Plan, reported: Iterable[tuple[str, int]], month: int) -> dict[str, int | None]:
    """Departments with no figure at all (any indicator, any region) in month and the month before:
    department -> the last month before that they reported, or None if never. Needs two months (month >= 2).
    reported: the (indicator, month) pairs that have any figure."""
    if month < 2:
        return {}
    dept_of = department_map(plan)
    last: dict[str, int] = {}
    for code, m in reported:
        dept = dept_of.get(code)
        if dept is not None and m <= month:
            last[dept] = max(last.get(dept, 0), m)
    return {d: (last.get(d) or None) for d in departments(plan) if last.get(d, 0) < month - 1}


def _silent_reason(dept: str, month: int, last: int | None) -> tuple[str, str]:
    out = []
    for lang in ("zh", "en"):
        months = t(
            "supervision.reason.silent",
            lang,
            dept=department_label(dept, lang),
            first=month_label(month - 1, lang),
            second=month_label(month, lang),
        )
        tail = (
            t("supervision.reason.silent.never", lang)
            if last is None
            else t("supervision.reason.silent.last", lang, month=month_label(last, lang))
        )
        out.append(months + tail)
    return out[0], out[1]


def suggest(
    plan: Plan, status: PlanStatus, reported: Iterable[tuple[str, int]], escalation: Escalation | None = None
) -> list[Suggestion]:
    """The suggested list for the status month, each with its reason:

    - red laggards (tasks lagging red), worst first: 挂牌督办 (listed) when the projection also misses
      the target, else 督办 (supervision);
    - tasks whose projection misses the target and are not red: 提醒 (reminder);
    - departments with no figures for the month and the month before: 提醒 (reminder).

    With an escalation (the alert rules, targets.rules), a red task's level follows its months running red
    instead (escalate_red).
    """
    out: list[Suggestion] = []
    red = [ts for ts in status.lagging_tasks() if ts.severity is Severity.RED]
    red_codes = {ts.code for ts in red}
    for ts in red:
        out.append(
            Suggestion(
                f"{SuggestionKind.RED.value}:{ts.code}",
                SuggestionKind.RED,
                SubjectKind.TASK,
                ts.code,
                subject_department(plan, SubjectKind.TASK, ts.code, status),
                Level.LISTED if ts.projection_misses else Level.SUPERVISION,
                ts.explanation("zh"),
                ts.explanation("en"),
            )
        )
    for ts in status.tasks:
        if ts.projection_misses and ts.code not in red_codes:
            out.append(
                Suggestion(
                    f"{SuggestionKind.PROJECTION.value}:{ts.code}",
                    SuggestionKind.PROJECTION,
                    SubjectKind.TASK,
                    ts.code,
                    subject_department(plan, SubjectKind.TASK, ts.code, status),
                    Level.REMINDER,
                    ts.explanation("zh"),
                    ts.explanation("en"),
                )
            )
    for dept, last in silent_departments(plan, reported, status.as_of).items():
        zh, en = _silent_reason(dept, status.as_of, last)
        out.append(
            Suggestion(
                f"{SuggestionKind.SILENT.value}:{dept}",
                SuggestionKind.SILENT,
                SubjectKind.DEPARTMENT,
                dept,
                dept,
                Level.REMINDER,
                zh,
                en,
            )
        )
    return escalate_red(out, status, escalation) if escalation is not None else out


def escalate_red(suggestions: list[Suggestion], status: PlanStatus, escalation: Escalation) -> list[Suggestion]:
    """The red suggestions levelled by the alert rules: red fewer than suggest_after months running is 提醒,
    from suggest_after 督办, from list_after 挂牌督办 (one whose projection also misses stays 挂牌督办); the
    escalation note says how many months running and which rule version."""
    out = []
    for s in suggestions:
        if s.kind is SuggestionKind.RED:
            level = Level(escalation.level(s.subject_code))
            if status.task(s.subject_code).projection_misses:
                level = Level.LISTED
            s = replace(
                s,
                level=level,
                escalation_zh=escalation.note(s.subject_code, "zh"),
                escalation_en=escalation.note(s.subject_code, "en"),
                months_red=max(1, escalation.runs.get(s.subject_code, 0)),
            )
        out.append(s)
    return out


def pending(suggestions: Iterable[Suggestion], decided: Iterable[str], open_items: Iterable[Item]) -> list[Suggestion]:
    """The suggestions still waiting for a decision: not accepted or dismissed this month, and whose
    subject has no open item already."""
    decided = set(decided)
    busy = {(i.subject_kind, i.subject_code) for i in open_items if i.state is ItemState.OPEN}
    return [s for s in suggestions if s.key not in decided and (s.subject_kind, s.subject_code) not in busy]
