"""The public disclosure (公示): preview an edition built from approved figures only, publish it as a static site
into a folder any web server serves, keep every edition, and publish an earlier one again byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from db import audit
from db import disclosure as stored
from db.meta import bump_data_version
from db.store import Store
from services.access import authorize, authorize_now, logging_denials
from services.cycle import local_today
from services.demo import is_demo
from services.status import load_status
from targets import clock
from targets.access import Action
from targets.disclosure.content import Particulars, Reply, Sources, build_content, canonical
from targets.disclosure.site import render_site, unzip_files, zip_files
from targets.errors import Refusal

DEFAULT_DIR = "data/public"
WINDOW_DAYS = 7  # the usual objection window (Bazhong: 7 days)


def publish_dir() -> Path:
    """Where the site is published: LIVELIHOOD_PUBLISH_DIR, default data/public."""
    return Path(os.environ.get("LIVELIHOOD_PUBLISH_DIR") or DEFAULT_DIR)


def defaults(store: Store) -> Particulars:
    """The particulars a form starts from: the configured body and contact, a 7-day window from today."""
    today = local_today(store)
    env = os.environ.get
    return Particulars(
        issuer_zh=env("LIVELIHOOD_PUBLISH_ISSUER") or "省民生实事工作办公室",
        issuer_en=env("LIVELIHOOD_PUBLISH_ISSUER_EN") or "Provincial Office for Livelihood Projects",
        window_from=today,
        window_to=today + timedelta(days=WINDOW_DAYS - 1),
        published_on=today,
        address=env("LIVELIHOOD_PUBLISH_ADDRESS") or "",
        contact=env("LIVELIHOOD_PUBLISH_CONTACT") or "",
        phone=env("LIVELIHOOD_PUBLISH_PHONE") or "",
        objections_url=env("LIVELIHOOD_OBJECTIONS_URL") or "",
    )


def published_replies(store: Store, year: int) -> list[Reply]:
    """The replies to objections an admin has published (services.objections), dated on the local clock."""
    from services import objections  # imported here: objections asks this module for the edition's window

    def day(at: object) -> str:
        return clock.local_day(at).isoformat() if isinstance(at, datetime) else str(at)[:10]

    return [
        Reply(str(r["question"]), str(r["reply"]), day(r["replied_at"]))
        for r in objections.published_replies(store, year)
    ]


def objection_window(store: Store, year: int) -> tuple[date, date] | None:
    """The objection window of the year's latest published edition (the form service opens on it)."""
    latest = max((e for e in editions(store) if e.year == year), key=lambda e: e.id, default=None)
    return None if latest is None else (latest.window_from, latest.window_to)


@dataclass(frozen=True)
class Draft:
    """An edition built but not yet published: its content and its files."""

    year: int
    as_of: int
    content: dict[str, Any]
    files: dict[str, bytes]

    @property
    def content_json(self) -> str:
        return canonical(self.content)

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.content_json.encode("utf-8")).hexdigest()

    def zip(self) -> bytes:
        return zip_files(self.files)


@dataclass(frozen=True)
class Published:
    """An edition written to a folder and kept."""

    edition: stored.EditionRecord
    out_dir: Path
    files: dict[str, bytes]
    content: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": True,
            "edition": edition_json(self.edition),
            "out": str(self.out_dir),
            "files": sorted(self.files),
            "summary": {g["key"]: g["count"] for g in self.content["groups"]},
            "total": self.content["total"],
            "slow": self.content["slow"],
        }


def edition_json(e: stored.EditionRecord) -> dict[str, Any]:
    return {
        "id": e.id,
        "year": e.year,
        "as_of": f"{e.year}-{e.as_of:02d}",
        "published_at": e.published_at.isoformat(sep=" ", timespec="seconds"),
        "published_by": e.published_by,
        "window": {"from": e.window_from.isoformat(), "to": e.window_to.isoformat()},
        "issuer": e.issuer,
        "content_sha256": e.content_sha256,
        "files_sha256": e.files_sha256,
    }


def _refuse_problems(particulars: Particulars) -> None:
    problems = particulars.problems()
    if problems:
        code, en, zh = problems[0]
        raise Refusal(code, en, zh)


