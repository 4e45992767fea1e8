"""The regional-target sheet (目标分解): a province target broken down by region.

Two layouts: long (地区, 指标编号 or 指标名称, 目标值) and wide (regions as rows, one column per
indicator, headed by its code or name). A 合计/全省 row is the province's total, never a region:
it is checked against the catalogue target. A unit in the target column's or an indicator column's
brackets (目标值（万个次）), in a 计量单位 column or in a 单位：… line above the table converts the
targets to the catalogue's unit, as for figures.
"""

from __future__ import annotations

from targets.issues import error
from targets.labels import cell_text, label_key, unbracketed
from targets.model import Indicator, Kind, Plan
from targets.numbers import NotANumber, parse_number
from targets.readers.cells import Problem, blank, column_label, is_note
from targets.readers.lookup import Indicators, Regions
from targets.readers.units import Unit, combine, factor, header_unit, note_unit, parse_unit, scaled
from targets.region_targets import ParsedTargets, RegionTarget, check_sums
from targets.regions import PROVINCE, region_name
from targets.sheets import Cell

REGION_HEADS = frozenset(map(label_key, ("地区", "地市", "市州", "区域", "单位", "region", "地区名称")))
CODE_HEADS = frozenset(map(label_key, ("指标编号", "编号", "指标代码", "code", "indicator code")))
NAME_HEADS = frozenset(map(label_key, ("指标", "指标名称", "任务", "indicator", "indicator name")))
TARGET_HEADS = frozenset(
    map(label_key, ("目标值", "目标", "任务数", "目标任务", "分解目标", "target", "regional target"))
)
UNIT_HEADS = frozenset(map(label_key, ("计量单位", "unit")))
HEADER_SCAN_ROWS = 30


def _head(cell: Cell) -> str:
    """A header as compared with the names above: its label key without any bracketed unit or remark."""
    return unbracketed(label_key(cell))


