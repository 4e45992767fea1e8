"""The deputies' vote on the candidates (票决): the tally sheet, its checks, and the result under a stated rule.

The default rule (Zhejiang's regulation and most cities'): a candidate is elected if its 赞成 votes are more
than half of all deputies (应到, not only those present), and the elected are the top N by 赞成 within the N
places. Candidates tied on 赞成 at the boundary of the places, where electing all of them would exceed the
places, are `tie_revote`: never decided silently. A run-off among exactly the tied candidates fills the
places left, under the same rule; the candidates elected in the first round stay elected.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from targets.candidates import Candidate, ProposerKind, name_key
from targets.issues import HasIssues, Issue, error
from targets.model import Plan
from targets.readers.named import count_cell, data_rows, find_named_header, missing_header
from targets.sheets import Grid


class Basis(StrEnum):
    """What "more than half" is half of: all deputies (应到) or those present (实到)."""

    DEPUTIES = "deputies"
    PRESENT = "present"


class Status(StrEnum):
    ELECTED = "elected"
    NOT_ELECTED = "not_elected"
    TIE_REVOTE = "tie_revote"


@dataclass(frozen=True)
class VoteRule:
    """The rule as data: elected if 赞成 > half of the basis, the top `places` by 赞成; ties at the boundary re-voted."""

    places: int
    basis: Basis = Basis.DEPUTIES

    def as_json(self) -> dict[str, object]:
        return {"places": self.places, "basis": self.basis.value, "majority": "more_than_half", "ties": "revote"}

    def explain(self, lang: str = "zh") -> str:
        if lang == "en":
            whom = "all deputies (应到)" if self.basis is Basis.DEPUTIES else "the deputies present (实到)"
            return (
                f"A candidate is elected if its yes votes are more than half of {whom}; of those, the "
                f"{self.places} with the most yes votes are elected. Candidates tied at the last place, where "
                "electing all of them would exceed the places, are voted on again."
            )
        whom = "应到代表" if self.basis is Basis.DEPUTIES else "实到代表"
        return (
            f"赞成票超过{whom}半数的候选项目方可当选；按赞成票从多到少取前 {self.places} 项。"
            "末位赞成票相同、全部当选将超过名额的，就这几项重新投票。"
        )


@dataclass(frozen=True)
class Tally:
    """One candidate's votes, and the sheet row they came from (None when typed in)."""

    number: int
    yes: int
    no: int
    abstain: int
    row: int | None = None


@dataclass(frozen=True)
class Outcome:
    """A candidate's result: its votes (of the round that decided it), rank by 赞成 (ties share), status."""

    number: int
    name: str
    yes: int
    no: int
    abstain: int
    majority: bool  # 赞成 more than half of the basis
    rank: int
    status: Status
    round: int = 1

    @property
    def elected(self) -> bool:
        return self.status is Status.ELECTED

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "name": self.name,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "majority": self.majority,
            "elected": self.elected,
            "rank": self.rank,
            "status": self.status.value,
            "round": self.round,
        }


@dataclass(frozen=True)
class VoteResult:
    rule: VoteRule
    deputies: int
    present: int
    outcomes: tuple[Outcome, ...]

    @property
    def threshold(self) -> float:
        """Half of the basis: 赞成 must be strictly more than this."""
        return (self.deputies if self.rule.basis is Basis.DEPUTIES else self.present) / 2

    @property
    def tied(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is Status.TIE_REVOTE)

    @property
    def elected(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.elected)


