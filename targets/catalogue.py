"""The catalogue: loading a plan year from its human-editable YAML file, and checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from targets.model import Area, Direction, Indicator, Kind, LastYear, Plan, Source, Task, Text
from targets.numbers import NotANumber, parse_number

CATALOGUE_DIR = Path(__file__).with_name("catalogues")
# The source documents the bundled catalogues cite, shipped with them (copies of ../shared/seeds).
SOURCES_DIR = Path(__file__).with_name("sources")


class CatalogueError(ValueError):
    """A catalogue file that does not hold together; the message lists every problem found."""

    def __init__(self, path: str, problems: list[str]):
        super().__init__(f"{path}: " + "; ".join(problems))
        self.problems = problems


def bundled_years() -> list[int]:
    return sorted(int(p.stem) for p in CATALOGUE_DIR.glob("*.yaml") if p.stem.isdigit())


def bundled_path(year: int) -> Path:
    return CATALOGUE_DIR / f"{year}.yaml"


def load_bundled(year: int) -> Plan:
    return load_catalogue(bundled_path(year))


def _text(value: Any, where: str, problems: list[str]) -> Text:
    if isinstance(value, dict) and set(value) - {"zh", "en"}:
        # e.g. an unquoted comma in a flow mapping: {en: Migrant, front-line …} splits the name.
        problems.append(
            f"{where}: unexpected keys {sorted(map(str, set(value) - {'zh', 'en'}))} (quote names that contain commas)"
        )
    if isinstance(value, dict) and value.get("zh"):
        return Text(str(value["zh"]), str(value.get("en") or value["zh"]))
    problems.append(f"{where}: needs a name with zh (and en)")
    return Text("?", "?")


def _source(value: Any, where: str, problems: list[str]) -> Source:
    if isinstance(value, dict) and value.get("file") and value.get("quote"):
        return Source(str(value["file"]), str(value["quote"]))
    problems.append(f"{where}: needs a source with file and quote")
    return Source("?", "?")


def stated_value(stated: str, kind: Kind) -> float | None:
    """The number a source sentence states, or None where it states a standard in words."""
    if kind is Kind.STANDARD:
        return None
    try:
        return parse_number(stated).value
    except NotANumber:
        return None


def load_catalogue(path: Path) -> Plan:
    """Load and check one plan year; raise CatalogueError naming every problem."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    problems: list[str] = []
    areas: list[Area] = []
    tasks: list[Task] = []
    indicators: list[Indicator] = []
    seen: set[str] = set()
    year = int(data["year"])

    def unique(code: str, where: str) -> None:
        if code in seen:
            problems.append(f"{where}: code {code} is used twice")
        seen.add(code)

    for a_pos, a in enumerate(data.get("areas") or []):
        a_code = str(a.get("code", ""))
        unique(a_code, f"area {a_code}")
        areas.append(Area(a_code, _text(a.get("name"), f"area {a_code}", problems), a_pos))
        for t in a.get("tasks") or []:
            t_code = str(t.get("code", ""))
            unique(t_code, f"task {t_code}")
            lead = t.get("lead_unit") or {}
            task = Task(
                code=t_code,
                area_code=a_code,
                name=_text(t.get("name"), f"task {t_code}", problems),
                source=_source(t.get("source"), f"task {t_code}", problems),
                position=len(tasks),
                lead_unit=lead.get("name"),
                lead_unit_source=_source(lead.get("source"), f"task {t_code} lead unit", problems) if lead else None,
                responsible_units=t.get("responsible_units"),
            )
            tasks.append(task)
            if not t.get("indicators"):
                problems.append(f"task {t_code}: has no indicator")
            for i in t.get("indicators") or []:
                i_code = str(i.get("code", ""))
                where = f"indicator {i_code}"
                unique(i_code, where)
                try:
                    kind = Kind(i.get("kind"))
                except ValueError:
                    problems.append(f"{where}: kind {i.get('kind')!r} is not one of {[k.value for k in Kind]}")
                    kind = Kind.COUNT
                try:
                    direction = Direction(i.get("direction", Direction.HIGHER.value))
                except ValueError:
                    problems.append(
                        f"{where}: direction {i.get('direction')!r} is not one of {[d.value for d in Direction]}"
                    )
                    direction = Direction.HIGHER
                target = float(i.get("target", 0))
                stated = str(i.get("stated", ""))
                expected = stated_value(stated, kind)
                if kind is not Kind.STANDARD and expected != target:
                    problems.append(f"{where}: stated {stated!r} does not equal target {target:g}")
                if stated and stated not in task.source.quote.replace(" ", ""):
                    problems.append(f"{where}: stated {stated!r} is not in the task's quoted sentence")
                last = i.get("last_year")
                last_year = None
                if last:
                    last_year = LastYear(
                        float(last["value"]),
                        str(last.get("stated", last["value"])),
                        _source(last.get("source"), f"{where} last year", problems),
                    )
                indicators.append(
                    Indicator(
                        code=i_code,
                        task_code=t_code,
                        area_code=a_code,
                        name=_text(i.get("name"), where, problems),
                        unit=_text(i.get("unit"), f"{where} unit", problems),
                        kind=kind,
                        target=target,
                        stated=stated,
                        source=task.source,
                        position=len(indicators),
                        lead_unit=i.get("lead_unit") or task.lead_unit,
                        last_year=last_year,
                        deadline_month=int(i.get("deadline_month", 12)),
                        direction=direction,
                    )
                )
    if problems:
        raise CatalogueError(str(path), problems)
    declaration = data.get("declaration")
    return Plan(
        year=year,
        declared_tasks=int(data["declared_tasks"]),
        declared_areas=int(data["declared_areas"]),
        title=_text(data.get("title"), "plan title", []),
        declaration=Source(declaration["file"], declaration["quote"]) if declaration else None,
        areas=tuple(areas),
        tasks=tuple(tasks),
        indicators=tuple(indicators),
    )


