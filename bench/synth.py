"""Synthetic data at scale: 100 regions, plan-years of 60 indicators, 12 months of cumulative figures.

Seeded, so every run measures the same data. The regions go to a YAML file that LIVELIHOOD_REGIONS
names (targets.regions reads it when first imported, so set the variable before importing targets).
Plans are built as targets.model.Plan objects and stored with db.catalogue.save_plan; figures are
written with db.figures.write_batch, one batch per plan-year, so they carry revisions like any upload.
"""

from __future__ import annotations

import csv
import io
import os
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

LAST_YEAR = 2024  # the newest synthetic plan-year; earlier ones count back from it
AREAS = 10
INDICATORS_PER_TASK = 2
ACTOR = "bench"


@dataclass(frozen=True)
class Scale:
    """How big a synthetic database is."""

    years: int = 1
    regions: int = 100
    indicators: int = 60
    months: int = 12

    @property
    def figures_per_year(self) -> int:
        return self.regions * self.indicators * self.months + self.province_series * self.months

    @property
    def province_series(self) -> int:
        """Indicators whose province figure is reported (levels: rates and standards), not summed."""
        return sum(1 for n in range(self.indicators) if _kind_of(n) != "count")

    def label(self) -> str:
        return f"{self.years} y × {self.regions} regions × {self.indicators} indicators × {self.months} months"


def region_codes(n: int) -> list[str]:
    return [f"R{i:03d}" for i in range(1, n + 1)]


def region_name(code: str) -> str:
    return f"第{code[1:]}市"


