"""The lock every write path asks before it touches a figure or a target.

A locked (approved) month refuses uploads, corrections and rollbacks that touch it, and catalogue or
regional-target changes to its department's indicators, until an administrator reopens it with a
reason. The checks run inside the writing transaction, so a month locked between a preview and its
commit still refuses.
"""

from __future__ import annotations

from collections.abc import Iterable

from db.catalogue import load_plan
from db.periods import locked
from targets.errors import Refusal
from targets.issues import Issue, error
from targets.model import Plan
from targets.periods import UNASSIGNED, department_label, department_map, month_text


def _hits_text(hits: list[tuple[int, str]], year: int, lang: str) -> str:
    sep = "; " if lang == "en" else "；"
    return sep.join(f"{month_text(year, m, lang)} {department_label(d, lang)}" for m, d in hits[:6]) + (
        "…" if len(hits) > 6 else ""
    )


def locked_hits(plan: Plan, locked_set: set[tuple[int, str]], keys: Iterable[tuple[str, int]]) -> list[tuple[int, str]]:
    """The locked (month, department) that these (indicator, month) keys fall in, sorted."""
    dept_of = department_map(plan)
    return sorted({(m, dept_of.get(code, UNASSIGNED)) for code, m in keys} & locked_set)


def locked_refusal(year: int, hits: list[tuple[int, str]], what_en: str, what_zh: str) -> Refusal:
    return Refusal(
        "locked_month",
        f"{what_en} touches a month that is approved and locked: {_hits_text(hits, year, 'en')}. "
        "Nothing was written; an administrator must reopen the month first (period reopen, with a reason).",
        f"{what_zh}涉及已审核锁定的月份：{_hits_text(hits, year, 'zh')}。未写入任何数据；"
        "如需修改，请管理员先重开该月（period reopen，须说明原因）。",
        locked=[{"month": f"{year}-{m:02d}", "department": d} for m, d in hits],
    )


def ensure_unlocked(
    conn,
    year: int,
    keys: Iterable[tuple[str, int]],
    *,
    what_en: str = "This change",
    what_zh: str = "此次修改",
    plan: Plan | None = None,
) -> None:
    """Inside a write transaction: refuse if any (indicator, month) falls in a locked month of its department."""
    keys = list(keys)
    if not keys:
        return
    locked_set = locked(conn, year)
    if not locked_set:
        return
    hits = locked_hits(plan or load_plan(conn, year), locked_set, keys)
    if hits:
        raise locked_refusal(year, hits, what_en, what_zh)


def ensure_departments_unlocked(
    conn, year: int, indicator_departments: Iterable[str], *, what_en: str, what_zh: str
) -> None:
    """Inside a write transaction: refuse a change to a whole year's targets while any month of one of
    these departments is locked (a target judges every month of the year)."""
    depts = set(indicator_departments)
    hits = sorted((m, d) for m, d in locked(conn, year) if d in depts)
    if hits:
        raise locked_refusal(year, hits, what_en, what_zh)


def lock_issues(plan: Plan, locked_set: set[tuple[int, str]], changes) -> list[Issue]:
    """An upload preview's errors for changes that fall in locked months (one per month and department)."""
    if not locked_set:
        return []
    dept_of = department_map(plan)
    first_row: dict[tuple[int, str], int | None] = {}
    for change in changes:
        code, _region, month = change.key
        hit = (month, dept_of.get(code, UNASSIGNED))
        if hit in locked_set and hit not in first_row:
            first_row[hit] = change.row
    return [
        error(
            "locked_month",
            f"{month_text(plan.year, m, 'zh')} {department_label(d, 'zh')} 的数据已审核锁定，不能修改；"
            "如需修改，请管理员先重开该月。",
            f"{month_text(plan.year, m, 'en')} of {department_label(d, 'en')} is approved and locked: its "
            "figures cannot change until an administrator reopens the month.",
            row=first_row[(m, d)],
        )
        for m, d in sorted(first_row)
    ]


_TARGET_FIELDS = ("target", "kind", "deadline_month", "lead_unit")


def catalogue_departments_touched(old: Plan | None, new: Plan) -> set[str]:
    """Departments whose indicators a catalogue change re-judges: a target, kind, deadline or lead unit
    changed, or an indicator removed (both the old and the new department count)."""
    if old is None:
        return set()
    before = {i.code: i for i in old.indicators}
    after = {i.code: i for i in new.indicators}
    touched = set()
    for code, was in before.items():
        now_ = after.get(code)
        if now_ is None or any(getattr(was, f) != getattr(now_, f) for f in _TARGET_FIELDS):
            touched.add(was.lead_unit or UNASSIGNED)
            if now_ is not None:
                touched.add(now_.lead_unit or UNASSIGNED)
    return touched


def ensure_catalogue_unlocked(conn, old: Plan | None, new: Plan) -> None:
    ensure_departments_unlocked(
        conn,
        new.year,
        catalogue_departments_touched(old, new),
        what_en="This catalogue change (targets of the year)",
        what_zh="此次目录修改（全年目标）",
    )


def ensure_targets_unlocked(conn, year: int, codes: Iterable[str], plan: Plan | None = None) -> None:
    plan = plan or load_plan(conn, year)
    dept_of = department_map(plan)
    ensure_departments_unlocked(
        conn,
        year,
        {dept_of.get(c, UNASSIGNED) for c in codes},
        what_en="This change of regional targets",
        what_zh="此次地区目标修改",
    )
