"""Objections (异议) to a public disclosure: the public's submission through the form service (objection_service/),
and the administrators' reply workflow. A reply reaches the public only through `published_replies`, which the
disclosure site calls, and then only with the question as an administrator edited it (no personal data).

The form service and the app share nothing but the store. Its checks, in order: the form's signed token (a
double-submit token: the page's hidden field signs the nonce its cookie holds, so another site cannot post it),
the honeypot (filled in: answered as if stored, nothing stored), the window, the fields, then the rate limit,
counted from the stored rows inside the writing transaction so that several workers agree.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from db import audit
from db import objections as stored
from db.audit import now as utc_now
from db.catalogue import load_plan, plan_years
from db.meta import bump_data_version, meta_get, meta_set
from db.store import Store
from services.access import authorize, logging_denials
from services.cycle import local_today
from targets.access import Action
from targets.errors import Refusal
from targets.objections import (
    Limits,
    Objection,
    Problem,
    State,
    Submission,
    Window,
    publish_problems,
    rate_refusal,
    retry_after,
    scrub,
    step_problem,
    submission_problems,
    window_problem,
)

SECRET_ENV = "LIVELIHOOD_OBJECTION_SECRET"
SECRET_KEY = "objections.secret"
FROM_ENV, TO_ENV, YEAR_ENV = "LIVELIHOOD_OBJECTION_FROM", "LIVELIHOOD_OBJECTION_TO", "LIVELIHOOD_OBJECTION_YEAR"
_TOKEN_SALT = "livelihood-objection-form"


def _window_key(year: int) -> str:
    return f"objections.window.{year}"


def _refuse(problem: Problem, **extra) -> Refusal:
    return Refusal(problem.code, problem.en, problem.zh, **extra)


# --- the window ------------------------------------------------------------------------------------------


def _edition_window(store: Store, year: int) -> Window | None:
    """The window of the latest published edition of the disclosure (services.disclosure.objection_window)."""
    from services import disclosure  # imported here: the disclosure reads this module's published replies

    found = disclosure.objection_window(store, year)
    if not found:
        return None
    opens, closes = found
    return Window(opens, closes, "edition")


def _env_window(env: dict[str, str]) -> Window | None:
    raw_from, raw_to = env.get(FROM_ENV, "").strip(), env.get(TO_ENV, "").strip()
    if not raw_from and not raw_to:
        return None
    if not (raw_from and raw_to):
        raise ValueError(f"Set both {FROM_ENV} and {TO_ENV} (dates like 2024-10-10), or neither.")
    days = []
    for key, raw in ((FROM_ENV, raw_from), (TO_ENV, raw_to)):
        try:
            days.append(date.fromisoformat(raw))
        except ValueError as exc:
            raise ValueError(f"{key}={raw!r} is not a date like 2024-10-10") from exc
    problem = window_problem(days[0], days[1])
    if problem:
        raise ValueError(f"{FROM_ENV}/{TO_ENV}: {problem}")
    return Window(days[0], days[1], "env")


def current_window(store: Store, year: int, env: dict[str, str] | None = None) -> Window | None:
    """The days objections to the year's disclosure are taken: the latest published edition's window; else the
    window an administrator set (`objections window`); else LIVELIHOOD_OBJECTION_FROM/_TO; else none (closed)."""
    found = _edition_window(store, year)
    if found:
        return found
    with store.connect() as conn:
        setting = meta_get(conn, _window_key(year))
    if setting:
        opens, _, closes = setting.partition("/")
        return Window(date.fromisoformat(opens), date.fromisoformat(closes), "setting")
    return _env_window(os.environ if env is None else env)


def set_window(store: Store, year: int, opens: date, closes: date, *, actor: str | None) -> Window:
    """Set the year's window by hand (used while no published edition gives one); on record."""
    problem = window_problem(opens, closes)
    if problem:
        raise Refusal("bad_window", problem, f"受理期结束日（{closes}）早于开始日（{opens}）。")
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.OBJECTIONS)
        meta_set(conn, _window_key(year), f"{opens.isoformat()}/{closes.isoformat()}")
        audit.record(conn, user.name, "objections.window", str(year), {"from": opens, "to": closes})
        bump_data_version(conn)
    return Window(opens, closes, "setting")


def service_year(store: Store, env: dict[str, str] | None = None) -> int | None:
    """The plan year the form takes objections to: LIVELIHOOD_OBJECTION_YEAR, else the latest plan's year."""
    raw = (os.environ if env is None else env).get(YEAR_ENV, "").strip()
    if raw:
        if not raw.isdigit():
            raise ValueError(f"{YEAR_ENV}={raw!r} is not a year like 2024")
        return int(raw)
    with store.connect() as conn:
        years = plan_years(conn)
    return max(years) if years else None


