"""序时进度: every indicator's schedule, an editor of 12 monthly shares with a preview of the expected share per
month, confirmation, and the history."""

import pandas as pd
import streamlit as st

from services import trajectories as schedules_service
from targets import clock
from targets.access import Action, Denied
from targets.errors import Refusal
from targets.status import month_label
from targets.trajectories import month_column
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa
from ui.widgets import badge

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
auth.require(Action.SCHEDULE)
store = ctx.store()
st.title(tr("plan_admin.schedules.title", year=plan.year))
st.caption(tr("plan_admin.schedules.help"))
current = schedules_service.schedules(store, plan.year)


def pct(share: float) -> float:
    return round(share * 100, 1)


def label(code: str) -> str:
    return f"{code} {plan.indicator(code).name.get(lang)}"


with st.expander(tr("plan_admin.schedules.all")):
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("plan_admin.col.indicator"): label(code),
                    tr("plan_admin.schedules.col.kind"): tr(
                        "plan_admin.schedules.custom" if s.shares is not None else "plan_admin.schedules.linear"
                    ),
                    **{month_column(m, lang): pct(v) for m, v in enumerate(s.effective, start=1)},
                }
                for code, s in current.items()
            ]
        ),
        hide_index=True,
        width="stretch",
        key="plan_schedules_all",
    )

# Labels bound now: AppTest calls a format_func outside the run, where the language is not known.
custom_mark = f" · {tr('plan_admin.schedules.custom')}"
labels = {c: label(c) + (custom_mark if s.shares is not None else "") for c, s in current.items()}
code = st.selectbox(tr("plan_admin.schedules.pick"), list(current), format_func=labels.get, key="plan_schedules_code")
now = current[code]
if now.shares is not None:
    st.markdown(
        tr(
            "plan_admin.schedules.current.custom",
            actor=now.updated_by or "—",
            at=clock.show_with_zone(now.updated_at, lang),
        )
    )
else:
    st.markdown(tr("plan_admin.schedules.current.linear", month=now.deadline_month))

round_ = pa.round_of("plan_schedules")
clear = now.shares is not None and st.checkbox(tr("plan_admin.schedules.clear"), key=f"plan_schedules_clear_{round_}")
shown = [pct(v) for v in now.effective]
if clear:
    wanted_shares = None
else:
    st.caption(tr("plan_admin.schedules.editor"))
    col_month, col_now, col_new = (
        tr("plan_admin.schedules.col.month"),
        tr("plan_admin.schedules.col.now"),
        tr("plan_admin.schedules.col.new"),
    )
    edited = st.data_editor(
        pd.DataFrame({col_month: [month_column(m, lang) for m in range(1, 13)], col_now: shown, col_new: list(shown)}),
        disabled=[col_month, col_now],
        hide_index=True,
        num_rows="fixed",
        column_config={
            col_now: st.column_config.NumberColumn(col_now, format="%.1f"),
            col_new: st.column_config.NumberColumn(col_new, min_value=0.0, max_value=100.0, step=0.1, format="%.1f"),
        },
        height=36 * 13 + 3,  # all twelve months without a scroll bar
        key=f"plan_schedules_editor_{code}_{round_}",
    )
    # A month left as shown keeps its exact share (8.333…%, not the 8.3 the table rounds it to).
    wanted_shares = [
        exact
        if (v is not None and not pd.isna(v) and float(v) == s)
        else (None if v is None or pd.isna(v) else v / 100)
        for exact, s, v in zip(now.effective, shown, edited[col_new], strict=True)
    ]

try:
    preview = schedules_service.preview_trajectory(
        store, code, wanted_shares, year=plan.year, actor=ctx.actor(), source="page"
    )
except (Denied, Refusal) as exc:
    st.error(exc.message(lang), icon="⛔")
    st.stop()

moved = [e for e in preview.effect if e.changed]
pa.show_issues(preview.issues)
if preview.errors:
    st.error(tr("plan_admin.rejected"), icon="⛔")
elif not moved and not (clear and preview.changed):
    st.info(tr("plan_admin.schedules.nothing"), icon="ℹ️")
else:
    st.subheader(tr("plan_admin.schedules.preview"))
    st.caption(tr("plan_admin.schedules.moved", n=len(moved)))
    effect = pd.DataFrame(
        [
            {
                tr("plan_admin.schedules.col.month"): month_column(e.month, lang),
                tr("plan_admin.schedules.col.now"): pct(e.before),
                tr("plan_admin.schedules.col.new"): pct(e.after),
                tr("plan_admin.schedules.col.change"): round((e.after - e.before) * 100, 1),
            }
            for e in preview.effect
        ]
    )
    st.dataframe(effect, hide_index=True, width="stretch", key="plan_schedules_effect")
    st.line_chart(
        effect.set_index(tr("plan_admin.schedules.col.month"))[
            [tr("plan_admin.schedules.col.now"), tr("plan_admin.schedules.col.new")]
        ],
        height=220,
    )
    judged = schedules_service.status_effect(store, preview, as_of=ctx.as_of())
    if judged is not None:  # what the change does to the judgement the pages show
        st.markdown(f"**{tr('plan_admin.schedules.judged', month=month_label(judged.month, lang))}**")
        for key, status in (("before", judged.before), ("after", judged.after)):
            st.markdown(
                f"- {tr(f'plan_admin.schedules.judged.{key}')}：{badge(status.status, status.severity)} — "
                f"{status.explanation(lang)}"
                if lang == "zh"
                else f"- {tr(f'plan_admin.schedules.judged.{key}')}: {badge(status.status, status.severity)} — "
                f"{status.explanation(lang)}"
            )
    pa.commit_step(
        "plan_schedules",
        tr("plan_admin.schedules.commit"),
        preview.warnings,
        lambda confirmed: schedules_service.commit_trajectory(
            store, preview, actor=ctx.actor(), confirm_warnings=confirmed
        ),
        lambda _: tr("plan_admin.schedules.committed", code=code),
        confirm_key=f"plan_schedules_{round_}",
    )
pa.flash("plan_schedules")

st.subheader(tr("plan_admin.schedules.history_of", code=code))
entries = schedules_service.history(store, plan.year, code)
if not entries:
    st.info(tr("plan_admin.no_history"), icon="ℹ️")
else:

    def how(entry: dict) -> str:
        text = tr(f"plan_admin.schedules.how.{entry['action']}")
        if entry["source"] in ("page", "cli"):
            source = tr(f"plan_admin.schedules.source.{entry['source']}")
            text += f"（{source}）" if lang == "zh" else f" ({source})"
        return text

    def shares_text(shares) -> str:
        if shares is None:
            return tr("plan_admin.schedules.linear")
        return " / ".join(f"{pct(v):g}" for v in shares)

    st.dataframe(
        pd.DataFrame(
            [
                {
                    pa.at_column(): pa.show_time(e["at"]),
                    tr("plan_admin.col.actor"): e["actor"],
                    tr("plan_admin.col.how"): how(e),
                    tr("plan_admin.col.old"): shares_text(e["old"]),
                    tr("plan_admin.col.new"): shares_text(e["new"]),
                }
                for e in entries
            ]
        ),
        hide_index=True,
        width="stretch",
        key="plan_schedules_history",
    )
