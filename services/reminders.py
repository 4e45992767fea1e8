"""Reminders (催报提醒): before each deadline and when a month is returned, the department's reporters get an
in-app notice, an e-mail (SMTP) and the group a webhook post; administrators get a daily digest. Every delivery
(reminder, recipient, channel) is on record, so a second run sends nothing twice and a failure is retried."""

from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from db import audit
from db import notices as stored
from db.audit import now
from db.catalogue import plan_years
from db.meta import bump_data_version
from db.notices import Contact, Delivery
from db.store import Store
from services.access import acting_user, authorize, logging_denials
from services.cycle import cycle_rows, local_today
from targets import reminders as rules
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from targets.periods import CycleRow
from targets.reminders import Message, Reminder, Settings

log = logging.getLogger(__name__)
CLAIM_TIMEOUT = timedelta(minutes=15)  # a delivery claimed this long ago by a run that never recorded it is retried
SENDER_NAME = "民生实事跟踪"


def settings(env: Mapping[str, str] | None = None) -> Settings:
    """The reminder settings from the environment (LIVELIHOOD_REMIND_DAYS, _SMTP_*, _WEBHOOK_*, _APP_URL)."""
    try:
        return rules.settings_from(os.environ if env is None else env)
    except rules.SettingsError as exc:
        raise Refusal("bad_settings", str(exc), f"提醒设置有误：{exc}") from exc


# --- the channels --------------------------------------------------------------------------------------


def email_message(s: Settings, to: str, message: Message) -> EmailMessage:
    """A UTF-8 e-mail: the Chinese subject and sender name encoded per RFC 2047 by the stdlib's email policy, the
    body in base64."""
    mail = EmailMessage()
    sender = s.smtp_from or ""
    local, _, domain = sender.partition("@")
    mail["From"] = Address(SENDER_NAME, local, domain)
    mail["To"] = to
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=domain or None)
    mail.set_content(message.body, charset="utf-8", cte="base64")  # 7-bit safe on any relay
    return mail


def send_email(s: Settings, to: str, message: Message) -> None:
    """Send one e-mail through the configured SMTP server; raises on any failure."""
    mail = email_message(s, to, message)
    context = ssl.create_default_context()
    if s.smtp_security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, context=context)
    else:
        client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
    with client:
        if s.smtp_security == "starttls":
            client.starttls(context=context)
        if s.smtp_user:
            client.login(s.smtp_user, s.smtp_password or "")
        client.send_message(mail)


def post_webhook(s: Settings, payload: dict) -> None:
    """POST the JSON to the configured webhook; raises on an HTTP error or a robot's refusal (errcode ≠ 0)."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        s.webhook_url or "", data=data, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=s.smtp_timeout) as answer:
        raw = answer.read()
    try:
        parsed = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, ValueError):
        parsed = None
    refusal = rules.webhook_refusal(s.webhook_format, parsed)
    if refusal:
        raise RuntimeError(f"the webhook refused the message: {refusal}")


@dataclass(frozen=True)
class Senders:
    """The network calls, replaceable where a test wants a failure of its own."""

    email: Callable[[Settings, str, Message], None] = send_email
    webhook: Callable[[Settings, dict], None] = post_webhook


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


# --- one run -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One delivery of a run: sent, failed (with the error), or what a dry run would send."""

    key: str
    kind: str
    recipient: str
    channel: str
    department: str | None
    month: str | None
    address: str | None
    subject: str
    body: str
    state: str  # sent | failed | would_send | skipped
    error: str | None = None
    retry: bool = False


@dataclass
class RunReport:
    today: date
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    already: int = 0  # deliveries of today's reminders sent before (nothing sent twice)
    given_up: int = 0  # failed MAX_ATTEMPTS times: not tried again

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)

    def as_json(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "sent": self.count("sent"),
            "failed": self.count("failed"),
            "would_send": self.count("would_send"),
            "already_sent": self.already,
            "given_up": self.given_up,
            "deliveries": [asdict(o) for o in self.outcomes],
        }


def _years(store: Store, today: date) -> list[int]:
    """The plan years whose deadlines fall near today: this year, and last year in January (its December)."""
    with store.connect() as conn:
        stored_years = set(plan_years(conn))
    wanted = [today.year - 1] if today.month == 1 else []
    return [y for y in (*wanted, today.year) if y in stored_years]


def _rows(store: Store, today: date, months: Iterable[int] | None = None, years: Iterable[int] | None = None):
    rows: list[CycleRow] = []
    for year in years if years is not None else _years(store, today):
        rows += cycle_rows(store, year, list(months) if months is not None else range(1, 13), today=today)[1]
    return rows