def tasks(store: Store, year: int) -> list[tuple[str, str, str]]:
    """The tasks a member of the public may object to: (code, name in Chinese, name in English), in plan order."""
    with store.connect() as conn:
        plan = load_plan(conn, year)
    if plan is None:
        return []
    return [(t.code, t.name.zh, t.name.en or t.name.zh) for t in plan.tasks]


# --- the form's secret, its token, the client's address ------------------------------------------------


def form_secret(store: Store, env: dict[str, str] | None = None) -> bytes:
    """The key of the form tokens and of the address hashes: LIVELIHOOD_OBJECTION_SECRET, else one made once
    and kept in the store (so every worker and a restart agree)."""
    configured = (os.environ if env is None else env).get(SECRET_ENV, "")
    if configured:
        return configured.encode()
    with store.connect() as conn:
        kept = meta_get(conn, SECRET_KEY)
    if kept:
        return kept.encode()
    with store.transaction() as conn:
        kept = meta_get(conn, SECRET_KEY)  # another worker may have made it meanwhile
        if not kept:
            kept = secrets.token_hex(32)
            meta_set(conn, SECRET_KEY, kept)
    return kept.encode()


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def _serializer(secret: bytes, at: datetime | None) -> URLSafeTimedSerializer:
    signer = TimestampSigner
    if at is not None:  # a fixed clock (tests, and the checks below): itsdangerous reads it from get_timestamp
        stamp = int(at.timestamp())
        signer = type("FixedClockSigner", (TimestampSigner,), {"get_timestamp": lambda self: stamp})
    return URLSafeTimedSerializer(secret, salt=_TOKEN_SALT, signer=signer)


def issue_token(secret: bytes, nonce: str, year: int, *, at: datetime | None = None) -> str:
    """The form page's hidden token: the cookie's nonce and the year, signed with the time it was made."""
    return _serializer(secret, at).dumps({"n": nonce, "y": year})


def token_problem(
    secret: bytes, token: str, nonce: str, year: int, *, limits: Limits, at: datetime | None = None
) -> Problem | None:
    """Why a posted token is not good: not ours or not this browser's (bad), or older than the limit (expired)."""
    bad = Problem(
        "token",
        "token_bad",
        "The form could not be checked (it did not come from this page, or cookies are off). Please send it again.",
        "表单校验未通过（表单并非来自本页，或浏览器禁用了 Cookie）。请重新提交。",
    )
    try:
        payload = _serializer(secret, at).loads(token or "", max_age=int(limits.token_max_age.total_seconds()))
    except SignatureExpired:
        return Problem(
            "token",
            "token_expired",
            "The form was open too long and has expired. Please send it again.",
            "表单打开时间过长，已失效。请重新提交。",
        )
    except BadSignature:
        return bad
    if not isinstance(payload, dict) or payload.get("y") != year:
        return bad
    if not nonce or not hmac.compare_digest(str(payload.get("n", "")), nonce):
        return bad
    return None


def ip_hash(secret: bytes, ip: str) -> str:
    """A keyed hash of the client's address: counts per address without keeping it (nor a hash anyone without
    the key could reverse by trying all 2^32 IPv4 addresses)."""
    return hmac.new(secret, ip.encode(), hashlib.sha256).hexdigest()[:32]


# --- submitting -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What the submitter is told: the objection's number, or None when a bot filled in the honeypot."""

    id: int | None

    @property
    def stored(self) -> bool:
        return self.id is not None


def closed_refusal(window: Window | None) -> Refusal:
    if window is None:
        return Refusal("closed", "Objections are not being taken now.", "当前不在异议受理期内。", window=None)
    return Refusal(
        "closed",
        f"Objections are taken from {window.opens} to {window.closes}; the form is closed now.",
        f"异议受理期为{window.opens}至{window.closes}，当前不在受理期内。",
        window=window,
    )


