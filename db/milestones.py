"""Milestones in the store: each project's current dates with every revision, written as upload batches."""

from __future__ import annotations

from datetime import date

from db.revisions import Revision, write_revisions
from db.sql import records
from targets.milestones import Project

KIND = "milestones"
_DATES = ("planned_start", "actual_start", "planned_complete", "actual_complete", "planned_accept", "actual_accept")


def _day(value) -> date | None:
    """A DATE column as a date (a driver may hand back a datetime)."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def stored(conn, year: int) -> dict[tuple[str, str], tuple[Project, int]]:
    """(task, project) -> the stored project and the revision it stands at."""
    out = {}
    for r in records(conn, "milestones_of_year", {"year": year}):
        project = Project(r["task_code"], r["project"], r["region_code"], **{f: _day(r[f]) for f in _DATES})
        out[(r["task_code"], r["project"])] = (project, int(r["revision_id"]))
    return out


def projects(conn, year: int) -> list[Project]:
    return [p for p, _ in stored(conn, year).values()]


def history(conn, year: int) -> list[dict]:
    """Every revision of the year's milestones with its batch (file, who, when), oldest first."""
    rows = records(conn, "milestone_history", {"year": year})
    for r in rows:
        for f in _DATES:
            r[f] = _day(r[f])
    return rows


def write_projects(
    conn,
    year: int,
    items: list[Project],
    *,
    actor: str,
    kind: str,
    filename: str | None,
    sha256: str | None,
    content: bytes | None,
) -> int:
    """Write whole projects (their dates as they will stand) as one batch with a revision each."""
    current = stored(conn, year)

    def revision(p: Project) -> Revision:
        before = current.get((p.task_code, p.name))
        params = {
            "year": year,
            "task_code": p.task_code,
            "project": p.name,
            "region_code": p.region,
            **{f: getattr(p, f) for f in _DATES},
        }
        row = {**params, "previous_revision": before[1] if before else None}
        return Revision(row, "milestone_update" if before else "milestone_insert", params)

    return write_revisions(
        conn,
        year=year,
        kind=kind,
        actor=actor,
        rows_read=len(items),
        filename=filename,
        sha256=sha256,
        content=content,
        next_id="milestone_revision_next_id",
        insert="milestone_revision_insert",
        revisions=[revision(p) for p in items],
    )
