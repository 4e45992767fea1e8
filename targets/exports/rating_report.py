"""What the year-end rating's exports (rating_xlsx, rating_docx) are built from: the result as plain values, the
rule in words, the file names in the reader's language, and the words both files share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from targets.display import department_name
from targets.i18n import t
from targets.numbers import format_number
from targets.rating import DEPUTIES, GRADE_LABELS, DepartmentRank, Grade, RatingRule, ScoreRule, TaskRating

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class RatingSource:
    """One source counted (the deputies, a public survey): its weight and the file it was recorded from."""

    source: str
    weight: float | None
    filename: str
    sha256: str


@dataclass(frozen=True)
class RatingReport:
    year: int
    lang: str
    rule: RatingRule
    points: ScoreRule
    weights: dict[str, float]
    tasks: tuple[TaskRating, ...]
    departments: tuple[DepartmentRank, ...]
    sources: tuple[RatingSource, ...]
    issued_on: date  # the local day the latest rating was recorded: the same result gives the same file
    issuer: str
    is_demo: bool = False

    def tr(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def members(self) -> int:
        """The deputies' number of members (the largest recorded, as every task is rated by the same body)."""
        return max((r.members for r in self.tasks), default=0)

    def counts(self) -> dict[Grade, int]:
        return {g: sum(1 for r in self.tasks if r.grade is g) for g in Grade}


def grade_text(grade: Grade | None, lang: str) -> str:
    if grade is None:
        return "—"
    zh, en = GRADE_LABELS[grade]
    return en if lang == "en" else zh


def source_text(source: str, lang: str) -> str:
    """A source in words: deputies → 人大代表测评; public → 群众满意度调查; any other name as recorded."""
    if source in (DEPUTIES, "public", "online", "leaders"):
        return t(f"year.rating.source.{source}", lang)
    return source


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def department_text(name: str | None, lang: str) -> str:
    return department_name(name, lang)


def weights_text(report: RatingReport) -> str:
    """The weights as stated: 人大代表测评 30%、群众满意度调查 60%; the deputies alone when none were given."""
    total = sum(report.weights.values())
    if total <= 0 or len(report.weights) == 1:
        return report.tr(
            "year.rating.weights.single", source=source_text(next(iter(report.weights), DEPUTIES), report.lang)
        )
    sep = ", " if report.lang == "en" else "、"
    return sep.join(f"{source_text(s, report.lang)} {w / total * 100:g}%" for s, w in report.weights.items())


def points_text(report: RatingReport) -> str:
    p = report.points
    return report.tr(
        "year.rating.points",
        satisfied=format_number(p.satisfied),
        basically=format_number(p.basically),
        dissatisfied=format_number(p.dissatisfied),
    )


def file_name(fmt: str, year: int, lang: str) -> str:
    """民生实事满意度测评_2025年_结果.xlsx / livelihood-rating_2025_results.xlsx; the DOCX is the notice (通报)."""
    what = {"xlsx": "results", "docx": "notice"}[fmt]
    if lang == "en":
        return f"livelihood-rating_{year}_{what}.{fmt}"
    return f"民生实事满意度测评_{year}年_{'结果' if fmt == 'xlsx' else '结果通报'}.{fmt}"
