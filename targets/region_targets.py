"""Regional targets (目标分解): a province target broken down by region, read from a spreadsheet.

Two layouts: long (地区, 指标编号 or 指标名称, 目标值) and wide (regions as rows, one column per
indicator, headed by its code or name). A 合计/全省 row is the province's total, never a region:
it is checked against the catalogue target. Regional targets that do not add up to the province
target are a warning, not an error: some targets are not fully decomposed, and some include
province-level units such as 省直.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from targets.issues import Issue, error, warning
from targets.model import Kind, Plan
from targets.numbers import NotANumber, fold, parse_number
from targets.regions import PROVINCE, match_region, region_name

REGION_HEADS = {"地区", "地市", "市州", "区域", "单位", "region", "地区名称"}
CODE_HEADS = {"指标编号", "编号", "指标代码", "code", "indicatorcode"}
NAME_HEADS = {"指标", "指标名称", "任务", "indicator", "indicatorname"}
TARGET_HEADS = {"目标值", "目标", "任务数", "目标任务", "分解目标", "target", "regionaltarget"}
ADDITIVE = {Kind.COUNT, Kind.MINIMUM}


def _key(cell: object) -> str:
    return re.sub(r"[\s*:：()（）]", "", fold(str(cell))).lower() if cell is not None else ""


def _col(c: int, head: object) -> str:
    letters, n = "", c + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters} ({fold(str(head))})" if head is not None and str(head).strip() else letters


@dataclass(frozen=True)
class RegionTarget:
    indicator_code: str
    region_code: str
    target: float
    row: int
    column: str


@dataclass
class ParsedTargets:
    targets: list[RegionTarget] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    layout: str | None = None
    rows_read: int = 0

    @property
    def has_errors(self) -> bool:
        return any(i.severity.value == "error" for i in self.issues)


def _indicator_index(plan: Plan) -> dict[str, str]:
    index = {}
    for ind in plan.indicators:
        index[_key(ind.code)] = ind.code
        index[_key(ind.name.zh)] = ind.code
        index[_key(ind.name.en)] = ind.code
    return index


def parse_region_targets(rows: list[list[object]], plan: Plan) -> ParsedTargets:
    """Regional targets from a grid in the long or the wide layout; errors name row and column."""
    out = ParsedTargets()
    index = _indicator_index(plan)
    header = None
    for r, row in enumerate(rows[:30]):
        keys = [_key(c) for c in row]
        if any(k in REGION_HEADS for k in keys):
            header = r
            break
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
    keys = [_key(c) for c in heads]
    region_col = next(c for c, k in enumerate(keys) if k in REGION_HEADS)
    code_col = next((c for c, k in enumerate(keys) if k in CODE_HEADS), None)
    name_col = next((c for c, k in enumerate(keys) if k in NAME_HEADS), None)
    target_col = next((c for c, k in enumerate(keys) if k in TARGET_HEADS), None)
    if target_col is not None and (code_col is not None or name_col is not None):
        out.layout = "long"
        cells = []
        for r in range(header + 1, len(rows)):
            row = rows[r]
            get = lambda c, row=row: row[c] if c is not None and c < len(row) else None  # noqa: E731
            if all(v is None or not str(v).strip() for v in row):
                continue
            ind_cell = get(code_col) if get(code_col) not in (None, "") else get(name_col)
            cells.append(
                (
                    r + 1,
                    get(region_col),
                    ind_cell,
                    target_col,
                    get(target_col),
                    code_col if get(code_col) not in (None, "") else name_col,
                )
            )
    else:
        out.layout = "wide"
        ind_cols = {c: index.get(k) for c, k in enumerate(keys) if c != region_col and k}
        unknown = [c for c, code in ind_cols.items() if code is None]
        for c in unknown:
            out.issues.append(
                error(
                    "unknown_indicator",
                    f"列 {_col(c, heads[c])} 的表头不是目录中的指标。",
                    f"Column {_col(c, heads[c])}: the header is not an indicator of the catalogue.",
                    row=header + 1,
                    column=_col(c, heads[c]),
                )
            )
        cells = []
        for r in range(header + 1, len(rows)):
            row = rows[r]
            if all(v is None or not str(v).strip() for v in row):
                continue
            for c, code in ind_cols.items():
                if code is None:
                    continue
                value = row[c] if c < len(row) else None
                cells.append((r + 1, row[region_col] if region_col < len(row) else None, code, c, value, None))
    seen: dict[tuple[str, str], tuple[float, int]] = {}
    rows_seen: set[int] = set()
    for line, region_cell, ind_cell, value_col, value, ind_col in cells:
        if value is None or not str(value).strip():
            continue
        region_text = fold(str(region_cell)) if region_cell is not None else ""
        if not region_text or region_text.startswith(("注", "说明", "备注", "填表", "审核")):
            continue
        rows_seen.add(line)
        column = _col(value_col, heads[value_col] if value_col < len(heads) else None)
        region = match_region(region_text)
        if region is None:
            out.issues.append(
                error(
                    "unknown_region",
                    f"第{line}行：地区“{region_text}”不在地区名单中。",
                    f"Row {line}: {region_text!r} is not a known region.",
                    row=line,
                    column=_col(region_col, heads[region_col]),
                )
            )
            continue
        code = index.get(_key(ind_cell)) if ind_cell is not None else None
        if code is None:
            col = _col(ind_col, heads[ind_col]) if ind_col is not None else column
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
        key = (code, region)
        if key in seen and seen[key][0] != number.value:
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
        seen[key] = (number.value, line)
        out.targets.append(RegionTarget(code, region, number.value, line, column))
    out.rows_read = len(rows_seen)
    if not out.targets and not out.issues:
        out.issues.append(error("empty_file", "表中没有目标数据。", "The sheet holds no targets.", row=header + 1))
    if not out.has_errors:
        out.issues.extend(check_sums(out.targets, plan))
        out.targets = [t for t in out.targets if t.region_code != PROVINCE]
    return out


def check_sums(targets: list[RegionTarget], plan: Plan) -> list[Issue]:
    """Warnings where the regions' targets do not add up to the province target (or a total row disagrees)."""
    issues = []
    sums: dict[str, float] = {}
    totals: dict[str, RegionTarget] = {}
    for t in targets:
        if t.region_code == PROVINCE:
            totals[t.indicator_code] = t
        else:
            sums[t.indicator_code] = sums.get(t.indicator_code, 0.0) + t.target
    for ind in plan.indicators:
        if ind.code in totals and abs(totals[ind.code].target - ind.target) > 1e-9:
            t = totals[ind.code]
            issues.append(
                warning(
                    "total_differs",
                    f"第{t.row}行：合计行的 {ind.code} 目标 {t.target:g} 与目录中的省级目标 {ind.target:g} 不一致。",
                    f"Row {t.row}: the total row's {ind.code} target {t.target:g} differs from the province target {ind.target:g}.",
                    row=t.row,
                    column=t.column,
                )
            )
        if ind.code in sums and ind.kind in ADDITIVE and abs(sums[ind.code] - ind.target) > 1e-9:
            issues.append(
                warning(
                    "sum_differs",
                    f"{ind.code} 各地区目标之和为 {sums[ind.code]:g}，省级目标为 {ind.target:g}（可能未完全分解，或含省直单位）。",
                    f"{ind.code}: the regions' targets add up to {sums[ind.code]:g}, the province target is {ind.target:g} (not fully decomposed, or province-level units such as 省直).",
                )
            )
    return issues


def sum_gaps(plan: Plan, stored: Mapping[tuple[str, str], float]) -> dict[str, tuple[float, float]]:
    """Per indicator with a breakdown: (sum of regional targets, province target) where they differ."""
    sums: dict[str, float] = {}
    for (code, _region), value in stored.items():
        sums[code] = sums.get(code, 0.0) + value
    return {
        i.code: (sums[i.code], i.target)
        for i in plan.indicators
        if i.code in sums and i.kind in ADDITIVE and abs(sums[i.code] - i.target) > 1e-9
    }
