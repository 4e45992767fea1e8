"""Investment (投资): a task's planned annual investment and the investment completed, in 万元, by source.

The plan comes with the official task table (its 计划投资 / 其中：中央资金… columns); the completed investment
comes monthly in a sheet per department. The share of the year's investment completed (完成年度总投资的X%) is
completed / planned per task; for an area and the province only the tasks that have a planned investment are
summed, on both sides, so a task without a plan can neither dilute nor inflate the share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from targets.labels import BRACKETED, cell_text, label_key, unbracketed
from targets.model import Plan
from targets.numbers import NotANumber, fold, parse_number
from targets.readers.cells import blank, column_label, shown

TOTAL = "total"
SOURCES = ("central", "provincial", "county", "other")
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    TOTAL: ("合计", "Total"),
    "central": ("中央", "Central"),
    "provincial": ("省级", "Provincial"),
    "county": ("市县", "City and county"),
    "other": ("其他", "Other"),
}

# Header words (as label_key folds them, brackets and a leading 其中 taken off) for each source column.
_SOURCE_HEADS: dict[str, tuple[str, ...]] = {
    "central": ("中央资金", "中央投资", "中央", "中央预算内资金", "中央补助资金", "中央财政资金", "central"),
    "provincial": ("省级资金", "省级投资", "省级", "省资金", "省级财政资金", "省级补助资金", "provincial"),
    "county": ("市县资金", "市县投资", "市县", "市县级资金", "市县财政资金", "市县配套资金", "county", "local"),
    "other": ("其他资金", "其他投资", "其他", "社会资金", "其他来源", "other"),
}
_PLANNED_HEADS = (
    "计划投资",
    "年度计划投资",
    "计划总投资",
    "年度投资",
    "年度投资计划",
    "总投资",
    "年度总投资",
    "投资",
    "投资额",
    "计划投资额",
    "plannedinvestment",
    "investment",
)
_CUMULATIVE_HEADS = (
    "累计完成投资",
    "截至本月累计完成投资",
    "累计完成",
    "完成投资",
    "已完成投资",
    "累计投资",
    "累计完成额",
    "completedinvestment",
    "cumulative",
)
_INCREMENT_HEADS = (
    "本月完成投资",
    "当月完成投资",
    "本月完成",
    "当月完成",
    "本月新增投资",
    "当月新增投资",
    "本月投资",
    "当月投资",
    "monthlyinvestment",
    "increment",
)
_TASK_CODE_HEADS = ("任务编号", "编号", "任务代码", "code", "taskcode")
_TASK_NAME_HEADS = ("任务", "任务名称", "事项", "任务/事项", "任务事项", "民生实事", "task")
_MONTH_HEADS = ("月份", "月", "填报月份", "month")
_TOTAL_ROW = frozenset({"合计", "总计", "全省", "全省合计", "total"})
_MONTH_TEXT = re.compile(r"^(?:\d{4}\s*[年\-/.]\s*)?(\d{1,2})\s*月?(?:份)?$")


def _head(cell: object) -> str:
    """A header's key without brackets or a leading 其中 (其中：中央资金（万元） → 中央资金)."""
    key = unbracketed(label_key(cell))
    return key[2:] if key.startswith("其中") and len(key) > 2 else key


def _scale(cell: object) -> float:
    """What one unit of a column is worth in 万元, from its bracketed unit: （亿元） 10,000, （元） 0.0001, else 1."""
    found = " ".join(BRACKETED.findall(label_key(cell)))
    if "亿元" in found:
        return 10_000.0
    if "万元" in found or not found:
        return 1.0
    return 0.0001 if "元" in found else 1.0


def _source_of(key: str) -> str | None:
    for source, heads in _SOURCE_HEADS.items():
        if key in heads:
            return source
    return None


