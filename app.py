"""The tracker's entry point: navigation, the sidebar, the demo banner; nothing else."""

import streamlit as st

from ui import context as ctx

st.set_page_config(page_title="民生实事跟踪 · Livelihood tracker", page_icon="📊", layout="wide")
ctx.sidebar()

pages = {
    ctx.tr("nav.group.plan"): [
        st.Page("pages/catalogue.py", title=ctx.tr("nav.catalogue"), icon="📋", url_path="catalogue", default=True),
    ],
    ctx.tr("nav.group.data"): [
        st.Page("pages/upload.py", title=ctx.tr("nav.upload"), icon="📤", url_path="upload"),
        st.Page("pages/history.py", title=ctx.tr("nav.history"), icon="🕘", url_path="history"),
    ],
}
navigation = st.navigation(pages)
if ctx.is_demo():
    st.warning(ctx.tr("banner.demo"), icon="🧪")
navigation.run()
