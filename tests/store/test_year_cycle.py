"""The year's cycle by the command line: candidates → vote with a tie → refused adoption → re-vote → adopted
plan → status on the new year → rating; and the store's refusals and traceability."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
YEAR = SAMPLES / "year"


def load_make_year_samples():
    name = "make_year_samples_under_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES / "make_year_samples.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_the_committed_samples_are_what_the_script_writes(tmp_path):
    for path in load_make_year_samples().write_samples(tmp_path):
        assert path.read_bytes() == (YEAR / path.name).read_bytes(), f"{path.name} differs: rerun make_year_samples.py"


def test_a_year_end_to_end_by_the_command_line(cli):
    """Runs on both stores (DuckDB and PostgreSQL)."""
    assert cli("init").code == 0
    cand = str(YEAR / "candidates_2025.xlsx")
    # The repeated candidate is a warning: refused without --yes, nothing written.
    r = cli("--json", "candidates", "import", cand, "--year", "2025", "--as", "admin")
    assert r.code == 1 and r.json["warnings"][0]["rule"] == "duplicate_merged" and not r.json["committed"]
    assert cli("--json", "candidates", "list", "--year", "2025").json["count"] == 0
    r = cli("--json", "candidates", "import", cand, "--year", "2025", "--dry-run", "--as", "admin")
    assert r.code == 0 and len(r.json["candidates"]) == 12 and not r.json["committed"]
    r = cli("--json", "candidates", "import", cand, "--year", "2025", "--yes", "--as", "admin")
    assert r.code == 0 and r.json["committed"], r.stderr
    listed = cli("--json", "candidates", "list", "--year", "2025").json
    assert listed["count"] == 12
    third = listed["candidates"][2]
    assert [i["name"] for i in third["indicators"]] == ["改造老旧小区", "惠及居民", "加装电梯"]
    assert third["co_proposers"] == ["赵某某代表"] and third["origin"]["file"] == "candidates_2025.xlsx"
    assert listed["candidates"][0]["indicators"][1]["target"] == 213000.0  # 21.3万

    # The vote: 60 deputies, 55 present, 10 places; 10 and 11 tie at 40 for the last place.
    tally = str(YEAR / "tally_2025_gbk.csv")
    args = ("--year", "2025", "--deputies", "60", "--present", "55", "--places", "10", "--held-on", "2025-01-15")
    r = cli("--json", "vote", "record", tally, *args, "--as", "admin")
    assert r.code == 0, r.stderr
    result = cli("--json", "vote", "result", "--year", "2025").json
    by = {c["number"]: c for c in result["candidates"]}
    assert [n for n, c in by.items() if c["status"] == "elected"] == list(range(1, 10))
    assert (by[10]["status"], by[11]["status"], by[12]["status"]) == ("tie_revote", "tie_revote", "not_elected")
    assert (by[10]["rank"], by[11]["rank"], by[12]["rank"]) == (10, 10, 12)
    assert (by[1]["yes"], by[1]["no"], by[1]["abstain"], by[1]["elected"]) == (52, 2, 1, True)
    assert result["threshold"] == 30 and result["tie_revote"] == [10, 11]

    r = cli("--json", "plan", "adopt", "--year", "2025", "--as", "admin")
    assert r.code == 1 and r.json["error"]["code"] == "tie_unresolved" and r.json["error"]["tie_revote"] == [10, 11]
    assert cli("--json", "catalogue", "--year", "2025").json["error"]["code"] == "no_plan"  # nothing adopted

    # The re-vote among exactly the tied, for the one place left.
    revote = str(YEAR / "tally_2025_revote.csv")
    r = cli(
        "--json", "vote", "record", revote, "--year", "2025", "--deputies", "60", "--present", "54",
        "--places", "1", "--held-on", "2025-01-16", "--as", "admin",
    )  # fmt: skip
    assert r.code == 0, r.stderr
    by = {c["number"]: c for c in r.json["candidates"]}
    assert (by[10]["status"], by[10]["yes"], by[10]["round"], by[11]["status"]) == ("elected", 33, 2, "not_elected")
    assert len(r.json["rounds"]) == 2

    r = cli("--json", "plan", "adopt", "--year", "2025", "--as", "admin")
    assert r.code == 0, r.stderr
    assert len(r.json["tasks"]) == 10 and len(r.json["indicators"]) == 13
    lunch = next(t for t in r.json["tasks"] if t["name"] == "城乡学校午餐提质")
    assert lunch["source"]["file"] == "candidate:2025/10"
    assert "2025-01-16人大代表票决（第2轮）：应到60人，实到54人，赞成33票" in lunch["source"]["quote"]
    meals = next(i for i in r.json["indicators"] if i["name"] == "服务老年人")
    assert (meals["target"], meals["stated"], meals["lead_unit"]) == (213000.0, "21.3万", "省民政厅")
    assert "candidates_2025.xlsx第3、4行" in meals["source"]["quote"]

    status = cli("--json", "status", "--year", "2025")
    assert status.code == 0 and status.json["year"] == 2025

    # The year-end rating of the adopted tasks by 60 members.
    r = cli(
        "--json",
        "rating",
        "record",
        str(YEAR / "rating_2025.xlsx"),
        "--year",
        "2025",
        "--members",
        "60",
        "--as",
        "admin",
    )
    assert r.code == 0, r.stderr
    rated = {t["name"]: t for t in cli("--json", "rating", "result", "--year", "2025").json["tasks"]}
    assert {n: t["grade"] for n, t in rated.items()} == {
        "老年助餐服务扩面": "satisfied",
        "普惠托育服务扩容": "basically_satisfied",  # 30 满意 is exactly half of 60
        "城镇老旧小区改造": "dissatisfied",  # 满意 + 基本满意 = 30, exactly half
        "儿童免费窝沟封闭": "satisfied",
    }
    t = rated["普惠托育服务扩容"]
    assert (t["satisfied"], t["basically"], t["dissatisfied"], t["members"]) == (30, 20, 8, 60)


@pytest.fixture
def duck(tmp_path):
    """A DuckDB store only: the refusals below are the services' own, the same on either engine."""
    from db import open_store
    from services.setup import init_store

    store = open_store(str(tmp_path / "year.duckdb"), migrate=False)
    init_store(store)
    return store


