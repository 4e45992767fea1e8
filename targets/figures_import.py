"""Recognising the layout of an uploaded progress sheet and turning its rows into cumulative monthly figures.

Pure domain: a Grid and a Plan in, FigureRecords and Issues out; nothing here touches a database.
Two layouts are recognised: "long" (a row per indicator, optionally per region and month, with a
累计完成 and/or 本月完成 column) and "wide" (a row per indicator, optionally per region, a column per
month 1月…12月). Rows above the header (titles) and note rows below the data are skipped.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from targets.issues import Issue, Severity, error, warning
from targets.model import Indicator, Kind, Plan
from targets.numbers import NotANumber, fold, format_number, parse_number, parse_yes_no
from targets.regions import PROVINCE, is_total_row, match_region, region_name
from targets.sheets import Cell, Grid, column_letter

LONG, WIDE = "long", "wide"
_T = TypeVar("_T")
HEADER_SCAN_ROWS = 30

Key = tuple[str, str, int]  # (indicator code, region code, month)
_NO_HISTORY: Mapping[Key, float] = MappingProxyType({})

# Kinds whose figures add up month by month; the others are levels (a rate, a standard met, an amount each).
ADDITIVE_KINDS = frozenset({Kind.COUNT, Kind.MINIMUM})


class FigureRecord(NamedTuple):
    """One figure of the upload: the cumulative value to the end of `month`, and the cell it came from.

    A named tuple rather than a frozen dataclass: an upload makes 100,000 of them, and a frozen dataclass takes
    three times as long to build.
    """

    indicator_code: str
    region_code: str
    month: int
    value: float
    row: int
    column: str
    increment: bool = False  # the sheet gave a monthly increment that was converted to cumulative

    @property
    def key(self) -> Key:
        return (self.indicator_code, self.region_code, self.month)


@dataclass
class ParsedUpload:
    """What an upload holds: its figures, every problem found, and how its layout was read."""

    records: list[FigureRecord]  # one per (indicator, region, month), in sheet order
    issues: list[Issue]  # errors only; warnings come from check_against_history
    layout: str  # "long" or "wide"
    rows_read: int  # data rows below the header (blank, note and total-of-indicators rows not counted)
    header_row: int | None  # 1-based, None when no header was recognised

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)


# --- header recognition ----------------------------------------------------------------------

CODE, NAME, REGION, UNIT_OR_REGION, MONTH, CUMULATIVE, INCREMENT, IGNORE = (
    "code",
    "name",
    "region",
    "unit_or_region",
    "month",
    "cumulative",
    "increment",
    "ignore",
)
_SCORED_ROLES = (CODE, NAME, REGION, MONTH, CUMULATIVE, INCREMENT)

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
        "计量单位",
        "目标值",
        "目标",
        "年度目标",
        "目标任务",
        "牵头单位",
        "责任单位",
        "备注",
        "序号",
        "完成率",
        "unit",
        "target",
        "lead unit",
        "lead department",
        "note",
        "notes",
        "remarks",
        "no.",
    ),
}

_DASHES = str.maketrans({ch: "-" for ch in "‐‑‒–—―－−~～"})
_DROP = str.maketrans({ch: None for ch in " \t\r\n*:：“”\"‘’'「」『』《》"})
_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_BRACKETS = str.maketrans({ch: None for ch in "()[]【】"})


def _text(cell: Cell) -> str:
    """A cell as the text a person would read in it (whole-number floats without ".0")."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def _blank(cell: Cell) -> bool:
    if cell is None:
        return True
    return type(cell) is str and (not cell or cell.isspace())


def _key(cell: Cell) -> str:
    """The comparable form of a label: NFKC-folded, lower case, dashes unified, no spaces, quotes or colons."""
    return fold(_text(cell)).lower().translate(_DASHES).translate(_DROP)


HEADER_INDEX: dict[str, str] = {_key(name): role for role, names in HEADER_NAMES.items() for name in names}

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_MONTHS |= {"十一": 11, "十二": 12}
_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
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


@dataclass(frozen=True)
class _MonthHead:
    """A month column's header: its month, the year if it says one, and whether it holds increments."""

    month: int
    year: int | None
    increment: bool | None  # None: the label does not say; the group label above or "cumulative" decides


def _month_head(cell: Cell) -> _MonthHead | str | None:
    """Read a wide-form month column header: 1月, 一月, 2024-01, 2024年1月, Jan, 1月新增, 截至1月底累计, a date.

    A label that starts with a month but goes on with other words (6月目标, 1月完成) is IGNORE: never a
    value column, so that a guess can never read January's figures as the form's month.
    """
    if isinstance(cell, datetime | date):
        return _MonthHead(cell.month, cell.year, None)
    key = _key(cell)
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
        month = _EN_MONTHS.get(match.group("name"))
    else:
        month = _CN_MONTHS.get(match.group("month")) or int(match.group("month"))
    if month is None or not 1 <= month <= 12:
        return None
    year = int(match.group("year")) if match.group("year") else None
    if year is not None and year < 100:
        year += 2000
    rest = match.group("rest").translate(_BRACKETS)
    end_of_month = rest[:1] in ("底", "末")
    rest = rest[1:] if end_of_month else rest
    if rest in _INCREMENT_WORDS and not (as_of or end_of_month):
        return _MonthHead(month, year, True)
    if rest in _CUMULATIVE_WORDS:
        return _MonthHead(month, year, False if (rest or as_of or end_of_month) else None)
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


_RECOGNISED: dict[tuple[type, object], str | _MonthHead | None] = {}


def recognise_header(cell: Cell) -> str | _MonthHead | None:
    """The role of a header cell (a role name or a month column), or None if it names nothing we know."""
    if _blank(cell):
        return None
    cache_key = (type(cell), cell)  # 1, 1.0 and True are equal keys in a dict, yet read differently
    try:
        return _RECOGNISED[cache_key]
    except KeyError:
        pass
    key = _key(cell)
    found: str | _MonthHead | None = HEADER_INDEX.get(key)
    if found is None:
        found = _month_head(cell)
    if found is None:
        found = HEADER_INDEX.get(_BRACKETED.sub("", key)) or _fuzzy_role(_BRACKETED.sub("", key))
    if len(_RECOGNISED) < 10_000:
        _RECOGNISED[cache_key] = found
    return found


@dataclass(frozen=True)
class _MonthColumn:
    index: int
    month: int
    year: int | None
    increment: bool


