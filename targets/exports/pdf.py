"""A printable A4 briefing: title, as of, last change, the overview cards, two charts and the lagging table.

HTML and CSS rendered by WeasyPrint (Pango finds the Noto CJK fonts through fontconfig and embeds
the glyphs it uses); the charts are plotly figures rendered to SVG by kaleido and embedded as
vector images, so they print sharp.
"""

from __future__ import annotations

import base64
from html import escape

from targets.exports.charts import progress_by_area, style_label, tasks_by_status
from targets.exports.context import (
    ExportContext,
    as_of_text,
    coverage_text,
    figures_text,
    last_change_text,
    month_coverage_text,
    sample_text,
    title_text,
    tr,
)
from targets.exports.press import investment_sentence
from targets.i18n import t
from targets.status import STATUS_COLORS, label, month_end, severity_label

SANS = '"Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", sans-serif'
SERIF = '"Noto Serif CJK SC", "Noto Serif CJK", "Source Han Serif SC", serif'


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_counter(ctx: ExportContext) -> str:
    """第{page}页 / 共{pages}页 as a CSS content value with the page counters in place."""
    template = t("export.pdf.page", ctx.lang)
    parts, rest = [], template
    while rest:
        cut = min((rest.find(k) for k in ("{page}", "{pages}") if k in rest), default=-1)
        if cut < 0:
            parts.append(_css_string(rest))
            break
        if cut:
            parts.append(_css_string(rest[:cut]))
        key = "{pages}" if rest.startswith("{pages}", cut) else "{page}"
        parts.append("counter(pages)" if key == "{pages}" else "counter(page)")
        rest = rest[cut + len(key) :]
    return " ".join(parts)


def _css(ctx: ExportContext) -> str:
    footer = as_of_text(ctx) + (" · " + tr(ctx, "export.sample.short") if ctx.is_demo else "")
    return f"""
@page {{
  size: A4;
  margin: 16mm 15mm 18mm 15mm;
  @bottom-left {{ content: {_css_string(footer)}; font: 8pt {SANS}; color: #666; }}
  @bottom-right {{ content: {_page_counter(ctx)}; font: 8pt {SANS}; color: #666; }}
}}
html {{ font-family: {SANS}; font-size: 10pt; color: #1a1a1a; line-height: 1.45; }}
h1 {{ font-family: {SERIF}; font-weight: 700; font-size: 20pt; margin: 0 0 2mm 0; }}
h2 {{ font-size: 12.5pt; margin: 6mm 0 2mm 0; border-bottom: 0.6pt solid #999; padding-bottom: 1mm; }}
.meta {{ color: #444; margin: 0; font-size: 9.5pt; }}
.banner {{ margin: 3mm 0; padding: 2mm 3mm; border: 1pt solid #C9A400; background: #FFEB9C;
  color: #9C0006; font-weight: 700; }}
.lead {{ margin: 3mm 0 0 0; font-size: 10.5pt; }}
.cards {{ display: flex; gap: 2.5mm; margin: 4mm 0 1mm 0; }}
.card {{ flex: 1; border: 0.6pt solid #BBB; border-top: 3mm solid #999; padding: 1.5mm 2mm; }}
.card .n {{ font-size: 19pt; font-weight: 700; line-height: 1.1; }}
.card .l {{ font-size: 8.5pt; color: #333; }}
.card .s {{ font-size: 7.5pt; color: #555; }}
.chart {{ width: 100%; margin: 1mm 0 2mm 0; }}
.chart img {{ width: 100%; }}
table {{ width: 100%; border-collapse: collapse; font-size: 8.5pt; table-layout: fixed; }}
th {{ background: #DDE3EA; text-align: left; padding: 1.2mm; border: 0.5pt solid #AAA; }}
td {{ padding: 1.2mm; border: 0.5pt solid #CCC; vertical-align: top; }}
tr {{ break-inside: avoid; }}
/* No page holds a lone row: the first two rows stay together (after the repeated header), and so do the
   last two; the heading stays with the table. */
tbody tr:first-child {{ break-after: avoid; }}
tbody tr:last-child {{ break-before: avoid; }}
h2 {{ break-after: avoid; }}
td.status {{ font-weight: 700; white-space: nowrap; }}
.swatch {{ display: inline-block; width: 2.6mm; height: 2.6mm; margin-right: 1mm; vertical-align: -0.3mm; }}
.none {{ color: #444; }}
"""


def _cards(ctx: ExportContext) -> str:
    s = ctx.status.summary
    cards = [
        (
            "#555555",
            s.total_catalogued,
            tr(ctx, "export.pdf.catalogued"),
            tr(ctx, "export.pdf.of_declared", declared=s.declared_tasks),
        ),
        (STATUS_COLORS["done"], s.done, label("done", ctx.lang), ""),
        (STATUS_COLORS["ahead"], s.ahead, label("ahead", ctx.lang), ""),
        (STATUS_COLORS["on_pace"], s.on_pace, label("on_pace", ctx.lang), ""),
        (
            STATUS_COLORS["lagging_red"],
            s.lagging,
            label("lagging", ctx.lang),
            f"{severity_label('red', ctx.lang)} {s.lagging_red} · {severity_label('amber', ctx.lang)} {s.lagging_amber}",
        ),
        (STATUS_COLORS["no_data"], s.no_data, label("no_data", ctx.lang), ""),
    ]
    return "".join(
        f'<div class="card" style="border-top-color: {color}"><div class="n">{n}</div>'
        f'<div class="l">{escape(name)}</div><div class="s">{escape(sub) or "&nbsp;"}</div></div>'
        for color, n, name, sub in cards
    )


