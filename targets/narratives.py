"""The departments' own word (进展说明): each month, per task, what a reporting department says about its
progress (进展情况), its problems (存在问题) and next steps (下步打算), with a confidence rating (有把握 /
有风险 / 难以完成). Every version is kept; the latest one of a (task, month) is the department's word.

The word feeds the supervision suggestions (`word_suggestions`):
- a task whose department says 难以完成 (unlikely) for the status month, or for the month before when it
  wrote nothing for the status month, is suggested for 督办 (supervision), the reason quoting the word;
- a task rated 有风险 (at risk) in the status month and the month before ("two months running") is suggested
  for 提醒 (reminder): the department itself flags the risk, but the figures have not said so yet;
- no word suggestion where the task is done, or where the figures already suggest the task at the same or a
  higher level (the administrator sees one line per task; the red line names the status already).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from targets.i18n import t
from targets.issues import Issue, error
from targets.labels import cell_text
from targets.model import Plan
from targets.periods import UNASSIGNED, department_label, department_map, month_text
from targets.readers.named import data_rows, find_named_header, missing_header
from targets.sheets import Grid
from targets.status import PlanStatus, Status
from targets.supervision import LEVEL_RANK, Level, SubjectKind, Suggestion, SuggestionKind

# Length limits (characters) of each text; a word longer than this is refused with the field named.
MAX_TEXT = 2000
QUOTE_CHARS = 80  # how much of a text a suggestion's reason or the briefing quotes


class Confidence(StrEnum):
    CONFIDENT = "confident"  # 有把握
    AT_RISK = "at_risk"  # 有风险
    UNLIKELY = "unlikely"  # 难以完成


CONFIDENCE_ZH = {Confidence.CONFIDENT: "有把握", Confidence.AT_RISK: "有风险", Confidence.UNLIKELY: "难以完成"}
CONFIDENCE_COLORS = {Confidence.CONFIDENT: "green", Confidence.AT_RISK: "orange", Confidence.UNLIKELY: "red"}
FIELDS = ("progress", "problems", "next_steps")
# The sheet's column headings (an import of words) and the CLI's options, per field.
HEADINGS = {"progress": "进展情况", "problems": "存在问题", "next_steps": "下步打算"}


def confidence_label(confidence: Confidence | str, lang: str = "zh") -> str:
    return t(f"word.confidence.{Confidence(confidence).value}", lang)


def confidence_tag(confidence: Confidence | str, lang: str = "zh") -> str:
    """The rating as a coloured Streamlit badge: :red-badge[难以完成]."""
    c = Confidence(confidence)
    return f":{CONFIDENCE_COLORS[c]}-badge[{confidence_label(c, lang)}]"


def parse_confidence(text: str | None) -> Confidence | None:
    """A rating from its key (confident / at_risk / unlikely) or its Chinese words; None if unknown."""
    raw = (text or "").strip()
    for c in Confidence:
        if raw.lower() == c.value or raw == CONFIDENCE_ZH[c] or raw.lower() == confidence_label(c, "en").lower():
            return c
    return None


@dataclass(frozen=True)
class Word:
    """One version of a department's word on a task for a month."""

    year: int
    task_code: str
    month: int
    version: int
    confidence: Confidence
    progress: str
    problems: str
    next_steps: str
    department: str
    written_by: str
    written_at: datetime
    source: str | None = None  # the file it was imported from, if any

    def as_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "task": self.task_code,
            "month": f"{self.year}-{self.month:02d}",
            "version": self.version,
            "confidence": self.confidence.value,
            "progress": self.progress,
            "problems": self.problems,
            "next_steps": self.next_steps,
            "department": self.department,
            "written_by": self.written_by,
            "written_at": self.written_at.isoformat(timespec="seconds"),
            "source": self.source,
        }


@dataclass(frozen=True)
class Draft:
    """What someone wants to write, before it is checked."""

    task_code: str
    month: int
    confidence: str
    progress: str = ""
    problems: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class Problem:
    """Why a draft cannot be stored, naming the field (errors as values)."""

    field: str
    code: str
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _problem(where: str, code: str, **values: object) -> Problem:
    return Problem(where, code, t(f"word.problem.{code}", "zh", **values), t(f"word.problem.{code}", "en", **values))


def task_departments(plan: Plan, task_code: str) -> tuple[str, ...]:
    """The departments that may speak for a task: its own lead unit and its indicators' lead departments."""
    task = plan.task(task_code)
    dept_of = department_map(plan)
    found = [task.lead_unit] if task.lead_unit else []
    for ind in plan.indicators_of(task_code):
        if dept_of[ind.code] not in found:
            found.append(dept_of[ind.code])
    return tuple(found) or (UNASSIGNED,)


