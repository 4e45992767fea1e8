"""The year-end satisfaction rating (满意度测评): record the deputies' rating (or a survey) per task, and the result
per task and per lead department under the stated rules."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from db import audit
from db import year_cycle as stored
from db.catalogue import load_plan
from db.meta import bump_data_version
from db.store import Store
from services import sandbox
from services.access import authorize, authorize_now, logging_denials
from targets.access import Action
from targets.errors import Refusal
from targets.exports.rating_report import RatingReport, RatingSource, file_name
from targets.issues import Issue, error, errors, rejected
from targets.rating import (
    DEPUTIES,
    DepartmentRank,
    RatingRule,
    ScoreRule,
    TaskRating,
    rank_departments,
    rate,
    read_rating_sheet,
)
from targets.sheets import SheetError


@dataclass(frozen=True)
class YearRating:
    year: int
    rule: RatingRule
    points: ScoreRule
    weights: dict[str, float]
    tasks: list[TaskRating]
    departments: list[DepartmentRank]
    recorded: list[stored.StoredRating]  # the rating counted for each source

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "ok": True,
            "year": self.year,
            "rule": self.rule.as_json(),
            "rule_text": self.rule.explain(lang),
            "points": {
                "satisfied": self.points.satisfied,
                "basically": self.points.basically,
                "dissatisfied": self.points.dissatisfied,
            },
            "weights": self.weights,
            "sources": [
                {"source": r.source, "weight": r.weight, "rating_id": r.id, **r.origin.as_json()} for r in self.recorded
            ],
            "tasks": [t.as_json() for t in self.tasks],
            "departments": [d.as_json() for d in self.departments],
        }


def record_rating(
    store: Store,
    data: bytes,
    filename: str,
    *,
    year: int,
    members: int | None,
    source: str = DEPUTIES,
    weight: float | None = None,
    actor: str | None,
) -> YearRating:
    """Record a rating sheet for the year's plan; the latest of each source counts, the earlier stay on record."""
    authorize_now(store, actor, Action.RATING)
    if source == DEPUTIES and members is None:
        raise Refusal(
            "members_required", "The deputies' rating needs the number of members.", "代表测评须给出组成人员人数。"
        )
    if members is not None and members <= 0:
        raise Refusal("bad_members", "The number of members must be above 0.", "组成人员人数必须大于 0。")
    with store.connect() as conn:
        plan = load_plan(conn, year)
    if plan is None:
        raise Refusal("no_plan", f"No plan for {year}.", f"没有{year}年的计划。")
    try:
        sheet = sandbox.run(read_rating_sheet, data, filename, plan=plan, members=members)
    except SheetError as exc:
        raise _refused([exc.issue]) from exc
    except sandbox.SandboxFailure as exc:
        raise _refused([error("unsafe_file", exc.message("zh"), exc.message("en"))]) from exc
    if errors(sheet.issues):
        raise _refused(sheet.issues)
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.RATING)
        origin = stored.save_file(
            conn, year=year, kind=f"rating:{source}", filename=filename, content=data, actor=actor or ""
        )
        rating_id = stored.save_rating(
            conn, year=year, source=source, weight=weight, members=members, rows=sheet.votes, origin=origin
        )
        audit.record(
            conn,
            actor or "",
            "rating.record",
            str(year),
            {
                "rating_id": rating_id,
                "source": source,
                "weight": weight,
                "members": members,
                "file": filename,
                "sha256": origin.sha256,
                "tasks": len(sheet.votes),
            },
        )
        bump_data_version(conn)
    return rating_result(store, year)


def rating_result(
    store: Store, year: int, *, rule: RatingRule | None = None, points: ScoreRule | None = None
) -> YearRating:
    """Each rated task's grade and score and the lead departments ranked, from the latest rating of each source."""
    rule, points = rule or RatingRule(), points or ScoreRule()
    with store.connect() as conn:
        plan = load_plan(conn, year)
        recorded = stored.ratings(conn, year)
    if plan is None:
        raise Refusal("no_plan", f"No plan for {year}.", f"没有{year}年的计划。")
    latest = {r.source: r for r in recorded}  # oldest first: the last of each source wins
    weights = {s: r.weight for s, r in latest.items() if r.weight is not None} or {DEPUTIES: 1.0}
    tasks = rate(plan, {s: list(r.rows) for s, r in latest.items()}, rule=rule, points=points, weights=weights)
    return YearRating(year, rule, points, weights, tasks, rank_departments(tasks), list(latest.values()))


def rating_report(found: YearRating, *, lang: str, demo: bool = False) -> RatingReport:
    """The rating's result as its exports take it; dated the local day the latest counted rating was recorded."""
    from targets import clock
    from targets.exports.press import issuer

    recorded = [r.origin.recorded_at for r in found.recorded]
    return RatingReport(
        year=found.year,
        lang=lang,
        rule=found.rule,
        points=found.points,
        weights=dict(found.weights),
        tasks=tuple(found.tasks),
        departments=tuple(found.departments),
        sources=tuple(RatingSource(r.source, r.weight, r.origin.filename, r.origin.sha256) for r in found.recorded),
        issued_on=clock.local_day(max(recorded)) if recorded else clock.today(),
        issuer=issuer(lang),
        is_demo=demo,
    )


@dataclass(frozen=True)
class RatingFile:
    format: str
    name: str
    data: bytes
    sha256: str


def export_rating(
    store: Store,
    found: YearRating,
    fmt: str,
    *,
    lang: str,
    actor: str | None,
    name_lang: str | None = None,
    demo: bool = False,
) -> RatingFile:
    """Build the rating's XLSX or DOCX notice and record it on the audit log (no file without its record); the file
    is named in `name_lang` (the reader's language), written in `lang`."""
    from services.exports import authorize_export, record_export
    from targets.exports import rating_docx, rating_xlsx

    authorize_export(store, actor)
    report = rating_report(found, lang=lang, demo=demo)
    data = {"xlsx": rating_xlsx.build, "docx": rating_docx.build}[fmt](report)
    name = file_name(fmt, found.year, name_lang or lang)
    sha = hashlib.sha256(data).hexdigest()
    record_export(
        store, actor, fmt, f"{found.year}-12", sha, name, bytes=len(data), lang=lang, content="rating", via="web"
    )
    return RatingFile(fmt, name, data, sha)


def _refused(issues: list[Issue]) -> Refusal:
    return rejected(issues, subject_en="The rating sheet", subject_zh="测评表")
