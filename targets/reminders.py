"""Reminders (催报提醒), as pure rules: who is due a reminder on which day, the texts, the webhook payloads and the
settings read from the environment. services.reminders sends them and keeps the record."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from email.utils import parseaddr

from targets.i18n import t
from targets.periods import CycleRow, PeriodState, day_text, department_label, month_text

DEFAULT_DAYS = (3, 1)
SECURITIES = ("starttls", "ssl", "none")
WEBHOOK_FORMATS = ("json", "wecom", "dingtalk", "feishu")
CHANNELS = ("app", "email", "webhook")
WEBHOOK_RECIPIENT = "#webhook"  # the group a webhook posts to: one message per reminder, not per person
MAX_ATTEMPTS = 5  # a failed delivery is retried by the next runs until this many attempts


class SettingsError(ValueError):
    """A LIVELIHOOD_* reminder setting that cannot be used, named."""


@dataclass(frozen=True)
class Settings:
    """The reminder settings (LIVELIHOOD_REMIND_DAYS, LIVELIHOOD_SMTP_*, LIVELIHOOD_WEBHOOK_*, LIVELIHOOD_APP_URL)."""

    days: tuple[int, ...] = DEFAULT_DAYS
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = None
    smtp_security: str = "starttls"
    smtp_timeout: float = 10.0
    webhook_url: str | None = None
    webhook_format: str = "json"
    app_url: str | None = None

    @property
    def email(self) -> bool:
        return bool(self.smtp_host)

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)


def parse_days(text: str) -> tuple[int, ...]:
    """「3,1」 -> (3, 1): the days before a deadline on which reporters are reminded."""
    days = []
    for part in re.split(r"[,\s，、]+", text.strip()):
        if not part:
            continue
        if not part.isdigit() or not 0 <= int(part) <= 60:
            raise SettingsError(f"LIVELIHOOD_REMIND_DAYS: {part!r} is not a number of days 0..60 (e.g. 3,1).")
        days.append(int(part))
    return tuple(sorted(set(days), reverse=True))


def settings_from(env: Mapping[str, str]) -> Settings:
    """The settings from an environment; a bad value raises SettingsError naming the variable."""

    def get(name: str) -> str | None:
        value = (env.get(f"LIVELIHOOD_{name}") or "").strip()
        return value or None

    security = (get("SMTP_SECURITY") or "starttls").lower()
    if security not in SECURITIES:
        raise SettingsError(f"LIVELIHOOD_SMTP_SECURITY must be one of {', '.join(SECURITIES)}, not {security!r}.")
    port_text = get("SMTP_PORT")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    if port_text is not None and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        raise SettingsError(f"LIVELIHOOD_SMTP_PORT must be a port number, not {port_text!r}.")
    password = get("SMTP_PASSWORD")
    password_file = get("SMTP_PASSWORD_FILE")
    if password is None and password_file is not None:
        try:
            with open(password_file, encoding="utf-8") as fh:
                password = fh.read().strip() or None
        except OSError as exc:
            raise SettingsError(f"LIVELIHOOD_SMTP_PASSWORD_FILE: cannot read {password_file}: {exc.strerror}.") from exc
    sender = get("SMTP_FROM") or get("SMTP_USER")
    host = get("SMTP_HOST")
    if host and not (sender and "@" in parseaddr(sender)[1]):
        raise SettingsError("LIVELIHOOD_SMTP_FROM must be an e-mail address (the sender of the reminders).")
    fmt = (get("WEBHOOK_FORMAT") or "json").lower()
    if fmt not in WEBHOOK_FORMATS:
        raise SettingsError(f"LIVELIHOOD_WEBHOOK_FORMAT must be one of {', '.join(WEBHOOK_FORMATS)}, not {fmt!r}.")
    url = get("WEBHOOK_URL")
    if url and not url.startswith(("http://", "https://")):
        raise SettingsError(f"LIVELIHOOD_WEBHOOK_URL must be an http(s) URL, not {url!r}.")
    timeout_text = get("SMTP_TIMEOUT")
    try:
        timeout = float(timeout_text) if timeout_text else 10.0
    except ValueError as exc:
        raise SettingsError(f"LIVELIHOOD_SMTP_TIMEOUT must be seconds, not {timeout_text!r}.") from exc
    return Settings(
        days=parse_days(get("REMIND_DAYS") or ",".join(map(str, DEFAULT_DAYS))),
        smtp_host=host,
        smtp_port=int(port_text) if port_text else default_port,
        smtp_user=get("SMTP_USER"),
        smtp_password=password,
        smtp_from=sender,
        smtp_security=security,
        smtp_timeout=timeout,
        webhook_url=url,
        webhook_format=fmt,
        app_url=get("APP_URL"),
    )


def valid_email(text: str) -> bool:
    """One plain address (name@host.tld), as an account's e-mail is stored."""
    name, address = parseaddr(text)
    return not name and address == text and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) is not None


