"""The tracker's entry point: navigation, the sidebar, the demo banner; nothing else."""

import streamlit as st

from ui import auth, chrome, cycle, run_log
from ui import context as ctx
from ui.pages import GROUPS, PageSpec

st.set_page_config(page_title="民生实事跟踪 · Livelihood tracker", page_icon="📊", layout="wide")


def page(spec: PageSpec) -> st.Page:
    """A page; one the account may not use stays routable but hidden, and refuses (and logs) when opened."""
    visible = spec.action is None or auth.can(spec.action)
    return st.Page(
        spec.path,
        title=ctx.tr(spec.key),
        icon=spec.icon,
        url_path=spec.url_path,
        visibility="visible" if visible else "hidden",
        default=spec.default,
    )


def run() -> None:
    """One page run: who is signed in, the sidebar, the menu, the page."""
    user = auth.current_user()  # the session cookie, read on every run; None until someone signs in
    if user is not None:
        ctx.sidebar()
        auth.sidebar_account()
        chrome.localize(ctx.lang())  # Streamlit's own text (uploader, pickers, toolbars) in the page's language

    pages = {ctx.tr(group): [page(spec) for spec in specs] for group, specs in GROUPS}
    if user is None:
        # Nothing of the app before sign-in: the URL's page is known (no "Page not found"), but neither listed nor run.
        st.navigation(pages, position="hidden")
        auth.signed_out_page()
        st.stop()
    navigation = st.navigation(pages, expanded=True)  # the whole menu, never "View 4 more"
    auth.unread_notices(user.name)  # 🔔 n unread notices (reminders), linking to the notices page
    if ctx.is_demo():
        st.warning(ctx.tr("banner.demo"), icon="🧪")
    cycle.due_panel(navigation.url_path)  # on entering: what is due for this account (once per session)
    navigation.run()


# Every read of the run shares one connection (db.store.Store.hold): a dozen new ones cost more than the page;
# the signed-in account is read once per run (ui.auth.one_reading_per_run). LIVELIHOOD_RUN_LOG times the run.
with run_log.logged_run(), ctx.store().hold(), auth.one_reading_per_run():
    run()
