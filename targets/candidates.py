"""The candidate pool for next year's list (征集): candidates with their indicators, read from a candidate sheet,
checked against a negative list of ineligible kinds and deduplicated by name.

A candidate sheet has a block of rows per candidate: 序号, 项目名称, 类别, 主要内容, 申报理由, 申报单位 and
估算投资（万元） on its first row (often merged down), and one row per indicator (指标名称, 目标值, 计量单位).
A later block whose name is the same once normalised (targets.labels.label_key) is the same candidate
proposed again: it is merged into the first, and the merge is reported as a warning naming both rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from targets.issues import HasIssues, Issue, error, warning
from targets.labels import label_key, unbracketed
from targets.model import Direction, Kind
from targets.numbers import NotANumber, parse_number
from targets.readers.catalogue import infer_direction, infer_kind, parse_target
from targets.readers.cells import blank, shown
from targets.readers.named import Header, Row, data_rows, find_named_header, missing_header
from targets.sheets import Grid


class ProposerKind(StrEnum):
    """Who proposed a candidate: a government department, a people's congress deputy, or the public."""

    DEPARTMENT = "department"
    DEPUTY = "deputy"
    PUBLIC = "public"


PROPOSER_WORDS: dict[ProposerKind, tuple[str, ...]] = {
    ProposerKind.DEPUTY: ("代表", "人大", "deputy"),
    ProposerKind.PUBLIC: ("群众", "市民", "公众", "网民", "居民", "村民", "个人", "public", "citizen"),
    ProposerKind.DEPARTMENT: ("部门", "单位", "政府", "department"),
}


@dataclass(frozen=True)
class CandidateIndicator:
    """One indicator of a candidate with its target as the sheet states it (`stated`) and as a number."""

    name: str
    target: float
    stated: str
    unit: str
    kind: Kind
    direction: Direction
    row: int


@dataclass(frozen=True)
class Candidate:
    """A proposed project; `rows` are the sheet rows it was read from (several when merged)."""

    number: int
    name: str
    area: str
    content: str
    reason: str
    proposer: str
    proposer_kind: ProposerKind
    investment: float | None  # 万元
    indicators: tuple[CandidateIndicator, ...]
    rows: tuple[int, ...]
    co_proposers: tuple[str, ...] = ()  # the units that proposed the same project again (merged duplicates)

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class NegativeEntry:
    """One ineligible kind of project and the words that mark a candidate as it."""

    kind: str
    words: tuple[str, ...]


# The default negative list (负面清单): kinds the voting regulations keep off a livelihood list — buildings
# for the government itself, image projects, profit-making or competitive business, and routine duties.
DEFAULT_NEGATIVE_LIST: tuple[NegativeEntry, ...] = (
    NegativeEntry("楼堂馆所建设", ("楼堂馆所", "办公楼", "办公用房", "培训中心")),
    NegativeEntry("形象工程、政绩工程", ("形象工程", "政绩工程", "景观亮化", "城市雕塑")),
    NegativeEntry("营利性、竞争性项目", ("营利性", "竞争性", "商业开发", "房地产开发")),
    NegativeEntry("部门常规性工作", ("常规性工作", "日常工作", "日常办公")),
)


def name_key(name: str) -> str:
    """A candidate name as compared for duplicates: label_key, brackets and their content kept."""
    return label_key(name)


def negative_match(candidate: Candidate, entries: tuple[NegativeEntry, ...]) -> tuple[NegativeEntry, str] | None:
    """The negative-list entry and word a candidate's name, area or content hits, or None."""
    haystack = label_key(" ".join((candidate.name, candidate.area, candidate.content)))
    for entry in entries:
        for word in entry.words:
            if label_key(word) in haystack:
                return entry, word
    return None


def proposer_kind(text: str, unit: str) -> ProposerKind | None:
    """The kind a 申报类型 cell states (代表, 群众, 部门), or failing that the one the unit's name implies."""
    key = label_key(text)
    if key:
        for kind, words in PROPOSER_WORDS.items():
            if key == kind.value or any(label_key(w) in key for w in words):
                return kind
        return None
    unit_key = label_key(unit)
    for kind in (ProposerKind.DEPUTY, ProposerKind.PUBLIC):
        if any(label_key(w) in unit_key for w in PROPOSER_WORDS[kind]):
            return kind
    return ProposerKind.DEPARTMENT


COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "项目编号", "no", "no."),
    "name": ("项目名称", "项目", "候选项目", "候选项目名称", "name", "project"),
    "area": ("类别", "项目类别", "领域", "方面", "area", "category"),
    "content": ("主要内容", "建设内容", "项目内容", "内容", "content"),
    "reason": ("申报理由", "理由", "必要性", "reason"),
    "proposer": ("申报单位", "提出单位", "申报人", "提出者", "proposer"),
    "proposer_kind": ("申报类型", "来源", "提出方式", "申报主体类型", "source"),
    "indicator": ("指标名称", "指标", "主要指标", "indicator"),
    "target": ("目标值", "目标", "target"),
    "unit": ("计量单位", "单位", "unit"),
    "investment": ("估算投资", "投资估算", "估算投资额", "总投资", "investment"),
}
REQUIRED = (("name",), ("area",), ("indicator",), ("target",))
_CHINESE_NUMERALS = re.compile("[一二两三四五六七八九十百千]")
_INVESTMENT_UNITS = {"万元": 1.0, "元": 0.0001, "亿元": 10_000.0, "千元": 0.1}


@dataclass
class CandidateImport(HasIssues):
    """What a candidate sheet holds: the candidates (deduplicated), merges made, and every issue found."""

    candidates: list[Candidate] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)  # (row merged away, row of the kept candidate)
    rows_read: int = 0


@dataclass
class _Block:
    """A candidate while its rows are read."""

    number: int | None
    name: str
    area: str
    content: str
    reason: str
    proposer: str
    kind_text: str
    investment: float | None
    first_row: int
    indicators: list[CandidateIndicator] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


def read_candidates(grid: Grid, *, negative_list: tuple[NegativeEntry, ...] = DEFAULT_NEGATIVE_LIST) -> CandidateImport:
    """A candidate sheet's candidates, deduplicated, with errors naming row and column; never raises on a grid."""
    result = CandidateImport()
    header = find_named_header(grid.rows, COLUMNS, REQUIRED)
    if header is None:
        result.issues.append(
            missing_header(
                "候选项目表",
                "a candidate sheet",
                "项目名称、类别、指标名称、目标值（另可有序号、主要内容、申报单位等）",
            )
        )
        return result
    scale = 1.0
    if "investment" in header.columns:
        for unit in header.units("investment"):
            scale = _INVESTMENT_UNITS.get(unit, scale)
    blocks: list[_Block] = []
    current: _Block | None = None
    merged_columns = ("number", "name", "area", "content", "reason", "proposer", "proposer_kind", "investment")
    for row in data_rows(grid, header, fill_down=merged_columns):
        result.rows_read += 1
        number_text = row.text("number")
        name = row.text("name")
        starts = bool(name) and (
            current is None
            or name_key(name) != name_key(current.name)
            or (bool(number_text) and _number(number_text) != current.number)
        )
        if starts:
            number = _number(number_text)
            if number_text and number is None:
                result.issues.append(
                    error(
                        "bad_number",
                        f"第{row.line}行序号“{number_text}”不是正整数。",
                        f"Row {row.line}: {row.column('number')} {number_text!r} is not a whole number above 0.",
                        row=row.line,
                        column=row.column("number"),
                    )
                )
            current = _Block(
                number,
                name,
                row.text("area"),
                row.text("content"),
                row.text("reason"),
                row.text("proposer"),
                row.text("proposer_kind"),
                _investment(row, scale, result.issues),
                row.line,
            )
            blocks.append(current)
            if not current.area:
                result.issues.append(
                    error(
                        "missing_area",
                        f"第{row.line}行候选项目“{name}”缺少“类别”。",
                        f"Row {row.line}: candidate {name!r} has no area (类别).",
                        row=row.line,
                        column=row.column("area"),
                    )
                )
        elif current is None:
            result.issues.append(
                error(
                    "missing_name",
                    f"第{row.line}行缺少“项目名称”。",
                    f"Row {row.line} has no project name (项目名称).",
                    row=row.line,
                    column=row.column("name"),
                )
            )
            continue
        current.rows.append(row.line)
        indicator = _indicator(row, result.issues)
        if indicator is not None:
            current.indicators.append(indicator)
    result.candidates = _deduplicate(blocks, result, header)
    for c in result.candidates:
        if not c.indicators and not any(i.row in c.rows for i in result.issues):
            result.issues.append(
                error(
                    "no_indicator",
                    f"第{c.rows[0]}行候选项目“{c.name}”没有指标。",
                    f"Row {c.rows[0]}: candidate {c.name!r} has no indicator.",
                    row=c.rows[0],
                    column=header.label("indicator"),
                )
            )
        hit = negative_match(c, negative_list)
        if hit is not None:
            entry, word = hit
            result.issues.append(
                error(
                    "negative_list",
                    f"第{c.rows[0]}行候选项目“{c.name}”属于负面清单“{entry.kind}”（含“{word}”），不得列为候选项目。",
                    f"Row {c.rows[0]}: candidate {c.name!r} is of an ineligible kind ({entry.kind}: {word!r}).",
                    row=c.rows[0],
                    column=header.label("name"),
                )
            )
    if not result.candidates and not result.has_errors:
        result.issues.append(
            error("empty_file", "表格中没有候选项目。", "The sheet has no candidates.", row=header.row + 1)
        )
    return result