def _pool(store, actor="admin"):
    from services.candidates import commit_candidates, preview_candidates

    data = (YEAR / "candidates_2025.xlsx").read_bytes()
    preview = preview_candidates(store, data, "candidates_2025.xlsx", year=2025, actor=actor)
    return commit_candidates(store, preview, actor=actor, confirm_warnings=True)


def test_writes_are_for_admins_and_refusals_are_logged(duck):
    from db.audit import recent
    from services.accounts import add_user
    from targets.access import Denied, Role

    add_user(duck, "boss", Role.ADMIN, password="a-long-password-1", actor="setup")
    add_user(duck, "viewer", Role.VIEWER, password="a-long-password-2", actor="boss")
    with pytest.raises(Denied):
        _pool(duck, actor="viewer")
    with duck.connect() as conn:
        assert recent(conn, 1)[0]["action"] == "denied"
    origin = _pool(duck, actor="boss")
    assert origin.recorded_by == "boss" and len(origin.sha256) == 64


def test_a_vote_freezes_the_pool_and_bad_tallies_write_nothing(duck):
    from services.vote import record_vote, vote_result
    from targets.errors import Refusal

    _pool(duck)
    tally = (YEAR / "tally_2025_gbk.csv").read_bytes()
    with pytest.raises(Refusal) as exc:  # 56 present out of 55 deputies
        record_vote(duck, tally, "t.csv", year=2025, deputies=55, present=56, places=10, actor="admin")
    assert exc.value.code == "rejected" and "present_above_deputies" in {e["rule"] for e in exc.value.extra["errors"]}
    with pytest.raises(Refusal) as exc:  # 27 present of 55: no quorum
        record_vote(duck, tally, "t.csv", year=2025, deputies=55, present=27, places=10, actor="admin")
    assert {e["rule"] for e in exc.value.extra["errors"]} >= {"no_quorum", "votes_above_present"}
    assert vote_result(duck, 2025) is None
    record_vote(duck, tally, "t.csv", year=2025, deputies=60, present=55, places=10, actor="admin")
    with pytest.raises(Refusal) as exc:
        _pool(duck)
    assert exc.value.code == "vote_recorded"
    with pytest.raises(Refusal) as exc:  # a re-vote with other places than in all (10) or left (1)
        record_vote(
            duck,
            (YEAR / "tally_2025_revote.csv").read_bytes(),
            "r.csv",
            year=2025,
            deputies=60,
            places=3,
            actor="admin",
        )
    assert exc.value.extra["errors"][0]["rule"] == "places_changed"


