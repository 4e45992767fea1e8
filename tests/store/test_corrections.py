"""`correct` and every other write of a figure or a target pass the same checks as an upload: a known indicator
and region, a value the indicator's kind admits, the account's department, the month's lock; the store itself
refuses an unknown indicator or region whichever use case asks."""

from __future__ import annotations

import pytest

from db import figures as stored_figures
from services import accounts
from services.cycle import step
from services.region_targets import set_target
from targets.access import Role
from targets.errors import Refusal
from targets.figures import Change

PW = "correct horse battery"


@pytest.fixture
def people(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    return store


def figures(store) -> dict:
    with store.connect() as conn:
        return {k: v.value for k, v in stored_figures.stored(conn, 2024).items()}


def test_a_correction_reads_the_value_as_a_sheet_writes_it_and_names_the_region_as_people_do(people, cli):
    result = cli("correct", "ELD-02-1", "--month", "2024-06", "--region", "长春", "--value", "1,2万", "--as", "mz",
                 "--reason", "台账复核", "--json")  # fmt: skip
    assert result.code == 1 and result.json["error"]["code"] == "invalid"  # "1,2万" is no number
    result = cli("correct", "ELD-02-1", "--month", "2024-06", "--region", "长春市", "--value", "0.12万", "--as", "mz",
                 "--reason", "台账复核", "--json")  # fmt: skip
    assert result.code == 0, result.stderr
    assert (result.json["indicator"], result.json["region"], result.json["month"]) == ("ELD-02-1", "220100", 6)
    assert (result.json["old"], result.json["new"]) == (None, 1200.0)
    assert figures(people) == {("ELD-02-1", "220100", 6): 1200.0}
    history = cli("history", "ELD-02-1", "--json").json["revisions"]
    assert [(r["batch_kind"], r["recorded_by"], r["value"]) for r in history] == [("correction", "mz", 1200.0)]
    again = cli(
        "correct", "ELD-02-1", "--month", "2024-06", "--region", "长春", "--value", "1200", "--as", "mz", "--json"
    )
    assert again.code == 0 and again.json["committed"] is False  # unchanged: no batch


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["ELD-02-1", "--month", "2024-06", "--region", "nowhere", "--value", "5"], "unknown_region"),
        (["ZZZ-09-9", "--month", "2024-06", "--value", "5"], "unknown_indicator"),
        (["SOC-01-1", "--month", "2024-06", "--value", "7"], "invalid"),  # a standard is met (1) or not (0)
        (["ELD-02-1", "--month", "2024-06", "--value", "-3"], "invalid"),
        (["ELD-02-1", "--month", "2024-06", "--value", "98%"], "invalid"),  # a percentage for a count
        (["HEA-02-1", "--month", "2024-06", "--value", "5", "--as", "mz"], "denied"),  # another department's
        (["ELD-02-1", "--month", "2024-06", "--value", "5", "--as", "ghost"], "denied"),
    ],
)
def test_a_correction_is_refused_with_the_reason_and_nothing_is_written(people, cli, args, code):
    if "--as" not in args:
        args = [*args, "--as", "boss"]
    result = cli("correct", *args, "--json")
    assert result.code == 1, result.stdout
    assert result.json["ok"] is False and result.json["error"]["code"] == code
    assert figures(people) == {}


def test_a_correction_of_a_locked_month_is_refused(people, cli):
    step(people, 2024, 6, "lock", actor="boss", departments=["省民政厅"])
    result = cli("correct", "ELD-02-1", "--month", "2024-06", "--value", "5", "--as", "boss", "--json")
    assert result.code == 1 and result.json["error"]["code"] == "locked_month"
    assert cli("correct", "ELD-02-1", "--month", "2024-07", "--value", "5", "--as", "boss").code == 0


def test_the_store_refuses_a_figure_or_a_target_for_an_unknown_region_or_indicator(people):
    for key in [("ELD-02-1", "nowhere", 6), ("ZZZ-09-9", "province", 6)]:
        with pytest.raises(Refusal) as refused, people.transaction() as conn:
            stored_figures.write_batch(
                conn, year=2024, kind="upload", actor="boss", changes=[Change(key, None, 5.0, None)]
            )
        assert refused.value.code in ("unknown_region", "unknown_indicator")
    with pytest.raises(Refusal) as refused:
        set_target(people, year=2024, code="ELD-02-1", region="nowhere", target=100, actor="boss", expected=None)
    assert refused.value.code == "unknown_region"
    with pytest.raises(Refusal):
        set_target(people, year=2024, code="ELD-02-1", region="province", target=100, actor="boss", expected=None)
    assert figures(people) == {}
    set_target(people, year=2024, code="ELD-02-1", region="220100", target=100, actor="boss", expected=None)


def test_rollback_of_a_batch_of_regional_targets_is_refused_and_the_targets_stay(people, cli, tmp_path):
    sheet = tmp_path / "targets.csv"
    sheet.write_text("指标编号,地区,目标值\nELD-02-1,长春市,300\n", encoding="utf-8")
    imported = cli("region-targets", "import", str(sheet), "--yes", "--as", "boss", "--json")
    assert imported.code == 0, imported.stderr
    batch = imported.json["batch_id"]
    refused = cli("rollback", str(batch), "--as", "boss", "--json")
    assert refused.code == 1 and refused.json["error"]["code"] == "not_rollbackable"
    listed = cli("region-targets", "list", "--json").json["indicators"]
    eld = next(i for i in listed if i["code"] == "ELD-02-1")
    assert [(r["code"], r["target"]) for r in eld["regions"]] == [("220100", 300.0)]
    with people.connect() as conn:
        assert stored_figures.batch(conn, batch).rolled_back_by is None


def test_a_correction_that_draws_an_uploads_warning_needs_confirming(people, cli):
    args = ["correct", "ELD-02-1", "--month", "2024-09", "--value", "99999", "--as", "boss", "--json"]
    warned = cli(*args)
    assert warned.code == 1 and warned.json["error"]["code"] == "needs_confirmation"
    assert [w["rule"] for w in warned.json["error"]["warnings"]] == ["above_twice_target"]
    assert figures(people) == {}
    assert cli(*args, "--yes").code == 0
    assert figures(people) == {("ELD-02-1", "province", 9): 99999.0}


def test_a_regional_target_of_a_standard_is_met_or_not_and_nothing_else(people, tmp_path):
    from services.region_targets import preview_targets

    with pytest.raises(Refusal) as refused:
        set_target(people, year=2024, code="SOC-01-1", region="220100", target=7, actor="boss", expected=None)
    assert refused.value.code == "not_a_standard_target"
    preview = preview_targets(people, "指标编号,地区,目标值\nSOC-01-1,长春市,7\n".encode(), "t.csv")
    assert [(i.rule, i.row) for i in preview.errors] == [("not_a_standard_target", 2)]
