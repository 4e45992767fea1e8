"""Objections (异议) to a public disclosure: what the public may submit, the window it is open, the rate limit,
and the rules of the reply workflow (new → replied → published, or rejected). Plain values, no store.

A question is published only as an administrator edited it: the text people typed may hold their name, a
phone number or an e-mail address, so the published question must hold none of the submitter's name or
contact and no phone number or e-mail address at all (`publish_problems`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class State(StrEnum):
    NEW = "new"
    REPLIED = "replied"
    PUBLISHED = "published"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Limits:
    """Sizes and the rate limit; every one a setting (LIVELIHOOD_OBJECTION_*), defaults below."""

    text_min: int = 5
    text_max: int = 2000
    name_max: int = 50
    contact_max: int = 100
    reason_max: int = 2000
    body_max: int = 16_384  # bytes of a form post, checked before it is parsed
    per_ip: int = 5  # stored objections per client address within `period`
    overall: int = 200  # stored objections from everyone within `period`
    period: timedelta = timedelta(hours=1)
    token_max_age: timedelta = timedelta(hours=2)  # how long a form page's token is good

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Limits:
        env = os.environ if env is None else env
        base = cls()

        def number(key: str, default: int) -> int:
            raw = env.get(f"LIVELIHOOD_OBJECTION_{key}")
            if raw is None or not raw.strip():
                return default
            try:
                value = int(raw)
            except ValueError as exc:
                raise ValueError(f"LIVELIHOOD_OBJECTION_{key}={raw!r} is not a whole number") from exc
            if value < 1:
                raise ValueError(f"LIVELIHOOD_OBJECTION_{key}={raw!r} must be at least 1")
            return value

        return cls(
            text_max=number("TEXT_MAX", base.text_max),
            per_ip=number("PER_IP", base.per_ip),
            overall=number("OVERALL", base.overall),
            period=timedelta(minutes=number("PERIOD_MINUTES", int(base.period.total_seconds() // 60))),
        )


@dataclass(frozen=True)
class Window:
    """The days objections are taken, both inclusive, in the configured zone's calendar; where it was set."""

    opens: date
    closes: date
    source: str  # edition | env | setting

    def is_open(self, day: date) -> bool:
        return self.opens <= day <= self.closes


def window_problem(opens: date, closes: date) -> str | None:
    if closes < opens:
        return f"The window closes ({closes}) before it opens ({opens})."
    return None