def read_wan(cell: object, scale: float = 1.0) -> float | None:
    """An amount cell in 万元 (3,500 → 3500; 21.3万元 → 21.3; 1.2亿 → 12000); None when blank; ValueError when it is
    not a non-negative amount. A 万 or 亿 written in the cell overrides the column's unit."""
    if blank(cell):
        return None
    if isinstance(cell, bool | date | datetime):
        raise ValueError(shown(cell))
    text = cell
    if isinstance(cell, str):
        text = fold(cell)
        text = text[:-1].rstrip() if text.endswith("元") else text
    try:
        number = parse_number(text)
    except NotANumber as exc:
        raise ValueError(shown(cell)) from exc
    if number.percent or number.value < 0:
        raise ValueError(shown(cell))
    if number.magnitude > 1:  # written with 万 or 亿: the number is in yuan
        return round(number.value / 10_000, 6)
    return round(number.value * scale, 6)


@dataclass(frozen=True)
class Amounts:
    """An amount in 万元 and its split by source (only the sources stated)."""

    total: float
    by_source: Mapping[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"total": self.total, "by_source": {s: self.by_source[s] for s in SOURCES if s in self.by_source}}


@dataclass(frozen=True)
class Problem:
    """A cell that is not an amount: its row (1-based) and column label."""

    rule: str
    zh: str
    en: str
    row: int
    column: str


# ---------------------------------------------------------------------------------------------------------------
# The catalogue table's investment columns


@dataclass(frozen=True)
class InvestmentColumns:
    """Where a header row has the planned investment (total) and its sources, with each column's unit."""

    total: int | None
    sources: Mapping[str, int]
    labels: Mapping[int, str]
    scales: Mapping[int, float]

    @property
    def any(self) -> bool:
        return self.total is not None or bool(self.sources)


def planned_columns(header: list[object]) -> InvestmentColumns:
    """The investment columns of the catalogue's header row (none when the table has none)."""
    total: int | None = None
    sources: dict[str, int] = {}
    labels: dict[int, str] = {}
    scales: dict[int, float] = {}
    for c, cell in enumerate(header):
        key = _head(cell)
        source = _source_of(key)
        if source is not None and source not in sources:
            sources[source] = c
        elif total is None and key in _PLANNED_HEADS:
            total = c
        else:
            continue
        labels[c], scales[c] = column_label(c, cell), _scale(cell)
    return InvestmentColumns(total, sources, labels, scales)


def row_amounts(row: list[object], cols: InvestmentColumns, line: int) -> Amounts | Problem | None:
    """A row's amounts in the investment columns (None when all are blank); the total is the sum of the sources
    when the table gives only sources."""
    values: dict[int, float] = {}
    for c in [cols.total, *cols.sources.values()]:
        if c is None or c >= len(row):
            continue
        try:
            value = read_wan(row[c], cols.scales[c])
        except ValueError:
            return Problem(
                "bad_investment",
                f"第{line}行 {cols.labels[c]}：“{shown(row[c])}”不是金额（万元），例如 3500、1.2亿、21.3万元。",
                f"Row {line}, {cols.labels[c]}: '{shown(row[c])}' is not an amount in 10k yuan (e.g. 3500, 1.2亿).",
                line,
                cols.labels[c],
            )
        if value is not None:
            values[c] = value
    if not values:
        return None
    by_source = {s: values[c] for s, c in cols.sources.items() if c in values}
    total = values.get(cols.total) if cols.total is not None else None
    if total is None:
        total = round(sum(by_source.values()), 6)
    return Amounts(total, by_source)


def sources_exceed(amounts: Amounts) -> bool:
    """The stated sources add up to more than the total (a rounding of half a 万元 is allowed)."""
    return bool(amounts.by_source) and sum(amounts.by_source.values()) > amounts.total + 0.5


# ---------------------------------------------------------------------------------------------------------------
# Shares


