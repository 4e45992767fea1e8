"""Signing in over plain HTTP, before Streamlit loads: the sign-in page, the set-up page, the session cookie.

serve.py mounts these routes and the gate on Streamlit's own server (st.App). Nothing of the app reaches a
browser without a live session: a page request without one is sent to /auth/login?next=… (the page and
its ?as_of=… kept), the form posts back here, and a successful sign-in sets the session cookie
(services.sessions: signed, expiring, HttpOnly, SameSite=Lax) and returns the browser to the page it asked
for. Streamlit's script then reads the same cookie (st.context.cookies) on every run (ui.auth).
"""

from __future__ import annotations

import html
import os
import urllib.parse
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from services import accounts, demo, sessions, setup_token
from services.setup import ENV_VAR, Store, ready
from targets.errors import Refusal
from targets.i18n import LANGS, t
from ui.pages import URL_PATHS

LOGIN = "/auth/login"
OPEN_PREFIXES = ("/_stcore/", "/static/", "/component/", "/media/", "/auth/", "/app/static/", "/bidi-component/")

_stores: dict[str | None, Store] = {}


def store() -> Store:
    target = os.environ.get(ENV_VAR)
    if target not in _stores:
        _stores[target] = ready(target)
    return _stores[target]


# --- where to go after signing in ------------------------------------------------------------------


def safe_next(value: str | None) -> str:
    """A path on this server (never another site: no scheme, no //host), else the app's front page."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or value.startswith(LOGIN):
        return "/"
    return value


def request_lang(request: Request, nxt: str = "") -> str:
    wanted = request.query_params.get("lang") or request.headers.get("x-lang")
    if not wanted:
        wanted = urllib.parse.parse_qs(urllib.parse.urlsplit(nxt).query).get("lang", [""])[0]
    if wanted in LANGS:
        return wanted
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "zh"


def cookie_options(request: Request) -> dict:
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    return {"httponly": True, "samesite": "lax", "secure": secure, "path": "/"}


def signed_in(request: Request, response: Response, user) -> Response:
    cookie = sessions.start(store(), user)
    response.set_cookie(
        sessions.COOKIE, cookie, max_age=int(sessions.MAX_AGE.total_seconds()), **cookie_options(request)
    )
    return response


def _same_origin(request: Request) -> bool:
    """A form posted from another site is refused (the cookie is SameSite=Lax; this covers old browsers too)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    return urllib.parse.urlsplit(origin).netloc == request.headers.get("host")


# --- the pages -------------------------------------------------------------------------------------

_STYLE = """
body{font-family:"Source Sans Pro","Noto Sans CJK SC",sans-serif;background:#f6f7f9;margin:0}
main{max-width:26rem;margin:8vh auto;background:#fff;padding:2rem 2.2rem;border-radius:.6rem;
box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #bbb;border-radius:.3rem}
button,.sso{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;border:0;border-radius:.3rem;
background:#ff4b4b;color:#fff;cursor:pointer;display:block;text-align:center;text-decoration:none}
.error{color:#b00020;background:#fdecee;padding:.6rem;border-radius:.3rem}
.info{color:#0b5394;background:#e8f0fe;padding:.6rem;border-radius:.3rem}
.hint{color:#555;font-size:.9rem;margin-top:1.2rem}.lang{float:right;font-size:.9rem}
code{background:#f0f0f0;padding:0 .2rem}
"""


def _page(lang: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
    )
    return HTMLResponse(doc, status_code=status, headers={"Cache-Control": "no-store"})


def _lang_links(lang: str, nxt: str) -> str:
    other = "en" if lang == "zh" else "zh"
    label = "English" if other == "en" else "中文"
    query = urllib.parse.urlencode({"next": nxt, "lang": other})
    return f'<a class="lang" href="{LOGIN}?{html.escape(query)}">{label}</a>'


def _field(label: str, name: str, kind: str = "text", value: str = "", auto: str = "") -> str:
    return (
        f'<label for="{name}">{html.escape(label)}</label>'
        f'<input id="{name}" name="{name}" type="{kind}" value="{html.escape(value)}" autocomplete="{auto}" required>'
    )


def login_form(request: Request, *, error: str = "", notice: str = "", status: int = 200) -> HTMLResponse:
    nxt = safe_next(request.query_params.get("next"))
    lang = request_lang(request, nxt)
    s = store()
    hidden = (
        f'<input type="hidden" name="next" value="{html.escape(nxt)}"><input type="hidden" name="lang" value="{lang}">'
    )
    parts = [_lang_links(lang, nxt)]
    if error:
        parts.append(f'<p class="error" role="alert">{html.escape(error)}</p>')
    if notice:
        parts.append(f'<p class="info">{html.escape(notice)}</p>')
    if accounts.setup_mode(s):
        title = t("auth.setup.title", lang)
        parts.insert(0, f"<h1>{html.escape(title)}</h1>")
        parts.append(f"<p>{html.escape(t('auth.setup_mode', lang))}</p>")
        parts.append(
            f'<form method="post" action="/auth/setup">{hidden}'
            + _field(
                t("auth.setup.token", lang), "setup_token", "password", request.query_params.get("setup_token", "")
            )
            + _field(t("auth.name", lang), "name", auto="username")
            + _field(t("users.new_password", lang), "password", "password", auto="new-password")
            + f'<button type="submit">{html.escape(t("auth.setup.submit", lang))}</button></form>'
        )
        return _page(lang, title, "".join(parts), status)
    title = t("auth.title", lang)
    parts.insert(0, f"<h1>{html.escape(title)}</h1>")
    if sso_configured():
        query = urllib.parse.urlencode({"next": nxt, "lang": lang})
        parts.append(f'<a class="sso" href="/auth/sso?{html.escape(query)}">{html.escape(t("auth.sso", lang))}</a>')
        parts.append(f'<p class="hint">{html.escape(t("auth.or", lang))}</p>')
    parts.append(
        f'<form method="post" action="{LOGIN}">{hidden}'
        + _field(t("auth.name", lang), "name", auto="username")
        + _field(t("auth.password", lang), "password", "password", auto="current-password")
        + f'<button type="submit">{html.escape(t("auth.sign_in", lang))}</button></form>'
    )
    if demo.is_demo(s):
        parts.append(f'<p class="hint">{html.escape(t("auth.demo_accounts", lang))}</p>')
    return _page(lang, title, "".join(parts), status)


