"""The year-end satisfaction rating (满意度测评): the deputies' votes per task, the grade under a stated rule, an
optional public survey combined with weights, and the lead departments ranked.

Default grade rule (Zhenhai's): 满意 if the 满意 votes are more than half of all members; otherwise 基本满意 if
满意 + 基本满意 are more than half of all members; otherwise 不满意. "Half of all members" counts the members
who did not vote, as the rule says; the basis and the share are settings.
A source's score is the mean points of its votes (满意 100, 基本满意 60, 不满意 0 by default); several sources
(the deputies, a public survey, an online poll) combine as a weighted mean (e.g. public 60 / leaders 30 /
online 10), the weights of the sources present normalised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from targets.issues import HasIssues, Issue, error
from targets.labels import label_key
from targets.model import Plan
from targets.readers.named import count_cell, data_rows, find_named_header, missing_header
from targets.sheets import Grid


class Grade(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


GRADE_LABELS = {
    Grade.SATISFIED: ("满意", "satisfied"),
    Grade.BASICALLY_SATISFIED: ("基本满意", "basically satisfied"),
    Grade.DISSATISFIED: ("不满意", "dissatisfied"),
}
DEPUTIES = "deputies"  # the source of the deputies' own rating


@dataclass(frozen=True)
class RatingRule:
    """The grade rule as data: more than `share` of the basis (all members, or the votes cast)."""

    share: float = 0.5
    basis: str = "members"  # members | cast

    def as_json(self) -> dict[str, object]:
        return {"share": self.share, "basis": self.basis, "comparison": "more_than"}

    def explain(self, lang: str = "zh") -> str:
        pct = f"{self.share * 100:g}%"
        if lang == "en":
            whom = "all members" if self.basis == "members" else "the votes cast"
            return (
                f"Satisfied if the 满意 votes are more than {pct} of {whom}; otherwise basically satisfied if "
                f"满意 + 基本满意 are more than {pct} of {whom}; otherwise dissatisfied."
            )
        whom = "全体组成人员" if self.basis == "members" else "有效票"
        share = "半数" if self.share == 0.5 else pct
        return f"“满意”票超过{whom}{share}的为满意；否则“满意”与“基本满意”票之和超过{whom}{share}的为基本满意；其余为不满意。"

    def grade(self, satisfied: int, basically: int, dissatisfied: int, members: int) -> Grade:
        base = members if self.basis == "members" else satisfied + basically + dissatisfied
        bar = base * self.share
        if satisfied > bar:
            return Grade.SATISFIED
        if satisfied + basically > bar:
            return Grade.BASICALLY_SATISFIED
        return Grade.DISSATISFIED


@dataclass(frozen=True)
class ScoreRule:
    """Points per vote; a source's score is the mean over its votes cast."""

    satisfied: float = 100.0
    basically: float = 60.0
    dissatisfied: float = 0.0

    def score(self, satisfied: int, basically: int, dissatisfied: int) -> float | None:
        cast = satisfied + basically + dissatisfied
        if cast == 0:
            return None
        return (satisfied * self.satisfied + basically * self.basically + dissatisfied * self.dissatisfied) / cast


@dataclass(frozen=True)
class TaskVotes:
    """One task's votes from one source, and the sheet row they came from."""

    task_code: str
    satisfied: int
    basically: int
    dissatisfied: int
    members: int
    row: int | None = None


@dataclass(frozen=True)
class TaskRating:
    task_code: str
    task_name: str
    lead_unit: str | None
    satisfied: int
    basically: int
    dissatisfied: int
    members: int
    grade: Grade | None  # None when the deputies did not rate the task
    scores: Mapping[str, float]  # per source
    score: float | None  # the weighted combination

    def as_json(self) -> dict[str, object]:
        return {
            "task": self.task_code,
            "name": self.task_name,
            "lead_unit": self.lead_unit,
            "satisfied": self.satisfied,
            "basically": self.basically,
            "dissatisfied": self.dissatisfied,
            "members": self.members,
            "grade": self.grade.value if self.grade else None,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "score": round(self.score, 4) if self.score is not None else None,
        }


@dataclass(frozen=True)
class DepartmentRank:
    department: str
    tasks: int
    score: float
    rank: int

    def as_json(self) -> dict[str, object]:
        return {"department": self.department, "tasks": self.tasks, "score": round(self.score, 4), "rank": self.rank}


def check_votes(votes: list[TaskVotes]) -> list[Issue]:
    """满意 + 基本满意 + 不满意 ≤ members on every row, and members above 0."""
    issues = []
    for v in votes:
        cast = v.satisfied + v.basically + v.dissatisfied
        if v.members <= 0:
            issues.append(
                error("bad_members", "参评人数必须大于 0。", "The number of members must be above 0.", row=v.row)
            )
        elif cast > v.members:
            issues.append(
                error(
                    "votes_above_members",
                    f"第{v.row}行满意、基本满意、不满意合计 {cast} 票，多于参评人数 {v.members}。",
                    f"Row {v.row}: 满意 + 基本满意 + 不满意 = {cast}, more than the {v.members} members.",
                    row=v.row,
                )
            )
    return issues