# --- who is due a reminder ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    """One line of an administrator's digest."""

    kind: str  # missing | approval | objections
    department: str | None = None
    months: tuple[tuple[int, int], ...] = ()  # (year, month), oldest first
    days: int = 0  # days the oldest month is late (missing); the number of objections waiting (objections)


@dataclass(frozen=True)
class Reminder:
    """One reminder, before it is addressed to anyone: what happened, for which department and month."""

    kind: str  # due | returned | digest
    year: int
    month: int | None
    department: str | None
    due: date | None
    ref: str  # the days before the deadline (3d), the time of the return, or the digest's day
    remark: str | None = None
    items: tuple[DigestItem, ...] = field(default=())

    @property
    def key(self) -> str:
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.kind}:{self.department or '-'}:{period}:{self.ref}"

    @property
    def days_before(self) -> int | None:
        return int(self.ref[:-1]) if self.kind == "due" else None


NOT_SUBMITTED = (PeriodState.OPEN, PeriodState.RETURNED)


def due_reminders(rows: Iterable[CycleRow], today: date, days: Iterable[int]) -> list[Reminder]:
    """Each department's month not yet submitted whose deadline is exactly N days after today, N in days."""
    wanted = set(days)
    out = []
    for row in rows:
        left = (row.due - today).days
        if row.state in NOT_SUBMITTED and left in wanted:
            out.append(Reminder("due", row.year, row.month, row.department, row.due, f"{left}d"))
    return out


def returned_reminders(rows: Iterable[CycleRow]) -> list[Reminder]:
    """Each month now returned to its department; the time of the return tells a second return from the first."""
    return [
        Reminder(
            "returned",
            r.year,
            r.month,
            r.department,
            r.due,
            r.decided_at.isoformat() if r.decided_at else "returned",
            r.remark,
        )
        for r in rows
        if r.state is PeriodState.RETURNED
    ]


def digest(rows: Iterable[CycleRow], today: date, objections_waiting: int = 0) -> Reminder | None:
    """The administrators' daily digest: months waiting for approval, months missing past their deadline, and
    objections waiting for a reply; None on a day with nothing to chase."""
    rows = list(rows)
    items = [_grouped("approval", [r for r in rows if r.state is PeriodState.SUBMITTED], today)]
    items += [_grouped("missing", [r for r in rows if r.missing], today)]
    items = [i for group in items for i in group]
    if objections_waiting:
        items.append(DigestItem("objections", days=objections_waiting))
    if not items:
        return None
    return Reminder("digest", today.year, None, None, None, today.isoformat(), items=tuple(items))


def _grouped(kind: str, rows: list[CycleRow], today: date) -> list[DigestItem]:
    """One digest line per department, its months oldest first, in the plan's order of departments."""
    by_dept: dict[str, list[CycleRow]] = {}
    for r in rows:
        by_dept.setdefault(r.department, []).append(r)
    out = []
    for dept, found in by_dept.items():
        found.sort(key=lambda r: (r.year, r.month))
        days = found[0].days_late(today) if kind == "missing" else 0
        out.append(DigestItem(kind, dept, tuple((r.year, r.month) for r in found), days))
    return out


def still_due(delivery_kind: str, row: CycleRow | None, today: date) -> bool:
    """Whether a failed delivery is still worth retrying: a deadline reminder until the month is submitted or its
    deadline passed, a return while the month stays returned, a digest on its own day only."""
    if delivery_kind == "due":
        return row is not None and row.state in NOT_SUBMITTED and today <= row.due
    if delivery_kind == "returned":
        return row is not None and row.state is PeriodState.RETURNED
    return False


