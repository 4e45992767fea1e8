"""A value cell as a figure of one indicator, in the indicator's unit, or the reason it is not one."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

from targets.model import Indicator, Kind
from targets.numbers import NotANumber, parse_number, parse_yes_no
from targets.readers.cells import Problem, blank, shown
from targets.readers.units import Unit, catalogue_unit, factor, magnitude_twice, scaled
from targets.sheets import Cell

_SIMPLE_NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,15})?")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,15})?")

DETAILED = object()  # a value cell that only parse_value can judge


def plain_number(cell: Cell) -> float | object | None:
    """A value cell when it is plain: None if blank, the float of a non-negative number (a numeric cell, 1300, 21.5,
    1,300), else DETAILED (text, 万, %, a sign, a formula, a date…), which parse_value reads."""
    kind = type(cell)
    if kind is str:
        if not cell or cell.isspace():
            return None
        if _SIMPLE_NUMBER.fullmatch(cell):
            value = float(cell)
        elif _GROUPED_NUMBER.fullmatch(cell):
            value = float(cell.replace(",", ""))
        else:
            return DETAILED
    elif kind is int or kind is float:
        value = float(cell)
        if not math.isfinite(value):
            return DETAILED
    else:
        return None if cell is None else DETAILED
    return value if value >= 0 else DETAILED


def parse_value(cell: Cell, indicator: Indicator, unit: Unit | None = None) -> float | Problem | None:
    """The figure a value cell holds for an indicator, in the indicator's unit, a Problem saying why not, or None
    for an empty cell. `unit` is the unit the sheet states for the cell (its header's or its row's), if any."""
    if blank(cell):
        return None
    magnitude = 1
    plain = plain_number(cell)
    if plain is not DETAILED:
        value, percent = plain, False
    else:
        met = parse_yes_no(cell) if indicator.kind is Kind.STANDARD else None
        if met is not None:
            value, percent = met, False
        elif isinstance(cell, bool | date | datetime) or not isinstance(cell, str | int | float):
            return _not_a_number(cell, indicator)
        else:
            try:
                number = parse_number(cell)
            except NotANumber as exc:
                if exc.reason == "formula":
                    return Problem(
                        "formula",
                        f"单元格内容“{shown(cell)}”是公式文本，不会被计算；请填写数值。",
                        f"The cell holds the formula text '{shown(cell)}', which is never evaluated; enter the number.",
                    )
                return _not_a_number(cell, indicator)
            value, percent, magnitude = number.value, number.percent, number.magnitude
    if percent and indicator.kind is not Kind.RATE:
        return Problem(
            "percent_for_count",
            f"“{shown(cell)}”是百分数，但指标 {indicator.code} {indicator.name.zh} 以“{indicator.unit.zh}”计，不是比率。",
            f"'{shown(cell)}' is a percentage, but {indicator.code} {indicator.name.en} is counted in "
            f"'{indicator.unit.en}', not a rate.",
        )
    if value < 0:
        return Problem(
            "negative",
            f"数值“{shown(cell)}”为负数；累计完成数不能小于 0。",
            f"The value '{shown(cell)}' is negative; a figure cannot be below 0.",
        )
    if indicator.kind is Kind.STANDARD and value not in (0.0, 1.0):
        return _not_a_number(cell, indicator)
    if unit is None:
        if magnitude == 1:
            return value
        # 1.2亿 for an indicator counted in 万元 is 12,000: the cell's own magnitude is of the base unit.
        return scaled(value, Decimal(1) / catalogue_unit(indicator).magnitude)
    by = factor(indicator, unit)
    if isinstance(by, Problem):
        return by
    if magnitude != 1 and unit.magnitude != 1:
        return magnitude_twice(shown(cell), unit)
    return scaled(value, by)


def _not_a_number(cell: Cell, indicator: Indicator) -> Problem:
    if indicator.kind is Kind.STANDARD:
        return Problem(
            "not_a_number",
            f"“{shown(cell)}”无法识别；指标 {indicator.code} 是达标类指标，请填写“是/否”“达标/未达标”或 1/0。",
            f"'{shown(cell)}' is not understood; {indicator.code} is a standard met or not: enter 是/否, 达标/未达标 or 1/0.",
        )
    return Problem(
        "not_a_number",
        f"“{shown(cell)}”不是数字；请填写阿拉伯数字，如 1300、1,300 或 21.3万。",
        f"'{shown(cell)}' is not a number; write digits such as 1300, 1,300 or 21.3万.",
    )
