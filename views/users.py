"""账号管理 (admins): list, add, re-role, disable and reset passwords; every change is on record."""

import pandas as pd
import streamlit as st

from services import accounts as users
from services import reminders
from targets import clock
from targets.access import Action, Denied, Role
from targets.errors import Refusal
from ui import auth
from ui import context as ctx

FLASH_KEY = "users_flash"  # plain session key: the message of the change just made, shown after the rerun
CLEAR_KEY = "users_clear_add"  # plain session key: the account was created, so the form starts empty
ADD_KEYS = ("add_name", "add_role", "add_department", "add_password")

tr, lang = ctx.tr, ctx.lang()
auth.require(Action.USERS)
store = ctx.store()
st.title(tr("users.title"))
if st.session_state.pop(CLEAR_KEY, False):
    for key in ADD_KEYS:
        st.session_state.pop(key, None)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon="✅")
accounts = ctx.accounts()
contacts = reminders.contacts(store)  # e-mail and reminder language (a few rows, read fresh)


def state(a) -> str:
    if a.user.disabled:
        return tr("users.state.disabled")
    if a.locked_until:
        return tr("users.state.locked", until=clock.show_with_zone(a.locked_until, lang))
    return tr("users.state.active")


st.dataframe(
    pd.DataFrame(
        [
            {
                tr("users.col.name"): a.user.name,
                tr("users.col.role"): tr(f"role.{a.user.role.value}"),
                tr("users.col.department"): a.user.department or "",
                tr("users.col.state"): state(a),
                tr("users.email"): (contacts[a.user.name].email if a.user.name in contacts else None) or "",
                tr("users.col.via"): tr("users.via.password") if a.has_password else tr("users.via.sso"),
                tr("accounts.col.last_login", zone=clock.zone_name(lang)): clock.show(a.last_login_at)
                if a.last_login_at
                else "",
            }
            for a in accounts
        ]
    ),
    hide_index=True,
    width="stretch",
    key="users_table",
)
roles = [r.value for r in Role]
role_labels = {r: tr(f"role.{r}") for r in roles}  # bound now: AppTest formats options outside a run
plan = ctx.plan()
departments = list(plan.lead_units) if plan else []
no_department = tr("accounts.no_department")


def department_text(d: str | None) -> str:
    return no_department if d is None else d


def attempt(fn, *args, done: str, **kwargs) -> None:
    """Make the change; on success show it at once (forget the cached reads, rerun with the message), on a
    refusal say why and keep what was typed."""
    try:
        fn(*args, **kwargs)
    except (Refusal, Denied) as exc:
        st.error(exc.message(lang))
        return
    ctx.bump()
    st.session_state[FLASH_KEY] = done
    st.rerun()


with st.expander(tr("users.add")), st.form("add_user", clear_on_submit=False):
    name = st.text_input(tr("users.col.name"), key="add_name")
    role = st.selectbox(tr("users.col.role"), roles, format_func=role_labels.get, key="add_role")
    department = st.selectbox(
        tr("users.col.department"), [None, *departments], format_func=department_text, key="add_department"
    )
    password = st.text_input(tr("users.new_password"), type="password", key="add_password")
    if st.form_submit_button(tr("users.add.submit"), key="add_submit"):
        # The form empties only once the account exists; a refusal keeps every field as typed.
        st.session_state[CLEAR_KEY] = True
        attempt(
            users.add_user,
            store,
            name.strip(),
            Role(role),
            password,
            department=department,
            actor=ctx.actor(),
            done=tr("users.added", name=name.strip()),
        )
        st.session_state[CLEAR_KEY] = False

if accounts:
    st.subheader(tr("users.change"))
    chosen = st.selectbox(tr("users.pick"), [a.user.name for a in accounts], key="change_user")
    account = next(a for a in accounts if a.user.name == chosen)
    c1, c2 = st.columns(2)
    new_role = c1.selectbox(
        tr("users.col.role"),
        roles,
        index=roles.index(account.user.role.value),
        format_func=role_labels.get,
        key=f"change_role_{chosen}",  # per account: each starts from its own role
    )
    options = [None, *departments]
    new_department = c2.selectbox(
        tr("users.col.department"),
        options,
        index=options.index(account.user.department) if account.user.department in options else 0,
        format_func=department_text,
        key=f"change_department_{chosen}",
    )
    b1, b2, b3 = st.columns(3)
    if b1.button(tr("users.set_role"), key="save_role"):
        attempt(
            users.set_role,
            store,
            chosen,
            Role(new_role),
            department=new_department,
            actor=ctx.actor(),
            done=tr("users.done"),
        )
    toggle = tr("users.enable") if account.user.disabled else tr("users.disable")
    if b2.button(toggle, key="toggle_user"):
        attempt(users.set_disabled, store, chosen, not account.user.disabled, actor=ctx.actor(), done=tr("users.done"))
    new_password = b3.text_input(tr("users.new_password"), type="password", key="reset_password")
    if b3.button(tr("users.reset_password"), key="do_reset"):
        attempt(users.set_password, store, chosen, new_password, actor=ctx.actor(), done=tr("users.done"))
    contact = contacts.get(chosen)
    e1, e2, e3 = st.columns([3, 1, 1])
    email = e1.text_input(
        tr("users.email"), value=(contact.email if contact else None) or "", key=f"contact_email_{chosen}"
    )
    langs = ["zh", "en"]
    reminder_lang = e2.selectbox(
        tr("users.lang"),
        langs,
        index=langs.index(contact.lang) if contact and contact.lang in langs else 0,
        format_func={"zh": "简体中文", "en": "English"}.get,
        key=f"contact_lang_{chosen}",
    )
    if e3.button(tr("users.save_contact"), key="save_contact"):
        attempt(
            reminders.set_contact,
            store,
            chosen,
            email=email,
            lang=reminder_lang,
            actor=ctx.actor(),
            done=tr("users.contact_saved", name=chosen),
        )
