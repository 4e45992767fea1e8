"""Alert rules in the store, on the supervision fixture (tests/supervision_data.py), worked by hand:

    months running red at June: ELD-02 3 (April, May, June; no figure in March), PUB-01 2 (April 3.3 behind is
    amber; May 41.7% due, 30.0% done: red); the others 0.
    Yinchuan-style rules (amber beyond 10, red beyond 30) turn four tasks' colour in June: PUB-01 and ELD-02 red
    -> amber, HEA-02 (5.0 behind) and CUL-02 (0.5 behind) amber -> on pace.

Versions are recorded with who, when, why and from which month, on the audit log; only an administrator
may set them; nothing is written on a refusal; a month is judged by the rules in force then."""

from __future__ import annotations

import json

import pytest

from db import audit
from services.rules import preview_rules, set_rules, state, task_runs
from services.status import load_status
from services.supervision import suggestions
from targets.access import Denied
from targets.errors import Refusal
from tests.supervision_data import accounts, upload

YINCHUAN = {"amber": 10, "red": 30, "ahead": 5, "suggest_after": 2, "list_after": 3}


@pytest.fixture
def db(store):
    accounts(store)
    upload(store)
    return store


def rules_log(store) -> list[dict]:
    with store.connect() as conn:
        return audit.of_action(conn, "rules.set", 50)


def test_months_running_red_by_hand(db):
    runs = task_runs(load_status(db, year=2024, as_of=6))
    assert {code: n for code, n in runs.items() if n} == {"ELD-02": 3, "PUB-01": 2}
    assert {code: n for code, n in task_runs(load_status(db, year=2024, as_of=5)).items() if n} == {
        "ELD-02": 2,
        "PUB-01": 1,
    }


def test_a_new_version_is_on_record_and_judges_its_months_on(db):
    assert state(db).versions == ()
    v1 = set_rules(db, **YINCHUAN, reason="as Yinchuan", actor="boss", from_year=2024, from_month=6)
    v2 = set_rules(
        db, **{**YINCHUAN, "red": 20}, reason="tighter red", actor="boss", from_year=2024, from_month=7, source="cli"
    )
    got = state(db)
    assert [(v.version, v.from_month, v.set_by, v.reason) for v in got.versions] == [
        (1, 6, "boss", "as Yinchuan"),
        (2, 7, "boss", "tighter red"),
    ]
    assert all(v.set_at is not None for v in got.versions)
    assert (v1.version, v2.version) == (1, 2)
    assert [got.in_force(2024, m).version for m in (5, 6, 7, 12)] == [0, 1, 2, 2]

    may, june = load_status(db, year=2024, as_of=5), load_status(db, year=2024, as_of=6)
    assert may.settings.rule_version is None and may.status.task("PUB-01").severity.value == "red"
    pub = june.status.task("PUB-01")
    assert (pub.status.value, pub.severity.value) == ("lagging", "amber")  # 20.0 behind: amber under v1
    assert "超过黄灯阈值10个百分点（预警规则第1版）" in pub.explanation("zh")
    assert june.status.task("HEA-02").status.value == "on_pace"  # 5.0 behind, within the amber threshold

    entries = rules_log(db)
    assert [(e["actor"], e["object"]) for e in entries] == [("boss", "v2"), ("boss", "v1")]
    first = entries[1]["detail"]
    detail = first if isinstance(first, dict) else json.loads(first)
    assert detail["old"]["version"] == 0 and detail["old"]["red_points"] == 10.0
    assert detail["new"]["amber_points"] == 10 and detail["from"] == "2024-06" and detail["reason"] == "as Yinchuan"
    assert entries[0]["detail"]["source"] == "cli"


def test_only_an_administrator_sets_rules_and_a_refusal_writes_nothing(db):
    for who in ("mz", "official", "nobody", None):
        with pytest.raises(Denied):
            set_rules(db, **YINCHUAN, reason="why not", actor=who, from_year=2024, from_month=6)
    with pytest.raises(Refusal) as no_reason:
        set_rules(db, **YINCHUAN, reason="  ", actor="boss", from_year=2024, from_month=6)
    assert no_reason.value.code == "no_reason"
    with pytest.raises(Refusal) as bad:
        set_rules(db, **{**YINCHUAN, "amber": 40}, reason="oops", actor="boss", from_year=2024, from_month=6)
    assert bad.value.code == "amber_not_below_red"
    with pytest.raises(Refusal) as month:
        set_rules(db, **YINCHUAN, reason="oops", actor="boss", from_year=2024, from_month=13)
    assert month.value.code == "bad_month"
    assert state(db).versions == ()
    assert rules_log(db) == []


def test_the_preview_counts_the_tasks_that_change_colour(db):
    preview = preview_rules(db, **YINCHUAN, year=2024, month=6)
    assert preview.month == 6 and not preview.problems
    assert sorted(preview.changes) == [
        ("CUL-02", "lagging_amber", "on_pace"),
        ("ELD-02", "lagging_red", "lagging_amber"),
        ("HEA-02", "lagging_amber", "on_pace"),
        ("PUB-01", "lagging_red", "lagging_amber"),
    ]
    assert state(db).versions == ()  # a preview writes nothing
    assert preview_rules(db, **{**YINCHUAN, "red": 5}, year=2024, month=6).problems[0].code == "amber_not_below_red"


def test_suggestions_escalate_by_the_rules_in_force(db):
    default = {r.suggestion.key: r.suggestion for r in suggestions(db, 2024, 6)}
    assert (default["red:PUB-01"].level.value, default["red:PUB-01"].months_red) == ("supervision", 2)
    assert (
        default["red:PUB-01"]
        .why("zh")
        .endswith("连续2个月红灯（5月至6月），按默认预警规则连续2个月红灯建议督办、连续3个月建议挂牌督办")
    )
    slow = {**YINCHUAN, "amber": 0, "red": 10, "suggest_after": 3, "list_after": 4}
    set_rules(db, **slow, reason="slower escalation", actor="boss", from_year=2024, from_month=6)
    later = {r.suggestion.key: r.suggestion for r in suggestions(db, 2024, 6)}
    assert later["red:PUB-01"].level.value == "reminder"  # 2 months running, supervision only from 3
    assert later["red:ELD-02"].level.value == "listed"  # its projection misses the target: listed as before
    assert "按预警规则第1版连续3个月红灯建议督办" in later["red:PUB-01"].why("zh")


def test_rules_show_and_set_from_the_command_line(db, db_target, capsys):
    from targets.__main__ import main

    code = main(["--db", db_target, "--json", "rules", "set", "--amber", "10", "--red", "30", "--reason", "as Yinchuan",
                 "--from-month", "2024-06", "--as", "boss"])  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["version"]["version"] == 1 and len(doc["preview"]["changes"]) == 4
    assert main(["--db", db_target, "--json", "rules", "set", "--amber", "1", "--red", "30", "--reason", "x",
                 "--as", "mz"]) == 1  # fmt: skip
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "denied"
    assert main(["--db", db_target, "--json", "rules", "show", "--month", "2024-06"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["in_force"]["version"] == 1 and [v["version"] for v in shown["versions"]] == [1]
    assert main(["--db", db_target, "--json", "status", "--as-of", "2024-06"]) == 0
    status = json.loads(capsys.readouterr().out)
    pub = next(t for t in status["tasks"] if t["code"] == "PUB-01")
    assert pub["rule"]["version"] == 1 and pub["rule"]["amber_points"] == 10 and pub["rule"]["red_points"] == 30
    assert pub["months_red"] == 0  # amber in June under v1; May was red under the defaults
