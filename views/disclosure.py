"""公示发布 (admins): preview an edition of the public disclosure built from approved figures only, download it,
publish it to the configured folder, and publish an earlier edition again."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from services import disclosure
from targets import clock
from targets.access import Action, Denied
from targets.errors import Refusal
from targets.status import month_label
from ui import auth
from ui import context as ctx

DRAFT_KEY = "disclosure_draft"  # plain session key: the edition last previewed
FLASH_KEY = "disclosure_flash"  # plain session key: what was just published, shown after the rerun

tr, lang = ctx.tr, ctx.lang()
user = auth.require(Action.PUBLISH)
store = ctx.store()
out_dir = disclosure.publish_dir()
st.title(tr("disclosure.page.title"))
st.caption(tr("disclosure.page.caption", dir=str(out_dir)))
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon="✅")

year = ctx.year()
base = disclosure.defaults(store)
auto = "—"
months = [auto, *range(1, 13)]
with st.form("disclosure_form"):
    month = st.selectbox(
        tr("disclosure.page.month"),
        months,
        format_func=lambda m: m if m == auto else f"{year}-{m:02d} ({month_label(m, lang)})",
        key="disclosure_month",
    )
    left, right = st.columns(2)
    issuer = left.text_input(tr("disclosure.page.issuer"), base.issuer_zh, key="disclosure_issuer")
    issuer_en = right.text_input(tr("disclosure.page.issuer_en"), base.issuer_en, key="disclosure_issuer_en")
    address = left.text_input(tr("disclosure.page.address"), base.address, key="disclosure_address")
    contact = right.text_input(tr("disclosure.page.contact"), base.contact, key="disclosure_contact")
    phone = left.text_input(tr("disclosure.page.phone"), base.phone, key="disclosure_phone")
    url = right.text_input(tr("disclosure.page.objections_url"), base.objections_url, key="disclosure_url")
    start = left.date_input(tr("disclosure.page.window_from"), base.window_from, key="disclosure_from")
    end = right.date_input(
        tr("disclosure.page.window_to"), base.window_to or start + timedelta(days=6), key="disclosure_to"
    )
    notice = st.text_area(tr("disclosure.page.notice"), "", key="disclosure_notice", height=120)
    previewed = st.form_submit_button(tr("disclosure.page.preview"))

particulars = disclosure.particulars(
    store,
    issuer=issuer,
    issuer_en=issuer_en,
    address=address,
    contact=contact,
    phone=phone,
    window_from=start,
    window_to=end,
    notice_zh=notice,
    objections_url=url,
)
as_of = None if month == auto else int(month)


def attempt(fn, *args, **kwargs):
    """Do it, or say why not (a refusal in the reader's language) and return None."""
    try:
        return fn(*args, **kwargs)
    except (Refusal, Denied) as exc:
        st.error(exc.message(lang))
        return None


if previewed:
    draft = attempt(disclosure.build, store, actor=user.name, particulars=particulars, year=year, as_of=as_of)
    st.session_state[DRAFT_KEY] = draft

draft = st.session_state.get(DRAFT_KEY)
if draft is not None:
    content = draft.content
    st.subheader(content["title"][lang])
    st.caption(content["basis"][lang])
    columns = st.columns(len(content["groups"]))
    for column, g in zip(columns, content["groups"], strict=True):
        column.metric(g["label"][lang], g["count"], g["share_text"], delta_color="off")
    for paragraph in content["notice"][lang].split("\n\n"):
        st.write(paragraph)
    st.write(content["window"]["text"][lang])
    st.download_button(
        tr("disclosure.page.download"),
        draft.zip(),
        file_name=f"gongshi_{content['as_of']}.zip",
        mime="application/zip",
        key="disclosure_zip",
    )
    if st.button(tr("disclosure.page.publish"), type="primary", key="disclosure_publish"):
        done = attempt(
            disclosure.publish,
            store,
            out_dir,
            actor=user.name,
            particulars=particulars,
            year=year,
            as_of=as_of,
        )
        if done is not None:
            st.session_state.pop(DRAFT_KEY, None)
            st.session_state[FLASH_KEY] = tr(
                "disclosure.page.published", id=done.edition.id, files=len(done.files), dir=str(out_dir)
            )
            ctx.bump()
            st.rerun()

st.subheader(tr("disclosure.page.editions"))
editions = disclosure.editions(store)
if not editions:
    st.info(tr("disclosure.page.no_editions"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("disclosure.page.col.id"): e.id,
                    tr("disclosure.page.col.as_of"): f"{e.year}-{e.as_of:02d}",
                    tr("disclosure.page.col.published_at", zone=clock.zone_name(lang)): clock.show(e.published_at),
                    tr("disclosure.page.col.by"): e.published_by,
                    tr("disclosure.page.col.window"): f"{e.window_from} – {e.window_to}",
                    tr("disclosure.page.col.issuer"): e.issuer,
                    tr("disclosure.page.col.sha"): e.content_sha256[:12],
                }
                for e in reversed(editions)
            ]
        ),
        hide_index=True,
        width="stretch",
        key="disclosure_editions",
    )
    chosen = st.selectbox(tr("disclosure.page.pick_edition"), [e.id for e in reversed(editions)], key="disclosure_pick")
    if st.button(tr("disclosure.page.republish"), key="disclosure_republish"):
        done = attempt(disclosure.republish, store, int(chosen), out_dir, actor=user.name)
        if done is not None:
            st.session_state[FLASH_KEY] = tr("disclosure.page.republished", id=done.edition.id, dir=str(out_dir))
            ctx.bump()
            st.rerun()
