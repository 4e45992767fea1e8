"""Reading numbers as department staff write them: "1,300", "１３００", "21.3万", "98%", "1.2亿"."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([, ]\d{3})+(\.\d*)?$")
_YES = {"是", "达标", "已达标", "达到", "已达到", "完成", "已完成", "yes", "y", "true", "met", "√", "✓"}
_NO = {"否", "未达标", "不达标", "未达到", "未完成", "no", "n", "false", "not met", "×", "✗"}


class NotANumber(ValueError):
    """The cell holds something that is not a number; the message says what."""

    def __init__(self, reason: str, text: str):
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason  # a stable key: formula, text, empty
        self.text = text


@dataclass(frozen=True)
class Number:
    """A parsed value, whether it was written as a percentage, and the magnitude it was written with (万: 10,000)."""

    value: float
    percent: bool = False
    magnitude: int = 1


def fold(text: str) -> str:
    """Full-width to half-width and compatibility forms folded (NFKC), white space collapsed."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", folded).strip()


def is_formula(text: str) -> bool:
    return fold(text).startswith("=")


def parse_number(cell: object) -> Number:
    """Parse a cell into a number; raise NotANumber with a reason for anything else."""
    if cell is None:
        raise NotANumber("empty", "")
    if isinstance(cell, bool):
        return Number(1.0 if cell else 0.0)
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and not math.isfinite(cell):
            raise NotANumber("text", str(cell))
        return Number(float(cell))
    text = fold(str(cell))
    if not text:
        raise NotANumber("empty", str(cell))
    if text.startswith("="):
        raise NotANumber("formula", str(cell))
    body = text
    percent = False
    if body.endswith("%"):
        percent, body = True, body[:-1].rstrip()
    multiplier = Decimal(1)
    if body and body[-1] in _MULTIPLIERS and not percent:
        multiplier, body = _MULTIPLIERS[body[-1]], body[:-1].rstrip()
    if _GROUPED.match(body):
        body = body.replace(",", "").replace(" ", "")
    if not _PLAIN.match(body):
        raise NotANumber("text", str(cell))
    try:
        value = Decimal(body) * multiplier
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise NotANumber("text", str(cell)) from exc
    result = float(value)
    if not math.isfinite(result):  # hundreds of digits overflow a float
        raise NotANumber("text", str(cell))
    return Number(result + 0.0, percent, int(multiplier))  # + 0.0 turns "-0" into 0.0


def parse_yes_no(cell: object) -> float | None:
    """1.0 for a standard met ("是", "达标"), 0.0 for not met, None if the cell says neither."""
    if cell is None:
        return None
    text = fold(str(cell)).lower()
    if text in _YES:
        return 1.0
    if text in _NO:
        return 0.0
    return None


def format_number(value: float | None, *, lang: str = "zh") -> str:
    """A number for people: thousands separators, no trailing .0, one or two decimals at most."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
