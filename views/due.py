"""待办事项: what is due for the signed-in account (a reporter's department; an administrator's approvals
and overdue supervision items)."""

import streamlit as st

from ui import context as ctx
from ui import cycle

tr = ctx.tr
if ctx.plan() is None:
    st.info(tr("no_plan"))
    st.stop()
st.title(tr("due.title"))
cycle.demo_clock_note()
cycle.render_due(cycle.user())
