"""Press exports: one file built from a status view and recorded in the audit log (who built which file, for
which month and basis, with what hash). The export page and `export` on the command line both call build_export,
so the same view gives the same bytes.

Exporting is the press office's (and the admins') action: the acting account is checked before a file is built
and again in the transaction that records it; a refusal is itself logged.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any

from db import audit
from db.store import Store
from services.access import authorize, authorize_now, logging_denials
from services.demo import is_demo
from targets.access import Action
from targets.exports import CHART_FORMATS, ExportContext, build, file_name
from targets.status_view import StatusView

EXPORT_ACTION = "export.build"


def authorize_export(store: Store, actor: str | None) -> None:
    """Raise targets.access.Denied (and log it) unless the account may export."""
    authorize_now(store, actor, Action.EXPORT)


def export_context(store: Store, view: StatusView, *, lang: str, demo: bool | None = None) -> ExportContext:
    """What every format is built from (demo: whether the store holds the demo's sample figures, read from the
    store when not given); raises ValueError when the view has no status."""
    context = ExportContext.from_view(view, is_demo=is_demo(store) if demo is None else demo, lang=lang)
    return _with_words(store, with_investment(store, context))  # the departments' own word, quoted by the briefing


def with_investment(store: Store, context: ExportContext) -> ExportContext:
    """The context with the shares of the year's investment as of its month (完成年度总投资的X%)."""
    from services.investment import summary

    return dataclasses.replace(context, investment=summary(store, context.year, context.as_of))


def _with_words(store: Store, context: ExportContext) -> ExportContext:
    """The context with each task's standing word as of its month (the month's, else the month before's)."""
    from services.narratives import latest_words
    from targets.narratives import current_word

    table = latest_words(store, context.year)
    words = {t.code: w for t in context.plan.tasks if (w := current_word(table, t.code, context.as_of))}
    return dataclasses.replace(context, words=words)


@dataclass(frozen=True)
class ExportFile:
    format: str
    name: str
    data: bytes
    sha256: str
    as_of: str  # YYYY-MM
    chart: str | None


def build_export(
    store: Store,
    context: ExportContext,
    fmt: str,
    *,
    actor: str | None,
    chart: str | None = None,
    via: str,
    name: str | None = None,
) -> ExportFile:
    """Build one file and record it under its name (default: the standard name for the format and view); no
    file is handed out without its record. Raises ChartRenderError when no renderer is available."""
    authorize_export(store, actor)  # before any file is built
    which = chart if fmt in CHART_FORMATS else None
    data = build(fmt, context, chart=which)
    name = name or file_name(fmt, context, chart=which)
    sha = hashlib.sha256(data).hexdigest()
    as_of = f"{context.year}-{context.as_of:02d}"
    record_export(
        store,
        actor,
        fmt,
        as_of,
        sha,
        name,
        bytes=len(data),
        lang=context.lang,
        chart=which,
        sample_data=context.is_demo,
        recorded_on=context.recorded_on.isoformat() if context.recorded_on else None,
        approved_only=context.approved_only,
        via=via,
    )
    return ExportFile(fmt, name, data, sha, as_of, which)


def record_export(
    store: Store,
    actor: str | None,
    format: str,
    as_of: str,
    sha256: str,
    name: str,
    **detail: Any,
) -> int:
    """Append one export to the audit log in its own transaction."""
    doc = {"format": format, "as_of": as_of, "file": name, "sha256": sha256, **detail}
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.EXPORT)
        return audit.record(conn, actor, EXPORT_ACTION, name, doc)


def recent_exports(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The latest exports, newest first: id, at (UTC), actor, file name and the recorded detail."""
    with store.connect() as conn:
        return audit.of_action(conn, EXPORT_ACTION, limit)
