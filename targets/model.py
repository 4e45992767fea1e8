"""Domain values of the catalogue: plan, area, task, indicator, each a small frozen dataclass."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Kind(StrEnum):
    """How an indicator's target is read; progress is computed per kind."""

    COUNT = "count"  # a number to reach (e.g. 1,300 meal points)
    MINIMUM = "minimum"  # "N以上": at least N
    RATE = "rate"  # a percentage to reach, stored in percent units (98 = 98%)
    STANDARD = "standard"  # a standard met or not (1 = met, 0 = not met)
    PER_PERSON = "per_person"  # an amount per person (e.g. 3,000 yuan each)


# Kinds whose figures are cumulative to the end of each month and judged against the time-proportional
# schedule; the others are levels (a rate, a standard, an amount per person) judged as they stand.
CUMULATIVE_KINDS = frozenset({Kind.COUNT, Kind.MINIMUM})


class Direction(StrEnum):
    """Which way is better: a target to reach (higher) or a ceiling not to exceed (lower: 控制在4.5%以内)."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Text:
    """A label in Simplified Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a seed file and the sentence quoted from it, or an imported table row."""

    file: str
    quote: str


@dataclass(frozen=True)
class LastYear:
    """The previous year's result for the same measure, with its source."""

    value: float
    stated: str
    source: Source


@dataclass(frozen=True)
class Area:
    code: str
    name: Text
    position: int


@dataclass(frozen=True)
class Task:
    code: str
    area_code: str
    name: Text
    source: Source
    position: int
    lead_unit: str | None = None
    lead_unit_source: Source | None = None
    responsible_units: str | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    task_code: str
    area_code: str
    name: Text
    unit: Text
    kind: Kind
    target: float
    stated: str
    source: Source
    position: int
    lead_unit: str | None = None
    last_year: LastYear | None = None
    deadline_month: int = 12
    direction: Direction = Direction.HIGHER

    @property
    def is_ceiling(self) -> bool:
        return self.direction is Direction.LOWER

    @property
    def is_scheduled(self) -> bool:
        """Judged against the time-proportional schedule: a cumulative figure towards a target to reach."""
        return self.kind in CUMULATIVE_KINDS and self.direction is Direction.HIGHER


def by_code(**groups: Iterable[Any]) -> dict[tuple[str, str], Any]:
    """(group, code) -> the first item of that group with the code, as a search in order finds it."""
    found: dict[tuple[str, str], Any] = {}
    for kind, items in groups.items():
        for item in items:
            found.setdefault((kind, item.code), item)
    return found


@dataclass(frozen=True)
class Plan:
    """One plan year: its declared size and what the sources let us catalogue of it."""

    year: int
    declared_tasks: int
    declared_areas: int
    title: Text
    declaration: Source | None
    areas: tuple[Area, ...] = field(default_factory=tuple)
    tasks: tuple[Task, ...] = field(default_factory=tuple)
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)

    @cached_property
    def _by_code(self) -> dict[tuple[str, str], Area | Task | Indicator]:
        """Every area, task and indicator by its code, once per plan: pages and statuses look them up in loops."""
        return by_code(a=self.areas, t=self.tasks, i=self.indicators)

    def _find(self, kind: str, code: str):
        found = self._by_code.get((kind, code))
        if found is None:
            raise StopIteration(code)  # as next() over the tuple raised: callers catch it for a retired code
        return found

    def area(self, code: str) -> Area:
        return self._find("a", code)

    def task(self, code: str) -> Task:
        return self._find("t", code)

    def indicator(self, code: str) -> Indicator:
        return self._find("i", code)

    def indicators_of(self, task_code: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.task_code == task_code)

    def tasks_of(self, area_code: str) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.area_code == area_code)

    @property
    def lead_units(self) -> tuple[str, ...]:
        return tuple(sorted({i.lead_unit for i in self.indicators if i.lead_unit}))
