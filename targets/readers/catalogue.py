"""The official task-breakdown table (任务分解表), read into a plan merged with the stored one.

The usual layout has the columns 序号, 类别, 任务/事项, 指标, 目标值, 单位, 牵头单位, 责任单位, 完成时限,
with 序号, 类别 and 任务 merged down over a task's indicator rows (so blank on the rows below).
Matching is by indicator code where the table has one, else by indicator name, else by task name;
anything else is new and gets a fresh code. A target that differs from what the sources state is
a warning that needs confirmation: the press conference and the table should agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from targets.investment import Amounts, Problem, planned_columns, row_amounts, sources_exceed
from targets.issues import HasIssues, Issue, error, warning
from targets.labels import label_key
from targets.model import Area, Direction, Indicator, Kind, Plan, Source, Task, Text
from targets.numbers import NotANumber, fold, parse_number
from targets.readers.cells import blank, column_label
from targets.readers.milestones import catalogue_date_columns, catalogue_task_dates

COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "no", "no."),
    "area": ("类别", "方面", "领域", "area", "category"),
    "task": ("任务", "事项", "任务事项", "任务/事项", "任务（事项）", "民生实事", "任务名称", "task"),
    "indicator": ("指标", "指标名称", "主要指标", "indicator"),
    "code": ("指标编号", "编号", "code"),
    "target": ("目标值", "目标", "目标任务", "target"),
    "unit": ("单位", "计量单位", "unit"),
    "lead": ("牵头单位", "牵头部门", "lead", "lead department"),
    "responsible": ("责任单位", "配合单位", "responsible"),
    "deadline": ("完成时限", "时限", "deadline"),
}
REQUIRED = ("task", "target")
_NUMBER = re.compile(r"[0-9０-９][0-9０-９.,，]*\s*[万亿]?")
_MONTH = re.compile(r"(\d{1,2})\s*月")


@dataclass(frozen=True)
class CatalogueChange:
    """One difference between the stored plan and the imported one."""

    action: str  # new_area, new_task, new_indicator, changed
    code: str
    field: str | None = None
    old: object = None
    new: object = None


@dataclass
class CatalogueImport(HasIssues):
    plan: Plan | None
    issues: list[Issue] = field(default_factory=list)
    changes: list[CatalogueChange] = field(default_factory=list)
    rows_read: int = 0
    matched: list[str] = field(default_factory=list)  # the indicator codes the table's rows name, in row order
    task_rows: dict[int, str] = field(default_factory=dict)  # 0-based row index -> the task code it belongs to
    investments: dict[str, Amounts] = field(default_factory=dict)  # task code -> planned investment (万元)
    milestones: dict = field(default_factory=dict)  # task -> its planned dates (targets.readers.milestones)


_COLUMN_INDEX = {label_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    """The row (among the first 30) naming the most columns, of those naming at least the task and the target."""
    best: tuple[int, dict[str, int]] | None = None
    for r, row in enumerate(rows[:30]):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            name = _COLUMN_INDEX.get(label_key(cell))
            if name is not None and name not in found:
                found[name] = c
        if all(n in found for n in REQUIRED) and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best


def infer_kind(target_text: str, unit: str) -> Kind:
    """The kind a target's words imply; a percentage is a rate (a level) even with 以上 (95%以上 is at least 95%)."""
    text = fold(target_text)
    if "%" in text or unit.strip() in {"%", "％"}:
        return Kind.RATE
    if "以上" in text or "不少于" in text:
        return Kind.MINIMUM
    if "/人" in unit or "每人" in text or "/人" in text:
        return Kind.PER_PERSON
    if not _NUMBER.search(text):
        return Kind.STANDARD
    return Kind.COUNT


# Words that make a target a ceiling (lower is better): 控制在4.5%以内, 低于4.3%, 不超过500户, 降至3%以下.
# "不低于" (at least) contains "低于" and is a floor, so it is taken out first.
_CEILING_WORDS = (
    "以内",
    "低于",
    "不超过",
    "不高于",
    "不大于",
    "以下",
    "控制在",
    "降至",
    "降到",
    "压降至",
    "至多",
    "最多",
)
_FLOOR_WORDS = ("不低于", "不少于", "以上", "至少", "不小于")


