"""Schedules (序时进度曲线) through the service and `python -m targets trajectory`: a saved schedule is what the
status function expects, bad ones are refused naming the month, only admins change them, and every change is
in the history with who, old -> new and where from."""

from __future__ import annotations

import pytest

from db import status as stored_status
from services import accounts, cycle, trajectories
from services.status import load_status
from services.trajectories import commit_trajectory, preview_trajectory
from targets.access import Denied, Role
from targets.errors import Refusal
from targets.periods import department_map

PW = "a-long-password-2024"
CODE = "HEA-01-1"  # a count of 7,000 children, due by December
# Little work in the winter, then steady: the share expected by the end of each month.
WINTER = ("0", "0", "10%", "20%", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1")


def stored(store) -> dict:
    with store.connect() as conn:
        return stored_status.trajectories(conn, 2024)


@pytest.fixture
def people(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    accounts.add_user(store, "wsj", Role.REPORTER, PW, department="省卫健委", actor="boss")
    return store


def test_a_saved_schedule_is_what_the_status_function_expects(people):
    preview = preview_trajectory(people, CODE, WINTER, actor="boss")
    assert not preview.issues and preview.before is None
    assert preview.after == (0.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    # Linear to December before (3/12 = 25% by March), 10% after; December is 100% either way.
    march = preview.effect[2]
    assert (march.before, march.after, march.changed) == (0.25, 0.1, True)
    assert not preview.effect[11].changed
    assert commit_trajectory(people, preview, actor="boss") is True
    assert stored(people) == {CODE: preview.after}
    by_code = {s.code: s for s in load_status(people, as_of=3).status.indicators}
    assert by_code[CODE].expected == pytest.approx(0.1)
    # The same schedule again changes nothing.
    again = preview_trajectory(people, CODE, WINTER, actor="boss")
    assert not again.changed and commit_trajectory(people, again, actor="boss") is False


def test_the_preview_says_how_the_indicator_is_judged_before_and_after(people):
    from services.uploads import commit_upload, preview_upload
    from targets.status import Severity, Status

    # 700 of 7,000 children by the end of March: 10%, where the linear schedule expects 25% (15 points behind,
    # red beyond the 10-point tolerance) and the winter schedule 10% (on pace).
    sheet = "指标编号,月份,累计完成\nHEA-01-1,2024-03,700\n".encode()
    upload = preview_upload(people, sheet, "march.csv", year=2024, month=None, actor="boss")
    commit_upload(people, upload, actor="boss")
    judged = trajectories.status_effect(people, preview_trajectory(people, CODE, WINTER, actor="boss"), as_of=3)
    assert judged.month == 3
    assert (judged.before.status, judged.before.severity, judged.before.expected) == (
        Status.LAGGING,
        Severity.RED,
        0.25,
    )
    assert (judged.after.status, judged.after.expected) == (Status.ON_PACE, pytest.approx(0.1))
    assert "10.0%" in judged.after.explanation_zh


def test_a_bad_schedule_is_refused_naming_each_month_and_nothing_is_written(people):
    falling = ("0.1", "0.2", "0.3", "0.4", "0.5", "0.4", "0.6", "0.7", "0.8", "0.9", "0.9", "0.95")
    preview = preview_trajectory(people, CODE, falling, actor="boss")
    assert [(i.rule, i.column) for i in preview.errors] == [("falls", "6月"), ("not_whole_at_end", "12月")]
    assert "6月：累计进度由50%降至40%" in preview.errors[0].message_zh
    words = preview_trajectory(people, CODE, ("一成", *WINTER[1:]), actor="boss")
    assert [(i.rule, i.column) for i in words.errors] == [("not_a_number", "1月")]
    short = preview_trajectory(people, CODE, WINTER[:11], actor="boss")
    assert [i.rule for i in short.errors] == ["wrong_length"]
    for bad in (preview, words, short):
        with pytest.raises(Refusal) as refused:
            commit_trajectory(people, bad, actor="boss")
        assert refused.value.code == "rejected"
    assert stored(people) == {}


def test_a_schedule_that_moves_the_deadline_needs_confirmation(people):
    early = ("0.1", "0.2", "0.3", "0.4", "0.5", "1", "1", "1", "1", "1", "1", "1")
    preview = preview_trajectory(people, CODE, early, actor="boss")
    assert [(i.rule, i.column) for i in preview.warnings] == [("moves_deadline", "6月")]
    with pytest.raises(Refusal) as refused:
        commit_trajectory(people, preview, actor="boss")
    assert refused.value.code == "needs_confirmation" and stored(people) == {}
    assert commit_trajectory(people, preview, actor="boss", confirm_warnings=True)
    assert stored(people)[CODE][5] == 1.0


def test_only_an_admin_previews_or_saves_a_schedule_and_refusals_are_logged(people):
    for name in ("official", "wsj"):
        with pytest.raises(Denied):
            preview_trajectory(people, CODE, WINTER, actor=name)
    preview = preview_trajectory(people, CODE, WINTER, actor="boss")
    with pytest.raises(Denied):
        commit_trajectory(people, preview, actor="wsj")
    assert stored(people) == {}
    with people.connect() as conn:
        from db import audit

        denied = [e for e in audit.recent(conn) if e["action"] == "denied"]
    assert [e["actor"] for e in denied] == ["wsj", "wsj", "official"]  # newest first


def test_a_preview_made_before_another_change_is_refused(people):
    first = preview_trajectory(people, CODE, WINTER, actor="boss")
    second = preview_trajectory(people, CODE, None, actor="boss")  # back to linear: nothing to do yet
    assert not second.changed
    linear_again = preview_trajectory(people, CODE, [f"{m / 12:.6f}" for m in range(1, 12)] + ["1"], actor="boss")
    assert commit_trajectory(people, first, actor="boss")
    with pytest.raises(Refusal) as refused:
        commit_trajectory(people, linear_again, actor="boss")
    assert refused.value.code == "stale_preview"
    assert stored(people)[CODE] == first.after


def test_a_locked_month_keeps_its_expected_share(people):
    plan = load_status(people).plan
    dept = department_map(plan)[CODE]
    cycle.step(people, 2024, 3, "lock", actor="boss", departments=[dept])
    touches_march = preview_trajectory(people, CODE, WINTER, actor="boss")
    assert [(i.rule, i.column) for i in touches_march.errors] == [("locked_month", "3月")]
    # January to March as the linear default has them (1/12, 2/12, 3/12), the rest moved: accepted.
    keeps_spring = ("0.083333333333", "0.166666666667", "0.25", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9")
    after_spring = preview_trajectory(people, CODE, (*keeps_spring, "0.95", "1"), actor="boss")
    assert not after_spring.errors, [i.message_en for i in after_spring.errors]
    assert commit_trajectory(people, after_spring, actor="boss")


def test_the_history_says_who_changed_what_and_from_where(people):
    commit_trajectory(people, preview_trajectory(people, CODE, WINTER, actor="boss", source="cli"), actor="boss")
    commit_trajectory(people, preview_trajectory(people, CODE, None, actor="boss", source="page"), actor="boss")
    found = trajectories.history(people, 2024, CODE)
    assert [(h["action"], h["actor"], h["source"]) for h in found] == [
        ("clear", "boss", "page"),
        ("set", "boss", "cli"),
    ]
    assert found[0]["old"] == found[1]["new"] == (0.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    assert found[0]["new"] is None and found[1]["old"] is None
    assert trajectories.history(people, 2024, "EMP-01-1") == []
    assert trajectories.schedule(people, CODE).shares is None


def test_an_unknown_indicator_is_refused(people):
    with pytest.raises(Refusal) as refused:
        preview_trajectory(people, "NOPE-1", WINTER, actor="boss")
    assert refused.value.code == "unknown_indicator"


# --- the command line --------------------------------------------------------------------------------


@pytest.fixture
def cli_people(cli):
    assert cli("init").code == 0
    assert cli("users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PW + "\n").code == 0
    added = cli("users", "add", "official", "--role", "viewer", "--password-stdin", "--as", "boss", stdin=PW + "\n")
    assert added.code == 0, added.stderr
    return cli


def test_cli_set_show_and_clear_a_schedule(cli_people, tmp_path):
    cli = cli_people
    march = tmp_path / "march.csv"
    march.write_text("指标编号,月份,累计完成\nHEA-01-1,2024-03,700\n", encoding="utf-8")
    assert cli("import", str(march), "--as", "boss").code == 0
    done = cli("--json", "trajectory", "set", CODE, *WINTER, "--as", "boss")
    assert done.code == 0, done.stderr
    # 10% by March: 15 points behind the linear 25% (red), on pace with the winter schedule's 10%.
    assert done.json["judged"] == {
        "month": 3,
        "before": {"status": "lagging", "severity": "red", "expected": 0.25},
        "after": {"status": "on_pace", "severity": None, "expected": 0.1},
    }
    assert done.json["committed"] is True and done.json["after"][2] == 0.1
    assert done.json["effect"][2] == {"month": 3, "expected_before": 0.25, "expected_after": 0.1}
    shown = cli("--json", "trajectory", "show", CODE).json
    assert shown["schedules"][0]["shares"][3] == 0.2 and shown["schedules"][0]["updated_by"] == "boss"
    assert [(h["action"], h["actor"], h["source"]) for h in shown["history"]] == [("set", "boss", "cli")]
    listed = cli("--json", "trajectory", "show").json
    assert [s["code"] for s in listed["schedules"]] == [CODE]
    dry = cli("--json", "trajectory", "clear", CODE, "--dry-run", "--as", "boss")
    assert dry.code == 0 and dry.json["committed"] is False and dry.json["after"] is None
    cleared = cli("--json", "trajectory", "clear", CODE, "--as", "boss")
    assert cleared.code == 0 and cleared.json["committed"] is True
    linear = cli("--json", "trajectory", "show", CODE).json["schedules"][0]
    assert linear["custom"] is False and linear["effective"][5] == 0.5


def test_cli_refusals_exit_1_with_the_reason_and_bad_usage_exits_2(cli_people):
    cli = cli_people
    bad = cli("--json", "trajectory", "set", CODE, *WINTER[:11], "0.9", "--as", "boss")
    assert bad.code == 1 and bad.json["committed"] is False
    assert [e["rule"] for e in bad.json["errors"]] == ["not_whole_at_end"]
    early = cli("--json", "trajectory", "set", CODE, *WINTER[:7], "1", "1", "1", "1", "1", "--as", "boss")
    assert early.code == 1 and early.json["warnings"][0]["rule"] == "moves_deadline"
    assert cli("--json", "trajectory", "show", CODE).json["schedules"][0]["custom"] is False
    viewer = cli("--json", "trajectory", "set", CODE, *WINTER, "--as", "official")
    assert viewer.code == 1 and viewer.json["error"]["code"] == "denied"
    unknown = cli("--json", "trajectory", "clear", "NOPE-1", "--as", "boss")
    assert unknown.code == 1 and unknown.json["error"]["code"] == "unknown_indicator"
    assert cli("trajectory", "set").code == 2
    assert cli("trajectory", "frobnicate", CODE).code == 2
