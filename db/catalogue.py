"""Reading and writing the catalogue (plans, areas, tasks, indicators) and the regions."""

from __future__ import annotations

import json

from db.audit import now
from db.memo import run_memo
from db.sql import q, record, records
from targets.errors import Refusal
from targets.model import Area, Direction, Indicator, Kind, LastYear, Plan, Source, Task, Text
from targets.regions import Region


def plan_years(conn) -> list[int]:
    memo = run_memo(conn)
    if memo is not None and ("plan_years",) in memo:
        return list(memo[("plan_years",)])
    years = [r[0] for r in conn.execute(q("plan_years")).fetchall()]
    if memo is not None:
        memo[("plan_years",)] = tuple(years)
    return years


def plan_origin(conn, year: int) -> tuple[str, str | None] | None:
    row = record(conn, "plan_get", {"year": year})
    return (row["origin"], row["origin_hash"]) if row else None


def save_plan(conn, plan: Plan, *, origin: str, origin_hash: str | None = None) -> None:
    """Replace the stored plan year with `plan`, inside the caller's transaction."""
    params = {
        "year": plan.year,
        "declared_tasks": plan.declared_tasks,
        "declared_areas": plan.declared_areas,
        "title_zh": plan.title.zh,
        "title_en": plan.title.en,
        "declaration_file": plan.declaration.file if plan.declaration else None,
        "declaration_quote": plan.declaration.quote if plan.declaration else None,
        "origin": origin,
        "origin_hash": origin_hash,
        "updated_at": now(),
    }
    exists = conn.execute(q("plan_get"), {"year": plan.year}).fetchone()
    conn.execute(q("plan_update" if exists else "plan_insert"), params)
    y = plan.year
    for code, *_ in conn.execute(q("areas_of_plan"), {"year": y}).fetchall():
        conn.execute(q("area_delete"), {"year": y, "code": code})
    for row in conn.execute(q("tasks_of_plan"), {"year": y}).fetchall():
        conn.execute(q("task_delete"), {"year": y, "code": row[0]})
    for row in conn.execute(q("indicators_of_plan"), {"year": y}).fetchall():
        conn.execute(q("indicator_delete"), {"year": y, "code": row[0]})
    for a in plan.areas:
        conn.execute(
            q("area_insert"),
            {"year": y, "code": a.code, "name_zh": a.name.zh, "name_en": a.name.en, "position": a.position},
        )
    for t in plan.tasks:
        conn.execute(
            q("task_insert"),
            {
                "year": y,
                "code": t.code,
                "area_code": t.area_code,
                "name_zh": t.name.zh,
                "name_en": t.name.en,
                "source_file": t.source.file,
                "source_quote": t.source.quote,
                "lead_unit": t.lead_unit,
                "lead_unit_source_file": t.lead_unit_source.file if t.lead_unit_source else None,
                "lead_unit_source_quote": t.lead_unit_source.quote if t.lead_unit_source else None,
                "responsible_units": t.responsible_units,
                "position": t.position,
            },
        )
    for i in plan.indicators:
        ly = i.last_year
        conn.execute(
            q("indicator_insert"),
            {
                "year": y,
                "code": i.code,
                "task_code": i.task_code,
                "area_code": i.area_code,
                "name_zh": i.name.zh,
                "name_en": i.name.en,
                "unit_zh": i.unit.zh,
                "unit_en": i.unit.en,
                "kind": i.kind.value,
                "target": i.target,
                "stated": i.stated,
                "lead_unit": i.lead_unit,
                "source_file": i.source.file,
                "source_quote": i.source.quote,
                "last_year_value": ly.value if ly else None,
                "last_year_stated": ly.stated if ly else None,
                "last_year_source_file": ly.source.file if ly else None,
                "last_year_source_quote": ly.source.quote if ly else None,
                "deadline_month": i.deadline_month,
                "position": i.position,
                "direction": i.direction.value,
            },
        )


def load_plan(conn, year: int) -> Plan | None:
    """The plan of a year, read once per page run (db.store.run_memo): several cached reads of a run load it."""
    memo = run_memo(conn)
    if memo is None:
        return _load_plan(conn, year)
    key = ("plan", year)
    if key not in memo:
        memo[key] = _load_plan(conn, year)
    return memo[key]


def _load_plan(conn, year: int) -> Plan | None:
    row = record(conn, "plan_get", {"year": year})
    if row is None:
        return None
    areas = tuple(
        Area(r["code"], Text(r["name_zh"], r["name_en"]), r["position"])
        for r in records(conn, "areas_of_plan", {"year": year})
    )
    tasks = tuple(
        Task(
            code=r["code"],
            area_code=r["area_code"],
            name=Text(r["name_zh"], r["name_en"]),
            source=Source(r["source_file"], r["source_quote"]),
            lead_unit=r["lead_unit"],
            lead_unit_source=(
                Source(r["lead_unit_source_file"], r["lead_unit_source_quote"]) if r["lead_unit_source_file"] else None
            ),
            responsible_units=r["responsible_units"],
            position=r["position"],
        )
        for r in records(conn, "tasks_of_plan", {"year": year})
    )
    indicators = tuple(
        Indicator(
            code=r["code"],
            task_code=r["task_code"],
            area_code=r["area_code"],
            name=Text(r["name_zh"], r["name_en"]),
            unit=Text(r["unit_zh"], r["unit_en"]),
            kind=Kind(r["kind"]),
            target=r["target"],
            stated=r["stated"],
            lead_unit=r["lead_unit"],
            source=Source(r["source_file"], r["source_quote"]),
            last_year=(
                LastYear(
                    r["last_year_value"],
                    r["last_year_stated"],
                    Source(r["last_year_source_file"], r["last_year_source_quote"]),
                )
                if r["last_year_value"] is not None
                else None
            ),
            deadline_month=r["deadline_month"],
            position=r["position"],
            direction=Direction(r["direction"] or Direction.HIGHER.value),
        )
        for r in records(conn, "indicators_of_plan", {"year": year})
    )
    return Plan(
        year=row["year"],
        declared_tasks=row["declared_tasks"],
        declared_areas=row["declared_areas"],
        title=Text(row["title_zh"], row["title_en"]),
        declaration=Source(row["declaration_file"], row["declaration_quote"]) if row["declaration_file"] else None,
        areas=areas,
        tasks=tasks,
        indicators=indicators,
    )


def save_regions(conn, regions: tuple[Region, ...]) -> None:
    for code, *_ in conn.execute(q("regions_all")).fetchall():
        conn.execute(q("region_delete"), {"code": code})
    for r in regions:
        conn.execute(
            q("region_insert"),
            {
                "code": r.code,
                "name_zh": r.name.zh,
                "name_en": r.name.en,
                "kind": r.kind,
                "aliases": json.dumps(list(r.aliases), ensure_ascii=False),
                "position": r.position,
            },
        )


def load_regions(conn) -> tuple[Region, ...]:
    return tuple(
        Region(
            code=r["code"],
            name=Text(r["name_zh"], r["name_en"]),
            kind=r["kind"],
            aliases=tuple(json.loads(r["aliases"])),
            position=r["position"],
        )
        for r in records(conn, "regions_all")
    )


def resolve_year(conn, year: int | None) -> int:
    years = plan_years(conn)
    if year is None:
        if not years:
            raise Refusal("no_plan", "No plan in the database; run init first.", "数据库中没有计划，请先运行 init。")
        return max(years)
    if year not in years:
        raise Refusal("no_plan", f"No plan for {year}.", f"没有{year}年的计划。", years=years)
    return year