@dataclass(frozen=True)
class _Header:
    """The recognised header row: which column holds what."""

    row: int  # 0-based
    labels: tuple[str, ...]
    roles: dict[str, int]
    month_columns: tuple[_MonthColumn, ...]
    unit_or_region: int | None

    @property
    def score(self) -> int:
        return sum(1 for role in _SCORED_ROLES if role in self.roles) + len(self.month_columns)

    @property
    def valid(self) -> bool:
        has_indicator = CODE in self.roles or NAME in self.roles
        has_value = CUMULATIVE in self.roles or INCREMENT in self.roles or bool(self.month_columns)
        return has_indicator and has_value

    @cached_property
    def _column_names(self) -> list[str]:
        return [f"{column_letter(c)} ({text})" if text else column_letter(c) for c, text in enumerate(self.labels)]

    def label(self, index: int) -> str:
        """A column as issues name it: its letter and header text, 'C (累计完成)'."""
        return self._column_names[index] if index < len(self.labels) else column_letter(index)


def _read_header(rows: list[list[Cell]], r: int) -> _Header:
    """Read row r as a header; an empty cell takes the label above it (a header merged over two rows)."""
    above = rows[r - 1] if r > 0 else None
    cells = [above[c] if _blank(cell) and above is not None else cell for c, cell in enumerate(rows[r])]
    roles: dict[str, int] = {}
    heads: list[tuple[int, _MonthHead]] = []
    for c, cell in enumerate(cells):
        found = recognise_header(cell)
        if isinstance(found, _MonthHead):
            heads.append((c, found))
        elif found is not None and found not in roles:
            roles[found] = c
    key_columns = [roles[role] for role in (CODE, NAME, REGION, UNIT_OR_REGION) if role in roles]
    first_free = max(key_columns, default=-1) + 1
    columns = tuple(
        _MonthColumn(c, head.month, head.year, _month_increment(head, above, first_free, c)) for c, head in heads
    )
    labels = tuple(" ".join(_text(cell).split()) for cell in cells)
    return _Header(r, labels, roles, columns, roles.pop(UNIT_OR_REGION, None))


def _month_increment(head: _MonthHead, above: list[Cell] | None, first_free: int, column: int) -> bool:
    """Whether a month column holds increments: its own label, else a group label such as 本月完成 above it."""
    if head.increment is not None:
        return head.increment
    if above is None:
        return False
    for c in range(column, first_free - 1, -1):  # the merged group label sits at its first column
        if not _blank(above[c]):
            group = _key(above[c])
            return any(word in group for word in ("本月", "当月", "新增", "增量", "increment", "monthly"))
    return False


def find_header(rows: list[list[Cell]]) -> tuple[_Header | None, _Header | None]:
    """(the best valid header among the first rows, the best partial one for saying what is missing)."""
    best: _Header | None = None
    partial: _Header | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        header = _read_header(rows, r)
        if header.valid and (best is None or header.score > best.score):
            best = header
        if not header.valid and header.score and (partial is None or header.score > partial.score):
            partial = header
    return best, partial


# --- values ----------------------------------------------------------------------------------

_SIMPLE_NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,15})?")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,15})?")
_DATE_MONTH = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.]\d{1,2})?$")
_CN_MONTH = re.compile(r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])月份?(?:底|末)?$")
_COMPACT_MONTH = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})$")
_SPAN_MONTH = re.compile(r"^(?:(?P<year>\d{4})年)?1月?-(?P<month>\d{1,2})月份?(?:底|末)?$")  # 1-6月: to June


def parse_month(cell: Cell) -> tuple[int | None, int] | None:
    """(year or None, month) as a month cell states it: 6, 6月, 六月, 2024-06, 2024/6, 2024年6月, 2024.06, a date.

    The month is not range-checked (13 comes back as 13); None means the cell is not a month at all.
    A number cell 2024.1 is refused: Excel stores 2024.10 the same way, so January and October cannot be told apart.
    """
    if isinstance(cell, datetime | date):
        return cell.year, cell.month
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return (None, cell) if 0 <= cell <= 99 else _compact_month(str(cell))
    if isinstance(cell, float):
        return _float_month(cell)
    key = _key(cell)
    for pattern in (_DATE_MONTH, _CN_MONTH, _COMPACT_MONTH, _SPAN_MONTH):
        match = pattern.match(key)
        if match:
            raw = match.group("month")
            year = match.group("year")
            return (int(year) if year else None, _CN_MONTHS.get(raw) or int(raw))
    if key.isdigit() and len(key) <= 2:
        return None, int(key)
    month = _EN_MONTHS.get(key.rstrip("."))
    return (None, month) if month else None


def _compact_month(text: str) -> tuple[int | None, int] | None:
    match = _COMPACT_MONTH.match(text)
    return (int(match.group("year")), int(match.group("month"))) if match else None


def _float_month(value: float) -> tuple[int | None, int] | None:
    """A number cell: 6.0 is June; 2024.06 and 2024.6 are June 2024; 2024.1 is ambiguous (None)."""
    if not math.isfinite(value):
        return None
    if value.is_integer():
        return parse_month(int(value))
    year = int(value)
    if not 1900 <= year <= 2100:
        return None
    hundredths = round((value - year) * 100)
    if hundredths % 10 == 0:
        tenth = hundredths // 10
        return None if tenth in (0, 1) else (year, tenth)
    return year, hundredths


@dataclass(frozen=True)
class _Problem:
    """A cell that is not a usable value: the rule and what to tell the user."""

    rule: str
    zh: str
    en: str


def _shown(cell: Cell) -> str:
    text = " ".join(_text(cell).split())
    return text if len(text) <= 60 else text[:57] + "…"


def parse_value(cell: Cell, indicator: Indicator) -> float | _Problem | None:
    """The number a value cell holds for an indicator, a _Problem saying why not, or None for an empty cell."""
    if _blank(cell):
        return None
    if type(cell) is int or type(cell) is float:
        value = float(cell)
        percent = False
        if not math.isfinite(value):
            return _not_a_number(cell, indicator)
    elif type(cell) is str and _SIMPLE_NUMBER.fullmatch(cell):
        value, percent = float(cell), False
    elif type(cell) is str and _GROUPED_NUMBER.fullmatch(cell):  # "1,300" as Excel writes it to CSV
        value, percent = float(cell.replace(",", "")), False
    else:
        if indicator.kind is Kind.STANDARD:
            met = parse_yes_no(cell)
            if met is not None:
                return met
        if isinstance(cell, bool | date | datetime) or not isinstance(cell, str | int | float):
            return _not_a_number(cell, indicator)
        try:
            number = parse_number(cell)
        except NotANumber as exc:
            if exc.reason == "formula":
                return _Problem(
                    "formula",
                    f"单元格内容“{_shown(cell)}”是公式文本，不会被计算；请填写数值。",
                    f"The cell holds the formula text '{_shown(cell)}', which is never evaluated; enter the number.",
                )
            return _not_a_number(cell, indicator)
        value, percent = number.value, number.percent
    if percent and indicator.kind is not Kind.RATE:
        return _Problem(
            "percent_for_count",
            f"“{_shown(cell)}”是百分数，但指标 {indicator.code} {indicator.name.zh} 以“{indicator.unit.zh}”计，不是比率。",
            f"'{_shown(cell)}' is a percentage, but {indicator.code} {indicator.name.en} is counted in "
            f"'{indicator.unit.en}', not a rate.",
        )
    if value < 0:
        return _Problem(
            "negative",
            f"数值“{_shown(cell)}”为负数；累计完成数不能小于 0。",
            f"The value '{_shown(cell)}' is negative; a figure cannot be below 0.",
        )
    if indicator.kind is Kind.STANDARD and value not in (0.0, 1.0):
        return _not_a_number(cell, indicator)
    return value


