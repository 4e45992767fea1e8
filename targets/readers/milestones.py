"""The milestone sheet: one row per project (or per task), with planned and actual dates of 开工 / 完工 / 验收.

Columns (any order, on any visible sheet; the header within the first 30 rows): 项目名称 (blank: the task
itself), 所属任务 / 任务编号 / 任务名称 (code or name), 地区 (optional), 计划开工, 实际开工, 计划完工,
实际完工, 计划验收, 实际验收 (时间/日期 after any of them, and a bracketed remark, are ignored). A blank date
cell keeps what is stored. Every problem names the sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from targets.issues import HasIssues, Issue, error, warning
from targets.labels import cell_text, label_key, unbracketed
from targets.milestones import STAGE_ZH, STAGES, NotADate, Project, Stage, parse_date
from targets.model import Plan
from targets.readers.cells import blank, column_label, is_note, shown
from targets.regions import PROVINCE, match_region
from targets.sheets import Cell

HEADER_SCAN_ROWS = 30
_PROJECT = {"项目名称", "项目", "子项目", "项目名", "project", "projectname"}
_TASK = {"所属任务", "任务编号", "任务名称", "任务", "所属任务编号", "task", "taskcode"}
_REGION = {"地区", "所属地区", "地市", "市州", "region"}
_DATE_HEADS = {
    f"{kind}{word}": (kind, stage)
    for kind in ("计划", "实际")
    for stage, word in ((Stage.START, "开工"), (Stage.COMPLETE, "完工"), (Stage.ACCEPT, "验收"))
}
_DATE_HEADS |= {
    f"{kind}{stage.value}": (zh, stage) for kind, zh in (("planned", "计划"), ("actual", "实际")) for stage in STAGES
}
DATE_FIELDS = tuple(f"{k}_{s.value}" for k in ("planned", "actual") for s in STAGES)


def _head(cell: Cell) -> str:
    key = unbracketed(label_key(cell)).replace("_", "")
    for suffix in ("时间", "日期", "date"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


@dataclass(frozen=True)
class ReadProject:
    """A row of the sheet: the project with only the dates the row gives (the rest None), and where it was."""

    project: Project
    given: frozenset[str]  # the date fields the row fills (planned_start, …)
    sheet: str | None
    row: int


@dataclass
class ParsedMilestones(HasIssues):
    rows: list[ReadProject] = field(default_factory=list)
    rows_read: int = 0
    issues: list[Issue] = field(default_factory=list)


def _find_header(rows: list[list[Cell]]) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = _head(cell)
            name = (
                "project"
                if key in _PROJECT
                else "task"
                if key in _TASK
                else "region"
                if key in _REGION
                else (f"{'planned' if _DATE_HEADS[key][0] == '计划' else 'actual'}_{_DATE_HEADS[key][1].value}")
                if key in _DATE_HEADS
                else None
            )
            if name is not None and name not in cols:
                cols[name] = c
        if "task" in cols and any(f in cols for f in DATE_FIELDS):
            return r, cols
    return None


def parse_milestones(sheets: list[tuple[str | None, list[list[Cell]]]], plan: Plan, *, today: date) -> ParsedMilestones:
    """Projects and their dates from the sheets that carry a milestone header; errors name sheet, row, column."""
    out = ParsedMilestones()
    tasks = {t.code: t.code for t in plan.tasks}
    for t in plan.tasks:
        tasks.setdefault(label_key(t.name.zh), t.code)
        tasks.setdefault(label_key(t.name.en), t.code)
    seen: dict[tuple[str, str], tuple[str | None, int]] = {}
    found_any = False
    for sheet, rows in sheets:
        header = _find_header(rows)
        if header is None:
            continue
        found_any = True
        head_row, cols = header
        heads = rows[head_row]

        def col(name: str, heads: list[Cell] = heads, cols: dict[str, int] = cols) -> str:
            return column_label(cols[name], heads[cols[name]])

        def add(issue: Issue, sheet: str | None = sheet) -> None:
            out.issues.append(replace(issue, sheet=sheet))

        for r in range(head_row + 1, len(rows)):
            row = rows[r]
            line = r + 1

            def cell(name: str, row: list[Cell] = row, cols: dict[str, int] = cols) -> Cell:
                c = cols.get(name)
                return row[c] if c is not None and c < len(row) else None

            if all(blank(v) for v in row):
                continue
            task_cell = cell("task")
            if blank(task_cell):
                first = next((cell_text(v) for v in row if not blank(v)), "")
                if is_note(first):
                    continue
                add(
                    error(
                        "missing_task",
                        f"第{line}行缺少所属任务。",
                        f"Row {line} names no task.",
                        row=line,
                        column=col("task"),
                    )
                )
                continue
            out.rows_read += 1
            task_code = tasks.get(cell_text(task_cell).strip()) or tasks.get(label_key(task_cell))
            if task_code is None:
                add(
                    error(
                        "unknown_task",
                        f"第{line}行：“{shown(task_cell)}”不是目录中的任务（填任务编号或任务名称）。",
                        f"Row {line}: '{shown(task_cell)}' is not a task of the catalogue (give its code or name).",
                        row=line,
                        column=col("task"),
                    )
                )
                continue
            name = " ".join(cell_text(cell("project")).split())
            region = None
            if not blank(cell("region")):
                region = match_region(cell("region"))
                if region is None or region == PROVINCE:
                    add(
                        error(
                            "unknown_region",
                            f"第{line}行：“{shown(cell('region'))}”不是本省的地区。",
                            f"Row {line}: '{shown(cell('region'))}' is not a region of the province.",
                            row=line,
                            column=col("region"),
                        )
                    )
                    continue
            dates: dict[str, date] = {}
            bad = False
            for f in DATE_FIELDS:
                if f not in cols:
                    continue
                kind, stage = f.split("_")
                word = ("计划" if kind == "planned" else "实际") + STAGE_ZH[Stage(stage)]
                try:
                    read = parse_date(cell(f))
                except NotADate:
                    add(
                        error(
                            "not_a_date",
                            f"第{line}行{word}：“{shown(cell(f))}”不是日期（可写 2024/3/1、2024-03-01、2024.3.1、2024年3月1日或2024年3月）。",
                            f"Row {line}, {kind} {stage}: '{shown(cell(f))}' is not a date (write 2024/3/1, 2024-03-01, 2024.3.1, 2024年3月1日 or 2024年3月).",
                            row=line,
                            column=col(f),
                        )
                    )
                    bad = True
                    continue
                if read is None:
                    continue
                dates[f] = read.value
                if kind == "actual" and read.value > today:
                    add(
                        error(
                            "actual_in_future",
                            f"第{line}行{word}为 {read.value:%Y-%m-%d}，晚于今天（{today:%Y-%m-%d}）：实际日期不能在将来。",
                            f"Row {line}: the actual {stage} date {read.value:%Y-%m-%d} is after today ({today:%Y-%m-%d}).",
                            row=line,
                            column=col(f),
                        )
                    )
                    bad = True
                elif kind == "actual" and read.month_only:
                    add(
                        warning(
                            "actual_month_only",
                            f"第{line}行{word}只写了月份，按该月最后一天（{read.value:%Y-%m-%d}）计；请填写具体日期。",
                            f"Row {line}: the actual {stage} date gives a month only, read as its last day ({read.value:%Y-%m-%d}); give the day.",
                            row=line,
                            column=col(f),
                        )
                    )
                if abs(read.value.year - plan.year) > 5:
                    add(
                        warning(
                            "far_year",
                            f"第{line}行{word}为 {read.value:%Y-%m-%d}，与计划年度 {plan.year} 相差五年以上，请核对。",
                            f"Row {line}: the {kind} {stage} date {read.value:%Y-%m-%d} is more than five years from {plan.year}; check it.",
                            row=line,
                            column=col(f),
                        )
                    )
            if bad:
                continue
            for kind in ("planned", "actual"):
                for earlier, later in ((Stage.START, Stage.COMPLETE), (Stage.COMPLETE, Stage.ACCEPT)):
                    a, b = dates.get(f"{kind}_{earlier.value}"), dates.get(f"{kind}_{later.value}")
                    if a is not None and b is not None and b < a:
                        word = "计划" if kind == "planned" else "实际"
                        add(
                            error(
                                "out_of_order",
                                f"第{line}行：{word}{STAGE_ZH[later]}（{b:%Y-%m-%d}）早于{word}{STAGE_ZH[earlier]}（{a:%Y-%m-%d}）。",
                                f"Row {line}: the {kind} {later.value} date ({b:%Y-%m-%d}) is before the {kind} {earlier.value} date ({a:%Y-%m-%d}).",
                                row=line,
                                column=col(f"{kind}_{later.value}"),
                            )
                        )
                        bad = True
            if bad:
                continue
            key = (task_code, name)
            if key in seen:
                other_sheet, other_line = seen[key]
                where = f"{other_sheet} " if other_sheet and other_sheet != sheet else ""
                add(
                    error(
                        "duplicate_project",
                        f"第{line}行与{where}第{other_line}行是同一任务的同一项目（{name or '任务本身'}）。",
                        f"Row {line} repeats {where}row {other_line}: the same project ({name or 'the task itself'}) of {task_code}.",
                        row=line,
                        column=col("project") if "project" in cols else col("task"),
                    )
                )
                continue
            seen[key] = (sheet, line)
            out.rows.append(ReadProject(Project(task_code, name, region, **dates), frozenset(dates), sheet, line))
    if not found_any:
        out.issues.append(
            error(
                "no_columns",
                "未找到表头：需要“所属任务/任务编号”列和至少一个日期列（计划开工、实际开工、计划完工、实际完工、计划验收、实际验收）。",
                "No header found: the sheet needs a task column (所属任务/任务编号) and at least one date column (计划开工, 实际开工, 计划完工, 实际完工, 计划验收, 实际验收).",
            )
        )
    return out


def read_milestones(data: bytes, filename: str, plan: Plan, today: date) -> ParsedMilestones:
    """An uploaded file's bytes read as milestones (run by services.sandbox in a limited process)."""
    from targets.sheets import read_sheets

    return parse_milestones([(g.sheet, g.rows) for g in read_sheets(data, filename)], plan, today=today)


