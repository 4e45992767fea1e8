"""A year of a livelihood list, end to end, as the province runs it (issue 20's "done when"):

candidates → the deputies' vote with a tie → a re-vote → the adopted plan → monthly figures, one month approved
and locked → the public notice (static site, approved figures only) → an objection through the form service →
its reply published in the next edition → the year-end rating → next year's candidates.

The command line does every step an official takes; the objection comes in over HTTP as the public sends it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

from starlette.testclient import TestClient

from db import open_store
from objection_service.app import create_app
from targets import clock
from tests.cli_runner import in_process

ROOT = Path(__file__).resolve().parents[2]
YEAR = ROOT / "tests" / "samples" / "year"


def run(db: Path, *args: str) -> tuple[int, dict]:
    # The command as an official types it, run in this process (tests/cli_runner.py; test_cli_process checks
    # that it gives what a real process gives).
    done = in_process(["--db", str(db), "--json", *args])
    return done.code, (json.loads(done.stdout) if done.stdout.strip() else {"stderr": done.stderr})


def ok(db: Path, *args: str) -> dict:
    code, doc = run(db, *args)
    assert code == 0, (args, doc)
    return doc


def test_a_whole_year_from_the_candidates_to_next_years_candidates(tmp_path):
    db = tmp_path / "year.duckdb"
    ok(db, "init")
    admin = ("--as", "admin")

    # 征集 and 票决: twelve candidates for ten places, a tie at the last place, then the re-vote.
    ok(db, "candidates", "import", str(YEAR / "candidates_2025.xlsx"), "--year", "2025", "--yes", *admin)
    vote = ("--year", "2025", "--deputies", "60", "--present", "55", "--places", "10", "--held-on", "2025-01-15")
    ok(db, "vote", "record", str(YEAR / "tally_2025_gbk.csv"), *vote, *admin)
    code, refused = run(db, "plan", "adopt", "--year", "2025", *admin)
    assert code == 1 and refused["error"]["code"] == "tie_unresolved"
    revote = ("--year", "2025", "--deputies", "60", "--present", "54", "--places", "1", "--held-on", "2025-01-16")
    ok(db, "vote", "record", str(YEAR / "tally_2025_revote.csv"), *revote, *admin)
    plan = ok(db, "plan", "adopt", "--year", "2025", *admin)
    meals = next(i for i in plan["indicators"] if i["name"] == "新建改建助餐点")
    assert (meals["target"], meals["lead_unit"]) == (1300.0, "省民政厅")

    # The monthly figures: March approved and locked for 省民政厅; an April figure submitted but not approved.
    sheet = tmp_path / "figures.csv"
    sheet.write_text(f"指标编号,月份,累计完成\n{meals['code']},2025-03,650\n{meals['code']},2025-04,987\n", "utf-8")
    ok(db, "import", str(sheet), "--year", "2025", "--yes", *admin)
    ok(db, "period", "lock", "2025-03", "--department", "省民政厅", *admin)
    approved = ok(db, "status", "--year", "2025", "--as-of", "2025-03", "--approved-only")
    by_code = {i["code"]: i for i in approved["indicators"]}
    assert by_code[meals["code"]]["actual"] == 650 and by_code[meals["code"]]["progress"] == 0.5

    # 公示: the static site of approved figures, its objection window around today.
    today = clock.today()
    window = (
        "--window-from",
        (today - timedelta(days=1)).isoformat(),
        "--window-to",
        (today + timedelta(days=5)).isoformat(),
    )
    site = tmp_path / "site"
    first = ok(db, "publish", "--year", "2025", "--as-of", "2025-03", "--out", str(site), *window, *admin)
    assert first["edition"]["id"] == 1
    listed = list(csv.DictReader(io.StringIO((site / "data" / "list.csv").read_text("utf-8-sig"))))
    row = next(r for r in listed if r["code"] == meals["code"])
    assert (float(row["actual_value"]), float(row["progress_share"])) == (650.0, 0.5)  # March, approved
    assert row["完成情况"] == "650个"
    everything = "\n".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    assert "987" not in everything and "admin" not in everything and "_stcore" not in everything

    # 异议: a member of the public objects through the form service during the window.
    store = open_store(str(db), migrate=False)
    form = TestClient(create_app(store.target), base_url="http://testserver")
    page = form.get("/").text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    sent = form.post(
        "/?lang=zh",
        data={"token": token, "lang": "zh", "task": meals["code"].rsplit("-", 1)[0], "text": "助餐点数字与实际不符，请核实",
              "name": "张三", "contact": "13912345678", "website": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text[:500]
    (objection,) = ok(db, "objections", "list", "--year", "2025", *admin)["objections"]
    ok(db, "objections", "reply", str(objection["id"]), "已核实，3月底建成650个，数据无误。", *admin)
    ok(db, "objections", "publish", str(objection["id"]), *admin)
    ok(db, "publish", "--year", "2025", "--as-of", "2025-03", "--out", str(site), *window, *admin)
    index = (site / "index.html").read_text("utf-8")
    assert "已核实，3月底建成650个，数据无误。" in index  # the published reply
    assert "张三" not in index and "13912345678" not in index  # never the objector's name or contact
    assert [e["id"] for e in ok(db, "publish", "--list")["editions"]] == [1, 2]

    # 满意度测评 at year end, then next year's candidates.
    ok(db, "rating", "record", str(YEAR / "rating_2025.xlsx"), "--year", "2025", "--members", "60", *admin)
    grades = {t["name"]: t["grade"] for t in ok(db, "rating", "result", "--year", "2025")["tasks"]}
    assert grades["老年助餐服务扩面"] == "satisfied"
    # The rule is configurable: 30 满意 of 60 members is exactly half (basically satisfied), but of the 58 votes
    # cast (30 + 20 + 8) it is more than half (satisfied).
    assert grades["普惠托育服务扩容"] == "basically_satisfied"
    cast = ok(db, "rating", "result", "--year", "2025", "--basis", "cast")
    assert {t["name"]: t["grade"] for t in cast["tasks"]}["普惠托育服务扩容"] == "satisfied"
    assert cast["rule"] == {"share": 0.5, "basis": "cast", "comparison": "more_than"}
    assert run(db, "rating", "result", "--year", "2025", "--share", "1.5")[0] == 2
    ok(db, "candidates", "import", str(YEAR / "candidates_2025.xlsx"), "--year", "2026", "--yes", *admin)
    assert ok(db, "candidates", "list", "--year", "2026")["count"] == 12
    assert ok(db, "candidates", "list", "--year", "2025")["count"] == 12  # last year's pool stays on record
