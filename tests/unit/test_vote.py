"""The deputies' vote: the rule with hand-computed results, its boundaries, and the tally sheet's checks."""

from __future__ import annotations

from targets.candidates import Candidate, ProposerKind
from targets.sheets import Grid
from targets.vote import (
    FULL,
    RUNOFF,
    Basis,
    Status,
    Tally,
    VoteRule,
    check_counts,
    decide,
    read_tally,
    round_kind,
    runoff,
)


def cand(n: int, name: str | None = None) -> Candidate:
    return Candidate(n, name or f"项目{n}", "教育", "", "", "省教育厅", ProposerKind.DEPARTMENT, None, (), (n + 1,))


def statuses(result) -> dict[int, str]:
    return {o.number: o.status.value for o in result.outcomes}


def test_exactly_half_of_the_deputies_is_not_a_majority():
    # 100 deputies: 50 yes is exactly half (not more), 51 is more than half.
    tallies = [Tally(1, 51, 40, 9), Tally(2, 50, 40, 10)]
    result = decide(tallies, [cand(1), cand(2)], deputies=100, present=100, rule=VoteRule(places=2))
    assert statuses(result) == {1: "elected", 2: "not_elected"}
    assert [o.majority for o in result.outcomes] == [True, False]
    assert result.threshold == 50


def test_absent_deputies_count_against_a_majority_of_all_deputies_but_not_of_those_present():
    # 100 deputies, 80 present: 45 yes is more than half of 80 (40) but not of 100 (50).
    tallies = [Tally(1, 45, 30, 5)]
    by_deputies = decide(tallies, [cand(1)], deputies=100, present=80, rule=VoteRule(places=1))
    by_present = decide(tallies, [cand(1)], deputies=100, present=80, rule=VoteRule(places=1, basis=Basis.PRESENT))
    assert statuses(by_deputies) == {1: "not_elected"}
    assert statuses(by_present) == {1: "elected"}


def test_abstentions_are_not_yes_votes():
    # 60 deputies all present: 30 yes + 25 abstain + 5 no → 30 is not more than 30.
    result = decide([Tally(1, 30, 5, 25)], [cand(1)], deputies=60, present=60, rule=VoteRule(places=1))
    assert statuses(result) == {1: "not_elected"}


def test_top_n_within_the_places_and_a_tie_at_the_boundary_is_re_voted():
    # 12 candidates for 10 places, 100 deputies. Yes votes: 90..82 for 1..9, then 80 for 10 and 11, 70 for 12.
    yes = [90, 89, 88, 87, 86, 85, 84, 83, 82, 80, 80, 70]
    tallies = [Tally(n, y, 100 - y, 0) for n, y in enumerate(yes, start=1)]
    result = decide(tallies, [cand(n) for n in range(1, 13)], deputies=100, present=100, rule=VoteRule(places=10))
    got = statuses(result)
    assert [n for n, s in got.items() if s == "elected"] == list(range(1, 10))
    assert [o.number for o in result.tied] == [10, 11]
    assert got[12] == "not_elected"
    ranks = {o.number: o.rank for o in result.outcomes}
    assert (ranks[1], ranks[9], ranks[10], ranks[11], ranks[12]) == (1, 9, 10, 10, 12)


def test_a_tie_that_fits_within_the_places_elects_all_of_the_tied():
    tallies = [Tally(1, 90, 0, 0), Tally(2, 80, 0, 0), Tally(3, 80, 0, 0), Tally(4, 60, 0, 0)]
    result = decide(tallies, [cand(n) for n in range(1, 5)], deputies=100, present=100, rule=VoteRule(places=3))
    assert statuses(result) == {1: "elected", 2: "elected", 3: "elected", 4: "not_elected"}


def test_a_tie_below_the_majority_is_not_a_boundary_tie():
    # Places are left empty rather than filled by candidates without a majority.
    tallies = [Tally(1, 90, 0, 0), Tally(2, 40, 0, 0), Tally(3, 40, 0, 0)]
    result = decide(tallies, [cand(n) for n in range(1, 4)], deputies=100, present=100, rule=VoteRule(places=2))
    assert statuses(result) == {1: "elected", 2: "not_elected", 3: "not_elected"}


def test_the_run_off_fills_the_places_left_and_the_first_round_stands():
    tallies = [Tally(1, 90, 0, 0), Tally(2, 80, 0, 0), Tally(3, 80, 0, 0), Tally(4, 80, 0, 0)]
    cands = [cand(n) for n in range(1, 5)]
    first = decide(tallies, cands, deputies=100, present=100, rule=VoteRule(places=2))
    assert statuses(first) == {1: "elected", 2: "tie_revote", 3: "tie_revote", 4: "tie_revote"}
    again = [Tally(2, 70, 20, 5), Tally(3, 55, 40, 5), Tally(4, 60, 35, 5)]
    assert round_kind(cands, first, again) == (RUNOFF, [])
    second = runoff(first, again, deputies=100, present=95, round_=2)
    assert statuses(second) == {1: "elected", 2: "elected", 3: "not_elected", 4: "not_elected"}
    assert {o.number: o.rank for o in second.outcomes} == {1: 1, 2: 2, 4: 3, 3: 4}
    assert {o.number: o.round for o in second.outcomes} == {1: 1, 2: 2, 3: 2, 4: 2}


