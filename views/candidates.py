"""候选项目 (征集): next year's candidate pool — import a sheet (preview → confirm), the pool, an admin's edit of one
candidate (a recorded change), and the negative list."""

import pandas as pd
import streamlit as st

from services import candidates as candidates_service
from targets.access import Action, Denied
from targets.candidate_edit import FIELD_WORDS, edit_candidate, indicators_text
from targets.candidates import DEFAULT_NEGATIVE_LIST
from targets.errors import Refusal
from targets.numbers import format_number
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa
from ui import widgets as w
from ui import yearcycle as yc

tr, lang = ctx.tr, ctx.lang()
store = ctx.store()
year = yc.pick_cycle_year()
st.title(tr("year.candidates.title", year=year))
st.caption(tr("year.candidates.intro"))
pool = yc.candidates(year)
voted = yc.vote(year) is not None
can_write = auth.can(Action.CANDIDATES)
if voted:
    st.info(tr("year.candidates.frozen", year=year), icon="🔒")


def investment(value: float | None) -> str:
    return "—" if value is None else format_number(value)


def origin(s) -> str:
    rows = "、".join(map(str, s.candidate.rows)) if lang == "zh" else ", ".join(map(str, s.candidate.rows))
    return tr("year.candidates.origin", file=s.origin.filename, rows=rows or "—")


def pool_rows(found) -> list[dict]:
    """The pool as people read it: the name first, the indicators and proposer, the number as the last column."""
    return [
        {
            tr("year.col.name"): c.name,
            tr("year.col.area"): c.area,
            tr("year.col.indicators"): indicators_text(c.indicators),
            tr("year.col.proposer"): c.proposer or "—",
            tr("year.col.proposer_kind"): tr(f"year.proposer.{c.proposer_kind.value}"),
            tr("year.col.investment"): investment(c.investment),
            tr("year.col.content"): c.content or "—",
            tr("year.col.reason"): c.reason or "—",
            tr("year.col.number"): str(c.number),
        }
        for c in found
    ]


tabs = [tr("year.candidates.tab.pool")]
if can_write:
    tabs += [tr("year.candidates.tab.import"), tr("year.candidates.tab.edit")]
tabs.append(tr("year.candidates.tab.negative"))
shown_tabs = st.tabs(tabs, key="candidates_tabs", on_change="rerun")  # the chosen tab survives an upload's rerun

pa.flash("candidates")
pa.flash("candidates_edit")
with shown_tabs[0]:
    if not pool:
        st.info(tr("year.candidates.none", year=year), icon="ℹ️")
    else:
        kinds = [s.candidate.proposer_kind.value for s in pool]
        m = st.columns(4)
        m[0].metric(tr("year.candidates.count"), len(pool))
        for column, kind in zip(m[1:], ("department", "deputy", "public"), strict=True):
            column.metric(tr(f"year.proposer.{kind}"), kinds.count(kind))
        w.table(pool_rows([s.candidate for s in pool]))
        files = sorted({(s.origin.filename, s.origin.sha256, s.origin.recorded_by) for s in pool})
        for name, sha, who in files:
            st.caption(tr("year.candidates.file", file=name, sha=sha[:12], who=who))
        with st.expander(tr("year.candidates.rows")):
            st.markdown("\n".join(f"- {c.number}. {c.name}: {origin(s)}" for s in pool for c in [s.candidate]))

