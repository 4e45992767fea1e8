"""The region-matrix sheet, as prefectures and counties send it.

Regions as rows (a 全省 or 合计 row among them); for each indicator a group of columns under a
merged header with its name (often a row with the lead department under it), the sub-columns
being 目标 or 任务, 进度 or 累计完成, and 完成比例(%). The month comes from the title
("截至2024年6月底", "2024年1-9月") or from the upload form. The progress figures are stored, converted
from any unit the indicator's header, the sub-header or a 单位：… line states; the target columns are
checked against the stored regional targets and the ratio column against progress ÷ target (warnings
when they disagree); the total row is the province's figure, never a region.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from targets.issues import Issue, error, warning
from targets.labels import cell_text, label_key, unbracketed
from targets.model import Indicator, Plan
from targets.numbers import NotANumber, parse_number
from targets.readers.cells import Problem, blank, column_label, is_note
from targets.readers.lookup import Indicators, Regions
from targets.readers.months import month_of_sheet, title_month
from targets.readers.records import MATRIX, FigureRecord, ParsedUpload
from targets.readers.units import Unit, factor, header_unit, note_unit, scaled
from targets.readers.values import parse_value
from targets.regions import PROVINCE, region_name
from targets.sheets import Cell, Grid

TARGET_WORDS = ("目标", "任务", "目标任务", "全年目标", "目标数", "任务数", "target")
PROGRESS_WORDS = (
    "进度",
    "累计完成",
    "完成",
    "完成数",
    "累计",
    "完成情况",
    "实际完成",
    "progress",
    "actual",
    "cumulative",
)
RATIO_WORDS = ("完成比例", "完成率", "比例", "完成进度", "ratio", "completion")
REGION_WORDS = ("地区", "市州", "地市", "单位", "区域", "市(州)", "region")
RATIO_TOLERANCE_POINTS = 0.5
INDICATOR_SCAN_ROWS = 15


def _word(cell: Cell) -> str:
    """A sub-header as compared with the words above: its label key without brackets or percent signs."""
    return unbracketed(label_key(cell)).replace("%", "")


_TARGETS = frozenset(map(_word, TARGET_WORDS))
_PROGRESS = frozenset(map(_word, PROGRESS_WORDS))
_RATIOS = frozenset(map(_word, RATIO_WORDS))
_REGIONS = frozenset(map(_word, REGION_WORDS))


@dataclass(frozen=True)
class _Group:
    indicator: Indicator
    start: int
    end: int  # inclusive
    target: int | None
    progress: int | None
    ratio: int | None
    progress_unit: Unit | None
    target_unit: Unit | None


def _indicator_row(grid: Grid, indicators: Indicators) -> tuple[int, dict[int, str]] | None:
    """The first row naming indicators (by code or name exactly), and the indicator of each column it names."""
    for r, row in enumerate(grid.rows[:INDICATOR_SCAN_ROWS]):
        found = {c: code for c, v in enumerate(row) if (code := indicators.exact(v)) is not None}
        if found:
            return r, found
    return None


def _sub_header_row(grid: Grid, start: int) -> int | None:
    words = _TARGETS | _PROGRESS | _RATIOS
    for r in range(start + 1, min(start + 4, len(grid.rows))):
        if sum(1 for v in grid.rows[r] if not blank(v) and _word(v) in words) >= 2:
            return r
    return None


def detect(grid: Grid, plan: Plan) -> bool:
    """A region-matrix sheet: indicator names across a header row, 目标/进度/完成比例 under them."""
    found = _indicator_row(grid, Indicators(plan))
    return found is not None and _sub_header_row(grid, found[0]) is not None


def _span_end(grid: Grid, r: int, c: int, next_start: int | None) -> int:
    for top, left, bottom, right in getattr(grid, "merged", ()) or ():
        if top <= r <= bottom and left == c:
            return right
    return (next_start - 1) if next_start is not None else grid.width - 1


def _classify(cell: Cell) -> str | None:
    k = _word(cell)
    if not k:
        return None
    if k in _RATIOS or "比例" in k or "完成率" in k:
        return "ratio"
    if k in _TARGETS or k.endswith("目标") or k.startswith("目标"):
        return "target"
    if k in _PROGRESS or "完成" in k or "进度" in k:
        return "progress"
    return None


def parse_matrix(
    grid: Grid,
    plan: Plan,
    *,
    month: int | None = None,
    region_targets: Mapping[tuple[str, str], float] | None = None,
    previous: Mapping[tuple[str, str, int], float] | None = None,
) -> ParsedUpload:
    """Progress figures from a region-matrix sheet, with checks of its target and ratio columns."""
    out = ParsedUpload(records=[], issues=[], layout=MATRIX, rows_read=0, header_row=None)
    indicators = Indicators(plan)
    by_code = {i.code: i for i in plan.indicators}
    found = _indicator_row(grid, indicators)
    sub = _sub_header_row(grid, found[0]) if found else None
    if found is None or sub is None:
        out.issues.append(
            error(
                "no_columns",
                "不是地区矩阵表：未找到指标表头和“目标/进度/完成比例”子表头。",
                "Not a region-matrix sheet: no indicator header with 目标/进度/完成比例 under it.",
            )
        )
        return out
    head_row, columns = found
    out.header_row = sub + 1
    title, issues = title_month(grid.rows, head_row, plan.year)
    out.issues.extend(issues)
    as_month, issues = month_of_sheet(title, month, needed=True, month_column=False)
    out.issues.extend(issues)
    if as_month is None:
        return out
    table_unit = next(
        (unit for r in range(head_row) for cell in grid.rows[r] if (unit := note_unit(cell)) is not None), None
    )
    starts = sorted(columns)
    groups: list[_Group] = []
    for n, c in enumerate(starts):
        end = _span_end(grid, head_row, c, starts[n + 1] if n + 1 < len(starts) else None)
        kinds: dict[str, int] = {}
        for cc in range(c, end + 1):
            kind = _classify(_at(grid.rows[sub], cc))
            if kind and kind not in kinds:
                kinds[kind] = cc
        head = grid.rows[head_row][c]
        if "progress" not in kinds:
            out.issues.append(
                error(
                    "no_columns",
                    f"指标“{head}”下没有“进度/累计完成”列。",
                    f"Indicator {head!r} has no 进度/累计完成 column under it.",
                    row=sub + 1,
                    column=column_label(c, head),
                )
            )
            continue
        indicator = by_code[columns[c]]
        group_unit = header_unit(
            head, f"列 {column_label(c, head)} 表头", f"the header of column {column_label(c, head)}"
        )
        units: dict[str, Unit | None] = {}
        for kind in ("progress", "target"):
            cc = kinds.get(kind)
            if cc is None:
                continue
            label = _label(grid, cc, sub, indicator)
            own = header_unit(_at(grid.rows[sub], cc), f"列 {label} 表头", f"the header of column {label}")
            units[kind] = own or group_unit or table_unit
        groups.append(
            _Group(
                indicator,
                c,
                end,
                kinds.get("target"),
                kinds["progress"],
                kinds.get("ratio"),
                units.get("progress"),
                units.get("target"),
            )
        )
    region_col = 0
    for r in range(head_row, sub + 1):
        for c, v in enumerate(grid.rows[r][: starts[0]]):
            if not blank(v) and _word(v) in _REGIONS:
                region_col = c
    regions = Regions()
    seen: dict[tuple[str, str], int] = {}
    for r in range(sub + 1, len(grid.rows)):
        row = grid.rows[r]
        line = r + 1
        name = row[region_col] if region_col < len(row) else None
        if blank(name):
            if any(not blank(v) for v in row):
                out.issues.append(
                    error(
                        "unknown_region",
                        f"第{line}行没有地区名称。",
                        f"Row {line} has no region name.",
                        row=line,
                        column=column_label(region_col, _at(grid.rows[sub], region_col)),
                    )
                )
            continue
        text = " ".join(cell_text(name).split())
        if is_note(text):
            continue
        region = regions.resolve(name)
        if region is None:
            out.issues.append(
                error(
                    "unknown_region",
                    f"第{line}行：“{text}”不是已知地区。",
                    f"Row {line}: {text!r} is not a known region.",
                    row=line,
                    column=column_label(region_col, _at(grid.rows[sub], region_col)),
                )
            )
            continue
        out.rows_read += 1
        for g in groups:
            ind = g.indicator
            assert g.progress is not None
            where = _label(grid, g.progress, sub, ind)
            value = parse_value(_at(row, g.progress), ind, g.progress_unit)
            if value is None:
                continue
            if isinstance(value, Problem):
                said = Problem(value.rule, f"第{line}行：{value.zh}", f"Row {line}: {value.en}").in_sheet(grid.sheet)
                out.issues.append(error(said.rule, said.zh, said.en, row=line, column=where))
                continue
            key = (ind.code, region)
            if key in seen:
                out.issues.append(
                    error(
                        "duplicate_conflict",
                        f"第{line}行：{region_name(region)} 与第{seen[key]}行重复。",
                        f"Row {line}: {region_name(region, 'en')} repeats row {seen[key]}.",
                        row=line,
                        column=where,
                    )
                )
                continue
            seen[key] = line
            out.records.append(FigureRecord(ind.code, region, as_month, value, line, where, False))
            out.issues.extend(_check_target_and_ratio(grid, row, line, g, region, value, region_targets or {}))
    if not out.records and not any(i.severity.value == "error" for i in out.issues):
        out.issues.append(
            error("empty_file", "表中没有进度数据。", "The sheet holds no progress figures.", row=sub + 2)
        )
    return out


def _at(row: list[Cell], c: int) -> Cell:
    return row[c] if 0 <= c < len(row) else None


def _label(grid: Grid, c: int, sub: int, indicator: Indicator) -> str:
    """A matrix column as issues name it: its letter, the indicator and the sub-header, 'C (助餐点·进度)'."""
    return column_label(c, f"{indicator.name.zh}·{cell_text(_at(grid.rows[sub], c))}")


def _number(cell: Cell, indicator: Indicator, unit: Unit | None) -> float | None:
    """A target or ratio cell as a number (a target in the indicator's unit), None if it is none."""
    if blank(cell):
        return None
    try:
        value = parse_number(cell).value
    except NotANumber:
        return None
    if unit is None:
        return value
    by = factor(indicator, unit)
    return None if isinstance(by, Problem) else scaled(value, by)


def _check_target_and_ratio(
    grid: Grid, row: list[Cell], line: int, g: _Group, region: str, value: float, region_targets
) -> list[Issue]:
    issues: list[Issue] = []
    ind = g.indicator
    stored_target = ind.target if region == PROVINCE else region_targets.get((ind.code, region))
    sheet_target = _number(_at(row, g.target), ind, g.target_unit) if g.target is not None else None
    if sheet_target is not None:
        col = column_label(g.target, f"{ind.name.zh}·目标")
        if stored_target is None:
            issues.append(
                warning(
                    "target_not_stored",
                    f"第{line}行：{region_name(region)} 的 {ind.code} 表中目标为 {sheet_target:g}，但系统中没有该地区目标。",
                    f"Row {line}: the sheet gives {region_name(region, 'en')} a {ind.code} target of {sheet_target:g}, but no regional target is stored.",
                    row=line,
                    column=col,
                )
            )
        elif abs(sheet_target - stored_target) > 1e-9:
            issues.append(
                warning(
                    "target_mismatch",
                    f"第{line}行：{region_name(region)} 的 {ind.code} 表中目标 {sheet_target:g} 与系统中的目标 {stored_target:g} 不一致。",
                    f"Row {line}: the sheet's {ind.code} target for {region_name(region, 'en')} is {sheet_target:g}, the stored target is {stored_target:g}.",
                    row=line,
                    column=col,
                )
            )
    ratio = _number(_at(row, g.ratio), ind, None) if g.ratio is not None else None
    base = sheet_target if sheet_target else stored_target
    if ratio is not None and base:
        expected = 100 * value / base
        shown = ratio * 100 if ratio <= 1.5 and expected > 1.5 else ratio  # 0.98 from a %-formatted cell
        if abs(shown - expected) > RATIO_TOLERANCE_POINTS:
            col = column_label(g.ratio, f"{ind.name.zh}·完成比例")
            issues.append(
                warning(
                    "ratio_mismatch",
                    f"第{line}行：{ind.code} 完成比例 {shown:.1f}% 与进度÷目标（{expected:.1f}%）不一致。",
                    f"Row {line}: {ind.code} ratio {shown:.1f}% disagrees with progress ÷ target ({expected:.1f}%).",
                    row=line,
                    column=col,
                )
            )
    return issues