def _number(text: str) -> int | None:
    if not text:
        return None
    try:
        value = parse_number(text).value
    except NotANumber:
        return None
    return int(value) if value.is_integer() and value > 0 else None


def _investment(row: Row, scale: float, issues: list[Issue]) -> float | None:
    value = row.cell("investment")
    if blank(value):
        return None
    amount = read_investment(value)
    if amount is None:
        issues.append(
            error(
                "bad_investment",
                f"第{row.line}行估算投资“{shown(value)}”不是非负数。",
                f"Row {row.line}: {row.column('investment')} {shown(value)!r} is not a number of at least 0.",
                row=row.line,
                column=row.column("investment"),
            )
        )
        return None
    return round(amount * scale, 6)


def read_investment(value: object) -> float | None:
    """An estimated investment as a number of at least 0 (21.3万 reads as 213000), or None when it is none."""
    try:
        number = parse_number(value)
    except NotANumber:
        return None
    return None if number.percent or number.value < 0 else number.value


def _indicator(row: Row, issues: list[Issue]) -> CandidateIndicator | None:
    name, target_text, unit = row.text("indicator"), row.text("target"), row.text("unit")
    if not name and not target_text:
        return None
    if not name or not target_text:
        missing = "indicator" if not name else "target"
        zh = "指标名称" if not name else "目标值"
        issues.append(
            error(
                f"missing_{missing}",
                f"第{row.line}行缺少“{zh}”。",
                f"Row {row.line}: {row.column(missing)} is empty.",
                row=row.line,
                column=row.column(missing),
            )
        )
        return None
    parsed = read_target(target_text, unit)
    if parsed is None:
        issues.append(
            error(
                "bad_target",
                f"第{row.line}行目标值“{target_text}”不是非负数（请用阿拉伯数字书写）。",
                f"Row {row.line}: {row.column('target')} {target_text!r} is not a number of at least 0.",
                row=row.line,
                column=row.column("target"),
            )
        )
        return None
    return CandidateIndicator(name, *parsed, infer_direction(target_text), row.line)


def read_target(target_text: str, unit: str) -> tuple[float, str, str, Kind] | None:
    """A candidate's target cell read as (target, stated, unit, kind), or None when it is no number of at
    least 0; the sheet and the edit form both judge a target this way."""
    kind = infer_kind(target_text, unit)
    try:
        target, stated = parse_target(target_text, kind)
    except NotANumber:
        return None
    if target < 0 or (kind is Kind.STANDARD and _CHINESE_NUMERALS.search(target_text)):  # 约三百: words, not a standard
        return None
    if not unit:  # 21.3万人次 in the target cell: the unit is what follows the number
        rest = unbracketed(target_text.replace(stated, "", 1)).strip()
        unit = rest.removesuffix("以上").removesuffix("以内").strip()
    return target, stated, unit, kind


