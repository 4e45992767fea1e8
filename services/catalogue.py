"""The plan: reading it, and importing the official task table (preview, then commit with a stale check)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from db import audit
from db.catalogue import load_plan, plan_years, resolve_year, save_plan
from db.meta import bump_data_version
from db.store import Store
from db.year_cycle import figure_count
from services import sandbox
from services.access import authorize, authorize_now, logging_denials
from services.locks import ensure_catalogue_unlocked
from targets.access import Action
from targets.errors import Refusal
from targets.issues import HasIssues, Issue, error
from targets.model import Plan
from targets.readers.catalogue import CatalogueChange, CatalogueImport, read_catalogue_table
from targets.sheets import SheetError


def years(store: Store) -> list[int]:
    with store.connect() as conn:
        return plan_years(conn)


def plan(store: Store, year: int | None = None) -> Plan | None:
    """The plan of a year (default: the latest), or None when there is none."""
    with store.connect() as conn:
        found = plan_years(conn)
        year = year or (max(found) if found else None)
        return load_plan(conn, year) if year else None


def require_plan(store: Store, year: int | None = None) -> Plan:
    """The plan of a year (default: the latest); refused when there is none."""
    with store.connect() as conn:
        return load_plan(conn, resolve_year(conn, year))


@dataclass
class CataloguePreview(HasIssues):
    """An official task table read against the stored plan: the changes it would make, and its issues."""

    year: int
    filename: str
    sha256: str
    base: Plan | None  # the plan the preview was computed against: the commit refuses if it moved
    result: CatalogueImport | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def changes(self) -> list:
        return self.result.changes if self.result else []

    @property
    def additions(self) -> list:
        """New areas, tasks and indicators."""
        return [c for c in self.changes if c.action.startswith("new_")]

    @property
    def modifications(self) -> list:
        """Changed fields of what the plan already holds (target, lead unit, deadline, direction)."""
        return [c for c in self.changes if c.action == "changed"]

    @property
    def kept(self) -> list[str]:
        """The stored indicators the table does not name: an import never removes one, so they stay as they are."""
        if self.base is None or self.result is None or self.errors:
            return []
        named = set(self.result.matched)
        return [i.code for i in self.base.indicators if i.code not in named]

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "year": self.year,
            "rows_read": self.result.rows_read if self.result else 0,
            "changes": [
                {"action": c.action, "code": c.code, "field": c.field, "old": c.old, "new": c.new} for c in self.changes
            ],
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
        }


def preview_catalogue(store: Store, data: bytes, filename: str, *, year: int, actor: str | None) -> CataloguePreview:
    """Read an official task table and compare it with the stored plan; writes nothing."""
    authorize_now(store, actor, Action.CATALOGUE)
    with store.connect() as conn:
        existing = load_plan(conn, year)
    preview = CataloguePreview(year, filename, hashlib.sha256(data).hexdigest(), existing)
    try:  # the file's bytes are read only in a limited child process
        preview.result = sandbox.run(read_catalogue_table, data, filename, year=year, existing=existing)
    except SheetError as exc:
        preview.issues.append(exc.issue)
        return preview
    except sandbox.SandboxFailure as exc:
        preview.issues.append(error("unsafe_file", exc.message("zh"), exc.message("en")))
        return preview
    preview.issues.extend(preview.result.issues)
    _investment_changes(store, preview)
    return preview


def _investment_changes(store: Store, preview: CataloguePreview) -> None:
    """The table's planned investments that differ from the stored ones, as changes (field "investment")."""
    from db.investment import planned

    if not preview.result or not preview.result.investments:
        return
    with store.connect() as conn:
        before = planned(conn, preview.year)
    for task, amounts in preview.result.investments.items():
        if before.get(task) != amounts:
            old = before.get(task)
            preview.result.changes.append(
                CatalogueChange("changed", task, "investment", old.total if old else None, amounts.total)
            )


