"""目标分解: the regions' targets per indicator against the province's, an upload with preview and confirmation,
and the history of every change."""

import pandas as pd
import streamlit as st

from services import region_targets as targets_service
from targets import clock
from targets.access import Action
from targets.numbers import format_number
from targets.region_targets import ADDITIVE
from targets.regions import region_name
from ui import auth
from ui import context as ctx
from ui import plan_admin as pa
from ui import widgets as w

tr, lang = ctx.tr, ctx.lang()
plan = ctx.plan()
if plan is None:
    st.info(tr("no_plan"))
    st.stop()
auth.require(Action.REGION_TARGETS)
store = ctx.store()
st.title(tr("plan_admin.targets.title", year=plan.year))
tab_current, tab_import, tab_history = st.tabs(
    [tr("plan_admin.targets.tab.current"), tr("plan_admin.tab.import"), tr("plan_admin.tab.history")]
)


def indicator_label(code: str) -> str:
    found = next((i for i in plan.indicators if i.code == code), None)
    return f"{code} {found.name.get(lang)}" if found else code


def number(value: float | None, code: str) -> str:
    """A target with its unit (1,300 个); a standard's target is the standard itself (met or not), in words."""
    found = next((i for i in plan.indicators if i.code == code), None)
    if value is None:
        return "—"
    if found is not None and found.kind.value == "standard":
        return tr("kind.standard")
    unit = found.unit.get(lang) if found else ""
    return f"{format_number(value)} {unit}".strip()


with tab_current:
    # The ones that do not add up first, then the other broken-down ones, then the rest in the plan's order.
    rows = sorted(targets_service.breakdown(store, plan.year), key=lambda r: {False: 0, True: 1, None: 2}[r[1]])
    broken = [r for r, _ in rows if r.regions]
    gaps = [r for r, ok in rows if ok is False]
    st.markdown(tr("plan_admin.targets.summary", broken=len(broken), total=len(rows), gaps=len(gaps)))

    def check(row, adds_up) -> str:
        if adds_up is None:
            return tr("plan_admin.targets.check.none")
        if plan.indicator(row.code).kind not in ADDITIVE:
            return tr("plan_admin.targets.check.level")
        if adds_up:
            return tr("plan_admin.targets.check.ok")
        return tr("plan_admin.targets.check.gap", gap=number(row.total - row.province_target, row.code))

    w.table(
        [
            {
                tr("plan_admin.col.indicator"): indicator_label(row.code),
                tr("plan_admin.targets.col.check"): check(row, adds_up),
                tr("plan_admin.targets.col.province"): number(row.province_target, row.code),
                tr("plan_admin.targets.col.total"): number(row.total, row.code),
                tr("plan_admin.targets.col.regions"): len(row.regions),
            }
            for row, adds_up in rows
        ]
    )
    if broken:
        code = st.selectbox(
            tr("plan_admin.targets.pick"),
            [r.code for r in broken],
            format_func=indicator_label,
            key="plan_targets_pick",
        )
        chosen = next(r for r in broken if r.code == code)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("plan_admin.targets.col.region"): region_name(region, lang),
                        tr("plan_admin.targets.col.target"): number(target, code),
                    }
                    for region, target in chosen.regions
                ]
            ),
            hide_index=True,
            width="stretch",
            key="plan_targets_regions",
        )


def _sheet_read(preview, name: str) -> None:
    if preview.parsed.layout:
        st.caption(
            tr(
                "plan_admin.targets.rows",
                rows=preview.parsed.rows_read,
                name=name,
                layout=tr(f"plan_admin.targets.layout.{preview.parsed.layout}"),
            )
        )


def _changes(preview) -> None:
    st.subheader(tr("plan_admin.targets.changes"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("plan_admin.col.indicator"): indicator_label(t.indicator_code),
                    tr("plan_admin.targets.col.region"): region_name(t.region_code, lang),
                    tr("plan_admin.col.old"): number(old, t.indicator_code),
                    tr("plan_admin.col.new"): number(t.target, t.indicator_code),
                    tr("plan_admin.col.row"): t.row,
                }
                for t, old in [*((t, None) for t in preview.new), *preview.changed]
            ]
        ),
        hide_index=True,
        width="stretch",
    )


with tab_import:
    pa.revisions_import(
        "plan_targets",
        year=plan.year,
        help=tr("plan_admin.targets.help"),
        file_label=tr("plan_admin.targets.file"),
        make_preview=lambda data, name: targets_service.preview_targets_as(
            store, data, name, year=plan.year, actor=ctx.actor()
        ),
        counts=(
            tr("plan_admin.targets.summary.new"),
            tr("plan_admin.targets.summary.changed"),
            tr("plan_admin.targets.summary.unchanged"),
        ),
        nothing=tr("plan_admin.targets.nothing"),
        show_changes=_changes,
        commit_label=tr("plan_admin.targets.commit"),
        commit=lambda preview, confirmed: targets_service.commit_targets(
            store, preview, actor=ctx.actor(), confirm_warnings=confirmed
        ),
        message=lambda preview, name, batch: tr(
            "plan_admin.targets.committed",
            name=name,
            new=len(preview.new),
            changed=len(preview.changed),
            batch=batch,
        ),
        about=_sheet_read,
    )

with tab_history:
    batches = targets_service.batches(store, plan.year)
    if not batches:
        st.info(tr("plan_admin.no_history"), icon="ℹ️")
    else:

        def how(kind: str) -> str:
            key = f"plan_admin.targets.how.{kind}"
            return tr(key) if kind in ("region_targets", "region_target_edit", "demo") else kind

        st.dataframe(
            pd.DataFrame(
                [
                    {
                        pa.at_column(): pa.show_time(b["at"]),
                        tr("plan_admin.col.actor"): b["actor"],
                        tr("plan_admin.col.how"): how(b["kind"]),
                        tr("plan_admin.col.file"): b["filename"] or "—",
                        tr("plan_admin.col.changes"): len(b["changes"]),
                    }
                    for b in batches
                ]
            ),
            hide_index=True,
            width="stretch",
            key="plan_targets_history",
        )
        for b in batches:
            with st.expander(
                tr(
                    "plan_admin.history_detail",
                    at=pa.show_time(b["at"]),
                    zone=clock.zone_name(lang),
                    actor=b["actor"],
                    how=how(b["kind"]) + (f" · {b['filename']}" if b["filename"] else ""),
                )
            ):
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                tr("plan_admin.col.indicator"): indicator_label(code),
                                tr("plan_admin.targets.col.region"): region_name(region, lang),
                                tr("plan_admin.col.old"): number(old, code),
                                tr("plan_admin.col.new"): number(new, code),
                            }
                            for code, region, old, new in b["changes"]
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