def _deduplicate(blocks: list[_Block], result: CandidateImport, header: Header) -> list[Candidate]:
    """One candidate per normalised name; a repeated block's new indicators and blank fields merged into the first."""
    kind_column = header.label("proposer_kind") if "proposer_kind" in header.columns else None
    name_column = header.label("name")
    number_column = header.label("number") if "number" in header.columns else None
    kept: dict[str, Candidate] = {}
    used_numbers: dict[int, int] = {}
    for block in blocks:
        kind = proposer_kind(block.kind_text, block.proposer)
        if kind is None:
            result.issues.append(
                error(
                    "bad_proposer_kind",
                    f"第{block.first_row}行申报类型“{block.kind_text}”应为部门、代表或群众。",
                    f"Row {block.first_row}: proposer kind {block.kind_text!r} is not a department, deputy or public.",
                    row=block.first_row,
                    column=kind_column,
                )
            )
            kind = ProposerKind.DEPARTMENT
        key = name_key(block.name)
        if key in kept:
            first = kept[key]
            known = {label_key(i.name) for i in first.indicators}
            extra = tuple(i for i in block.indicators if label_key(i.name) not in known)
            kept[key] = replace(
                first,
                content=first.content or block.content,
                reason=first.reason or block.reason,
                co_proposers=first.co_proposers
                + ((block.proposer,) if block.proposer not in ("", first.proposer, *first.co_proposers) else ()),
                investment=first.investment if first.investment is not None else block.investment,
                indicators=first.indicators + extra,
                rows=first.rows + tuple(block.rows),
            )
            result.merged.append((block.first_row, first.rows[0]))
            result.issues.append(
                warning(
                    "duplicate_merged",
                    f"第{block.first_row}行“{block.name}”与第{first.rows[0]}行是同一候选项目，已合并为一项。",
                    f"Row {block.first_row}: {block.name!r} is the candidate of row {first.rows[0]}; merged into it.",
                    row=block.first_row,
                    column=name_column,
                )
            )
            continue
        number = block.number if block.number is not None else max([0, *used_numbers]) + 1
        if number in used_numbers:
            result.issues.append(
                error(
                    "duplicate_number",
                    f"第{block.first_row}行序号 {number} 已用于第{used_numbers[number]}行的另一候选项目。",
                    f"Row {block.first_row}: number {number} is already the candidate of row {used_numbers[number]}.",
                    row=block.first_row,
                    column=number_column,
                )
            )
        used_numbers[number] = block.first_row
        kept[key] = Candidate(
            number,
            block.name,
            block.area,
            block.content,
            block.reason,
            block.proposer,
            kind,
            block.investment,
            tuple(block.indicators),
            tuple(block.rows),
        )
    return sorted(kept.values(), key=lambda c: c.number)


def read_candidate_sheet(
    data: bytes, filename: str, *, negative_list: tuple[NegativeEntry, ...] = DEFAULT_NEGATIVE_LIST
) -> CandidateImport:
    """An uploaded candidate sheet's bytes read (the step services.sandbox runs in a limited process); SheetError
    when the file cannot be read at all."""
    from targets.sheets import read_grid

    return read_candidates(read_grid(data, filename), negative_list=negative_list)


def candidate_json(c: Candidate) -> dict[str, object]:
    return {
        "number": c.number,
        "name": c.name,
        "area": c.area,
        "content": c.content,
        "reason": c.reason,
        "proposer": c.proposer,
        "proposer_kind": c.proposer_kind.value,
        "co_proposers": list(c.co_proposers),
        "investment": c.investment,
        "rows": list(c.rows),
        "indicators": [
            {
                "name": i.name,
                "target": i.target,
                "stated": i.stated,
                "unit": i.unit,
                "kind": i.kind.value,
                "direction": i.direction.value,
                "row": i.row,
            }
            for i in c.indicators
        ],
    }
