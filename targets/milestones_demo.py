"""Synthetic milestones for the demo database (演示数据): a few construction tasks with projects whose dates
sit around the demo's status date (the end of its last month), so every light shows: on time, late, missed,
not yet due, and a planned date on the status date itself (not yet missed)."""

from __future__ import annotations

from datetime import date, timedelta

from targets.milestones import Project, status_date
from targets.model import Plan

# (task, project, region, days from the status date: planned start, actual start, planned completion,
# actual completion, planned acceptance, actual acceptance; None for no date). Negative: before the status date.
_ROWS: tuple[tuple[str, str, str | None, tuple[int | None, ...]], ...] = (
    ("EDU-01", "长春市第一实验中学活力操场", "220100", (-168, -173, -30, -36, 0, None)),
    ("EDU-01", "吉林市第二中学活力操场", "220200", (-153, -133, -15, -20, 31, None)),
    ("EDU-01", "四平市实验小学活力操场", "220300", (-122, -125, -10, None, 31, None)),
    ("EDU-01", "通化市第三中学活力操场", "220500", (-92, -104, 31, None, 61, None)),
    ("EDU-01", "延吉市第一中学活力操场", "222400", (-61, None, 46, None, 76, None)),
    ("EDU-01", "白城市第一中学活力操场", "220800", (46, None, 122, None, 150, None)),
    ("ELD-02", "长春市朝阳区助老餐厅", "220100", (-183, -180, -60, -62, -30, -28)),
    ("ELD-02", "吉林市船营区助老餐厅", "220200", (-150, -152, -20, -5, 10, None)),
    ("ELD-02", "辽源市龙山区助老餐厅", "220400", (-120, -118, 15, None, 45, None)),
    ("ELD-02", "松原市宁江区助老餐厅", "220700", (-90, -95, 30, None, 60, None)),
    ("PUB-04", "", None, (-182, -175, 61, None, 91, None)),
)
_FIELDS = ("planned_start", "actual_start", "planned_complete", "actual_complete", "planned_accept", "actual_accept")


def demo_milestones(plan: Plan, as_of_month: int, today: date) -> list[Project]:
    """The demo's projects for the tasks of this plan that the demo has (deterministic; no actual date after
    the demo's today)."""
    anchor = status_date(plan.year, as_of_month)
    codes = {t.code for t in plan.tasks}
    out = []
    for task, name, region, offsets in _ROWS:
        if task not in codes:
            continue
        dates = {f: None if d is None else anchor + timedelta(days=d) for f, d in zip(_FIELDS, offsets, strict=True)}
        dates = {f: (None if f.startswith("actual") and d is not None and d > today else d) for f, d in dates.items()}
        out.append(Project(task, name, region, **dates))
    return out