@dataclass(frozen=True)
class Problem:
    """Something wrong with a submission or an administrator's step: the field, a stable code, zh and en."""

    field: str
    code: str
    en: str
    zh: str

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Submission:
    """What a member of the public sent: a task of the plan (or None for the list in general), the text, and
    optionally a name and a contact (personal data: stored, shown to administrators only)."""

    year: int
    task_code: str | None
    text: str
    name: str = ""
    contact: str = ""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Form text as stored: NFC, line ends as \\n, surrounding blanks dropped (control characters are checked,
    not silently removed)."""
    text = unicodedata.normalize("NFC", text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _length(field: str, value: str, most: int, label_en: str, label_zh: str) -> Problem | None:
    if len(value) > most:
        return Problem(
            field,
            "too_long",
            f"{label_en} is {len(value)} characters long; at most {most} are accepted.",
            f"{label_zh}共{len(value)}字，最多{most}字。",
        )
    return None


def submission_problems(sub: Submission, task_codes: set[str] | frozenset[str], limits: Limits) -> list[Problem]:
    """Everything wrong with a submission, each naming its field; an empty list when it may be stored."""
    found: list[Problem] = []
    if sub.task_code is not None and sub.task_code not in task_codes:
        found.append(
            Problem(
                "task",
                "unknown_task",
                f"There is no task {sub.task_code} in the {sub.year} list.",
                f"{sub.year}年清单中没有任务 {sub.task_code}。",
            )
        )
    if len(sub.text) < limits.text_min:
        found.append(
            Problem(
                "text",
                "too_short",
                f"Please write your objection (at least {limits.text_min} characters).",
                f"请填写异议内容（至少{limits.text_min}字）。",
            )
        )
    for field, value, most, en, zh in (
        ("text", sub.text, limits.text_max, "The objection", "异议内容"),
        ("name", sub.name, limits.name_max, "The name", "姓名"),
        ("contact", sub.contact, limits.contact_max, "The contact", "联系方式"),
    ):
        problem = _length(field, value, most, en, zh)
        if problem:
            found.append(problem)
        allowed_breaks = field == "text"
        if _CONTROL.search(value) or (not allowed_breaks and ("\n" in value or "\t" in value)):
            found.append(Problem(field, "control", f"{en} holds control characters.", f"{zh}含有不可见的控制字符。"))
    return found


def rate_refusal(by_ip: int, overall: int, limits: Limits) -> str | None:
    """Which limit a new submission would break ("per_ip" or "overall"), given the stored submissions within
    the period: from this address and from everyone. The n-th of a period is accepted while n ≤ the limit."""
    if by_ip >= limits.per_ip:
        return "per_ip"
    if overall >= limits.overall:
        return "overall"
    return None


def retry_after(oldest_in_period: datetime | None, now: datetime, limits: Limits) -> int:
    """Seconds until the oldest submission counted leaves the period (so one more is accepted), at least 1."""
    if oldest_in_period is None:
        return 1
    return max(1, int((oldest_in_period + limits.period - now).total_seconds() + 0.999))


# --- what may be published -------------------------------------------------------------------------------

_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}[- ]?\d{7,8})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MASK = "＊＊＊"


def scrub(text: str, name: str = "", contact: str = "") -> str:
    """A first draft of the question to publish: the submitter's name and contact, phone numbers, e-mail
    addresses and ID-card numbers masked. The administrator reads and edits it before publishing."""
    out = text
    for personal in sorted({p.strip() for p in (name, contact) if p and len(p.strip()) >= 2}, key=len, reverse=True):
        out = out.replace(personal, MASK)
    for pattern in (_ID_CARD, _EMAIL, _PHONE):
        out = pattern.sub(MASK, out)
    return out


def publish_problems(question: str, reply: str | None, name: str = "", contact: str = "") -> list[Problem]:
    """Why a reply may not be published with this question: nothing to publish, or personal data left in it."""
    found: list[Problem] = []
    if not (reply or "").strip():
        found.append(Problem("reply", "no_reply", "Write a reply before publishing it.", "请先填写答复，再发布。"))
    if len(question.strip()) < 2:
        found.append(
            Problem("question", "no_question", "Give the question as it will be published.", "请填写要公开的问题。")
        )
    leaked = [p.strip() for p in (name, contact) if p and len(p.strip()) >= 2 and p.strip() in question]
    if leaked or _PHONE.search(question) or _EMAIL.search(question) or _ID_CARD.search(question):
        found.append(
            Problem(
                "question",
                "personal_data",
                "The question to publish still holds personal data (the submitter's name or contact, a phone "
                "number, an e-mail address or an ID-card number); remove it first.",
                "待公开的问题仍含个人信息（提交人姓名或联系方式、电话号码、电子邮箱或身份证号），请先删除。",
            )
        )
    return found


@dataclass(frozen=True)
class Objection:
    """One stored objection with its workflow; name and contact are personal data (administrators only)."""

    id: int
    year: int
    task_code: str | None
    text: str
    name: str | None
    contact: str | None
    submitted_at: datetime
    state: State
    reply: str | None = None
    replied_by: str | None = None
    replied_at: datetime | None = None
    question: str | None = None  # as published (edited, personal data removed)
    published_by: str | None = None
    published_at: datetime | None = None
    reason: str | None = None  # why it was rejected
    rejected_by: str | None = None
    rejected_at: datetime | None = None

    def as_json(self) -> dict[str, object]:
        def at(value: datetime | None) -> str | None:
            return value.isoformat(sep=" ", timespec="seconds") if value else None

        return {
            "id": self.id,
            "year": self.year,
            "task": self.task_code,
            "text": self.text,
            "name": self.name,
            "contact": self.contact,
            "submitted_at": at(self.submitted_at),
            "state": self.state.value,
            "reply": self.reply,
            "replied_by": self.replied_by,
            "replied_at": at(self.replied_at),
            "question": self.question,
            "published_by": self.published_by,
            "published_at": at(self.published_at),
            "reason": self.reason,
            "rejected_by": self.rejected_by,
            "rejected_at": at(self.rejected_at),
        }


def step_problem(objection: Objection, step: str) -> Problem | None:
    """Whether the workflow allows a step now: reply (new or replied), publish (replied), reject (new or
    replied). A published or rejected objection is final."""
    allowed = {
        "reply": {State.NEW, State.REPLIED},
        "publish": {State.REPLIED},
        "reject": {State.NEW, State.REPLIED},
    }[step]
    if objection.state in allowed:
        return None
    if step == "publish" and objection.state is State.NEW:
        return Problem("reply", "no_reply", "Write a reply before publishing it.", "请先填写答复，再发布。")
    words = {
        State.NEW: ("new", "待处理"),
        State.REPLIED: ("replied", "已答复"),
        State.PUBLISHED: ("published", "已公开"),
        State.REJECTED: ("rejected", "不予受理"),
    }[objection.state]
    return Problem(
        "state",
        "wrong_state",
        f"Objection {objection.id} is {words[0]}; it can no longer be changed that way.",
        f"异议 {objection.id} 状态为「{words[1]}」，不能再执行此操作。",
    )
