"""The CLI of the reporting cycle and the ledger, as a user runs it: `period lock` makes an import touching that
month exit 1 with the reason and the figures unchanged; after `period reopen` it is accepted; `supervise
suggest --json` lists exactly the fixture's laggards with their reasons."""

from __future__ import annotations

import pytest

from tests.supervision_data import ELD_JUNE_FIX, EXPECTED, FIXTURE_CSV

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent(
    "the command line's side of the cycle; the store's side runs on both in test_reporting_cycle and test_supervision_ledger"
)


@pytest.fixture
def fixture_db(cli, tmp_path):
    assert cli("init").code == 0
    path = tmp_path / "fixture.csv"
    path.write_bytes(FIXTURE_CSV)
    result = cli("--json", "import", str(path), "--yes")
    assert result.code == 0, result.stderr
    return cli


def figures(cli) -> dict:
    doc = cli("--json", "history", "ELD-02-1").json
    return {(r["region"], r["month"]): r["value"] for r in doc["revisions"]}


def test_a_locked_month_refuses_an_import_and_accepts_it_after_reopening(fixture_db, tmp_path):
    cli = fixture_db
    fix = tmp_path / "fix.csv"
    fix.write_bytes(ELD_JUNE_FIX)
    locked = cli("--json", "period", "lock", "2024-06", "--department", "省民政厅")
    assert locked.code == 0 and locked.json["done"] == ["省民政厅"]
    before = figures(cli)
    refused = cli("--json", "import", str(fix))
    assert refused.code == 1
    assert refused.json["committed"] is False and refused.json["errors"][0]["rule"] == "locked_month"
    assert (
        "June 2024 of Department of Civil Affairs of Jilin Province is approved and locked"
        in refused.json["errors"][0]["message"]
    )
    plain = cli("import", str(fix))
    assert plain.code == 1 and "locked" in plain.stdout
    assert figures(cli) == before
    no_reason = cli("period", "reopen", "2024-06", "--department", "省民政厅")
    assert no_reason.code == 1 and "needs a reason" in no_reason.stderr
    assert cli("period", "reopen", "2024-06", "--department", "省民政厅", "--reason", "更正6月数").code == 0
    accepted = cli("--json", "import", str(fix))
    assert accepted.code == 0 and accepted.json["committed"] is True
    assert figures(cli)[("province", 6)] == 450


def test_supervise_suggest_lists_exactly_the_fixtures_laggards_with_their_reasons(fixture_db):
    doc = fixture_db("--json", "supervise", "suggest", "--as-of", "2024-06").json
    assert doc["as_of"] == "2024-06" and doc["waiting"] == 4
    got = [(s["key"], s["level"], s["department"], s["reason"], s["reason_en"]) for s in doc["suggestions"]]
    assert got == [(k, lv, d, zh, en) for k, lv, d, zh, en in EXPECTED]
    english = fixture_db("--json", "supervise", "suggest", "--as-of", "2024-06", "--lang", "en").json
    assert [s["reason"] for s in english["suggestions"]] == [en for *_, en in EXPECTED]


def test_period_status_submit_approve_and_the_ledger_from_the_command_line(fixture_db):
    cli = fixture_db
    status = cli("--json", "period", "status", "--month", "2024-06", "--today", "2024-07-10").json
    assert [(p["department"], p["state"], p["missing"]) for p in status["periods"]] == [
        ("省住建厅", "open", True),
        ("省卫健委", "open", True),
        ("省民政厅", "open", True),
        ("unassigned", "open", True),
    ]
    assert status["missing"] == 4 and status["deadline_day"] == 5
    assert cli("period", "submit", "2024-06").code == 0  # set-up mode: every department
    approved = cli("--json", "period", "approve", "2024-06", "--department", "省卫健委").json
    assert approved["done"] == ["省卫健委"]
    returned = cli("--json", "period", "return", "2024-06", "--department", "省民政厅", "--reason", "请核实").json
    assert returned["done"] == ["省民政厅"]
    after = cli("--json", "period", "status", "--month", "2024-06", "--today", "2024-07-10").json
    assert {p["department"]: p["state"] for p in after["periods"]} == {
        "省住建厅": "submitted",
        "省卫健委": "approved",
        "省民政厅": "returned",
        "unassigned": "submitted",
    }
    assert cli("--json", "status", "--approved-only").json["figures"] == "approved"

    opened = cli(
        "--json",
        "supervise",
        "open",
        "ELD-02",
        "--level",
        "挂牌督办",
        "--measures",
        "每周调度",
        "--owner",
        "省民政厅",
        "--deadline",
        "2099-12-31",
        "--person",
        "李四",
    )
    assert opened.code == 0, opened.stderr
    item = opened.json["item"]
    assert (item["subject"], item["level"], item["reason"]) == ("ELD-02", "listed", EXPECTED[1][3])
    assert cli("supervise", "note", str(item["id"]), "已召开调度会").code == 0
    refused = cli("--json", "supervise", "close", str(item["id"]), "--evidence", "已整改")
    assert refused.code == 1 and refused.json["error"]["code"] == "not_back_on_pace"
    listed = cli("--json", "supervise", "list", "--today", "2100-01-01").json["items"]
    assert [(i["id"], i["state"], i["overdue"], len(i["notes"])) for i in listed] == [(item["id"], "open", True, 1)]
    assert cli("--json", "supervise", "list", "--not-overdue", "--today", "2100-01-01").json["items"] == []
    bad = cli(
        "supervise",
        "open",
        "ELD-02",
        "--level",
        "urgent",
        "--measures",
        "m",
        "--owner",
        "x",
        "--deadline",
        "2099-01-01",
    )
    assert bad.code == 2