@dataclass(frozen=True)
class Share:
    """Planned and completed investment (万元) and the share completed; share None without a plan."""

    planned: float | None
    completed: float | None
    by_source: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        if not self.planned:
            return None
        return (self.completed or 0.0) / self.planned

    def as_json(self) -> dict[str, object]:
        return {
            "planned": _r(self.planned),
            "completed": _r(self.completed),
            "share": _r(self.share, 4),
            "by_source": {
                s: {"planned": _r(p), "completed": _r(c), "share": _r(c / p if p and c is not None else None, 4)}
                for s, (p, c) in self.by_source.items()
            },
        }


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class InvestmentSummary:
    """The shares per task, per area and for the province, as of a month."""

    year: int
    month: int | None
    tasks: Mapping[str, Share]
    areas: Mapping[str, Share]
    province: Share

    def task_json(self, code: str) -> dict[str, object] | None:
        s = self.tasks.get(code)
        return s.as_json() if s is not None and s.planned else None

    def area_json(self, code: str) -> dict[str, object] | None:
        s = self.areas.get(code)
        return s.as_json() if s is not None and s.planned else None

    def as_json(self) -> dict[str, object]:
        return {
            **self.province.as_json(),
            "month": self.month,
            "areas": {code: self.area_json(code) for code in self.areas},
            "tasks": {code: self.task_json(code) for code in self.tasks},
        }

    @property
    def any(self) -> bool:
        return bool(self.province.planned) or any(s.completed for s in self.tasks.values())


def cumulative_as_of(values: Mapping[int, Amounts], month: int | None) -> Amounts | None:
    """The latest cumulative amounts at or before month (all months when None)."""
    months = [m for m in values if month is None or m <= month]
    return values[max(months)] if months else None


def _add(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else a + b


def summarise(
    plan: Plan,
    planned: Mapping[str, Amounts],
    completed: Mapping[str, Mapping[int, Amounts]],
    month: int | None,
) -> InvestmentSummary:
    """The shares as of month: per task completed / planned; an area and the province sum only the tasks that
    have a planned investment (on both sides), by source only where that source is planned."""
    tasks: dict[str, Share] = {}
    for task in plan.tasks:
        plan_amounts = planned.get(task.code)
        done = cumulative_as_of(completed.get(task.code, {}), month)
        by_source = {}
        for s in SOURCES:
            p = plan_amounts.by_source.get(s) if plan_amounts else None
            c = done.by_source.get(s) if done else None
            if p is not None or c is not None:
                by_source[s] = (p, c)
        tasks[task.code] = Share(plan_amounts.total if plan_amounts else None, done.total if done else None, by_source)

    def total(codes: Iterable[str]) -> Share:
        planned_sum: float | None = None
        done_sum: float | None = None
        src: dict[str, tuple[float | None, float | None]] = {}
        for code in codes:
            s = tasks[code]
            if not s.planned:
                continue  # a task without a plan is left out of the sums
            planned_sum = _add(planned_sum, s.planned)
            done_sum = _add(done_sum, s.completed or 0.0)
            for source, (p, c) in s.by_source.items():
                if p:
                    old_p, old_c = src.get(source, (None, None))
                    src[source] = (_add(old_p, p), _add(old_c, c or 0.0))
        return Share(planned_sum, done_sum, src)

    areas = {a.code: total(t.code for t in plan.tasks if t.area_code == a.code) for a in plan.areas}
    return InvestmentSummary(plan.year, month, tasks, areas, total(tasks))


def percent_text(share: float | None) -> str:
    """A share as the bulletin writes it: 88.76 for 0.8876 (two decimals at most, no trailing zeros)."""
    if share is None:
        return ""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".")


def bulletin_sentence(summary: InvestmentSummary | None, lang: str = "zh") -> str:
    """完成年度总投资的X%（已完成26.2亿元，计划41.1亿元）, amounts as a paper prints them; '' when no task has a
    planned investment."""
    from targets.numbers import press_figure

    if summary is None or not summary.province.planned:
        return ""
    p = summary.province
    pct = percent_text(p.share)
    if lang == "en":
        done = press_figure((p.completed or 0) * 10_000, "yuan", "en")
        planned = press_figure(p.planned * 10_000, "yuan", "en")
        return f"{pct}% of the year's total investment was completed ({done} of {planned} planned)."
    done = press_figure((p.completed or 0) * 10_000, "元", "zh")
    planned = press_figure(p.planned * 10_000, "元", "zh")
    return f"完成年度总投资的{pct}%（已完成{done}，计划{planned}）。"


# ---------------------------------------------------------------------------------------------------------------
# The monthly sheet of completed investment


