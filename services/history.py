"""Reading what was recorded: an indicator's revisions, the upload batches with their files, the audit log."""

from __future__ import annotations

from typing import Any

from db import audit
from db import figures as stored_figures
from db.figures import Batch
from db.store import Store
from services.access import authorize, logging_denials
from targets.access import Action
from targets.figures import FigureKey, Stored


def indicator_history(store: Store, year: int, code: str) -> list[dict[str, Any]]:
    """Every revision of an indicator's figures: who, when, which batch and file, old → new."""
    with store.connect() as conn:
        return stored_figures.indicator_history(conn, year, code)


def batches(store: Store, year: int) -> list[Batch]:
    with store.connect() as conn:
        return stored_figures.batches(conn, year)


def batch_revisions(store: Store, batch_id: int) -> list:
    with store.connect() as conn:
        return stored_figures.batch_revisions(conn, batch_id)


def batch_file(store: Store, batch_id: int) -> bytes | None:
    """The original file of an upload batch, byte for byte."""
    with store.connect() as conn:
        return stored_figures.file_content(conn, batch_id)


def current_figures(store: Store, year: int) -> dict[FigureKey, Stored]:
    """Every figure of a year with the revision it stands at (what a correction must name)."""
    with store.connect() as conn:
        return stored_figures.stored(conn, year)


def audit_log(store: Store, actor: str | None, limit: int = 200) -> list[dict[str, Any]]:
    """The latest audit entries, newest first (administrators only; a refusal is logged)."""
    with logging_denials(store), store.connect() as conn:
        authorize(conn, actor, Action.AUDIT)
        return audit.recent(conn, limit)
