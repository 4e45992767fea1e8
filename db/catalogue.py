"""Reading and writing the catalogue (plans, areas, tasks, indicators) and the regions."""

from __future__ import annotations

import json

from db.audit import now
from db.sql import q
from targets.errors import Refusal
from targets.model import Area, Indicator, Kind, LastYear, Plan, Source, Task, Text
from targets.regions import Region


def plan_years(conn) -> list[int]:
    return [r[0] for r in conn.execute(q("plan_years")).fetchall()]


def plan_origin(conn, year: int) -> tuple[str, str | None] | None:
    row = conn.execute(q("plan_get"), {"year": year}).fetchone()
    return (row[7], row[8]) if row else None


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
            },
        )


def load_plan(conn, year: int) -> Plan | None:
    row = conn.execute(q("plan_get"), {"year": year}).fetchone()
    if row is None:
        return None
    areas = tuple(
        Area(r[0], Text(r[1], r[2]), r[3]) for r in conn.execute(q("areas_of_plan"), {"year": year}).fetchall()
    )
    tasks = tuple(
        Task(
            code=r[0],
            area_code=r[1],
            name=Text(r[2], r[3]),
            source=Source(r[4], r[5]),
            lead_unit=r[6],
            lead_unit_source=Source(r[7], r[8]) if r[7] else None,
            responsible_units=r[9],
            position=r[10],
        )
        for r in conn.execute(q("tasks_of_plan"), {"year": year}).fetchall()
    )
    indicators = tuple(
        Indicator(
            code=r[0],
            task_code=r[1],
            area_code=r[2],
            name=Text(r[3], r[4]),
            unit=Text(r[5], r[6]),
            kind=Kind(r[7]),
            target=r[8],
            stated=r[9],
            lead_unit=r[10],
            source=Source(r[11], r[12]),
            last_year=LastYear(r[13], r[14], Source(r[15], r[16])) if r[13] is not None else None,
            deadline_month=r[17],
            position=r[18],
        )
        for r in conn.execute(q("indicators_of_plan"), {"year": year}).fetchall()
    )
    return Plan(
        year=row[0],
        declared_tasks=row[1],
        declared_areas=row[2],
        title=Text(row[3], row[4]),
        declaration=Source(row[5], row[6]) if row[5] else None,
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
        Region(code=r[0], name=Text(r[1], r[2]), kind=r[3], aliases=tuple(json.loads(r[4])), position=r[5])
        for r in conn.execute(q("regions_all")).fetchall()
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
