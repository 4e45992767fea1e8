"""Units as sheets state them, and how a figure written in one becomes a figure in the catalogue's unit.

A sheet states a unit in a header's brackets (累计完成（万个次）, 1月（万人）, a group label over the month
columns, a region matrix's 进度（万个）), in a 计量单位 column (one unit per row), or in a 单位：万元 line
above the table. 21.3 under 累计完成（万个次） is 213,000 postings; 6.5 beside 万名 is 65,000 people;
12,345 元 for an indicator counted in 万元 is 1.2345. A unit that names something else than the
indicator's (户 for people, 万元 for a count of people, a percentage for a count) cannot be converted
and is an error, as is a header and a unit column that disagree: a figure 10,000 times too small must
never be published in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from targets.labels import bracketed_parts, cell_text, label_key, unbracketed, without_brackets
from targets.model import Indicator, Kind
from targets.readers.cells import Problem

# Longest first: 千万 before 千, 十万 before 万.
MAGNITUDES: tuple[tuple[str, int], ...] = (
    ("千万", 10_000_000),
    ("百万", 1_000_000),
    ("十万", 100_000),
    ("亿", 100_000_000),
    ("万", 10_000),
    ("千", 1_000),
    ("百", 100),
)
_PERCENT = frozenset({"%", "百分比", "百分率", "百分数", "percent", "pct"})
_NO_UNIT = frozenset({"", "-", "/", "无", "\\"})
_SYNONYMS: tuple[frozenset[str], ...] = (frozenset({"名", "人", "位"}),)
# Classifiers of countable things, for which the generic 个 may stand (10个健身路径 for 10套); never people (名),
# households (户), money (元), events (次) or measures (吨, 米).
_THINGS = frozenset("个套所张场条项家间处座台辆件床份批册本篇门班支队站点园村镇组块栋幢宗笔部只头株棵期届顶")
# The characters measure words are written with (个, 户, 名, 人次, 平方米, 元/人…): a bracket or a 单位 column
# holding only these is a unit; (截至6月底) or (含省直) is not.
_MEASURE_CHARS = frozenset(
    "个次名人户元所张场套项条家间处座台辆件吨米里亩床份批例册本篇门班级天时岁平方公千克斤升瓦度栋幢宗笔部只头株棵位支队站点园村镇组期届块顿车"
    "/()"
)
_UNIT_PREFIXES = ("计量单位", "单位")


@dataclass(frozen=True)
class Unit:
    """A unit as a sheet states it: a magnitude (万: 10,000), a base (个次; empty for a bare magnitude), or a percentage.

    `where` says where it was read, for messages: the header of column C, the 计量单位 column, the line above.
    """

    text: str
    magnitude: int = 1
    base: str = ""
    percent: bool = False
    where_zh: str = ""
    where_en: str = ""

    def same_as(self, other: Unit) -> bool:
        """Whether two statements name one unit; a bare magnitude (万) agrees with any base of its magnitude."""
        if self.percent or other.percent:
            return self.percent and other.percent
        return self.magnitude == other.magnitude and (not self.base or not other.base or _compatible(self, other))

    def shown(self) -> str:
        return self.text or "（空）"


def parse_unit(cell: object, where_zh: str = "", where_en: str = "") -> Unit | None:
    """The unit a cell or bracket states, None for a blank or a dash; any other text is a unit (perhaps unknown)."""
    key = _unprefixed(label_key(cell))  # (单位：万元)
    if key in _NO_UNIT:
        return None
    text = " ".join(cell_text(cell).split())
    if key in _PERCENT:
        return Unit(text, percent=True, where_zh=where_zh, where_en=where_en)
    magnitude = 1
    for word, size in MAGNITUDES:
        if key.startswith(word):
            key, magnitude = key[len(word) :], size
            break
    return Unit(text, magnitude, key, where_zh=where_zh, where_en=where_en)


def looks_like_unit(text: object) -> bool:
    """Whether a bracket's or a cell's text is a unit (万个次, 万, %, 户, 元/人), not a remark (截至6月底, 含省直)."""
    unit = parse_unit(text)
    if unit is None:
        return False
    if unit.percent or (not unit.base and unit.magnitude > 1):
        return True
    return 0 < len(unit.base) <= 6 and set(unit.base) <= _MEASURE_CHARS


_PIECES = re.compile(r"[,;、，；]")


def header_unit(cell: object, where_zh: str, where_en: str) -> Unit | None:
    """The unit in a header's brackets (累计完成（万个次）, 进度(%), 累计完成（截至6月底，单位：万元）), else None."""
    for part in reversed(bracketed_parts(label_key(cell))):
        for piece in reversed(_PIECES.split(part)):
            if looks_like_unit(piece):
                return _with_text(parse_unit(piece, where_zh, where_en), _unprefixed(piece))
    return None


def note_unit(cell: object) -> Unit | None:
    """The unit of a 单位：万元 line above a table (alone in its cell or in a title's brackets), else None."""
    key = label_key(cell)
    for part in (key, *bracketed_parts(key)):
        if part.startswith(_UNIT_PREFIXES):
            body = _unprefixed(part)
            if body != part and looks_like_unit(body):
                return _with_text(parse_unit(body, "表格上方的“单位”说明", "the 单位 line above the table"), body)
    return None


