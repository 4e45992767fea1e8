"""Render helpers the dashboard pages share: the as-of header, status cards and badges, charts, sticky pickers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from targets import clock
from targets.dashboard import as_of_text, status_text
from targets.status import Severity, Status, Summary
from ui import context as ctx

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
PRINT_KEY = "print_view"  # session key: the page renders for printing (A4), the same content as on screen

# A4 print rules: no sidebar, header, toolbars or buttons; sections start on a new page; tables and charts
# are not cut in half; text at a size paper reads. Injected on every progress page, so Ctrl+P prints well
# too; the print view adds a plain white page and the browser's print dialog.
PRINT_CSS = """
<style>
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"],
  .modebar, [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"],
  [data-testid="stSelectbox"], .no-print { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stHeading"] h2 { break-before: page; page-break-before: always; }
  .print-first h2, [data-testid="stHeading"]:first-of-type h2 { break-before: auto; }
  [data-testid="stTable"], [data-testid="stPlotlyChart"], [data-testid="stMetric"], tr { break-inside: avoid; }
  [data-testid="stTable"] table { font-size: 10pt; width: 100% !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


def badge(status: Status | str, severity: Severity | str | None = None) -> str:
    """The status as icon and words in the page's language, e.g. ⛔ 慢序时（红灯）."""
    return status_text(status, severity, ctx.lang())


def page_header(title: str, view) -> None:
    """The page title with what it is "as of": the month, the recorded-on day if any, and the last change."""
    st.title(title)
    parts = []
    if view is not None and view.as_of:
        parts.append(ctx.tr("dashboard.header.as_of", when=as_of_text(view.plan.year, view.as_of, ctx.lang())))
        if view.status is not None:
            parts.append(view.status.coverage.text(ctx.lang()))  # 10月：已报 1 / 31 项指标
    else:
        parts.append(ctx.tr("dashboard.header.no_month"))
    if view is not None and view.recorded_on:
        parts.append(ctx.tr("dashboard.header.recorded_on", day=view.recorded_on.isoformat()))
    changed = clock.show(view.last_change if view is not None else None)  # local time; the string names the zone
    parts.append(ctx.tr("dashboard.header.last_change", when=changed))
    # Which figures: approved (locked) months only, or the latest submitted (the sidebar's choice).
    approved = getattr(view, "approved_only", False) if view is not None else ctx.approved_only()
    parts.append(ctx.tr("periods.basis.caption.approved" if approved else "periods.basis.caption.latest"))
    st.caption(" · ".join(parts))


def no_figures(view) -> None:
    """Say there is nothing to judge yet: no figures at all, or none in the database on the chosen day."""
    if view is not None and view.recorded_on:
        st.info(ctx.tr("dashboard.no_figures_on", day=view.recorded_on.isoformat()), icon="ℹ️")
    else:
        st.info(ctx.tr("dashboard.no_figures"), icon="ℹ️")


def status_cards(summary: Summary) -> None:
    """Tasks by status as five cards, each with icon and words (never colour alone)."""
    tr = ctx.tr
    cards = [
        (badge(Status.DONE), summary.done, None),
        (badge(Status.AHEAD), summary.ahead, None),
        (badge(Status.ON_PACE), summary.on_pace, None),
        (
            f"⚠️⛔ {tr('status.lagging')}",
            summary.lagging,
            tr("dashboard.card.lagging_split", red=summary.lagging_red, amber=summary.lagging_amber),
        ),
        (badge(Status.NO_DATA), summary.no_data, None),
    ]
    for column, (label, value, note) in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(label, value, border=True, help=tr("dashboard.card.help"))
        if note:
            column.caption(note)


PRINT_WIDTH = 680  # px: a chart across an A4 page between 12 mm margins


def plot(figure, key: str) -> None:
    """A chart across the column; in the print view a fixed A4 width, since paper does not resize it."""
    if printing():
        figure = go_copy(figure)
        figure.update_layout(width=PRINT_WIDTH)
        st.plotly_chart(figure, width="content", config={**PLOTLY_CONFIG, "staticPlot": True}, key=key)
        return
    st.plotly_chart(figure, width="stretch", config=PLOTLY_CONFIG, key=key)


def go_copy(figure):
    """A copy of a (possibly cached) figure, so the print view's width never leaks into the screen's."""
    return type(figure)(figure)


def _remember(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def sticky_selectbox(
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    state_key: str,
    format_func: Callable[[Any], str] = str,
    container: Any = st,
) -> Any:
    """A selectbox whose choice lives under a plain session key (which Streamlit never cleans up), so it
    survives visits to other pages and can be set by another page before switching here."""
    ss = st.session_state
    if ss.get(state_key) not in options:
        ss[state_key] = options[0] if options else None
    ss[key] = ss[state_key]
    return container.selectbox(
        label, options, key=key, format_func=format_func, on_change=_remember, args=(key, state_key)
    )


def open_page(page: str, **state: Any) -> None:
    """Switch to another page with the choices it should open on (plain session keys)."""
    st.session_state.update(state)
    st.switch_page(page)


# --- names, numbers and tables people read --------------------------------------------------------


def named(name: str, code: str, lang: str) -> str:
    """A name with its code as a detail: 征集推送岗位（EMP-01-1） / Job postings (EMP-01-1)."""
    return f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def points(value: float | None) -> str:
    """Percentage points behind (positive) or ahead, one decimal; a dash for none."""
    return "—" if value is None else f"{value:.1f}"


def signed_points(value: float | None) -> str:
    """A gap to the schedule in points, + ahead / − behind: +6.3, −17.8."""
    return "—" if value is None else f"{value:+.1f}".replace("-", "−")


def table(rows: list[dict[str, Any]], *, empty: str = "", scroll_key: str | None = None) -> None:
    """A table read whole on screen, on paper and on a phone: st.table wraps long text (说明) in its cell,
    so no column leaves the right edge at 1440 px and nothing essential needs a horizontal scroll.
    Columns keep the order of the dicts: put the key columns (status, 落后, 说明) first. With scroll_key, a
    long list of short cells (a revision log) scrolls on screen (st.dataframe) and prints whole."""
    if not rows:
        if empty:
            st.caption(empty)
        return
    frame = pd.DataFrame(rows)
    if scroll_key and not printing():
        st.dataframe(frame, hide_index=True, width="stretch", key=scroll_key)
    else:
        st.table(frame, hide_index=True)


# --- print view ------------------------------------------------------------------------------------


def print_styles() -> None:
    """The A4 print rules (see PRINT_CSS); invisible on screen."""
    st.html(PRINT_CSS)


def printing() -> bool:
    return bool(st.session_state.get(PRINT_KEY))


def print_button(key: str) -> None:
    """「打印 / Print」: re-render the page as the print view (the same content, A4 rules) and open the
    browser's print dialog; a second button returns to the screen view."""
    print_styles()
    if printing():
        st.html('<div class="no-print"></div>')
        if st.button(ctx.tr("print.back"), key=f"{key}_back", icon="↩️"):
            st.session_state[PRINT_KEY] = False
            st.rerun()
        st.caption(ctx.tr("print.hint"))
        # Open the print dialog once the page has drawn (the charts need a moment).
        st.html(
            "<script>setTimeout(function () { window.print(); }, 1500);</script>",
            unsafe_allow_javascript=True,
        )
    elif st.button(ctx.tr("print.button"), key=key, icon="🖨️"):
        st.session_state[PRINT_KEY] = True
        st.rerun()


def region_short(code: str, lang: str) -> str:
    """A region as a narrow column header: 长春 / Changchun, 延边州 / Yanbian, 长白山 / Changbaishan."""
    from targets.regions import load_regions

    region = next(r for r in load_regions() if r.code == code)
    if lang == "en":
        latin = [a for a in region.aliases if a.isascii()]
        return latin[0] if latin else region.name.get("en").split(" ")[0]
    return next(
        (a for a in region.aliases if not a.isascii() and len(a) < len(region.name.get("zh"))), region.name.get("zh")
    )