@dataclass(frozen=True)
class InvestmentRow:
    """One task's completed investment in a sheet, as read: cumulative or a monthly increment, 万元."""

    task_code: str
    month: int
    amounts: Amounts
    increment: bool
    row: int
    column: str


@dataclass
class InvestmentSheet:
    """What a sheet of completed investment holds, and every problem found, naming row and column."""

    rows: list[InvestmentRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    header_row: int | None = None
    totals: list[tuple[int, str, float]] = field(default_factory=list)  # 合计 rows: (row, column, value)


@dataclass(frozen=True)
class _SheetColumns:
    code: int | None
    name: int | None
    month: int | None
    cumulative: int | None
    increment: int | None
    sources: Mapping[str, int]
    labels: Mapping[int, str]
    scales: Mapping[int, float]

    @property
    def value(self) -> int | None:
        return self.cumulative if self.cumulative is not None else self.increment


def _sheet_columns(header: list[object]) -> _SheetColumns | None:
    found: dict[str, int] = {}
    sources: dict[str, int] = {}
    labels: dict[int, str] = {}
    scales: dict[int, float] = {}
    for c, cell in enumerate(header):
        key = _head(cell)
        source = _source_of(key)
        role = None
        if source is not None:
            if source in sources:
                continue
            sources[source] = c
        elif key in _TASK_CODE_HEADS:
            role = "code"
        elif key in _TASK_NAME_HEADS:
            role = "name"
        elif key in _MONTH_HEADS:
            role = "month"
        elif key in _CUMULATIVE_HEADS:
            role = "cumulative"
        elif key in _INCREMENT_HEADS:
            role = "increment"
        else:
            continue
        if role is not None:
            if role in found:
                continue
            found[role] = c
        labels[c], scales[c] = column_label(c, cell), _scale(cell)
    if ("code" not in found and "name" not in found) or ("cumulative" not in found and "increment" not in found):
        return None
    return _SheetColumns(
        found.get("code"),
        found.get("name"),
        found.get("month"),
        found.get("cumulative"),
        found.get("increment"),
        sources,
        labels,
        scales,
    )


def _month(cell: object) -> int | None:
    if isinstance(cell, datetime | date):
        return cell.month
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if float(cell).is_integer() and 1 <= cell <= 12 else None
    m = _MONTH_TEXT.match(fold(cell_text(cell)))
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 12 else None


def read_sheet(rows: list[list[object]], plan: Plan, *, month: int | None = None) -> InvestmentSheet:
    """A sheet of completed investment: a row per task (by 任务编号 or 任务名称), a 累计完成投资 or 本月完成投资
    column in 万元, perhaps the sources; a 合计 row is checked against the sum of the tasks, never stored."""
    sheet = InvestmentSheet()
    cols: _SheetColumns | None = None
    for r, row in enumerate(rows[:30]):
        cols = _sheet_columns(row)
        if cols is not None:
            sheet.header_row = r
            break
    if cols is None:
        sheet.errors.append(
            Problem(
                "no_columns",
                "未找到表头：需要“任务编号”或“任务名称”列，以及“累计完成投资（万元）”或“本月完成投资（万元）”列。",
                "No header found: the sheet needs a 任务编号 or 任务名称 column and a 累计完成投资（万元） or "
                "本月完成投资（万元） column.",
                1,
                "",
            )
        )
        return sheet
    by_code = {t.code: t.code for t in plan.tasks}
    by_name = {label_key(t.name.zh): t.code for t in plan.tasks} | {label_key(t.name.en): t.code for t in plan.tasks}
    seen: dict[tuple[str, int], int] = {}
    value_col = cols.value
    for r in range(sheet.header_row + 1, len(rows)):
        row = rows[r]
        line = r + 1

        def cell(c: int | None, row: list[object] = row) -> object:
            return row[c] if c is not None and c < len(row) else None

        code_text = fold(cell_text(cell(cols.code))) if cols.code is not None else ""
        name_text = fold(cell_text(cell(cols.name))) if cols.name is not None else ""
        if all(blank(v) for v in row) or (not code_text and not name_text and blank(cell(value_col))):
            continue
        first = next((fold(cell_text(v)) for v in row if not blank(v)), "")
        if first.startswith(("注", "说明", "填表人", "填报人", "审核人", "负责人", "联系人", "制表")):
            continue
        # The amounts of the value column and the sources.
        amounts: dict[int, float] = {}
        bad = False
        for c in [value_col, *cols.sources.values()]:
            try:
                v = read_wan(cell(c), cols.scales[c])
            except ValueError:
                sheet.errors.append(
                    Problem(
                        "bad_investment",
                        f"第{line}行 {cols.labels[c]}：“{shown(cell(c))}”不是金额（万元），例如 3500、1.2亿、21.3万元。",
                        f"Row {line}, {cols.labels[c]}: '{shown(cell(c))}' is not an amount in 10k yuan "
                        "(e.g. 3500, 1.2亿, 21.3万元).",
                        line,
                        cols.labels[c],
                    )
                )
                bad = True
                continue
            if v is not None:
                amounts[c] = v
        if {label_key(code_text), label_key(name_text)} & _TOTAL_ROW:
            if value_col in amounts:
                sheet.totals.append((line, cols.labels[value_col], amounts[value_col]))
            continue
        sheet.rows_read += 1
        code = by_code.get(code_text) if code_text else None
        if code is None and name_text:
            code = by_name.get(label_key(name_text))
        if code is None:
            column = cols.labels[cols.code if code_text and cols.code is not None else cols.name]
            sheet.errors.append(
                Problem(
                    "unknown_task",
                    f"第{line}行 {column}：“{code_text or name_text}”不是{plan.year}年计划中的任务。",
                    f"Row {line}, {column}: '{code_text or name_text}' is not a task of the {plan.year} plan.",
                    line,
                    column,
                )
            )
            continue
        row_month = month
        if cols.month is not None and not blank(cell(cols.month)):
            row_month = _month(cell(cols.month))
            if row_month is None or (month is not None and row_month != month):
                label = cols.labels[cols.month]
                sheet.errors.append(
                    Problem(
                        "bad_month",
                        f"第{line}行 {label}：“{shown(cell(cols.month))}”"
                        + (f"不是所选的{month}月。" if row_month is not None else "不是月份（1–12）。"),
                        f"Row {line}, {label}: '{shown(cell(cols.month))}' "
                        + (
                            f"is not the month chosen ({month})." if row_month is not None else "is not a month (1–12)."
                        ),
                        line,
                        label,
                    )
                )
                continue
        if row_month is None:
            sheet.errors.append(
                Problem(
                    "no_month",
                    f"第{line}行没有月份：请在表中加“月份”列，或在导入时选择月份（--month）。",
                    f"Row {line} has no month: add a 月份 column or choose the month (--month).",
                    line,
                    "",
                )
            )
            continue
        if bad:
            continue
        if value_col not in amounts:
            if not any(c in amounts for c in cols.sources.values()):
                continue  # a task left blank: nothing reported for it this time
            amounts[value_col] = round(sum(amounts[c] for c in cols.sources.values() if c in amounts), 6)
        key = (code, row_month)
        if key in seen:
            sheet.errors.append(
                Problem(
                    "duplicate_task",
                    f"第{line}行与第{seen[key]}行是同一任务（{code}）同一月份。",
                    f"Row {line} repeats task {code} for the same month (row {seen[key]}).",
                    line,
                    cols.labels[cols.code if cols.code is not None else cols.name],
                )
            )
            continue
        seen[key] = line
        by_source = {s: amounts[c] for s, c in cols.sources.items() if c in amounts}
        result = Amounts(amounts[value_col], by_source)
        if sources_exceed(result):
            sheet.warnings.append(
                Problem(
                    "sources_exceed_total",
                    f"第{line}行：各来源之和 {sum(by_source.values()):,.2f} 万元大于 {cols.labels[value_col]} "
                    f"{result.total:,.2f} 万元。",
                    f"Row {line}: the sources add up to {sum(by_source.values()):,.2f}, more than "
                    f"{cols.labels[value_col]} {result.total:,.2f} (10k yuan).",
                    line,
                    cols.labels[value_col],
                )
            )
        sheet.rows.append(InvestmentRow(code, row_month, result, cols.cumulative is None, line, cols.labels[value_col]))
    if sheet.totals and sheet.rows:
        whole = round(sum(r.amounts.total for r in sheet.rows), 6)
        for line, column, value in sheet.totals:
            if abs(value - whole) > 0.5:
                sheet.errors.append(
                    Problem(
                        "total_mismatch",
                        f"第{line}行 {column}：合计 {value:,.2f} 万元，与各任务之和 {whole:,.2f} 万元不符。",
                        f"Row {line}, {column}: the total {value:,.2f} differs from the sum of the tasks, {whole:,.2f}.",
                        line,
                        column,
                    )
                )
    if not sheet.rows and not sheet.errors:
        sheet.errors.append(
            Problem(
                "empty_file",
                "表格中没有任务行。",
                "The sheet has no task rows.",
                sheet.header_row + 1,
                "",
            )
        )
    return sheet


@dataclass(frozen=True)
class InvestmentChange:
    """One task-month's cumulative amounts, stored → new, with where the new came from."""

    task_code: str
    month: int
    old: Amounts | None
    new: Amounts
    row: int
    column: str


def to_cumulative(
    rows: Iterable[InvestmentRow], stored: Mapping[str, Mapping[int, Amounts]]
) -> tuple[list[InvestmentChange], list[Problem], int]:
    """The sheet's rows as cumulative amounts (an increment adds to the latest stored month before it), the
    changes against the stored ones, warnings (below an earlier month, an increment with no earlier month),
    and how many rows change nothing."""
    changes: list[InvestmentChange] = []
    warnings: list[Problem] = []
    unchanged = 0
    for row in rows:
        months = stored.get(row.task_code, {})
        before = cumulative_as_of({m: a for m, a in months.items() if m < row.month}, None)
        amounts = row.amounts
        if row.increment:
            if before is None and row.month > 1:
                warnings.append(
                    Problem(
                        "increment_without_base",
                        f"第{row.row}行：{row.task_code} 在{row.month}月之前没有已报的累计完成投资，本月完成额按累计计。",
                        f"Row {row.row}: {row.task_code} has no completed investment stored before month "
                        f"{row.month}; the month's amount is taken as the cumulative one.",
                        row.row,
                        row.column,
                    )
                )
            base = before or Amounts(0.0)
            src = dict(base.by_source)
            for s, v in amounts.by_source.items():
                src[s] = round(src.get(s, 0.0) + v, 6)
            amounts = Amounts(round(base.total + amounts.total, 6), src)
        elif before is not None and amounts.total + 1e-9 < before.total:
            warnings.append(
                Problem(
                    "below_previous",
                    f"第{row.row}行：{row.task_code} {row.month}月累计完成投资 {amounts.total:,.2f} 万元，"
                    f"少于此前已报的 {before.total:,.2f} 万元。",
                    f"Row {row.row}: {row.task_code} month {row.month} cumulative {amounts.total:,.2f} is below the "
                    f"{before.total:,.2f} stored for an earlier month.",
                    row.row,
                    row.column,
                )
            )
        old = months.get(row.month)
        if old == amounts:
            unchanged += 1
            continue
        changes.append(InvestmentChange(row.task_code, row.month, old, amounts, row.row, row.column))
    return changes, warnings, unchanged


def over_plan(changes: Iterable[InvestmentChange], planned: Mapping[str, Amounts]) -> list[Problem]:
    """A warning per task whose completed investment would exceed its planned one."""
    found = []
    for c in changes:
        p = planned.get(c.task_code)
        if p is not None and p.total and c.new.total > p.total + 0.5:
            found.append(
                Problem(
                    "above_plan",
                    f"第{c.row}行：{c.task_code} 累计完成投资 {c.new.total:,.2f} 万元，超过计划投资 {p.total:,.2f} 万元。",
                    f"Row {c.row}: {c.task_code} completed {c.new.total:,.2f}, above its planned {p.total:,.2f} "
                    "(10k yuan).",
                    c.row,
                    c.column,
                )
            )
    return found


def task_departments(plan: Plan) -> dict[str, set[str]]:
    """The departments that lead each task: the task's own lead unit and its indicators'."""
    found: dict[str, set[str]] = {t.code: {t.lead_unit} if t.lead_unit else set() for t in plan.tasks}
    for i in plan.indicators:
        if i.lead_unit:
            found.setdefault(i.task_code, set()).add(i.lead_unit)
    return found


def template_rows(plan: Plan, department: str | None, month: int) -> list[list[object]]:
    """The monthly sheet to fill in: a title row, the header, a row per task (a department's own when given)."""
    header = [
        "任务编号",
        "任务名称",
        "牵头单位",
        "月份",
        "累计完成投资（万元）",
        "其中：中央资金（万元）",
        "其中：省级资金（万元）",
        "其中：市县资金（万元）",
        "其中：其他资金（万元）",
    ]
    title = [f"{plan.year}年民生实事完成投资情况（截至{month}月）"] + [None] * (len(header) - 1)
    rows: list[list[object]] = [title, header]
    leads = task_departments(plan)
    for t in plan.tasks:
        if department and department not in leads[t.code]:
            continue
        rows.append([t.code, t.name.zh, "、".join(sorted(leads[t.code])), month, None, None, None, None, None])
    return rows


def read_investment_file(
    data: bytes, filename: str | None, plan: Plan, *, month: int | None = None
) -> tuple[InvestmentSheet, str | None]:
    """An uploaded sheet's completed investment and the sheet's name (the step services.sandbox runs on the bytes);
    SheetError when the file cannot be read at all."""
    from targets.sheets import read_grid

    grid = read_grid(data, filename)
    return read_sheet(grid.rows, plan, month=month), grid.sheet


def template_xlsx(plan: Plan, department: str | None, month: int) -> bytes:
    """The monthly sheet as a workbook: the title merged over the columns, the header, a row per task."""
    import io

    import xlsxwriter

    rows = template_rows(plan, department, month)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("完成投资")
    bold = wb.add_format({"bold": True})
    ws.merge_range(0, 0, 0, len(rows[1]) - 1, rows[0][0], bold)
    ws.write_row(1, 0, rows[1], bold)
    for r, row in enumerate(rows[2:], start=2):
        ws.write_row(r, 0, row)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 36)
    ws.set_column(2, len(rows[1]) - 1, 16)
    wb.close()
    return buf.getvalue()