# --- the texts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    link: str | None


PAGE_OF = {"due": "due", "returned": "due", "digest": "completeness"}


def link_for(reminder: Reminder, app_url: str | None) -> str | None:
    """The page a reminder points at, under the app's public address (LIVELIHOOD_APP_URL), if one is set."""
    if not app_url:
        return None
    return f"{app_url.rstrip('/')}/{PAGE_OF[reminder.kind]}"


def compose(reminder: Reminder, lang: str = "zh", app_url: str | None = None) -> Message:
    """A reminder's subject and body in the recipient's language (zh unless the account says en)."""
    lang = "en" if lang == "en" else "zh"
    link = link_for(reminder, app_url)
    if reminder.kind == "digest":
        subject = t("remind.digest.subject", lang, day=day_text(date.fromisoformat(reminder.ref), lang))
        lines = [t("remind.digest.intro", lang)]
        lines += [f"- {_digest_line(item, lang)}" for item in reminder.items]
    else:
        values = {
            "department": department_label(reminder.department, lang),
            "month": month_text(reminder.year, reminder.month or 1, lang),
            "deadline": day_text(reminder.due, lang) if reminder.due else "",
            "days": reminder.days_before if reminder.days_before is not None else 0,
        }
        kind = reminder.kind
        if kind == "due" and reminder.days_before == 0:
            kind = "due_today"
        subject = t(f"remind.{kind}.subject", lang, **values)
        lines = [t(f"remind.{kind}.body", lang, **values)]
        if reminder.kind == "returned" and reminder.remark:
            lines.append(t("remind.returned.remark", lang, remark=reminder.remark))
    if link:
        lines.append(t("remind.link", lang, link=link))
    lines.append(t("remind.footer", lang))
    return Message(subject, "\n".join(lines), link)


def months_text(months: Iterable[tuple[int, int]], lang: str = "zh") -> str:
    """Several months, each year named once: 2024年1月、2月、3月 / January, February, March 2024."""
    by_year: dict[int, list[int]] = {}
    for y, m in months:
        by_year.setdefault(y, []).append(m)
    if lang == "en":
        return "; ".join(
            ", ".join(month_text(y, m, "en").rsplit(" ", 1)[0] for m in ms) + f" {y}" for y, ms in by_year.items()
        )
    return "；".join(f"{y}年" + "、".join(f"{m}月" for m in ms) for y, ms in by_year.items())


def _digest_line(item: DigestItem, lang: str) -> str:
    if item.kind == "objections":
        return t("remind.digest.objections", lang, n=item.days)
    return t(
        f"remind.digest.{item.kind}",
        lang,
        department=department_label(item.department, lang),
        month=months_text(item.months, lang),
        days=item.days,
    )


# --- the webhook ------------------------------------------------------------------------------------


def webhook_payload(fmt: str, message: Message, reminder: Reminder) -> dict:
    """The JSON a group robot takes as a text message: WeCom (企业微信) and DingTalk (钉钉) {"msgtype": "text",
    "text": {"content": …}}, Feishu (飞书) {"msg_type": "text", "content": {"text": …}}; plain json gives the
    reminder's fields as well."""
    text = f"{message.subject}\n{message.body}"
    if fmt in ("wecom", "dingtalk"):
        return {"msgtype": "text", "text": {"content": text}}
    if fmt == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    return {
        "kind": reminder.kind,
        "department": reminder.department,
        "month": f"{reminder.year}-{reminder.month:02d}" if reminder.month else None,
        "due": reminder.due.isoformat() if reminder.due else None,
        "subject": message.subject,
        "text": message.body,
        "link": message.link,
    }


def webhook_refusal(fmt: str, answer: object) -> str | None:
    """The robot's own refusal in a 200 answer (errcode / code not 0), or None when it took the message."""
    if not isinstance(answer, dict) or fmt == "json":
        return None
    for key in ("errcode", "code", "StatusCode"):
        if key in answer and answer[key] not in (0, "0"):
            return f"{key} {answer[key]}: {answer.get('errmsg') or answer.get('msg') or answer.get('StatusMessage')}"
    return None