def catalogue_json(plan: Plan, lang: str = "zh") -> dict[str, Any]:
    """The catalogue as the CLI prints it with --json."""

    def src(s: Source | None) -> dict[str, str] | None:
        return {"file": s.file, "quote": s.quote} if s else None

    return {
        "year": plan.year,
        "declared_tasks": plan.declared_tasks,
        "declared_areas": plan.declared_areas,
        "catalogued_tasks": len(plan.tasks),
        "catalogued_areas": len(plan.areas),
        "title": {"zh": plan.title.zh, "en": plan.title.en},
        "areas": [
            {"code": a.code, "name": a.name.zh, "name_en": a.name.en, "tasks": len(plan.tasks_of(a.code))}
            for a in plan.areas
        ],
        "tasks": [
            {
                "code": t.code,
                "area": t.area_code,
                "name": t.name.zh,
                "name_en": t.name.en,
                "lead_unit": t.lead_unit,
                "lead_unit_source": src(t.lead_unit_source),
                "responsible_units": t.responsible_units,
                "source": src(t.source),
                "indicators": [i.code for i in plan.indicators_of(t.code)],
            }
            for t in plan.tasks
        ],
        "indicators": [
            {
                "code": i.code,
                "area": i.area_code,
                "task": i.task_code,
                "name": i.name.zh,
                "name_en": i.name.en,
                "unit": i.unit.zh,
                "unit_en": i.unit.en,
                "target": i.target,
                "stated": i.stated,
                "kind": i.kind.value,
                "lead_unit": i.lead_unit,
                "deadline_month": i.deadline_month,
                "direction": i.direction.value,
                "source": src(i.source),
                "last_year": {
                    "value": i.last_year.value,
                    "stated": i.last_year.stated,
                    "source": src(i.last_year.source),
                }
                if i.last_year
                else None,
            }
            for i in plan.indicators
        ],
    }


NO_LEAD = "__none__"  # filter value: indicators whose lead department the sources do not state


def filter_indicators(
    plan: Plan, *, area: str | None = None, lead_unit: str | None = None, query: str = ""
) -> list[Indicator]:
    """Indicators of the plan matching an area, a lead department and a free-text search."""
    from targets.numbers import fold

    needle = fold(query).lower()
    found = []
    for ind in plan.indicators:
        if area and ind.area_code != area:
            continue
        if lead_unit == NO_LEAD and ind.lead_unit:
            continue
        if lead_unit and lead_unit != NO_LEAD and ind.lead_unit != lead_unit:
            continue
        if needle:
            task = plan.task(ind.task_code)
            haystack = " ".join(
                [
                    ind.code,
                    ind.name.zh,
                    ind.name.en,
                    ind.unit.zh,
                    ind.unit.en,
                    task.name.zh,
                    task.name.en,
                    ind.lead_unit or "",
                ]
            )
            if needle not in fold(haystack).lower():
                continue
        found.append(ind)
    return found


# A target adopted from the deputies' vote cites its candidate record and the vote instead of a seed sentence:
# Source(file="candidate:2025/3", quote="候选项目3“…”（…申报，candidates.xlsx第4行）；2024-12-20票决：…赞成45票，当选").
CANDIDATE_SOURCE = "candidate:"


def candidate_source(
    year: int,
    number: int,
    name: str,
    *,
    proposer: str,
    filename: str,
    rows: tuple[int, ...],
    held_on: str,
    deputies: int,
    present: int,
    yes: int,
    round_: int = 1,
    indicator: str | None = None,
) -> Source:
    """The source of a target adopted from the vote: candidate N of the year's pool and the vote of DATE."""
    where = f"{filename}第{'、'.join(map(str, rows))}行"
    runoff = f"（第{round_}轮）" if round_ > 1 else ""
    quote = (
        f"候选项目{number}“{name}”（{proposer or '申报单位未载明'}申报，{where}）"
        + (f"，指标：{indicator}" if indicator else "")
        + f"；{held_on}人大代表票决{runoff}：应到{deputies}人，实到{present}人，赞成{yes}票，当选"
    )
    return Source(f"{CANDIDATE_SOURCE}{year}/{number}", quote)


def cited_candidate(source: Source) -> tuple[int, int] | None:
    """(year, candidate number) a source cites, or None for a seed sentence or a table row."""
    if not source.file.startswith(CANDIDATE_SOURCE):
        return None
    year, _, number = source.file.removeprefix(CANDIDATE_SOURCE).partition("/")
    return (int(year), int(number)) if year.isdigit() and number.isdigit() else None
