"""Reminders end to end: a real SMTP server (aiosmtpd) and a webhook receiver (http.server) started by the tests
get the deadline reminder, the notice of a returned month and the administrators' digest; a second run sends
nothing twice; a failure is recorded with its error and retried; the in-app notices; `remind run` and `notices`.

The day is 2 October 2024: September's figures are due on the 5th, 3 days later (LIVELIHOOD_REMIND_DAYS=3,1)."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from cli import main as cli_main
from db import audit
from db.catalogue import load_plan
from db.notices import recent_deliveries
from services import reminders
from services.cycle import period, step
from targets.periods import PeriodState, departments
from targets.reminders import webhook_payload
from tests.mailbox import free_port, smtp_server, webhook_server
from tests.supervision_data import accounts

TODAY = date(2024, 10, 2)
APP = "https://tracker.example.gov.cn"
DUE_MZ = "【催报提醒】省民政厅2024年9月数据请于2024年10月5日前报送"
DIGEST = "【每日汇总】2024年10月2日民生实事报送待办"


@pytest.fixture
def db(store):
    accounts(store)  # boss (admin), mz (省民政厅), jz (省住建厅), official (viewer)
    for name in ("boss", "mz", "jz"):
        reminders.set_contact(store, name, email=f"{name}@example.gov.cn", actor="boss")
    return store


def env_of(box=None, hook=None, fmt: str = "wecom", **extra: str) -> dict[str, str]:
    env = {"LIVELIHOOD_REMIND_DAYS": "3,1", "LIVELIHOOD_APP_URL": APP, **extra}
    if box is not None:
        env |= box.env()
    if hook is not None:
        env |= {"LIVELIHOOD_WEBHOOK_URL": hook.url, "LIVELIHOOD_WEBHOOK_FORMAT": fmt}
    return env


def mails(box) -> list[tuple[list[str], str]]:
    return [(m.recipients, str(m.message["Subject"])) for m in box.received]


def notices_of(store, name: str) -> list[str]:
    return [n.subject for n in reminders.notices(store, actor=name)]


def test_a_reminder_reaches_the_smtp_server_the_webhook_and_the_notices_once(db):
    step(db, 2024, 9, "submit", actor="jz")  # 省住建厅 has submitted September: nothing for jz
    with smtp_server() as box, webhook_server() as hook:
        report = reminders.run(db, actor="boss", today=TODAY, env=env_of(box, hook))
        assert sorted(mails(box)) == [(["boss@example.gov.cn"], DIGEST), (["mz@example.gov.cn"], DUE_MZ)]
        mail = next(m for m in box.received if m.recipients == ["mz@example.gov.cn"])
        head = mail.raw.split(b"\r\n\r\n", 1)[0]
        assert head.isascii() and b"Subject: =?utf-8?" in head  # UTF-8 headers, encoded per RFC 2047
        assert str(mail.message["From"]) == "民生实事跟踪 <tracker@example.gov.cn>"
        assert mail.message.get_content().splitlines() == [
            "省民政厅：2024年9月的民生实事进展数据尚未报送，报送截止日为2024年10月5日（还有3天）。请按时上传并提交。",
            f"查看：{APP}/due",
            "——民生实事跟踪系统（自动发送，请勿回复）",
        ]
        with db.connect() as conn:
            plan = load_plan(conn, 2024)
        open_departments = [d for d in departments(plan) if d != "省住建厅"]
        posted = [p["text"]["content"].splitlines()[0] for p in hook.posts]
        assert len(posted) == len(open_departments) + 1 and posted[-1] == DIGEST
        assert all(p.startswith("【催报提醒】") and "2024年9月" in p for p in posted[:-1])
        assert notices_of(db, "mz") == [DUE_MZ] and notices_of(db, "jz") == [] and notices_of(db, "boss") == [DIGEST]
        assert report.count("failed") == 0 and report.count("sent") == 2 + 2 + len(posted)

        again = reminders.run(db, actor="boss", today=TODAY, env=env_of(box, hook))
        assert again.count("sent") == 0 and again.already == report.count("sent")
        assert len(box.received) == 2 and len(hook.posts) == len(posted) and len(notices_of(db, "mz")) == 1
    with db.connect() as conn:
        assert [e["action"] for e in audit.recent(conn, 2)] == ["remind.run", "remind.run"]


def test_an_account_in_english_gets_english_and_one_without_an_address_only_the_notice(db):
    reminders.set_contact(db, "mz", lang="en", actor="mz")
    reminders.set_contact(db, "boss", email="", actor="boss")
    with smtp_server() as box:
        reminders.run(db, actor="boss", today=TODAY, env=env_of(box))
    assert sorted(mails(box)) == [
        (["jz@example.gov.cn"], "【催报提醒】省住建厅2024年9月数据请于2024年10月5日前报送"),
        (
            ["mz@example.gov.cn"],
            "[Reminder] Department of Civil Affairs of Jilin Province: figures for September 2024 due by 5 October 2024",
        ),
    ]
    assert notices_of(db, "boss") == [DIGEST]


def test_a_failed_send_is_recorded_with_its_error_and_retried_by_the_next_run(db):
    port = free_port()  # nothing listens there yet
    down = env_of() | {
        "LIVELIHOOD_SMTP_HOST": "127.0.0.1",
        "LIVELIHOOD_SMTP_PORT": str(port),
        "LIVELIHOOD_SMTP_SECURITY": "none",
        "LIVELIHOOD_SMTP_FROM": "tracker@example.gov.cn",
    }
    first = reminders.run(db, actor="boss", today=TODAY, env=down)
    failed = [o for o in first.outcomes if o.state == "failed"]
    assert sorted(o.recipient for o in failed) == ["boss", "jz", "mz"]
    assert all(o.channel == "email" and "ConnectionRefusedError" in o.error for o in failed)
    assert first.count("sent") == 3  # the in-app notices
    with db.connect() as conn:
        stored = {(d.recipient, d.channel): d for d in recent_deliveries(conn)}
    assert stored[("mz", "email")].state == "failed" and stored[("mz", "email")].attempts == 1

    step(db, 2024, 9, "submit", actor="jz")  # 省住建厅 submits meanwhile: its reminder is no longer retried
    with smtp_server(port) as box:
        later = reminders.run(db, actor="boss", today=date(2024, 10, 3), env=down)
        assert sorted(mails(box)) == [
            (["boss@example.gov.cn"], "【每日汇总】2024年10月3日民生实事报送待办"),
            (["mz@example.gov.cn"], DUE_MZ),  # the 3-day reminder, sent a day late
        ]
        assert [o.recipient for o in later.outcomes if o.retry] == ["mz"]
        with db.connect() as conn:
            stored = {(d.recipient, d.channel, d.reminder_key): d for d in recent_deliveries(conn)}
        mz = stored[("mz", "email", "due:省民政厅:2024-09:3d")]
        assert (mz.state, mz.attempts, mz.error) == ("sent", 2, None)
        assert notices_of(db, "mz") == [DUE_MZ]  # the notice was not written twice
        assert reminders.run(db, actor="boss", today=date(2024, 10, 3), env=down).count("sent") == 0


def test_a_returned_month_is_told_at_once_and_a_failed_send_never_undoes_the_return(db, monkeypatch):
    step(db, 2024, 9, "submit", actor="mz")
    with smtp_server() as box, webhook_server() as hook:
        for name, value in env_of(box, hook, fmt="feishu").items():
            monkeypatch.setenv(name, value)
        step(db, 2024, 9, "return", actor="boss", departments=["省民政厅"], reason="养老床位数与上月不衔接")
        assert mails(box) == [(["mz@example.gov.cn"], "【退回通知】省民政厅2024年9月数据已被退回，请修改后重新提交")]
        assert "退回意见：养老床位数与上月不衔接" in box.received[0].message.get_content()
        assert hook.posts[0]["msg_type"] == "text" and hook.posts[0]["content"]["text"].startswith("【退回通知】")
        assert notices_of(db, "mz") == ["【退回通知】省民政厅2024年9月数据已被退回，请修改后重新提交"]

    step(db, 2024, 9, "submit", actor="mz")
    port = free_port()
    monkeypatch.setenv("LIVELIHOOD_SMTP_PORT", str(port))  # the mail server is down for the second return
    monkeypatch.delenv("LIVELIHOOD_WEBHOOK_URL")
    step(db, 2024, 9, "return", actor="boss", departments=["省民政厅"], reason="再次核对")
    assert period(db, 2024, 9, "省民政厅").state is PeriodState.RETURNED
    with db.connect() as conn:
        failed = [d for d in recent_deliveries(conn) if d.state == "failed"]
    assert [(d.recipient, d.kind, d.channel) for d in failed] == [("mz", "returned", "email")]
    with smtp_server(port) as box:
        reminders.run(db, actor="boss", today=TODAY, env=dict(os.environ))
        returned = [m for m in box.received if "退回通知" in str(m.message["Subject"])]
        assert len(returned) == 1 and "退回意见：再次核对" in returned[0].message.get_content()


@pytest.mark.parametrize("fmt", ["json", "wecom", "dingtalk", "feishu"])
def test_the_webhook_receives_the_text_message_of_each_format(db, fmt):
    with webhook_server() as hook:
        report = reminders.run(db, actor="boss", today=TODAY, env=env_of(hook=hook, fmt=fmt))
        sent = [o for o in report.outcomes if o.channel == "webhook"]
        assert len(hook.posts) == len(sent) > 1 and all(o.state == "sent" for o in sent)
        assert hook.headers[0]["Content-Type"] == "application/json; charset=utf-8"
        first = hook.posts[0]
        if fmt == "json":
            assert first["kind"] == "due" and first["month"] == "2024-09" and first["due"] == "2024-10-05"
            assert first["link"] == f"{APP}/due" and first["subject"].startswith("【催报提醒】")
        else:
            reminder_text = f"{sent[0].subject}\n{sent[0].body}"
            assert first == webhook_payload(fmt, reminders.Message(sent[0].subject, sent[0].body, None), None)
            text = first["content"]["text"] if fmt == "feishu" else first["text"]["content"]
            assert text == reminder_text


def test_a_robots_refusal_is_recorded_as_a_failure(db):
    with webhook_server() as hook:
        hook.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
        report = reminders.run(db, actor="boss", today=TODAY, env=env_of(hook=hook, fmt="dingtalk"))
    errors = {o.error for o in report.outcomes if o.channel == "webhook"}
    assert errors == {"RuntimeError: the webhook refused the message: errcode 310000: keywords not in content"}


def test_a_dry_run_sends_and_writes_nothing_and_only_admins_run(db):
    with smtp_server() as box:
        report = reminders.run(db, actor="boss", today=TODAY, dry_run=True, env=env_of(box))
        assert box.received == []
    assert report.count("would_send") == 6 and report.count("sent") == 0  # mz, jz, boss: notice + e-mail each
    with db.connect() as conn:
        assert recent_deliveries(conn) == []
    assert notices_of(db, "mz") == []
    from targets.access import Denied

    with pytest.raises(Denied):
        reminders.run(db, actor="mz", today=TODAY, env=env_of())


def test_notices_are_each_accounts_own_and_marked_read(db):
    reminders.run(db, actor="boss", today=TODAY, env=env_of())
    assert reminders.unread_count(db, "mz") == 1
    own = reminders.notices(db, actor="mz")[0]
    reminders.mark_read(db, actor="jz", notice_id=own.id)  # not jz's: nothing changes
    assert reminders.unread_count(db, "mz") == 1
    reminders.mark_read(db, actor="mz", notice_id=own.id)
    assert reminders.unread_count(db, "mz") == 0 and reminders.notices(db, actor="mz")[0].read_at is not None


def test_cli_remind_run_and_notices_list(db, capsys):
    assert cli_main(["--db", db.target, "remind", "run", "--today", "2024-10-02", "--json", "--as", "boss"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert (run["today"], run["sent"], run["failed"]) == ("2024-10-02", 3, 0)
    assert cli_main(["--db", db.target, "remind", "run", "--today", "2024-10-02", "--json", "--as", "boss"]) == 0
    assert json.loads(capsys.readouterr().out)["already_sent"] == 3
    assert cli_main(["--db", db.target, "notices", "list", "--json", "--as", "mz"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["unread"] == 1 and listed["notices"][0]["subject"] == DUE_MZ
    assert listed["notices"][0]["month"] == "2024-09" and listed["notices"][0]["department"] == "省民政厅"
    assert cli_main(["--db", db.target, "remind", "run", "--json", "--as", "mz"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "denied"
    assert cli_main(["--db", db.target, "users", "set", "mz", "--lang", "en", "--json", "--as", "boss"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "user": "mz", "email": "mz@example.gov.cn", "lang": "en"}
    assert cli_main(["--db", db.target, "users", "set", "mz", "--email", "x@", "--json", "--as", "boss"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "bad_email"
    assert cli_main(["--db", db.target, "users", "list", "--json"]) == 0
    listed = {u["name"]: (u["email"], u["lang"]) for u in json.loads(capsys.readouterr().out)["users"]}
    assert listed["mz"] == ("mz@example.gov.cn", "en") and listed["official"] == (None, None)


def test_a_new_public_objection_is_in_the_administrators_digest_until_answered(db):
    from datetime import datetime

    from db import objections as stored_objections
    from targets.objections import Submission

    with db.transaction() as conn:
        for text in ("养老床位目标偏低，建议提高。", "请公开各市分解目标。"):
            stored_objections.insert(conn, Submission(2024, None, text), ip_hash="h", at=datetime(2024, 10, 1, 1))
    report = reminders.run(db, actor="boss", today=TODAY, env=env_of())
    digest = next(o for o in report.outcomes if o.recipient == "boss")
    assert "- 公示异议2条待回复" in digest.body.splitlines()
    reminders.run(db, actor="boss", today=date(2024, 10, 3), env=env_of())
    assert "公示异议2条待回复" in reminders.notices(db, actor="boss")[0].body


def test_a_delivery_another_run_is_sending_is_left_to_it_and_a_stale_claim_is_retried(db):
    from datetime import datetime, timedelta

    from db.audit import now
    from db.notices import record_delivery

    def claim(recipient: str, at: datetime) -> None:
        with db.transaction() as conn:
            record_delivery(
                conn,
                key="due:省民政厅:2024-09:3d" if recipient == "mz" else "due:省住建厅:2024-09:3d",
                kind="due",
                recipient=recipient,
                channel="email",
                department="省民政厅" if recipient == "mz" else "省住建厅",
                year=2024,
                month=9,
                due=date(2024, 10, 5),
                address=f"{recipient}@example.gov.cn",
                subject="s",
                body="b",
                error=None,
                at=at,
                claim=True,
            )

    claim("mz", now())  # a run beside this one is sending it right now
    claim("jz", now() - timedelta(hours=1))  # a run that claimed it an hour ago and never recorded the outcome
    with smtp_server() as box:
        report = reminders.run(db, actor="boss", today=TODAY, env=env_of(box))
        assert sorted(r for m in box.received for r in m.recipients) == ["boss@example.gov.cn", "jz@example.gov.cn"]
    assert report.already == 1
    with db.connect() as conn:
        states = {(d.recipient, d.channel): (d.state, d.attempts) for d in recent_deliveries(conn)}
    assert states[("mz", "email")] == ("sending", 0) and states[("jz", "email")] == ("sent", 1)
