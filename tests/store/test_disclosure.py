"""`publish`, as an admin runs it: the static site shows approved figures only (an unapproved upload of the same
month never appears), holds nothing of the app (no link into it, no account name, no file path, no email but the
configured contact), its counts are those of `status --json --approved-only` for the month, every edition is kept
and an earlier one is written again byte for byte; anyone but an admin is refused and the refusal is logged."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from posixpath import dirname, join, normpath

import pytest

from tests.supervision_data import FIXTURE_CSV

# DuckDB only (tests/conftest.py, store_independent): a rule that goes through the store.
pytestmark = pytest.mark.store_independent(
    "the site is rendered from what status reads; the editions' table stays on both (store_dependent below)"
)

ADMIN, VIEWER = "gongshi-admin", "gongshi-viewer"
PASSWORD = "a-long-pass-phrase-2024"
CONTACT = "minsheng-ban@jl.example.gov.cn"
OBJECTIONS = "https://yiyi.example.gov.cn/2024/form"
# Figures uploaded but never approved: 省住建厅's June and 省民政厅's July. Distinctive numbers, so a scan finds them.
UNAPPROVED = "指标编号,月份,累计完成\nPUB-01-1,2024-06,123457\nELD-02-1,2024-07,9137\n".encode()
PARTICULARS = [
    "--issuer",
    "吉林省民生实事工作办公室",
    "--address",
    "长春市人民大街1号517室",
    "--contact",
    CONTACT,
    "--phone",
    "0431-5286660",
    "--window-from",
    "2024-07-10",
    "--window-to",
    "2024-07-16",
    "--objections-url",
    OBJECTIONS,
]


@pytest.fixture
def approved_db(cli, tmp_path):
    """The supervision fixture uploaded, 省民政厅's and 省卫健委's June locked (approved), then an unapproved upload."""
    assert cli("init").code == 0
    for name, role in ((ADMIN, "admin"), (VIEWER, "viewer")):
        assert (
            cli("users", "add", name, "--role", role, "--password-stdin", "--as", ADMIN, stdin=PASSWORD + "\n").code
            == 0
        )
    for name, data in (("fixture.csv", FIXTURE_CSV), ("unapproved.csv", None)):
        path = tmp_path / name
        path.write_bytes(data or UNAPPROVED)
        if data is not None:
            done = cli("import", str(path), "--yes", "--as", ADMIN)
            assert done.code == 0, done.stderr
            refused = cli("--json", "publish", "--out", str(tmp_path / "none"), "--as", ADMIN)
            assert refused.code == 1 and refused.json["error"]["code"] == "no_approved_figures"
            for dept in ("省民政厅", "省卫健委"):
                assert cli("period", "lock", "2024-06", "--department", dept, "--as", ADMIN).code == 0
        else:
            done = cli("import", str(path), "--yes", "--as", ADMIN)
            assert done.code == 0, done.stderr
    return cli


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [v for k, v in attrs if k in ("href", "src", "action") and v]


def test_the_site_shows_approved_figures_only_and_nothing_internal(approved_db, tmp_path, db_target):
    cli = approved_db
    latest = cli("--json", "status", "--as-of", "2024-06").json
    assert {i["code"]: i["actual"] for i in latest["indicators"]}["PUB-01-1"] == 123457  # the upload is there
    out = tmp_path / "public"
    done = cli("--json", "publish", "--out", str(out), "--as", ADMIN, *PARTICULARS)
    assert done.code == 0, done.stderr
    files = site_files(out)
    assert set(done.json["files"]) == set(files)
    assert {"index.html", "en/index.html", "data/list.csv", "en/data/list.csv", "tasks/ELD-02.html"} <= set(files)
    forbidden = [
        "123457",
        "123,457",
        "12.3万",
        "9137",
        "9,137",
        ADMIN,
        VIEWER,
        "localhost",
        "127.0.0.1",
        ":8501",
        "/auth",
        "_stcore",
        "streamlit",
        "duckdb",
        "postgresql",
        str(tmp_path),
        db_target,
        "/tmp/",
        "/work/",
        ".txt",
        ".yaml",
    ]
    for name, data in files.items():
        text = data.decode("utf-8")
        for word in forbidden:
            assert word.lower() not in text.lower(), (name, word)
        assert set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)) <= {CONTACT}, name
        if name.endswith(".html"):
            parser = Links()
            parser.feed(text)
            for link in parser.links:
                if link == OBJECTIONS:
                    continue
                assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#?$", link), (name, link)
                assert normpath(join(dirname(name), link)) in files, (name, link)
    index = files["index.html"].decode("utf-8")
    assert CONTACT in index and OBJECTIONS in index and "2024年7月10日至2024年7月16日" in index


def test_the_counts_are_those_of_status_approved_only_for_the_month(approved_db, tmp_path):
    cli = approved_db
    out = tmp_path / "public"
    assert cli("publish", "--out", str(out), "--as-of", "2024-06", "--as", ADMIN, *PARTICULARS).code == 0
    status = cli("--json", "status", "--as-of", "2024-06", "--approved-only").json
    # Worked out by hand: ELD-02 400 of 1,300 (30.8% against 50%) and HEA-02 2,700 of 6,000 (45.0%) are behind;
    # PUB-01 (省住建厅, not approved) and the others have no approved figure.
    assert status["summary"]["lagging"] == 2 and status["summary"]["no_data"] == 23
    for name in ("index.html", "en/index.html"):
        html = (out / name).read_text(encoding="utf-8")
        counts = dict(re.findall(r'<tr data-group="(\w+)">.*?<td class="num count">(\d+)</td>', html))
        assert counts == {
            "done": str(status["summary"]["done"]),
            "ahead": str(status["summary"]["ahead"]),
            "on_pace": str(status["summary"]["on_pace"]),
            "lagging": "2",
            "no_data": "23",
            "total": str(status["summary"]["total_catalogued"]),
        }
        tasks = dict(re.findall(r'<tr data-task="([\w-]+)" data-status="(\w+)">', html))
        assert tasks == {t["code"]: t["status"] for t in status["tasks"]}
    eld = (out / "tasks" / "ELD-02.html").read_text(encoding="utf-8")
    assert "400个" in eld and "30.8%" in eld and "1,300个" in eld


@pytest.mark.store_dependent  # the editions' table (edition_get, edition_insert) runs on PostgreSQL here only
def test_every_edition_is_kept_and_an_earlier_one_is_written_again_byte_for_byte(approved_db, tmp_path):
    cli = approved_db
    first, second, again = tmp_path / "e1", tmp_path / "e2", tmp_path / "e2"
    one = cli("--json", "publish", "--out", str(first), "--as", ADMIN, *PARTICULARS)
    assert one.code == 0, one.stderr
    assert cli("period", "lock", "2024-06", "--department", "省住建厅", "--as", ADMIN).code == 0
    two = cli("--json", "publish", "--out", str(second), "--as", ADMIN, *PARTICULARS)
    assert two.code == 0 and two.json["edition"]["id"] == one.json["edition"]["id"] + 1
    assert "123,457" in (second / "tasks" / "PUB-01.html").read_text(encoding="utf-8")  # approved now: shown
    assert two.json["edition"]["content_sha256"] != one.json["edition"]["content_sha256"]
    listed = cli("--json", "publish", "--list").json["editions"]
    assert [(e["id"], e["as_of"], e["published_by"]) for e in listed] == [(1, "2024-06", ADMIN), (2, "2024-06", ADMIN)]
    assert listed[0]["files_sha256"] == one.json["edition"]["files_sha256"]
    before = site_files(first)
    redo = cli("--json", "publish", "--edition", "1", "--out", str(again), "--as", ADMIN)
    assert redo.code == 0, redo.stderr
    assert site_files(again) == before  # the same files, the same bytes, nothing of edition 2 left behind
    audit = cli("--json", "audit", "--limit", "5", "--as", ADMIN).json
    actions = [e["action"] for e in audit["entries"]] if "entries" in audit else [e["action"] for e in audit]
    assert "disclosure.republish" in actions and "disclosure.publish" in actions


def test_only_an_admin_publishes_and_bad_requests_are_refused(approved_db, tmp_path):
    cli = approved_db
    out = tmp_path / "public"
    denied = cli("--json", "publish", "--out", str(out), "--as", VIEWER)
    assert denied.code == 1 and denied.json["error"]["code"] == "denied" and not out.exists()
    assert cli("--json", "publish", "--list").json["editions"] == []
    missing = cli("--json", "publish", "--edition", "7", "--out", str(out), "--as", ADMIN)
    assert missing.code == 1 and missing.json["error"]["code"] == "no_edition"
    no_out = cli("--json", "publish", "--as", ADMIN)
    assert no_out.code == 1 and no_out.json["error"]["code"] == "no_out"
    window = cli(
        "--json",
        "publish",
        "--out",
        str(out),
        "--as",
        ADMIN,
        "--window-from",
        "2024-07-10",
        "--window-to",
        "2024-07-01",
    )
    assert window.code == 1 and window.json["error"]["code"] == "bad_window"
    assert cli("publish", "--out", str(out), "--as-of", "2024-13", "--as", ADMIN).code == 2


def test_published_replies_come_from_the_objection_service_dated_on_the_local_clock(store, monkeypatch):
    from datetime import datetime

    from services import objections
    from services.disclosure import published_replies
    from targets.disclosure.content import Reply

    asked = []

    def replies(s, year):
        asked.append(year)
        return [
            {"question": "助餐点数字有误？", "reply": "已核实。", "replied_at": datetime(2024, 7, 12, 9, 30)},
            {"question": "牙齿封闭在哪里做？", "reply": "各地卫生院。", "replied_at": datetime(2024, 7, 12, 20, 0)},
        ]

    monkeypatch.setattr(objections, "published_replies", replies)
    assert published_replies(store, 2024) == [
        Reply("助餐点数字有误？", "已核实。", "2024-07-12"),
        Reply("牙齿封闭在哪里做？", "各地卫生院。", "2024-07-13"),  # 20:00 UTC is 04:00 on the 13th in Beijing
    ]
    assert asked == [2024]
