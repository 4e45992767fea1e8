"""The header of a sheet with a row per indicator: which column holds the indicator, region, month, unit and values.

A long sheet has a 累计完成 and/or 本月完成 column (and perhaps a 月份 column); a wide sheet has a column per
month (1月…12月, 2024-01, Jan, 1月新增). A unit in a header's brackets (累计完成（万个次）, 6月（万人）) or in a
group label over the month columns is kept with the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from types import MappingProxyType

from targets.labels import BRACKETED, cell_text, label_key, unbracketed, without_brackets
from targets.readers.cells import blank, column_label
from targets.readers.months import CN_MONTHS, EN_MONTHS
from targets.readers.units import Unit, header_unit, looks_like_unit
from targets.sheets import Cell

HEADER_SCAN_ROWS = 30

CODE, NAME, REGION, UNIT, UNIT_OR_REGION, MONTH, CUMULATIVE, INCREMENT, IGNORE = (
    "code",
    "name",
    "region",
    "unit",
    "unit_or_region",
    "month",
    "cumulative",
    "increment",
    "ignore",
)
SCORED_ROLES = (CODE, NAME, REGION, MONTH, CUMULATIVE, INCREMENT)

HEADER_NAMES: dict[str, tuple[str, ...]] = {
    CODE: ("指标编号", "编号", "指标代码", "代码", "指标编码", "code", "indicator code", "indicator id"),
    NAME: (
        "指标",
        "指标名称",
        "任务",
        "任务名称",
        "事项",
        "事项名称",
        "项目",
        "项目名称",
        "indicator",
        "indicator name",
    ),
    REGION: ("地区", "地市", "市州", "市(州)", "区域", "地区名称", "市县", "region", "city"),
    UNIT: ("计量单位", "unit", "units", "unit of measure"),
    UNIT_OR_REGION: ("单位", "填报单位"),
    MONTH: ("月份", "月", "时间", "期间", "统计月份", "填报月份", "报告期", "统计期", "month", "period"),
    CUMULATIVE: (
        "累计完成",
        "累计完成数",
        "累计",
        "完成数",
        "完成值",
        "截至本月累计",
        "截至本月累计完成",
        "累计完成值",
        "累计值",
        "cumulative",
        "value",
        "actual",
    ),
    INCREMENT: (
        "本月完成",
        "当月完成",
        "本月新增",
        "当月新增",
        "当月",
        "本月",
        "本月完成数",
        "当月完成数",
        "monthly",
        "increment",
        "monthly increment",
    ),
    IGNORE: (
        "目标值",
        "目标",
        "年度目标",
        "目标任务",
        "牵头单位",
        "责任单位",
        "备注",
        "序号",
        "完成率",
        "target",
        "lead unit",
        "lead department",
        "note",
        "notes",
        "remarks",
        "no.",
    ),
}
HEADER_INDEX: dict[str, str] = {label_key(name): role for role, names in HEADER_NAMES.items() for name in names}

_MONTH_DATE_HEAD = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.]\d{1,2})?(?P<rest>.*)$")
_MONTH_CN_HEAD = re.compile(
    r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])月份?(?P<rest>.*)$"
)
_MONTH_EN_HEAD = re.compile(r"^(?P<name>[a-z]{3,9})\.?(?:-?(?P<year>\d{4}|\d{2}))?(?P<rest>.*)$")
_CUMULATIVE_WORDS = frozenset(
    {"", "累计", "累计完成", "累计完成数", "累计完成值", "累计数", "累计值", "完成累计", "cumulative"}
)
_INCREMENT_WORDS = frozenset(
    {"新增", "新增数", "新增完成", "当月", "本月", "当月新增", "本月新增", "当月完成", "本月完成", "增量"}
    | {"increment", "monthly"}
)
_GROUP_INCREMENT_WORDS = ("本月", "当月", "新增", "增量", "increment", "monthly")


@dataclass(frozen=True)
class MonthHead:
    """A month column's header: its month, the year if it says one, and whether it holds increments."""

    month: int
    year: int | None
    increment: bool | None  # None: the label does not say; the group label above or "cumulative" decides


def _without_units(rest: str) -> str:
    """The words after a month with any bracketed unit dropped: 1月累计(万人) → 累计."""
    return BRACKETED.sub(lambda m: "" if looks_like_unit(m.group(0)[1:-1]) else m.group(0), rest)


def month_head(cell: Cell) -> MonthHead | str | None:
    """Read a wide-form month column header: 1月, 一月, 2024-01, 2024年1月, Jan, 1月新增, 截至1月底累计, a date.

    A label that starts with a month but goes on with other words (6月目标, 1月完成) is IGNORE: never a
    value column, so that a guess can never read January's figures as the form's month.
    """
    if isinstance(cell, datetime | date):
        return MonthHead(cell.month, cell.year, None)
    key = label_key(cell)
    as_of = key.startswith(("截至", "截止"))  # 截至6月底: to the end of June, cumulative
    if as_of:
        key = key[2:]
    for pattern in (_MONTH_DATE_HEAD, _MONTH_CN_HEAD, _MONTH_EN_HEAD):
        match = pattern.match(key)
        if match:
            break
    else:
        return None
    if pattern is _MONTH_EN_HEAD:
        month = EN_MONTHS.get(match.group("name"))
    else:
        month = CN_MONTHS.get(match.group("month")) or int(match.group("month"))
    if month is None or not 1 <= month <= 12:
        return None
    year = int(match.group("year")) if match.group("year") else None
    if year is not None and year < 100:
        year += 2000
    rest = without_brackets(_without_units(match.group("rest")))
    end_of_month = rest[:1] in ("底", "末")
    rest = rest[1:] if end_of_month else rest
    if rest in _INCREMENT_WORDS and not (as_of or end_of_month):
        return MonthHead(month, year, True)
    if rest in _CUMULATIVE_WORDS:
        return MonthHead(month, year, False if (rest or as_of or end_of_month) else None)
    return IGNORE