def demo_investment(plan: Plan, as_of: int) -> tuple[dict[str, Amounts], list[InvestmentChange]]:
    """Synthetic planned and completed investment for the demo (演示数据): every third task has no planned
    investment (as in a real list, where only construction-type tasks carry one); the others are split by source
    and completed along a seasonal curve, some ahead and some behind. Seeded by the task code: always the same."""
    import zlib

    curve = (0.02, 0.05, 0.10, 0.18, 0.28, 0.38, 0.48, 0.58, 0.68, 0.78, 0.9, 1.0)
    planned: dict[str, Amounts] = {}
    changes: list[InvestmentChange] = []
    for n, task in enumerate(plan.tasks):
        if n % 3 == 2:
            continue
        seed = zlib.crc32(task.code.encode())
        total = float(2_000 + seed % 48_000)  # 2,000 to 50,000 万元
        split = (
            {"central": 0.3, "provincial": 0.3, "county": 0.3, "other": 0.1}
            if n % 2
            else {"provincial": 0.6, "county": 0.4}
        )
        planned[task.code] = Amounts(total, {s: round(total * w, 2) for s, w in split.items()})
        pace = 0.7 + (seed % 50) / 100  # 0.70 to 1.19 of the curve
        for month in range(1, as_of + 1):
            done = round(min(total, total * curve[month - 1] * pace), 2)
            changes.append(
                InvestmentChange(
                    task.code,
                    month,
                    None,
                    Amounts(done, {s: round(done * w, 2) for s, w in split.items()}),
                    0,
                    "demo",
                )
            )
    return planned, changes
