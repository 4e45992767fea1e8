"""Milestones of construction-type tasks: importing a milestone sheet (preview, then commit), reading the
projects judged as of a date for the pages, the CLI and `status --json`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from db import milestones as stored_milestones
from db.catalogue import load_plan, resolve_year
from db.store import Store
from services.access import authorize, authorize_now, logging_denials
from services.demo import demo_today
from services.revisions import RevisionsPreview, read_sheet, write_import
from targets import clock
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from targets.issues import Issue, error, warning
from targets.milestones import STAGE_ZH, STAGES, Project, TaskMilestones, judge, status_date
from targets.model import Plan
from targets.readers.milestones import DATE_FIELDS, ParsedMilestones, read_milestones


@dataclass
class MilestonesPreview(RevisionsPreview):
    """What an import would write: each project as it will stand (new or changed, with the stored one)."""

    parsed: ParsedMilestones = field(default_factory=ParsedMilestones)
    new: list[Project] = field(default_factory=list)
    changed: list[tuple[Project, Project]] = field(default_factory=list)  # (new, old)
    extra: list[Issue] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        return self.parsed.issues + self.extra

    @property
    def tasks(self) -> set[str]:
        return {r.project.task_code for r in self.parsed.rows}

    def change_json(self, new: Project, old: Project) -> dict:
        def dates(p: Project) -> dict:
            return {f: (d.isoformat() if (d := getattr(p, f)) else None) for f in DATE_FIELDS}

        return {"task": new.task_code, "project": new.name or None, "old": dates(old), "new": dates(new)}


def _merged(read, before: Project | None) -> Project:
    """The project as it will stand: the row's dates over the stored ones (a blank cell keeps what is stored)."""
    p = read.project
    if before is None:
        return p
    given = {f: getattr(p, f) for f in read.given}
    return replace(before, region=p.region or before.region, **given)


def preview_milestones(
    store: Store, data: bytes, filename: str, *, year: int | None = None, today: date | None = None
) -> MilestonesPreview:
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        current = stored_milestones.stored(conn, year)
        today = today or demo_today(conn) or clock.today()
    preview = MilestonesPreview.of(data, filename, year)
    if not read_sheet(preview, read_milestones, plan, today):
        return preview
    names: dict[str, set[str]] = {}
    for (task, name), _ in current.items():
        names.setdefault(task, set()).add(name)
    for read in preview.parsed.rows:
        p = read.project
        before = current.get((p.task_code, p.name))
        merged = _merged(read, before[0] if before else None)
        names.setdefault(p.task_code, set()).add(p.name)
        problem = _order_problem(merged)
        if problem is not None:
            preview.extra.append(replace(error("out_of_order", *problem, row=read.row), sheet=read.sheet))
            continue
        if before is None:
            preview.new.append(merged)
        elif merged != before[0]:
            preview.changed.append((merged, before[0]))
        else:
            preview.unchanged += 1
    task_rows = {
        p.task_code: p
        for p in [*(c[0] for c in current.values()), *preview.new, *(n for n, _ in preview.changed)]
        if not p.name
    }
    for task, found in sorted(names.items()):
        row = task_rows.get(task)
        if len(found) > 1 and row is not None and any(row.actual(s) for s in STAGES):
            preview.extra.append(
                warning(
                    "task_and_projects",
                    f"任务 {task} 有项目清单：任务本身一行（项目名称为空）的实际日期不计，其计划日期只作为未填计划日期的项目的默认值。",
                    f"Task {task} has a list of projects: the actual dates of the task's own row (no project name) are not counted; its planned dates only fill in projects that give none.",
                )
            )
    return preview


def write_planned_dates(
    conn, year: int, planned: dict[str, Project], *, actor: str | None, filename: str, sha256: str
) -> int | None:
    """The catalogue table's planned dates per task, inside the catalogue's own transaction: the task's own row
    gets them (its actual dates kept); a batch only when something changes."""
    current = stored_milestones.stored(conn, year)
    items = []
    for code, given in sorted(planned.items()):
        before = current.get((code, ""), (None,))[0]
        dates = {f: getattr(given, f) for f in DATE_FIELDS if f.startswith("planned") and getattr(given, f)}
        merged = replace(before or Project(code, ""), **dates)
        if merged != before:
            items.append(merged)
    if not items:
        return None
    return stored_milestones.write_projects(
        conn,
        year,
        items,
        actor=actor or "setup",
        kind="catalogue_milestones",
        filename=filename,
        sha256=sha256,
        content=None,
    )


