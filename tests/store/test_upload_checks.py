"""The preview runs the checks the commit runs: who may upload, a reporter's department, the month's lock; a
dry run says what would be refused, and a reporter may leave out other departments' rows (on record)."""

from __future__ import annotations

import pytest

from db import audit
from db import figures as stored
from services import accounts
from services.cycle import step
from targets.access import Role

PW = "correct horse battery"
MIXED = "指标编号,月份,累计完成\nELD-02-1,2024-05,640\nPUB-01-1,2024-05,100\nHEA-02-1,2024-05,7\n"


@pytest.fixture
def people(store):
    accounts.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    accounts.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    accounts.add_user(store, "official", Role.VIEWER, PW, actor="boss")
    return store


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    return str(path)


def figures(store) -> dict:
    with store.connect() as conn:
        return {k: v.value for k, v in stored.stored(conn, 2024).items()}


@pytest.mark.parametrize("who", ["nobody", "official"])
def test_a_dry_run_by_an_account_that_may_not_upload_is_refused_and_logged(people, cli, mixed, who):
    result = cli("import", mixed, "--dry-run", "--as", who, "--json")
    assert result.code == 1 and result.json["error"]["code"] == "denied"
    with people.connect() as conn:
        assert (who, "denied") in [(e["actor"], e["action"]) for e in audit.recent(conn, 20)]


def test_a_reporters_dry_run_names_each_row_of_another_department_and_refuses_the_whole_file(people, cli, mixed):
    result = cli("import", mixed, "--dry-run", "--as", "mz", "--json")
    assert result.code == 1
    doc = result.json
    assert doc["reason"].startswith("rejected") and doc["committed"] is False
    scope = [(e["rule"], e["row"]) for e in doc["errors"] if e["rule"] == "not_your_department"]
    assert scope == [("not_your_department", 3), ("not_your_department", 4)]
    assert figures(people) == {}


def test_a_reporter_may_commit_only_their_own_rows_and_the_rest_is_on_record(people, cli, mixed):
    result = cli("import", mixed, "--only-own", "--as", "mz", "--json")
    assert result.code == 0, result.stdout
    doc = result.json
    assert doc["committed"] is True and doc["new"] == 1
    assert [(d["indicator"], d["row"]) for d in doc["dropped"]] == [("PUB-01-1", 3), ("HEA-02-1", 4)]
    assert figures(people) == {("ELD-02-1", "province", 5): 640.0}
    with people.connect() as conn:
        assert stored.batch(conn, doc["batch_id"]).summary["dropped"] == doc["dropped"]
        entry = next(e for e in audit.recent(conn, 20) if e["action"] == "figures.upload")
    assert entry["detail"]["dropped_rows"] == 2


def test_an_admins_file_touching_a_locked_month_is_refused_in_the_dry_run(people, cli, mixed):
    step(people, 2024, 5, "lock", actor="boss", departments=["省民政厅"])
    result = cli("import", mixed, "--dry-run", "--as", "boss", "--json")
    assert result.code == 1
    assert [e["rule"] for e in result.json["errors"]] == ["locked_month"]
