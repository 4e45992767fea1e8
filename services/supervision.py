"""The supervision ledger in the store: items, dated notes, closure with evidence, and the decisions on
the suggested list. Every write is authorised, on the audit log and bumps the data-version stamp.

The reason of an item is frozen at opening from the status of that month (computed before the write
transaction from the figures then stored); closure re-reads the current status and refuses unless the
subject is back on pace or done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db import audit
from db import supervision as stored
from db.audit import now
from db.catalogue import load_plan
from db.meta import bump_data_version
from db.store import Store
from services.access import authorize, logging_denials
from services.cycle import local_today
from targets.access import Action
from targets.errors import Refusal
from targets.model import Plan
from targets.status import PlanStatus
from targets.status_view import StatusView
from targets.supervision import (
    Item,
    ItemState,
    Level,
    Problem,
    SubjectKind,
    Suggestion,
    closing_problem,
    note_problem,
    opening_problems,
    reason_for,
    silent_departments,
    suggest,
)

# --- status for the ledger ---------------------------------------------------------------------------


def _refuse(problem: Problem, **extra) -> Refusal:
    return Refusal(problem.code, problem.en, problem.zh, **extra)


def _status(
    store: Store, year: int, as_of: int | None, *, latest: bool = False
) -> tuple[Plan, PlanStatus | None, list]:
    """The status as of a month (default the headline month); with latest, as of the latest month with any
    figure: a closure is judged on the subject's newest figures, not on the month the bulletins show."""
    view, keys = _view(store, year, as_of, latest=latest)
    return view.plan, view.status, keys


def _view(store: Store, year: int, as_of: int | None, *, latest: bool = False) -> tuple[StatusView, list]:
    """The status view behind _status, and the (indicator, month) pairs that have figures."""
    from services.status import load_status, reported_months
    from targets.status import latest_month_with_data

    view = load_status(store, year=year, as_of=as_of)
    newest = latest_month_with_data(view.province.series) if latest and as_of is None else None
    if newest and newest != view.as_of:
        view = load_status(store, year=year, as_of=newest)
    with store.connect() as conn:
        keys = reported_months(store, conn, year, view.plan)
    return view, keys


# --- the suggested list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionRow:
    suggestion: Suggestion
    decision: str | None  # accepted | dismissed | None (waiting)
    item_id: int | None  # the item it opened, or the open item already on its subject
    remark: str | None = None

    @property
    def waiting(self) -> bool:
        return self.decision is None and self.item_id is None

    def as_json(self, lang: str = "en") -> dict:
        return {**self.suggestion.as_json(lang), "decision": self.decision, "item": self.item_id, "remark": self.remark}


def suggestions(store: Store, year: int, month: int) -> list[SuggestionRow]:
    """The suggested list for month M of a plan year, each with the decision taken on it (if any)."""
    view, keys = _view(store, year, month)
    plan, status = view.plan, view.status
    if status is None:
        return []
    with store.connect() as conn:
        decided = stored.decisions(conn, year, month)
        open_items = [i for i in stored.items(conn, year) if i.state is ItemState.OPEN]
    busy = {(i.subject_kind, i.subject_code): i.id for i in open_items}
    rows = []
    for s in suggest(plan, status, keys, _escalation(store, view)):
        d = decided.get(s.key)
        if d:
            rows.append(SuggestionRow(s, d["decision"], d["item_id"], d["remark"]))
        else:
            rows.append(SuggestionRow(s, None, busy.get((s.subject_kind, s.subject_code))))
    rows += _word_rows(store, plan, status, rows, decided, busy)  # the departments' own word (targets.narratives)
    return rows


def _escalation(store: Store, view: StatusView):
    """The months running red and the alert rules in force, for the red suggestions (services.rules), from the
    view the suggestions are made of (one status read per list)."""
    from services.rules import escalation

    return escalation(store, view)


# --- writing -------------------------------------------------------------------------------------------


