"""代表票决: record a round of the deputies' vote (a tally sheet, or typed in and kept as a file), the result under the
stated rule with ties needing a re-vote, the rounds on record, and 「转为年度计划」."""

import pandas as pd
import streamlit as st

from services import vote as vote_service
from targets import clock
from targets.access import Action, Denied
from targets.errors import Refusal
from targets.vote import Basis, Status
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa
from ui import widgets as w
from ui import yearcycle as yc

tr, lang = ctx.tr, ctx.lang()
store = ctx.store()
year = yc.pick_cycle_year()
st.title(tr("year.vote.title", year=year))
st.caption(tr("year.vote.intro"))
pa.flash("vote")
pool = yc.candidates(year)
if not pool:
    st.info(tr("year.vote.no_candidates", year=year), icon="ℹ️")
    st.stop()
found = yc.vote(year)
result = found.result if found else None
names = {s.candidate.number: s.candidate.name for s in pool}

# --- the result ------------------------------------------------------------------------------------
st.subheader(tr("year.vote.result"))
if result is None:
    st.info(tr("year.vote.none"), icon="ℹ️")
else:
    m = st.columns(5)
    m[0].metric(tr("year.vote.deputies"), result.deputies)
    m[1].metric(tr("year.vote.present"), result.present)
    m[2].metric(tr("year.vote.places"), result.rule.places)
    m[3].metric(tr("year.vote.elected"), len(result.elected))
    m[4].metric(tr("year.vote.threshold"), f"> {result.threshold:g}")
    st.markdown(f"**{tr('year.vote.rule')}** {result.rule.explain(lang)}")
    if result.tied:
        st.warning(
            tr(
                "year.vote.tied",
                names="、".join(f"{o.number}. {o.name}" for o in result.tied)
                if lang == "zh"
                else ", ".join(f"{o.number}. {o.name}" for o in result.tied),
                yes=result.tied[0].yes,
                left=result.rule.places - len(result.elected),
            ),
            icon="⚠️",
        )
    status_words = {
        Status.ELECTED: "✅ " + tr("year.vote.status.elected"),
        Status.NOT_ELECTED: "— " + tr("year.vote.status.not_elected"),
        Status.TIE_REVOTE: "⚠️ " + tr("year.vote.status.tie_revote"),
    }
    frame = pd.DataFrame(
        [
            {
                tr("year.col.status"): status_words[o.status],
                tr("year.col.rank"): str(o.rank),
                tr("year.col.name"): o.name,
                tr("year.col.yes"): o.yes,
                tr("year.col.no"): o.no,
                tr("year.col.abstain"): o.abstain,
                tr("year.col.majority"): tr("year.yes") if o.majority else tr("year.no"),
                tr("year.col.round"): str(o.round),
                tr("year.col.number"): str(o.number),
            }
            for o in result.outcomes
        ]
    )
    tied_rows = [n for n, o in enumerate(result.outcomes) if o.status is Status.TIE_REVOTE]

    def highlight(row: pd.Series) -> list[str]:
        """A tie at the boundary stands out (and says so in words in its status cell)."""
        return ["background-color: #FFF2CC; font-weight: 600" if row.name in tied_rows else ""] * len(row)

    st.table(frame.style.apply(highlight, axis=1).hide(axis="index"))

    # --- adoption ------------------------------------------------------------------------------------
    if auth.can(Action.CATALOGUE):
        st.subheader(tr("year.vote.adopt"))
        reason = None
        if result.tied:
            reason = tr("year.vote.adopt.tied")
        elif not result.elected:
            reason = tr("year.vote.adopt.none")
        has_plan = year in ctx.years()
        if has_plan:
            st.caption(tr("year.vote.adopt.has_plan", year=year))
        else:
            st.caption(tr("year.vote.adopt.help", n=len(result.elected), year=year))
        if reason:
            st.caption(f"⛔ {reason}")
        if st.button(
            tr("year.vote.adopt.button"),
            type="primary",
            disabled=reason is not None,
            help=reason,
            key="vote_adopt",
            icon="📋",
        ):
            try:
                plan = vote_service.adopt_plan(store, year=year, actor=ctx.actor())
            except (Refusal, Denied) as exc:
                st.error(exc.message(lang), icon="⛔")
            else:
                st.session_state["plan_year"] = year  # the sidebar opens the adopted year
                pa.committed(
                    "vote", tr("year.vote.adopted", year=year, tasks=len(plan.tasks), indicators=len(plan.indicators))
                )