def test_a_tally_missing_a_candidate_is_neither_a_full_round_nor_a_run_off():
    cands = [cand(n) for n in range(1, 4)]
    kind, issues = round_kind(cands, None, [Tally(1, 1, 0, 0), Tally(2, 1, 0, 0)])
    assert kind == FULL and issues[0].rule == "incomplete_tally" and "[3]" in issues[0].message_en


def test_the_counts_are_checked_row_by_row_and_against_the_deputies():
    assert [i.rule for i in check_counts(100, 101, [])] == ["present_above_deputies"]
    # present < half, and exactly half, have no quorum; one more than half has.
    assert [i.rule for i in check_counts(100, 49, [])] == ["no_quorum"]
    assert [i.rule for i in check_counts(100, 50, [])] == ["no_quorum"]
    assert check_counts(100, 51, []) == []
    issues = check_counts(100, 80, [Tally(1, 50, 20, 10, row=3), Tally(2, 50, 20, 11, row=4)])
    assert [(i.rule, i.row) for i in issues] == [("votes_above_present", 4)]


def test_the_tally_sheet_matches_by_name_or_number_and_names_row_and_column():
    cands = [cand(1, "老旧小区改造"), cand(2, "托育服务")]
    grid = Grid(
        [
            ["计票结果", None, None, None, None],
            ["序号", "项目名称", "赞成", "反对", "弃权"],
            [None, "老旧小区改造", 60, 10, 5],
            [2, None, "五十", 10, 5],
            [None, "不存在的项目", 1, 1, 1],
        ],
        "csv",
    )
    sheet = read_tally(grid, cands)
    assert [t.number for t in sheet.tallies] == [1]
    assert [(i.rule, i.row, i.column) for i in sheet.issues] == [
        ("bad_count", 4, "C (赞成)"),
        ("unknown_candidate", 5, "B (项目名称)"),
    ]


def test_the_rule_is_stated_as_data_and_in_words():
    rule = VoteRule(places=10)
    assert rule.as_json() == {"places": 10, "basis": "deputies", "majority": "more_than_half", "ties": "revote"}
    assert "10" in rule.explain("zh") and "应到代表半数" in rule.explain("zh")
    assert Status.TIE_REVOTE.value == "tie_revote"


def test_the_adopted_plan_cites_the_candidate_and_the_round_that_elected_it():
    from targets.candidates import CandidateIndicator
    from targets.catalogue import cited_candidate
    from targets.model import Direction, Kind
    from targets.vote import RoundInfo, adopted_plan

    def with_indicator(c: Candidate, name: str, target: float, stated: str) -> Candidate:
        ind = CandidateIndicator(name, target, stated, "个", Kind.COUNT, Direction.HIGHER, c.rows[0])
        return Candidate(c.number, c.name, c.area, "", "", c.proposer, c.proposer_kind, None, (ind,), c.rows)

    cands = [
        with_indicator(cand(1, "助餐"), "助餐点", 1300, "1,300"),
        with_indicator(cand(2, "托育"), "托位", 5000, "5000"),
    ]
    cands.append(Candidate(3, "午餐", "教育", "", "", "市民王某", ProposerKind.PUBLIC, None, cands[0].indicators, (4,)))
    first = decide(
        [Tally(1, 90, 0, 0), Tally(2, 80, 0, 0), Tally(3, 80, 0, 0)], cands, deputies=100, present=100, rule=VoteRule(2)
    )
    second = runoff(first, [Tally(2, 40, 50, 0), Tally(3, 60, 30, 0)], deputies=100, present=90, round_=2)
    rounds = {1: RoundInfo("2025-01-15", 100, 100), 2: RoundInfo("2025-01-16", 100, 90)}
    plan = adopted_plan(2025, cands, second, rounds, filename="c.xlsx")
    assert [(t.code, t.name.zh, t.lead_unit) for t in plan.tasks] == [
        ("A01-01", "助餐", "省教育厅"),
        ("A01-02", "午餐", None),
    ]
    assert [(i.code, i.target, i.stated) for i in plan.indicators] == [
        ("A01-01-1", 1300, "1,300"),
        ("A01-02-1", 1300, "1,300"),
    ]
    lunch = plan.indicators[1].source
    assert cited_candidate(lunch) == (2025, 3)
    assert "2025-01-16人大代表票决（第2轮）：应到100人，实到90人，赞成60票，当选" in lunch.quote
    assert "c.xlsx第4行" in lunch.quote and "市民王某申报" in lunch.quote
    assert (
        cited_candidate(plan.tasks[0].source) == (2025, 1) and "2025-01-15人大代表票决：" in plan.tasks[0].source.quote
    )