def open_item(
    store: Store,
    *,
    year: int,
    kind: SubjectKind | str,
    code: str,
    level: Level | str,
    measures: str,
    department: str,
    deadline: date | None,
    actor: str | None,
    person: str | None = None,
    as_of: int | None = None,
    suggestion_key: str | None = None,
    today: date | None = None,
) -> Item:
    """Open an item; its reason is the subject's status explanation as of month `as_of` (default: the
    headline month). With suggestion_key, the suggestion of that month is marked accepted."""
    today = today or local_today(store)
    plan, status, keys = _status(store, year, as_of)
    month = status.as_of if status is not None else (as_of or 1)
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.SUPERVISE)
        problems = opening_problems(
            plan,
            kind=kind,
            code=code,
            level=level,
            measures=measures,
            department=department,
            deadline=deadline,
            today=today,
        )
        if problems:
            raise Refusal(
                problems[0].code,
                " ".join(p.en for p in problems),
                "".join(p.zh for p in problems),
                problems=[p.code for p in problems],
            )
        kind, level = SubjectKind(kind), Level(level)
        already = [
            i
            for i in stored.items(conn, year)
            if i.state is ItemState.OPEN and (i.subject_kind, i.subject_code) == (kind, code)
        ]
        if already:
            raise Refusal(
                "already_open",
                f"{code} is already under supervision (item {already[0].id}); add a note to it instead.",
                f"{code} 已有在办督办事项（编号 {already[0].id}），请在该事项中填写进展。",
                item=already[0].id,
            )
        if suggestion_key is not None and stored.decision_exists(conn, year, month, suggestion_key):
            raise Refusal(
                "decided",
                f"The suggestion {suggestion_key} of {year}-{month:02d} was decided already.",
                f"{year}年{month}月的建议 {suggestion_key} 已处理。",
            )
        reason_zh, reason_en = reason_for(plan, status, kind, code, keys)
        reason_zh, reason_en = _with_word(conn, plan, status, suggestion_key, reason_zh, reason_en)  # 进展说明
        at = now()
        item_id = stored.insert_item(
            conn,
            {
                "year": year,
                "subject_kind": kind.value,
                "subject_code": code,
                "level": level.value,
                "as_of": month,
                "reason_zh": reason_zh,
                "reason_en": reason_en,
                "measures": measures.strip(),
                "department": department.strip(),
                "person": (person or "").strip() or None,
                "deadline": deadline,
                "opened_by": actor or "setup",
                "opened_at": at,
                "suggestion_key": suggestion_key,
            },
        )
        if suggestion_key is not None:
            stored.decide(conn, year, month, suggestion_key, "accepted", item_id, None, actor, at)
        audit.record(
            conn,
            actor or "setup",
            "supervision.open",
            f"item {item_id}",
            {
                "subject": f"{kind.value}:{code}",
                "level": level.value,
                "department": department,
                "person": person,
                "deadline": deadline.isoformat() if deadline else None,
                "suggestion": suggestion_key,
            },
        )
        bump_data_version(conn)
        return stored.item(conn, item_id)


def accept(
    store: Store,
    year: int,
    month: int,
    key: str,
    *,
    actor: str | None,
    measures: str,
    deadline: date | None,
    department: str | None = None,
    person: str | None = None,
    level: Level | str | None = None,
    today: date | None = None,
) -> Item:
    """Accept a suggestion of month M: open its item (the level and department proposed unless given)."""
    found = next((r for r in suggestions(store, year, month) if r.suggestion.key == key), None)
    if found is None:
        raise Refusal(
            "no_suggestion",
            f"There is no suggestion {key} for {year}-{month:02d}.",
            f"{year}年{month}月没有建议 {key}。",
        )
    s = found.suggestion
    return open_item(
        store,
        year=year,
        kind=s.subject_kind,
        code=s.subject_code,
        level=level or s.level,
        measures=measures,
        department=department or s.department,
        deadline=deadline,
        actor=actor,
        person=person,
        as_of=month,
        suggestion_key=key,
        today=today,
    )