def _order_problem(p: Project) -> tuple[str, str] | None:
    """A project whose dates, merged with the stored ones, run backwards (completed before started)."""
    for kind, zh in (("planned", "计划"), ("actual", "实际")):
        for a, b in pairwise(STAGES):
            first, then = getattr(p, f"{kind}_{a.value}"), getattr(p, f"{kind}_{b.value}")
            if first is not None and then is not None and then < first:
                return (
                    f"{p.name or p.task_code}：{zh}{STAGE_ZH[b]}（{then:%Y-%m-%d}）早于已有的{zh}{STAGE_ZH[a]}（{first:%Y-%m-%d}）。",
                    f"{p.name or p.task_code}: the {kind} {b.value} date ({then:%Y-%m-%d}) is before the stored {kind} {a.value} date ({first:%Y-%m-%d}).",
                )
    return None


def _authorize(conn, actor: str | None, plan: Plan, tasks: set[str]) -> None:
    """Admins load every task's milestones; a reporter only those of tasks their department leads."""
    user = authorize(conn, actor, Action.UPLOAD)
    if user.role is not Role.REPORTER:
        return
    foreign = sorted(
        code
        for code in tasks
        if user.department
        not in ({plan.task(code).lead_unit} | {i.lead_unit for i in plan.indicators_of(code)}) - {None}
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + ("…" if len(foreign) > 5 else "")
        raise Denied(
            user.name,
            Action.UPLOAD,
            f"{user.name} ({user.department}) may not load milestones of {shown}: another department leads them.",
            f"{user.name}（{user.department}）不能填报 {shown} 的节点：这些任务的牵头单位不是本单位。",
        )


def preview_milestones_as(
    store: Store, data: bytes, filename: str, *, year: int | None, actor: str | None
) -> MilestonesPreview:
    """preview_milestones for an acting account: one that may not upload at all is refused before the file is
    read, one that may not load these tasks once it is (both logged)."""
    authorize_now(store, actor, Action.UPLOAD)
    preview = preview_milestones(store, data, filename, year=year)
    with logging_denials(store), store.connect() as conn:
        _authorize(conn, actor, load_plan(conn, preview.year), preview.tasks)
    return preview


def commit_milestones(
    store: Store, preview: MilestonesPreview, *, actor: str, confirm_warnings: bool = False
) -> int | None:
    """Write the preview in one transaction (batch, revisions, audit), refused if the stored dates moved."""
    preview.refuse_unless_committable(confirm_warnings)
    items = preview.new + [new for new, _ in preview.changed]
    with logging_denials(store), store.transaction() as conn:
        _authorize(conn, actor, load_plan(conn, preview.year), preview.tasks)
        if not items:
            return None
        now_stored = stored_milestones.stored(conn, preview.year)
        moved = [p for p in preview.new if (p.task_code, p.name) in now_stored] + [
            new for new, old in preview.changed if now_stored.get((old.task_code, old.name), (None,))[0] != old
        ]
        if moved:
            raise Refusal(
                "stale_preview",
                "The milestones changed since this preview; preview again.",
                "预览之后节点已被修改，请重新预览。",
            )
        return write_import(
            conn,
            preview,
            items,
            stored_milestones.write_projects,
            actor=actor,
            kind=stored_milestones.KIND,
            action="milestones.import",
        )


def projects(store: Store, year: int) -> list[Project]:
    with store.connect() as conn:
        return stored_milestones.projects(conn, year)


def judged(store: Store, year: int, as_of: date) -> dict[str, TaskMilestones]:
    """Task code -> its projects judged as of a date (only the tasks that have milestones)."""
    return judge(projects(store, year), as_of)


def history(store: Store, year: int, task: str | None = None) -> list[dict]:
    """Every revision (who, when, which file) of the year's milestones, of one task if given."""
    with store.connect() as conn:
        rows = stored_milestones.history(conn, year)
    return [r for r in rows if task is None or r["task_code"] == task]


def attach_to_status(store: Store, year: int, month: int | None, tasks: list[dict]) -> None:
    """status --json: each task row gets `milestones` as of the status month's last day (None without any)."""
    found = judged(store, year, status_date(year, month)) if month else {}
    for row in tasks:
        ms = found.get(row.get("code"))
        row["milestones"] = ms.as_json() if ms else None