def draft_problems(plan: Plan, draft: Draft, *, max_text: int = MAX_TEXT) -> list[Problem]:
    """What is wrong in a draft (empty: it may be stored): unknown task or month, rating, a text too long, or
    nothing said at all besides the rating."""
    problems = []
    if not any(x.code == draft.task_code for x in plan.tasks):
        problems.append(_problem("task", "unknown_task", task=draft.task_code))
    if not 1 <= draft.month <= 12:
        problems.append(_problem("month", "bad_month", month=draft.month))
    if parse_confidence(draft.confidence) is None:
        problems.append(_problem("confidence", "bad_confidence", value=draft.confidence or "—"))
    for name in FIELDS:
        text = getattr(draft, name) or ""
        if len(text) > max_text:
            problems.append(
                _problem(
                    name,
                    "too_long",
                    field=HEADINGS[name],
                    length=len(text),
                    limit=max_text,
                )
            )
    if not any((getattr(draft, n) or "").strip() for n in FIELDS):
        problems.append(_problem("progress", "empty"))
    return problems


def latest(words: Iterable[Word]) -> dict[tuple[str, int], Word]:
    """(task, month) -> its latest version."""
    out: dict[tuple[str, int], Word] = {}
    for w in words:
        key = (w.task_code, w.month)
        if key not in out or w.version > out[key].version:
            out[key] = w
    return out


def current_word(words: Mapping[tuple[str, int], Word], task_code: str, month: int) -> Word | None:
    """The department's standing word on a task as of a month: that month's, else the month before's."""
    return words.get((task_code, month)) or words.get((task_code, month - 1))


def latest_of_task(words: Mapping[tuple[str, int], Word], task_code: str, as_of: int | None = None) -> Word | None:
    """The newest month's word on a task (up to as_of)."""
    months = [m for (c, m) in words if c == task_code and (as_of is None or m <= as_of)]
    return words[(task_code, max(months))] if months else None


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(word: Word, lang: str = "zh") -> str:
    """「牵头单位表示：难以完成。存在问题：……；下步打算：……」, as the briefing and the suggestions quote it."""
    parts = [confidence_label(word.confidence, lang)]
    for name in ("problems", "progress", "next_steps"):
        text = clip(getattr(word, name))
        if text:
            parts.append(t(f"word.quote.{name}", lang, text=text))
            if name == "problems" or len(parts) >= 3:
                break
    sep = "；" if lang == "zh" else "; "
    return t("word.quote", lang, text=sep.join(parts))


def _reason(plan: Plan, word: Word, rule: str, lang: str, previous: Word | None = None) -> str:
    values = {
        "dept": department_label(word.department, lang),
        "month": month_text(word.year, word.month, lang),
        "quote": quote(word, lang),
    }
    if previous is not None:
        values["first"] = month_text(previous.year, previous.month, lang)
    return t(f"word.reason.{rule}", lang, **values)


def word_suggestions(
    plan: Plan, status: PlanStatus, words: Iterable[Word], existing: Iterable[Suggestion] = ()
) -> list[Suggestion]:
    """The suggestions from the departments' own word for the status month (see the module's rule)."""
    table = latest(words)
    month = status.as_of
    already: dict[str, Level] = {}
    for s in existing:  # the most severe level the figures already suggest, per task
        if s.subject_kind is SubjectKind.TASK:
            already[s.subject_code] = min(s.level, already.get(s.subject_code, s.level), key=LEVEL_RANK.__getitem__)
    statuses = {ts.code: ts.status for ts in status.tasks}
    out = []
    for task in plan.tasks:
        if statuses.get(task.code) is Status.DONE:
            continue
        word = current_word(table, task.code, month)
        if word is None:
            continue
        previous = table.get((task.code, word.month - 1))
        if word.confidence is Confidence.UNLIKELY:
            level, rule, before = Level.SUPERVISION, "unlikely", None
        elif (
            word.month == month
            and word.confidence is Confidence.AT_RISK
            and previous is not None
            and previous.confidence in (Confidence.AT_RISK, Confidence.UNLIKELY)
        ):
            level, rule, before = Level.REMINDER, "at_risk", previous
        else:
            continue
        if task.code in already and LEVEL_RANK[already[task.code]] <= LEVEL_RANK[level]:
            continue
        out.append(
            Suggestion(
                f"{SuggestionKind.WORD.value}:{task.code}",
                SuggestionKind.WORD,
                SubjectKind.TASK,
                task.code,
                word.department,
                level,
                _reason(plan, word, rule, "zh", before),
                _reason(plan, word, rule, "en", before),
            )
        )
    return out


# --- a sheet of words (任务, 进展情况, 存在问题, 下步打算, 信心) for one month ----------------------------------

COLUMNS = {
    "task": ("任务", "任务编号", "任务名称", "事项", "task"),
    "progress": ("进展情况", "progress"),
    "problems": ("存在问题", "problems"),
    "next_steps": ("下步打算", "下一步打算", "next steps"),
    "confidence": ("信心", "完成信心", "confidence"),
}
REQUIRED = (("task",), ("confidence",))


def _task_code(plan: Plan, text: str) -> str | None:
    """A task named by its code (ELD-02) or its Chinese name, or a code and name together (ELD-02 合作助老餐厅)."""
    text = text.strip()
    by_code = {t.code.upper(): t.code for t in plan.tasks}
    head = text.split()[0].upper() if text else ""
    if head in by_code:
        return by_code[head]
    return next((t.code for t in plan.tasks if text in (t.name.zh, t.name.en)), None)