def parse_region_targets(rows: list[list[object]], plan: Plan) -> ParsedTargets:
    """Regional targets from a grid in the long or the wide layout; errors name row and column."""
    out = ParsedTargets()
    indicators = Indicators(plan)
    by_code = {i.code: i for i in plan.indicators}
    header = next(
        (r for r, row in enumerate(rows[:HEADER_SCAN_ROWS]) if any(_head(c) in REGION_HEADS for c in row)), None
    )
    if header is None:
        out.issues.append(
            error(
                "no_columns",
                "未找到表头：需要“地区”列，以及“指标编号/指标名称”和“目标值”列（长表），或以指标为列名（宽表）。",
                "No header found: the sheet needs a 地区 (region) column, plus 指标编号/指标名称 and 目标值 (long form) or one column per indicator (wide form).",
            )
        )
        return out
    heads = rows[header]
    keys = [_head(c) for c in heads]
    region_col = next(c for c, k in enumerate(keys) if k in REGION_HEADS)
    code_col = next((c for c, k in enumerate(keys) if k in CODE_HEADS), None)
    name_col = next((c for c, k in enumerate(keys) if k in NAME_HEADS), None)
    target_col = next((c for c, k in enumerate(keys) if k in TARGET_HEADS), None)
    unit_col = next((c for c, k in enumerate(keys) if k in UNIT_HEADS), None)
    table_unit = next((unit for r in range(header) for cell in rows[r] if (unit := note_unit(cell)) is not None), None)

    def head_unit(c: int) -> Unit | None:
        label = column_label(c, _at(heads, c))
        return header_unit(_at(heads, c), f"列 {label} 表头", f"the header of column {label}") or table_unit

    # (line, region cell, indicator cell, value column, value cell, indicator column, the row's unit cell)
    cells: list[tuple[int, Cell, Cell, int, Cell, int | None, Cell]] = []
    if target_col is not None and (code_col is not None or name_col is not None):
        out.layout = "long"
        for r in range(header + 1, len(rows)):
            row = rows[r]
            if all(blank(v) for v in row):
                continue
            code_cell = _at(row, code_col)
            by_name = code_cell in (None, "")
            cells.append(
                (
                    r + 1,
                    _at(row, region_col),
                    _at(row, name_col) if by_name else code_cell,
                    target_col,
                    _at(row, target_col),
                    name_col if by_name else code_col,
                    _at(row, unit_col),
                )
            )
    else:
        out.layout = "wide"
        columns = {c: indicators.exact(heads[c]) for c, k in enumerate(keys) if c != region_col and k}
        for c, code in columns.items():
            if code is None:
                out.issues.append(
                    error(
                        "unknown_indicator",
                        f"列 {column_label(c, heads[c])} 的表头不是目录中的指标。",
                        f"Column {column_label(c, heads[c])}: the header is not an indicator of the catalogue.",
                        row=header + 1,
                        column=column_label(c, heads[c]),
                    )
                )
        for r in range(header + 1, len(rows)):
            row = rows[r]
            if all(blank(v) for v in row):
                continue
            for c, code in columns.items():
                if code is not None:
                    cells.append((r + 1, _at(row, region_col), code, c, _at(row, c), None, None))
    regions = Regions()
    units = {c: head_unit(c) for c in {cell[3] for cell in cells}}
    seen: dict[tuple[str, str], tuple[float, int]] = {}
    rows_seen: set[int] = set()
    for line, region_cell, ind_cell, value_col, value, ind_col, unit_cell in cells:
        if blank(value):
            continue
        region_text = " ".join(cell_text(region_cell).split())
        if not region_text or is_note(region_text):
            continue
        rows_seen.add(line)
        column = column_label(value_col, _at(heads, value_col))
        region = regions.resolve(region_cell)
        if region is None:
            out.issues.append(
                error(
                    "unknown_region",
                    f"第{line}行：地区“{region_text}”不在地区名单中。",
                    f"Row {line}: {region_text!r} is not a known region.",
                    row=line,
                    column=column_label(region_col, heads[region_col]),
                )
            )
            continue
        code = indicators.exact(ind_cell) if ind_cell is not None else None
        if code is None:
            col = column_label(ind_col, _at(heads, ind_col)) if ind_col is not None else column
            out.issues.append(
                error(
                    "unknown_indicator",
                    f"第{line}行：指标“{ind_cell}”不在目录中。",
                    f"Row {line}: indicator {ind_cell!r} is not in the catalogue.",
                    row=line,
                    column=col,
                )
            )
            continue
        try:
            number = parse_number(value)
        except NotANumber as exc:
            rule = "formula" if exc.reason == "formula" else "not_a_number"
            out.issues.append(
                error(
                    rule,
                    f"第{line}行：目标值“{value}”不是数字。",
                    f"Row {line}: target {value!r} is not a number.",
                    row=line,
                    column=column,
                )
            )
            continue
        if number.value < 0:
            out.issues.append(
                error(
                    "negative",
                    f"第{line}行：目标值不能为负（{value}）。",
                    f"Row {line}: a target cannot be negative ({value}).",
                    row=line,
                    column=column,
                )
            )
            continue
        target = _in_own_unit(number.value, by_code[code], units[value_col], unit_cell, unit_col, heads)
        if isinstance(target, Problem):
            out.issues.append(
                error(target.rule, f"第{line}行：{target.zh}", f"Row {line}: {target.en}", row=line, column=column)
            )
            continue
        if by_code[code].kind is Kind.STANDARD and target not in (0.0, 1.0):
            out.issues.append(
                error(
                    "not_a_standard_target",
                    f"第{line}行：{code} 是达标类指标（是/否），地区目标只能是 1（达标）或 0。",
                    f"Row {line}: {code} is a standard met or not; a region's target can only be 1 (met) or 0.",
                    row=line,
                    column=column,
                )
            )
            continue
        key = (code, region)
        if key in seen and seen[key][0] != target:
            out.issues.append(
                error(
                    "duplicate_conflict",
                    f"第{line}行：{region_name(region)} 的 {code} 目标与第{seen[key][1]}行不同。",
                    f"Row {line}: {code} for {region_name(region, 'en')} differs from row {seen[key][1]}.",
                    row=line,
                    column=column,
                )
            )
            continue
        seen[key] = (target, line)
        out.targets.append(RegionTarget(code, region, target, line, column))
    out.rows_read = len(rows_seen)
    if not out.targets and not out.issues:
        out.issues.append(error("empty_file", "表中没有目标数据。", "The sheet holds no targets.", row=header + 1))
    if not out.has_errors:
        out.issues.extend(check_sums(out.targets, plan))
        out.targets = [t for t in out.targets if t.region_code != PROVINCE]
    return out


def _at(row: list, c: int | None) -> Cell:
    return row[c] if c is not None and 0 <= c < len(row) else None


def _in_own_unit(
    value: float, indicator: Indicator, header: Unit | None, unit_cell: Cell, unit_col: int | None, heads: list
) -> float | Problem:
    """A target in the catalogue's unit, from the unit its header or its row's 计量单位 cell states."""
    row_unit = None
    if unit_col is not None:
        label = column_label(unit_col, _at(heads, unit_col))
        row_unit = parse_unit(unit_cell, f"“{label}”列", f"column {label}")
    unit = combine(header, row_unit)
    if unit is None or isinstance(unit, Problem):
        return value if unit is None else unit
    by = factor(indicator, unit)
    return by if isinstance(by, Problem) else scaled(value, by)


def read_region_targets(data: bytes, filename: str, plan: Plan) -> ParsedTargets:
    """An uploaded sheet's bytes read as regional targets (the step services.sandbox runs in a limited process);
    SheetError when the file cannot be read at all."""
    from targets.sheets import read_grid

    return parse_region_targets(read_grid(data, filename).rows, plan)
