"""The year-end rating: Zhenhai's rule with its boundaries, scores, weights and the departments' ranking."""

from __future__ import annotations

import pytest

from targets.model import Plan, Source, Task, Text
from targets.rating import (
    DEPUTIES,
    Grade,
    RatingRule,
    ScoreRule,
    TaskVotes,
    check_votes,
    combine,
    rank_departments,
    rate,
    read_rating,
)
from targets.sheets import Grid

ZHENHAI = RatingRule()


@pytest.mark.parametrize(
    ("satisfied", "basically", "dissatisfied", "members", "grade"),
    [
        (26, 10, 4, 50, Grade.SATISFIED),  # 26 > 25
        (25, 20, 5, 50, Grade.BASICALLY_SATISFIED),  # 25 is exactly half: not satisfied; 45 > 25
        (20, 5, 25, 50, Grade.DISSATISFIED),  # 25 is exactly half: not basically satisfied either
        (20, 6, 24, 50, Grade.BASICALLY_SATISFIED),  # 26 > 25
        # Members who did not vote count in "half of all members": 24 of 40 voting is not more than 25.
        (24, 0, 16, 50, Grade.DISSATISFIED),
        (0, 0, 0, 50, Grade.DISSATISFIED),
    ],
)
def test_zhenhai_rule_with_hand_computed_boundaries(satisfied, basically, dissatisfied, members, grade):
    assert ZHENHAI.grade(satisfied, basically, dissatisfied, members) is grade


def test_the_rule_is_configurable_basis_and_share():
    cast_basis = RatingRule(basis="cast")
    assert cast_basis.grade(24, 0, 16, 50) is Grade.SATISFIED  # 24 > 40 / 2
    two_thirds = RatingRule(share=2 / 3)
    assert two_thirds.grade(34, 0, 16, 50) is Grade.SATISFIED  # 34 > 33.33
    assert two_thirds.grade(33, 0, 17, 50) is Grade.DISSATISFIED
    assert "半数" in ZHENHAI.explain("zh") and "more than 50%" in ZHENHAI.explain("en")


def test_scores_and_weighted_combination():
    points = ScoreRule()
    assert points.score(30, 10, 10) == pytest.approx((30 * 100 + 10 * 60) / 50)  # 72
    assert points.score(0, 0, 0) is None
    # public 60 / leaders 30 / online 10 with scores 80, 90, 50 → (4800 + 2700 + 500) / 100 = 80
    assert combine({"public": 80, "leaders": 90, "online": 50}, {"public": 60, "leaders": 30, "online": 10}) == 80
    # A source without a score leaves the weights of the others normalised: (4800 + 2700) / 90
    assert combine({"public": 80, "leaders": 90}, {"public": 60, "leaders": 30, "online": 10}) == pytest.approx(
        7500 / 90
    )


def plan() -> Plan:
    def task(code, name, lead):
        return Task(code, "A01", Text(name, name), Source("f", "q"), 0, lead)

    return Plan(
        2025,
        4,
        1,
        Text("t", "t"),
        None,
        tasks=(
            task("A01-01", "助餐", "省民政厅"),
            task("A01-02", "托育", "省卫健委"),
            task("A01-03", "养老", "省民政厅"),
            task("A01-04", "体检", "省卫健委"),
        ),
    )


def test_grades_per_task_and_the_departments_ranked_with_shared_ranks():
    votes = [
        TaskVotes("A01-01", 40, 10, 0, 50),  # score (4000 + 600) / 50 = 92, satisfied
        TaskVotes("A01-02", 20, 30, 0, 50),  # (2000 + 1800) / 50 = 76, basically
        TaskVotes("A01-03", 20, 30, 0, 50),  # 76
        TaskVotes("A01-04", 40, 10, 0, 50),  # 92
    ]
    ratings = rate(plan(), {DEPUTIES: votes})
    assert [(r.task_code, r.grade, r.score) for r in ratings] == [
        ("A01-01", Grade.SATISFIED, 92),
        ("A01-02", Grade.BASICALLY_SATISFIED, 76),
        ("A01-03", Grade.BASICALLY_SATISFIED, 76),
        ("A01-04", Grade.SATISFIED, 92),
    ]
    # 民政厅 mean (92 + 76) / 2 = 84, 卫健委 the same: a shared first rank.
    assert [(d.department, d.score, d.rank) for d in rank_departments(ratings)] == [
        ("省卫健委", 84, 1),
        ("省民政厅", 84, 1),
    ]


def test_a_public_survey_weighs_in_the_score_but_not_the_grade():
    deputies = [TaskVotes("A01-01", 40, 10, 0, 50), TaskVotes("A01-02", 20, 30, 0, 50)]
    public = [TaskVotes("A01-01", 100, 0, 100, 200), TaskVotes("A01-02", 200, 0, 0, 200)]  # 50 and 100
    ratings = rate(plan(), {DEPUTIES: deputies, "public": public}, weights={"public": 60, DEPUTIES: 40})
    # A01-01: 0.6 × 50 + 0.4 × 92 = 66.8; A01-02: 0.6 × 100 + 0.4 × 76 = 90.4
    assert [(r.grade, round(r.score, 6)) for r in ratings] == [
        (Grade.SATISFIED, 66.8),
        (Grade.BASICALLY_SATISFIED, 90.4),
    ]
    assert [(d.department, d.rank) for d in rank_departments(ratings)] == [("省卫健委", 1), ("省民政厅", 2)]


def test_votes_above_the_members_are_refused_naming_the_row():
    issues = check_votes([TaskVotes("A01-01", 30, 20, 0, 50, row=3), TaskVotes("A01-02", 30, 20, 1, 50, row=4)])
    assert [(i.rule, i.row) for i in issues] == [("votes_above_members", 4)]


def test_the_rating_sheet_matches_by_code_or_name():
    g = Grid(
        [
            ["任务编号", "任务名称", "满意", "基本满意", "不满意"],
            ["A01-01", None, 30, 15, 5],
            [None, "托育", 20, 20, 10],
            [None, "不是任务", 1, 1, 1],
            ["A01-03", None, -1, 1, 1],
        ],
        "csv",
    )
    sheet = read_rating(g, plan(), members=50)
    assert [(v.task_code, v.satisfied, v.members) for v in sheet.votes] == [("A01-01", 30, 50), ("A01-02", 20, 50)]
    assert [(i.rule, i.row, i.column) for i in sheet.issues] == [
        ("unknown_task", 4, "B (任务名称)"),
        ("bad_count", 5, "C (满意)"),
    ]
