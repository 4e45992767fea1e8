"""Single sign-on (OpenID Connect, authorization code flow) on the sign-in routes, before Streamlit loads.

Configured in `.streamlit/secrets.toml` (or a file named by `--secrets.files`) under [livelihood.sso]: the
provider (server_metadata_url, client_id, client_secret; optionally redirect_uri and scope) and the mapping
of claims to roles (targets.sso). A malformed section stops start-up with a message (BadConfig).

/auth/sso sends the browser to the provider with a fresh state and nonce, kept in a short signed cookie so
that any app server can finish the flow; /auth/sso/callback exchanges the code (Authlib), checks the ID
token's signature, issuer, audience, expiry and nonce (joserfc), maps the claims to an account
(services.accounts.sso_sign_in: a real actor in the store) and opens a session like a local sign-in.
"""

from __future__ import annotations

import logging
import secrets
import time
import urllib.parse
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from targets.sso import BadSsoConfig, NoRole, map_claims, parse_rules

STATE_COOKIE = "livelihood_sso"
STATE_MAX_AGE = 600  # seconds to come back from the provider
_metadata: dict[str, tuple[float, dict]] = {}


class BadConfig(SystemExit):
    """A malformed [livelihood.sso] section: start-up stops with a message saying what to fix."""


def settings() -> dict[str, Any] | None:
    """The checked [livelihood.sso] section, or None when single sign-on is not configured; BadConfig if malformed."""
    import streamlit as st

    try:
        livelihood = st.secrets.get("livelihood")
    except FileNotFoundError:
        return None
    if not livelihood or "sso" not in livelihood:
        return None
    try:
        return parse_rules(livelihood["sso"].to_dict() if hasattr(livelihood["sso"], "to_dict") else livelihood["sso"])
    except BadSsoConfig as exc:
        raise BadConfig(f"Single sign-on is misconfigured, so the server does not start: {exc}") from None


def _provider(config: dict[str, Any]) -> dict:
    """The provider's metadata (.well-known/openid-configuration), kept for an hour."""
    import requests

    url = config["server_metadata_url"]
    found = _metadata.get(url)
    if found and time.monotonic() - found[0] < 3600:
        return found[1]
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    meta = response.json()
    _metadata[url] = (time.monotonic(), meta)
    return meta


def _serializer() -> URLSafeTimedSerializer:
    from services import sessions
    from ui.signin import store

    return URLSafeTimedSerializer(sessions.signing_secret(store()), salt="livelihood.sso")


def _redirect_uri(request: Request, config: dict[str, Any]) -> str:
    return config.get("redirect_uri") or str(request.url_for("sso_callback"))


def _begin(request: Request, config: dict[str, Any]) -> Response:
    from authlib.integrations.requests_client import OAuth2Session

    from ui.signin import cookie_options, request_lang, safe_next

    nxt = safe_next(request.query_params.get("next"))
    meta = _provider(config)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    client = OAuth2Session(
        config["client_id"],
        config["client_secret"],
        scope=config.get("scope", "openid email profile"),
        redirect_uri=_redirect_uri(request, config),
    )
    url, _ = client.create_authorization_url(meta["authorization_endpoint"], state=state, nonce=nonce)
    response = RedirectResponse(url, status_code=302)
    value = _serializer().dumps({"state": state, "nonce": nonce, "next": nxt, "lang": request_lang(request, nxt)})
    response.set_cookie(STATE_COOKIE, value, max_age=STATE_MAX_AGE, **cookie_options(request))
    return response


def _claims(request: Request, config: dict[str, Any], pending: dict, code: str) -> dict[str, Any]:
    """The signed-in person's claims: the verified ID token, completed by the userinfo endpoint."""
    import requests
    from authlib.integrations.requests_client import OAuth2Session
    from joserfc import jwt
    from joserfc.jwk import KeySet

    meta = _provider(config)
    client = OAuth2Session(
        config["client_id"], config["client_secret"], redirect_uri=_redirect_uri(request, config), timeout=10
    )
    token = client.fetch_token(meta["token_endpoint"], code=code, grant_type="authorization_code")
    keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
    decoded = jwt.decode(token["id_token"], keys)
    registry = jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": meta["issuer"]},
        aud={"essential": True, "value": config["client_id"]},
        exp={"essential": True},
        nonce={"essential": True, "value": pending["nonce"]},
    )
    registry.validate(decoded.claims)
    claims = dict(decoded.claims)
    if meta.get("userinfo_endpoint"):
        info = client.get(meta["userinfo_endpoint"], timeout=10)
        info.raise_for_status()
        extra = info.json()
        if extra.get("sub") == claims.get("sub"):
            claims = {**extra, **claims}
    return claims


def _finish(request: Request, config: dict[str, Any]) -> Response:
    from services import accounts
    from ui.signin import login_form, safe_next, signed_in

    params = dict(request.query_params)  # read before the query string is replaced for the sign-in page
    try:
        pending = _serializer().loads(request.cookies.get(STATE_COOKIE, ""), max_age=STATE_MAX_AGE)
    except BadSignature:
        pending = None
    nxt = safe_next(pending.get("next") if pending else "/")
    lang = pending.get("lang", "zh") if pending else "zh"
    request.scope["query_string"] = urllib.parse.urlencode({"next": nxt, "lang": lang}).encode()
    from targets.i18n import t

    def refused(why: str, status: int = 403) -> Response:
        response = login_form(Request(request.scope), error=t("auth.sso_failed", lang, why=why), status=status)
        response.delete_cookie(STATE_COOKIE, path="/")
        return response

    if pending is None or not secrets.compare_digest(params.get("state", ""), pending["state"]):
        return refused("state", 400)
    if "error" in params or "code" not in params:
        return refused(params.get("error", "no code"), 401)
    try:
        claims = _claims(request, config, pending, params["code"])
    except Exception as exc:  # the provider's answer did not verify: said on the page, never a half sign-in
        logging.getLogger(__name__).warning("single sign-on failed: %r", exc)
        return refused(type(exc).__name__, 401)
    try:
        mapped = map_claims(claims, config)
        user = accounts.sso_sign_in(_store(), mapped)
    except NoRole:
        return refused(t("auth.sso_no_role", lang))
    except accounts.LoginFailed as exc:
        return refused(exc.message(lang))
    response = signed_in(request, RedirectResponse(nxt, status_code=303), user)
    response.delete_cookie(STATE_COOKIE, path="/")
    return response


def _store():
    from ui.signin import store

    return store()


async def begin(request: Request) -> Response:
    config = settings()
    if config is None:
        return RedirectResponse("/auth/login", status_code=303)
    return await run_in_threadpool(_begin, request, config)


async def callback(request: Request) -> Response:
    config = settings()
    if config is None:
        return RedirectResponse("/auth/login", status_code=303)
    return await run_in_threadpool(_finish, request, config)


def routes() -> list[Route]:
    return [
        Route("/auth/sso", begin, methods=["GET"]),
        Route("/auth/sso/callback", callback, methods=["GET"], name="sso_callback"),
    ]
