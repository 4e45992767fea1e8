"""The departments' own word (进展说明): writing a version (one, or a sheet of them in one transaction), and reading
the versions back. Who may write: a reporter for the tasks of their own department (the task's lead unit or one of
its indicators' lead departments), an administrator for any task. A month approved and locked for the writing
department refuses a new version, as figures do, until an administrator reopens it."""

from __future__ import annotations

from collections.abc import Iterable

from db import audit
from db import narratives as stored
from db.audit import now
from db.catalogue import load_plan
from db.meta import bump_data_version
from db.periods import locked
from db.store import Store
from services.access import authorize, logging_denials
from services.locks import locked_refusal
from targets.access import Action, Denied, Role, User
from targets.errors import Refusal
from targets.model import Plan
from targets.narratives import Draft, Problem, Word, draft_problems, latest, parse_confidence, task_departments
from targets.periods import department_label

WRITE_ACTION = Action.PERIOD_SUBMIT  # the word is part of a department's monthly report


def _plan(conn, year: int) -> Plan:
    plan = load_plan(conn, year)
    if plan is None:
        raise Refusal("no_plan", f"There is no plan for {year}.", f"没有{year}年的清单。")
    return plan


def writing_department(plan: Plan, user: User, task_code: str) -> str:
    """The department a word is written for: a reporter's own (refused unless it speaks for the task); for an
    administrator, the task's lead department."""
    depts = task_departments(plan, task_code)
    if user.role is not Role.REPORTER:
        return depts[0]
    if user.department not in depts:
        leads = "、".join(department_label(d, "zh") for d in depts)
        raise Denied(
            user.name,
            WRITE_ACTION,
            f"{user.name} reports for {user.department} and may not write the note of task {task_code} "
            f"(its departments: {', '.join(depts)}).",
            f"{user.name}属于{user.department}，不能为任务 {task_code} 填写进展说明（该任务的牵头单位为{leads}）。",
        )
    return user.department


def _refuse_problems(problems: list[Problem], row: int | None = None) -> Refusal:
    where_en = f"row {row}: " if row is not None else ""
    where_zh = f"第{row}行：" if row is not None else ""
    return Refusal(
        "invalid_note",
        where_en + " ".join(p.en for p in problems),
        where_zh + "".join(p.zh for p in problems),
        problems=[{"row": row, "field": p.field, "code": p.code, "message": p.en} for p in problems],
    )


def _write_checked(conn, plan: Plan, user: User, draft: Draft, *, source: str | None, row: int | None) -> Word:
    problems = draft_problems(plan, draft)
    if problems:
        raise _refuse_problems(problems, row)
    dept = writing_department(plan, user, draft.task_code)
    if (draft.month, dept) in locked(conn, plan.year):
        raise locked_refusal(plan.year, [(draft.month, dept)], "This progress note", "此进展说明")
    at = now()
    confidence = parse_confidence(draft.confidence)
    assert confidence is not None  # checked by draft_problems
    texts = {"progress": draft.progress or "", "problems": draft.problems or "", "next_steps": draft.next_steps or ""}
    version = stored.append(
        conn,
        year=plan.year,
        task_code=draft.task_code,
        month=draft.month,
        confidence=confidence,
        department=dept,
        actor=user.name,
        at=at,
        source=source,
        **texts,
    )
    audit.record(
        conn,
        user.name,
        "narrative.set",
        f"{plan.year}-{draft.month:02d} {draft.task_code}",
        {"version": version, "confidence": confidence.value, "department": dept, "source": source},
    )
    return Word(plan.year, draft.task_code, draft.month, version, confidence, department=dept, written_by=user.name,
                written_at=at, source=source, **texts)  # fmt: skip


def write(store: Store, year: int, draft: Draft, *, actor: str | None) -> Word:
    """Store a new version of a task's word for a month; refused (nothing written) when the draft is wrong, the
    account may not speak for the task, or the month is locked for its department."""
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, WRITE_ACTION)
        word = _write_checked(conn, _plan(conn, year), user, draft, source=None, row=None)
        bump_data_version(conn)
    return word


def write_many(
    store: Store, year: int, drafts: Iterable[tuple[int, Draft]], *, actor: str | None, source: str
) -> list[Word]:
    """A sheet of words (row number, draft) in one transaction: the first refusal names its row and nothing is
    written."""
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, WRITE_ACTION)
        plan = _plan(conn, year)
        words = [_write_checked(conn, plan, user, d, source=source, row=row) for row, d in drafts]
        if words:
            bump_data_version(conn)
    return words


def versions(store: Store, year: int) -> list[Word]:
    """Every version of the year (by task, month, version)."""
    with store.connect() as conn:
        return stored.of_year(conn, year)


def latest_words(store: Store, year: int) -> dict[tuple[str, int], Word]:
    """(task, month) -> the latest version: the department's word."""
    return latest(versions(store, year))


def import_sheet(store: Store, year: int, month: int, data: bytes, filename: str, *, actor: str | None) -> list[Word]:
    """A sheet of words (任务, 进展情况, 存在问题, 下步打算, 信心) for one month, read by the sheet readers; refused
    with every problem (sheet, row, column) and nothing written if any row is wrong."""
    from services import sandbox
    from targets.narratives import read_notes

    with store.connect() as conn:
        plan = _plan(conn, year)
    try:
        drafts, issues = sandbox.run(read_notes, data, filename, plan=plan, month=month)
    except sandbox.SandboxFailure as exc:
        raise Refusal("unreadable", exc.message("en"), exc.message("zh")) from exc
    if issues:
        raise Refusal(
            "invalid_sheet",
            " ".join(i.message_en for i in issues[:5]),
            "".join(i.message_zh for i in issues[:5]),
            issues=[i.as_json("en") for i in issues],
        )
    return write_many(store, year, drafts, actor=actor, source=filename)
