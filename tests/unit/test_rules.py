"""Alert rules (targets.rules), worked by hand: thresholds exactly at amber and red, the explanation naming
the rule, the version in force by month, months running red (with a break and a month without data) and
the escalation of red suggestions."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from targets.model import Kind
from targets.rules import (
    AlertRules,
    Escalation,
    RuleVersion,
    colour_changes,
    default_version,
    in_force,
    parse_rules,
    red_runs,
    settings_for,
    settings_in_force,
)
from targets.status import DEFAULT_SETTINGS, Severity, Status, compute_status
from targets.supervision import Level, SuggestionKind, suggest
from tests.unit.test_status import judge, make_indicator, make_plan

# One count indicator, 100 due by December: expected 50.0% at the end of June.
IND = make_indicator("A-01-1", Kind.COUNT, 100)
YINCHUAN = RuleVersion(2, AlertRules(10, 30, 5, 2, 3), 2024, 6, "boss", datetime(2024, 6, 1), "as Yinchuan")


def head(text: str) -> str:
    """The judgement itself, before any note on the projection (；按近期进度预计… / ; projected …)."""
    return re.split("；|; projected", text)[0]


def light(actual: float, version: RuleVersion | None = None) -> tuple[Status, Severity | None]:
    settings = settings_for(version) if version else DEFAULT_SETTINGS
    ist = judge(IND, {6: actual}, 6, settings=settings)
    return ist.status, ist.severity


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (56, (Status.AHEAD, None)),  # 6 points ahead
        (55, (Status.AHEAD, None)),  # exactly the ahead threshold
        (54, (Status.ON_PACE, None)),
        (50, (Status.ON_PACE, None)),  # at schedule
        (40, (Status.ON_PACE, None)),  # exactly 10 behind: at the amber threshold, still on pace
        (39, (Status.LAGGING, Severity.AMBER)),  # 11 behind
        (20, (Status.LAGGING, Severity.AMBER)),  # exactly 30 behind: at the red threshold, amber
        (19, (Status.LAGGING, Severity.RED)),  # 31 behind
    ],
)
def test_yinchuan_lights_at_the_boundaries(actual, expected):
    assert light(actual, YINCHUAN) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (50, (Status.ON_PACE, None)),
        (49, (Status.LAGGING, Severity.AMBER)),  # any gap behind is amber under the defaults
        (40, (Status.LAGGING, Severity.AMBER)),  # exactly 10 behind: amber
        (39, (Status.LAGGING, Severity.RED)),
        (55, (Status.AHEAD, None)),
    ],
)
def test_the_default_rules_are_the_old_judgement(actual, expected):
    default = default_version()
    assert light(actual, default) == expected == light(actual)  # version 0 == the settings as they were
    assert judge(IND, {6: actual}, 6, settings=settings_for(default)).explanation_zh == (
        judge(IND, {6: actual}, 6).explanation_zh
    )  # and the explanation reads as before


def test_the_explanation_names_the_threshold_and_the_version():
    ist = judge(IND, {6: 38}, 6, settings=settings_for(YINCHUAN))
    assert head(ist.explanation_zh) == (
        "按序时应完成50.0%（截至6月底），实际完成38.0%，落后12.0个百分点，超过黄灯阈值10个百分点（预警规则第2版）"
    )
    assert head(ist.explanation_en) == (
        "Expected 50.0% by end of June, actual 38.0%, 12.0 points behind, "
        "more than the amber threshold of 10 points (alert rules v2)"
    )
    red = judge(IND, {6: 15}, 6, settings=settings_for(YINCHUAN))
    assert head(red.explanation_zh).endswith("落后35.0个百分点，超过红灯阈值30个百分点（预警规则第2版）")
    within = judge(IND, {6: 45}, 6, settings=settings_for(YINCHUAN))
    assert head(within.explanation_zh).endswith(
        "落后5.0个百分点，未超过黄灯阈值10个百分点，视为按序时（预警规则第2版）"
    )
    done = judge(IND, {6: 100}, 6, settings=settings_for(YINCHUAN))
    assert "预警规则" not in done.explanation_zh  # done is done, whatever the thresholds


def test_a_rate_below_its_level_stays_lagging_whatever_the_amber_band():
    rate = make_indicator("B-01-1", Kind.RATE, 95)
    ist = judge(rate, {6: 94}, 6, settings=settings_for(YINCHUAN))  # 1.05 points short
    assert (ist.status, ist.severity) == (Status.LAGGING, Severity.AMBER)
    assert head(ist.explanation_zh).endswith(
        "低于目标水平95%（为目标的98.9%），未超过红灯阈值30个百分点（预警规则第2版）"
    )
    far = judge(rate, {6: 60}, 6, settings=settings_for(YINCHUAN))  # 36.8 points short
    assert far.severity is Severity.RED and head(far.explanation_zh).endswith("超过红灯阈值30个百分点（预警规则第2版）")


# --- the version in force by month ------------------------------------------------------------------------

V1 = RuleVersion(1, AlertRules(0, 15, 5, 2, 3), 2024, 3, "boss", datetime(2024, 3, 2), "one")
V2 = RuleVersion(2, AlertRules(5, 20, 5, 2, 3), 2024, 7, "boss", datetime(2024, 7, 2), "two")
V3 = RuleVersion(3, AlertRules(10, 30, 5, 2, 3), 2024, 5, "boss", datetime(2024, 8, 2), "three, from May")


@pytest.mark.parametrize(
    ("year", "month", "version"),
    [
        (2023, 12, 0),
        (2024, 2, 0),  # before any version: the default
        (2024, 3, 1),
        (2024, 4, 1),
        (2024, 5, 3),  # v3 was set in August but applies from May
        (2024, 6, 3),
        (2024, 7, 3),  # v2 starts in July, but v3 is the later version and in force since May
        (2025, 1, 3),
    ],
)
def test_the_version_in_force_is_the_latest_effective_by_then(year, month, version):
    assert in_force([V1, V2, V3], year, month).version == version


def test_without_v3_july_is_judged_by_v2_and_earlier_months_keep_v1():
    assert [in_force([V1, V2], 2024, m).version for m in range(1, 13)] == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]


def test_a_past_month_is_judged_by_the_rules_then():
    base = DEFAULT_SETTINGS
    june = settings_in_force([V1, V2], base, 2024, 6)
    july = settings_in_force([V1, V2], base, 2024, 7)
    assert (june.tolerance_points, june.amber_points, june.rule_version) == (15, 0, 1)
    assert (july.tolerance_points, july.amber_points, july.rule_version) == (20, 5, 2)
    assert settings_in_force([V1, V2], base, 2024, 2) == base  # the default leaves the settings as they are
    ist = judge(IND, {6: 34}, 6, settings=june)  # 16 behind: red under v1
    assert ist.severity is Severity.RED and head(ist.explanation_zh).endswith("超过红灯阈值15个百分点（预警规则第1版）")


# --- checking a rule set ----------------------------------------------------------------------------


def test_a_good_rule_set_parses():
    assert parse_rules("10", 30, 5, "2", 3) == (AlertRules(10, 30, 5, 2, 3), [])


@pytest.mark.parametrize(
    ("values", "codes"),
    [
        ((30, 10, 5, 2, 3), ["amber_not_below_red"]),
        ((10, 10, 5, 2, 3), ["amber_not_below_red"]),
        ((0, 10, 5, 3, 2), ["list_before_suggest"]),
        (("x", 10, 5, 2, 3), ["points"]),
        ((0, -1, 5, 2, 3), ["points"]),
        ((0, 10, 5, 1.5, 3), ["months"]),
        ((0, 10, 5, 2, 13), ["months"]),
        ((True, 10, 5, 2, 3), ["points"]),
        ((0, float("nan"), 5, 0, 3), ["points", "months"]),
    ],
)
def test_a_bad_rule_set_says_what_is_wrong(values, codes):
    rules, problems = parse_rules(*values)
    assert rules is None
    assert [p.code for p in problems] == codes
    assert all(p.zh and p.en for p in problems)


# --- months running red ---------------------------------------------------------------------------------

R, A, OK, ND = "lagging_red", "lagging_amber", "on_pace", "no_data"


def test_red_runs_by_hand():
    monthly = {
        1: {"T1": R, "T2": R, "T3": OK},
        2: {"T1": R, "T2": A, "T3": R},
        3: {"T1": R, "T2": R, "T3": R},
        # April: no status at all (nothing reported): it breaks every run
        5: {"T1": R, "T2": R, "T3": ND},
        6: {"T1": R, "T2": R, "T3": R},
    }
    assert red_runs(monthly, 3) == {"T1": 3, "T2": 1, "T3": 2}  # T2 broken by February's amber
    assert red_runs(monthly, 2) == {"T1": 2, "T2": 0, "T3": 1}
    assert red_runs(monthly, 6) == {"T1": 2, "T2": 2, "T3": 1}  # April breaks T1 and T2; T3's May had no data
    assert red_runs(monthly, 4) == {}  # no status that month
    assert red_runs({6: {"T1": A}}, 6) == {"T1": 0}


@pytest.mark.parametrize(
    ("run", "level"),
    [(0, "reminder"), (1, "reminder"), (2, "supervision"), (3, "listed"), (7, "listed")],
)
def test_escalation_level_by_months_running(run, level):
    assert Escalation({"T": run}, YINCHUAN, 6).level("T") == level


def test_escalation_follows_the_version_in_force():
    slow = RuleVersion(4, AlertRules(0, 10, 5, 3, 5), 2024, 1)
    assert [Escalation({"T": n}, slow, 6).level("T") for n in range(1, 7)] == [
        "reminder",
        "reminder",
        "supervision",
        "supervision",
        "listed",
        "listed",
    ]


def test_escalation_note_says_how_many_months_and_which_rule():
    esc = Escalation({"T": 3, "U": 1}, YINCHUAN, 6)
    assert (
        esc.note("T", "zh") == "连续3个月红灯（4月至6月），按预警规则第2版连续2个月红灯建议督办、连续3个月建议挂牌督办"
    )
    assert esc.note("T", "en") == (
        "red 3 months running (April to June); under alert rules v2, red 2 months running suggests supervision, "
        "3 a public listing"
    )
    assert esc.note("U", "zh").startswith("本月首次红灯（6月）")


def test_red_suggestions_are_levelled_by_months_running():
    # Three tasks, each red in June (defaults: red beyond 10 points behind)
    plan = make_plan(
        make_indicator("A-01-1", Kind.COUNT, 100),
        make_indicator("A-02-1", Kind.COUNT, 100),
        make_indicator("A-03-1", Kind.COUNT, 100),
    )
    # A-03's figures give a projection short of the target; A-01 and A-02 keep a pace that reaches it.
    # 39 of 100 (11 behind), 39 in the last three months: 13 a month reaches 117 by December.
    figures = {(code, m): v for code in ("A-01-1", "A-02-1") for m, v in ((3, 0.0), (4, 10.0), (5, 25.0), (6, 39.0))}
    figures[("A-03-1", 6)] = 24.0  # 26 behind; 4 a month gives 48 by December
    status = compute_status(plan, figures, 6)
    assert [ts.severity for ts in status.tasks] == [Severity.RED] * 3
    assert [ts.projection_misses for ts in status.tasks] == [False, False, True]
    runs = {"A-01": 1, "A-02": 2, "A-03": 1}
    plain = {s.subject_code: s.level for s in suggest(plan, status, []) if s.kind is SuggestionKind.RED}
    levelled = {
        s.subject_code: (s.level, s.months_red)
        for s in suggest(plan, status, [], Escalation(runs, YINCHUAN, 6))
        if s.kind is SuggestionKind.RED
    }
    assert plain == {"A-01": Level.SUPERVISION, "A-02": Level.SUPERVISION, "A-03": Level.LISTED}
    assert levelled == {
        "A-01": (Level.REMINDER, 1),  # red for the first month
        "A-02": (Level.SUPERVISION, 2),  # two months running
        "A-03": (Level.LISTED, 1),  # the projection misses: listed as before
    }


def test_colour_changes_counts_tasks_that_change():
    plan = make_plan(make_indicator("A-01-1", Kind.COUNT, 100), make_indicator("A-02-1", Kind.COUNT, 100))
    figures = {("A-01-1", 6): 45.0, ("A-02-1", 6): 15.0}
    before = compute_status(plan, figures, 6)
    after = compute_status(plan, figures, 6, settings=settings_for(YINCHUAN))
    assert colour_changes(before, after) == [("A-01", "lagging_amber", "on_pace")]  # A-02 is red under both
    assert colour_changes(before, before) == []


def test_an_area_bar_uses_the_same_thresholds():
    from targets.charts import own_style

    yinchuan = settings_for(YINCHUAN)
    assert [own_style(p, 0.5, yinchuan) for p in (0.55, 0.40, 0.39, 0.20, 0.19)] == [
        "ahead",
        "on_pace",
        "lagging_amber",
        "lagging_amber",
        "lagging_red",
    ]
    assert own_style(0.40, 0.5) == "lagging_amber"  # the defaults as before