def combine(scores: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """The weighted mean of the sources' scores, over the sources that have a score and a weight."""
    used = {s: weights.get(s, 0.0) for s in scores if weights.get(s, 0.0) > 0}
    total = sum(used.values())
    if total <= 0:
        return None
    return sum(scores[s] * w for s, w in used.items()) / total


def rate(
    plan: Plan,
    sources: Mapping[str, list[TaskVotes]],
    *,
    rule: RatingRule | None = None,
    points: ScoreRule | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[TaskRating]:
    """Each rated task's grade (from the deputies' votes) and score (weighted over the sources; the deputies'
    score alone when no weights are given)."""
    rule, points = rule or RatingRule(), points or ScoreRule()
    weights = dict(weights) if weights else {DEPUTIES: 1.0}
    by_source = {s: {v.task_code: v for v in votes} for s, votes in sources.items()}
    rated = [t for t in plan.tasks if any(t.code in m for m in by_source.values())]
    out = []
    for task in rated:
        d = by_source.get(DEPUTIES, {}).get(task.code)
        scores = {}
        for source, votes in by_source.items():
            v = votes.get(task.code)
            s = points.score(v.satisfied, v.basically, v.dissatisfied) if v else None
            if s is not None:
                scores[source] = s
        out.append(
            TaskRating(
                task.code,
                task.name.zh,
                task.lead_unit,
                d.satisfied if d else 0,
                d.basically if d else 0,
                d.dissatisfied if d else 0,
                d.members if d else 0,
                rule.grade(d.satisfied, d.basically, d.dissatisfied, d.members) if d else None,
                scores,
                combine(scores, weights),
            )
        )
    return out


def rank_departments(ratings: list[TaskRating]) -> list[DepartmentRank]:
    """Lead departments by the mean score of their rated tasks, best first; equal means share a rank (1, 2, 2, 4)."""
    sums: dict[str, list[float]] = {}
    for r in ratings:
        if r.lead_unit and r.score is not None:
            sums.setdefault(r.lead_unit, []).append(r.score)
    means = {d: round(sum(v) / len(v), 9) for d, v in sums.items()}
    ordered = sorted(means.values(), reverse=True)
    ranked = [DepartmentRank(d, len(sums[d]), m, 1 + ordered.index(m)) for d, m in means.items()]
    return sorted(ranked, key=lambda r: (r.rank, r.department))


@dataclass
class RatingSheet(HasIssues):
    votes: list[TaskVotes] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0


COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("任务编号", "编号", "项目编号", "code", "task code"),
    "name": ("任务名称", "项目名称", "任务", "民生实事", "项目", "task", "name"),
    "satisfied": ("满意", "满意票", "satisfied"),
    "basically": ("基本满意", "基本满意票", "basically satisfied", "basically"),
    "dissatisfied": ("不满意", "不满意票", "dissatisfied"),
    "members": ("参评人数", "应到人数", "组成人员", "members"),
}
REQUIRED = (("code", "name"), ("satisfied",), ("basically",), ("dissatisfied",))


def read_rating(grid: Grid, plan: Plan, *, members: int | None) -> RatingSheet:
    """A rating sheet's votes per task, matched by 任务编号 or 任务名称; members from the option, else the sheet's
    参评人数 column, else the votes cast (a survey). Errors name row and column."""
    sheet = RatingSheet()
    header = find_named_header(grid.rows, COLUMNS, REQUIRED)
    if header is None:
        sheet.issues.append(missing_header("测评表", "a rating sheet", "任务编号或任务名称、满意、基本满意、不满意"))
        return sheet
    by_code = {t.code: t for t in plan.tasks}
    by_name = {label_key(t.name.zh): t for t in plan.tasks}
    seen: dict[str, int] = {}
    for row in data_rows(grid, header):
        code, name = row.text("code"), row.text("name")
        if name in ("合计", "总计"):
            continue
        sheet.rows_read += 1
        task = by_code.get(code) or by_name.get(label_key(name))
        if task is None:
            sheet.issues.append(
                error(
                    "unknown_task",
                    f"第{row.line}行“{code or name}”不是{plan.year}年计划中的任务。",
                    f"Row {row.line}: {code or name!r} is not a task of the {plan.year} plan.",
                    row=row.line,
                    column=row.column("code") if code else row.column("name"),
                )
            )
            continue
        if task.code in seen:
            sheet.issues.append(
                error(
                    "duplicate_task",
                    f"第{row.line}行与第{seen[task.code]}行是同一任务（{task.code}）。",
                    f"Row {row.line} repeats task {task.code} of row {seen[task.code]}.",
                    row=row.line,
                    column=row.column("code") or row.column("name"),
                )
            )
            continue
        seen[task.code] = row.line
        counts = [
            count_cell(row, c, zh, sheet.issues)
            for c, zh in (("satisfied", "满意"), ("basically", "基本满意"), ("dissatisfied", "不满意"))
        ]
        n = members
        if n is None and "members" in header.columns:
            n = count_cell(row, "members", "参评人数", sheet.issues)
            if n is None:
                continue
        if None in counts:
            continue
        s, b, d = counts
        sheet.votes.append(TaskVotes(task.code, s, b, d, n if n is not None else s + b + d, row.line))
    sheet.issues.extend(check_votes(sheet.votes))
    if not sheet.votes and not sheet.has_errors:
        sheet.issues.append(error("empty_file", "测评表中没有任务的票数。", "The rating sheet has no votes."))
    return sheet


def read_rating_sheet(data: bytes, filename: str, *, plan: Plan, members: int | None) -> RatingSheet:
    """An uploaded rating sheet's bytes read (run by services.sandbox); SheetError when unreadable."""
    from targets.sheets import read_grid

    return read_rating(read_grid(data, filename), plan, members=members)