def infer_direction(target_text: str) -> Direction:
    """A ceiling (lower) when the target text caps the value (控制在4.5%以内, 低于4.3%, 不超过…), else higher."""
    text = fold(target_text)
    for word in _FLOOR_WORDS:
        text = text.replace(word, "")
    if _NUMBER.search(fold(target_text)) and any(word in text for word in _CEILING_WORDS):
        return Direction.LOWER
    return Direction.HIGHER


def parse_target(text: str, kind: Kind) -> tuple[float, str]:
    """The target value and the number as the table writes it ("40万")."""
    if kind is Kind.STANDARD:
        return 1.0, fold(text)
    match = _NUMBER.search(fold(text))
    if not match:
        raise NotANumber("text", text)
    stated = match.group(0).replace(" ", "")
    return parse_number(stated).value, stated


def parse_deadline(text: object) -> int | None:
    if text is None or not str(text).strip():
        return 12
    t = fold(str(text))
    m = _MONTH.search(t)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1))
    if any(w in t for w in ("年底", "年末", "全年", "12月")):
        return 12
    return None


def import_catalogue(
    rows: list[list[object]],
    *,
    year: int,
    existing: Plan | None,
    filename: str,
    declared_tasks: int = 50,
    declared_areas: int = 10,
) -> CatalogueImport:
    """Read the official table into a plan merged with the existing one; errors name row and column."""
    result = CatalogueImport(plan=None)
    header = _find_header(rows)
    if header is None:
        result.issues.append(
            error(
                "no_columns",
                "未找到表头：至少需要“任务/事项”和“目标值”两列（常见表头：序号、类别、任务/事项、指标、目标值、单位、牵头单位、责任单位、完成时限）。",
                "No header found: the table needs at least the columns 任务/事项 (task) and 目标值 (target).",
            )
        )
        return result
    head_row, cols = header
    date_cols = catalogue_date_columns(rows[head_row])  # issue 21: 计划开工时间 / 计划完工时间 / 计划验收时间

    def col(name: str) -> str:
        return column_label(cols[name], rows[head_row][cols[name]])

    base = existing or Plan(
        year,
        declared_tasks,
        declared_areas,
        Text(f"{year}年全省民生实事", f"Provincial livelihood projects {year}"),
        None,
    )
    areas = {a.code: a for a in base.areas}
    tasks = {t.code: t for t in base.tasks}
    indicators = {i.code: i for i in base.indicators}
    area_by_name = {label_key(a.name.zh): a.code for a in base.areas}
    task_by_name = {label_key(t.name.zh): t.code for t in base.tasks}
    ind_by_name = {label_key(i.name.zh): i.code for i in base.indicators}
    touched: set[str] = set()
    current_area: str | None = None
    current_task: str | None = None
    current_task_text = ""

    def cell(row: list[object], name: str) -> object:
        c = cols.get(name)
        return row[c] if c is not None and c < len(row) else None

    def text(row: list[object], name: str) -> str:
        v = cell(row, name)
        return "" if blank(v) else fold(str(v))

    for r in range(head_row + 1, len(rows)):
        row = rows[r]
        line = r + 1
        if all(blank(v) for v in row):
            continue
        target_text = text(row, "target")
        task_text = text(row, "task")
        ind_text = text(row, "indicator")
        if not target_text and not ind_text:
            continue  # a note row below the table, or a merged sub-heading
        result.rows_read += 1
        area_text = text(row, "area")
        if area_text:
            code = area_by_name.get(label_key(area_text))
            if code is None:
                code = f"A{len(areas) + 1:02d}"
                while code in areas:
                    code = f"A{int(code[1:]) + 1:02d}"
                areas[code] = Area(code, Text(area_text, area_text), len(areas))
                area_by_name[label_key(area_text)] = code
                result.changes.append(CatalogueChange("new_area", code, "name", None, area_text))
            current_area = code
        if current_area is None:
            result.issues.append(
                error(
                    "missing_area",
                    f"第{line}行缺少“类别”。",
                    f"Row {line} has no area (类别).",
                    row=line,
                    column=col("area") if "area" in cols else None,
                )
            )
            continue
        if task_text:
            current_task_text = task_text
            code = task_by_name.get(label_key(task_text))
            if code is None:
                n = len([t for t in tasks.values() if t.area_code == current_area]) + 1
                code = f"{current_area}-{n:02d}"
                while code in tasks:
                    n += 1
                    code = f"{current_area}-{n:02d}"
                result.changes.append(CatalogueChange("new_task", code, "name", None, task_text))
            current_task = code
        if current_task is None:
            result.issues.append(
                error(
                    "missing_task",
                    f"第{line}行缺少“任务/事项”。",
                    f"Row {line} has no task (任务/事项).",
                    row=line,
                    column=col("task"),
                )
            )
            continue
        unit = text(row, "unit")
        if not target_text:
            result.issues.append(
                error(
                    "missing_target",
                    f"第{line}行缺少目标值。",
                    f"Row {line} has no target value.",
                    row=line,
                    column=col("target"),
                )
            )
            continue
        kind = infer_kind(target_text, unit)
        direction = infer_direction(target_text)
        try:
            target, stated = parse_target(target_text, kind)
        except NotANumber:
            result.issues.append(
                error(
                    "bad_target",
                    f"第{line}行目标值“{target_text}”不是数字。",
                    f"Row {line}: target {target_text!r} is not a number.",
                    row=line,
                    column=col("target"),
                )
            )
            continue
        if target < 0:
            result.issues.append(
                error(
                    "negative",
                    f"第{line}行目标值为负数：{target_text}。",
                    f"Row {line}: negative target {target_text!r}.",
                    row=line,
                    column=col("target"),
                )
            )
            continue
        deadline = parse_deadline(cell(row, "deadline"))
        if deadline is None:
            raw = cell(row, "deadline")
            result.issues.append(
                error(
                    "bad_deadline",
                    f"第{line}行完成时限“{raw}”无法识别（例如“2024年12月底”）。",
                    f"Row {line}: deadline {raw!r} is not understood (e.g. 2024年12月底).",
                    row=line,
                    column=col("deadline"),
                )
            )
            continue
        lead = text(row, "lead") or None
        responsible = text(row, "responsible") or None
        source = Source(
            filename, f"第{line}行：" + " | ".join(fold(str(v)) for v in row if v is not None and str(v).strip())
        )
        # The task: existing, or new with this row as its source.
        old_task = tasks.get(current_task)
        if old_task is None:
            old_task = Task(current_task, current_area, Text(current_task_text, current_task_text), source, len(tasks))
            tasks[current_task] = old_task
        if lead and old_task.lead_unit != lead:
            if old_task.lead_unit:
                result.changes.append(CatalogueChange("changed", current_task, "lead_unit", old_task.lead_unit, lead))
            tasks[current_task] = old_task = replace(old_task, lead_unit=lead, lead_unit_source=source)
        if responsible and old_task.responsible_units != responsible:
            tasks[current_task] = old_task = replace(old_task, responsible_units=responsible)
        # The indicator.
        name = ind_text or current_task_text
        code_cell = text(row, "code")
        ind_code = code_cell if code_cell in indicators else ind_by_name.get(label_key(name))
        if ind_code and ind_code in touched:
            result.issues.append(
                error(
                    "duplicate_indicator",
                    f"第{line}行与前面的行是同一指标（{ind_code}）。",
                    f"Row {line} repeats indicator {ind_code}.",
                    row=line,
                    column=col("indicator") if "indicator" in cols else col("task"),
                )
            )
            continue
        if ind_code is None:
            n = len([i for i in indicators.values() if i.task_code == current_task]) + 1
            ind_code = f"{current_task}-{n}"
            while ind_code in indicators:
                n += 1
                ind_code = f"{current_task}-{n}"
            indicators[ind_code] = Indicator(
                code=ind_code,
                task_code=current_task,
                area_code=current_area,
                name=Text(name, name),
                unit=Text(unit or "", unit or ""),
                kind=kind,
                target=target,
                stated=stated,
                source=source,
                position=len(indicators),
                lead_unit=lead or old_task.lead_unit,
                deadline_month=deadline,
                direction=direction,
            )
            ind_by_name[label_key(name)] = ind_code
            result.changes.append(CatalogueChange("new_indicator", ind_code, "target", None, target))
        else:
            old = indicators[ind_code]
            if old.target != target:
                result.changes.append(CatalogueChange("changed", ind_code, "target", old.target, target))
                if not old.source.file.startswith("第") and old.source.file != filename:
                    result.issues.append(
                        warning(
                            "target_differs_from_source",
                            f"第{line}行：{ind_code} 目标值 {stated} 与来源（{old.source.file}：“{old.source.quote}”）所载 {old.stated} 不一致。",
                            f"Row {line}: {ind_code} target {stated} differs from its source ({old.source.file}), which states {old.stated}.",
                            row=line,
                            column=col("target"),
                        )
                    )
            updated = replace(
                old,
                target=target if old.target != target else old.target,
                stated=stated if old.target != target else old.stated,
                source=source if old.target != target else old.source,
                lead_unit=lead or old.lead_unit,
                deadline_month=deadline if cell(row, "deadline") is not None else old.deadline_month,
                unit=old.unit if not unit or unit == old.unit.zh else Text(unit, unit),
                direction=direction,
            )
            if updated.lead_unit != old.lead_unit and old.lead_unit:
                result.changes.append(
                    CatalogueChange("changed", ind_code, "lead_unit", old.lead_unit, updated.lead_unit)
                )
            if updated.direction != old.direction:
                result.changes.append(
                    CatalogueChange("changed", ind_code, "direction", old.direction.value, updated.direction.value)
                )
            if updated.deadline_month != old.deadline_month:
                result.changes.append(
                    CatalogueChange("changed", ind_code, "deadline_month", old.deadline_month, updated.deadline_month)
                )
            indicators[ind_code] = updated
        catalogue_task_dates(row, line, current_task, date_cols, rows[head_row], result.milestones, result.issues)
        touched.add(ind_code)
        result.matched.append(ind_code)
        result.task_rows[r] = current_task
    _read_investment(rows, head_row, result)
    if result.rows_read == 0 and not result.issues:
        result.issues.append(error("empty_file", "表格中没有任务行。", "The table has no task rows.", row=head_row + 1))
    if result.has_errors:
        return result
    ordered_tasks = sorted(tasks.values(), key=lambda t: (list(areas).index(t.area_code), t.position))
    result.plan = replace(
        base,
        areas=tuple(replace(a, position=p) for p, a in enumerate(areas.values())),
        tasks=tuple(replace(t, position=p) for p, t in enumerate(ordered_tasks)),
        indicators=tuple(
            replace(i, position=p)
            for p, i in enumerate(
                sorted(
                    indicators.values(), key=lambda i: ([t.code for t in ordered_tasks].index(i.task_code), i.position)
                )
            )
        ),
    )
    return result


