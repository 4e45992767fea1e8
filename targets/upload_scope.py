"""Which rows of an upload the acting account may write: a reporter writes only the indicators whose lead
department is their own. The preview says so before anyone ticks a box, and the reporter may drop the other
rows (on record) instead of fixing the file."""

from __future__ import annotations

from collections.abc import Iterable

from targets.access import Role, User
from targets.figures import Change, ImportPlan
from targets.issues import Issue, error
from targets.model import Plan

RULE = "not_your_department"


def foreign_indicators(plan: Plan, user: User | None, codes: Iterable[str]) -> set[str]:
    """The indicators among codes that this account may not write (a reporter's other departments'); none for
    administrators and in set-up mode."""
    if user is None or user.role is not Role.REPORTER:
        return set()
    lead = {i.code: i.lead_unit for i in plan.indicators}
    return {code for code in codes if lead.get(code) != user.department}


def scope_issues(plan: Plan, user: User, changes: Iterable[Change]) -> list[Issue]:
    """One error per indicator of another department, at its first row, naming that department."""
    foreign = foreign_indicators(plan, user, {c.key[0] for c in changes})
    first: dict[str, Change] = {}
    for change in changes:
        if change.key[0] in foreign and change.key[0] not in first:
            first[change.key[0]] = change
    lead = {i.code: i.lead_unit for i in plan.indicators}
    issues = []
    for code, change in sorted(first.items(), key=lambda item: (item[1].row or 0, item[0])):
        owner_zh = lead.get(code) or "（未载明牵头单位）"
        owner_en = lead.get(code) or "(no lead department stated)"
        issues.append(
            error(
                RULE,
                f"指标 {code} 的牵头单位是{owner_zh}，不是本账号所属的{user.department}：该指标的各行不能由本账号提交。"
                "可删去这些行后提交，或选择“只提交本单位指标”。",
                f"{code} belongs to {owner_en}, not to {user.department} that this account reports for: its rows "
                "cannot be submitted by this account. Remove them, or choose to submit only your department's rows.",
                row=change.row,
                column=change.column,
            )
        )
    return issues


def own_rows_only(plan: Plan, user: User, import_plan: ImportPlan) -> tuple[ImportPlan, list[Change]]:
    """The import plan without the rows of other departments' indicators, and the changes dropped."""
    foreign = foreign_indicators(
        plan, user, {c.key[0] for c in import_plan.changes} | {k[0] for k in import_plan.unchanged}
    )
    kept = ImportPlan(
        new=[c for c in import_plan.new if c.key[0] not in foreign],
        changed=[c for c in import_plan.changed if c.key[0] not in foreign],
        unchanged=[k for k in import_plan.unchanged if k[0] not in foreign],
    )
    dropped = [c for c in import_plan.changes if c.key[0] in foreign]
    return kept, dropped
