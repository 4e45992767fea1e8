"""Who is due a reminder on which day, worked out by hand on the 2024 calendar with the default deadline day (the
5th of the next month): September's figures are due on 5 October 2024, August's on 5 September 2024.

    2024-10-01  4 days before: nothing with days 3,1
    2024-10-02  3 days before: a reminder to every department with September open or returned
    2024-10-03  2 days before: nothing
    2024-10-04  1 day before:  the second reminder
    2024-10-05  the deadline:  a reminder only with 0 among the days ("due today")
    2024-10-06  past it:       no deadline reminder; the month is missing in the digest (1 day late)
A submitted, approved or locked month gets none; a returned month gets the deadline reminders and a notice of
its own for each return (told apart by the time of the return).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from targets import reminders as rules
from targets.periods import CycleRow, PeriodState, due_date
from targets.reminders import DigestItem, Reminder

RETURNED_AT = datetime(2024, 10, 1, 2, 30)


def row(month: int, dept: str, state: PeriodState, today: date, **extra) -> CycleRow:
    due = due_date(2024, month)
    return CycleRow(
        year=2024,
        month=month,
        department=dept,
        state=state,
        due=due,
        submitted_at=extra.get("submitted_at"),
        submitted_by=None,
        decided_at=extra.get("decided_at"),
        decided_by=None,
        remark=extra.get("remark"),
        late=False,
        missing=state in (PeriodState.OPEN, PeriodState.RETURNED) and today > due,
        indicators=3,
        reported=0,
    )


def september(today: date) -> list[CycleRow]:
    return [
        row(9, "省民政厅", PeriodState.OPEN, today),
        row(9, "省住建厅", PeriodState.SUBMITTED, today, submitted_at=datetime(2024, 9, 30, 1)),
        row(9, "省卫健委", PeriodState.RETURNED, today, decided_at=RETURNED_AT, remark="6月数据有误"),
        row(9, "省教育厅", PeriodState.APPROVED, today),
        row(9, "省公安厅", PeriodState.LOCKED, today),
    ]


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (date(2024, 10, 1), (3, 1), []),
        (date(2024, 10, 2), (3, 1), [("省民政厅", "3d"), ("省卫健委", "3d")]),
        (date(2024, 10, 3), (3, 1), []),
        (date(2024, 10, 4), (3, 1), [("省民政厅", "1d"), ("省卫健委", "1d")]),
        (date(2024, 10, 5), (3, 1), []),
        (date(2024, 10, 5), (3, 1, 0), [("省民政厅", "0d"), ("省卫健委", "0d")]),
        (date(2024, 10, 6), (3, 1, 0), []),
        (date(2024, 9, 28), (7,), [("省民政厅", "7d"), ("省卫健委", "7d")]),
    ],
)
def test_a_deadline_reminder_goes_exactly_n_days_before_to_months_not_submitted(today, days, expected):
    found = rules.due_reminders(september(today), today, days)
    assert [(r.department, r.ref) for r in found] == expected
    assert all(r.kind == "due" and r.month == 9 and r.due == date(2024, 10, 5) for r in found)


def test_after_submission_nothing_is_due():
    today = date(2024, 10, 2)
    submitted = [row(9, "省民政厅", PeriodState.SUBMITTED, today, submitted_at=datetime(2024, 10, 1, 3))]
    assert rules.due_reminders(submitted, today, (3, 1)) == []
    assert rules.returned_reminders(submitted) == []


def test_a_returned_month_is_told_once_per_return():
    today = date(2024, 10, 2)
    found = rules.returned_reminders(september(today))
    assert [(r.department, r.ref, r.remark) for r in found] == [("省卫健委", "2024-10-01T02:30:00", "6月数据有误")]
    again = rules.returned_reminders(
        [row(9, "省卫健委", PeriodState.RETURNED, today, decided_at=datetime(2024, 10, 3, 9), remark="再改")]
    )
    assert again[0].key != found[0].key
    assert found[0].key == "returned:省卫健委:2024-09:2024-10-01T02:30:00"


def test_the_digest_groups_what_is_missing_and_waiting_per_department():
    today = date(2024, 10, 6)
    rows = [
        row(8, "省民政厅", PeriodState.OPEN, today),  # due 5 Sep: 31 days late
        row(9, "省民政厅", PeriodState.OPEN, today),  # due 5 Oct: 1 day late
        row(8, "省住建厅", PeriodState.APPROVED, today),
        row(9, "省住建厅", PeriodState.SUBMITTED, today, submitted_at=datetime(2024, 10, 4)),
        row(9, "省卫健委", PeriodState.RETURNED, today, decided_at=RETURNED_AT),  # 1 day late
    ]
    digest = rules.digest(rows, today, objections_waiting=2)
    assert digest is not None and digest.key == "digest:-:2024:2024-10-06"
    assert digest.items == (
        DigestItem("approval", "省住建厅", ((2024, 9),), 0),
        DigestItem("missing", "省民政厅", ((2024, 8), (2024, 9)), 31),
        DigestItem("missing", "省卫健委", ((2024, 9),), 1),
        DigestItem("objections", days=2),
    )
    body = rules.compose(digest, "zh").body.splitlines()
    assert body[1:5] == [
        "- 省住建厅：2024年9月已报送，待审核",
        "- 省民政厅：2024年8月、9月逾期未报送（最早一期已逾期31天）",
        "- 省卫健委：2024年9月逾期未报送（最早一期已逾期1天）",
        "- 公示异议2条待回复",
    ]


def test_a_day_with_nothing_to_chase_has_no_digest():
    today = date(2024, 10, 2)
    assert rules.digest([row(9, "省住建厅", PeriodState.APPROVED, today)], today) is None


def test_the_texts_name_the_department_month_deadline_and_link_in_the_recipients_language():
    reminder = Reminder("due", 2024, 9, "省民政厅", date(2024, 10, 5), "3d")
    zh = rules.compose(reminder, "zh", "https://tracker.example.gov.cn/")
    assert zh.subject == "【催报提醒】省民政厅2024年9月数据请于2024年10月5日前报送"
    assert zh.body.splitlines() == [
        "省民政厅：2024年9月的民生实事进展数据尚未报送，报送截止日为2024年10月5日（还有3天）。请按时上传并提交。",
        "查看：https://tracker.example.gov.cn/due",
        "——民生实事跟踪系统（自动发送，请勿回复）",
    ]
    en = rules.compose(reminder, "en", None)
    assert (
        en.subject
        == "[Reminder] Department of Civil Affairs of Jilin Province: figures for September 2024 due by 5 October 2024"
    )
    assert en.link is None and "http" not in en.body
    returned = rules.compose(Reminder("returned", 2024, 9, "省卫健委", date(2024, 10, 5), "x", "6月数据有误"), "zh")
    assert returned.subject == "【退回通知】省卫健委2024年9月数据已被退回，请修改后重新提交"
    assert "退回意见：6月数据有误" in returned.body


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("wecom", {"msgtype": "text", "text": {"content": "标题\n正文"}}),
        ("dingtalk", {"msgtype": "text", "text": {"content": "标题\n正文"}}),
        ("feishu", {"msg_type": "text", "content": {"text": "标题\n正文"}}),
        (
            "json",
            {
                "kind": "due",
                "department": "省民政厅",
                "month": "2024-09",
                "due": "2024-10-05",
                "subject": "标题",
                "text": "正文",
                "link": None,
            },
        ),
    ],
)
def test_the_webhook_payload_is_the_robots_text_message(fmt, expected):
    reminder = Reminder("due", 2024, 9, "省民政厅", date(2024, 10, 5), "3d")
    assert rules.webhook_payload(fmt, rules.Message("标题", "正文", None), reminder) == expected


def test_a_robots_refusal_in_a_200_answer_is_a_failure():
    assert rules.webhook_refusal("wecom", {"errcode": 0, "errmsg": "ok"}) is None
    assert rules.webhook_refusal("dingtalk", {"errcode": 310000, "errmsg": "keywords not in content"}) == (
        "errcode 310000: keywords not in content"
    )
    assert rules.webhook_refusal("feishu", {"code": 19021, "msg": "sign match fail"}) == "code 19021: sign match fail"
    assert rules.webhook_refusal("json", {"errcode": 1}) is None


def test_settings_are_read_from_the_environment_and_bad_ones_named(tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret\n", encoding="utf-8")
    s = rules.settings_from(
        {
            "LIVELIHOOD_REMIND_DAYS": "1, 3，7",
            "LIVELIHOOD_SMTP_HOST": "mail.example.gov.cn",
            "LIVELIHOOD_SMTP_SECURITY": "ssl",
            "LIVELIHOOD_SMTP_USER": "tracker@example.gov.cn",
            "LIVELIHOOD_SMTP_PASSWORD_FILE": str(secret),
            "LIVELIHOOD_WEBHOOK_URL": "https://qyapi.example/send?key=k",
            "LIVELIHOOD_WEBHOOK_FORMAT": "WeCom",
        }
    )
    assert s.days == (7, 3, 1) and s.smtp_port == 465 and s.smtp_password == "s3cret"
    assert s.smtp_from == "tracker@example.gov.cn" and s.webhook_format == "wecom"
    assert rules.settings_from({}) == rules.Settings()
    for env, named in [
        ({"LIVELIHOOD_REMIND_DAYS": "3,x"}, "LIVELIHOOD_REMIND_DAYS"),
        ({"LIVELIHOOD_SMTP_SECURITY": "tls"}, "LIVELIHOOD_SMTP_SECURITY"),
        ({"LIVELIHOOD_SMTP_HOST": "mail", "LIVELIHOOD_SMTP_FROM": "nobody"}, "LIVELIHOOD_SMTP_FROM"),
        ({"LIVELIHOOD_SMTP_PORT": "99999"}, "LIVELIHOOD_SMTP_PORT"),
        ({"LIVELIHOOD_WEBHOOK_FORMAT": "slack"}, "LIVELIHOOD_WEBHOOK_FORMAT"),
        ({"LIVELIHOOD_WEBHOOK_URL": "ftp://x"}, "LIVELIHOOD_WEBHOOK_URL"),
        ({"LIVELIHOOD_SMTP_PASSWORD_FILE": str(tmp_path / "none")}, "LIVELIHOOD_SMTP_PASSWORD_FILE"),
    ]:
        with pytest.raises(rules.SettingsError, match=named):
            rules.settings_from(env)


def test_a_failed_delivery_is_retried_only_while_it_still_matters():
    today = date(2024, 10, 4)
    open_row, returned = september(today)[0], september(today)[2]
    submitted = row(9, "省民政厅", PeriodState.SUBMITTED, today)
    assert rules.still_due("due", open_row, today) and rules.still_due("due", returned, today)
    assert not rules.still_due("due", submitted, today)
    assert not rules.still_due("due", open_row, date(2024, 10, 6))
    assert rules.still_due("returned", returned, today) and not rules.still_due("returned", submitted, today)
    assert not rules.still_due("digest", None, today)


@pytest.mark.parametrize(
    ("text", "ok"),
    [("a@b.cn", True), ("zhang.san@mz.jl.gov.cn", True), ("bad", False), ("a b@c.cn", False), ("<a@b.cn>", False)],
)
def test_an_accounts_email_is_one_plain_address(text, ok):
    assert rules.valid_email(text) is ok
