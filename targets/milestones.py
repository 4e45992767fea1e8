"""Milestones of construction-type tasks: planned and actual dates of 开工 / 完工 / 验收 per project.

Rates as of a date D (the status month's last day), as the bulletins count them (see README, "Milestones"):
- 开工率 (start_rate) = projects started by D / projects in the task's list (a completed project has started);
- 完工率 (completion_rate) = projects completed by D / projects in the list;
- the due view: of the projects planned to start (complete) by D, how many did (start_due, start_met).
The milestone light is separate from the progress status and never changes it:
- red (missed): a planned date before D passed without an actual date by D;
- amber (late): every due date was met, but at least one actual date is later than planned;
- green: every planned date that came due was met on time;
- none: no planned date has come due yet (or none is planned).
A planned date equal to D is not yet missed: the day is not over.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from targets.numbers import fold


class Stage(StrEnum):
    START = "start"  # 开工
    COMPLETE = "complete"  # 完工
    ACCEPT = "accept"  # 验收


STAGES = (Stage.START, Stage.COMPLETE, Stage.ACCEPT)
STAGE_ZH = {Stage.START: "开工", Stage.COMPLETE: "完工", Stage.ACCEPT: "验收"}


class Light(StrEnum):
    MISSED = "missed"  # red
    LATE = "late"  # amber: done, but later than planned
    ON_TIME = "on_time"  # green
    NONE = "none"  # nothing due yet


_SEVERITY = {Light.NONE: 0, Light.ON_TIME: 1, Light.LATE: 2, Light.MISSED: 3}


def worst(lights: list[Light]) -> Light:
    """The light of a group: the worst of its members (missed > late > on time > none)."""
    return max(lights, key=_SEVERITY.__getitem__, default=Light.NONE)


# --- dates as Excel/WPS users type them ---------------------------------------------------------------

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug is before March 1900)
SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2099-12-31 as serials: a plain number outside is not a date
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份|底|末)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class NotADate(ValueError):
    """A cell that is not a date in any form accepted; the reader names its row and column."""


@dataclass(frozen=True)
class ReadDate:
    """A date read from a cell; month_only when the cell gave a month alone (read as that month's last day)."""

    value: date
    month_only: bool = False


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _make(y: int, m: int, d: int, text: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise NotADate(text) from None


def parse_date(cell: object) -> ReadDate | None:
    """A cell as a date: a date cell, an Excel serial, 2024/3/1, 2024-03-01, 2024.3.1, 2024年3月1日, 20240301,
    or a month alone (2024年3月, 2024-03) read as the month's last day; None for a blank cell."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return ReadDate(cell.date())
    if isinstance(cell, date):
        return ReadDate(cell)
    if isinstance(cell, bool):
        raise NotADate(str(cell))
    if isinstance(cell, int | float):
        return ReadDate(_serial(float(cell), str(cell)))
    text = fold(str(cell))
    if not text or text in {"-", "—", "/", "无"}:
        return None
    if m := _YMD.match(text):
        return ReadDate(_make(int(m.group(1)), int(m.group(2)), int(m.group(3)), text))
    if m := _COMPACT.match(text):
        return ReadDate(_make(int(m.group(1)), int(m.group(2)), int(m.group(3)), text))
    if m := _YM.match(text):
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise NotADate(text)
        return ReadDate(month_end(y, mo), month_only=True)
    try:
        return ReadDate(_serial(float(text), text))
    except ValueError:
        raise NotADate(text) from None


def _serial(number: float, text: str) -> date:
    """An Excel serial day number (a date cell read as a number, or typed as one) as a date."""
    if not (SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]):
        raise NotADate(text)
    return EXCEL_EPOCH + timedelta(days=int(number))


# --- projects, lights and rates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    """One project of a task's list (or the task itself when name is ""), with its planned and actual dates."""

    task_code: str
    name: str
    region: str | None = None
    planned_start: date | None = None
    actual_start: date | None = None
    planned_complete: date | None = None
    actual_complete: date | None = None
    planned_accept: date | None = None
    actual_accept: date | None = None

    def planned(self, stage: Stage) -> date | None:
        return getattr(self, f"planned_{stage.value}")

    def actual(self, stage: Stage, as_of: date | None = None) -> date | None:
        """The actual date, if it happened by as_of (a later actual date has not happened yet as of then)."""
        found = getattr(self, f"actual_{stage.value}")
        return found if found is not None and (as_of is None or found <= as_of) else None

    def reached(self, stage: Stage, as_of: date) -> bool:
        """Whether this stage or a later one has an actual date by as_of (a completed project has started)."""
        return any(self.actual(s, as_of) is not None for s in STAGES[STAGES.index(stage) :])

    def stage_light(self, stage: Stage, as_of: date) -> Light:
        planned = self.planned(stage)
        if planned is None:
            return Light.NONE
        actual = self.actual(stage, as_of)
        if actual is None:
            return Light.MISSED if planned < as_of else Light.NONE
        return Light.LATE if actual > planned else Light.ON_TIME

    def light(self, as_of: date) -> Light:
        return worst([self.stage_light(s, as_of) for s in STAGES])

    def missed(self, as_of: date) -> list[Stage]:
        return [s for s in STAGES if self.stage_light(s, as_of) is Light.MISSED]


@dataclass(frozen=True)
class TaskMilestones:
    """A task's projects judged as of a date: the counts, the rates and the light."""

    task_code: str
    as_of: date
    projects: tuple[Project, ...]

    def count(self, stage: Stage) -> int:
        return sum(1 for p in self.projects if p.reached(stage, self.as_of))

    def rate(self, stage: Stage) -> float | None:
        return self.count(stage) / len(self.projects) if self.projects else None

    def due(self, stage: Stage) -> int:
        """Projects planned to reach the stage by as_of (a plan date equal to as_of is due)."""
        return sum(1 for p in self.projects if (d := p.planned(stage)) is not None and d <= self.as_of)

    def met(self, stage: Stage) -> int:
        """Of the projects due, those that reached the stage by as_of."""
        return sum(
            1
            for p in self.projects
            if (d := p.planned(stage)) is not None and d <= self.as_of and p.reached(stage, self.as_of)
        )

    @property
    def light(self) -> Light:
        return worst([p.light(self.as_of) for p in self.projects])

    def missed(self) -> list[tuple[Project, Stage]]:
        return [(p, s) for p in self.projects for s in p.missed(self.as_of)]

    def as_json(self) -> dict:
        """status --json's `milestones` of a task: fractions (0.55 = 55%) and stable keys."""

        def share(n: int, d: int) -> float | None:
            return round(n / d, 4) if d else None

        total = len(self.projects)
        return {
            "as_of": self.as_of.isoformat(),
            "projects": total,
            "started": self.count(Stage.START),
            "completed": self.count(Stage.COMPLETE),
            "accepted": self.count(Stage.ACCEPT),
            "start_rate": share(self.count(Stage.START), total),
            "completion_rate": share(self.count(Stage.COMPLETE), total),
            "acceptance_rate": share(self.count(Stage.ACCEPT), total),
            "start_due": self.due(Stage.START),
            "start_met": self.met(Stage.START),
            "completion_due": self.due(Stage.COMPLETE),
            "completion_met": self.met(Stage.COMPLETE),
            "light": self.light.value,
            "missed": [
                {"project": p.name or None, "region": p.region, "stage": s.value, "planned": p.planned(s).isoformat()}
                for p, s in self.missed()
            ],
        }


def judge(projects: list[Project], as_of: date) -> dict[str, TaskMilestones]:
    """Task code -> its milestones as of a date, for the tasks that have any. A task with a list of projects
    counts the projects only; the task's own row (name "") then only lends its planned dates to the projects
    that give none (the catalogue's per-task plan, the departments' project list)."""
    by_task: dict[str, list[Project]] = {}
    for p in projects:
        by_task.setdefault(p.task_code, []).append(p)
    out = {}
    for code, ps in by_task.items():
        own = next((p for p in ps if not p.name), None)
        named = [p for p in ps if p.name]
        if own is not None and named:
            ps = [_with_plan_of(p, own) for p in named]
        out[code] = TaskMilestones(code, as_of, tuple(ps))
    return out


def _with_plan_of(project: Project, task: Project) -> Project:
    """A project's planned dates, each taken from the task's own row where the project gives none."""
    filled = {f"planned_{s.value}": task.planned(s) for s in STAGES if project.planned(s) is None and task.planned(s)}
    return replace(project, **filled)


def status_date(year: int, month: int) -> date:
    """The as-of date of a status month: its last day."""
    return month_end(year, month)