def _not_a_number(cell: Cell, indicator: Indicator) -> _Problem:
    if indicator.kind is Kind.STANDARD:
        return _Problem(
            "not_a_number",
            f"“{_shown(cell)}”无法识别；指标 {indicator.code} 是达标类指标，请填写“是/否”“达标/未达标”或 1/0。",
            f"'{_shown(cell)}' is not understood; {indicator.code} is a standard met or not: enter 是/否, 达标/未达标 or 1/0.",
        )
    return _Problem(
        "not_a_number",
        f"“{_shown(cell)}”不是数字；请填写阿拉伯数字，如 1300、1,300 或 21.3万。",
        f"'{_shown(cell)}' is not a number; write digits such as 1300, 1,300 or 21.3万.",
    )


# --- indicators and regions ------------------------------------------------------------------

_CODE_PREFIX = re.compile(r"^([a-z]{2,5}-\d{1,3}-\d{1,3})")


def _indicator_index(plan: Plan) -> dict[str, str]:
    """Every way the plan's indicators are written (code, Chinese and English name, name without brackets)."""
    index: dict[str, str] = {}
    for indicator in plan.indicators:
        for text in (indicator.code, indicator.name.zh, indicator.name.en):
            key = _key(text)
            index.setdefault(key, indicator.code)
            index.setdefault(_BRACKETED.sub("", key), indicator.code)
    return index


class _Indicators:
    """Resolving indicator cells to codes, with a cache because 100,000 rows repeat the same few names."""

    def __init__(self, plan: Plan):
        self.index = _indicator_index(plan)
        self.names = [(_key(i.name.zh), i.code) for i in plan.indicators if len(_key(i.name.zh)) >= 4]
        self.cache: dict[tuple[type, object], str | None] = {}

    def resolve(self, cell: Cell) -> str | None:
        if _blank(cell):
            return None
        try:
            return self.cache[(type(cell), cell)]
        except KeyError:
            found = self.cache[(type(cell), cell)] = self._lookup(_key(cell))
            return found

    def _lookup(self, key: str) -> str | None:
        found = self.index.get(key) or self.index.get(_BRACKETED.sub("", key))
        if found:
            return found
        prefix = _CODE_PREFIX.match(key)
        if prefix and prefix.group(1) in self.index:
            return self.index[prefix.group(1)]
        within = {code for name, code in self.names if name in key}
        return within.pop() if len(within) == 1 else None


# --- the upload ------------------------------------------------------------------------------

# Rows below the data that are notes, not figures: "注：…", "填报说明", "填表人：…", "* …".
_NOTE_ROW = re.compile(
    r"^(?:(?:注|说明|填报说明|填表说明|备注|notes?|remarks?)\s*(?:[:、.(\d]|$)"
    r"|填表人|填报人|审核人|审核|负责人|单位负责人|联系人|联系电话|制表|填报单位|填报日期|[*※])"
)
_NOTE_STARTS = frozenset("注说填备审负单联制*※＊NnRr")


def _is_note(text: str) -> bool:
    """A note row's first cell; the first-character test keeps 100,000 data rows away from fold()."""
    text = text.lstrip()
    return text[:1] in _NOTE_STARTS and _NOTE_ROW.match(fold(text).lower()) is not None


_COLUMN_NUMBERS = frozenset({"甲", "乙", "丙", "丁", "栏次"} | {str(n) for n in range(1, 61)})

_TITLE_MONTHS = (
    re.compile(r"截[至止](?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月"),
    re.compile(r"(?P<year>\d{4})年(?:1月?-)?(?P<month>\d{1,2})月"),
    re.compile(r"(?<!\d)1月?[-至到](?P<month>\d{1,2})月"),
)
_TITLE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})年")
_DATE_LINES = ("日期", "填报时间", "报送时间", "填表时间")
_CN_NUMERAL_MONTH = re.compile(r"(十[一二]|[一二三四五六七八九十])(?=月)")


_DETAILED = object()  # a value cell that only parse_value can judge


def _plain_number(cell: Cell) -> float | object | None:
    """A value cell as parse_value reads it when it is plain: None if blank, the float of a non-negative number
    (a numeric cell, 1300, 21.5, 1,300), else _DETAILED (text, 万, %, a sign, a formula, a date…)."""
    kind = type(cell)
    if kind is str:
        if not cell or cell.isspace():
            return None
        if _SIMPLE_NUMBER.fullmatch(cell):
            value = float(cell)
        elif _GROUPED_NUMBER.fullmatch(cell):
            value = float(cell.replace(",", ""))
        else:
            return _DETAILED
    elif kind is int or kind is float:
        value = float(cell)
        if not math.isfinite(value):
            return _DETAILED
    else:
        return None if cell is None else _DETAILED
    return value if value >= 0 else _DETAILED


def _plain_lead(cell: Cell) -> bool:
    """Whether a row's first cell is filled and is no note (a row whose column A is empty is read per row)."""
    return not _blank(cell) and not (isinstance(cell, str) and _is_note(cell))


def _memo_map(fn: Callable[[Cell], _T], cells: list[Cell]) -> list[_T]:
    """fn of each cell, computed once per distinct cell: a column of 100,000 rows repeats a few codes and names.

    Cells are told apart by type as well as value where types mix (1, 1.0 and True are equal keys in a dict).
    """
    if set(map(type, cells)) <= {str, type(None)}:
        table = {cell: fn(cell) for cell in set(cells)}
        return list(map(table.__getitem__, cells))
    keys = list(zip(map(type, cells), cells, strict=True))
    typed = {key: fn(key[1]) for key in set(keys)}
    return list(map(typed.__getitem__, keys))