def check_counts(deputies: int, present: int, tallies: list[Tally]) -> list[Issue]:
    """The vote holds together: present ≤ deputies, a quorum (more than half present), and per row 赞成 + 反对 +
    弃权 ≤ present."""
    issues: list[Issue] = []
    if deputies <= 0:
        issues.append(error("bad_deputies", "应到代表人数必须大于 0。", "The number of deputies must be above 0."))
        return issues
    if present > deputies:
        issues.append(
            error(
                "present_above_deputies",
                f"实到 {present} 人多于应到 {deputies} 人。",
                f"{present} present is more than the {deputies} deputies.",
            )
        )
    if present * 2 <= deputies:
        issues.append(
            error(
                "no_quorum",
                f"实到 {present} 人，未超过应到 {deputies} 人的半数，票决无效。",
                f"{present} present is not more than half of the {deputies} deputies: no quorum.",
            )
        )
    for t in tallies:
        cast = t.yes + t.no + t.abstain
        if cast > present:
            issues.append(
                error(
                    "votes_above_present",
                    f"第{t.row}行赞成、反对、弃权合计 {cast} 票，多于实到 {present} 人。",
                    f"Row {t.row}: yes + no + abstain = {cast}, more than the {present} present.",
                    row=t.row,
                )
            )
    return issues


def _ranks(tallies: list[Tally]) -> dict[int, int]:
    """Competition ranking by 赞成 (1, 2, 2, 4): tied candidates share a rank."""
    ordered = sorted((t.yes for t in tallies), reverse=True)
    return {t.number: 1 + ordered.index(t.yes) for t in tallies}


def decide(
    tallies: list[Tally],
    candidates: list[Candidate],
    *,
    deputies: int,
    present: int,
    rule: VoteRule,
    round_: int = 1,
) -> VoteResult:
    """The result of one full round over every candidate."""
    names = {c.number: c.name for c in candidates}
    half = (deputies if rule.basis is Basis.DEPUTIES else present) / 2
    status = _statuses(tallies, half, rule.places)
    ranks = _ranks(tallies)
    outcomes = tuple(
        Outcome(
            t.number,
            names.get(t.number, ""),
            t.yes,
            t.no,
            t.abstain,
            t.yes > half,
            ranks[t.number],
            status[t.number],
            round_,
        )
        for t in sorted(tallies, key=lambda t: (ranks[t.number], t.number))
    )
    return VoteResult(rule, deputies, present, outcomes)


def _statuses(tallies: list[Tally], half: float, places: int) -> dict[int, Status]:
    qualified = sorted((t for t in tallies if t.yes > half), key=lambda t: -t.yes)
    status = {t.number: Status.NOT_ELECTED for t in tallies}
    if places <= 0:
        return status
    if len(qualified) <= places:
        status.update({t.number: Status.ELECTED for t in qualified})
        return status
    boundary = qualified[places - 1].yes
    above = [t for t in qualified if t.yes > boundary]
    at = [t for t in qualified if t.yes == boundary]
    status.update({t.number: Status.ELECTED for t in above})
    fills = len(above) + len(at) <= places
    status.update({t.number: Status.ELECTED if fills else Status.TIE_REVOTE for t in at})
    return status


def runoff(previous: VoteResult, tallies: list[Tally], *, deputies: int, present: int, round_: int) -> VoteResult:
    """A re-vote among exactly the tied candidates for the places the first round left; the rest stand."""
    rule = previous.rule
    left = rule.places - len(previous.elected)
    half = (deputies if rule.basis is Basis.DEPUTIES else present) / 2
    status = _statuses(tallies, half, left)
    by_number = {t.number: t for t in tallies}
    outcomes = []
    for o in previous.outcomes:
        t = by_number.get(o.number)
        if t is None:
            outcomes.append(o)
        else:
            outcomes.append(
                Outcome(o.number, o.name, t.yes, t.no, t.abstain, t.yes > half, o.rank, status[t.number], round_)
            )
    # Ranks: the first round's order, the run-off deciding among the tied (who shared one rank).
    tied_rank = min((o.rank for o in previous.tied), default=0)
    runoff_ranks = _ranks(tallies)
    outcomes = [
        Outcome(
            o.number,
            o.name,
            o.yes,
            o.no,
            o.abstain,
            o.majority,
            tied_rank + runoff_ranks[o.number] - 1,
            o.status,
            o.round,
        )
        if o.number in by_number
        else o
        for o in outcomes
    ]
    outcomes.sort(key=lambda o: (o.rank, o.number))
    return VoteResult(rule, deputies, present, tuple(outcomes))


