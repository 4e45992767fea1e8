"""The deputies' vote (票决): record a round from a tally sheet, the standing result, and the plan adopted from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from db import audit
from db import year_cycle as stored
from db.catalogue import load_plan
from db.meta import bump_data_version
from db.store import Store
from services import sandbox
from services.access import authorize, authorize_now, logging_denials
from targets.access import Action
from targets.clock import today
from targets.errors import Refusal
from targets.issues import Issue, error, errors, rejected
from targets.model import Plan
from targets.sheets import SheetError
from targets.vote import (
    FULL,
    RUNOFF,
    Basis,
    RoundInfo,
    VoteResult,
    VoteRule,
    adopted_plan,
    check_counts,
    decide,
    read_tally_sheet,
    result_json,
    round_kind,
    runoff,
)


@dataclass(frozen=True)
class YearVote:
    """The standing result of a year's vote and the rounds that made it."""

    year: int
    result: VoteResult
    rounds: tuple[stored.StoredVote, ...]
    candidates: tuple[stored.StoredCandidate, ...]

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        doc = {"year": self.year, **result_json(self.result, lang)}
        doc["rounds"] = [
            {
                "vote_id": v.id,
                "round": v.round,
                "kind": v.kind,
                "held_on": v.held_on.isoformat(),
                "deputies": v.deputies,
                "present": v.present,
                **v.origin.as_json(),
            }
            for v in self.rounds
        ]
        doc["ok"] = True
        return doc


def standing(candidates: list, rounds: list[stored.StoredVote]) -> VoteResult | None:
    """The result the recorded rounds add up to: a full round starts afresh, a run-off settles its ties."""
    result: VoteResult | None = None
    for v in rounds:
        if v.kind == RUNOFF and result is not None:
            result = runoff(result, list(v.tallies), deputies=v.deputies, present=v.present, round_=v.round)
        else:
            rule = VoteRule(places=v.places, basis=v.basis)
            result = decide(
                list(v.tallies), candidates, deputies=v.deputies, present=v.present, rule=rule, round_=v.round
            )
    return result


def _year_vote(conn, year: int) -> YearVote | None:
    pool = stored.candidates(conn, year)
    rounds = stored.votes(conn, year)
    result = standing([s.candidate for s in pool], rounds)
    return YearVote(year, result, tuple(rounds), tuple(pool)) if result else None


def vote_result(store: Store, year: int) -> YearVote | None:
    with store.connect() as conn:
        return _year_vote(conn, year)


def record_vote(
    store: Store,
    data: bytes,
    filename: str,
    *,
    year: int,
    deputies: int,
    places: int,
    present: int | None = None,
    basis: Basis = Basis.DEPUTIES,
    held_on: date | None = None,
    actor: str | None,
) -> YearVote:
    """Record one round: over every candidate a full vote (it replaces what stood), over exactly the tied
    candidates a run-off for the places left. Refused, writing nothing, on any error in the sheet or the counts."""
    authorize_now(store, actor, Action.VOTE)
    present = deputies if present is None else present
    with store.connect() as conn:
        pool = [s.candidate for s in stored.candidates(conn, year)]
    if not pool:
        raise Refusal(
            "no_candidates", f"No candidates for {year}; import them first.", f"{year}年没有候选项目，请先导入。"
        )
    try:
        sheet = sandbox.run(read_tally_sheet, data, filename, candidates=pool)
    except SheetError as exc:
        raise _refused([exc.issue]) from exc
    except sandbox.SandboxFailure as exc:
        raise _refused([error("unsafe_file", exc.message("zh"), exc.message("en"))]) from exc
    issues = list(sheet.issues) + check_counts(deputies, present, sheet.tallies)
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.VOTE)
        rounds = stored.votes(conn, year)
        previous = standing(pool, rounds)
        kind, coverage = round_kind(pool, previous, sheet.tallies) if not errors(issues) else (FULL, [])
        issues += coverage
        if kind == RUNOFF and places not in (previous.rule.places, previous.rule.places - len(previous.elected)):
            issues.append(
                error(
                    "places_changed",
                    f"重新票决的名额应为 {previous.rule.places}（总名额）或 {previous.rule.places - len(previous.elected)}（剩余名额），而不是 {places}。",
                    f"A re-vote keeps the places: {previous.rule.places} in all or {previous.rule.places - len(previous.elected)} left, not {places}.",
                )
            )
        if errors(issues):
            raise _refused(issues)
        rule_places, rule_basis = (previous.rule.places, previous.rule.basis) if kind == RUNOFF else (places, basis)
        origin = stored.save_file(conn, year=year, kind="vote", filename=filename, content=data, actor=actor or "")
        when = held_on or today()
        round_ = len(rounds) + 1
        vote_id = stored.save_vote(
            conn,
            year=year,
            round_=round_,
            kind=kind,
            deputies=deputies,
            present=present,
            places=rule_places,
            basis=rule_basis,
            held_on=when,
            tallies=sheet.tallies,
            origin=origin,
        )
        found = _year_vote(conn, year)
        audit.record(
            conn,
            actor or "",
            "vote.record",
            str(year),
            {
                "vote_id": vote_id,
                "round": round_,
                "kind": kind,
                "file": filename,
                "sha256": origin.sha256,
                "deputies": deputies,
                "present": present,
                "places": rule_places,
                "basis": rule_basis.value,
                "held_on": when.isoformat(),
                "elected": [o.number for o in found.result.elected],
                "tie_revote": [o.number for o in found.result.tied],
            },
        )
        bump_data_version(conn)
    return found