# --- recording a round -----------------------------------------------------------------------------
if auth.can(Action.VOTE):
    st.subheader(tr("year.vote.record"))
    revote = result is not None and bool(result.tied)
    if revote:
        st.info(tr("year.vote.record.revote"), icon="🔁")
    left_places = result.rule.places - len(result.elected) if revote else None
    last = found.rounds[-1] if found else None
    c = st.columns(5)
    deputies = c[0].number_input(
        tr("year.vote.deputies"), min_value=1, step=1, value=last.deputies if last else 60, key="vote_deputies"
    )
    present = c[1].number_input(
        tr("year.vote.present"), min_value=1, step=1, value=last.present if last else 60, key="vote_present"
    )
    places = c[2].number_input(
        tr("year.vote.places"),
        min_value=1,
        step=1,
        value=left_places if revote else (last.places if last else min(10, len(pool))),
        key=f"vote_places_{revote}",
        help=tr("year.vote.places.help"),
    )
    basis_labels = {Basis.DEPUTIES: tr("year.vote.basis.deputies"), Basis.PRESENT: tr("year.vote.basis.present")}
    basis = c[3].selectbox(
        tr("year.vote.basis"), list(Basis), format_func=basis_labels.get, key="vote_basis", disabled=revote
    )
    held_on = c[4].date_input(tr("year.vote.held_on"), value=clock.today(), key="vote_held_on", format="YYYY-MM-DD")
    options = dict(
        year=year,
        deputies=int(deputies),
        present=int(present),
        places=int(places),
        basis=basis,
        held_on=held_on,
        actor=ctx.actor(),
    )

    def recorded(new) -> None:
        r = new.result
        pa.committed(
            "vote",
            tr("year.vote.recorded", round=new.rounds[-1].round, elected=len(r.elected), tied=len(r.tied)),
        )

    def refused(exc: Exception) -> None:
        st.error(exc.message(lang), icon="⛔")
        if isinstance(exc, Refusal):
            pa.show_issues(yc.refusal_issues(exc.extra))

    tab_typed, tab_file = st.tabs(
        [tr("year.vote.tab.typed"), tr("year.vote.tab.file")], key="vote_tabs", on_change="rerun"
    )
    with tab_typed:
        st.caption(tr("year.vote.typed.help"))
        voting = [o.number for o in result.tied] if revote else sorted(names)
        cols = (
            tr("year.col.number"),
            tr("year.col.name"),
            tr("year.col.yes"),
            tr("year.col.no"),
            tr("year.col.abstain"),
        )
        typed = st.data_editor(
            pd.DataFrame(
                [{cols[0]: n, cols[1]: names[n], cols[2]: None, cols[3]: None, cols[4]: None} for n in voting],
                columns=list(cols),
            ).astype({cols[2]: "Int64", cols[3]: "Int64", cols[4]: "Int64"}),
            hide_index=True,
            width="stretch",
            num_rows="fixed",
            disabled=[cols[0], cols[1]],
            column_config={c: st.column_config.NumberColumn(c, min_value=0, step=1, format="%d") for c in cols[2:]},
            key=f"vote_typed_{year}_{len(found.rounds) if found else 0}_{pa.round_of('vote')}",
        )
        if st.button(tr("year.vote.typed.save"), type="primary", key="vote_typed_save"):
            rows = [
                (int(r[0]), str(r[1]), *(None if pd.isna(v) else int(v) for v in r[2:]))
                for r in typed[list(cols)].itertuples(index=False)
            ]
            try:
                new = vote_service.record_typed_vote(store, rows, **options)
            except (Refusal, Denied) as exc:
                refused(exc)
            else:
                recorded(new)
    with tab_file:
        st.caption(tr("year.vote.file.help"))
        uploaded = st.file_uploader(
            tr("year.vote.file"), type=["xlsx", "xls", "csv", "txt", "tsv"], key=f"vote_file_{pa.round_of('vote')}"
        )
        if uploaded is not None and st.button(tr("year.vote.file.save"), type="primary", key="vote_file_save"):
            try:
                new = vote_service.record_vote(store, uploaded.getvalue(), uploaded.name, **options)
            except (Refusal, Denied) as exc:
                refused(exc)
            else:
                recorded(new)

# --- the rounds on record --------------------------------------------------------------------------
if found:
    st.subheader(tr("year.vote.rounds"))
    w.table(
        [
            {
                tr("year.col.round"): tr("year.vote.round_no", n=v.round),
                tr("year.col.kind"): tr(f"year.vote.kind.{v.kind}"),
                tr("year.vote.held_on"): v.held_on.isoformat(),
                tr("year.vote.deputies"): v.deputies,
                tr("year.vote.present"): v.present,
                tr("year.vote.places"): v.places,
                tr("year.col.file"): v.origin.filename,
                "SHA-256": v.origin.sha256[:12],
                tr("task.col.who"): v.origin.recorded_by,
                pa.at_column(): pa.show_time(v.origin.recorded_at),
            }
            for v in found.rounds
        ]
    )