def dismiss(store: Store, year: int, month: int, key: str, *, actor: str | None, reason: str | None = None) -> None:
    """Dismiss a suggestion of month M, on record; it is not proposed again for that month."""
    keys = {r.suggestion.key for r in suggestions(store, year, month)}
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.SUPERVISE)
        if key not in keys:
            raise Refusal(
                "no_suggestion",
                f"There is no suggestion {key} for {year}-{month:02d}.",
                f"{year}年{month}月没有建议 {key}。",
            )
        if stored.decision_exists(conn, year, month, key):
            raise Refusal(
                "decided",
                f"The suggestion {key} of {year}-{month:02d} was decided already.",
                f"{year}年{month}月的建议 {key} 已处理。",
            )
        at = now()
        stored.decide(conn, year, month, key, "dismissed", None, reason, actor, at)
        audit.record(conn, actor or "setup", "supervision.dismiss", f"{year}-{month:02d}/{key}", {"reason": reason})
        bump_data_version(conn)


def _get(conn, item_id: int) -> Item:
    found = stored.item(conn, item_id)
    if found is None:
        raise Refusal("no_item", f"There is no supervision item {item_id}.", f"没有编号为 {item_id} 的督办事项。")
    return found


def add_note(store: Store, item_id: int, text: str, *, actor: str | None) -> Item:
    """A dated progress note, by the responsible department's reporter or an administrator."""
    with logging_denials(store), store.transaction() as conn:
        found = _get(conn, item_id)
        authorize(conn, actor, Action.SUPERVISE_NOTE, department=found.department)
        problem = note_problem(found, text)
        if problem:
            raise _refuse(problem)
        stored.insert_note(conn, item_id, at=now(), author=actor or "setup", body=text.strip())
        audit.record(conn, actor or "setup", "supervision.note", f"item {item_id}", {"text": text.strip()})
        bump_data_version(conn)
        return stored.item(conn, item_id)


def close_item(store: Store, item_id: int, evidence: str, *, actor: str | None) -> Item:
    """Close (销号) an item, with the evidence, once its subject is back on pace or done (the latest status)."""
    with store.connect() as conn:
        found = _get(conn, item_id)
    plan, status, keys = _status(store, found.year, None, latest=True)
    silent = silent_departments(plan, keys, status.as_of) if status is not None else {}
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.SUPERVISE)
        found = _get(conn, item_id)
        problem = closing_problem(found, evidence, status, silent)
        if problem:
            raise _refuse(problem)
        stored.close_item(conn, item_id, by=actor or "setup", at=now(), evidence=evidence.strip())
        audit.record(
            conn,
            actor or "setup",
            "supervision.close",
            f"item {item_id}",
            {
                "evidence": evidence.strip(),
                "status_month": status.as_of if status else None,
            },
        )
        bump_data_version(conn)
        return stored.item(conn, item_id)


def ledger_items(store: Store, year: int) -> list[Item]:
    with store.connect() as conn:
        return stored.items(conn, year)


def plan_of(store: Store, year: int) -> Plan | None:
    with store.connect() as conn:
        return load_plan(conn, year)


def _word_rows(store: Store, plan: Plan, status: PlanStatus, rows: list, decided: dict, busy: dict) -> list:
    """The suggestions from the departments' own word (难以完成; 有风险 two months running), after the figures'."""
    from services.narratives import versions
    from targets.narratives import word_suggestions

    out = []
    for s in word_suggestions(plan, status, versions(store, status.year), [r.suggestion for r in rows]):
        d = decided.get(s.key)
        if d:
            out.append(SuggestionRow(s, d["decision"], d["item_id"], d["remark"]))
        else:
            out.append(SuggestionRow(s, None, busy.get((s.subject_kind, s.subject_code))))
    return out


def _with_word(
    conn, plan: Plan, status: PlanStatus | None, key: str | None, reason_zh: str, reason_en: str
) -> tuple[str, str]:
    """An item opened from the department's own word keeps the word it was opened on in its frozen reason."""
    from db.narratives import of_year
    from targets.narratives import word_suggestions

    if status is None or not key or not key.startswith("word:"):
        return reason_zh, reason_en
    found = next((s for s in word_suggestions(plan, status, of_year(conn, status.year)) if s.key == key), None)
    if found is None:
        return reason_zh, reason_en
    return f"{reason_zh}；{found.reason_zh}", f"{reason_en}; {found.reason_en}"