def _chart(svg: bytes, alt: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return f'<div class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}"></div>'


def _lagging(ctx: ExportContext) -> str:
    rows = []
    plan, lang = ctx.plan, ctx.lang
    for n, ts in enumerate(ctx.status.lagging_tasks(), start=1):
        task = plan.task(ts.code)
        worst = plan.indicator(ts.worst_indicator) if ts.worst_indicator else None
        lead = (worst.lead_unit if worst else None) or task.lead_unit or ""
        rows.append(
            "<tr>"
            f"<td>{n}</td>"
            f"<td>{escape(task.name.get(lang))}</td>"
            f"<td>{escape(plan.area(ts.area_code).name.get(lang))}</td>"
            f'<td class="status"><span class="swatch" style="background: {STATUS_COLORS[ts.style]}"></span>'
            f"{escape(style_label(ts.style, lang))}</td>"
            f"<td>{escape(ts.explanation(lang))}</td>"
            f"<td>{escape(lead)}</td>"
            "</tr>"
        )
    if not rows:
        return f'<p class="none">{escape(tr(ctx, "export.lagging.none"))}</p>'
    heads = [
        "export.col.rank",
        "export.col.task",
        "export.col.area",
        "export.col.status",
        "export.col.explanation",
        "export.col.lead",
    ]
    head = "".join(f"<th>{escape(tr(ctx, h))}</th>" for h in heads)
    cols = "".join(f'<col style="width: {w}%">' for w in (5, 22, 9, 15, 37, 12))
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _words(ctx: ExportContext) -> str:
    """What the lead departments say of their lagging tasks (进展说明), quoted: 「牵头单位表示：……」."""
    from targets.narratives import quote
    from targets.periods import department_label, month_text

    lines = []
    for ts in ctx.status.lagging_tasks():
        word = ctx.words.get(ts.code)
        if word is None:
            continue
        who = f"{department_label(word.department, ctx.lang)}, {month_text(word.year, word.month, ctx.lang)}"
        name = ctx.plan.task(ts.code).name.get(ctx.lang)
        head = f"{name}（{who.replace(', ', '，')}）：" if ctx.lang == "zh" else f"{name} ({who}): "
        lines.append(f'<p class="word"><b>{escape(head)}</b>{escape(quote(word, ctx.lang))}</p>')
    if not lines:
        return ""
    return f"<h2>{escape(tr(ctx, 'word.export.heading'))}</h2>" + "".join(lines)


def headline(ctx: ExportContext) -> str:
    """截至2024年9月底，全省民生实事中，已完成X项，超序时X项，按序时X项，慢序时X项，未填报X项。(officials' terms)"""
    s = ctx.status.summary
    no_data = tr(ctx, "export.briefing.lead.no_data", count=s.no_data) if s.no_data else ""
    return tr(
        ctx,
        "export.briefing.lead",
        year=ctx.year,
        when=month_end(ctx.as_of, ctx.lang),
        done=s.done,
        ahead=s.ahead,
        on_pace=s.on_pace,
        lagging=s.lagging,
        no_data=no_data,
    )


def coverage(ctx: ExportContext) -> str:
    s = ctx.status.summary
    return tr(ctx, "export.briefing.coverage", declared=s.declared_tasks, catalogued=s.total_catalogued)


def html(ctx: ExportContext, charts: list[tuple[bytes, str]]) -> str:
    """The briefing as one HTML document (charts given as SVG bytes with their alt text)."""
    title = tr(ctx, "export.pdf.title", title=title_text(ctx))
    banner = f'<div class="banner">{escape(sample_text(ctx))}</div>' if ctx.is_demo else ""
    lead = escape(headline(ctx) + ("" if ctx.lang == "zh" else " ") + coverage(ctx) + investment_sentence(ctx))
    charts_html = "".join(_chart(svg, alt) for svg, alt in charts)
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if ctx.lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<meta name="description" content="{escape(as_of_text(ctx))}">
<style>{_css(ctx)}</style></head>
<body>
<h1>{escape(title)}</h1>
<p class="meta">{escape(as_of_text(ctx))} · {escape(month_coverage_text(ctx))} · {escape(coverage_text(ctx))}</p>
<p class="meta">{escape(last_change_text(ctx))} · {escape(figures_text(ctx))}</p>
{banner}
<div class="cards">{_cards(ctx)}</div>
<p class="lead">{lead}</p>
<h2>{escape(tr(ctx, "export.pdf.charts"))}</h2>
{charts_html}
<h2>{escape(tr(ctx, "export.pdf.lagging"))}</h2>
{_lagging(ctx)}
{_words(ctx)}
</body></html>"""


def build(ctx: ExportContext) -> bytes:
    """The briefing as PDF bytes."""
    import weasyprint

    from targets.exports.images import render

    charts = [
        (render(tasks_by_status(ctx.plan, ctx.status, ctx.lang), "svg"), tr(ctx, "export.chart.name.tasks_by_status")),
        (
            render(progress_by_area(ctx.plan, ctx.status, ctx.lang), "svg"),
            tr(ctx, "export.chart.name.progress_by_area"),
        ),
    ]
    return weasyprint.HTML(string=html(ctx, charts)).write_pdf()
