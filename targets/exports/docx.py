"""A press-release draft from the numbers as of month M, in the style of the official bulletins.

Editable Word text, no images: a headline that counts tasks by status, one paragraph per area with
its standout figure, the lagging items, and a closing line with the as-of month and the last change.
The East Asian fonts are set on the styles (w:eastAsia: 宋体 for the body, 黑体 for headings), with
the theme-font references removed, so Word and WPS both render the Chinese text in them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from targets.exports.context import (
    ExportContext,
    as_of_text,
    figures_text,
    last_change_text,
    percent_text,
    sample_text,
    sep,
    title_text,
    tr,
    value_text,
)
from targets.model import Kind
from targets.status import IndicatorStatus, Status, month_end

BODY_EAST_ASIA = "宋体"  # SimSun
HEADING_EAST_ASIA = "黑体"  # SimHei
LATIN_BODY = "Times New Roman"
LATIN_HEADING = "Arial"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_SCHEDULED = (Kind.COUNT, Kind.MINIMUM, Kind.RATE)


def _set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Explicit fonts on an rPr: the theme references go (a theme font beats an explicit one)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style_fonts(doc, name: str, latin: str, east_asia: str, size: float, *, bold: bool | None = None) -> None:
    style = doc.styles[name]
    _set_fonts(style.element.get_or_add_rPr(), latin, east_asia)
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold


def _setup(doc, lang: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.8)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    # Document defaults too, so text in any style falls back to the Chinese fonts, not the theme's.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, LATIN_BODY, BODY_EAST_ASIA)
    _style_fonts(doc, "Normal", LATIN_BODY, BODY_EAST_ASIA, 14 if lang == "zh" else 12)
    normal = doc.styles["Normal"].paragraph_format
    normal.line_spacing = 1.5
    normal.space_after = Pt(4)
    for name, size in (("Title", 22), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 14)):
        _style_fonts(doc, name, LATIN_HEADING, HEADING_EAST_ASIA, size, bold=name != "Subtitle")
    for name in ("List Number", "List Bullet"):
        _style_fonts(doc, name, LATIN_BODY, BODY_EAST_ASIA, 14 if lang == "zh" else 12)
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The default Title style draws a blue rule under itself; a bulletin title has none.
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    doc.styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Subtitle"].font.italic = False


def _body(doc, text: str, *, indent: bool = True, lang: str = "zh") -> Paragraph:
    p = doc.add_paragraph(text)
    if indent and lang == "zh":
        p.paragraph_format.first_line_indent = Pt(28)  # two characters, as Chinese prose is set
    return p


def headline(ctx: ExportContext) -> str:
    """截至2024年9月底，全省民生实事中，已完成X项，超序时X项，按序时X项，慢序时X项，未填报X项。"""
    s = ctx.status.summary
    no_data = tr(ctx, "export.docx.headline.no_data", count=s.no_data) if s.no_data else ""
    return tr(
        ctx,
        "export.docx.headline",
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
    return tr(ctx, "export.docx.coverage", declared=s.declared_tasks, catalogued=s.total_catalogued)


def standout(ctx: ExportContext, members: Iterable[IndicatorStatus]) -> IndicatorStatus | None:
    """An area's best figure: the scheduled indicator furthest along (plan order breaks ties), else a met standard."""
    members = list(members)
    scheduled = [
        i for i in members if i.progress is not None and i.actual and ctx.plan.indicator(i.code).kind in _SCHEDULED
    ]
    if scheduled:
        return max(scheduled, key=lambda i: i.progress)  # the first of equals, in plan order
    return next((i for i in members if i.status is Status.DONE), None)


def standout_text(ctx: ExportContext, ist: IndicatorStatus) -> str:
    """新建改建合作助老餐厅和助餐点1,320个，完成全年目标的101.5%。"""
    ind = ctx.plan.indicator(ist.code)
    name = ind.name.get(ctx.lang)
    if ind.kind not in _SCHEDULED:
        return tr(ctx, "export.docx.standout.met", name=name)
    unit = "" if ind.kind is Kind.RATE else ind.unit.get(ctx.lang)
    return tr(
        ctx,
        "export.docx.standout",
        name=name,
        actual=value_text(ist.actual, ind),
        unit=unit,
        percent=percent_text(ist.progress),
    ).replace(" ,", ",")


