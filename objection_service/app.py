"""The objection form (异议表单) as a small ASGI app of its own: one page (zh and en, no JavaScript) and its POST.

It shares nothing with the tracker's app but the store (its own connections through db.open_store), so a
press day's traffic on the public notice never reaches the app servers, and nothing of the app is reachable
from here. Run it with `python -m targets objections serve` or `uvicorn --factory objection_service.app:create_app`.

What it guards against, before services.objections.submit stores anything: a post larger than the limit (413,
read no further), anything but a urlencoded form (415), a form not from this page (the signed double-submit
token), bots (the honeypot), and floods (429 with Retry-After, per client address and overall). The client
address is the peer's, or, when the peer is a configured trusted proxy (LIVELIHOOD_OBJECTION_TRUSTED_PROXIES),
the nearest untrusted address in X-Forwarded-For.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from db import open_store
from db.store import Store
from services import objections as service
from services.cycle import local_today
from targets.errors import Refusal
from targets.i18n import LANG_LABELS, t
from targets.objections import Limits, Submission, clean

NONCE_COOKIE = "objection_nonce"
TRUSTED_ENV = "LIVELIHOOD_OBJECTION_TRUSTED_PROXIES"
FORM_TYPE = "application/x-www-form-urlencoded"
_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(text: str | None) -> tuple[Network, ...]:
    """The proxies whose X-Forwarded-For is believed: addresses or networks, comma separated."""
    found = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ValueError(
                f"{TRUSTED_ENV}: {part!r} is not an address or network like 127.0.0.1 or 10.0.0.0/8"
            ) from exc
    return tuple(found)


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_ip(peer: str, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The address a submission is counted against. X-Forwarded-For is believed only from a trusted peer, and
    then read from the right: the first address that is not itself a trusted proxy (a client can put anything
    at the left of the header, never at the right of what the proxy appends)."""
    if not trusted or not _is_trusted(peer, trusted) or not forwarded_for:
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    nearest = peer
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return nearest  # garbage from further left is the client's own claim; stop at the last real hop
        if not _is_trusted(hop, trusted):
            return hop
        nearest = hop
    return nearest


@dataclass
class Service:
    """What the routes share: the store, the form secret, the limits and the trusted proxies."""

    store: Store
    secret: bytes
    limits: Limits
    trusted: tuple[Network, ...] = field(default_factory=tuple)


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "zh"


def _secure(request: Request, svc: Service) -> bool:
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    return _is_trusted(peer, svc.trusted) and request.headers.get("x-forwarded-proto", "").lower() == "https"


def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        **(extra or {}),
    }


def _window_text(window, lang: str) -> str | None:
    if window is None:
        return None
    return t("objection.form.window", lang, opens=window.opens.isoformat(), closes=window.closes.isoformat())


def _render(
    svc: Service,
    request: Request,
    lang: str,
    *,
    status: int = 200,
    form: bool = False,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    problems: list[str] | None = None,
    message: str | None = None,
    message_class: str = "notice",
    back: bool = False,
    headers: dict[str, str] | None = None,
    year: int | None = None,
    window=None,
    tasks: list[tuple[str, str, str]] = (),
) -> HTMLResponse:
    limits = svc.limits
    nonce = request.cookies.get(NONCE_COOKIE, "")
    if not _NONCE.match(nonce):
        nonce = service.new_nonce()
    other = "en" if lang == "zh" else "zh"
    title = t("objection.form.title", lang, year=year) if year else t("objection.form.no_plan", lang)
    body = _TEMPLATES.get_template("page.html").render(
        html_lang="zh-CN" if lang == "zh" else "en",
        lang=lang,
        other_lang=other,
        other_lang_label=LANG_LABELS[other],  # each language named in itself
        title=title,
        window_text=_window_text(window, lang),
        message=message,
        message_class=message_class,
        problems=problems or [],
        problems_title=t("objection.form.problems", lang),
        back_link=t("objection.form.again", lang) if back else None,
        form=form,
        intro=t("objection.form.intro", lang),
        token=service.issue_token(svc.secret, nonce, year) if form and year else "",
        tasks=[(code, en if lang == "en" else zh) for code, zh, en in tasks],
        values={"task": "", "text": "", "name": "", "contact": "", **(values or {})},
        errors=errors or {},
        labels={
            key: t(f"objection.form.{key}", lang, min=limits.text_min, max=limits.text_max)
            if key == "text_hint"
            else t(f"objection.form.{key}", lang)
            for key in ("task", "general", "text", "text_hint", "name", "contact", "privacy", "honeypot", "submit")
        },
        text_max=limits.text_max,
        name_max=limits.name_max,
        contact_max=limits.contact_max,
    )
    response = HTMLResponse(body, status_code=status, headers=_headers(headers))
    if form:
        response.set_cookie(
            NONCE_COOKIE,
            nonce,
            max_age=int(limits.token_max_age.total_seconds()),
            path=None,  # the path the form is served under (behind a proxy, its location)
            secure=_secure(request, svc),
            httponly=True,
            samesite="strict",
        )
    return response


def _state(svc: Service) -> tuple[int | None, object, bool, list[tuple[str, str, str]]]:
    """The year served, its window, whether it is open today, and its tasks (a blocking read: run in a thread)."""
    year = service.service_year(svc.store)
    if year is None:
        return None, None, False, []
    window = service.current_window(svc.store, year)
    is_open = window is not None and window.is_open(local_today(svc.store))
    return year, window, is_open, service.tasks(svc.store, year) if is_open else []