def reminders_for(rows: list[CycleRow], today: date, s: Settings, objections_waiting: int = 0) -> list[Reminder]:
    """Everything due on `today`: deadline reminders, returned months, and the administrators' digest."""
    found = rules.due_reminders(rows, today, s.days) + rules.returned_reminders(rows)
    digest = rules.digest([r for r in rows if r.year <= today.year], today, objections_waiting)
    return found + ([digest] if digest else [])


def recipients(reminder: Reminder, contacts: list[Contact]) -> list[Contact]:
    """A department's reminders go to its active reporters, the digest to the active administrators."""
    if reminder.kind == "digest":
        return [c for c in contacts if c.role is Role.ADMIN and not c.disabled]
    return [c for c in contacts if c.role is Role.REPORTER and c.department == reminder.department and not c.disabled]


@dataclass(frozen=True)
class _Planned:
    reminder: Reminder
    recipient: str
    channel: str
    address: str | None
    message: Message


def _plan(reminders: list[Reminder], contacts: list[Contact], s: Settings) -> list[_Planned]:
    planned = []
    for reminder in reminders:
        for contact in recipients(reminder, contacts):
            message = rules.compose(reminder, contact.lang or "zh", s.app_url)
            planned.append(_Planned(reminder, contact.name, "app", None, message))
            if s.email and contact.email:
                planned.append(_Planned(reminder, contact.name, "email", contact.email, message))
        if s.webhook:
            message = rules.compose(reminder, "zh", s.app_url)
            planned.append(_Planned(reminder, rules.WEBHOOK_RECIPIENT, "webhook", s.webhook_url, message))
    return planned


def _send(p: _Planned, s: Settings, senders: Senders) -> str | None:
    """Send one e-mail or webhook post; the error as text, or None when it went (an in-app notice needs no send)."""
    try:
        if p.channel == "email":
            senders.email(s, p.address or "", p.message)
        elif p.channel == "webhook":
            senders.webhook(s, rules.webhook_payload(s.webhook_format, p.message, p.reminder))
    except Exception as exc:  # any failure of the network or the server is recorded, never raised
        return _error(exc)
    return None


def _record(conn, p: _Planned, error: str | None, *, claim: bool = False) -> None:
    """Record an attempt (and write the in-app notice) inside the caller's transaction."""
    r, at = p.reminder, now()
    if p.channel == "app" and not claim:
        stored.add_notice(
            conn,
            recipient=p.recipient,
            key=r.key,
            kind=r.kind,
            department=r.department,
            year=r.year,
            month=r.month,
            subject=p.message.subject,
            body=p.message.body,
            link=p.message.link,
            at=at,
        )
    stored.record_delivery(
        conn,
        key=r.key,
        kind=r.kind,
        recipient=p.recipient,
        channel=p.channel,
        department=r.department,
        year=r.year,
        month=r.month,
        due=r.due,
        address=p.address,
        subject=p.message.subject,
        body=p.message.body,
        error=error,
        at=at,
        claim=claim,
    )


def _taken(conn, p: _Planned) -> bool:
    """Whether another run sent this delivery, or is sending it now, since this run read the record."""
    found = stored.delivery(conn, p.reminder.key, p.recipient, p.channel)
    return found is not None and (found.state == "sent" or (found.state == "sending" and found.last_at >= _stale()))


def _stale():
    return now() - CLAIM_TIMEOUT


def _deliver(
    store: Store, batch: list[tuple[_Planned, bool]], s: Settings, senders: Senders, report: RunReport
) -> None:
    """The in-app notices in one transaction; each e-mail and webhook post recorded right after it was sent, so a
    crash later in the run does not send it again."""
    notices = [(p, retry) for p, retry in batch if p.channel == "app"]
    if notices:
        written = []
        with store.transaction() as conn:  # checked again under the write lock: another run may have been first
            for p, retry in notices:
                if _taken(conn, p):
                    report.already += 1
                    continue
                _record(conn, p, None)
                written.append((p, retry))
            bump_data_version(conn)
        report.outcomes += [_outcome(p, "sent", None, retry) for p, retry in written]
    for p, retry in batch:
        if p.channel == "app":
            continue
        with store.transaction() as conn:  # claim it first: a run beside this one (or a return) leaves it alone
            taken = _taken(conn, p)
            if not taken:
                _record(conn, p, None, claim=True)
        if taken:
            report.already += 1
            continue
        error = _send(p, s, senders)
        with store.transaction() as conn:
            _record(conn, p, error)
        report.outcomes.append(_outcome(p, "failed" if error else "sent", error, retry))


def _outcome(p: _Planned, state: str, error: str | None = None, retry: bool = False) -> Outcome:
    r = p.reminder
    return Outcome(
        r.key,
        r.kind,
        p.recipient,
        p.channel,
        r.department,
        f"{r.year}-{r.month:02d}" if r.month else None,
        p.address,
        p.message.subject,
        p.message.body,
        state,
        error,
        retry,
    )