def build(
    store: Store, *, actor: str | None, particulars: Particulars, year: int | None = None, as_of: int | None = None
) -> Draft:
    """The edition for a month (default: the headline month of the approved figures), on approved figures only."""
    authorize_now(store, actor, Action.PUBLISH)
    _refuse_problems(particulars)
    try:
        view = load_status(store, year=year, as_of=as_of, approved_only=True)
    except LookupError as exc:
        raise Refusal("no_plan", str(exc), "没有可公示的计划。") from exc
    if view.status is None:
        raise Refusal(
            "no_approved_figures",
            "No approved (locked) figures yet: nothing to publish.",
            "尚无已审核（锁定）的月份数据，无法生成公示。",
        )
    sources = Sources(view.plan, view.status, view.ranking(), tuple(published_replies(store, view.plan.year)))
    content = build_content(sources, particulars, sample_data=is_demo(store))
    return Draft(view.plan.year, view.status.as_of, content, render_site(content))


def _write(out_dir: Path, files: dict[str, bytes]) -> None:
    """Replace the folder's content with the files: written beside it first, then swapped in, so a reader never
    sees half an edition and no file of an earlier edition is left behind."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for path in [staging, *staging.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
            old.rmdir()
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def publish(
    store: Store,
    out_dir: Path,
    *,
    actor: str | None,
    particulars: Particulars,
    year: int | None = None,
    as_of: int | None = None,
) -> Published:
    """Build the edition, write the site into out_dir and keep the edition (content and files) on record."""
    draft = build(store, actor=actor, particulars=particulars, year=year, as_of=as_of)
    archive = draft.zip()
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.PUBLISH)
        record = stored.save_edition(
            conn,
            year=draft.year,
            as_of=draft.as_of,
            published_by=user.name,
            notice=draft.content["notice"]["zh"],
            window_from=particulars.window_from,
            window_to=particulars.window_to,
            issuer=draft.content["issuer"]["zh"],
            content=draft.content_json,
            files=archive,
        )
        audit.record(
            conn,
            user.name,
            "disclosure.publish",
            f"edition {record.id}",
            {
                "year": draft.year,
                "as_of": draft.content["as_of"],
                "files": len(draft.files),
                "content_sha256": record.content_sha256,
                "files_sha256": record.files_sha256,
            },
        )
        # Written inside the transaction: a folder that cannot be written leaves no edition on record.
        _write(out_dir, draft.files)
        bump_data_version(conn)
    return Published(record, out_dir, draft.files, draft.content)


def editions(store: Store) -> list[stored.EditionRecord]:
    with store.connect() as conn:
        return stored.editions(conn)


def edition(store: Store, edition_id: int) -> stored.StoredEdition:
    with store.connect() as conn:
        found = stored.edition(conn, edition_id)
    if found is None:
        raise Refusal("no_edition", f"There is no edition {edition_id}.", f"没有第{edition_id}期公示。")
    return found


def edition_content(store: Store, edition_id: int) -> dict[str, Any]:
    return json.loads(edition(store, edition_id).content)


def republish(store: Store, edition_id: int, out_dir: Path, *, actor: str | None) -> Published:
    """Write an earlier edition's stored files again, byte for byte, and put it on record."""
    authorize_now(store, actor, Action.PUBLISH)
    found = edition(store, edition_id)
    files = unzip_files(found.files)
    with logging_denials(store), store.transaction() as conn:
        user = authorize(conn, actor, Action.PUBLISH)
        audit.record(
            conn,
            user.name,
            "disclosure.republish",
            f"edition {edition_id}",
            {"files": len(files), "files_sha256": found.edition.files_sha256},
        )
        _write(out_dir, files)
    return Published(found.edition, out_dir, files, json.loads(found.content))


def particulars(
    store: Store,
    *,
    issuer: str | None = None,
    issuer_en: str | None = None,
    address: str | None = None,
    contact: str | None = None,
    phone: str | None = None,
    window_from: date | None = None,
    window_to: date | None = None,
    notice_zh: str | None = None,
    notice_en: str | None = None,
    objections_url: str | None = None,
) -> Particulars:
    """The configured defaults with what was given in their place (a window given only from: 7 days from it)."""
    base = defaults(store)
    start = window_from or base.window_from
    end = window_to or start + timedelta(days=WINDOW_DAYS - 1)
    return Particulars(
        issuer_zh=issuer if issuer is not None else base.issuer_zh,
        issuer_en=issuer_en if issuer_en is not None else (base.issuer_en if issuer is None else ""),
        window_from=start,
        window_to=end,
        published_on=base.published_on,
        address=address if address is not None else base.address,
        contact=contact if contact is not None else base.contact,
        phone=phone if phone is not None else base.phone,
        notice_zh=notice_zh or "",
        notice_en=notice_en or "",
        objections_url=objections_url if objections_url is not None else base.objections_url,
    )