class _Entry(NamedTuple):
    """A value read from one cell, before increments are converted and duplicates resolved (a tuple: a
    100,000-row sheet makes as many)."""

    code: str
    region: str
    month: int
    value: float
    increment: bool
    row: int  # 1-based
    column_index: int
    column: str


def _sheet_order(entry: _Entry) -> tuple[int, int]:
    return entry.row, entry.column_index


def _all_distinct(entries: list[_Entry]) -> bool:
    """Whether no (indicator, region, month) has two entries."""
    return len({entry[:3] for entry in entries}) == len(entries)


class _Reader:
    """One pass over an upload's rows; collects entries and issues.

    With `bulk` (always, except in the test that compares both ways), the plain rows of a long-layout sheet are
    read column by column first (_read_plain_rows) and only the others one by one.
    """

    def __init__(self, grid: Grid, plan: Plan, month: int | None, previous: Mapping[Key, float], *, bulk: bool = True):
        self.bulk = bulk
        self.grid = grid
        self.rows = _rectangular(grid.rows)
        self.plan = plan
        self.form_month = month
        self.previous = previous
        self.indicators = {i.code: i for i in plan.indicators}
        self.resolver = _Indicators(plan)
        self.issues: list[Issue] = []
        self.entries: list[_Entry] = []
        self.failed: set[Key] = set()
        self.merged_fill = _merged_fill(self.rows, grid.merged)
        self.regions: dict[tuple[type, object], str | None] = {}
        self.months: dict[tuple[type, object], tuple[int | None, int] | None] = {}
        self.rows_read = 0

    # issues

    def error(self, rule: str, zh: str, en: str, row: int | None = None, column: str | None = None) -> None:
        self.issues.append(error(rule, zh, en, row=row, column=column))

    # cells

    def cell(self, r: int, c: int | None) -> Cell:
        """The value the user sees at (r, c), including the value of a merged block the cell lies in."""
        if c is None:
            return None
        value = self.rows[r][c]
        if value is None and self.merged_fill:
            return self.merged_fill.get((r, c))
        return value

    def run(self) -> ParsedUpload:
        if not any(not _blank(cell) for row in self.rows for cell in row):
            self.error("empty_file", "文件中没有数据行。", "The file has no data rows.")
            return ParsedUpload([], self.issues, LONG, 0, None)
        header, partial = find_header(self.rows)
        if header is None:
            self._no_columns(partial)
            return ParsedUpload([], self.issues, LONG, 0, None)
        layout = WIDE if header.month_columns else LONG
        header = self._settle_region_column(header)
        default_month = self._default_month(header, layout)
        self._read_rows(header, layout, default_month)
        records = self._resolve()
        if not self.rows_read:
            self.error(
                "empty_file",
                f"表头（第 {header.row + 1} 行）下面没有数据行。",
                f"There are no data rows below the header (row {header.row + 1}).",
            )
        elif not records and not any(i.severity is Severity.ERROR for i in self.issues):
            self.error("empty_file", "表中没有填写任何数值。", "The sheet holds no figures: every value cell is empty.")
        issues = sorted(self.issues, key=lambda i: (i.row is not None, i.row or 0))
        return ParsedUpload(records, issues, layout, self.rows_read, header.row + 1)

    def _no_columns(self, partial: _Header | None) -> None:
        """Say which columns are expected, and what the most header-like row did have."""
        expected_zh = "指标编号或指标名称列，以及累计完成、本月完成或“1月…12月”列（可选：地区、月份）"
        expected_en = (
            "an indicator code or indicator name column, and a cumulative (累计完成), monthly (本月完成) or "
            "month (1月…12月) column (optional: region 地区, month 月份)"
        )
        found_zh = found_en = ""
        row = None
        if partial is not None:
            columns = sorted(
                {
                    *(c for role, c in partial.roles.items() if role in _SCORED_ROLES),
                    *(m.index for m in partial.month_columns),
                }
            )
            labels = [partial.labels[c] for c in columns]
            row = partial.row + 1
            found_zh = f"第 {row} 行只找到：{'、'.join(labels)}。"
            found_en = f" Row {row} has only: {', '.join(labels)}."
        self.error(
            "no_columns",
            f"找不到可识别的表头。需要：{expected_zh}。{found_zh}",
            f"No recognisable header row. Expected {expected_en}.{found_en}",
            row=row,
        )

    def _settle_region_column(self, header: _Header) -> _Header:
        """A 单位 column is the region column only if its values are region names; otherwise it is the unit."""
        c = header.unit_or_region
        if c is None or REGION in header.roles:
            return header
        values = [self.rows[r][c] for r in range(header.row + 1, min(len(self.rows), header.row + 201))]
        values = [v for v in values if not _blank(v)]
        matched = sum(1 for v in values if match_region(v) is not None)
        if values and matched * 2 >= len(values):
            return replace(header, roles={**header.roles, REGION: c})
        return header

    # months

    def _default_month(self, header: _Header, layout: str) -> int | None:
        """The month for rows without a month cell: the form's choice, or what the title states (截至6月底).

        The title's year is always checked; the form and the title must agree only where the month is needed.
        """
        title = self._title_month(header)
        if layout == WIDE:
            return None  # every month column names its month
        form = self.form_month
        if form is not None and not 1 <= form <= 12:
            self.error(
                "bad_month", f"所选月份 {form} 不在 1–12 之间。", f"The chosen month {form} is not between 1 and 12."
            )
            form = None
        needed = MONTH not in header.roles
        if needed and title is not None and form is not None and title[0] != form:
            month, row, column = title
            self.error(
                "bad_month",
                f"标题写明截至 {month} 月，但上传时选择的是 {form} 月；请核对后重新上传。",
                f"The title states month {month}, but month {form} was chosen for the upload; check and upload again.",
                row=row,
                column=column,
            )
        default = form if form is not None else (title[0] if title else None)
        if needed and default is None:
            self.error(
                "no_month",
                "无法确定数据所属月份：表中没有“月份”列，标题未写明“截至X月底”，上传时也未选择月份。",
                "The month of the figures is unknown: no month column, no 'as of month X' in the title, "
                "and no month chosen for the upload.",
            )
        return default

    def _title_month(self, header: _Header) -> tuple[int, int, str] | None:
        """(month, row, column) the rows above the header state, checking any year they state against the plan."""
        for r in range(header.row):
            for c, cell in enumerate(self.rows[r]):
                if not isinstance(cell, str) or not cell.strip():
                    continue
                text = _CN_NUMERAL_MONTH.sub(lambda m: str(_CN_MONTHS[m.group(1)]), _key(cell))
                if any(word in text for word in _DATE_LINES):
                    continue  # 填报日期：2024年7月5日 is when the sheet was filled in, not the month it reports
                year_match = _TITLE_YEAR.search(text)
                for pattern in _TITLE_MONTHS:
                    match = pattern.search(text)
                    if match:
                        year = match.groupdict().get("year") or (year_match.group("year") if year_match else None)
                        return self._title_found(int(match.group("month")), year, r, c, cell)
                if year_match:
                    self._check_title_year(int(year_match.group("year")), r, c, cell)
        return None

    def _title_found(self, month: int, year: str | None, r: int, c: int, cell: Cell) -> tuple[int, int, str] | None:
        if year is not None:
            self._check_title_year(int(year), r, c, cell)
        if not 1 <= month <= 12:
            self.error(
                "bad_month",
                f"标题“{_shown(cell)}”中的月份 {month} 不在 1–12 之间。",
                f"The title '{_shown(cell)}' states month {month}, which is not between 1 and 12.",
                row=r + 1,
                column=column_letter(c),
            )
            return None
        return month, r + 1, column_letter(c)

    def _check_title_year(self, year: int, r: int, c: int, cell: Cell) -> None:
        if year != self.plan.year:
            self.error(
                "month_outside_year",
                f"标题“{_shown(cell)}”写明 {year} 年，与计划年度 {self.plan.year} 年不一致。",
                f"The title '{_shown(cell)}' states the year {year}, not the plan year {self.plan.year}.",
                row=r + 1,
                column=column_letter(c),
            )

    def _row_month(self, r: int, header: _Header, default: int | None) -> int | None:
        """The month of a long-form row: its month cell, else the default; None after reporting a problem."""
        c = header.roles.get(MONTH)
        cell = self.cell(r, c)
        if c is None or _blank(cell):
            if default is None and c is not None:
                self.error(
                    "no_month",
                    "月份为空，且标题和上传表单都未写明月份。",
                    "The month cell is empty, and neither the title nor the upload form states a month.",
                    row=r + 1,
                    column=header.label(c),
                )
            return default
        try:
            parsed = self.months[(type(cell), cell)]
        except KeyError:
            parsed = parse_month(cell)
            if len(self.months) < 10_000:
                self.months[(type(cell), cell)] = parsed
        return self._checked_month(parsed, cell, r + 1, header.label(c))

    def _checked_month(self, parsed: tuple[int | None, int] | None, cell: Cell, row: int, column: str) -> int | None:
        if parsed is None or not 1 <= parsed[1] <= 12:
            self.error(
                "bad_month",
                f"月份“{_shown(cell)}”无法识别；请写 1–12，或 {self.plan.year}-06、{self.plan.year}年6月。",
                f"The month '{_shown(cell)}' is not understood; write 1–12, or {self.plan.year}-06.",
                row=row,
                column=column,
            )
            return None
        year, month = parsed
        if year is not None and year != self.plan.year:
            self.error(
                "month_outside_year",
                f"月份“{_shown(cell)}”不在计划年度 {self.plan.year} 年内。",
                f"The month '{_shown(cell)}' is outside the plan year {self.plan.year}.",
                row=row,
                column=column,
            )
            return None
        return month

    # rows

    def _read_rows(self, header: _Header, layout: str, default_month: int | None) -> None:
        """Sort the rows below the header into blank, note, 栏次, repeated header, sum-of-indicators and data rows."""
        in_notes = False
        header_keys = {_key(label) for label in header.labels if label}
        wide_columns = self._wide_columns(header) if layout == WIDE else ()
        long_columns = [
            (c, role == INCREMENT) for role in (CUMULATIVE, INCREMENT) if (c := header.roles.get(role)) is not None
        ]
        cell = self.cell
        todo: Iterable[int] = range(header.row + 1, len(self.rows))
        if layout == LONG and self.bulk:
            todo = self._read_plain_rows(header, long_columns, default_month)
        for r in todo:
            row = self.rows[r]
            # The first non-blank cell (_blank inlined: this loop sees every row of a 100,000-row file).
            first = None
            for value in row:
                if value is not None and (type(value) is not str or (value and not value.isspace())):
                    first = value
                    break
            if first is None:
                continue
            if isinstance(first, str) and _is_note(first):
                in_notes = True
                continue
            if r <= header.row + 2 and self._column_numbers(row):
                continue
            code = self._indicator(r, header)
            if code is None and (in_notes or self._repeated_header(r, header, header_keys)):
                continue
            if code is None and self._total_row(r, header) and self._province_sum_row(r, header):
                continue  # a sum over indicators means nothing; never an error
            self.rows_read += 1
            if layout == WIDE:
                values = [(c, m, inc) for c, m, inc in wide_columns if not _blank(cell(r, c))]
            else:
                values = [(c, None, inc) for c, inc in long_columns if not _blank(cell(r, c))]
            if values:
                self._read_row(r, header, code, values, default_month)

    def _read_plain_rows(
        self, header: _Header, long_columns: list[tuple[int, bool]], default_month: int | None
    ) -> list[int]:
        """Read the plain rows of a long-layout sheet column by column; return the other rows, in order.

        A plain row has a filled column A that is no note, an indicator, region and month that resolve without
        a problem (each distinct cell resolved once), no merged cell, and value cells that are empty or plain
        non-negative numbers (a standard's 0 or 1). Read one by one, such a row gives one entry per value and no
        issue; that is all this does for it. Every other row (the two below the header, which may number the
        columns, too) is left to the per-row reading, so that its messages come from the same code as always.
        """
        start = header.row + 3
        rows = self.rows[start:]
        rest = list(range(header.row + 1, min(start, len(self.rows))))
        if not rows or not rows[0]:
            return rest
        roles = header.roles
        leads = _memo_map(_plain_lead, [row[0] for row in rows])
        by_code = _memo_map(self.resolver.resolve, [row[roles[CODE]] for row in rows]) if CODE in roles else None
        by_name = _memo_map(self.resolver.resolve, [row[roles[NAME]] for row in rows]) if NAME in roles else None
        if by_code is None or by_name is None:
            codes = by_code or by_name or []
        else:  # as _indicator: a code and a name of two different indicators resolve to none
            codes = [None if a and b and a != b else a or b for a, b in zip(by_code, by_name, strict=True)]
        regions = (
            _memo_map(self._region_code, [row[roles[REGION]] for row in rows])
            if REGION in roles
            else [PROVINCE] * len(rows)
        )
        months = (
            _memo_map(lambda cell: self._plain_month(cell, default_month), [row[roles[MONTH]] for row in rows])
            if MONTH in roles
            else [default_month] * len(rows)
        )
        value_columns = [
            (c, increment, header.label(c), _memo_map(_plain_number, [row[c] for row in rows]))
            for c, increment in long_columns
        ]
        plain = [
            lead and code is not None and region is not None and month is not None
            for lead, code, region, month in zip(leads, codes, regions, months, strict=True)
        ]
        standard = {code for code, i in self.indicators.items() if i.kind is Kind.STANDARD}
        for *_, column in value_columns:
            plain = [
                ok and value is not _DETAILED and (value in (None, 0.0, 1.0) or code not in standard)
                for ok, value, code in zip(plain, column, codes, strict=True)
            ]
        for r, _ in self.merged_fill:
            if r >= start:
                plain[r - start] = False
        rest.extend(r for r, ok in enumerate(plain, start) if not ok)
        self.rows_read += sum(plain)
        additive = {code for code, i in self.indicators.items() if i.kind in ADDITIVE_KINDS}
        for c, increment, label, column in value_columns:
            self.entries.extend(
                _Entry(code, region, month, value, increment and code in additive, r + 1, c, label)
                for r, ok, code, region, month, value in zip(
                    range(start, len(self.rows)), plain, codes, regions, months, column, strict=True
                )
                if ok and value is not None
            )
        return rest

    def _plain_month(self, cell: Cell, default: int | None) -> int | None:
        """A row's month as _row_month finds it when that reports nothing; else None."""
        if _blank(cell):
            return default
        parsed = parse_month(cell)
        if parsed is None or not 1 <= parsed[1] <= 12 or parsed[0] not in (None, self.plan.year):
            return None
        return parsed[1]

    def _wide_columns(self, header: _Header) -> list[tuple[int, int, bool]]:
        """The usable month columns; a column of another year is reported once if it holds any value."""
        columns = []
        for column in header.month_columns:
            if column.year is not None and column.year != self.plan.year:
                if any(not _blank(self.cell(r, column.index)) for r in range(header.row + 1, len(self.rows))):
                    self.error(
                        "month_outside_year",
                        f"列“{header.labels[column.index]}”的月份不在计划年度 {self.plan.year} 年内。",
                        f"Column '{header.labels[column.index]}' is for a month outside the plan year {self.plan.year}.",
                        row=header.row + 1,
                        column=header.label(column.index),
                    )
                continue
            columns.append((column.index, column.month, column.increment))
        return columns

    def _column_numbers(self, row: list[Cell]) -> bool:
        """A 栏次 row under the header (甲 乙 1 2 3…), which numbers the columns and is no data."""
        texts = [_text(cell).strip() for cell in row if not _blank(cell)]
        return len(texts) >= 2 and all(text in _COLUMN_NUMBERS for text in texts)

    def _repeated_header(self, r: int, header: _Header, header_keys: set[str]) -> bool:
        cells = [self.cell(r, header.roles.get(role)) for role in (CODE, NAME)]
        return any(not _blank(cell) and _key(cell) in header_keys for cell in cells)

    def _total_row(self, r: int, header: _Header) -> bool:
        """A 合计/全省 row in the indicator columns (or the first column)."""
        columns = {header.roles.get(CODE), header.roles.get(NAME), 0} - {None}
        return any(is_total_row(self.cell(r, c)) for c in columns)

    def _province_sum_row(self, r: int, header: _Header) -> bool:
        """A total row that sums indicators (no region column, or 合计 as its region too) rather than one indicator's."""
        return REGION not in header.roles or is_total_row(self.cell(r, header.roles[REGION]))

    def _indicator(self, r: int, header: _Header) -> str | None:
        """The indicator code of a row from its code or name cell, either of which may hold code or name."""
        code_cell = self.cell(r, header.roles.get(CODE))
        name_cell = self.cell(r, header.roles.get(NAME))
        by_code = self.resolver.resolve(code_cell)
        by_name = self.resolver.resolve(name_cell)
        if by_code and by_name and by_code != by_name:
            return None
        return by_code or by_name

    def _indicator_problem(self, r: int, header: _Header) -> None:
        c = header.roles.get(CODE) if CODE in header.roles else header.roles.get(NAME)
        code_cell = self.cell(r, header.roles.get(CODE))
        name_cell = self.cell(r, header.roles.get(NAME))
        by_code, by_name = self.resolver.resolve(code_cell), self.resolver.resolve(name_cell)
        year = self.plan.year
        if by_code and by_name:
            zh = f"编号“{_shown(code_cell)}”与指标名称“{_shown(name_cell)}”不是同一个指标（{by_code} / {by_name}）。"
            en = f"The code '{_shown(code_cell)}' and the name '{_shown(name_cell)}' are different indicators ({by_code} / {by_name})."
        elif self._total_row(r, header):
            zh = "合计行没有写明指标；请在指标列填写指标，在地区列填写“合计”。"
            en = "The total row does not say which indicator it is; put the indicator in its column and 合计 as the region."
        elif _blank(code_cell) and _blank(name_cell):
            zh, en = "这一行填了数值，但指标为空。", "This row has values but no indicator."
        else:
            shown = " / ".join(_shown(cell) for cell in (code_cell, name_cell) if not _blank(cell))
            zh = f"指标“{shown}”不在 {year} 年任务目录中；请使用目录中的指标编号或名称。"
            en = f"The indicator '{shown}' is not in the {year} catalogue; use a catalogue code or name."
        self.error("unknown_indicator", zh, en, row=r + 1, column=header.label(c) if c is not None else None)

    def _region(self, r: int, header: _Header) -> str | None:
        c = header.roles.get(REGION)
        if c is None:
            return PROVINCE
        cell = self.cell(r, c)
        found = self._region_code(cell)
        if found is None:
            shown = _shown(cell)
            self.error(
                "unknown_region",
                f"地区“{shown}”无法识别；请填写市州名称（如长春市、延边州）或“合计”。"
                if shown
                else "地区为空；请填写市州名称（如长春市、延边州）或“合计”。",
                f"The region '{shown}' is not recognised; write a city or prefecture (e.g. 长春市, 延边州) or 合计."
                if shown
                else "The region is empty; write a city or prefecture (e.g. 长春市, 延边州) or 合计.",
                row=r + 1,
                column=header.label(c),
            )
        return found

    def _region_code(self, cell: Cell) -> str | None:
        try:
            return self.regions[(type(cell), cell)]
        except KeyError:
            found = match_region(_text(cell)) if not _blank(cell) else None
            if len(self.regions) < 10_000:
                self.regions[(type(cell), cell)] = found
            return found

    def _read_row(
        self,
        r: int,
        header: _Header,
        code: str | None,
        values: list[tuple[int, int | None, bool]],
        default_month: int | None,
    ) -> None:
        """Check one data row's indicator, region and month, then read each of its value cells."""
        if code is None:
            self._indicator_problem(r, header)
            if self._total_row(r, header):
                return  # its empty region is the same problem, said once
        region = self._region(r, header)
        row_month = self._row_month(r, header, default_month) if not header.month_columns else None
        if code is None:
            return
        indicator = self.indicators[code]
        for c, column_month, increment in values:
            month = column_month if column_month is not None else row_month
            parsed = parse_value(self.cell(r, c), indicator)
            if isinstance(parsed, _Problem):
                self.error(parsed.rule, parsed.zh, parsed.en, row=r + 1, column=header.label(c))
                if region is not None and month is not None:
                    self.failed.add((code, region, month))
                continue
            if parsed is None or region is None or month is None:
                continue
            additive = indicator.kind in ADDITIVE_KINDS
            entry = _Entry(code, region, month, parsed, increment and additive, r + 1, c, header.label(c))
            self.entries.append(entry)

    # increments and duplicates

    def _resolve(self) -> list[FigureRecord]:
        """Convert increments to cumulative values in month order and keep one record per (indicator, region, month).

        The result does not depend on the order of self.entries: each series is sorted, and so are the records.
        """
        if not any(entry.increment for entry in self.entries) and _all_distinct(self.entries):
            # Nothing to convert and no figure given twice (a plain sheet): every entry is a record as it stands.
            return [
                FigureRecord(e.code, e.region, e.month, e.value, e.row, e.column, False)
                for e in sorted(self.entries, key=_sheet_order)
            ]
        series: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
        for entry in self.entries:
            series[(entry.code, entry.region)].append(entry)
        kept: list[tuple[_Entry, FigureRecord]] = []
        for (code, region), entries in series.items():
            entries.sort(key=lambda e: (e.month, e.increment, e.row, e.column_index))
            months = {e.month for e in entries}
            cumulative: dict[int, FigureRecord] = {}
            for entry in entries:
                value = entry.value
                if entry.increment:
                    base = self._base(code, region, entry, months, cumulative, report=entry.month not in cumulative)
                    if base is None:
                        self.failed.add((code, region, entry.month))
                        continue
                    value = round(base + entry.value, 6)
                record = FigureRecord(code, region, entry.month, value, entry.row, entry.column, entry.increment)
                first = cumulative.get(entry.month)
                if first is None:
                    cumulative[entry.month] = record
                    kept.append((entry, record))
                elif not math.isclose(first.value, value, rel_tol=1e-9, abs_tol=1e-9):
                    self._conflict(first, record)
        kept.sort(key=lambda pair: _sheet_order(pair[0]))
        return [record for _, record in kept]

    def _base(
        self,
        code: str,
        region: str,
        entry: _Entry,
        months: set[int],
        cumulative: dict[int, FigureRecord],
        *,
        report: bool,
    ) -> float | None:
        """The cumulative value to the end of the month before an increment, else None (reported unless `report` is
        False: a cumulative value given for the same month already says what the figure is)."""
        before = entry.month - 1
        if before in cumulative:
            return cumulative[before].value
        if before in months or (code, region, before) in self.failed:
            return None  # that month's own problem is reported already
        if (code, region, before) in self.previous:
            return float(self.previous[(code, region, before)])
        if before == 0:
            return 0.0
        if not report:
            return None
        indicator = self.indicators[code]
        self.error(
            "increment_without_base",
            f"{indicator.code} {indicator.name.zh}（{region_name(region)}）{entry.month} 月填的是本月新增数 "
            f"{format_number(entry.value)}，但没有 {before} 月的累计数，无法换算为累计值；请先上传 {before} 月数据或改填累计数。",
            f"{indicator.code} ({region_name(region, 'en')}) month {entry.month} gives the monthly increment "
            f"{format_number(entry.value)}, but there is no cumulative figure for month {before} to add it to; "
            f"upload month {before} first or give the cumulative value.",
            row=entry.row,
            column=entry.column,
        )
        return None

    def _conflict(self, first: FigureRecord, second: FigureRecord) -> None:
        indicator = self.indicators[first.indicator_code]
        self.error(
            "duplicate_conflict",
            f"{indicator.code} {indicator.name.zh}（{region_name(first.region_code)}）{first.month} 月重复填报且数值不同："
            f"第 {first.row} 行为 {format_number(first.value)}，第 {second.row} 行为 {format_number(second.value)}。",
            f"{indicator.code} ({region_name(first.region_code, 'en')}) month {first.month} is given twice with "
            f"different values: {format_number(first.value)} in row {first.row}, "
            f"{format_number(second.value)} in row {second.row}.",
            row=second.row,
            column=second.column,
        )


