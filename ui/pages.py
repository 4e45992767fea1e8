"""The app's pages in one table: app.py builds the menu from it, and the sign-in gate knows every page's URL
(so an unknown path is sent to the front page instead of Streamlit's English "Page not found")."""

from __future__ import annotations

from dataclasses import dataclass

from targets.access import Action


@dataclass(frozen=True)
class PageSpec:
    path: str
    key: str  # the title's UI string
    icon: str
    url_path: str
    action: Action | None = None  # the action an account needs to see it in the menu
    default: bool = False


GROUPS: tuple[tuple[str, tuple[PageSpec, ...]], ...] = (
    (
        "nav.group.progress",
        (
            PageSpec("views/overview.py", "nav.overview", "📈", "overview", default=True),
            PageSpec("views/area.py", "nav.area", "🗂️", "area"),
            PageSpec("views/task.py", "nav.task", "🎯", "task"),
            PageSpec("views/regions.py", "nav.regions", "🗺️", "regions"),
            PageSpec("views/completeness.py", "nav.completeness", "🧾", "completeness"),
        ),
    ),
    (
        "nav.group.supervision",
        (
            PageSpec("views/due.py", "nav.due", "🗓️", "due", Action.PERIOD_SUBMIT),
            PageSpec("views/narratives.py", "nav.word", "💬", "word", Action.PERIOD_SUBMIT),
            PageSpec("views/notices.py", "nav.notices", "🔔", "notices"),
            PageSpec("views/supervision.py", "nav.supervision", "📌", "supervision"),
            PageSpec("views/periods.py", "nav.periods", "🗳️", "periods"),
        ),
    ),
    (
        "nav.group.plan",
        (
            PageSpec("views/catalogue.py", "nav.catalogue", "📋", "catalogue"),
            PageSpec("views/plan_catalogue.py", "nav.plan_catalogue", "🗃️", "plan-catalogue", Action.CATALOGUE),
            PageSpec("views/plan_targets.py", "nav.plan_targets", "🧮", "plan-targets", Action.REGION_TARGETS),
            PageSpec("views/plan_schedules.py", "nav.plan_schedules", "📐", "plan-schedules", Action.SCHEDULE),
        ),
    ),
    (
        "nav.group.year",
        (
            PageSpec("views/candidates.py", "nav.candidates", "🗳️", "candidates"),
            PageSpec("views/vote.py", "nav.vote", "✋", "vote"),
            PageSpec("views/rating.py", "nav.rating", "⭐", "rating"),
        ),
    ),
    (
        "nav.group.data",
        (
            PageSpec("views/upload.py", "nav.upload", "📤", "upload", Action.UPLOAD),
            PageSpec("views/investment.py", "nav.investment", "💴", "investment", Action.UPLOAD),
            PageSpec("views/milestones.py", "nav.milestones", "🏗️", "milestones", Action.UPLOAD),
            PageSpec("views/history.py", "nav.history", "🕘", "history"),
        ),
    ),
    ("export.nav.group", (PageSpec("views/export.py", "export.nav", "📦", "export", Action.EXPORT),)),
    (
        "nav.group.admin",
        (
            PageSpec("views/users.py", "nav.users", "👥", "users", Action.USERS),
            PageSpec("views/audit.py", "nav.audit", "📜", "audit", Action.AUDIT),
            PageSpec("views/rules.py", "nav.rules", "🚦", "rules", Action.SCHEDULE),
            PageSpec("views/disclosure.py", "disclosure.nav", "📢", "disclosure", Action.PUBLISH),
            PageSpec("views/objections.py", "nav.objections", "📮", "objections", Action.OBJECTIONS),
        ),
    ),
)

# The default page answers at "/" only (Streamlit gives it no path of its own).
URL_PATHS = frozenset({"", *(p.url_path for _, specs in GROUPS for p in specs if not p.default)})