def _send_planned(
    store: Store, planned: list[_Planned], s: Settings, senders: Senders, report: RunReport, *, dry_run: bool
) -> set[tuple[str, str, str]]:
    handled: set[tuple[str, str, str]] = set()
    batch: list[tuple[_Planned, bool]] = []
    stale = _stale()
    with store.connect() as conn:
        recorded = {(d.reminder_key, d.recipient, d.channel): d for d in stored.deliveries_of(conn, _years_of(planned))}
    for p in planned:
        ident = (p.reminder.key, p.recipient, p.channel)
        handled.add(ident)
        before = recorded.get(ident)
        if before is not None and (before.state == "sent" or (before.state == "sending" and before.last_at >= stale)):
            report.already += 1  # sent, or being sent by a run beside this one
        elif before is not None and before.attempts >= rules.MAX_ATTEMPTS:
            report.given_up += 1
        elif dry_run:
            report.outcomes.append(_outcome(p, "would_send", retry=before is not None))
        else:
            batch.append((p, before is not None))
    _deliver(store, batch, s, senders, report)
    return handled


def _years_of(planned: list[_Planned]) -> list[int]:
    return sorted({p.reminder.year for p in planned})


def _retry_failed(
    store: Store,
    rows: list[CycleRow],
    contacts: list[Contact],
    handled: set[tuple[str, str, str]],
    today: date,
    s: Settings,
    senders: Senders,
    report: RunReport,
    *,
    dry_run: bool,
) -> None:
    """Deliveries that failed on an earlier day and are not among today's: tried again while still worth it."""
    by_key = {(r.year, r.month, r.department): r for r in rows}
    emails = {c.name: c.email for c in contacts}
    with store.connect() as conn:
        failed = stored.failed_deliveries(conn, _stale())
    for d in failed:
        if (d.reminder_key, d.recipient, d.channel) in handled:
            continue
        if d.attempts >= rules.MAX_ATTEMPTS:
            report.given_up += 1
            continue
        if not rules.still_due(d.kind, by_key.get((d.year, d.month, d.department)), today):
            continue
        p = _replay(d, emails, s)
        if p is None:
            continue
        if dry_run:
            report.outcomes.append(_outcome(p, "would_send", retry=True))
        else:
            _deliver(store, [(p, True)], s, senders, report)


def _replay(d: Delivery, emails: Mapping[str, str | None], s: Settings) -> _Planned | None:
    """A stored delivery as it is sent again: the same text, to the account's address as it stands now."""
    prefix = Reminder(d.kind, d.year or 0, d.month, d.department, d.due, "").key
    if not d.reminder_key.startswith(prefix):
        return None
    reminder = Reminder(d.kind, d.year or 0, d.month, d.department, d.due, d.reminder_key[len(prefix) :])
    address = d.address
    if d.channel == "email":
        if not s.email or not emails.get(d.recipient):
            return None
        address = emails[d.recipient]
    elif d.channel == "webhook":
        if not s.webhook:
            return None
        address = s.webhook_url
    return _Planned(reminder, d.recipient, d.channel, address, Message(d.subject, d.body, None))


def run(
    store: Store,
    *,
    actor: str | None,
    today: date | None = None,
    dry_run: bool = False,
    env: Mapping[str, str] | None = None,
    senders: Senders | None = None,
) -> RunReport:
    """One reminder run (cron or a systemd timer, daily): everything due today that was not sent yet, and the
    failures of earlier runs again. An administrator's act; a dry run sends and writes nothing."""
    s = settings(env)
    senders = senders or Senders()
    with logging_denials(store), store.connect() as conn:
        authorize(conn, actor, Action.PERIOD_APPROVE)
    today = today or local_today(store)
    report = RunReport(today, dry_run)
    with store.hold():  # the run's reads share one connection
        rows = _rows(store, today)
        with store.connect() as conn:
            contacts = stored.contacts(conn)
            waiting = stored.objections_waiting(conn)
        planned = _plan(reminders_for(rows, today, s, waiting), contacts, s)
        handled = _send_planned(store, planned, s, senders, report, dry_run=dry_run)
        _retry_failed(store, rows, contacts, handled, today, s, senders, report, dry_run=dry_run)
    if not dry_run:
        with store.transaction() as conn:
            audit.record(
                conn,
                actor or "setup",
                "remind.run",
                today.isoformat(),
                {"sent": report.count("sent"), "failed": report.count("failed"), "already_sent": report.already},
            )
    return report