def sso_configured() -> bool:
    from ui import sso

    return sso.settings() is not None


async def login(request: Request) -> Response:
    if request.method == "GET":
        cookie = request.cookies.get(sessions.COOKIE)
        if await run_in_threadpool(sessions.resolve, store(), cookie) is not None:
            return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
        notice = t("auth.signed_out", request_lang(request)) if request.query_params.get("signed_out") else ""
        if not notice and cookie:
            notice = t("auth.session_ended", request_lang(request))
        response = await run_in_threadpool(lambda: login_form(request, notice=notice))
        response.delete_cookie(sessions.COOKIE, path="/")
        return response
    form = await request.form()
    request.scope["query_string"] = urllib.parse.urlencode(
        {"next": form.get("next", ""), "lang": form.get("lang", "")}
    ).encode()
    request = Request(request.scope)
    if not _same_origin(request):
        return login_form(request, error="Cross-site sign-in refused.", status=403)
    return await run_in_threadpool(_login, request, str(form.get("name", "")).strip(), str(form.get("password", "")))


def _login(request: Request, name: str, password: str) -> Response:
    try:
        user = accounts.authenticate(store(), name, password)
    except accounts.LoginFailed as exc:
        return login_form(request, error=exc.message(request_lang(request)), status=401)
    return signed_in(request, RedirectResponse(safe_next(request.query_params.get("next")), status_code=303), user)


async def first_admin(request: Request) -> Response:
    form = await request.form()
    request.scope["query_string"] = urllib.parse.urlencode(
        {"next": form.get("next", ""), "lang": form.get("lang", "")}
    ).encode()
    request = Request(request.scope)
    if not _same_origin(request):
        return login_form(request, error="Cross-site request refused.", status=403)
    fields = {k: str(form.get(k, "")) for k in ("name", "password", "setup_token")}
    return await run_in_threadpool(_first_admin, request, fields)


def _first_admin(request: Request, fields: dict[str, str]) -> Response:
    try:
        user = accounts.create_first_admin(
            store(),
            fields["name"].strip(),
            fields["password"],
            token_ok=setup_token.matches(fields["setup_token"]),
        )
    except Refusal as exc:
        return login_form(request, error=exc.message(request_lang(request)), status=403)
    return signed_in(request, RedirectResponse(safe_next(request.query_params.get("next")), status_code=303), user)


async def logout(request: Request) -> Response:
    """Sign out: every session of the account ends, on every server (the rows are in the shared store)."""
    if request.method == "POST" and not _same_origin(request):
        return Response("Cross-site sign-out refused.", status_code=403)
    await run_in_threadpool(sessions.end, store(), request.cookies.get(sessions.COOKIE), "logout")
    query = urllib.parse.urlencode({"signed_out": 1, "lang": request_lang(request)})
    response = RedirectResponse(f"{LOGIN}?{query}", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


def routes() -> list[Route]:
    from ui import sso

    return [
        Route(LOGIN, login, methods=["GET", "POST"]),
        Route("/auth/setup", first_admin, methods=["POST"]),
        Route("/auth/logout", logout, methods=["GET", "POST"]),
        *sso.routes(),
    ]


# --- the gate --------------------------------------------------------------------------------------


def _is_page(path: str) -> bool:
    """A request for one of the app's pages (Streamlit answers every such path with its index.html)."""
    if path.startswith("/auth/") or any(p in path for p in OPEN_PREFIXES if p != "/auth/"):
        return False  # Streamlit's own endpoints, also under a page's path (/users/_stcore/health)
    last = path.rsplit("/", 1)[-1]
    return "." not in last or last.endswith(".html")


class SignInGate:
    """ASGI middleware: a page request without a live session is sent to the sign-in page, keeping the URL."""

    def __init__(self, app: ASGIApp, resolve: Callable[[str | None], object] | None = None) -> None:
        self.app = app
        self.resolve = resolve or (lambda cookie: sessions.resolve(store(), cookie))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not _is_page(scope["path"]):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if await run_in_threadpool(self.resolve, request.cookies.get(sessions.COOKIE)) is not None:
            if scope["path"].strip("/") not in URL_PATHS:  # no such page: the front page, never "Page not found"
                query = scope.get("query_string", b"").decode()
                await RedirectResponse("/" + (f"?{query}" if query else ""), status_code=302)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        wanted = scope["path"] + (f"?{scope['query_string'].decode()}" if scope.get("query_string") else "")
        query = urllib.parse.urlencode({"next": wanted} if wanted not in ("/", "") else {})
        response = RedirectResponse(f"{LOGIN}?{query}" if query else LOGIN, status_code=302)
        response.headers["Cache-Control"] = "no-store"
        await response(scope, receive, send)
