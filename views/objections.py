"""公示异议 (administrators): the objections the public sent through the form service, with names and contacts;
the window; filters by state and task; per objection a reply, publishing it with the question as edited (personal
data removed), or rejecting with a reason. Read fresh at every run (few rows, and the form service writes them
without touching the app's data-version stamp)."""

import streamlit as st

from services.objections import (
    current_window,
    draft_question,
    objections,
    publish_reply,
    reject,
    reply,
    set_window,
)
from targets import clock
from targets.access import Action, Denied
from targets.errors import Refusal
from targets.objections import State
from ui import auth, cycle
from ui import context as ctx

FLASH_KEY = "objections_flash"

tr, lang = ctx.tr, ctx.lang()
user = auth.require(Action.OBJECTIONS)
store, year, plan = ctx.store(), ctx.year(), ctx.plan()
st.title(tr("objections.title"))
st.caption(tr("objections.intro"))
if year is None:
    st.info(tr("no_plan"))
    st.stop()
for kind, text in st.session_state.pop(FLASH_KEY, []):
    (st.success if kind == "ok" else st.error)(text)


def done(kind: str, text: str, clear: tuple[str, ...] = ()) -> None:
    """Keep the message for the next run and rerun; after a success the form's fields start afresh."""
    st.session_state[FLASH_KEY] = [(kind, text)]
    if kind == "ok":
        ctx.bump()
        for key in clear:
            st.session_state.pop(key, None)
    st.rerun()


def attempt(action, success: str, clear: tuple[str, ...] = ()) -> None:
    try:
        action()
    except (Refusal, Denied) as exc:
        done("error", exc.message(lang))
    else:
        done("ok", success, clear)


def task_name(code: str | None) -> str:
    if not code:
        return tr("objections.general")
    if plan is not None:
        found = next((t for t in plan.tasks if t.code == code), None)
        if found is not None:
            return f"{found.name.get(lang)}（{code}）" if lang == "zh" else f"{found.name.get(lang)} ({code})"
    return code


def when(at) -> str:
    return clock.show_with_zone(at, lang)


# --- the window ----------------------------------------------------------------------------------------
window = current_window(store, year)
if window is None:
    st.warning(tr("objections.window.none", year=year))
else:
    st.info(
        tr(
            "objections.window",
            year=year,
            opens=window.opens.isoformat(),
            closes=window.closes.isoformat(),
            source=tr(f"objections.window.source.{window.source}"),
        )
    )
if window is None or window.source != "edition":
    with st.expander(tr("objections.window.set")):
        c1, c2 = st.columns(2)
        opens = c1.date_input(
            tr("objections.window.from"), value=window.opens if window else cycle.today(), key="ob_window_from"
        )
        closes = c2.date_input(
            tr("objections.window.to"), value=window.closes if window else cycle.today(), key="ob_window_to"
        )
        if st.button(tr("objections.window.save"), key="ob_window_save"):
            attempt(
                lambda: set_window(store, year, opens, closes, actor=user.name),
                tr("objections.window.saved", opens=opens.isoformat(), closes=closes.isoformat()),
            )
st.caption(tr("objections.form_url"))

# --- the list --------------------------------------------------------------------------------------------
everything = objections(store, year, actor=user.name)
counts = {s: sum(o.state is s for o in everything) for s in State}
st.markdown(
    tr(
        "objections.count",
        total=len(everything),
        new=counts[State.NEW],
        replied=counts[State.REPLIED],
        published=counts[State.PUBLISHED],
        rejected=counts[State.REJECTED],
    )
)
ALL = "*"
c1, c2 = st.columns(2)
# Labels fixed at this run (a format_func is also called outside the run, where the language is not known).
state_labels = {ALL: tr("objections.filter.all"), **{s.value: tr(f"objections.state.{s.value}") for s in State}}
state_pick = c1.selectbox(
    tr("objections.filter.state"), list(state_labels), format_func=state_labels.__getitem__, key="ob_state"
)
task_codes = [t.code for t in plan.tasks] if plan is not None else []
task_labels = {ALL: tr("objections.filter.all"), **{code: task_name(code) for code in ["", *task_codes]}}
task_pick = c2.selectbox(
    tr("objections.filter.task"), list(task_labels), format_func=task_labels.__getitem__, key="ob_task"
)
shown = [
    o
    for o in reversed(everything)
    if (state_pick == ALL or o.state.value == state_pick) and (task_pick == ALL or (o.task_code or "") == task_pick)
]
if not shown:
    st.info(tr("objections.none"))

for o in shown:
    label = tr(
        "objections.item",
        id=o.id,
        task=task_name(o.task_code),
        state=tr(f"objections.state.{o.state.value}"),
        at=when(o.submitted_at),
    )
    with st.expander(label, expanded=o.state in (State.NEW, State.REPLIED)):
        st.markdown(f"**{tr('objections.text')}**")
        st.text(o.text)
        if o.name or o.contact:
            st.markdown(
                f"**{tr('objections.name')}**：{o.name or '—'}　**{tr('objections.contact')}**：{o.contact or '—'}"
            )
            st.caption(tr("objections.personal"))
        if o.reply and o.state is not State.NEW:
            st.markdown(f"**{tr('objections.reply')}**")
            st.text(o.reply)
            st.caption(tr("objections.replied_by", who=o.replied_by, at=when(o.replied_at)))
        if o.state is State.PUBLISHED:
            st.markdown(f"**{tr('objections.question')}**")
            st.text(o.question or "")
            st.caption(tr("objections.published_by", who=o.published_by, at=when(o.published_at)))
        if o.state is State.REJECTED:
            st.markdown(f"**{tr('objections.reason')}**")
            st.text(o.reason or "")
            st.caption(tr("objections.rejected_by", who=o.rejected_by, at=when(o.rejected_at)))
        if o.state not in (State.NEW, State.REPLIED):
            continue
        reply_key = f"ob_reply_{o.id}"
        text = st.text_area(tr("objections.reply"), value=o.reply or "", key=reply_key)
        if st.button(tr("objections.reply.save"), key=f"ob_reply_save_{o.id}"):
            attempt(
                lambda o=o, text=text: reply(store, o.id, text, actor=user.name),
                tr("objections.reply.saved", id=o.id),
                (reply_key,),
            )
        if o.state is State.REPLIED:
            question_key = f"ob_question_{o.id}"
            question = st.text_area(tr("objections.question"), value=draft_question(o), key=question_key)
            if st.button(tr("objections.publish"), key=f"ob_publish_{o.id}", type="primary"):
                attempt(
                    lambda o=o, question=question: publish_reply(store, o.id, question, actor=user.name),
                    tr("objections.published", id=o.id),
                    (question_key,),
                )
        reason_key = f"ob_reason_{o.id}"
        reason = st.text_input(tr("objections.reason"), key=reason_key)
        if st.button(tr("objections.reject"), key=f"ob_reject_{o.id}"):
            attempt(
                lambda o=o, reason=reason: reject(store, o.id, reason, actor=user.name),
                tr("objections.rejected", id=o.id),
                (reason_key,),
            )
