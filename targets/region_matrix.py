"""The region-matrix sheet, as prefectures and counties send it.

Regions as rows (a 全省 or 合计 row among them); for each indicator a group of columns under a
merged header with its name (often a row with the lead department under it), the sub-columns
being 目标 or 任务, 进度 or 累计完成, and 完成比例(%). The month comes from the title
("截至2024年6月底") or from the upload form. The progress figures are stored; the target columns
are checked against the stored regional targets and the ratio column against progress ÷ target
(warnings when they disagree); the total row is the province's figure, never a region.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from targets.figures_import import FigureRecord, ParsedUpload, _Problem, parse_value
from targets.issues import Issue, error, warning
from targets.model import Indicator, Plan
from targets.numbers import NotANumber, fold, parse_number
from targets.regions import PROVINCE, match_region, region_name
from targets.sheets import Grid

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
RATIO_WORDS = ("完成比例", "完成率", "比例", "完成比例%", "完成进度%", "ratio", "completion")
REGION_WORDS = ("地区", "市州", "地市", "单位", "区域", "市（州）", "市(州)", "region")
NOTE_STARTS = ("注", "说明", "备注", "填报", "填表", "审核", "制表", "数据来源")
_TITLE_MONTH = re.compile(r"(?:(\d{4})\s*年\s*)?(?:1\s*[-—~至]\s*)?(\d{1,2})\s*月(?:底|末|份)?")
RATIO_TOLERANCE_POINTS = 0.5


def _key(cell: object) -> str:
    if cell is None:
        return ""
    return re.sub(r"[\s:：*（）()%％]", "", fold(str(cell))).lower()


def _col(grid: Grid, c: int, head: object) -> str:
    return f"{Grid.column_letter(c)} ({fold(str(head))})" if head is not None else Grid.column_letter(c)


@dataclass(frozen=True)
class _Group:
    indicator: Indicator
    start: int
    end: int  # inclusive
    target: int | None
    progress: int | None
    ratio: int | None


def _indicator_index(plan: Plan) -> dict[str, Indicator]:
    index = {}
    for ind in plan.indicators:
        for name in (ind.code, ind.name.zh, ind.name.en):
            index[_key(name)] = ind
    return index


def _indicator_row(grid: Grid, index: dict[str, Indicator]) -> tuple[int, dict[int, Indicator]] | None:
    for r, row in enumerate(grid.rows[:15]):
        found = {c: index[_key(v)] for c, v in enumerate(row) if _key(v) in index}
        if found:
            return r, found
    return None


def _sub_header_row(grid: Grid, start: int) -> int | None:
    words = {_key(w) for w in (*TARGET_WORDS, *PROGRESS_WORDS, *RATIO_WORDS)}
    for r in range(start + 1, min(start + 4, len(grid.rows))):
        if sum(1 for v in grid.rows[r] if _key(v) in words) >= 2:
            return r
    return None


def detect(grid: Grid, plan: Plan) -> bool:
    """A region-matrix sheet: indicator names across a header row, 目标/进度/完成比例 under them."""
    found = _indicator_row(grid, _indicator_index(plan))
    return found is not None and _sub_header_row(grid, found[0]) is not None


def _span_end(grid: Grid, r: int, c: int, next_start: int | None) -> int:
    for top, left, bottom, right in getattr(grid, "merged", ()) or ():
        if top <= r <= bottom and left == c:
            return right
    return (next_start - 1) if next_start is not None else grid.width - 1


def _classify(cell: object) -> str | None:
    k = _key(cell)
    if not k:
        return None
    if k in {_key(w) for w in RATIO_WORDS} or "比例" in k or "完成率" in k:
        return "ratio"
    if k in {_key(w) for w in TARGET_WORDS} or k.endswith("目标") or k.startswith("目标"):
        return "target"
    if k in {_key(w) for w in PROGRESS_WORDS} or "完成" in k or "进度" in k:
        return "progress"
    return None


def _title_month(grid: Grid, above: int, year: int) -> tuple[int | None, Issue | None]:
    for r in range(above):
        for cell in grid.rows[r]:
            if cell is None:
                continue
            text = fold(str(cell))
            if "截至" not in text and "月底" not in text and "月末" not in text:
                continue
            m = _TITLE_MONTH.search(text)
            if m:
                month = int(m.group(2))
                if m.group(1) and int(m.group(1)) != year:
                    return None, error(
                        "month_outside_year",
                        f"标题“{text}”中的年份不是计划年度 {year}。",
                        f"The title {text!r} names a year other than the plan year {year}.",
                        row=r + 1,
                    )
                if 1 <= month <= 12:
                    return month, None
    return None, None


def parse_matrix(
    grid: Grid,
    plan: Plan,
    *,
    month: int | None = None,
    region_targets: Mapping[tuple[str, str], float] | None = None,
    previous: Mapping[tuple[str, str, int], float] | None = None,
) -> ParsedUpload:
    """Progress figures from a region-matrix sheet, with checks of its target and ratio columns."""
    out = ParsedUpload(records=[], issues=[], layout="matrix", rows_read=0, header_row=None)
    index = _indicator_index(plan)
    found = _indicator_row(grid, index)
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
    head_row, indicators = found
    out.header_row = sub + 1
    title_month, problem = _title_month(grid, head_row, plan.year)
    if problem:
        out.issues.append(problem)
        return out
    as_month = title_month or month
    if title_month and month and title_month != month:
        out.issues.append(
            error(
                "bad_month",
                f"标题中的月份（{title_month}月）与所选月份（{month}月）不一致。",
                f"The title says month {title_month}, the form says {month}.",
                row=1,
            )
        )
        return out
    if as_month is None:
        out.issues.append(
            error(
                "no_month",
                "无法确定月份：标题中没有“截至X月底”，也未在上传时选择月份。",
                "No month: the title does not say 截至…月底 and none was chosen in the form.",
            )
        )
        return out
    starts = sorted(indicators)
    groups: list[_Group] = []
    for n, c in enumerate(starts):
        end = _span_end(grid, head_row, c, starts[n + 1] if n + 1 < len(starts) else None)
        kinds = {}
        for cc in range(c, end + 1):
            kind = _classify(grid.rows[sub][cc] if cc < len(grid.rows[sub]) else None)
            if kind and kind not in kinds:
                kinds[kind] = cc
        if "progress" not in kinds:
            head = grid.rows[head_row][c]
            out.issues.append(
                error(
                    "no_columns",
                    f"指标“{head}”下没有“进度/累计完成”列。",
                    f"Indicator {head!r} has no 进度/累计完成 column under it.",
                    row=sub + 1,
                    column=_col(grid, c, head),
                )
            )
            continue
        groups.append(_Group(indicators[c], c, end, kinds.get("target"), kinds["progress"], kinds.get("ratio")))
    region_col = 0
    for r in range(head_row, sub + 1):
        for c, v in enumerate(grid.rows[r][: starts[0]]):
            if _key(v) in {_key(w) for w in REGION_WORDS}:
                region_col = c
    seen: dict[tuple[str, str], int] = {}
    for r in range(sub + 1, len(grid.rows)):
        row = grid.rows[r]
        line = r + 1
        name = row[region_col] if region_col < len(row) else None
        if name is None or not str(name).strip():
            if any(v is not None and str(v).strip() for v in row):
                out.issues.append(
                    error(
                        "unknown_region",
                        f"第{line}行没有地区名称。",
                        f"Row {line} has no region name.",
                        row=line,
                        column=_col(grid, region_col, grid.rows[sub][region_col]),
                    )
                )
            continue
        text = fold(str(name))
        if text.startswith(NOTE_STARTS):
            continue
        region = match_region(text)
        if region is None:
            out.issues.append(
                error(
                    "unknown_region",
                    f"第{line}行：“{text}”不是已知地区。",
                    f"Row {line}: {text!r} is not a known region.",
                    row=line,
                    column=_col(grid, region_col, grid.rows[sub][region_col]),
                )
            )
            continue
        out.rows_read += 1
        for g in groups:
            ind = g.indicator
            cell = row[g.progress] if g.progress < len(row) else None
            where = _col(grid, g.progress, f"{ind.name.zh}·{fold(str(grid.rows[sub][g.progress]))}")
            value = parse_value(cell, ind)
            if value is None:
                continue
            if isinstance(value, _Problem):
                out.issues.append(
                    error(value.rule, f"第{line}行：{value.zh}", f"Row {line}: {value.en}", row=line, column=where)
                )
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


def _number(cell: object) -> float | None:
    if cell is None or not str(cell).strip():
        return None
    try:
        return parse_number(cell).value
    except NotANumber:
        return None


def _check_target_and_ratio(
    grid: Grid, row: list, line: int, g: _Group, region: str, value: float, region_targets
) -> list[Issue]:
    issues: list[Issue] = []
    ind = g.indicator
    stored_target = ind.target if region == PROVINCE else region_targets.get((ind.code, region))
    sheet_target = _number(row[g.target]) if g.target is not None and g.target < len(row) else None
    if sheet_target is not None:
        col = _col(grid, g.target, f"{ind.name.zh}·目标")
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
    ratio = _number(row[g.ratio]) if g.ratio is not None and g.ratio < len(row) else None
    base = sheet_target if sheet_target else stored_target
    if ratio is not None and base:
        expected = 100 * value / base
        shown = ratio * 100 if ratio <= 1.5 and expected > 1.5 else ratio  # 0.98 from a %-formatted cell
        if abs(shown - expected) > RATIO_TOLERANCE_POINTS:
            col = _col(grid, g.ratio, f"{ind.name.zh}·完成比例")
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