def on_returned(
    store: Store,
    year: int,
    month: int,
    departments: Iterable[str],
    *,
    env: Mapping[str, str] | None = None,
    senders: Senders | None = None,
) -> RunReport | None:
    """Right after a return commits: the department's reporters are told at once. Never raises: a failed send
    is recorded and retried by the next run, and the return stands whatever happens here."""
    try:
        try:
            s = settings(env)
        except Refusal as exc:
            log.warning("reminders: %s; only the in-app notice is written", exc)
            s = Settings()
        today = local_today(store)
        wanted = set(departments)
        rows = [r for r in _rows(store, today, [month], [year]) if r.department in wanted]
        with store.connect() as conn:
            contacts = stored.contacts(conn)
        report = RunReport(today, False)
        _send_planned(
            store, _plan(rules.returned_reminders(rows), contacts, s), s, senders or Senders(), report, dry_run=False
        )
        return report
    except Exception:  # the return has committed: a reminder never undoes it
        log.exception("reminders: the notice of a returned month could not be sent; the next run retries")
        return None


def demo_notices(store: Store, today: date) -> int:
    """The demo database's notices, in-app only whatever the environment: the two reminders its reporters had
    before the latest deadline (3 and 1 days before) and the administrators' digest of the demo's day."""
    s = Settings()
    rows = _rows(store, today)
    passed = [r.due for r in rows if r.due <= today]
    found = []
    if passed:
        last = max(passed)
        for n in s.days:
            found += rules.due_reminders([r for r in rows if r.due == last], last - timedelta(days=n), [n])
    with store.connect() as conn:
        contacts = stored.contacts(conn)
        waiting = stored.objections_waiting(conn)
    digest = rules.digest(rows, today, waiting)
    report = RunReport(today, False)
    _send_planned(
        store, _plan([*found, *([digest] if digest else [])], contacts, s), s, Senders(), report, dry_run=False
    )
    return report.count("sent")


def deliveries(store: Store, *, actor: str | None, limit: int = 200) -> list[Delivery]:
    """The latest deliveries on record (administrators)."""
    with logging_denials(store), store.connect() as conn:
        authorize(conn, actor, Action.PERIOD_APPROVE)
        return stored.recent_deliveries(conn, limit)


# --- the in-app notices ----------------------------------------------------------------------------------


def _account(conn, actor: str | None):
    user = acting_user(conn, actor)
    if user is None:
        raise Denied(actor or "?", "notices", "Sign in to read notices.", "请先登录再查看消息。")
    return user


def notices(store: Store, *, actor: str | None, limit: int = 100) -> list[stored.Notice]:
    """The signed-in account's own notices, newest first."""
    with logging_denials(store), store.connect() as conn:
        user = _account(conn, actor)
        return stored.notices(conn, user.name, limit)


def unread_count(store: Store, name: str) -> int:
    with store.connect() as conn:
        return stored.unread_count(conn, name)


def mark_read(store: Store, *, actor: str | None, notice_id: int | None = None) -> None:
    """Mark one of the account's own notices read (or all, with None)."""
    with logging_denials(store), store.transaction() as conn:
        user = _account(conn, actor)
        stored.mark_read(conn, user.name, notice_id, now())
        bump_data_version(conn)


# --- the accounts' contacts --------------------------------------------------------------------------------


def check_contact(email: str | None, lang: str | None = None) -> str | None:
    """The e-mail address as stored (None for none), or a Refusal before anything is written."""
    email = (email or "").strip() or None
    if email is not None and not rules.valid_email(email):
        raise Refusal("bad_email", f"Not an e-mail address: {email!r}.", f"电子邮箱格式不正确：{email}。")
    if lang not in (None, "zh", "en"):
        raise Refusal("bad_lang", f"The language is zh or en, not {lang!r}.", f"提醒语言应为 zh 或 en，而不是 {lang}。")
    return email


def set_contact(
    store: Store, name: str, *, email: str | None = None, lang: str | None = None, actor: str | None
) -> None:
    """An account's e-mail address and reminder language; by an administrator or the account itself. None keeps
    what is stored, an empty e-mail clears it. The address itself stays out of the audit log (personal data)."""
    keep = email is None
    email = check_contact(email, lang)
    with logging_denials(store), store.transaction() as conn:
        if actor != name:
            authorize(conn, actor, Action.USERS)
        found = {c.name: c for c in stored.contacts(conn)}
        if name not in found:
            raise Refusal("no_user", f"There is no account {name}.", f"没有账号 {name}。")
        if keep:
            email = found[name].email
        stored.set_contact(conn, name, email, lang or found[name].lang)
        audit.record(conn, actor or "setup", "users.contact", name, {"email": email is not None, "lang": lang})
        bump_data_version(conn)


def contacts(store: Store) -> dict[str, Contact]:
    with store.connect() as conn:
        return {c.name: c for c in stored.contacts(conn)}
