"""Objections (异议), the domain: the fields' limits, the rate-limit boundaries, masking personal data before
publication, the workflow's steps, and which client address a submission counts against."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from objection_service.app import client_ip, trusted_proxies
from targets.objections import (
    MASK,
    Limits,
    Objection,
    State,
    Submission,
    Window,
    clean,
    publish_problems,
    rate_refusal,
    retry_after,
    scrub,
    step_problem,
    submission_problems,
)

TASKS = {"EMP-01", "EDU-02"}
DEFAULT = Limits()


def codes(sub: Submission, limits: Limits = DEFAULT) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in submission_problems(sub, TASKS, limits)]


def test_a_plain_objection_to_a_task_or_to_the_list_in_general_has_no_problem():
    assert codes(Submission(2024, "EMP-01", "进度数字与实际不符")) == []
    assert codes(Submission(2024, None, "整体进度偏慢", "张三", "13912345678")) == []


def test_the_text_length_boundaries():
    limits = Limits(text_min=5, text_max=10)
    assert codes(Submission(2024, None, "一二三四"), limits) == [("text", "too_short")]
    assert codes(Submission(2024, None, "一二三四五"), limits) == []
    assert codes(Submission(2024, None, "一" * 10), limits) == []
    assert codes(Submission(2024, None, "一" * 11), limits) == [("text", "too_long")]


def test_name_and_contact_are_limited_and_single_line():
    assert codes(Submission(2024, None, "进度数字不符", "张" * 51)) == [("name", "too_long")]
    assert codes(Submission(2024, None, "进度数字不符", "张三", "1" * 101)) == [("contact", "too_long")]
    assert codes(Submission(2024, None, "进度数字不符", "张\n三")) == [("name", "control")]
    assert codes(Submission(2024, None, "第一行\n第二行也是内容")) == []  # the text may have lines
    assert codes(Submission(2024, None, "进度\x00数字不符")) == [("text", "control")]
    assert codes(Submission(2024, None, "进度\u202e数字不符")) == [("text", "control")]


def test_an_unknown_task_is_named():
    problems = submission_problems(Submission(2024, "NOPE-9", "进度数字不符"), TASKS, Limits())
    assert [(p.field, p.code) for p in problems] == [("task", "unknown_task")]
    assert "NOPE-9" in problems[0].zh and "NOPE-9" in problems[0].en


def test_clean_normalises_line_ends_and_blanks():
    assert clean("  a\r\nb\rc  ") == "a\nb\nc"
    assert clean(None) == ""


def test_the_rate_limit_accepts_the_nth_while_n_is_within_the_limit():
    limits = Limits(per_ip=5, overall=200)
    assert rate_refusal(4, 4, limits) is None  # the 5th of the hour
    assert rate_refusal(5, 5, limits) == "per_ip"  # the 6th
    assert rate_refusal(0, 199, limits) is None  # the 200th overall
    assert rate_refusal(0, 200, limits) == "overall"
    assert rate_refusal(5, 200, limits) == "per_ip"  # the address's own limit is named first


def test_retry_after_is_when_the_oldest_counted_leaves_the_hour():
    limits = Limits(period=timedelta(hours=1))
    oldest = datetime(2024, 10, 10, 10, 0, 0)
    assert retry_after(oldest, datetime(2024, 10, 10, 10, 59, 59), limits) == 1
    assert retry_after(oldest, datetime(2024, 10, 10, 10, 30, 0), limits) == 1800
    assert retry_after(oldest, datetime(2024, 10, 10, 10, 30, 0, 500_000), limits) == 1800  # 1799.5 s rounds up
    assert retry_after(None, datetime(2024, 10, 10, 10, 30), limits) == 1


def test_limits_from_the_environment_and_a_bad_value_named():
    limits = Limits.from_env({"LIVELIHOOD_OBJECTION_PER_IP": "3", "LIVELIHOOD_OBJECTION_PERIOD_MINUTES": "10"})
    assert (limits.per_ip, limits.overall, limits.period) == (3, 200, timedelta(minutes=10))
    with pytest.raises(ValueError, match="LIVELIHOOD_OBJECTION_OVERALL"):
        Limits.from_env({"LIVELIHOOD_OBJECTION_OVERALL": "many"})
    with pytest.raises(ValueError, match="at least 1"):
        Limits.from_env({"LIVELIHOOD_OBJECTION_PER_IP": "0"})


def test_the_window_includes_both_its_days():
    w = Window(date(2024, 10, 10), date(2024, 10, 16), "setting")
    assert [w.is_open(date(2024, 10, d)) for d in (9, 10, 16, 17)] == [False, True, True, False]


def test_scrub_masks_the_submitters_name_contact_phones_mails_and_id_numbers():
    text = (
        "我是张三，电话139 1234 5678，邮箱 zs@example.com，身份证22010119800101123X，座机0431-88881234。王五小区进度慢"
    )
    out = scrub(text, "张三", "wx: zhangsan_01")
    assert out == (f"我是{MASK}，电话{MASK}，邮箱 {MASK}，身份证{MASK}，座机{MASK}。王五小区进度慢")
    assert scrub("张三说进度慢", "张三", "") == f"{MASK}说进度慢"
    assert scrub("数量12345678910个", "", "") == "数量12345678910个"  # an 11-digit count not starting 1[3-9] stays


def test_publishing_refuses_a_question_that_still_holds_personal_data():
    ok = publish_problems("某小区改造进度与公示不符", "已核实更正", "张三", "13912345678")
    assert ok == []
    assert [p.code for p in publish_problems("张三反映进度不符", "已核实", "张三", "")] == ["personal_data"]
    assert [p.code for p in publish_problems("请回电 13912345678", "已核实", "", "")] == ["personal_data"]
    assert [p.code for p in publish_problems("写信到 a@b.cn", "已核实", "", "")] == ["personal_data"]
    assert [p.code for p in publish_problems("某小区进度", "", "", "")] == ["no_reply"]
    assert [p.code for p in publish_problems(" ", "已核实", "", "")] == ["no_question"]


def _objection(state: State) -> Objection:
    return Objection(1, 2024, None, "进度不符", None, None, datetime(2024, 10, 10), state)


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (State.NEW, {"reply", "reject"}),
        (State.REPLIED, {"reply", "publish", "reject"}),
        (State.PUBLISHED, set()),
        (State.REJECTED, set()),
    ],
)
def test_the_workflow_steps_each_state_allows(state, allowed):
    assert {s for s in ("reply", "publish", "reject") if step_problem(_objection(state), s) is None} == allowed


def test_publishing_a_new_objection_asks_for_a_reply_first():
    assert step_problem(_objection(State.NEW), "publish").code == "no_reply"
    assert step_problem(_objection(State.PUBLISHED), "reply").code == "wrong_state"


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    none = trusted_proxies("")
    assert client_ip("203.0.113.9", "198.51.100.1", none) == "203.0.113.9"
    proxy = trusted_proxies("127.0.0.1, 10.0.0.0/8")
    assert client_ip("203.0.113.9", "198.51.100.1", proxy) == "203.0.113.9"  # not from the proxy: ignored
    assert client_ip("127.0.0.1", "198.51.100.1", proxy) == "198.51.100.1"
    # A client's own X-Forwarded-For is at the left; the proxies append at the right: read from the right.
    assert client_ip("127.0.0.1", "1.2.3.4, 198.51.100.1", proxy) == "198.51.100.1"
    assert client_ip("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.7", proxy) == "198.51.100.1"
    assert client_ip("127.0.0.1", "garbage, 10.0.0.7", proxy) == "10.0.0.7"
    assert client_ip("127.0.0.1", None, proxy) == "127.0.0.1"


def test_a_bad_trusted_proxy_setting_is_named():
    with pytest.raises(ValueError, match="not-an-ip"):
        trusted_proxies("127.0.0.1,not-an-ip")
