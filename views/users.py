"""账号管理 (admins): list, add, re-role, disable and reset passwords; every change is on record."""

import pandas as pd
import streamlit as st

from services import accounts as users
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from ui import auth
from ui import context as ctx

tr, lang = ctx.tr, ctx.lang()
auth.require(Action.USERS)
store = ctx.store()
st.title(tr("users.title"))
accounts = ctx.accounts()


def state(a) -> str:
    if a.user.disabled:
        return tr("users.state.disabled")
    if a.locked_until:
        return tr("users.state.locked", until=f"{a.locked_until:%Y-%m-%d %H:%M}")
    return tr("users.state.active")


st.dataframe(
    pd.DataFrame(
        [
            {
                tr("users.col.name"): a.user.name,
                tr("users.col.role"): tr(f"role.{a.user.role.value}"),
                tr("users.col.department"): a.user.department or "",
                tr("users.col.state"): state(a),
                tr("users.col.via"): tr("users.via.password") if a.has_password else tr("users.via.sso"),
                tr("users.col.last_login"): f"{a.last_login_at:%Y-%m-%d %H:%M}" if a.last_login_at else "",
            }
            for a in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
)
roles = [r.value for r in Role]
plan = ctx.plan()
departments = list(plan.lead_units) if plan else []


def attempt(fn, *args, **kwargs) -> bool:
    try:
        fn(*args, **kwargs)
    except (Refusal, Denied) as exc:
        st.error(exc.message(lang))
        return False
    ctx.bump()
    return True


with st.expander(tr("users.add")), st.form("add_user", clear_on_submit=True):
    name = st.text_input(tr("users.col.name"), key="add_name")
    role = st.selectbox(tr("users.col.role"), roles, format_func=lambda r: tr(f"role.{r}"), key="add_role")
    department = st.selectbox(tr("users.col.department"), [None, *departments], key="add_department")
    password = st.text_input(tr("users.new_password"), type="password", key="add_password")
    if st.form_submit_button(tr("users.add.submit")) and attempt(
        users.add_user, store, name.strip(), Role(role), password, department=department, actor=ctx.actor()
    ):
        st.success(tr("users.added", name=name.strip()))

if accounts:
    st.subheader(tr("users.change"))
    chosen = st.selectbox(tr("users.pick"), [a.user.name for a in accounts], key="change_user")
    account = next(a for a in accounts if a.user.name == chosen)
    c1, c2 = st.columns(2)
    new_role = c1.selectbox(
        tr("users.col.role"),
        roles,
        index=roles.index(account.user.role.value),
        format_func=lambda r: tr(f"role.{r}"),
        key="change_role",
    )
    options = [None, *departments]
    new_department = c2.selectbox(
        tr("users.col.department"),
        options,
        index=options.index(account.user.department) if account.user.department in options else 0,
        key="change_department",
    )
    b1, b2, b3 = st.columns(3)
    if b1.button(tr("users.set_role"), key="save_role") and attempt(
        users.set_role, store, chosen, Role(new_role), department=new_department, actor=ctx.actor()
    ):
        st.success(tr("users.done"))
    toggle = tr("users.enable") if account.user.disabled else tr("users.disable")
    if b2.button(toggle, key="toggle_user") and attempt(
        users.set_disabled, store, chosen, not account.user.disabled, actor=ctx.actor()
    ):
        st.success(tr("users.done"))
    new_password = b3.text_input(tr("users.new_password"), type="password", key="reset_password")
    if b3.button(tr("users.reset_password"), key="do_reset") and attempt(
        users.set_password, store, chosen, new_password, actor=ctx.actor()
    ):
        st.success(tr("users.done"))
