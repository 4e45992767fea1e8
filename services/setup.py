"""Bringing a store up to date (schema migrations, the bundled catalogues and the regions), and copying one
store into another (the move between stores and the PostgreSQL backup path)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from db import audit
from db.catalogue import load_regions, plan_origin, save_plan, save_regions
from db.copy import CopyReport, copy_store
from db.meta import bump_data_version
from db.migrate import migrate
from db.store import ENV_VAR, Store, open_store
from services.access import authorize, log_denied
from targets.access import Action, Denied
from targets.catalogue import bundled_path, bundled_years, load_catalogue
from targets.regions import load_regions as bundled_regions

SYSTEM_ACTOR = "system"

__all__ = ["ENV_VAR", "SYSTEM_ACTOR", "Store", "copy", "init_store", "ready"]


@dataclass
class InitReport:
    migrations_applied: list[int] = field(default_factory=list)
    plans_loaded: list[int] = field(default_factory=list)
    plans_refreshed: list[int] = field(default_factory=list)
    plans_kept: list[int] = field(default_factory=list)
    regions_loaded: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.migrations_applied or self.plans_loaded or self.plans_refreshed or self.regions_loaded)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def init_store(store: Store, actor: str = SYSTEM_ACTOR) -> InitReport:
    """Create or migrate the store and load what ships with the app; running it twice changes nothing."""
    report = InitReport(migrations_applied=migrate(store))
    with store.transaction() as conn:
        regions = bundled_regions()
        if load_regions(conn) != regions:
            save_regions(conn, regions)
            audit.record(conn, actor, "regions.load", None, {"regions": len(regions)})
            report.regions_loaded = True
        for year in bundled_years():
            path = bundled_path(year)
            digest = file_hash(path.read_bytes())
            origin = plan_origin(conn, year)
            if origin is None or (origin[0] == "bundled" and origin[1] != digest):
                plan = load_catalogue(path)
                save_plan(conn, plan, origin="bundled", origin_hash=digest)
                action = "catalogue.load" if origin is None else "catalogue.refresh"
                audit.record(
                    conn,
                    actor,
                    action,
                    str(year),
                    {"file": path.name, "sha256": digest, "indicators": len(plan.indicators)},
                )
                (report.plans_loaded if origin is None else report.plans_refreshed).append(year)
            elif origin[0] != "bundled":
                report.plans_kept.append(year)
        if report.changed:
            bump_data_version(conn)
    return report


def ready(target: str | None = None, actor: str = SYSTEM_ACTOR) -> Store:
    """The store named by target (or LIVELIHOOD_DB, or the default file), migrated and holding the bundled
    catalogue: the start-up work of the app and of every command (idempotent)."""
    store = open_store(target, migrate=False)
    init_store(store, actor)
    return store


def copy(source: Store, destination: Store, *, actor: str, force: bool = False) -> CopyReport:
    """Copy everything from source to destination; the source's admins only (the copy carries password hashes
    and the audit log), and the destination's too when it replaces what the destination holds."""
    checked: list[Store] = []

    def check(store: Store, conn) -> None:
        checked.append(store)
        authorize(conn, actor, Action.USERS)

    try:
        return copy_store(source, destination, actor=actor, check=check, force=force)
    except Denied as exc:  # logged where it was refused, after that store's transaction rolled back
        log_denied(checked[-1], exc.user, str(exc.action), exc.message_en)
        raise
