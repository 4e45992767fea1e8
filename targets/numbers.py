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


# --- figures as newspapers print them -------------------------------------------------------------

# Where the compact forms start: 万 and 亿 in Chinese (GB/T 15835: 4-digit numbers stay as they are,
# 7080名), million and billion in English (smaller figures in full with separators, 405,978).
_ZH_SCALES = (Decimal(100_000_000), Decimal(10_000))
_EN_SCALES = (Decimal(1_000_000_000), Decimal(1_000_000))
_PERCENT_KINDS = ("rate",)
_YES_NO_KINDS = ("standard",)


def _scale(value: Decimal, lang: str) -> Decimal:
    """The magnitude a figure is written in: 1 below 万 (million), else 万/亿 (million/billion)."""
    for scale in _ZH_SCALES if lang == "zh" else _EN_SCALES:
        if abs(value) >= scale:
            return scale
    return Decimal(1)


def _shown(value: Decimal, lang: str, rounding: str) -> tuple[Decimal, int]:
    """The value a reader sees (rounded as printed) and its decimals: three significant digits in 万/亿
    (1.65万, 40.6万, 613.4万, 1.23亿), up to two decimals below (12.5公里)."""
    scale = _scale(value, lang)
    decimals = 1 if scale > 1 and abs(value) / scale >= 10 else 2
    step = Decimal(1).scaleb(-decimals)
    shown = (value / scale).quantize(step, rounding=rounding) * scale
    return shown, decimals


def _spell(shown: Decimal, decimals: int, lang: str) -> str:
    from babel.numbers import format_compact_decimal, format_decimal

    locale = "zh_CN" if lang == "zh" else "en"
    if _scale(shown, lang) == 1:
        return format_decimal(shown, format="0.##" if lang == "zh" else "#,##0.##", locale=locale)
    return format_compact_decimal(
        shown, locale=locale, format_type="short" if lang == "zh" else "long", fraction_digits=decimals
    )


def press_figure(
    value: float | None,
    unit: str = "",
    lang: str = "zh",
    *,
    kind: str = "count",
    target: float | None = None,
) -> str:
    """A figure as a newspaper prints it, with its unit: 40.6万个（次）, 1.23亿元, 7080名, 98.5%
    (English: 405,978 postings, 1.2 million households).

    Rounded half up as printed, but never onto a target the figure has not reached (99,950 of a
    10万 target is 9.99万, not 10万); a figure above its target that rounds to the target's own
    figure says so (400,300 of 40万: 40万个以上 / over 400,000). A standard reads as met or not
    (已达标 / met); a rate (kind "rate", in percent units) as 98.5%. None is "—".
    """
    from decimal import ROUND_DOWN, ROUND_HALF_UP

    if value is None or not math.isfinite(float(value)):
        return "—"
    if kind in _YES_NO_KINDS:
        met = float(value) >= (1.0 if target is None else float(target))
        return ("已达标" if met else "未达标") if lang == "zh" else ("met" if met else "not met")
    percent = kind in _PERCENT_KINDS  # a level in percent units: 98.5%, never in 万
    number = Decimal(repr(float(value)))

    def rounded(mode: str) -> tuple[Decimal, int]:
        return (number.quantize(Decimal("0.01"), rounding=mode), 2) if percent else _shown(number, lang, mode)

    shown, decimals = rounded(ROUND_HALF_UP)
    over = False
    if target is not None and math.isfinite(float(target)):
        goal = Decimal(repr(float(target)))
        if number < goal <= shown:  # rounding up would claim the target: print it rounded down
            shown, decimals = rounded(ROUND_DOWN)
        elif number > goal >= shown:  # the excess is lost in the rounding: 40万以上
            over = True
    if percent:
        from babel.numbers import format_decimal

        text, unit = format_decimal(shown, format="0.##", locale="en"), "%"
    else:
        text = _spell(shown, decimals, lang)
    if lang == "zh":
        return f"{text}{unit}" + ("以上" if over else "")
    text = f"{text}{unit}" if percent else (f"{text} {unit}" if unit else text)
    return f"over {text}" if over else text
