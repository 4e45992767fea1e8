"""Months as sheets write them: in a month cell (6, 六月, 2024-06, 1-6月), and in a title (截至6月底, 2024年1-9月).

One title reader for every layout, so that "2024年1-9月" gives September in a long sheet and in a
region matrix alike, and a title naming another year is refused the same way everywhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from targets.issues import Issue, error
from targets.labels import label_key
from targets.readers.cells import shown
from targets.sheets import Cell, column_letter

CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CN_MONTHS |= {"十一": 11, "十二": 12}
EN_MONTHS = {
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
    key = label_key(cell)
    for pattern in (_DATE_MONTH, _CN_MONTH, _COMPACT_MONTH, _SPAN_MONTH):
        match = pattern.match(key)
        if match:
            raw = match.group("month")
            year = match.group("year")
            return (int(year) if year else None, CN_MONTHS.get(raw) or int(raw))
    if key.isdigit() and len(key) <= 2:
        return None, int(key)
    month = EN_MONTHS.get(key.rstrip("."))
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


# --- titles ------------------------------------------------------------------------------------

_TITLE_MONTHS = (
    re.compile(r"截[至止](?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月"),
    re.compile(r"(?P<year>\d{4})年(?:1月?-)?(?P<month>\d{1,2})月"),
    re.compile(r"(?<!\d)1月?[-至到](?P<month>\d{1,2})月"),
)
_TITLE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})年")
_DATE_LINES = ("日期", "填报时间", "报送时间", "填表时间")
_CN_NUMERAL_MONTH = re.compile(r"(十[一二]|[一二三四五六七八九十])(?=月)")


@dataclass(frozen=True)
class TitleMonth:
    """The month the rows above a table state, and the cell that states it."""

    month: int
    row: int  # 1-based
    column: str  # its letter


def title_month(rows: list[list[Cell]], above: int, year: int) -> tuple[TitleMonth | None, list[Issue]]:
    """The month the rows above row `above` (0-based) state (截至6月底, 2024年1-9月, 1-6月), and the problems found.

    Any year a title states is checked against the plan year; 填报日期：2024年7月5日 is when the sheet was filled
    in, not the month it reports, and is passed over.
    """
    issues: list[Issue] = []
    for r in range(min(above, len(rows))):
        for c, cell in enumerate(rows[r]):
            if not isinstance(cell, str) or not cell.strip():
                continue
            text = _CN_NUMERAL_MONTH.sub(lambda m: str(CN_MONTHS[m.group(1)]), label_key(cell))
            if any(word in text for word in _DATE_LINES):
                continue
            year_match = _TITLE_YEAR.search(text)
            for pattern in _TITLE_MONTHS:
                match = pattern.search(text)
                if match:
                    stated = match.groupdict().get("year") or (year_match.group("year") if year_match else None)
                    if stated is not None:
                        issues.extend(_title_year(int(stated), year, r, c, cell))
                    month = int(match.group("month"))
                    if not 1 <= month <= 12:
                        issues.append(
                            error(
                                "bad_month",
                                f"标题“{shown(cell)}”中的月份 {month} 不在 1–12 之间。",
                                f"The title '{shown(cell)}' states month {month}, which is not between 1 and 12.",
                                row=r + 1,
                                column=column_letter(c),
                            )
                        )
                        return None, issues
                    return TitleMonth(month, r + 1, column_letter(c)), issues
            if year_match:
                issues.extend(_title_year(int(year_match.group("year")), year, r, c, cell))
    return None, issues


def _title_year(stated: int, year: int, r: int, c: int, cell: Cell) -> list[Issue]:
    if stated == year:
        return []
    return [
        error(
            "month_outside_year",
            f"标题“{shown(cell)}”写明 {stated} 年，与计划年度 {year} 年不一致。",
            f"The title '{shown(cell)}' states the year {stated}, not the plan year {year}.",
            row=r + 1,
            column=column_letter(c),
        )
    ]


def month_of_sheet(
    title: TitleMonth | None, form: int | None, *, needed: bool, month_column: bool = True
) -> tuple[int | None, list[Issue]]:
    """The month for rows that do not state one: the form's choice, else the title's; they must agree if needed.

    `needed` is False when every row or column names its own month (the title is then only checked for its year).
    """
    issues: list[Issue] = []
    if form is not None and not 1 <= form <= 12:
        issues.append(
            error("bad_month", f"所选月份 {form} 不在 1–12 之间。", f"The chosen month {form} is not between 1 and 12.")
        )
        form = None
    if needed and title is not None and form is not None and title.month != form:
        issues.append(
            error(
                "bad_month",
                f"标题写明截至 {title.month} 月，但上传时选择的是 {form} 月；请核对后重新上传。",
                f"The title states month {title.month}, but month {form} was chosen for the upload; "
                "check and upload again.",
                row=title.row,
                column=title.column,
            )
        )
    default = form if form is not None else (title.month if title else None)
    if needed and default is None:
        column_zh, column_en = ("表中没有“月份”列，", "no month column, ") if month_column else ("", "")
        issues.append(
            error(
                "no_month",
                f"无法确定数据所属月份：{column_zh}标题未写明“截至X月底”，上传时也未选择月份。",
                f"The month of the figures is unknown: {column_en}no 'as of month X' in the title, "
                "and no month chosen for the upload.",
            )
        )
    return default, issues