def test_adoption_is_refused_once_the_year_has_figures(duck):
    from db.audit import next_id
    from services.vote import adopt_plan, record_vote
    from targets.errors import Refusal

    _pool(duck)
    record_vote(
        duck, (YEAR / "tally_2025_gbk.csv").read_bytes(), "t.csv", year=2025, deputies=60, places=11, actor="admin"
    )
    plan = adopt_plan(duck, year=2025, actor="admin")  # 11 places: the tie fits, no re-vote
    assert len(plan.tasks) == 11
    with duck.transaction() as conn:
        rid = next_id(conn, "revision_next_id")
        conn.execute(
            "INSERT INTO figures (year, indicator_code, region_code, month, value, revision_id) VALUES (2025, ?, 'province', 1, 1, ?)",
            [plan.indicators[0].code, rid],
        )
    with pytest.raises(Refusal) as exc:
        adopt_plan(duck, year=2025, actor="admin")
    assert exc.value.code == "plan_has_figures"


def test_a_public_survey_with_weights_combines_with_the_deputies_and_the_latest_counts(duck):
    from services.catalogue import require_plan
    from services.rating import rating_result, record_rating

    plan = require_plan(duck, 2024)
    a, b = plan.tasks[0], plan.tasks[1]
    deputies = f"任务编号,满意,基本满意,不满意\n{a.code},40,10,0\n{b.code},20,30,0\n".encode()
    public = f"任务名称,满意,基本满意,不满意\n{a.name.zh},100,0,100\n{b.name.zh},200,0,0\n".encode()
    record_rating(duck, deputies, "d.csv", year=2024, members=50, weight=40, actor="admin")
    result = record_rating(duck, public, "p.csv", year=2024, members=None, source="public", weight=60, actor="admin")
    by = {t.task_code: t for t in result.tasks}
    # deputies 92 and 76 (100/60/0 points); public 50 and 100; 0.4 × 92 + 0.6 × 50 = 66.8, 0.4 × 76 + 0.6 × 100 = 90.4
    assert (round(by[a.code].score, 6), round(by[b.code].score, 6)) == (66.8, 90.4)
    assert (by[a.code].grade.value, by[a.code].members) == ("satisfied", 50)
    # Recorded again, the deputies' latest rating counts and the first stays on record.
    record_rating(
        duck, deputies.replace(b",40,10,0", b",10,10,30"), "d2.csv", year=2024, members=50, weight=40, actor="admin"
    )
    again = {t.task_code: t for t in rating_result(duck, 2024).tasks}
    assert again[a.code].grade.value == "dissatisfied"
    with duck.connect() as conn:
        from db.year_cycle import ratings

        assert [r.origin.filename for r in ratings(conn, 2024)] == ["d.csv", "p.csv", "d2.csv"]
