"""Reading and writing the departments' own word (进展说明): versions are appended, never updated."""

from __future__ import annotations

from datetime import datetime

from db.sql import as_dataclass, q, records
from targets.narratives import Confidence, Word


def append(
    conn,
    *,
    year: int,
    task_code: str,
    month: int,
    confidence: Confidence,
    progress: str,
    problems: str,
    next_steps: str,
    department: str,
    actor: str,
    at: datetime,
    source: str | None = None,
) -> int:
    """Store a new version of a (task, month) word inside the caller's transaction; return its number."""
    key = {"year": year, "task_code": task_code, "month": month}
    version = int(conn.execute(q("narrative_next_version"), key).fetchone()[0])
    conn.execute(
        q("narrative_insert"),
        {
            **key,
            "version": version,
            "confidence": confidence.value,
            "progress": progress,
            "problems": problems,
            "next_steps": next_steps,
            "department": department,
            "written_by": actor,
            "written_at": at,
            "source": source,
        },
    )
    return version


def of_year(conn, year: int) -> list[Word]:
    """Every version of the year, by task, month and version."""
    return [
        as_dataclass(Word, r, year=int, month=int, version=int, confidence=Confidence)
        for r in records(conn, "narratives_of_year", {"year": year})
    ]