if can_write:
    with shown_tabs[1]:
        if voted:
            st.info(tr("year.candidates.frozen", year=year), icon="🔒")
        else:
            st.caption(tr("year.candidates.import.help"))
            if pool:
                st.warning(tr("year.candidates.import.replaces", n=len(pool)), icon="⚠️")
            uploaded = st.file_uploader(
                tr("year.candidates.file_label"),
                type=["xlsx", "xls", "csv", "txt", "tsv"],
                key=f"candidates_file_{pa.round_of('candidates')}",
            )
            if uploaded is not None:
                data = uploaded.getvalue()
                wanted = (uploaded.file_id, uploaded.name, year, ctx.actor(), ctx.data_version())
                try:
                    preview = pa.kept_preview(
                        "candidates",
                        wanted,
                        lambda: candidates_service.preview_candidates(
                            store, data, uploaded.name, year=year, actor=ctx.actor()
                        ),
                    )
                except Denied as exc:
                    st.error(exc.message(lang), icon="⛔")
                    st.stop()
                merged = len(preview.result.merged) if preview.result else 0
                c = st.columns(4)
                c[0].metric(tr("year.candidates.count"), len(preview.candidates))
                c[1].metric(tr("year.candidates.merged"), merged)
                c[2].metric(tr("plan_admin.summary.errors"), len(preview.errors))
                c[3].metric(tr("plan_admin.summary.warnings"), len(preview.warnings))
                if preview.result is not None:
                    st.caption(tr("plan_admin.catalogue.rows", rows=preview.result.rows_read, name=uploaded.name))
                pa.show_issues(preview.issues)
                if preview.errors:
                    st.error(tr("plan_admin.rejected"), icon="⛔")
                elif preview.candidates:
                    st.subheader(tr("year.candidates.preview"))
                    w.table(pool_rows(preview.candidates))
                    pa.commit_step(
                        "candidates",
                        tr("year.candidates.commit", n=len(preview.candidates)),
                        preview.warnings,
                        lambda confirmed: candidates_service.commit_candidates(
                            store, preview, actor=ctx.actor(), confirm_warnings=confirmed
                        ),
                        lambda _: tr(
                            "year.candidates.committed", name=uploaded.name, n=len(preview.candidates), year=year
                        ),
                    )

    with shown_tabs[2]:
        if voted:
            st.info(tr("year.candidates.frozen", year=year), icon="🔒")
        elif not pool:
            st.info(tr("year.candidates.none", year=year), icon="ℹ️")
        else:
            by_number = {s.candidate.number: s.candidate for s in pool}
            number = st.selectbox(
                tr("year.candidates.edit.pick"),
                list(by_number),
                format_func=lambda n: f"{n}. {by_number[n].name}",
                key="candidates_edit_pick",
            )
            original = by_number[number]
            generation = f"{year}_{number}_{pa.round_of('candidates_edit')}"
            columns = {f: tr(f"year.col.{f}") for f in ("name", "area", "content", "reason", "proposer", "investment")}
            fields = st.data_editor(
                pd.DataFrame(
                    [
                        {
                            columns["name"]: original.name,
                            columns["area"]: original.area,
                            columns["content"]: original.content,
                            columns["reason"]: original.reason,
                            columns["proposer"]: original.proposer,
                            columns["investment"]: "" if original.investment is None else f"{original.investment:g}",
                        }
                    ]
                ),
                hide_index=True,
                width="stretch",
                num_rows="fixed",
                key=f"candidates_edit_fields_{generation}",
            )
            st.caption(tr("year.candidates.edit.indicators"))
            ind_cols = (tr("year.col.indicator"), tr("year.col.target"), tr("year.col.unit"))
            indicators = st.data_editor(
                pd.DataFrame(
                    [dict(zip(ind_cols, (i.name, i.stated, i.unit), strict=True)) for i in original.indicators],
                    columns=list(ind_cols),
                    dtype=str,
                ),
                hide_index=True,
                width="stretch",
                num_rows="dynamic",
                key=f"candidates_edit_indicators_{generation}",
            )
            row = fields.iloc[0]
            edit = edit_candidate(
                original,
                {f: "" if pd.isna(row[label]) else str(row[label]) for f, label in columns.items()},
                [
                    tuple("" if pd.isna(v) else str(v) for v in r)
                    for r in indicators[list(ind_cols)].itertuples(index=False)
                ],
                [s.candidate for s in pool],
            )
            pa.show_issues(list(edit.issues))
            if edit.changes:
                st.subheader(tr("year.candidates.edit.changes"))
                w.table(
                    [
                        {
                            tr("year.col.field"): FIELD_WORDS[c.field][0 if lang == "zh" else 1],
                            tr("plan_admin.col.old"): c.old or "—",
                            tr("plan_admin.col.new"): c.new or "—",
                        }
                        for c in edit.changes
                    ]
                )
            if st.button(
                tr("year.candidates.edit.save"),
                type="primary",
                disabled=edit.candidate is None or not edit.changes,
                key="candidates_edit_save",
            ):
                try:
                    candidates_service.edit_candidate(store, edit, year=year, actor=ctx.actor())
                except (Refusal, Denied) as exc:
                    st.error(exc.message(lang), icon="⛔")
                else:
                    pa.committed(
                        "candidates_edit", tr("year.candidates.edit.saved", number=number, n=len(edit.changes))
                    )
            history = yc.edits(year)
            if history:
                st.subheader(tr("year.candidates.edit.history"))
                w.table(
                    [
                        {
                            tr("year.col.name"): f"{e['detail'].get('number')}. {e['detail'].get('name')}",
                            tr("year.col.changes"): "；".join(
                                f"{FIELD_WORDS.get(c['field'], (c['field'], c['field']))[0 if lang == 'zh' else 1]}："
                                f"{c['old'] or '—'} → {c['new'] or '—'}"
                                for c in e["detail"].get("changes", [])
                            ),
                            tr("task.col.who"): e["actor"],
                            pa.at_column(): pa.show_time(e["at"]),
                        }
                        for e in history
                    ]
                )

with shown_tabs[-1]:
    st.caption(tr("year.candidates.negative.help"))
    w.table(
        [
            {tr("year.col.negative_kind"): e.kind, tr("year.col.negative_words"): "、".join(e.words)}
            for e in DEFAULT_NEGATIVE_LIST
        ]
    )
