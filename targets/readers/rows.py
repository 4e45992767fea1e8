"""What the long and the wide reader share: a sheet with a row per indicator (and region), figures in value columns.

Rows above the header (titles) and note rows below the data are skipped; a 栏次 row, a units row, a
repeated header and a total over indicators are no data. long.py and wide.py say which columns hold
figures and which month each figure is for.

Every sheet is read one way, column by column: each distinct cell of a column (an indicator, a region, a
month, a value, a unit) is judged once, and a row is the sum of its cells' judgements. A row whose cells
all read cleanly becomes its figures in bulk; a row with a problem says each problem, in the order of its
cells. That keeps 100,000 rows fast without a second reading of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import repeat

from targets.issues import Issue, Severity, error
from targets.labels import cell_text, label_key
from targets.model import Kind, Plan
from targets.readers.cells import (
    Problem,
    blank,
    is_note,
    memo_map,
    merged_fill,
    rectangular,
    shown,
)
from targets.readers.header import (
    CODE,
    MONTH,
    NAME,
    REGION,
    SCORED_ROLES,
    UNIT,
    Header,
)
from targets.readers.lookup import Indicators, Regions
from targets.readers.months import TitleMonth, title_month
from targets.readers.records import ADDITIVE_KINDS, NO_HISTORY, Key, ParsedUpload
from targets.readers.series import Entry, cumulative_records
from targets.readers.units import Unit, combine, factor, header_unit, looks_like_unit, note_unit, parse_unit
from targets.readers.values import DETAILED, parse_value, plain_number
from targets.regions import PROVINCE, is_total_row
from targets.sheets import Cell, Grid

_COLUMN_NUMBERS = frozenset({"甲", "乙", "丙", "丁", "栏次"} | {str(n) for n in range(1, 61)})
_UNITS_WORDS = frozenset({"计量单位", "单位", "unit", "units"})
_BLANK_ROW, _NOTE, _FILLED = 0, 1, 2
_SETTLE_ROWS = 200


@dataclass(frozen=True)
class ValueColumn:
    """A column of figures: its month (a wide sheet's; None in a long sheet, where the row says it), whether it
    holds monthly increments, and the unit its header states."""

    index: int
    month: int | None
    increment: bool
    label: str
    unit: Unit | None


def _lead(cell: Cell) -> int:
    if blank(cell):
        return _BLANK_ROW
    return _NOTE if isinstance(cell, str) and is_note(cell) else _FILLED


def _first_filled(row: list[Cell]) -> Cell:
    for value in row:
        if not blank(value):
            return value
    return None


def no_columns(partial: Header | None) -> Issue:
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
                *(c for role, c in partial.roles.items() if role in SCORED_ROLES),
                *(m.index for m in partial.month_columns),
            }
        )
        labels = [partial.labels[c] for c in columns]
        row = partial.row + 1
        found_zh = f"第 {row} 行只找到：{'、'.join(labels)}。"
        found_en = f" Row {row} has only: {', '.join(labels)}."
    return error(
        "no_columns",
        f"找不到可识别的表头。需要：{expected_zh}。{found_zh}",
        f"No recognisable header row. Expected {expected_en}.{found_en}",
        row=row,
    )


class RowReader(ABC):
    """One reading of a sheet with a row per indicator; collects entries and issues. A layout subclasses it."""

    layout: str

    def __init__(self, grid: Grid, plan: Plan, month: int | None, previous: Mapping[Key, float] = NO_HISTORY):
        self.rows = rectangular(grid.rows)
        self.sheet = grid.sheet
        self.plan = plan
        self.form_month = month
        self.previous = previous
        self.indicators = {i.code: i for i in plan.indicators}
        self.lookup = Indicators(plan)
        self.regions = Regions()
        self.fill = merged_fill(self.rows, grid.merged)
        self.issues: list[Issue] = []
        self.entries: list[Entry] = []
        self.failed: set[Key] = set()
        self.rows_read = 0
        self.units_row: int | None = None  # a row under the header stating each column's unit

    def error(self, rule: str, zh: str, en: str, row: int | None = None, column: str | None = None) -> None:
        self.issues.append(error(rule, zh, en, row=row, column=column))

    def problem(self, problem: Problem, row: int, column: str) -> None:
        problem = problem.in_sheet(self.sheet)
        self.issues.append(error(problem.rule, problem.zh, problem.en, row=row, column=column))

    def cell(self, r: int, c: int | None) -> Cell:
        """The value the user sees at (r, c), including the value of a merged block the cell lies in."""
        if c is None:
            return None
        value = self.rows[r][c]
        if value is None and self.fill:
            return self.fill.get((r, c))
        return value

    def column(self, c: int, start: int) -> list[Cell]:
        """Column c from row `start` down, as the user sees it (merged blocks repeated)."""
        cells = [row[c] for row in self.rows[start:]]
        for (r, fc), value in self.fill.items():
            if fc == c and r >= start and cells[r - start] is None:
                cells[r - start] = value
        return cells

    # --- the sheet --------------------------------------------------------------------------------

    def run(self, header: Header) -> ParsedUpload:
        """Read the rows under a recognised header into cumulative figures, with every problem found."""
        header = self._settle_unit_or_region(header)
        title, found = title_month(self.rows, header.row, self.plan.year)
        self.issues.extend(found)
        default_month = self.sheet_month(header, title)
        columns = self.value_columns(header, self._unit_source(header))
        self._read_rows(header, columns, default_month)
        records, found = cumulative_records(self.entries, self.indicators, self.previous, self.failed)
        self.issues.extend(found)
        if not self.rows_read:
            self.error(
                "empty_file",
                f"表头（第 {header.row + 1} 行）下面没有数据行。",
                f"There are no data rows below the header (row {header.row + 1}).",
            )
        elif not records and not any(i.severity is Severity.ERROR for i in self.issues):
            self.error("empty_file", "表中没有填写任何数值。", "The sheet holds no figures: every value cell is empty.")
        issues = sorted(self.issues, key=lambda i: (i.row is not None, i.row or 0))
        return ParsedUpload(records, issues, self.layout, self.rows_read, header.row + 1)

    # --- what a layout says -----------------------------------------------------------------------

    @abstractmethod
    def sheet_month(self, header: Header, title: TitleMonth | None) -> int | None:
        """The month of figures whose row and column do not state one (None: every figure states its own)."""

    @abstractmethod
    def value_columns(self, header: Header, unit_of: Callable[[int], Unit | None]) -> list[ValueColumn]:
        """The columns of figures, each with its month (or None for the row's), kind and unit."""

    @abstractmethod
    def row_months(self, header: Header, start: int, n: int, default: int | None) -> list[int | Problem | None]:
        """The month of each row below the header, a Problem where it is wrong, None where none is known."""

    def _settle_unit_or_region(self, header: Header) -> Header:
        """A 单位 column is the region column if its values are region names, the unit column if they are units
        (个, 万名, %), and neither if they are anything else (the reporting department)."""
        c = header.unit_or_region
        if c is None:
            return header
        cells = [self.rows[r][c] for r in range(header.row + 1, min(len(self.rows), header.row + 1 + _SETTLE_ROWS))]
        values = [v for v in cells if not blank(v)]
        if not values:
            return header
        if REGION not in header.roles and 2 * sum(1 for v in values if self.regions.resolve(v)) >= len(values):
            return replace(header, roles={**header.roles, REGION: c})
        own_units = {label_key(i.unit.zh) for i in self.plan.indicators if i.unit.zh}
        units = sum(1 for v in values if label_key(v) in own_units or looks_like_unit(v))
        if UNIT not in header.roles and 2 * units >= len(values):
            return replace(header, roles={**header.roles, UNIT: c})
        return header

    def _unit_source(self, header: Header) -> Callable[[int], Unit | None]:
        """The unit of a column's figures: its header's, else a units row under the header's, else that of a 单位：…
        line above the table (None: the catalogue's)."""
        table_unit = next(
            (unit for r in range(header.row) for cell in self.rows[r] if (unit := note_unit(cell)) is not None), None
        )
        below = self._units_below(header)

        def unit_of(c: int) -> Unit | None:
            return header.units.get(c) or below.get(c) or table_unit

        return unit_of

    def _units_below(self, header: Header) -> dict[int, Unit]:
        """The units of a 计量单位 row right under the header (万个次 | 户 | …, perhaps with 栏次 words), by column."""
        for r in range(header.row + 1, min(header.row + 3, len(self.rows))):
            cells = {c: cell for c, cell in enumerate(self.rows[r]) if not blank(cell)}
            units = {c: cell for c, cell in cells.items() if looks_like_unit(cell)}
            others = [cell for c, cell in cells.items() if c not in units]
            # The other cells of a units row: 栏次 words, the word 计量单位, or a dash (no unit).
            words = [cell_text(cell).strip() in _COLUMN_NUMBERS or label_key(cell) in _UNITS_WORDS for cell in others]
            if units and all(word or parse_unit(cell) is None for word, cell in zip(words, others, strict=True)):
                self.units_row = r
                found = {}
                for c, cell in units.items():
                    label = header.label(c)
                    where = (
                        f"列 {label} 下的单位行（第 {r + 1} 行）",
                        f"the units row (row {r + 1}) under column {label}",
                    )
                    unit = parse_unit(cell, *where)
                    if unit is not None:
                        found[c] = unit
                return found
        return {}

    # --- the rows ---------------------------------------------------------------------------------

    def _read_rows(self, header: Header, columns: list[ValueColumn], default_month: int | None) -> None:
        """Judge each column's cells once, then take the rows that read cleanly in bulk and report the others."""
        start = header.row + 1
        rows = self.rows[start:]
        n = len(rows)
        if n == 0 or not rows[0]:
            return
        roles = header.roles
        kinds: list[int] = []
        leads = memo_map(_lead, [row[0] for row in rows], kinds)
        if _BLANK_ROW in kinds:  # where column A is empty, the row's first filled cell decides
            for i in [i for i, lead in enumerate(leads) if lead == _BLANK_ROW]:
                leads[i] = _lead(_first_filled(rows[i]))
        by_code = memo_map(self.lookup.resolve, self.column(roles[CODE], start)) if CODE in roles else None
        by_name = memo_map(self.lookup.resolve, self.column(roles[NAME], start)) if NAME in roles else None
        if by_code is None or by_name is None:
            codes: list[str | None] = by_code or by_name or [None] * n
        else:  # a code and a name of two different indicators are no indicator
            codes = [None if a and b and a != b else a or b for a, b in zip(by_code, by_name, strict=True)]
        counted = self._counted(header, start, leads, codes)
        self.rows_read += sum(counted)
        regions: list[str | None] = (
            memo_map(self.regions.resolve, self.column(roles[REGION], start)) if REGION in roles else [PROVINCE] * n
        )
        months = self.row_months(header, start, n, default_month)
        row_units = self._row_units(header, start)
        results = [self._values(column, start, codes, row_units) for column in columns]
        clean = [
            ok and code is not None and region is not None and type(month) is int
            for ok, code, region, month in zip(counted, codes, regions, months, strict=True)
        ]
        for values in results:
            clean = [ok and (value is None or type(value) is float) for ok, value in zip(clean, values, strict=True)]
        additive = {code for code, i in self.indicators.items() if i.kind in ADDITIVE_KINDS}
        new = tuple.__new__  # an Entry without a Python-level __new__ call: 100,000 rows make as many
        lines = range(start + 1, start + n + 1)
        for column, values in zip(columns, results, strict=True):
            c, label, increment = column.index, column.label, column.increment
            at = months if column.month is None else repeat(column.month, n)
            self.entries.extend(
                [
                    new(Entry, (code, region, month, value, increment and code in additive, r, c, label))
                    for r, ok, code, region, month, value in zip(lines, clean, codes, regions, at, values, strict=True)
                    if ok and value is not None
                ]
            )
        for i in [i for i, (ok, fine) in enumerate(zip(counted, clean, strict=True)) if ok and not fine]:
            row_values = [values[i] for values in results]
            if any(value is not None for value in row_values):
                self._report_row(start + i, header, codes[i], regions[i], months[i], columns, row_values)

    def _counted(self, header: Header, start: int, leads: list[int], codes: list[str | None]) -> list[bool]:
        """Which rows are data: not blank, no note, no 栏次 row, no repeated header, no total over indicators."""
        # The usual data row is counted as it stands; only the others (and the two rows under the header, which
        # may number the columns) are looked at one by one, in order: a note row starts the notes.
        others = [i for i, (lead, code) in enumerate(zip(leads, codes, strict=True)) if lead != _FILLED or code is None]
        others = sorted({*range(min(2, len(leads))), *others})
        counted = [True] * len(leads)
        header_keys = {label_key(label) for label in header.labels if label}
        in_notes = False
        for i in others:
            lead, code, r = leads[i], codes[i], start + i
            counted[i] = False
            if lead == _BLANK_ROW:
                continue
            if lead == _NOTE:
                in_notes = True
                continue
            if r == self.units_row or (r <= header.row + 2 and self._column_numbers(self.rows[r])):
                continue
            if code is None and (in_notes or self._repeated_header(r, header, header_keys)):
                continue
            if code is None and self._total_row(r, header) and self._province_sum_row(r, header):
                continue  # a sum over indicators means nothing; never an error
            counted[i] = True
        return counted

    def _row_units(self, header: Header, start: int) -> list[Unit | None] | None:
        """The unit each row's 计量单位 cell states, or, without a unit column, the unit an indicator-name cell
        states in its brackets (征集推送岗位（万个次）); None when no row states one."""
        c = header.roles.get(UNIT)
        if c is None:
            return self._name_units(header, start)
        where_zh, where_en = f"“{header.label(c)}”列", f"column {header.label(c)}"
        return memo_map(lambda cell: parse_unit(cell, where_zh, where_en), self.column(c, start))

    def _name_units(self, header: Header, start: int) -> list[Unit | None] | None:
        """Units written in the indicator-name cells' brackets; a bracket that is no unit (污水治理（管控）) is none."""
        n = header.roles.get(NAME)
        if n is None:
            return None
        where_zh, where_en = f"“{header.label(n)}”列的指标名称", f"the indicator name in column {header.label(n)}"
        units = memo_map(lambda cell: header_unit(cell, where_zh, where_en), self.column(n, start))
        return units if any(u is not None for u in units) else None

    def _values(
        self, column: ValueColumn, start: int, codes: list[str | None], row_units: list[Unit | None] | None
    ) -> list[float | Problem | None]:
        """Each row's figure in a value column, in its indicator's unit: None if blank, a Problem if unreadable.

        A plain number (1300, 1,300, a numeric cell) of an indicator that is no standard, with no unit to convert
        from, is its own figure; every other cell is read by parse_value, once per distinct (cell, indicator, unit).
        """
        cells = self.column(column.index, start)
        found: list[object] = []
        values: list[float | Problem | None] = memo_map(plain_number, cells, found)  # type: ignore[arg-type]
        standard = {code for code, i in self.indicators.items() if i.kind is Kind.STANDARD} & set(codes)
        units = row_units if row_units is not None else [None] * len(cells)
        if column.unit is None and row_units is None:
            # Only text that is no plain number, and a standard's numbers other than 0 and 1, need parse_value.
            todo = []
            if standard:
                todo = [
                    i
                    for i, (value, code) in enumerate(zip(values, codes, strict=True))
                    if value is DETAILED or (code in standard and value not in (None, 0.0, 1.0))
                ]
            elif any(value is DETAILED for value in found):
                todo = [i for i, value in enumerate(values) if value is DETAILED]
        else:
            todo = [i for i, value in enumerate(values) if value is not None]
        read: dict[tuple, float | Problem | None] = {}
        scale: dict[tuple[str, Unit | None], bool] = {}
        for i in todo:
            code = codes[i]
            if code is None:
                continue  # a row without an indicator reads no values
            indicator = self.indicators[code]
            unit = combine(column.unit, units[i])
            if isinstance(unit, Problem):
                values[i] = unit
                continue
            if unit is not None and values[i] is not DETAILED and code not in standard:
                plain = scale.get((code, unit))
                if plain is None:
                    plain = scale[(code, unit)] = _is_one(factor(indicator, unit))
                if plain:
                    continue  # the unit is the indicator's own: the plain number stands
            cell = cells[i]
            key = (type(cell), cell, code, unit)
            if key not in read:
                read[key] = parse_value(cell, indicator, unit)
            values[i] = read[key]
        return values

    # --- one row's problems -----------------------------------------------------------------------

    def _report_row(
        self,
        r: int,
        header: Header,
        code: str | None,
        region: str | None,
        month: int | Problem | None,
        columns: list[ValueColumn],
        values: list[float | Problem | None],
    ) -> None:
        """Say what is wrong with a data row, in the order of its cells, and keep what reads cleanly."""
        if code is None:
            self._indicator_problem(r, header)
            if self._total_row(r, header):
                return  # its empty region is the same problem, said once
        if region is None:
            self._region_problem(r, header)
        if isinstance(month, Problem):
            self.problem(month, r + 1, header.label(header.roles[MONTH]))
            month = None
        if code is None:
            return
        for column, value in zip(columns, values, strict=True):
            if value is None:
                continue
            at = column.month if column.month is not None else month
            if isinstance(value, Problem):
                self.problem(value, r + 1, column.label)
                if region is not None and at is not None:
                    self.failed.add((code, region, at))
                continue
            if region is None or at is None:
                continue
            additive = self.indicators[code].kind in ADDITIVE_KINDS
            self.entries.append(
                Entry(code, region, at, value, column.increment and additive, r + 1, column.index, column.label)
            )

    def _column_numbers(self, row: list[Cell]) -> bool:
        """A 栏次 row under the header (甲 乙 1 2 3…), which numbers the columns and is no data."""
        texts = [cell_text(cell).strip() for cell in row if not blank(cell)]
        return len(texts) >= 2 and all(text in _COLUMN_NUMBERS for text in texts)

    def _repeated_header(self, r: int, header: Header, header_keys: set[str]) -> bool:
        cells = [self.cell(r, header.roles.get(role)) for role in (CODE, NAME)]
        return any(not blank(cell) and label_key(cell) in header_keys for cell in cells)

    def _total_row(self, r: int, header: Header) -> bool:
        """A 合计/全省 row in the indicator columns (or the first column)."""
        columns = {header.roles.get(CODE), header.roles.get(NAME), 0} - {None}
        return any(is_total_row(self.cell(r, c)) for c in columns)

    def _province_sum_row(self, r: int, header: Header) -> bool:
        """A total row that sums indicators (no region column, or 合计 as its region too) rather than one indicator's."""
        return REGION not in header.roles or is_total_row(self.cell(r, header.roles[REGION]))

    def _indicator_problem(self, r: int, header: Header) -> None:
        c = header.roles.get(CODE) if CODE in header.roles else header.roles.get(NAME)
        code_cell = self.cell(r, header.roles.get(CODE))
        name_cell = self.cell(r, header.roles.get(NAME))
        by_code, by_name = self.lookup.resolve(code_cell), self.lookup.resolve(name_cell)
        year = self.plan.year
        if by_code and by_name:
            zh = f"编号“{shown(code_cell)}”与指标名称“{shown(name_cell)}”不是同一个指标（{by_code} / {by_name}）。"
            en = f"The code '{shown(code_cell)}' and the name '{shown(name_cell)}' are different indicators ({by_code} / {by_name})."
        elif self._total_row(r, header):
            zh = "合计行没有写明指标；请在指标列填写指标，在地区列填写“合计”。"
            en = "The total row does not say which indicator it is; put the indicator in its column and 合计 as the region."
        elif blank(code_cell) and blank(name_cell):
            zh, en = "这一行填了数值，但指标为空。", "This row has values but no indicator."
        else:
            found = " / ".join(shown(cell) for cell in (code_cell, name_cell) if not blank(cell))
            zh = f"指标“{found}”不在 {year} 年任务目录中；请使用目录中的指标编号或名称。"
            en = f"The indicator '{found}' is not in the {year} catalogue; use a catalogue code or name."
        self.error("unknown_indicator", zh, en, row=r + 1, column=header.label(c) if c is not None else None)

    def _region_problem(self, r: int, header: Header) -> None:
        c = header.roles[REGION]
        found = shown(self.cell(r, c))
        self.error(
            "unknown_region",
            f"地区“{found}”无法识别；请填写市州名称（如长春市、延边州）或“合计”。"
            if found
            else "地区为空；请填写市州名称（如长春市、延边州）或“合计”。",
            f"The region '{found}' is not recognised; write a city or prefecture (e.g. 长春市, 延边州) or 合计."
            if found
            else "The region is empty; write a city or prefecture (e.g. 长春市, 延边州) or 合计.",
            row=r + 1,
            column=header.label(c),
        )


def _is_one(by: Decimal | Problem) -> bool:
    return isinstance(by, Decimal) and by == 1
