"""Reading what the status function needs: figures as of a month (or as recorded on a date), schedules, settings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db import figures as stored_figures
from db.audit import now
from db.meta import meta_get, meta_set
from db.sql import q
from targets.figures import FigureKey, replay
from targets.status import Settings, validate_trajectory

SETTING_KEYS = {"tolerance_points": float, "ahead_points": float, "projection_window": int}


def settings(conn) -> Settings:
    values = {}
    for key, cast in SETTING_KEYS.items():
        raw = meta_get(conn, f"setting.{key}")
        if raw is not None:
            values[key] = cast(raw)
    return Settings(**values)


def save_settings(conn, new: Settings) -> None:
    for key in SETTING_KEYS:
        meta_set(conn, f"setting.{key}", str(getattr(new, key)))


def trajectories(conn, year: int) -> dict[str, tuple[float, ...]]:
    rows = conn.execute(q("trajectories_of_year"), {"year": year}).fetchall()
    return {code: tuple(json.loads(shares)) for code, shares in rows}


def trajectory_rows(conn, year: int) -> dict[str, dict]:
    """Each custom schedule with who set it and when: code -> {shares, updated_by, updated_at}."""
    rows = conn.execute(q("trajectory_rows_of_year"), {"year": year}).fetchall()
    return {
        code: {"shares": tuple(json.loads(shares)), "updated_by": by, "updated_at": at} for code, shares, by, at in rows
    }


def save_trajectory(conn, year: int, code: str, shares: tuple[float, ...] | None, actor: str) -> list[str]:
    """Set (or with None clear) an indicator's schedule; returns problems instead of saving a bad one."""
    conn.execute(q("trajectory_delete"), {"year": year, "code": code})
    if shares is None:
        return []
    problems = validate_trajectory(shares, "en")
    if problems:
        return problems
    conn.execute(
        q("trajectory_insert"),
        {"year": year, "code": code, "shares": json.dumps(list(shares)), "updated_by": actor, "updated_at": now()},
    )
    return []


def figures_as_recorded(conn, year: int, recorded_on: date | None) -> dict[FigureKey, float]:
    """Current figures, or those the database held at the end of day D (replayed from revisions)."""
    if recorded_on is None:
        # The values only: no Stored object per figure (72,000 a year at 100 regions; bench/RESULTS.md).
        rows = conn.execute(q("figures_of_year"), {"year": year}).fetchall()
        return {(code, region, month): value for code, region, month, value, _revision in rows}
    until = datetime.combine(recorded_on + timedelta(days=1), datetime.min.time())
    rows = conn.execute(q("revisions_until"), {"year": year, "until": until}).fetchall()
    revs = [stored_figures._revision(r) for r in rows]
    return {k: v.value for k, v in replay(revs).items()}


@dataclass(frozen=True)
class KeptFigures:
    """A year's current figures as read when the year had `count` batches, the newest numbered `revision`."""

    figures: Mapping[FigureKey, float]
    revision: int  # the newest batch of the year then (every figure revision belongs to a batch)
    count: int  # how many batches the year had then
    changed: frozenset[str] | None = (
        None  # the indicators changed since the state it was brought up from; None: read whole
    )


def current_figures(conn, year: int, kept: KeptFigures | None = None) -> KeptFigures:
    """The year's current figures. Given what was read before, only the revisions of the batches written since
    are read and applied (every write of a figure is a revision in a batch, a removal one with no value), so a
    page run after a one-department upload reads that upload, not the year's 72,000 figures; the fingerprint
    is the year's batches, a few rows, where a count of the figures would read them all (on PostgreSQL through
    the scanner). Fewer batches or an older newest one than kept (a restored backup) read everything again.
    `kept` is never changed: the result is a copy."""
    count, revision = conn.execute(q("figures_fingerprint"), {"year": year}).fetchone()
    if kept is not None and kept.revision == revision and kept.count == count:
        return kept
    if kept is not None and kept.revision < revision and kept.count < count:
        figures = dict(kept.figures)
        changed: set[str] = set()
        for _id, code, region, month, value in conn.execute(
            q("figure_changes_since"), {"year": year, "since": kept.revision}
        ).fetchall():
            changed.add(code)
            if value is None:
                figures.pop((code, region, month), None)
            else:
                figures[(code, region, month)] = value
        return KeptFigures(figures, revision, count, frozenset(changed))
    rows = conn.execute(q("figures_of_year"), {"year": year}).fetchall()
    return KeptFigures({(code, region, month): value for code, region, month, value, _rev in rows}, revision, count)
