"""The tracker's entry point: navigation, the sidebar, the demo banner; nothing else."""

import streamlit as st

from targets.access import Action
from ui import auth, cycle
from ui import context as ctx

st.set_page_config(page_title="民生实事跟踪 · Livelihood tracker", page_icon="📊", layout="wide")
user = auth.current_user()  # the session cookie, read on every run; None until someone signs in
if user is not None:
    ctx.sidebar()
    auth.sidebar_account()


def page(path: str, key: str, icon: str, url_path: str, action: Action | None = None, **kw) -> st.Page:
    """A page; one the account may not use stays routable but hidden, and refuses (and logs) when opened."""
    visible = action is None or auth.can(action)
    return st.Page(
        path, title=ctx.tr(key), icon=icon, url_path=url_path, visibility="visible" if visible else "hidden", **kw
    )


pages = {
    ctx.tr("nav.group.progress"): [
        page("views/overview.py", "nav.overview", "📈", "overview", default=True),
        page("views/area.py", "nav.area", "🗂️", "area"),
        page("views/task.py", "nav.task", "🎯", "task"),
        page("views/regions.py", "nav.regions", "🗺️", "regions"),
        page("views/completeness.py", "nav.completeness", "🧾", "completeness"),
    ],
    ctx.tr("nav.group.supervision"): [
        page("views/due.py", "nav.due", "🗓️", "due", Action.PERIOD_SUBMIT),
        page("views/supervision.py", "nav.supervision", "📌", "supervision"),
        page("views/periods.py", "nav.periods", "🗳️", "periods"),
    ],
    ctx.tr("nav.group.plan"): [
        page("views/catalogue.py", "nav.catalogue", "📋", "catalogue"),
    ],
    ctx.tr("nav.group.data"): [
        page("views/upload.py", "nav.upload", "📤", "upload", Action.UPLOAD),
        page("views/history.py", "nav.history", "🕘", "history"),
    ],
    ctx.tr("export.nav.group"): [
        page("views/export.py", "export.nav", "📦", "export", Action.EXPORT),
    ],
    ctx.tr("nav.group.admin"): [
        page("views/users.py", "nav.users", "👥", "users", Action.USERS),
        page("views/audit.py", "nav.audit", "📜", "audit", Action.AUDIT),
    ],
}
if user is None:
    # Nothing of the app before sign-in: the URL's page is known (no "Page not found"), but neither listed nor run.
    st.navigation(pages, position="hidden")
    auth.signed_out_page()
    st.stop()
navigation = st.navigation(pages)
if ctx.is_demo():
    st.warning(ctx.tr("banner.demo"), icon="🧪")
cycle.due_panel(navigation.url_path)  # on entering: what is due for this account (once per session)
navigation.run()