def adopt_plan(store: Store, *, year: int, actor: str | None) -> Plan:
    """The elected candidates become the year's plan, each target citing its candidate and the vote; refused while
    a tie is unresolved, without a vote, or when the year already has a plan with figures."""
    from services.catalogue import commit_plan

    authorize_now(store, actor, Action.CATALOGUE)
    with store.connect() as conn:
        found = _year_vote(conn, year)
        existing = load_plan(conn, year)
    if found is None:
        raise Refusal("no_vote", f"No vote recorded for {year}.", f"{year}年尚未录入代表票决结果。")
    if found.result.tied:
        tied = [o.number for o in found.result.tied]
        raise Refusal(
            "tie_unresolved",
            f"Candidates {tied} are tied at the last place: record the re-vote first (vote record).",
            f"候选项目 {tied} 末位票数相同，需先重新票决（vote record）。",
            tie_revote=tied,
        )
    if not found.result.elected:
        raise Refusal("none_elected", f"No candidate was elected in {year}.", f"{year}年没有候选项目当选。")
    infos = {v.round: RoundInfo(v.held_on.isoformat(), v.deputies, v.present) for v in found.rounds}
    pool = [s.candidate for s in found.candidates]
    filename = found.candidates[0].origin.filename
    plan = adopted_plan(year, pool, found.result, infos, filename=filename)
    last = found.rounds[-1]
    commit_plan(
        store,
        plan,
        actor=actor,
        filename=f"vote {last.id} ({last.origin.filename})",
        sha256=last.origin.sha256,
        changes=[],
        base=existing,
        origin=f"vote:{year}/{last.id}",
        refuse_with_figures=True,
        detail={"elected": [o.number for o in found.result.elected], "vote_ids": [v.id for v in found.rounds]},
    )
    return plan


def typed_tally_file(year: int, round_: int, rows: list[tuple[int, str, object, object, object]]) -> tuple[str, bytes]:
    """A tally typed on the page as the file it is recorded as (UTF-8 CSV: 序号, 项目名称, 赞成, 反对, 弃权), so a typed
    round is traceable as a sheet is: its name, its bytes and their sha256 are on record. A blank count stays blank
    and is refused by the same check as a blank cell in a sheet."""
    from targets.exports.safe import csv_bytes

    def count(value: object) -> object:
        if value is None or value == "" or (isinstance(value, float) and value != value):
            return None
        return int(value) if isinstance(value, float) and value.is_integer() else value

    data = csv_bytes(
        [
            ("序号", "项目名称", "赞成", "反对", "弃权"),
            *((n, name, count(y), count(no), count(a)) for n, name, y, no, a in rows),
        ]
    )
    return f"{year}年代表票决计票表_第{round_}轮_页面录入.csv", data


def record_typed_vote(
    store: Store,
    rows: list[tuple[int, str, object, object, object]],
    *,
    year: int,
    deputies: int,
    places: int,
    present: int | None = None,
    basis: Basis = Basis.DEPUTIES,
    held_on: date | None = None,
    actor: str | None,
) -> YearVote:
    """Record a round typed on the page: written as a CSV file (typed_tally_file) and recorded as a sheet is."""
    with store.connect() as conn:
        round_ = len(stored.votes(conn, year)) + 1
    filename, data = typed_tally_file(year, round_, rows)
    return record_vote(
        store,
        data,
        filename,
        year=year,
        deputies=deputies,
        places=places,
        present=present,
        basis=basis,
        held_on=held_on,
        actor=actor,
    )


def _refused(issues: list[Issue]) -> Refusal:
    return rejected(issues, subject_en="The tally sheet", subject_zh="计票表")
