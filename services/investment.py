"""Investment use cases: the monthly sheet of completed investment (preview, then commit in one transaction),
the planned amounts from the task table, and the shares the pages, exports and `status --json` show."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from db import audit
from db import investment as stored
from db.catalogue import load_plan, resolve_year
from db.meta import bump_data_version
from db.store import Store
from services import sandbox
from services.access import authorize, authorize_now, logging_denials
from targets.access import Action, Role, User
from targets.errors import Refusal
from targets.investment import (
    Amounts,
    InvestmentChange,
    InvestmentSummary,
    Problem,
    over_plan,
    read_investment_file,
    summarise,
    task_departments,
    template_xlsx,
    to_cumulative,
)
from targets.issues import HasIssues, Issue, error, warning
from targets.sheets import SheetError


def _issue(p: Problem, severity: str, sheet: str | None) -> Issue:
    made = (error if severity == "error" else warning)(p.rule, p.zh, p.en, row=p.row, column=p.column or None)
    return dataclasses.replace(made, sheet=sheet)


@dataclass
class InvestmentPreview(HasIssues):
    """What a sheet of completed investment would change, and its issues, before anyone confirms."""

    year: int
    month: int | None
    filename: str
    sha256: str
    content: bytes
    rows_read: int = 0
    changes: list[InvestmentChange] = field(default_factory=list)
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    base: dict = field(default_factory=dict)  # the stored amounts the preview was computed against

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "year": self.year,
            "month": self.month,
            "filename": self.filename,
            "sha256": self.sha256,
            "rows_read": self.rows_read,
            "new": sum(1 for c in self.changes if c.old is None),
            "changed": sum(1 for c in self.changes if c.old is not None),
            "unchanged": self.unchanged,
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
            "changes": [
                {
                    "task": c.task_code,
                    "month": c.month,
                    "old": c.old.as_json() if c.old else None,
                    "new": c.new.as_json(),
                    "row": c.row,
                    "column": c.column,
                }
                for c in self.changes
            ],
        }


def _foreign(plan, user: User | None, codes: set[str]) -> set[str]:
    if user is None or user.role is not Role.REPORTER:
        return set()
    leads = task_departments(plan)
    return {c for c in codes if user.department not in leads.get(c, set())}


def preview_investment(
    store: Store, data: bytes, filename: str, *, year: int | None = None, month: int | None = None, actor: str | None
) -> InvestmentPreview:
    """Read and check a sheet of completed investment against the plan and the stored amounts; writes nothing."""
    user = authorize_now(store, actor, Action.UPLOAD) if actor is not None else None
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        current = stored.completed(conn, year)
        planned = stored.planned(conn, year)
    preview = InvestmentPreview(year, month, filename, hashlib.sha256(data).hexdigest(), data, base=current)
    try:
        sheet, name = sandbox.run(read_investment_file, data, filename, plan, month=month)
    except SheetError as exc:
        preview.issues.append(exc.issue)
        return preview
    except sandbox.SandboxFailure as exc:
        preview.issues.append(error("unsafe_file", exc.message("zh"), exc.message("en")))
        return preview
    preview.rows_read = sheet.rows_read
    preview.issues.extend(_issue(p, "error", name) for p in sheet.errors)
    preview.issues.extend(_issue(p, "warning", name) for p in sheet.warnings)
    foreign = _foreign(plan, user, {r.task_code for r in sheet.rows})
    lead = {code: "、".join(sorted(units)) for code, units in task_departments(plan).items()}
    for row in sheet.rows:
        if row.task_code in foreign:
            preview.issues.append(
                dataclasses.replace(
                    error(
                        "not_your_department",
                        f"第{row.row}行：任务 {row.task_code} 的牵头单位是{lead.get(row.task_code) or '（未载明）'}，"
                        f"不是本账号所属的{user.department}。",
                        f"Row {row.row}: task {row.task_code} belongs to {lead.get(row.task_code) or '(none stated)'}, "
                        f"not to {user.department} that this account reports for.",
                        row=row.row,
                        column=row.column,
                    ),
                    sheet=name,
                )
            )
    if preview.errors:
        return preview
    preview.changes, found, preview.unchanged = to_cumulative(sheet.rows, current)
    preview.issues.extend(_issue(p, "warning", name) for p in found)
    preview.issues.extend(_issue(p, "warning", name) for p in over_plan(preview.changes, planned))
    return preview


def commit_investment(
    store: Store, preview: InvestmentPreview, *, actor: str, confirm_warnings: bool = False
) -> int | None:
    """Store a clean preview as one batch (a correction supersedes the month's stored amounts, kept in the
    history); errors refuse, warnings need confirmation; None when nothing changes."""
    preview.refuse_unless_committable(confirm_warnings)
    if not preview.changes:
        return None
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.UPLOAD)
        plan = load_plan(conn, preview.year)
        if _foreign(plan, user, {c.task_code for c in preview.changes}):
            raise Refusal(
                "not_your_department",
                "The sheet names tasks of other departments; nothing was written.",
                "表中含其他单位的任务；未写入任何数据。",
            )
        if stored.completed(conn, preview.year) != preview.base:
            raise Refusal(
                "stale_preview",
                "The investment changed since this preview was made; preview the file again.",
                "预览之后投资数据已被修改，请重新预览该文件。",
            )
        batch = stored.write_batch(
            conn,
            year=preview.year,
            actor=actor,
            changes=preview.changes,
            filename=preview.filename,
            sha256=preview.sha256,
            content=preview.content,
            rows_read=preview.rows_read,
            unchanged=preview.unchanged,
            warnings_confirmed=len(preview.warnings),
        )
        audit.record(
            conn,
            actor,
            "investment.upload",
            str(preview.year),
            {
                "batch": batch,
                "file": preview.filename,
                "sha256": preview.sha256,
                "changes": len(preview.changes),
                "corrected": sum(1 for c in preview.changes if c.old is not None),
                "warnings": [w.as_json("en") for w in preview.warnings],
            },
        )
        bump_data_version(conn)
    return batch


def summary(store: Store, year: int, month: int | None = None) -> InvestmentSummary:
    """The shares of the year's investment completed as of month (all months stored when None)."""
    with store.connect() as conn:
        plan = load_plan(conn, year)
        if plan is None:
            raise LookupError(f"no plan for {year}")
        return summarise(plan, stored.planned(conn, year), stored.completed(conn, year), month)


def planned(store: Store, year: int) -> dict[str, Amounts]:
    with store.connect() as conn:
        return stored.planned(conn, year)


def history(store: Store, year: int, task: str) -> list[dict[str, Any]]:
    """A task's completed-investment revisions: who, when, which file, row and column, what superseded what."""
    with store.connect() as conn:
        return stored.history(conn, year, task)


def template(store: Store, year: int, month: int, department: str | None = None) -> bytes:
    """The monthly sheet to fill in, as XLSX bytes (a department's own tasks when given)."""
    with store.connect() as conn:
        plan = load_plan(conn, year)
    return template_xlsx(plan, department, month)