def _rectangular(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows padded to one width (read_grid gives them so; a hand-made grid may not)."""
    widths = set(map(len, rows))
    if len(widths) <= 1:
        return rows
    width = max(widths)
    return [list(row) + [None] * (width - len(row)) for row in rows]


def _merged_fill(rows: list[list[Cell]], merged: Iterable[tuple[int, int, int, int]]) -> dict[tuple[int, int], Cell]:
    """Cells below the top of a merged block take its value down its first column, as the user sees it."""
    fill: dict[tuple[int, int], Cell] = {}
    for top, left, bottom, _right in merged:
        if 0 <= top < bottom and top < len(rows) and 0 <= left < len(rows[top]):
            for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
                fill[(r, left)] = rows[top][left]
    return fill


def parse_figures(
    grid: Grid,
    plan: Plan,
    *,
    month: int | None = None,
    previous: Mapping[Key, float] = _NO_HISTORY,
) -> ParsedUpload:
    """Read an upload's figures as cumulative values per (indicator, region, month), with every error found.

    `month` is the month chosen in the upload form, used when the sheet has no month column; `previous`
    holds stored cumulative values, the base for converting monthly increments. Never raises on a grid.
    """
    return _Reader(grid, plan, month, previous).run()


# --- plausibility against history ------------------------------------------------------------


def check_against_history(
    records: Iterable[FigureRecord], plan: Plan, stored: Mapping[Key, float] = _NO_HISTORY
) -> list[Issue]:
    """Warnings for figures that are possible but suspicious: a fall, more than twice the target, a sudden jump.

    `stored` holds the current database values; the upload's records take precedence over them.
    """
    records = list(records)
    indicators = {i.code: i for i in plan.indicators}
    checked = {code for code, indicator in indicators.items() if indicator.kind in ADDITIVE_KINDS}
    series: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for (code, region, month), value in stored.items():
        if code in checked:
            series[(code, region)][month] = float(value)
    positions: dict[tuple[str, str], list[int]] = defaultdict(list)  # the records of each checked series
    for n, record in enumerate(records):
        if record.indicator_code in checked:
            key = (record.indicator_code, record.region_code)
            series[key][record.month] = record.value
            positions[key].append(n)
    # Only the records of a series that might warrant a warning are checked one by one, in upload order.
    suspect = sorted(
        n
        for key, ns in positions.items()
        if _may_warn(series[key], indicators[key[0]], key[1], [records[n].month for n in ns])
        for n in ns
    )
    # Each series' neighbours and largest earlier rise, found once per series (not once per record: 100,000 rows).
    facts: dict[tuple[str, str], dict[int, _Neighbours]] = {}
    issues: list[Issue] = []
    for n in suspect:
        record = records[n]
        indicator = indicators[record.indicator_code]
        key = (record.indicator_code, record.region_code)
        values = series[key]
        if key not in facts:
            facts[key] = _neighbours(values, {records[m].month for m in positions[key]})
        around = facts[key][record.month]
        issues.extend(_below_previous(record, indicator, values, around))
        issues.extend(_above_twice_target(record, indicator))
        issues.extend(_jump(record, indicator, values, around))
    return issues


def _may_warn(values: dict[int, float], indicator: Indicator, region: str, months: list[int]) -> bool:
    """False only if no record of the series can warrant a warning, judged from the series as a whole.

    A series that never falls has no figure below an earlier or above a later one; a jump needs a monthly rise
    above 10% of the target after two earlier months; twice the target needs a figure above it. The tests are
    written "not (… <= …)" so that a NaN counts as suspect. A series given twice for a month is always suspect.
    """
    if len(set(months)) != len(months):
        return True
    ordered = [values[month] for month in sorted(values)]
    if not all(later >= earlier for earlier, later in pairwise(ordered)):
        return True
    target = indicator.target
    if target <= 0:
        return False
    if region == PROVINCE and not max(ordered) <= 2 * target:
        return True
    return not all(later - earlier <= 0.1 * target for earlier, later in pairwise(ordered[1:]))


@dataclass(frozen=True)
class _Neighbours:
    """A month of a series: the latest earlier month, the earliest later month not in this upload, and the
    largest monthly rise among the earlier months (None with fewer than two)."""

    before: int | None
    later_stored: int | None
    largest_rise: float | None


def _neighbours(values: dict[int, float], uploaded: set[int]) -> dict[int, _Neighbours]:
    months = sorted(values)
    later: list[int | None] = [None] * len(months)
    nearest = None
    for i in range(len(months) - 1, -1, -1):
        later[i] = nearest
        if months[i] not in uploaded:
            nearest = months[i]
    out: dict[int, _Neighbours] = {}
    rises: float | None = values[1] if months and months[0] == 1 else None
    for i, month in enumerate(months):
        if i >= 2:
            rise = values[months[i - 1]] - values[months[i - 2]]
            rises = rise if rises is None else max(rises, rise)
        out[month] = _Neighbours(months[i - 1] if i else None, later[i], rises if i >= 2 else None)
    return out


def _where(record: FigureRecord, indicator: Indicator, lang: str) -> str:
    if lang == "en":
        return f"{indicator.code} ({region_name(record.region_code, 'en')}) month {record.month}"
    return f"{indicator.code} {indicator.name.zh}（{region_name(record.region_code)}）{record.month} 月"


def _below_previous(
    record: FigureRecord, indicator: Indicator, values: dict[int, float], around: _Neighbours
) -> list[Issue]:
    issues = []
    before = around.before
    if before is not None and record.value < values[before]:
        issues.append(
            warning(
                "below_previous",
                f"{_where(record, indicator, 'zh')}累计数 {format_number(record.value)} 低于 {before} 月的 "
                f"{format_number(values[before])}；累计数通常不会减少。",
                f"{_where(record, indicator, 'en')}: the cumulative {format_number(record.value)} is below "
                f"month {before}'s {format_number(values[before])}; cumulative figures rarely fall.",
                row=record.row,
                column=record.column,
            )
        )
    after = around.later_stored
    if after is not None and values[after] < record.value:
        issues.append(
            warning(
                "below_previous",
                f"{_where(record, indicator, 'zh')}累计数 {format_number(record.value)} 高于已保存的 {after} 月数 "
                f"{format_number(values[after])}，导入后 {after} 月将低于上月。",
                f"{_where(record, indicator, 'en')}: the cumulative {format_number(record.value)} is above the "
                f"stored month {after} figure {format_number(values[after])}, which would then fall below it.",
                row=record.row,
                column=record.column,
            )
        )
    return issues


def _above_twice_target(record: FigureRecord, indicator: Indicator) -> list[Issue]:
    if record.region_code != PROVINCE or indicator.target <= 0 or record.value <= 2 * indicator.target:
        return []
    return [
        warning(
            "above_twice_target",
            f"{_where(record, indicator, 'zh')}累计数 {format_number(record.value)} 超过全年目标 "
            f"{format_number(indicator.target)} 的两倍；请核对单位（个/万个）是否填错。",
            f"{_where(record, indicator, 'en')}: {format_number(record.value)} is more than twice the target "
            f"{format_number(indicator.target)}; check the unit.",
            row=record.row,
            column=record.column,
        )
    ]


def _jump(record: FigureRecord, indicator: Indicator, values: dict[int, float], around: _Neighbours) -> list[Issue]:
    """This month's increase against the largest earlier monthly increase of the series (needs two earlier months)."""
    largest = around.largest_rise
    if largest is None or indicator.target <= 0:
        return []
    previous = around.before
    increase = record.value - values[previous]
    if increase <= 3 * largest or increase <= 0.1 * indicator.target:
        return []
    return [
        warning(
            "jump",
            f"{_where(record, indicator, 'zh')}比 {previous} 月增加 {format_number(increase)}，超过此前单月最大增量 "
            f"{format_number(largest)} 的 3 倍，且超过全年目标的 10%；请核对。",
            f"{_where(record, indicator, 'en')} rose by {format_number(increase)} since month {previous}, more than "
            f"3 times the largest earlier monthly rise ({format_number(largest)}) and over 10% of the target; "
            "please check.",
            row=record.row,
            column=record.column,
        )
    ]
