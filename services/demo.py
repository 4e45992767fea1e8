"""Filling a database with the synthetic demo figures; a database with real figures is refused."""

from __future__ import annotations

from datetime import date

from db import audit
from db import figures as store_figures
from db import users as stored_users
from db.catalogue import load_plan, plan_years
from db.meta import bump_data_version, meta_get, meta_set
from db.region_targets import stored as stored_targets
from db.region_targets import write_targets
from db.status import save_trajectory
from db.store import Store
from services.access import authorize, logging_denials
from services.accounts import add_user
from targets.access import Action, Role
from targets.demo import DEMO_AS_OF, DEMO_TODAY, demo_figures, demo_region_targets, demo_trajectories
from targets.errors import Refusal
from targets.figures import Change

DEMO_KIND = "demo"
CLOCK_KEY = "clock_today"  # meta: the demo database's own today (ISO date), written by build_demo


def is_demo(store: Store) -> bool:
    """True for a database the demo filled (every page and export then says 演示数据 / sample data)."""
    with store.connect() as conn:
        return _is_demo(conn)


def _is_demo(conn) -> bool:
    return meta_get(conn, "demo") == "true"


def demo_today(conn) -> date | None:
    """The demo database's own today (targets.demo.DEMO_TODAY, stored by build_demo), or None for a real
    database, which runs on the real local date. A demo built before the clock was stored runs on DEMO_TODAY."""
    if not _is_demo(conn):
        return None
    stored = meta_get(conn, CLOCK_KEY)
    return date.fromisoformat(stored) if stored else DEMO_TODAY


def holds_real_figures(conn) -> bool:
    return any(b.kind != DEMO_KIND for y in plan_years(conn) for b in store_figures.batches(conn, y))


def build_demo(store: Store, *, actor: str) -> dict:
    """Replace the demo figures of every plan year; refuse a database that holds real figures."""
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.DEMO)
        if holds_real_figures(conn):
            raise Refusal(
                "real_data",
                "This database holds real figures; the demo fills only a separate database (e.g. --db data/demo.duckdb).",
                "该数据库中有真实填报数据；演示数据只能写入单独的数据库（例如 --db data/demo.duckdb）。",
            )
        written = 0
        for year in plan_years(conn):
            plan = load_plan(conn, year)
            current = store_figures.stored(conn, year)
            figures = demo_figures(plan)
            changes = []
            keep = set()
            for f in figures:
                key = (f.indicator_code, f.region_code, f.month)
                keep.add(key)
                before = current.get(key)
                if before is None or before.value != f.value:
                    changes.append(
                        Change(key, before.value if before else None, f.value, before.revision_id if before else None)
                    )
            changes += [Change(k, v.value, None, v.revision_id) for k, v in current.items() if k not in keep]
            wanted = demo_region_targets(plan)
            have = stored_targets(conn, year)
            items = [(c, r, t) for (c, r), t in wanted.items() if getattr(have.get((c, r)), "target", None) != t]
            items += [(c, r, None) for (c, r) in have if (c, r) not in wanted]
            if items:
                write_targets(
                    conn, year, items, actor=actor, kind=DEMO_KIND, filename="demo", sha256=None, content=None
                )
            for code, shares in demo_trajectories(plan).items():
                save_trajectory(conn, year, code, shares, actor)
            if changes:
                store_figures.write_batch(
                    conn,
                    year=year,
                    kind=DEMO_KIND,
                    actor=actor,
                    changes=changes,
                    rows_read=len(figures),
                    filename="demo",
                )
                written += len(changes)
        meta_set(conn, "demo", "true")
        meta_set(conn, CLOCK_KEY, DEMO_TODAY.isoformat())
        audit.record(
            conn,
            actor,
            "demo.build",
            None,
            {"figures_written": written, "as_of": DEMO_AS_OF, "today": DEMO_TODAY.isoformat()},
        )
        bump_data_version(conn)
    return {"figures_written": written, "as_of_month": DEMO_AS_OF, "today": DEMO_TODAY.isoformat()}


# The demo database's accounts: documented in the README and on the sign-in page; sample data only.
DEMO_ACCOUNTS = (
    ("demo", "viewer", None, "demo-viewer-2024"),
    ("demo-press", "press", None, "demo-press-2024"),
    ("demo-reporter", "reporter", "省民政厅", "demo-reporter-2024"),
    ("demo-admin", "admin", None, "demo-admin-2024"),
)


def add_demo_accounts(store: Store) -> list[str]:
    """Create the documented demo accounts in a demo database that has no accounts yet."""
    with store.connect() as conn:
        if not _is_demo(conn) or stored_users.count(conn) > 0:
            return []
    created = []
    for name, role, department, password in sorted(DEMO_ACCOUNTS, key=lambda a: a[1] != "admin"):
        add_user(store, name, Role(role), password, department=department, actor="demo-admin")
        created.append(name)
    if created:
        _demo_notices(store)
    return created


def _demo_notices(store: Store) -> None:
    """The reminders the demo accounts would have had by the demo's day (in-app notices only)."""
    from services.reminders import demo_notices

    with store.connect() as conn:
        today = demo_today(conn) or DEMO_TODAY
    demo_notices(store, today)
