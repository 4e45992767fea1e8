"""Regional targets in the store: current values with every revision, written as batches."""

from __future__ import annotations

from typing import NamedTuple

from db.revisions import Revision, write_revisions
from db.sql import q, records

KIND = "region_targets"


class StoredTarget(NamedTuple):
    """A region's current target of an indicator and the revision it stands at."""

    target: float
    revision_id: int


def stored(conn, year: int) -> dict[tuple[str, str], StoredTarget]:
    """(indicator, region) -> the stored target."""
    rows = conn.execute(q("region_targets_of_year"), {"year": year}).fetchall()
    return {(code, region): StoredTarget(target, rev) for code, region, target, rev in rows}


def targets_map(conn, year: int) -> dict[tuple[str, str], float]:
    """(indicator, region) -> the target: what the status reads on every page run, so no object per row."""
    rows = conn.execute(q("region_targets_of_year"), {"year": year}).fetchall()
    return {(code, region): target for code, region, target, _rev in rows}


def history(conn, year: int, code: str) -> list[dict]:
    return records(conn, "region_target_history", {"year": year, "code": code})


def batches_of_year(conn, year: int) -> list[dict]:
    """Every revision of the year's regional targets with its batch (file, who, when), newest batch first."""
    return records(conn, "region_target_batches_of_year", {"year": year})


def write_targets(
    conn,
    year: int,
    items: list[tuple[str, str, float]],
    *,
    actor: str,
    kind: str,
    filename: str | None,
    sha256: str | None,
    content: bytes | None,
) -> int:
    """Write (code, region, target) items as one batch with a revision each."""
    from db import figures as store_figures

    store_figures.ensure_known_keys(conn, year, {(code, region) for code, region, _ in items})
    current = stored(conn, year)

    def revision(code: str, region: str, target: float | None) -> Revision:
        before = current.get((code, region))
        params = {"year": year, "code": code, "region": region, "target": target}
        row = {**params, "previous_target": before.target if before else None}
        query = (
            "region_target_delete" if target is None else "region_target_update" if before else "region_target_insert"
        )
        return Revision(row, query, params)

    return write_revisions(
        conn,
        year=year,
        kind=kind,
        actor=actor,
        rows_read=len(items),
        filename=filename,
        sha256=sha256,
        content=content,
        next_id="region_target_revision_next_id",
        insert="region_target_revision_insert",
        revisions=[revision(*item) for item in items],
    )