# --- planned dates in the catalogue table (计划开工时间 / 计划完工时间 / 计划验收时间), per task ------------------


def catalogue_date_columns(heads: list[Cell]) -> dict[str, int]:
    """The planned-date columns of a catalogue table's header: field (planned_start, …) -> column index."""
    out: dict[str, int] = {}
    for c, cell in enumerate(heads):
        key = _head(cell)
        if key in _DATE_HEADS and _DATE_HEADS[key][0] == "计划":
            out.setdefault(f"planned_{_DATE_HEADS[key][1].value}", c)
    return out


def catalogue_task_dates(
    row: list[Cell],
    line: int,
    task_code: str,
    columns: dict[str, int],
    heads: list[Cell],
    found: dict[str, Project],
    issues: list[Issue],
) -> None:
    """A catalogue row's planned dates for its task, into `found` (task -> the task itself as a project); the
    rows of one task (one per indicator) may repeat the dates or leave them blank, but not differ."""
    dates: dict[str, date] = {}
    for f, c in columns.items():
        cell = row[c] if c < len(row) else None
        try:
            read = parse_date(cell)
        except NotADate:
            issues.append(
                error(
                    "not_a_date",
                    f"第{line}行：“{shown(cell)}”不是日期（可写 2024/3/1、2024-03-01、2024.3.1、2024年3月1日或2024年3月）。",
                    f"Row {line}: '{shown(cell)}' is not a date (write 2024/3/1, 2024-03-01, 2024.3.1, 2024年3月1日 or 2024年3月).",
                    row=line,
                    column=column_label(c, heads[c]),
                )
            )
            continue
        if read is not None:
            dates[f] = read.value
    if not dates:
        return
    before = found.get(task_code)
    for f, value in dates.items():
        old = getattr(before, f) if before else None
        if old is not None and old != value:
            c = columns[f]
            issues.append(
                error(
                    "conflicting_dates",
                    f"第{line}行：任务 {task_code} 的{heads[c]}（{value:%Y-%m-%d}）与前面的行（{old:%Y-%m-%d}）不一致。",
                    f"Row {line}: task {task_code}'s {shown(heads[c])} ({value:%Y-%m-%d}) differs from an earlier row ({old:%Y-%m-%d}).",
                    row=line,
                    column=column_label(c, heads[c]),
                )
            )
            return
    found[task_code] = replace(before or Project(task_code, ""), **dates)