def _closed_message(window, lang: str) -> str:
    if window is None:
        return t("objection.form.closed", lang)
    return t("objection.form.closed_window", lang, opens=window.opens.isoformat(), closes=window.closes.isoformat())


async def form_page(request: Request) -> Response:
    svc: Service = request.app.state.service
    lang = _lang(request.query_params.get("lang"))
    year, window, is_open, tasks = await run_in_threadpool(_state, svc)
    sent = request.query_params.get("sent")
    if sent is not None and sent.isdigit():
        text = t("objection.form.sent", lang, id=sent) if int(sent) else t("objection.form.sent_plain", lang)
        return _render(svc, request, lang, message=text, message_class="ok", back=True, year=year, window=window)
    if year is None:
        return _render(svc, request, lang, message=t("objection.form.no_plan", lang))
    if not is_open:
        return _render(svc, request, lang, message=_closed_message(window, lang), year=year, window=window)
    return _render(svc, request, lang, form=True, year=year, window=window, tasks=tasks)


async def _read_body(request: Request, most: int) -> bytes | None:
    """The body, or None when it is larger than `most` bytes (read no further)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > most):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > most:
            return None
    return bytes(body)


def _fields(body: bytes) -> dict[str, str] | None:
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return None
    return {k: v[0] for k, v in parsed.items()}


async def submit(request: Request) -> Response:
    svc: Service = request.app.state.service
    lang = _lang(request.query_params.get("lang"))
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        return _render(
            svc, request, lang, status=415, message=t("objection.form.bad_type", lang), message_class="error", back=True
        )
    body = await _read_body(request, svc.limits.body_max)
    if body is None:
        return _render(
            svc,
            request,
            lang,
            status=413,
            message=t("objection.form.too_large", lang, max=svc.limits.body_max),
            message_class="error",
            back=True,
        )
    fields = _fields(body)
    if fields is None:
        return _render(
            svc, request, lang, status=400, message=t("objection.form.bad_type", lang), message_class="error", back=True
        )
    lang = _lang(fields.get("lang") or request.query_params.get("lang"))
    year, window, _open, tasks = await run_in_threadpool(_state, svc)
    if year is None:
        return _render(svc, request, lang, status=403, message=t("objection.form.no_plan", lang))
    values = {k: clean(fields.get(k)) for k in ("task", "text", "name", "contact")}
    sub = Submission(year, values["task"] or None, values["text"], values["name"], values["contact"])
    peer = request.client.host if request.client else "unknown"
    ip = client_ip(peer, request.headers.get("x-forwarded-for"), svc.trusted)
    try:
        receipt = await run_in_threadpool(
            lambda: service.submit(
                svc.store,
                sub,
                ip=ip,
                token=fields.get("token", ""),
                nonce=request.cookies.get(NONCE_COOKIE, ""),
                honeypot=fields.get("website", ""),
                secret=svc.secret,
                limits=svc.limits,
            )
        )
    except Refusal as exc:
        return _refused(svc, request, lang, exc, values, year=year, window=window, tasks=tasks)
    return RedirectResponse(f"?lang={lang}&sent={receipt.id or 0}", status_code=303, headers=_headers())


def _refused(svc: Service, request: Request, lang: str, exc: Refusal, values, *, year, window, tasks) -> Response:
    common = {"year": year, "window": window}
    if exc.code == "closed":
        return _render(svc, request, lang, status=403, message=_closed_message(window, lang), **common)
    if exc.code in ("rate_per_ip", "rate_overall"):
        wait = int(exc.extra.get("retry_after", 3600))
        return _render(
            svc,
            request,
            lang,
            status=429,
            message=exc.message(lang),
            message_class="error",
            back=True,
            headers={"Retry-After": str(wait)},
            **common,
        )
    if exc.code == "invalid":
        problems = exc.extra.get("problems", [])
        errors: dict[str, str] = {}
        for p in problems:
            errors.setdefault(p.field, p.message(lang))
        return _render(
            svc,
            request,
            lang,
            status=400,
            form=True,
            values=values,
            errors=errors,
            problems=[p.message(lang) for p in problems],
            tasks=tasks,
            **common,
        )
    # token_bad, token_expired: the form again with what was typed and a fresh token.
    return _render(
        svc,
        request,
        lang,
        status=400,
        form=True,
        values=values,
        message=exc.message(lang),
        message_class="error",
        tasks=tasks,
        **common,
    )


async def health(request: Request) -> Response:
    return PlainTextResponse("ok", headers=_headers())


def create_app(
    target: str | None = None,
    *,
    limits: Limits | None = None,
    trusted: tuple[Network, ...] | None = None,
) -> Starlette:
    """The form service on the store named by target (else LIVELIHOOD_DB); settings from the environment
    (LIVELIHOOD_OBJECTION_*). Bad settings stop start-up with a message naming the variable."""
    env = os.environ
    store = open_store(target)
    svc = Service(
        store=store,
        secret=service.form_secret(store, env),
        limits=limits or Limits.from_env(env),
        trusted=trusted if trusted is not None else trusted_proxies(env.get(TRUSTED_ENV)),
    )
    year = service.service_year(store, env)
    if year is not None:
        service.current_window(store, year, env)  # a malformed LIVELIHOOD_OBJECTION_FROM/_TO stops start-up
    app = Starlette(
        routes=[
            Route("/", form_page, methods=["GET"]),
            Route("/", submit, methods=["POST"]),
            Route("/healthz", health, methods=["GET"]),
        ]
    )
    app.state.service = svc
    return app
