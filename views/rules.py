"""预警规则: the rules in force, an edit form with a preview of how many tasks change colour this month, the
confirmation, and every version on record. Administrators edit; anyone signed in may read."""

import pandas as pd
import streamlit as st

from services import rules as rules_service
from targets.access import Action
from targets.status import STATUS_ICONS, month_label
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
store = ctx.store()
st.title(tr("rules.title"))
st.caption(tr("rules.help"))

state = rules_service.state(store)
as_of = ctx.as_of() or 1
shown = state.in_force(plan.year, as_of)


def from_text(version) -> str:
    return f"{version.from_year}-{version.from_month:02d}" if version.version else "—"


def rules_row(version) -> dict:
    r = version.rules
    return {
        tr("rules.col.version"): version.label(lang),
        tr("rules.col.from"): from_text(version),
        tr("rules.col.amber"): r.amber_points,
        tr("rules.col.red"): r.red_points,
        tr("rules.col.ahead"): r.ahead_points,
        tr("rules.col.suggest"): r.suggest_after,
        tr("rules.col.list"): r.list_after,
    }


st.subheader(tr("rules.current", label=shown.label(lang)))
if shown.version:
    st.markdown(
        tr(
            "rules.current.since",
            month=f"{plan.year}-{shown.from_month:02d}" if shown.from_year == plan.year else from_text(shown),
            actor=shown.set_by or "—",
            at=pa.show_time(shown.set_at),
            reason=shown.reason,
        )
    )
else:
    st.markdown(tr("rules.current.default"))
st.dataframe(pd.DataFrame([rules_row(shown)]), hide_index=True, width="stretch", key="rules_current")

if not auth.can(Action.SCHEDULE):
    st.info(tr("rules.read_only"), icon="ℹ️")
else:
    st.subheader(tr("rules.edit"))
    base = state.latest.rules
    round_ = pa.round_of("rules")
    left, right = st.columns(2)
    amber = left.number_input(
        tr("rules.field.amber_points"), 0.0, 100.0, float(base.amber_points), 1.0, key=f"rules_amber_{round_}"
    )
    red = left.number_input(
        tr("rules.field.red_points"), 0.0, 100.0, float(base.red_points), 1.0, key=f"rules_red_{round_}"
    )
    ahead = left.number_input(
        tr("rules.field.ahead_points"), 0.0, 100.0, float(base.ahead_points), 1.0, key=f"rules_ahead_{round_}"
    )
    suggest_after = right.number_input(
        tr("rules.field.suggest_after"), 1, 12, int(base.suggest_after), 1, key=f"rules_suggest_{round_}"
    )
    list_after = right.number_input(
        tr("rules.field.list_after"), 1, 12, int(base.list_after), 1, key=f"rules_list_{round_}"
    )
    from_month = right.selectbox(
        tr("rules.field.from_month"),
        list(range(1, 13)),
        index=as_of - 1,
        format_func=lambda m: f"{plan.year}-{m:02d}",
        key=f"rules_from_{round_}",
    )
    reason = st.text_input(tr("rules.field.reason"), key=f"rules_reason_{round_}")
    values = {"amber": amber, "red": red, "ahead": ahead, "suggest_after": suggest_after, "list_after": list_after}
    preview = rules_service.preview_rules(store, **values, year=plan.year, month=as_of)
    for problem in preview.problems:
        st.error(problem.message(lang), icon="⛔")
    if preview.rules is not None:
        if preview.month is not None:
            month = month_label(preview.month, lang)
            if preview.changes:
                st.markdown(tr("rules.preview", month=month, n=len(preview.changes), total=preview.tasks))
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                tr("rules.col.task"): f"{code} {plan.task(code).name.get(lang)}",
                                tr("rules.col.before"): STATUS_ICONS[before],
                                tr("rules.col.after"): STATUS_ICONS[after],
                            }
                            for code, before, after in preview.changes
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                    key="rules_changes",
                )
            else:
                st.markdown(tr("rules.preview.none", month=month))

        def save(_confirmed: bool):
            return rules_service.set_rules(
                store,
                **values,
                reason=reason,
                actor=ctx.actor(),
                from_year=plan.year,
                from_month=from_month,
                source="page",
            )

        pa.commit_step("rules", tr("rules.commit"), [], save, lambda v: tr("rules.committed", label=v.label(lang)))
    pa.flash("rules")

st.subheader(tr("rules.history"))
if not state.versions:
    st.info(tr("rules.no_history"), icon="ℹ️")
else:
    # Compact: the thresholds and the escalation months in one column each, the reason capped (it wraps on hover).
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("rules.col.version"): v.label(lang),
                    tr("rules.col.from"): from_text(v),
                    tr("rules.col.thresholds"): tr(
                        "rules.thresholds",
                        amber=f"{v.rules.amber_points:g}",
                        red=f"{v.rules.red_points:g}",
                        ahead=f"{v.rules.ahead_points:g}",
                    ),
                    tr("rules.col.escalation"): f"{v.rules.suggest_after} / {v.rules.list_after}",
                    tr("rules.col.actor"): v.set_by,
                    pa.at_column(): pa.show_time(v.set_at),
                    tr("rules.col.reason"): v.reason,
                }
                for v in reversed(state.versions)
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={tr("rules.col.reason"): st.column_config.TextColumn(width="small")},
        key="rules_history",
    )