def area_paragraphs(ctx: ExportContext) -> list[str]:
    """One paragraph per area with tasks: its task counts by status and its standout figure."""
    out = []
    joiner = "、" if ctx.lang == "zh" else ", "
    for area in ctx.status.areas:
        if not area.total_catalogued:
            continue
        parts = [
            tr(ctx, f"export.docx.part.{key}", count=n)
            for key, n in (
                ("done", area.done),
                ("ahead", area.ahead),
                ("on_pace", area.on_pace),
                ("lagging", area.lagging),
                ("no_data", area.no_data),
            )
            if n
        ]
        text = tr(
            ctx,
            "export.docx.area",
            area=ctx.plan.area(area.code).name.get(ctx.lang),
            tasks=area.total_catalogued,
            parts=joiner.join(parts),
        )
        best = standout(ctx, (i for i in ctx.status.indicators if i.area_code == area.code))
        if best is not None:
            text += ("" if ctx.lang == "zh" else " ") + standout_text(ctx, best)
        out.append(text)
    return out


def lagging_items(ctx: ExportContext) -> list[str]:
    """以下事项进度相对较慢：each lagging task, worst first, with why and who leads it."""
    items = []
    for ts in ctx.status.lagging_tasks():
        task = ctx.plan.task(ts.code)
        worst = ctx.plan.indicator(ts.worst_indicator) if ts.worst_indicator else None
        lead = (worst.lead_unit if worst else None) or task.lead_unit
        zh = ctx.lang == "zh"
        name = task.name.get(ctx.lang)
        explanation = ts.explanation(ctx.lang)
        if worst is not None and len(ts.indicator_codes) > 1:
            # 任务（指标）：说明 — rather than the task's own "指标：说明" after another colon
            indicator = worst.name.get(ctx.lang)
            name += f"（{indicator}）" if zh else f" ({indicator})"
            explanation = ctx.status.indicator(worst.code).explanation(ctx.lang)
        text = f"{name}：{explanation}" if zh else f"{name}: {explanation}"
        if lead:
            text += tr(ctx, "export.docx.lagging.lead", lead=lead)
        text += "。" if zh else "."
        items.append(text)
    return items


def build(ctx: ExportContext) -> bytes:
    """The draft as .docx bytes."""
    doc = Document()
    lang = ctx.lang
    _setup(doc, lang)
    props = doc.core_properties
    props.title = tr(ctx, "export.docx.title", title=title_text(ctx))
    props.subject = as_of_text(ctx)
    props.author = tr(ctx, "app.title")
    props.comments = last_change_text(ctx)
    props.language = "zh-CN" if lang == "zh" else "en-GB"
    if ctx.last_change is not None:
        props.created = props.modified = ctx.last_change
    props.revision = 1

    kicker = doc.add_paragraph(tr(ctx, "export.docx.kicker"))
    kicker.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    if ctx.is_demo:
        banner = doc.add_paragraph()
        run = banner.add_run(sample_text(ctx))
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.add_paragraph(tr(ctx, "export.docx.title", title=title_text(ctx)), style="Title")
    doc.add_paragraph(tr(ctx, "export.docx.subtitle", year=ctx.year, when=month_end(ctx.as_of, lang)), style="Subtitle")
    _body(doc, headline(ctx) + ("" if lang == "zh" else " ") + coverage(ctx), lang=lang)

    doc.add_heading(tr(ctx, "export.docx.areas"), level=1)
    for text in area_paragraphs(ctx):
        _body(doc, text, lang=lang)

    doc.add_heading(tr(ctx, "export.docx.lagging.title"), level=1)
    items = lagging_items(ctx)
    if items:
        _body(doc, tr(ctx, "export.docx.lagging.intro"), lang=lang)
        for text in items:
            doc.add_paragraph(text, style="List Number")
    else:
        _body(doc, tr(ctx, "export.docx.lagging.none"), lang=lang)

    closing = doc.add_paragraph()
    closing.paragraph_format.space_before = Pt(18)
    run = closing.add_run(
        f"{as_of_text(ctx)}{sep(ctx)}{last_change_text(ctx)}{sep(ctx)}{figures_text(ctx)}。"
        if lang == "zh"
        else f"{as_of_text(ctx)}. {last_change_text(ctx)}. {figures_text(ctx)}."
    )
    run.font.size = Pt(10.5)
    note = doc.add_paragraph().add_run(tr(ctx, "export.docx.footer"))
    note.font.size = Pt(10.5)
    note.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = f"{as_of_text(ctx)}" + (f" · {tr(ctx, 'export.sample.short')}" if ctx.is_demo else "")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    out = io.BytesIO()
    doc.save(out)
    return fixed_zip_times(out.getvalue())


def fixed_zip_times(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01: python-docx stamps each entry with the time of saving,
    so the same figures would otherwise give a different file (and sha256) every second."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