def _read_investment(rows: list[list[object]], head_row: int, result: CatalogueImport) -> None:
    """The planned investment per task from the table's 计划投资 / 其中：中央资金… columns (merged down a task's rows,
    or repeated on each): a task given two different amounts is an error naming the row and column."""
    cols = planned_columns(rows[head_row])
    if not cols.any:
        return
    first_row: dict[str, int] = {}
    for r, task in result.task_rows.items():
        found = row_amounts(rows[r], cols, r + 1)
        if isinstance(found, Problem):
            result.issues.append(error(found.rule, found.zh, found.en, row=found.row, column=found.column))
            continue
        if found is None:
            continue
        if task in result.investments and result.investments[task] != found:
            result.issues.append(
                error(
                    "investment_differs",
                    f"第{r + 1}行：任务 {task} 的计划投资与第{first_row[task]}行不同；一个任务只填一个计划投资。",
                    f"Row {r + 1}: task {task} has a planned investment different from row {first_row[task]}'s; "
                    "give a task one planned investment.",
                    row=r + 1,
                    column=cols.labels[cols.total if cols.total is not None else next(iter(cols.sources.values()))],
                )
            )
            continue
        if sources_exceed(found):
            result.issues.append(
                warning(
                    "sources_exceed_total",
                    f"第{r + 1}行：任务 {task} 各来源资金之和大于计划投资。",
                    f"Row {r + 1}: task {task}'s sources add up to more than its planned investment.",
                    row=r + 1,
                    column=cols.labels[cols.total] if cols.total is not None else None,
                )
            )
        result.investments[task] = found
        first_row.setdefault(task, r + 1)


def read_catalogue_table(data: bytes, filename: str, *, year: int, existing: Plan | None) -> CatalogueImport:
    """An uploaded task table's bytes merged into the plan (the step services.sandbox runs in a limited process);
    SheetError when the file cannot be read at all."""
    from targets.sheets import read_grid

    return import_catalogue(read_grid(data, filename).rows, year=year, existing=existing, filename=filename)