def _unprefixed(text: str) -> str:
    for prefix in _UNIT_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


def _with_text(unit: Unit | None, text: str) -> Unit | None:
    return None if unit is None else Unit(text, unit.magnitude, unit.base, unit.percent, unit.where_zh, unit.where_en)


def _alternatives(base: str) -> frozenset[str]:
    """Ways of writing a base: 个(次) is 个次, 个 or 次; 名 is 人."""
    names = {without_brackets(base), unbracketed(base), *bracketed_parts(base)} - {""}
    for group in _SYNONYMS:
        if names & group:
            names |= group
    return frozenset(names)


def _compatible(a: Unit, b: Unit) -> bool:
    """Whether two bases count the same thing: one way of writing both, or the generic 个 for a thing's classifier."""
    if _alternatives(a.base) & _alternatives(b.base):
        return True
    return (a.base == "个" and b.base in _THINGS) or (b.base == "个" and a.base in _THINGS)


@lru_cache(maxsize=1024)
def catalogue_unit(indicator: Indicator) -> Unit:
    """The indicator's own unit: a rate's is the percentage whatever its label says."""
    if indicator.kind is Kind.RATE:
        return Unit(indicator.unit.zh or "%", percent=True)
    return parse_unit(indicator.unit.zh) or Unit("")


def combine(header: Unit | None, column: Unit | None) -> Unit | Problem | None:
    """The unit of one value cell from its header and its row's 计量单位 cell, which must not disagree."""
    if header is None or column is None:
        return header or column
    if not header.same_as(column):
        return Problem(
            "unit_conflict",
            f"{header.where_zh}的单位“{header.shown()}”与{column.where_zh}的“{column.shown()}”不一致；请只保留正确的单位。",
            f"The unit '{header.shown()}' of {header.where_en} disagrees with '{column.shown()}' in "
            f"{column.where_en}; keep only the right one.",
        )
    return column if column.base or column.percent else header


@lru_cache(maxsize=4096)
def factor(indicator: Indicator, unit: Unit) -> Decimal | Problem:
    """What a figure in `unit` is multiplied by to be in the indicator's unit (1 when they are the same)."""
    own = catalogue_unit(indicator)
    name = f"{indicator.code} {indicator.name.zh}"
    own_zh = f"“{own.text}”" if own.text else "目录中的单位"
    own_en = f"'{own.text}'" if own.text else "the catalogue's unit"
    if unit.percent or own.percent:
        if unit.percent and own.percent:
            return Decimal(1)
        if unit.percent:
            zh = f"{unit.where_zh}的单位“%”是百分比，但指标 {name} 以{own_zh}计，不是比率。"
            en = f"The unit '%' of {unit.where_en} is a percentage, but {indicator.code} is counted in {own_en}, not a rate."
        else:
            zh = f"指标 {name} 是比率（%），{unit.where_zh}的单位“{unit.shown()}”不是百分比。"
            en = (
                f"{indicator.code} is a rate (%), but the unit '{unit.shown()}' of {unit.where_en} is not a percentage."
            )
        return Problem("unit_mismatch", zh, en)
    if indicator.kind is Kind.STANDARD and (unit.magnitude != 1 or not _compatible(unit, own)):
        return Problem(
            "unit_mismatch",
            f"指标 {name} 是达标类指标（是/否），{unit.where_zh}的单位“{unit.shown()}”不适用。",
            f"{indicator.code} is a standard met or not (yes/no); the unit '{unit.shown()}' of {unit.where_en} does not apply.",
        )
    if unit.base and own.base and not _compatible(unit, own):
        return Problem(
            "unit_mismatch",
            f"指标 {name} 以{own_zh}计，{unit.where_zh}的单位“{unit.shown()}”无法换算为{own_zh}；"
            f"请改正单位，或按{own_zh}填报。",
            f"{indicator.code} is counted in {own_en}, and the unit '{unit.shown()}' of {unit.where_en} cannot be "
            f"converted to it; correct the unit or report in {own_en}.",
        )
    return Decimal(unit.magnitude) / Decimal(own.magnitude)


def magnitude_twice(written: str, unit: Unit) -> Problem:
    """A cell that writes its own 万 or 亿 in a column whose unit already has a magnitude (21.3万 under （万个次）)."""
    return Problem(
        "unit_conflict",
        f"“{written}”自带数量单位，而{unit.where_zh}的单位已是“{unit.shown()}”；请只写一处。",
        f"'{written}' carries its own magnitude, but the unit of {unit.where_en} is already '{unit.shown()}'; "
        "state it once.",
    )


def scaled(value: float, by: Decimal) -> float:
    """value × by, exact for the powers of ten units differ by (21.3 × 10,000 is 213,000, not 212,999.99…)."""
    if by == 1:
        return value
    return float(Decimal(repr(value)) * by) + 0.0