def commit_catalogue(store: Store, preview: CataloguePreview, *, actor: str, confirm_warnings: bool = False) -> bool:
    """Store a previewed plan in one transaction, its changes in the audit log; False when nothing changes."""
    preview.refuse_unless_committable(confirm_warnings)
    if not preview.changes and not preview.result.milestones:
        return False
    commit_plan(
        store,
        preview.result.plan,
        actor=actor,
        filename=preview.filename,
        sha256=preview.sha256,
        changes=preview.changes,
        base=preview.base,
        investments=preview.result.investments,
        planned_dates=preview.result.milestones,
    )
    return True


ANY_BASE = object()  # commit_plan's base: replace whatever plan is stored (no preview to be stale against)


def commit_plan(
    store: Store,
    plan_: Plan,
    *,
    actor: str | None,
    filename: str,
    sha256: str,
    changes: list,
    base: Plan | object | None = ANY_BASE,
    origin: str | None = None,
    refuse_with_figures: bool = False,
    detail: dict | None = None,
    investments: dict | None = None,
    planned_dates: dict | None = None,
) -> None:
    """Store a plan year in one transaction, its changes in the audit log; refused if the stored plan is no longer
    `base` (what a preview was computed against) or a locked month's targets would change.

    A plan adopted from the deputies' vote passes its `origin` (vote:YEAR/ID), `refuse_with_figures` (a year whose
    plan already has figures keeps it) and the vote's `detail` for the audit log."""
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.CATALOGUE)
        current = load_plan(conn, plan_.year)
        if base is not ANY_BASE and current != base:
            raise Refusal(
                "stale_preview",
                "The plan changed since this preview was made; preview the file again.",
                "预览之后计划已被修改，请重新预览该文件。",
            )
        ensure_catalogue_unlocked(conn, current, plan_)
        if refuse_with_figures and current is not None and figure_count(conn, plan_.year):
            raise Refusal(
                "plan_has_figures",
                f"The {plan_.year} plan already has figures; it is not replaced.",
                f"{plan_.year}年计划已有填报数据，不能替换。",
            )

        save_plan(conn, plan_, origin=origin or f"import:{filename}", origin_hash=sha256)
        if investments:
            from db.investment import save_planned

            save_planned(conn, plan_.year, investments, actor=actor, filename=filename)
        if planned_dates:  # issue 21: the table's 计划开工/完工/验收 per task, in the same transaction
            from services.milestones import write_planned_dates

            write_planned_dates(conn, plan_.year, planned_dates, actor=actor, filename=filename, sha256=sha256)
        audit.record(
            conn,
            actor,
            "plan.adopt" if origin and origin.startswith("vote:") else "catalogue.import",
            str(plan_.year),
            {
                "file": filename,
                "sha256": sha256,
                "changes": [
                    {"action": c.action, "code": c.code, "field": c.field, "old": c.old, "new": c.new} for c in changes
                ],
                **(detail or {}),
            },
        )
        bump_data_version(conn)


def resolve(store: Store, year: int | None) -> int:
    """The plan year asked for, or the latest; refused when there is no such plan."""
    with store.connect() as conn:
        return resolve_year(conn, year)


HISTORY_ACTIONS = ("catalogue.import", "catalogue.load", "catalogue.refresh")


def history(store: Store, year: int, limit: int = 200) -> list[dict[str, Any]]:
    """Every recorded change of a year's plan, newest first: when, who, how (import, bundled load or refresh),
    from which file (with its sha256), and the changes an import made."""
    with store.connect() as conn:
        entries = [e for action in HISTORY_ACTIONS for e in audit.of_action(conn, action, limit)]
    return sorted(
        (
            {
                "id": e["id"],
                "at": e["at"],
                "actor": e["actor"],
                "action": e["action"].removeprefix("catalogue."),
                "file": e["detail"].get("file"),
                "sha256": e["detail"].get("sha256"),
                "changes": e["detail"].get("changes", []),
            }
            for e in entries
            if e["object"] == str(year)
        ),
        key=lambda e: e["id"],
        reverse=True,
    )
