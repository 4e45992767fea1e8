"""A candidate edited on the page (征集): the fields and indicators as typed, checked by the sheet's own rules (a
number as people write it, a target in figures, the negative list, one candidate per name), and the changes old →
new that the audit log records.

An indicator row kept as it was keeps its sheet row; a new or changed one has row 0 (typed in, no sheet row).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from targets.candidates import (
    DEFAULT_NEGATIVE_LIST,
    Candidate,
    CandidateIndicator,
    NegativeEntry,
    name_key,
    negative_match,
    proposer_kind,
    read_investment,
    read_target,
)
from targets.issues import Issue, error
from targets.labels import label_key
from targets.readers.catalogue import infer_direction

FIELDS = ("name", "area", "content", "reason", "proposer", "investment")
FIELD_WORDS = {
    "name": ("项目名称", "name"),
    "area": ("类别", "area"),
    "content": ("主要内容", "content"),
    "reason": ("申报理由", "reason"),
    "proposer": ("申报单位", "proposer"),
    "investment": ("估算投资（万元）", "investment (10k yuan)"),
    "indicators": ("指标", "indicators"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class CandidateEdit:
    """The candidate as edited (None when an error stands), what changed, and every issue found."""

    original: Candidate
    candidate: Candidate | None
    changes: tuple[FieldChange, ...]
    issues: tuple[Issue, ...]


def indicators_text(indicators: tuple[CandidateIndicator, ...]) -> str:
    """Indicators as one line people read: 新建改建助餐点 1300个；服务老年人 21.3万人次."""
    return "；".join(f"{i.name} {i.stated}{i.unit}" for i in indicators) or "—"


def _investment_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def edit_candidate(
    original: Candidate,
    fields: dict[str, str],
    indicator_rows: list[tuple[str, str, str]],
    pool: list[Candidate],
    *,
    negative_list: tuple[NegativeEntry, ...] = DEFAULT_NEGATIVE_LIST,
) -> CandidateEdit:
    """Apply the typed fields (name, area, content, reason, proposer, investment as text) and indicator rows (name,
    target as written, unit) to `original`; errors name the field or the indicator row and column."""
    issues: list[Issue] = []
    text = {f: str(fields.get(f, "") or "").strip() for f in FIELDS}
    for f in ("name", "area"):
        if not text[f]:
            zh, en = FIELD_WORDS[f]
            issues.append(error(f"missing_{f}", f"“{zh}”不能为空。", f"The {en} cannot be empty.", column=zh))
    others = {name_key(c.name): c for c in pool if c.number != original.number}
    if text["name"] and name_key(text["name"]) in others:
        other = others[name_key(text["name"])]
        issues.append(
            error(
                "duplicate_name",
                f"项目名称“{text['name']}”与候选项目{other.number}“{other.name}”相同。",
                f"The name {text['name']!r} is that of candidate {other.number} ({other.name!r}).",
                column="项目名称",
            )
        )
    investment: float | None = None
    if text["investment"] and text["investment"] != "—":
        amount = read_investment(text["investment"])
        if amount is None:
            issues.append(
                error(
                    "bad_investment",
                    f"估算投资“{text['investment']}”不是非负数。",
                    f"The investment {text['investment']!r} is not a number of at least 0.",
                    column="估算投资（万元）",
                )
            )
        else:
            investment = round(amount, 6)
    kept = {(label_key(i.name), i.stated, i.unit): i for i in original.indicators}
    indicators: list[CandidateIndicator] = []
    seen: dict[str, int] = {}
    for line, (name, target_text, unit) in enumerate(indicator_rows, start=1):
        name, target_text, unit = (str(v or "").strip() for v in (name, target_text, unit))
        if not name and not target_text and not unit:
            continue
        if not name or not target_text:
            zh = "指标名称" if not name else "目标值"
            issues.append(
                error(
                    "missing_indicator" if not name else "missing_target",
                    f"指标第{line}行缺少“{zh}”。",
                    f"Indicator row {line}: {zh} is empty.",
                    row=line,
                    column=zh,
                )
            )
            continue
        if label_key(name) in seen:
            issues.append(
                error(
                    "duplicate_indicator",
                    f"指标第{line}行“{name}”与第{seen[label_key(name)]}行重复。",
                    f"Indicator row {line}: {name!r} repeats row {seen[label_key(name)]}.",
                    row=line,
                    column="指标名称",
                )
            )
            continue
        seen[label_key(name)] = line
        found = _indicator(name, target_text, unit, line, kept, issues)
        if found is not None:
            indicators.append(found)
    if not indicators and not any(i.column in ("指标名称", "目标值") for i in issues):
        issues.append(error("no_indicator", "候选项目至少要有一个指标。", "A candidate needs at least one indicator."))
    kind = original.proposer_kind
    if text["proposer"] != original.proposer:
        kind = proposer_kind("", text["proposer"]) or kind
    edited = replace(
        original,
        name=text["name"],
        area=text["area"],
        content=text["content"],
        reason=text["reason"],
        proposer=text["proposer"],
        proposer_kind=kind,
        investment=investment,
        indicators=tuple(indicators),
    )
    hit = negative_match(edited, negative_list)
    if hit is not None:
        entry, word = hit
        issues.append(
            error(
                "negative_list",
                f"候选项目“{edited.name}”属于负面清单“{entry.kind}”（含“{word}”），不得列为候选项目。",
                f"Candidate {edited.name!r} is of an ineligible kind ({entry.kind}: {word!r}).",
                column="项目名称",
            )
        )
    changes = [
        FieldChange(
            f, *(_investment_text(v) if f == "investment" else v for v in (getattr(original, f), getattr(edited, f)))
        )
        for f in FIELDS
        if getattr(original, f) != getattr(edited, f)
    ]
    if indicators_text(original.indicators) != indicators_text(edited.indicators):
        changes.append(
            FieldChange("indicators", indicators_text(original.indicators), indicators_text(edited.indicators))
        )
    has_errors = any(i.severity.value == "error" for i in issues)
    return CandidateEdit(original, None if has_errors else edited, tuple(changes), tuple(issues))


def _indicator(
    name: str,
    target_text: str,
    unit: str,
    line: int,
    kept: dict[tuple[str, str, str], CandidateIndicator],
    issues: list[Issue],
) -> CandidateIndicator | None:
    parsed = read_target(target_text, unit)
    if parsed is None:
        issues.append(
            error(
                "bad_target",
                f"指标第{line}行目标值“{target_text}”不是非负数（请用阿拉伯数字书写）。",
                f"Indicator row {line}: the target {target_text!r} is not a number of at least 0.",
                row=line,
                column="目标值",
            )
        )
        return None
    target, stated, unit, kind = parsed
    same = kept.get((label_key(name), stated, unit))
    if same is not None and same.name == name:
        return same
    return CandidateIndicator(name, target, stated, unit, kind, infer_direction(target_text), 0)