@dataclass
class TallySheet(HasIssues):
    tallies: list[Tally] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0


COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "项目编号", "候选项目序号", "no", "no."),
    "name": ("项目名称", "候选项目", "候选项目名称", "项目", "name", "project"),
    "yes": ("赞成", "赞成票", "同意", "yes"),
    "no": ("反对", "反对票", "不同意", "no votes", "against"),
    "abstain": ("弃权", "弃权票", "abstain", "abstentions"),
}
REQUIRED = (("number", "name"), ("yes",), ("no",), ("abstain",))


def read_tally(grid: Grid, candidates: list[Candidate]) -> TallySheet:
    """A tally sheet's votes per candidate, matched by 序号 or by 项目名称; errors name row and column."""
    sheet = TallySheet()
    header = find_named_header(grid.rows, COLUMNS, REQUIRED)
    if header is None:
        sheet.issues.append(missing_header("计票表", "a tally sheet", "项目名称或序号、赞成、反对、弃权"))
        return sheet
    by_number = {c.number: c for c in candidates}
    by_name = {name_key(c.name): c for c in candidates}
    seen: dict[int, int] = {}
    for row in data_rows(grid, header):
        name, number_text = row.text("name"), row.text("number")
        if name in ("合计", "总计", "小计"):
            continue
        sheet.rows_read += 1
        found = by_name.get(name_key(name)) if name else None
        if found is None and number_text:
            found = by_number.get(int(number_text)) if number_text.isdigit() else None
        if found is None:
            column = row.column("name") if name else row.column("number")
            sheet.issues.append(
                error(
                    "unknown_candidate",
                    f"第{row.line}行“{name or number_text}”不是本年度的候选项目。",
                    f"Row {row.line}: {name or number_text!r} is not one of this year's candidates.",
                    row=row.line,
                    column=column,
                )
            )
            continue
        if found.number in seen:
            sheet.issues.append(
                error(
                    "duplicate_candidate",
                    f"第{row.line}行与第{seen[found.number]}行是同一候选项目（{found.number}）。",
                    f"Row {row.line} repeats candidate {found.number} of row {seen[found.number]}.",
                    row=row.line,
                    column=row.column("name") or row.column("number"),
                )
            )
            continue
        seen[found.number] = row.line
        counts = [
            count_cell(row, c, zh, sheet.issues) for c, zh in (("yes", "赞成"), ("no", "反对"), ("abstain", "弃权"))
        ]
        if None in counts:
            continue
        yes, no, abstain = counts
        sheet.tallies.append(Tally(found.number, yes, no, abstain, row.line))
    if not sheet.tallies and not sheet.has_errors:
        sheet.issues.append(error("empty_file", "计票表中没有候选项目的票数。", "The tally sheet has no votes."))
    return sheet


def read_tally_sheet(data: bytes, filename: str, *, candidates: list[Candidate]) -> TallySheet:
    """An uploaded tally sheet's bytes read (run by services.sandbox); SheetError when unreadable."""
    from targets.sheets import read_grid

    return read_tally(read_grid(data, filename), candidates)


FULL, RUNOFF = "full", "runoff"


def round_kind(
    candidates: list[Candidate], previous: VoteResult | None, tallies: list[Tally]
) -> tuple[str, list[Issue]]:
    """A tally over every candidate is a full round; one over exactly the tied candidates of the standing result is
    a run-off; anything else is refused, naming the candidates missing."""
    voted = {t.number for t in tallies}
    every = {c.number for c in candidates}
    if voted == every:
        return FULL, []
    tied = {o.number for o in previous.tied} if previous else set()
    if tied and voted == tied:
        return RUNOFF, []
    missing = sorted(every - voted)
    if tied:
        zh = f"计票表应包含全部候选项目（重新票决时只含并列的 {sorted(tied)}），缺少：{missing}。"
        en = f"The tally must cover every candidate (or, for the re-vote, exactly the tied ones {sorted(tied)}); missing: {missing}."
    else:
        zh = f"计票表应包含全部候选项目，缺少：{missing}。"
        en = f"The tally must cover every candidate; missing: {missing}."
    return FULL, [error("incomplete_tally", zh, en)]