def _fuzzy_role(key: str) -> str | None:
    """Longer labels that still say what they hold: 1-6月累计完成, 本月完成数（个）, 主要任务名称."""
    if len(key) > 16:
        return None
    if any(word in key for word in ("率", "%", "比例", "进度", "上月", "去年", "上年", "同期", "目标", "计划")):
        return IGNORE
    if "累计" in key or "cumulative" in key:
        return CUMULATIVE
    if key.startswith(("本月", "当月")) or "increment" in key:
        return INCREMENT
    if "编号" in key or "代码" in key:
        return CODE
    if key.endswith("名称") and any(word in key for word in ("指标", "任务", "事项", "项目")):
        return NAME
    return None


_RECOGNISED: dict[tuple[type, object], str | MonthHead | None] = {}


def recognise_header(cell: Cell) -> str | MonthHead | None:
    """The role of a header cell (a role name or a month column), or None if it names nothing we know."""
    if blank(cell):
        return None
    cache_key = (type(cell), cell)  # 1, 1.0 and True are equal keys in a dict, yet read differently
    try:
        return _RECOGNISED[cache_key]
    except KeyError:
        pass
    key = label_key(cell)
    found: str | MonthHead | None = HEADER_INDEX.get(key)
    if found is None:
        found = month_head(cell)
    if found is None:
        found = HEADER_INDEX.get(unbracketed(key)) or _fuzzy_role(unbracketed(key))
    if len(_RECOGNISED) < 10_000:
        _RECOGNISED[cache_key] = found
    return found


@dataclass(frozen=True)
class MonthColumn:
    index: int
    month: int
    year: int | None
    increment: bool


@dataclass(frozen=True)
class Header:
    """The recognised header row: which column holds what, and the units its labels state."""

    row: int  # 0-based
    labels: tuple[str, ...]
    roles: dict[str, int]
    month_columns: tuple[MonthColumn, ...]
    unit_or_region: int | None
    units: MappingProxyType[int, Unit] = field(default_factory=lambda: MappingProxyType({}))  # by column

    @property
    def score(self) -> int:
        return sum(1 for role in SCORED_ROLES if role in self.roles) + len(self.month_columns)

    @property
    def valid(self) -> bool:
        has_indicator = CODE in self.roles or NAME in self.roles
        has_value = CUMULATIVE in self.roles or INCREMENT in self.roles or bool(self.month_columns)
        return has_indicator and has_value

    @cached_property
    def _column_names(self) -> list[str]:
        return [column_label(c, text) for c, text in enumerate(self.labels)]

    def label(self, index: int) -> str:
        """A column as issues name it: its letter and header text, 'C (累计完成)'."""
        return self._column_names[index] if index < len(self.labels) else column_label(index)


def read_header(rows: list[list[Cell]], r: int) -> Header:
    """Read row r as a header; an empty cell takes the label above it (a header merged over two rows)."""
    above = rows[r - 1] if r > 0 else None
    cells = [above[c] if blank(cell) and above is not None else cell for c, cell in enumerate(rows[r])]
    roles: dict[str, int] = {}
    heads: list[tuple[int, MonthHead]] = []
    for c, cell in enumerate(cells):
        found = recognise_header(cell)
        if isinstance(found, MonthHead):
            heads.append((c, found))
        elif found is not None and found not in roles:
            roles[found] = c
    key_columns = [roles[role] for role in (CODE, NAME, REGION, UNIT_OR_REGION) if role in roles]
    first_free = max(key_columns, default=-1) + 1
    labels = tuple(" ".join(cell_text(cell).split()) for cell in cells)
    columns = []
    units: dict[int, Unit] = {}
    for c, head in heads:
        group = _group_label(above, first_free, c)
        increment = head.increment
        if increment is None:
            increment = group is not None and any(word in label_key(group) for word in _GROUP_INCREMENT_WORDS)
        columns.append(MonthColumn(c, head.month, head.year, increment))
        label = column_label(c, labels[c])
        unit = header_unit(cells[c], f"列 {label} 表头", f"the header of column {label}")
        if unit is None and group is not None:
            text = " ".join(cell_text(group).split())
            unit = header_unit(group, f"列 {label} 上方的表头“{text}”", f"the header '{text}' above column {label}")
        if unit is not None:
            units[c] = unit
    for role in (CUMULATIVE, INCREMENT):
        if role in roles:
            c = roles[role]
            label = column_label(c, labels[c])
            unit = header_unit(cells[c], f"列 {label} 表头", f"the header of column {label}")
            if unit is not None:
                units[c] = unit
    unit_or_region = roles.pop(UNIT_OR_REGION, None)
    return Header(r, labels, roles, tuple(columns), unit_or_region, MappingProxyType(units))


def _group_label(above: list[Cell] | None, first_free: int, column: int) -> Cell | None:
    """The group label over a month column (本月完成 merged over 1月…12月), which sits at the group's first column."""
    if above is None:
        return None
    for c in range(column, first_free - 1, -1):
        if not blank(above[c]):
            return above[c]
    return None


def find_header(rows: list[list[Cell]]) -> tuple[Header | None, Header | None]:
    """(the best valid header among the first rows, the best partial one for saying what is missing)."""
    best: Header | None = None
    partial: Header | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        header = read_header(rows, r)
        if header.valid and (best is None or header.score > best.score):
            best = header
        if not header.valid and header.score and (partial is None or header.score > partial.score):
            partial = header
    return best, partial
