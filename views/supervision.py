"""督办台账: the ledger with filters and its XLSX export, the suggested list to accept or dismiss, opening an
item, progress notes and closure with evidence."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from services.supervision import accept, add_note, close_item, dismiss, open_item
from targets import clock
from targets.access import Action, Denied
from targets.errors import Refusal
from targets.ledger_export import COLUMNS as LEDGER_COLUMNS
from targets.ledger_export import ledger_rows, ledger_xlsx
from targets.periods import day_text, department_label, departments, month_text
from targets.supervision import (
    ItemState,
    LedgerFilter,
    Level,
    SubjectKind,
    ledger,
    level_label,
    state_label,
    subject_department,
    subject_name,
)
from ui import auth, cycle
from ui import context as ctx
from ui import widgets as w

FLASH_KEY = "supervision_flash"
OPEN_FIELDS = ("sv_open_level", "sv_open_owner", "sv_open_person", "sv_open_measures", "sv_open_deadline")

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
store, who, today = ctx.store(), cycle.user(), cycle.today()
may_supervise = auth.can(Action.SUPERVISE)
st.title(tr("supervision.title"))
st.caption(tr("supervision.intro"))
for kind, text in st.session_state.pop(FLASH_KEY, []):
    (st.success if kind == "ok" else st.error)(text)


def done(kind: str, text: str, clear: tuple[str, ...] = ()) -> None:
    """Keep the message for the next run, forget cached reads, and rerun; after a success the form's fields
    (`clear`) start empty, after a refusal they keep what was typed."""
    st.session_state[FLASH_KEY] = [(kind, text)]
    if kind == "ok":
        ctx.bump()
        for key in clear:
            st.session_state.pop(key, None)
    st.rerun()


def opened(item) -> str:
    """What was opened, in words: the subject, level, responsible department and deadline, not only a number."""
    return tr(
        "supervision.accepted",
        id=item.id,
        subject=subject_name(plan, item.subject_kind, item.subject_code, lang),
        level=level_label(item.level, lang),
        dept=department_label(item.department, lang),
        person=tr("supervision.accepted.person", person=item.person) if item.person else "",
        deadline=day_text(item.deadline, lang),
    )


# --- the ledger ------------------------------------------------------------------------------------------
all_items = cycle.items()
open_items = [i for i in all_items if i.state is ItemState.OPEN]
st.markdown(
    tr(
        "supervision.count",
        total=len(all_items),
        open=len(open_items),
        overdue=sum(i.overdue(today) for i in open_items),
        closed=len(all_items) - len(open_items),
    )
)
any_label = tr("supervision.filter.any")
levels = {None: any_label, **{lv: level_label(lv, lang) for lv in Level}}
depts = sorted({*departments(plan), *(i.department for i in all_items)})
dept_labels = {None: any_label, **{d: department_label(d, lang) for d in depts}}
states = {None: any_label, **{s: state_label(s, lang) for s in ItemState}}
overdue_labels = {None: any_label, True: tr("supervision.filter.yes"), False: tr("supervision.filter.no")}
f = st.columns(4)
flt = LedgerFilter(
    level=f[0].selectbox(tr("supervision.filter.level"), list(levels), format_func=levels.get, key="sv_f_level"),
    department=f[1].selectbox(
        tr("supervision.filter.department"), list(dept_labels), format_func=dept_labels.get, key="sv_f_dept"
    ),
    state=f[2].selectbox(tr("supervision.filter.state"), list(states), format_func=states.get, key="sv_f_state"),
    overdue=f[3].selectbox(
        tr("supervision.filter.overdue"), list(overdue_labels), format_func=overdue_labels.get, key="sv_f_overdue"
    ),
)
shown = ledger(all_items, today, flt)
if not all_items:
    st.info(tr("supervision.empty"))
else:
    st.caption(tr("supervision.shown", n=len(shown)))
    headers = [tr(key) for key, _ in LEDGER_COLUMNS]
    # Wrapped, so the ledger's long columns (整改措施, 进展) never run off the right edge.
    w.table([dict(zip(headers, row, strict=True)) for row in ledger_rows(plan, shown, today, lang)])
    st.download_button(
        tr("supervision.export"),
        ledger_xlsx(plan, shown, today, lang),
        file_name=tr("supervision.export.file", year=plan.year, day=today.isoformat()),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="supervision_export",
    )

# --- the suggested list ----------------------------------------------------------------------------------
month = ctx.as_of()
if month:
    when = month_text(plan.year, month, lang)
    st.subheader(tr("supervision.suggestions", month=when))
    st.caption(tr("supervision.suggestions.help", month=when))
    rows = cycle.suggestions(month)
    waiting = [r for r in rows if r.waiting]
    if not waiting:
        st.success(tr("supervision.suggestions.none", month=when), icon="✅")
    else:
        w.table(
            [
                {
                    tr("supervision.col.suggestion"): tr(f"supervision.suggestion.{r.suggestion.kind.value}"),
                    tr("supervision.col.subject"): subject_name(
                        plan, r.suggestion.subject_kind, r.suggestion.subject_code, lang
                    ),
                    tr("supervision.col.proposed_level"): level_label(r.suggestion.level, lang),
                    tr("supervision.col.department"): department_label(r.suggestion.department, lang),
                    tr("supervision.col.reason"): r.suggestion.why(lang),
                }
                for r in waiting
            ]
        )
    if len(rows) > len(waiting):
        st.caption(tr("supervision.suggestions.decided", n=len(rows) - len(waiting)))
    if waiting and may_supervise:
        by_key = {r.suggestion.key: r.suggestion for r in waiting}
        labels = {
            k: f"{subject_name(plan, s.subject_kind, s.subject_code, lang)} · {s.reason(lang)}"
            for k, s in by_key.items()
        }
        key = st.selectbox(tr("supervision.suggestion.pick"), list(by_key), format_func=labels.get, key="sv_pick")
        chosen = by_key[key]
        # Every field is keyed on the suggestion: the next one starts from its own proposal, never from what was
        # typed for the previous one.
        fields = {name: f"sv_acc_{name}_{key}" for name in ("level", "owner", "person", "measures", "deadline")}
        with st.form("sv_accept"):
            c1, c2, c3 = st.columns(3)
            level_options = list(Level)
            level_labels = {lv: level_label(lv, lang) for lv in level_options}
            level = c1.selectbox(
                tr("supervision.open.level"),
                level_options,
                index=level_options.index(chosen.level),
                format_func=level_labels.get,
                key=fields["level"],
            )
            owner = c2.text_input(tr("supervision.open.department"), value=chosen.department, key=fields["owner"])
            person = c3.text_input(tr("supervision.open.person"), key=fields["person"])
            measures = st.text_area(tr("supervision.open.measures"), key=fields["measures"])
            deadline = st.date_input(
                tr("supervision.open.deadline"), value=today + timedelta(days=30), key=fields["deadline"]
            )
            go = st.form_submit_button(tr("supervision.accept"), type="primary", key="sv_accept_go")
        if go:
            try:
                item = accept(
                    store,
                    plan.year,
                    month,
                    key,
                    actor=ctx.actor(),
                    measures=measures,
                    deadline=deadline,
                    department=owner,
                    person=person,
                    level=level,
                    today=today,
                )
            except (Refusal, Denied) as exc:
                done("error", exc.message(lang))
            else:
                done("ok", opened(item), clear=tuple(fields.values()))
        d1, d2 = st.columns([3, 1])
        why = d1.text_input(tr("supervision.dismiss.reason"), key=f"sv_dismiss_reason_{key}")
        if d2.button(tr("supervision.dismiss"), key="sv_dismiss"):
            try:
                dismiss(store, plan.year, month, key, actor=ctx.actor(), reason=why or None)
            except (Refusal, Denied) as exc:
                done("error", exc.message(lang))
            else:
                done("ok", tr("supervision.dismissed", subject=labels[key]))

# --- opening an item by hand (administrators) ---------------------------------------------------------------
if may_supervise:
    with st.expander(tr("supervision.open.title")):
        kinds = {SubjectKind.TASK: tr("supervision.kind.task"), SubjectKind.INDICATOR: tr("supervision.kind.indicator")}
        kind = st.radio(
            tr("supervision.open.kind"), list(kinds), format_func=kinds.get, horizontal=True, key="sv_open_kind"
        )
        codes = [t.code for t in plan.tasks] if kind is SubjectKind.TASK else [i.code for i in plan.indicators]
        code_labels = {c: subject_name(plan, kind, c, lang) for c in codes}
        with st.form("sv_open"):
            code = st.selectbox(tr("supervision.open.subject"), codes, format_func=code_labels.get, key="sv_open_code")
            c1, c2, c3 = st.columns(3)
            open_levels = {lv: level_label(lv, lang) for lv in Level}
            level = c1.selectbox(
                tr("supervision.open.level"), list(open_levels), format_func=open_levels.get, key="sv_open_level"
            )
            owner = c2.text_input(tr("supervision.open.department"), key="sv_open_owner")
            person = c3.text_input(tr("supervision.open.person"), key="sv_open_person")
            measures = st.text_area(tr("supervision.open.measures"), key="sv_open_measures")
            deadline = st.date_input(
                tr("supervision.open.deadline"), value=today + timedelta(days=30), key="sv_open_deadline"
            )
            go = st.form_submit_button(tr("supervision.open.submit"), type="primary", key="sv_open_go")
        if go:
            try:
                item = open_item(
                    store,
                    year=plan.year,
                    kind=kind,
                    code=code,
                    level=level,
                    measures=measures,
                    department=owner or subject_department(plan, kind, code),
                    person=person,
                    deadline=deadline,
                    actor=ctx.actor(),
                    as_of=month,
                    today=today,
                )
            except (Refusal, Denied) as exc:
                done("error", exc.message(lang))
            else:
                done("ok", opened(item), clear=OPEN_FIELDS)

# --- one item: its reason, notes, closure ---------------------------------------------------------------
if all_items:
    st.subheader(tr("supervision.detail"))
    by_id = {i.id: i for i in all_items}
    item_labels = {
        i.id: f"#{i.id} {level_label(i.level, lang)} {subject_name(plan, i.subject_kind, i.subject_code, lang)} · "
        f"{state_label(i.state, lang)}"
        for i in all_items
    }
    ids = [i.id for i in shown] or list(by_id)
    picked = by_id[st.selectbox(tr("supervision.detail.pick"), ids, format_func=item_labels.get, key="sv_detail")]
    st.markdown(f"**{tr('supervision.detail.reason', month=month_text(plan.year, picked.as_of, lang))}**")
    st.markdown(f"> {picked.reason(lang)}")
    c = st.columns(4)
    c[0].markdown(f"**{tr('supervision.col.department')}**  \n{department_label(picked.department, lang)}")
    c[1].markdown(f"**{tr('supervision.col.person')}**  \n{picked.person or '—'}")
    c[2].markdown(f"**{tr('supervision.col.deadline')}**  \n{day_text(picked.deadline, lang)}")
    overdue = tr("supervision.overdue_days", days=picked.days_overdue(today)) if picked.overdue(today) else ""
    c[3].markdown(f"**{tr('supervision.col.state')}**  \n{state_label(picked.state, lang)} {overdue}")
    st.markdown(f"**{tr('supervision.col.measures')}**")
    st.text(picked.measures)
    st.markdown(f"**{tr('supervision.detail.notes')}**")
    if picked.notes:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        cycle.zoned(tr("periods.col.when")): clock.show(n.at),
                        tr("periods.col.who"): n.author,
                        tr("supervision.note"): n.text,
                    }
                    for n in picked.notes
                ]
            ),
            hide_index=True,
            width="stretch",
            key="sv_notes",
        )
    else:
        st.caption(tr("supervision.detail.no_notes"))
    if picked.state is ItemState.CLOSED:
        st.success(
            tr(
                "supervision.closed_on",
                who=picked.closed_by,
                when=day_text(clock.local_day(picked.closed_at), lang),
                evidence=picked.evidence,
            ),
            icon="✅",
        )
    else:
        if auth.can(Action.SUPERVISE_NOTE, department=picked.department):
            with st.form("sv_note", clear_on_submit=True):
                text = st.text_area(tr("supervision.note"), key="sv_note_text")
                if st.form_submit_button(tr("supervision.note.save"), key="sv_note_go"):
                    try:
                        add_note(store, picked.id, text, actor=ctx.actor())
                    except (Refusal, Denied) as exc:
                        done("error", exc.message(lang))
                    else:
                        done("ok", tr("supervision.note.saved"))
        if may_supervise:
            with st.form("sv_close"):
                evidence = st.text_area(tr("supervision.close.evidence"), key="sv_close_evidence")
                if st.form_submit_button(tr("supervision.close"), key="sv_close_go"):
                    try:
                        close_item(store, picked.id, evidence, actor=ctx.actor())
                    except (Refusal, Denied) as exc:
                        done("error", exc.message(lang))
                    else:
                        done("ok", tr("supervision.closed", id=picked.id))
        if not may_supervise and not auth.can(Action.SUPERVISE_NOTE, department=picked.department):
            st.caption(tr("supervision.read_only", user=who.name if who else "—"))
