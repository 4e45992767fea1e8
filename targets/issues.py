"""Validation results as values: each issue names the row, the column, the rule and says what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from targets.errors import Refusal


class Severity(StrEnum):
    ERROR = "error"  # the whole file is rejected; nothing is written
    WARNING = "warning"  # written only after explicit confirmation (--yes, or the confirm box)


@dataclass(frozen=True)
class Issue:
    """One problem found in an upload; row is 1-based as the spreadsheet shows it, column as 'C (累计完成)'."""

    rule: str  # a stable key, e.g. "unknown_indicator", "negative", "below_previous"
    severity: Severity
    message_zh: str
    message_en: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None  # the workbook's sheet the row and column are in (None for CSV text)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def as_json(self, lang: str = "zh") -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "sheet": self.sheet,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message(lang),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def error(rule: str, zh: str, en: str, *, row: int | None = None, column: str | None = None) -> Issue:
    return Issue(rule, Severity.ERROR, zh, en, row, column)


def warning(rule: str, zh: str, en: str, *, row: int | None = None, column: str | None = None) -> Issue:
    return Issue(rule, Severity.WARNING, zh, en, row, column)


class HasIssues:
    """A preview's or a read sheet's errors and warnings, from its `issues` (uploads, task tables, regional
    targets, candidates, tallies, ratings)."""

    issues: list[Issue]

    @property
    def has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def refuse_unless_committable(
        self, confirm_warnings: bool, *, subject_en: str = "The file", subject_zh: str = "文件"
    ) -> None:
        """The rule every commit keeps: any error refuses (nothing is written), warnings need confirmation."""
        if self.errors:
            raise rejected(self.issues, subject_en=subject_en, subject_zh=subject_zh)
        if self.warnings and not confirm_warnings:
            n = len(self.warnings)
            raise Refusal(
                "needs_confirmation",
                f"{subject_en} has {n} warning(s); confirm them to commit (--yes).",
                f"{subject_zh}有 {n} 处警告，确认后才能提交（--yes）。",
            )


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.ERROR]


def warnings(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.WARNING]


def rejected(issues: list[Issue], *, subject_en: str = "The file", subject_zh: str = "文件") -> Refusal:
    """The refusal of a sheet with errors: how many, the first with its place, and that nothing was written."""
    found = errors(issues)
    first = found[0]
    where_en = f" (row {first.row})" if first.row else ""
    where_zh = f"（第{first.row}行）" if first.row else ""
    return Refusal(
        "rejected",
        f"{subject_en} has {len(found)} error(s), the first{where_en}: {first.message_en}; nothing was written.",
        f"{subject_zh}有 {len(found)} 处错误，第一处{where_zh}：{first.message_zh}；未写入任何数据。",
        errors=[i.as_json("en") for i in found],
    )