def write_regions(path: Path, n: int) -> Path:
    """A regions file with the province row and n prefectures (codes R001…, names 第001市…)."""
    rows = [{"code": "province", "kind": "province", "name": {"zh": "全省", "en": "Province"}, "aliases": ["全省合计"]}]
    for code in region_codes(n):
        rows.append(
            {
                "code": code,
                "kind": "prefecture",
                "name": {"zh": region_name(code), "en": f"City {code[1:]}"},
                "aliases": [region_name(code).removesuffix("市")],
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"regions": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def use_regions(path: Path, n: int) -> None:
    """Write the regions file and name it in LIVELIHOOD_REGIONS (before targets is imported)."""
    write_regions(path, n)
    os.environ["LIVELIHOOD_REGIONS"] = str(path)


def _kind_of(n: int) -> str:
    return {3: "rate", 7: "standard"}.get(n % 10, "count")


def area_code(a: int) -> str:
    return "AR" + chr(ord("A") + a)


def indicator_codes(n_indicators: int) -> list[str]:
    codes = []
    for n in range(n_indicators):
        task = n // INDICATORS_PER_TASK
        codes.append(f"{area_code(task % AREAS)}-{task // AREAS + 1:02d}-{n % INDICATORS_PER_TASK + 1}")
    return codes


def synthetic_plan(year: int, n_indicators: int = 60):
    """A plan-year of n indicators: 2 per task, tasks spread over 10 areas; mostly counts, some rates and standards."""
    from targets.model import Area, Indicator, Kind, Plan, Source, Task, Text

    source = Source("synthetic", "基准测试合成数据")
    areas = tuple(Area(area_code(a), Text(f"合成领域{a + 1}", f"Synthetic area {a + 1}"), a) for a in range(AREAS))
    tasks, indicators = [], []
    codes = indicator_codes(n_indicators)
    for n, code in enumerate(codes):
        task_code = code.rsplit("-", 1)[0]
        a_code = code.split("-", 1)[0]
        if not tasks or tasks[-1].code != task_code:
            tasks.append(
                Task(task_code, a_code, Text(f"合成任务{task_code}", f"Synthetic task {task_code}"), source, len(tasks))
            )
        kind = Kind(_kind_of(n))
        target = {"rate": 95.0, "standard": 1.0}.get(kind.value, float(1000 * (1 + n % 7)))
        indicators.append(
            Indicator(
                code=code,
                task_code=task_code,
                area_code=a_code,
                name=Text(f"合成指标{code}", f"Synthetic indicator {code}"),
                unit=Text({"rate": "%", "standard": "是否达标"}.get(kind.value, "个"), "units"),
                kind=kind,
                target=target,
                stated=f"{target:g}",
                source=source,
                position=n,
                lead_unit=f"省合成厅{n % 12 + 1}",
            )
        )
    tasks.sort(key=lambda t: (t.area_code, t.code))
    tasks = [Task(t.code, t.area_code, t.name, t.source, pos) for pos, t in enumerate(tasks)]
    return Plan(
        year=year,
        declared_tasks=len(tasks),
        declared_areas=AREAS,
        title=Text(f"{year}年合成民生实事", f"Synthetic livelihood plan {year}"),
        declaration=None,
        areas=areas,
        tasks=tuple(tasks),
        indicators=tuple(indicators),
    )


def synthetic_figures(plan, regions: list[str], months: int = 12, seed: int = 0) -> dict[tuple[str, str, int], float]:
    """Cumulative figures per (indicator, region, month): regions at their own pace, some behind, with noise."""
    rng = random.Random(seed * 7919 + plan.year)
    out: dict[tuple[str, str, int], float] = {}
    share = 1.0 / len(regions)
    for ind in plan.indicators:
        kind = ind.kind.value
        for r, region in enumerate(regions):
            pace = 0.7 + 0.6 * ((r * 37 + ind.position * 11) % 100) / 100  # 0.7 … 1.3 of the schedule
            value = 0.0
            for m in range(1, months + 1):
                if kind == "rate":
                    value = round(min(100.0, 60 + 3 * m * pace + rng.uniform(-1, 1)), 1)
                elif kind == "standard":
                    value = 1.0 if m >= 6 * (2 - pace) else 0.0
                else:
                    target = ind.target * share
                    value = max(value, float(round(target * min(1.1, pace * m / 12) * (1 + rng.uniform(-0.03, 0.03)))))
                out[(ind.code, region, m)] = value
        if kind != "count":  # levels are reported for the province, never summed
            for m in range(1, months + 1):
                out[(ind.code, "province", m)] = out[(ind.code, regions[0], m)]
    return out


def region_targets(plan, regions: list[str]) -> list[tuple[str, str, float]]:
    """Each count target split evenly among the regions (the last takes the remainder)."""
    items = []
    for ind in plan.indicators:
        if ind.kind.value != "count":
            continue
        each = ind.target // len(regions)
        for n, region in enumerate(regions):
            items.append(
                (ind.code, region, float(each if n < len(regions) - 1 else ind.target - each * (len(regions) - 1)))
            )
    return items


def build_database(target: str, scale: Scale, *, seed: int = 0) -> dict[str, int]:
    """Create and fill a database: init (migrations, regions), then one synthetic plan-year after another.

    LIVELIHOOD_REGIONS must already name a regions file of scale.regions prefectures.
    """
    from db import figures as store_figures
    from db import open_store
    from db.catalogue import save_plan
    from db.meta import bump_data_version
    from db.region_targets import write_targets
    from services.setup import init_store
    from targets.figures import Change

    store = open_store(target, migrate=False)
    init_store(store)
    regions = region_codes(scale.regions)
    written = 0
    for year in range(LAST_YEAR - scale.years + 1, LAST_YEAR + 1):
        plan = synthetic_plan(year, scale.indicators)
        figures = synthetic_figures(plan, regions, scale.months, seed)
        with store.transaction() as conn:
            save_plan(conn, plan, origin="synthetic")
            write_targets(
                conn,
                year,
                region_targets(plan, regions),
                actor=ACTOR,
                kind="region_targets",
                filename=None,
                sha256=None,
                content=None,
            )
            changes = [Change(key, None, value, None) for key, value in figures.items()]
            store_figures.write_batch(
                conn, year=year, kind="upload", actor=ACTOR, changes=changes, rows_read=len(changes), filename="bench"
            )
            bump_data_version(conn)
        written += len(figures)
    return {"figures": written, "years": scale.years}


def build_plan_only(target: str, *, year: int = LAST_YEAR, indicators: int = 84) -> dict[str, int]:
    """A database with the regions and one synthetic plan-year and no figures: where an import lands."""
    from db import open_store
    from db.catalogue import save_plan
    from db.meta import bump_data_version
    from services.setup import init_store

    store = open_store(target, migrate=False)
    init_store(store)
    with store.transaction() as conn:
        save_plan(conn, synthetic_plan(year, indicators), origin="synthetic")
        bump_data_version(conn)
    return {"figures": 0, "years": 1}


# --- upload files --------------------------------------------------------------------------------

UPLOAD_HEADER = ("指标编号", "地区", "月份", "累计完成")


def upload_rows(plan, regions: list[str], rows: int, seed: int = 1) -> list[tuple[str, str, str, float]]:
    """`rows` long-layout rows (indicator code, region name, YYYY-MM, cumulative value), month by month."""
    figures = synthetic_figures(plan, regions, 12, seed)
    out = []
    for m in range(1, 13):
        for ind in plan.indicators:
            for region in regions:
                out.append((ind.code, region_name(region), f"{plan.year}-{m:02d}", figures[(ind.code, region, m)]))
                if len(out) == rows:
                    return out
    raise ValueError(f"the plan has only {len(out)} (indicator, region, month) cells, fewer than {rows}")


def upload_csv(rows: list[tuple]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(UPLOAD_HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def upload_xlsx(rows: list[tuple]) -> bytes:
    """The same rows as a workbook (XlsxWriter, as a spreadsheet program would save it: shared strings)."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("进度")
    sheet.write_row(0, 0, UPLOAD_HEADER)
    for n, row in enumerate(rows, start=1):
        sheet.write_row(n, 0, row)
    book.close()
    return buf.getvalue()
