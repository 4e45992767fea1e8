"""Objections (异议) in the store, on both stores: submitting inside and outside the window, the rate limit's
boundaries (hand-computed), the honeypot, the form token (wrong, another browser's, expired), the size limit,
and reply → publish → published_replies (only published replies, never a name, contact, address or the
original text); the workflow's refusals, access and the audit log; the command line."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from db import audit as audit_log
from services import accounts
from services import objections as svc
from targets.access import Denied, Role
from targets.errors import Refusal
from targets.objections import MASK, Limits, State, Submission

SECRET = b"test-secret-0123456789abcdef"
NONCE = "nonce-abcdefghijklmnop"
OPENS, CLOSES = date(2024, 10, 10), date(2024, 10, 16)
T0 = datetime(2024, 10, 12, 2, 0, 0)  # 10:00 Beijing time on a day of the window (stored times are UTC)
YEAR = 2024


@pytest.fixture
def store(store, monkeypatch):
    """The initialised store, with the window set from the environment and no published edition."""
    monkeypatch.setenv(svc.FROM_ENV, OPENS.isoformat())
    monkeypatch.setenv(svc.TO_ENV, CLOSES.isoformat())
    monkeypatch.delenv(svc.YEAR_ENV, raising=False)
    return store


DEFAULT = Limits()


def send(
    store,
    text: str = "某小区加装电梯进度与公示不符",
    *,
    ip: str = "198.51.100.7",
    at: datetime = T0,
    today: date = date(2024, 10, 12),
    token: str | None = None,
    nonce: str = NONCE,
    honeypot: str = "",
    task: str | None = "EMP-01",
    name: str = "",
    contact: str = "",
    limits: Limits = DEFAULT,
):
    token = svc.issue_token(SECRET, NONCE, YEAR, at=at) if token is None else token
    return svc.submit(
        store,
        Submission(YEAR, task, text, name, contact),
        ip=ip,
        token=token,
        nonce=nonce,
        honeypot=honeypot,
        secret=SECRET,
        limits=limits,
        now=at,
        today=today,
    )


def all_of(store) -> list:
    return svc.objections(store, YEAR, actor=None)  # set-up mode: no accounts yet


def refusal(call) -> Refusal:
    with pytest.raises(Refusal) as caught:
        call()
    return caught.value


# --- the window ------------------------------------------------------------------------------------------


def test_submitted_inside_the_window_is_stored_with_its_fields_and_a_hashed_address(store):
    receipt = send(store, name="张三", contact="13912345678")
    assert receipt.stored and receipt.id == 1
    (o,) = all_of(store)
    assert (o.year, o.task_code, o.text, o.name, o.contact, o.state) == (
        YEAR,
        "EMP-01",
        "某小区加装电梯进度与公示不符",
        "张三",
        "13912345678",
        State.NEW,
    )
    assert o.submitted_at == T0
    with store.connect() as conn:
        (hashed,) = conn.execute("SELECT ip_hash FROM objections").fetchone()
    assert hashed == svc.ip_hash(SECRET, "198.51.100.7") and "198.51.100.7" not in hashed and len(hashed) == 32


@pytest.mark.parametrize(("day", "accepted"), [(9, False), (10, True), (16, True), (17, False)])
def test_the_window_boundaries(store, day, accepted):
    today = date(2024, 10, day)
    if accepted:
        assert send(store, today=today).stored
    else:
        exc = refusal(lambda: send(store, today=today))
        assert exc.code == "closed" and "2024-10-10" in exc.message_zh and "2024-10-16" in exc.message_en
        assert all_of(store) == []


def test_without_any_window_the_form_is_closed(store, monkeypatch):
    monkeypatch.delenv(svc.FROM_ENV)
    monkeypatch.delenv(svc.TO_ENV)
    assert svc.current_window(store, YEAR) is None
    assert refusal(lambda: send(store)).code == "closed"


def test_the_window_prefers_the_edition_then_the_setting_then_the_environment(store, monkeypatch):
    assert svc.current_window(store, YEAR).source == "env"
    svc.set_window(store, YEAR, date(2024, 11, 1), date(2024, 11, 7), actor=None)
    w = svc.current_window(store, YEAR)
    assert (w.opens, w.closes, w.source) == (date(2024, 11, 1), date(2024, 11, 7), "setting")
    assert refusal(lambda: send(store)).code == "closed"  # 12 October is outside the setting's window
    from services import disclosure

    window = (date(2024, 10, 11), date(2024, 10, 17))
    monkeypatch.setattr(disclosure, "objection_window", lambda s, year: window if year == YEAR else None)
    w = svc.current_window(store, YEAR)
    assert (w.opens, w.closes, w.source) == (date(2024, 10, 11), date(2024, 10, 17), "edition")
    assert send(store).stored
    assert svc.current_window(store, 2025).source == "env"  # the edition gives no window for 2025


def test_a_malformed_window_setting_is_named(store, monkeypatch):
    monkeypatch.setenv(svc.TO_ENV, "16.10.2024")
    with pytest.raises(ValueError, match=svc.TO_ENV):
        svc.current_window(store, YEAR)
    monkeypatch.setenv(svc.TO_ENV, "2024-10-01")
    with pytest.raises(ValueError, match="before it opens"):
        svc.current_window(store, YEAR)
    assert refusal(lambda: svc.set_window(store, YEAR, CLOSES, OPENS, actor=None)).code == "bad_window"


# --- the rate limit ----------------------------------------------------------------------------------------


def test_five_an_hour_per_address_the_sixth_refused_until_the_first_leaves_the_hour(store):
    # 10:00:00, 10:01, 10:02, 10:03, 10:04 (Beijing) from one address: all five accepted.
    for minute in range(5):
        assert send(store, at=T0 + timedelta(minutes=minute)).stored
    # 10:59:59: five within the last hour → refused; the first (10:00:00) leaves the hour in 1 s.
    exc = refusal(lambda: send(store, at=T0 + timedelta(minutes=59, seconds=59)))
    assert (exc.code, exc.extra["retry_after"]) == ("rate_per_ip", 1)
    # 10:30:00: refused, 30 minutes until 11:00:00.
    exc = refusal(lambda: send(store, at=T0 + timedelta(minutes=30)))
    assert (exc.code, exc.extra["retry_after"]) == ("rate_per_ip", 1800)
    assert "5" in exc.message_zh and "30" in exc.message_zh
    # Another address is not held back.
    assert send(store, at=T0 + timedelta(minutes=30), ip="198.51.100.8").stored
    # 11:00:00: the 10:00:00 one is exactly an hour old and no longer counted (10:01–10:04 are: four).
    assert send(store, at=T0 + timedelta(hours=1)).stored
    # 11:00:30: 10:01–10:04 and 11:00 → five again: refused until 11:01:00.
    exc = refusal(lambda: send(store, at=T0 + timedelta(hours=1, seconds=30)))
    assert (exc.code, exc.extra["retry_after"]) == ("rate_per_ip", 30)
    assert len(all_of(store)) == 7


def test_the_overall_cap_counts_every_address(store):
    limits = Limits(per_ip=5, overall=3)
    for n, ip in enumerate(("192.0.2.1", "192.0.2.2", "192.0.2.3")):
        assert send(store, ip=ip, at=T0 + timedelta(minutes=n), limits=limits).stored
    exc = refusal(lambda: send(store, ip="192.0.2.4", at=T0 + timedelta(minutes=10), limits=limits))
    assert (exc.code, exc.extra["retry_after"]) == ("rate_overall", 50 * 60)
    assert send(store, ip="192.0.2.4", at=T0 + timedelta(hours=1), limits=limits).stored  # the 10:00 one left


# --- bots, tokens, sizes -----------------------------------------------------------------------------------


def test_a_filled_honeypot_is_answered_as_if_stored_and_nothing_is_stored(store):
    receipt = send(store, honeypot="http://spam.example")
    assert not receipt.stored and receipt.id is None
    assert all_of(store) == []
    assert send(store).id == 1  # nor did it count against the address


@pytest.mark.parametrize(
    ("token", "nonce", "code"),
    [
        ("", NONCE, "token_bad"),  # no token
        ("garbage.token.here", NONCE, "token_bad"),
        (None, "another-browsers-nonce", "token_bad"),  # the cookie does not match the page's token
        (None, "", "token_bad"),  # cookies off
    ],
)
def test_a_wrong_token_is_refused_and_nothing_stored(store, token, nonce, code):
    assert refusal(lambda: send(store, token=token, nonce=nonce)).code == code
    assert all_of(store) == []


def test_a_token_signed_with_another_key_or_for_another_year_is_refused(store):
    foreign = svc.issue_token(b"another-key-0123456789", NONCE, YEAR, at=T0)
    assert refusal(lambda: send(store, token=foreign)).code == "token_bad"
    other_year = svc.issue_token(SECRET, NONCE, YEAR + 1, at=T0)
    assert refusal(lambda: send(store, token=other_year)).code == "token_bad"


def test_a_token_expires_two_hours_after_the_page_was_served(store):
    served = T0 - timedelta(hours=2)
    token = svc.issue_token(SECRET, NONCE, YEAR, at=served)
    assert send(store, token=token, at=T0).stored  # exactly two hours old: still good
    exc = refusal(lambda: send(store, token=token, at=T0 + timedelta(seconds=1)))
    assert exc.code == "token_expired" and "失效" in exc.message_zh


def test_the_text_size_limit_and_the_problems_named(store):
    assert send(store, "异" * 2000).stored
    exc = refusal(lambda: send(store, "异" * 2001, ip="192.0.2.9"))
    assert exc.code == "invalid"
    assert [(p.field, p.code) for p in exc.extra["problems"]] == [("text", "too_long")]
    assert "2001" in exc.message_zh and "2000" in exc.message_zh
    exc = refusal(lambda: send(store, task="NOPE-9", ip="192.0.2.9"))
    assert [(p.field, p.code) for p in exc.extra["problems"]] == [("task", "unknown_task")]
    assert len(all_of(store)) == 1


# --- the administrators' workflow ---------------------------------------------------------------------------


@pytest.fixture
def three(store):
    """Three objections: one to publish, one to leave replied, one to reject; and an admin and a viewer."""
    send(store, "我是张三，电话13912345678。某小区加装电梯进度与公示不符", name="张三", contact="13912345678")
    send(store, "整体进度偏慢", task=None, name="李四", contact="lisi@example.com", ip="192.0.2.2")
    send(store, "这是一条广告内容", ip="192.0.2.3")
    accounts.add_user(store, "boss", Role.ADMIN, "boss-password-2024", actor=None)
    accounts.add_user(store, "reader", Role.VIEWER, "reader-password-2024", actor="boss")
    return store


def test_reply_then_publish_shows_only_the_published_reply_and_no_personal_data(three):
    store = three
    svc.reply(store, 1, "经核实，该小区电梯已于10月开工。", actor="boss")
    svc.reply(store, 2, "将加快推进。", actor="boss")
    assert svc.published_replies(store, YEAR) == []  # replied is not public
    draft = svc.draft_question(svc.objections(store, YEAR, actor="boss")[0])
    assert draft == f"我是{MASK}，电话{MASK}。某小区加装电梯进度与公示不符"
    published = svc.publish_reply(store, 1, "某小区加装电梯进度与公示不符", actor="boss")
    assert published.state is State.PUBLISHED and published.published_by == "boss"
    svc.reject(store, 3, "与公示内容无关", actor="boss")
    shown = svc.published_replies(store, YEAR)
    assert shown == [
        {
            "question": "某小区加装电梯进度与公示不符",
            "reply": "经核实，该小区电梯已于10月开工。",
            "replied_at": published.replied_at,
            "task_code": "EMP-01",
        }
    ]
    text = repr(shown)
    for personal in (
        "张三",
        "13912345678",
        "李四",
        "lisi@example.com",
        "电话",
        "广告",
        svc.ip_hash(SECRET, "198.51.100.7"),
    ):
        assert personal not in text
    assert svc.published_replies(store, YEAR + 1) == []


def test_publishing_with_the_default_question_uses_the_masked_text(three):
    svc.reply(three, 1, "已核实。", actor="boss")
    done = svc.publish_reply(three, 1, actor="boss")
    assert done.question == f"我是{MASK}，电话{MASK}。某小区加装电梯进度与公示不符"
    assert svc.published_replies(three, YEAR)[0]["question"] == done.question


def test_a_question_still_holding_personal_data_is_refused_and_nothing_published(three):
    svc.reply(three, 1, "已核实。", actor="boss")
    for question in ("张三反映电梯进度不符", "请回电13912345678", "请回电 139-1234-5678"):
        exc = refusal(lambda q=question: svc.publish_reply(three, 1, q, actor="boss"))
        assert exc.code == "personal_data"
    assert svc.objections(three, YEAR, actor="boss", state="replied")[0].id == 1
    assert svc.published_replies(three, YEAR) == []


def test_the_workflow_refuses_steps_out_of_order(three):
    assert refusal(lambda: svc.publish_reply(three, 1, "问题", actor="boss")).code == "no_reply"
    assert refusal(lambda: svc.reply(three, 1, "  ", actor="boss")).code == "no_reply"
    assert refusal(lambda: svc.reject(three, 1, "", actor="boss")).code == "no_reason"
    assert refusal(lambda: svc.reply(three, 99, "答复", actor="boss")).code == "not_found"
    svc.reject(three, 3, "无关", actor="boss")
    assert refusal(lambda: svc.reply(three, 3, "答复", actor="boss")).code == "wrong_state"
    svc.reply(three, 1, "答复", actor="boss")
    svc.reply(three, 1, "修改后的答复", actor="boss")  # rewritten while unpublished
    svc.publish_reply(three, 1, "电梯进度不符", actor="boss")
    assert refusal(lambda: svc.reply(three, 1, "再改", actor="boss")).code == "wrong_state"
    assert refusal(lambda: svc.reject(three, 1, "无关", actor="boss")).code == "wrong_state"
    assert svc.published_replies(three, YEAR)[0]["reply"] == "修改后的答复"


def test_filters_by_state_and_task(three):
    svc.reply(three, 2, "将加快推进。", actor="boss")
    assert [o.id for o in svc.objections(three, YEAR, actor="boss", state="new")] == [1, 3]
    assert [o.id for o in svc.objections(three, YEAR, actor="boss", task="")] == [2]
    assert [o.id for o in svc.objections(three, YEAR, actor="boss", task="EMP-01", state="new")] == [1, 3]


def test_only_administrators_read_or_answer_objections_and_refusals_are_logged(three):
    with pytest.raises(Denied):
        svc.objections(three, YEAR, actor="reader")
    with pytest.raises(Denied):
        svc.reply(three, 1, "答复", actor="reader")
    assert svc.objections(three, YEAR, actor="boss", state="new")[0].reply is None
    with three.connect() as conn:
        denied = audit_log.of_action(conn, "denied")
    assert [e["object"] for e in denied][:2] == ["objections", "objections"]


def test_every_administrators_step_is_in_the_audit_log_without_personal_data(three):
    svc.set_window(three, YEAR, OPENS, CLOSES, actor="boss")
    svc.reply(three, 1, "已核实。", actor="boss")
    svc.publish_reply(three, 1, "电梯进度不符", actor="boss")
    svc.reject(three, 3, "与公示无关", actor="boss")
    with three.connect() as conn:
        entries = audit_log.recent(conn, 10)
    mine = [(e["actor"], e["action"], e["object"]) for e in entries if e["action"].startswith("objections.")]
    assert mine == [
        ("boss", "objections.reject", "objection 3"),
        ("boss", "objections.publish", "objection 1"),
        ("boss", "objections.reply", "objection 1"),
        ("boss", "objections.window", "2024"),
    ]
    assert "张三" not in repr(entries) and "13912345678" not in repr(entries)


def test_the_form_secret_is_made_once_and_kept(store, monkeypatch):
    monkeypatch.delenv(svc.SECRET_ENV, raising=False)
    first = svc.form_secret(store)
    assert len(first) == 64 and svc.form_secret(store) == first
    monkeypatch.setenv(svc.SECRET_ENV, "configured")
    assert svc.form_secret(store) == b"configured"


# --- the command line ---------------------------------------------------------------------------------------


def test_the_command_line_lists_replies_publishes_and_rejects(cli, db_target, monkeypatch):
    from db import open_store

    monkeypatch.setenv(svc.FROM_ENV, OPENS.isoformat())
    monkeypatch.setenv(svc.TO_ENV, CLOSES.isoformat())
    assert cli("init").code == 0
    store = open_store(db_target, migrate=False)
    send(store, "我是张三。某小区电梯进度不符", name="张三", contact="13912345678")
    send(store, "与公示无关的内容", ip="192.0.2.3")
    assert cli("users", "add", "boss", "--role", "admin", "--password-stdin", stdin="boss-password-2024\n").code == 0
    assert (
        cli(
            "users",
            "add",
            "reader",
            "--role",
            "viewer",
            "--password-stdin",
            "--as",
            "boss",
            stdin="reader-password-2024\n",
        ).code
        == 0
    )

    r = cli("--json", "objections", "list", "--year", "2024", "--as", "reader")
    assert r.code == 1 and r.json["error"]["code"] == "denied"
    r = cli("--json", "objections", "list", "--year", "2024", "--as", "boss")
    assert r.code == 0 and r.json["count"] == 2
    assert (r.json["objections"][0]["name"], r.json["objections"][0]["state"]) == ("张三", "new")
    r = cli("--json", "objections", "publish", "1", "--as", "boss")
    assert r.code == 1 and r.json["error"]["code"] == "no_reply"
    assert cli("objections", "reply", "1", "已核实。", "--as", "boss").code == 0
    r = cli("--json", "objections", "publish", "1", "--question", "张三说电梯进度不符", "--as", "boss")
    assert r.code == 1 and r.json["error"]["code"] == "personal_data"
    assert r.json["error"]["problems"][0]["field"] == "question"
    r = cli("--json", "objections", "publish", "1", "--question", "某小区电梯进度不符", "--as", "boss")
    assert r.code == 0 and r.json["objection"]["state"] == "published"
    r = cli("--json", "objections", "reject", "2", "--reason", "与公示无关", "--as", "boss")
    assert r.code == 0 and r.json["objection"]["reason"] == "与公示无关"
    r = cli("--json", "objections", "list", "--year", "2024", "--state", "published", "--as", "boss")
    assert [o["id"] for o in r.json["objections"]] == [1]
    assert cli("objections", "reject", "--as", "boss").code == 2  # bad usage
    r = cli(
        "--json", "objections", "window", "--year", "2024", "--from", "2024-10-10", "--to", "2024-10-16", "--as", "boss"
    )
    assert r.code == 0 and r.json["window"] == {"from": "2024-10-10", "to": "2024-10-16", "source": "setting"}


def test_the_form_opens_on_the_window_of_the_latest_published_edition(tmp_path, monkeypatch):
    """The objection form and the public site agree: the window is the latest edition's (services.disclosure)."""
    from datetime import date

    from db import disclosure as stored_disclosure
    from db import open_store
    from services import disclosure, objections

    store = open_store(str(tmp_path / "w.duckdb"))
    assert disclosure.objection_window(store, 2024) is None
    fake = [
        stored_disclosure.EditionRecord(1, 2024, 6, None, "a", "", date(2024, 7, 10), date(2024, 7, 16), "", "", ""),
        stored_disclosure.EditionRecord(2, 2024, 9, None, "a", "", date(2024, 10, 10), date(2024, 10, 16), "", "", ""),
        stored_disclosure.EditionRecord(3, 2025, 3, None, "a", "", date(2025, 4, 1), date(2025, 4, 7), "", "", ""),
    ]
    monkeypatch.setattr(disclosure, "editions", lambda _store: fake)
    assert disclosure.objection_window(store, 2024) == (date(2024, 10, 10), date(2024, 10, 16))
    window = objections.current_window(store, 2024, env={})
    assert (window.opens, window.closes, window.source) == (date(2024, 10, 10), date(2024, 10, 16), "edition")