def result_json(result: VoteResult, lang: str = "en") -> dict[str, object]:
    return {
        "rule": result.rule.as_json(),
        "rule_text": result.rule.explain(lang),
        "deputies": result.deputies,
        "present": result.present,
        "threshold": result.threshold,
        "places": result.rule.places,
        "elected_count": len(result.elected),
        "tie_revote": [o.number for o in result.tied],
        "candidates": [o.as_json() for o in result.outcomes],
    }


@dataclass(frozen=True)
class RoundInfo:
    """What a target adopted from a round cites: the day of the vote and its deputies."""

    held_on: str
    deputies: int
    present: int


def adopted_plan(
    year: int,
    candidates: list[Candidate],
    result: VoteResult,
    rounds: dict[int, RoundInfo],
    *,
    filename: str,
) -> Plan:
    """The elected candidates as the year's plan: areas from 类别, a task per candidate, its indicators with their
    targets, each citing the candidate record and the vote that elected it. Call only without ties."""
    from targets.catalogue import candidate_source
    from targets.model import Area, Indicator, Source, Task, Text

    elected = {o.number: o for o in result.elected}
    chosen = [c for c in candidates if c.number in elected]
    areas: dict[str, Area] = {}
    tasks: list[Task] = []
    indicators: list[Indicator] = []
    for c in chosen:
        if c.area not in areas:
            areas[c.area] = Area(f"A{len(areas) + 1:02d}", Text(c.area, c.area), len(areas))
        area = areas[c.area]
        o = elected[c.number]
        info = rounds[o.round]

        def cite(indicator: str | None = None, c: Candidate = c, o: Outcome = o, info: RoundInfo = info) -> Source:
            return candidate_source(
                year,
                c.number,
                c.name,
                proposer=c.proposer,
                filename=filename,
                rows=c.rows,
                held_on=info.held_on,
                deputies=info.deputies,
                present=info.present,
                yes=o.yes,
                round_=o.round,
                indicator=indicator,
            )

        lead = c.proposer if c.proposer_kind is ProposerKind.DEPARTMENT and c.proposer else None
        code = f"{area.code}-{sum(t.area_code == area.code for t in tasks) + 1:02d}"
        tasks.append(Task(code, area.code, Text(c.name, c.name), cite(), len(tasks), lead, cite() if lead else None))
        for k, i in enumerate(c.indicators, start=1):
            indicators.append(
                Indicator(
                    code=f"{code}-{k}",
                    task_code=code,
                    area_code=area.code,
                    name=Text(i.name, i.name),
                    unit=Text(i.unit, i.unit),
                    kind=i.kind,
                    target=i.target,
                    stated=i.stated,
                    source=cite(f"{i.name} {i.stated}{i.unit}"),
                    position=len(indicators),
                    lead_unit=lead,
                    direction=i.direction,
                )
            )
    ordered = sorted(tasks, key=lambda t: (t.area_code, t.position))
    return Plan(
        year=year,
        declared_tasks=len(tasks),
        declared_areas=len(areas),
        title=Text(f"{year}年民生实事项目（人大代表票决）", f"Livelihood projects {year} (voted by the deputies)"),
        declaration=None,
        areas=tuple(areas.values()),
        tasks=tuple(replace(t, position=p) for p, t in enumerate(ordered)),
        indicators=tuple(
            replace(i, position=p)
            for p, i in enumerate(
                sorted(indicators, key=lambda i: ([t.code for t in ordered].index(i.task_code), i.position))
            )
        ),
    )