def submit(
    store: Store,
    sub: Submission,
    *,
    ip: str,
    token: str,
    nonce: str,
    honeypot: str = "",
    secret: bytes | None = None,
    limits: Limits | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> Receipt:
    """Store one objection from the public, or refuse (Refusal codes: token_bad, token_expired, closed, invalid
    with `problems`, rate_per_ip and rate_overall with `retry_after` seconds)."""
    limits = limits or Limits()
    secret = secret or form_secret(store)
    now = now or utc_now()
    problem = token_problem(secret, token, nonce, sub.year, limits=limits, at=now)
    if problem:
        raise _refuse(problem)
    if honeypot.strip():
        return Receipt(None)
    window = current_window(store, sub.year)
    if window is None or not window.is_open(today or local_today(store)):
        raise closed_refusal(window)
    problems = submission_problems(sub, {code for code, _, _ in tasks(store, sub.year)}, limits)
    if problems:
        raise Refusal(
            "invalid",
            " ".join(p.en for p in problems),
            "".join(p.zh for p in problems),
            problems=problems,
        )
    hashed = ip_hash(secret, ip)
    since = now - limits.period
    with store.transaction() as conn:
        by_ip, oldest_ip = stored.counted_since(conn, since, hashed)
        overall, oldest = stored.counted_since(conn, since)
        broken = rate_refusal(by_ip, overall, limits)
        if broken == "per_ip":
            wait = retry_after(oldest_ip, now, limits)
            raise Refusal(
                "rate_per_ip",
                f"At most {limits.per_ip} objections an hour are accepted from one address; try again in "
                f"{(wait + 59) // 60} minutes.",
                f"同一网络地址每小时最多提交{limits.per_ip}条异议，请{(wait + 59) // 60}分钟后再试。",
                retry_after=wait,
            )
        if broken == "overall":
            wait = retry_after(oldest, now, limits)
            raise Refusal(
                "rate_overall",
                f"Too many objections arrived in the last hour; try again in {(wait + 59) // 60} minutes.",
                f"过去一小时提交的异议过多，请{(wait + 59) // 60}分钟后再试。",
                retry_after=wait,
            )
        return Receipt(stored.insert(conn, sub, ip_hash=hashed, at=now))


# --- the administrators' workflow ------------------------------------------------------------------------


def objections(
    store: Store, year: int, *, actor: str | None, state: State | str | None = None, task: str | None = None
) -> list[Objection]:
    """The year's objections with their personal data (administrators only; a refusal is logged); filtered by
    state and by task ("" for the general ones)."""
    with logging_denials(store), store.connect() as conn:
        authorize(conn, actor, Action.OBJECTIONS)
        found = stored.of_year(conn, year)
    if state:
        found = [o for o in found if o.state is State(state)]
    if task is not None:
        found = [o for o in found if (o.task_code or "") == task]
    return found


def _step(store: Store, objection_id: int, step: str, actor: str | None, write) -> Objection:
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.OBJECTIONS)
        found = stored.get(conn, objection_id)
        if found is None:
            raise Refusal("not_found", f"There is no objection {objection_id}.", f"没有编号为 {objection_id} 的异议。")
        problem = step_problem(found, step)
        if problem:
            raise _refuse(problem)
        write(conn, found, user.name, utc_now())  # the write and its audit entry
        bump_data_version(conn)
        return stored.get(conn, objection_id)


def _text(value: str, field: str, most: int, en: str, zh: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Refusal(f"no_{field}", f"Write the {en} first.", f"请填写{zh}。")
    if len(value) > most:
        raise Refusal("too_long", f"The {en} is longer than {most} characters.", f"{zh}超过{most}字。")
    return value


def reply(store: Store, objection_id: int, text: str, *, actor: str | None) -> Objection:
    """Record (or rewrite, until published) the reply; it stays internal until published."""
    limits = Limits()
    text = _text(text, "reply", limits.reason_max, "reply", "答复")

    def write(conn, found: Objection, name: str, at: datetime) -> None:
        stored.set_reply(conn, found.id, text, actor=name, at=at)
        audit.record(conn, name, "objections.reply", f"objection {found.id}", {"year": found.year})

    return _step(store, objection_id, "reply", actor, write)


def draft_question(objection: Objection) -> str:
    """The question as it would be published unless edited: the text with personal data masked."""
    return scrub(objection.text, objection.name or "", objection.contact or "")


def publish_reply(store: Store, objection_id: int, question: str | None = None, *, actor: str | None) -> Objection:
    """Publish the reply with the question as edited (default: the masked text); refused while the question
    still holds personal data."""

    def write(conn, found: Objection, name: str, at: datetime) -> None:
        text = (question if question is not None else draft_question(found)).strip()
        problems = publish_problems(text, found.reply, found.name or "", found.contact or "")
        if problems:
            raise Refusal(problems[0].code, problems[0].en, problems[0].zh, problems=problems)
        stored.set_published(conn, found.id, text, actor=name, at=at)
        audit.record(conn, name, "objections.publish", f"objection {found.id}", {"year": found.year})

    return _step(store, objection_id, "publish", actor, write)


def reject(store: Store, objection_id: int, reason: str, *, actor: str | None) -> Objection:
    """Reject an objection with the reason (never published)."""
    reason = _text(reason, "reason", Limits().reason_max, "reason", "不予受理的理由")

    def write(conn, found: Objection, name: str, at: datetime) -> None:
        stored.set_rejected(conn, found.id, reason, actor=name, at=at)
        audit.record(conn, name, "objections.reject", f"objection {found.id}", {"year": found.year, "reason": reason})

    return _step(store, objection_id, "reject", actor, write)


def published_replies(store: Store, year: int) -> list[dict]:
    """What the public disclosure site shows, oldest first: question (as an administrator published it), reply,
    replied_at (UTC, naive, as every stored time) and task_code (None for the list in general). Nothing else:
    never the name, the contact, the address hash or the original text."""
    with store.connect() as conn:
        rows = stored.published(conn, year)
    return [
        {"question": r["question"], "reply": r["reply"], "replied_at": r["replied_at"], "task_code": r["task_code"]}
        for r in rows
    ]
