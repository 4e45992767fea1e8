"""The one-time set-up token: the first admin can be made on the web only by whoever can read the server's log.

Like Jupyter's token: made once per server process, printed at start-up while the store has no account, and
good only until the first admin exists (services.accounts.create_first_admin refuses after that).
"""

from __future__ import annotations

import hmac
import secrets
import sys
import threading

_token: str | None = None
_lock = threading.Lock()


def token() -> str:
    """This process's set-up token (made on first use)."""
    global _token
    with _lock:
        if _token is None:
            _token = secrets.token_urlsafe(24)
        return _token


def matches(given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(given.strip().encode(), token().encode())


def announce(url: str = "") -> None:
    """Print the token where the operator sees it: the server's log (stderr)."""
    where = f"{url.rstrip('/')}/auth/login?setup_token={token()}" if url else ""
    print(
        "\n  No account exists yet: create the first admin with the CLI (users add NAME --role admin "
        f"--password-stdin) or on the web with the set-up token\n\n      {token()}\n"
        + (f"\n  ({where})\n" if where else ""),
        file=sys.stderr,
        flush=True,
    )
