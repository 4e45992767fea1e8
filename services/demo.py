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
            _demo_milestones(conn, year, plan, actor)  # issue 21 (milestones)
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
            _demo_investment(conn, plan, actor)
        _demo_rules(conn, max(plan_years(conn), default=None))
        meta_set(conn, "demo", "true")
        meta_set(conn, CLOCK_KEY, DEMO_TODAY.isoformat())
        audit.record(
            conn,
            actor,
            "demo.build",
            None,
            {"figures_written": written, "as_of": DEMO_AS_OF, "today": DEMO_TODAY.isoformat()},
        )
        _demo_words(conn, actor)  # the departments' own word (targets.narratives.DEMO_WORDS)
        bump_data_version(conn)
    return {"figures_written": written, "as_of_month": DEMO_AS_OF, "today": DEMO_TODAY.isoformat()}


def _demo_investment(conn, plan, actor: str) -> None:
    """The demo's synthetic planned and completed investment (targets.investment.demo_investment), written once."""
    from db import investment as stored_investment
    from targets.investment import demo_investment

    planned, changes = demo_investment(plan, DEMO_AS_OF)
    stored_investment.save_planned(conn, plan.year, planned, actor=actor, filename="demo")
    current = stored_investment.completed(conn, plan.year)
    changes = [c for c in changes if current.get(c.task_code, {}).get(c.month) != c.new]
    if changes:
        stored_investment.write_batch(
            conn,
            year=plan.year,
            actor=actor,
            changes=changes,
            filename="demo",
            sha256=None,
            content=None,
            rows_read=len(changes),
            unchanged=0,
            warnings_confirmed=0,
        )


def _demo_words(conn, actor: str) -> None:
    """The demo's progress notes, once per plan year (a rebuilt demo keeps the versions it wrote)."""
    from db import narratives
    from db.audit import now
    from targets.narratives import demo_drafts, parse_confidence, task_departments

    for year in plan_years(conn):
        plan = load_plan(conn, year)
        if narratives.of_year(conn, year):
            continue
        for d in demo_drafts(plan):
            narratives.append(conn, year=year, task_code=d.task_code, month=d.month,
                              confidence=parse_confidence(d.confidence), progress=d.progress, problems=d.problems,
                              next_steps=d.next_steps, department=task_departments(plan, d.task_code)[0],
                              actor=actor, at=now(), source="demo")  # fmt: skip


def _demo_milestones(conn, year: int, plan, actor: str) -> None:
    """The demo's construction projects and their dates (targets.milestones_demo), written where they differ."""
    from db import milestones as stored_milestones
    from targets.milestones_demo import demo_milestones

    have = stored_milestones.stored(conn, year)
    items = [
        p for p in demo_milestones(plan, DEMO_AS_OF, DEMO_TODAY) if have.get((p.task_code, p.name), (None,))[0] != p
    ]
    if items:
        stored_milestones.write_projects(
            conn, year, items, actor=actor, kind=DEMO_KIND, filename="demo", sha256=None, content=None
        )


def _demo_rules(conn, year: int | None) -> None:
    """A first alert-rule version on record (the default thresholds, from the demo's month), so the 预警规则 page,
    the explanations and the escalation notes show a version and its history; only once."""
    from db import rules as stored_rules
    from targets.rules import AlertRules

    if year is None or stored_rules.versions(conn):
        return
    reason = "示例：将默认阈值登记为正式预警规则（连续2个月红灯建议督办，连续3个月建议挂牌督办）"
    by = "demo-admin"  # the documented demo administrator sets the example rules
    version = stored_rules.insert(conn, AlertRules(), from_year=year, from_month=DEMO_AS_OF, reason=reason, actor=by)
    audit.record(
        conn,
        by,
        "rules.set",
        f"v{version.version}",
        {
            "version": version.version,
            "from": f"{year}-{DEMO_AS_OF:02d}",
            "new": AlertRules().as_json(),
            "reason": reason,
        },
    )


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