def _err(rule: str, zh: str, en: str, *, row: int, column: str | None, grid: Grid) -> Issue:
    return replace(error(rule, zh, en, row=row, column=column), sheet=grid.sheet)


def _text(row, name: str) -> str:
    """A text cell as written (full-width punctuation kept, unlike the folded keys)."""
    return cell_text(row.cell(name)).strip()


def read_sheet(grid: Grid, plan: Plan, month: int) -> tuple[list[tuple[int, Draft]], list[Issue]]:
    """The drafts of a sheet (with their row numbers) and every problem, each naming its sheet, row and column."""
    header = find_named_header(grid.rows, COLUMNS, REQUIRED)
    if header is None:
        return [], [
            replace(
                missing_header("进展说明", "progress notes", "任务、信心（以及进展情况、存在问题、下步打算）"),
                sheet=grid.sheet,
            )
        ]
    drafts, issues, seen = [], [], {}
    for row in data_rows(grid, header):
        raw_task = row.text("task")
        code = _task_code(plan, raw_task) if raw_task else None
        if code is None:
            issues.append(
                _err(
                    "unknown_task",
                    f"第{row.line}行：任务“{raw_task or '（空）'}”不在清单中。",
                    f"Row {row.line}: the task {raw_task or '(empty)'!r} is not in the list.",
                    row=row.line,
                    column=row.column("task"),
                    grid=grid,
                )
            )
            continue
        if code in seen:
            issues.append(
                _err(
                    "duplicate_task",
                    f"第{row.line}行：任务 {code} 与第{seen[code]}行重复。",
                    f"Row {row.line}: task {code} is given again (first in row {seen[code]}).",
                    row=row.line,
                    column=row.column("task"),
                    grid=grid,
                )
            )
            continue
        seen[code] = row.line
        draft = Draft(
            code,
            month,
            row.text("confidence"),
            progress=_text(row, "progress"),
            problems=_text(row, "problems"),
            next_steps=_text(row, "next_steps"),
        )
        problems = draft_problems(plan, draft)
        for p in problems:
            column = row.column(p.field) or row.column("progress")
            issues.append(
                _err(
                    p.code,
                    f"第{row.line}行：{p.zh}",
                    f"Row {row.line}: {p.en}",
                    row=row.line,
                    column=column,
                    grid=grid,
                )
            )
        if not problems:
            drafts.append((row.line, draft))
    return drafts, issues


def read_notes(data: bytes, filename: str, *, plan: Plan, month: int) -> tuple[list[tuple[int, Draft]], list[Issue]]:
    """A file's first sheet read as words (run in the reading sandbox); an unreadable file is one issue."""
    from targets.sheets import SheetError, read_grid

    try:
        grid = read_grid(data, filename)
    except SheetError as exc:
        return [], [exc.issue]
    return read_sheet(grid, plan, month)


# --- the demo's words (synthetic, for `python -m targets demo`) ------------------------------------------

DEMO_WORDS: tuple[tuple[str, int, Confidence, str, str, str], ...] = (
    # (task, month, rating, progress, problems, next steps): sample text only
    ("ELD-02", 7, Confidence.CONFIDENT, "（演示）各地完成选址，部分助餐点已试运营。", "", "（演示）8月底前完成验收。"),
    (
        "ELD-02",
        8,
        Confidence.AT_RISK,
        "（演示）已建成助餐点约六成。",
        "（演示）部分县区场地改造滞后。",
        "（演示）逐县调度，每周通报。",
    ),
    (
        "ELD-02",
        9,
        Confidence.AT_RISK,
        "（演示）已建成助餐点约七成。",
        "（演示）两个市场地审批未完成。",
        "（演示）协调住建、消防部门并联审批。",
    ),
    (
        "PUB-01",
        9,
        Confidence.UNLIKELY,
        "（演示）已开工改造小区约四成。",
        "（演示）配套资金到位不足，部分小区居民意见未统一。",
        "（演示）申请调整年度目标，加快资金拨付。",
    ),
    (
        "ELD-01",
        8,
        Confidence.AT_RISK,
        "（演示）项目前期手续办理中。",
        "（演示）招标流程较预期延后。",
        "（演示）9月完成招标。",
    ),
    (
        "ELD-01",
        9,
        Confidence.AT_RISK,
        "（演示）已完成招标。",
        "（演示）施工周期紧张。",
        "（演示）倒排工期，增加施工力量。",
    ),
    ("HEA-02", 9, Confidence.CONFIDENT, "（演示）筛查工作按计划推进。", "", "（演示）继续做好随访。"),
)


def demo_drafts(plan: Plan) -> list[Draft]:
    """The demo's words for the tasks this plan has (one 难以完成, one 有风险 two months running)."""
    codes = {t.code for t in plan.tasks}
    return [Draft(c, m, r.value, p, q, n) for c, m, r, p, q, n in DEMO_WORDS if c in codes]
