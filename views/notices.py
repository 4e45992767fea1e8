"""消息: the signed-in account's in-app notices (deadline reminders, returned months, the administrators' digest),
the unread ones marked, each with mark-read. Read fresh at every run (a handful of rows per account)."""

import streamlit as st

from services.reminders import mark_read, notices
from targets import clock
from ui import auth
from ui import context as ctx

tr, lang = ctx.tr, ctx.lang()
user = auth.current_user()
if user is None:
    st.stop()
store = ctx.store()
st.title(tr("notices.title"))
found = notices(store, actor=user.name)
unread = sum(n.read_at is None for n in found)
st.caption(tr("notices.unread_caption", n=unread))
if unread and st.button(tr("notices.mark_all_read"), key="notices_read_all"):
    mark_read(store, actor=user.name)
    ctx.bump()
    st.rerun()
if not found:
    st.info(tr("notices.none"))
for n in found:
    with st.container(border=True):
        flag = f" · 🔵 {tr('notices.new')}" if n.read_at is None else ""
        st.markdown(f"**{n.subject}**{flag}")
        st.caption(clock.show_with_zone(n.created_at, lang))
        st.text(n.body)
        if n.read_at is None and st.button(tr("notices.mark_read"), key=f"notice_read_{n.id}"):
            mark_read(store, actor=user.name, notice_id=n.id)
            ctx.bump()
            st.rerun()
