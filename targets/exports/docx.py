"""The press release (新闻通稿) as an editable Word file, from the numbers as of month M.

The words are press.py's (headline, issuing body and date, lead, one paragraph per area, the follow-up on
lagging items); this module sets them as a provincial press office does: the headline centred in 黑体,
the issuing body and date beneath it in 楷体, body text in 宋体 with a first-line indent of two characters
(w:firstLineChars, with the equivalent twips for older readers), and after a rule the editor's check
list (as of, last change, which figures), which is not part of the release. The East Asian fonts are
set on the styles (w:eastAsia) with the theme-font references removed, so Word and WPS both render
the Chinese text in them. English releases use block paragraphs. Same figures, same bytes.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from targets.exports import press
from targets.exports.context import (
    ExportContext,
    as_of_text,
    figures_text,
    last_change_text,
    month_coverage_text,
    sample_text,
    sep,
    tr,
)

BODY_EAST_ASIA = "宋体"  # SimSun
HEADING_EAST_ASIA = "黑体"  # SimHei
LATIN_BODY = "Times New Roman"
DATELINE_EAST_ASIA = "楷体"  # KaiTi
LATIN_HEADING = "Arial"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
INDENT_CHARS = 2  # 首行缩进两字符
GREY = RGBColor(0x59, 0x59, 0x59)


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
    for name, size in (("Title", 22 if lang == "zh" else 20), ("Heading 1", 16), ("Heading 2", 14)):
        _style_fonts(doc, name, LATIN_HEADING, HEADING_EAST_ASIA, size, bold=True)
    _style_fonts(doc, "Subtitle", LATIN_BODY, DATELINE_EAST_ASIA, 14 if lang == "zh" else 12, bold=False)
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The default Title style draws a blue rule under itself; a bulletin title has none.
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    doc.styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Subtitle"].font.italic = False


def _body(doc, text: str, *, lang: str) -> Paragraph:
    """A body paragraph: in Chinese indented by two characters (in character units, so it follows the font size)."""
    p = doc.add_paragraph(text)
    if lang == "zh":
        size = doc.styles["Normal"].font.size
        p.paragraph_format.first_line_indent = size * INDENT_CHARS  # the twips, for readers without firstLineChars
        ind = p._p.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(INDENT_CHARS * 100))
    else:
        p.paragraph_format.space_after = Pt(8)
    return p


def _rule(paragraph: Paragraph) -> None:
    """A thin rule above the paragraph: what follows is not part of the release."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "6"), ("w:color", "999999")):
        top.set(qn(key), value)
    border.append(top)
    ppr.append(border)


def _small(paragraph: Paragraph, text: str, *, grey: bool = False, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(10.5)
    run.bold = bold or None
    if grey:
        run.font.color.rgb = GREY


def editor_note(ctx: ExportContext) -> str:
    """As of, month coverage, last change (local time, zone named) and which figures: for checking, not printing."""
    if ctx.lang == "zh":
        return f"{as_of_text(ctx)}{sep(ctx)}{month_coverage_text(ctx)}{sep(ctx)}{last_change_text(ctx)}{sep(ctx)}{figures_text(ctx)}。"
    return f"{as_of_text(ctx)}. {month_coverage_text(ctx)}. {last_change_text(ctx)}. {figures_text(ctx)}."


def build(ctx: ExportContext) -> bytes:
    """The release as .docx bytes."""
    doc = Document()
    lang = ctx.lang
    _setup(doc, lang)
    text = press.release(ctx)
    props = doc.core_properties
    props.title = text.headline
    props.subject = as_of_text(ctx)
    props.author = press.issuer(lang)
    props.comments = last_change_text(ctx)
    props.language = "zh-CN" if lang == "zh" else "en-GB"
    if ctx.last_change is not None:
        props.created = props.modified = ctx.last_change
    props.revision = 1

    kicker = doc.add_paragraph()
    _small(kicker, tr(ctx, "export.press.kicker"), grey=True)
    if ctx.is_demo:
        banner = doc.add_paragraph()
        run = banner.add_run(sample_text(ctx))
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.add_paragraph(text.headline, style="Title")
    dateline = doc.add_paragraph(text.dateline, style="Subtitle")
    dateline.paragraph_format.space_after = Pt(12)
    _body(doc, text.lead, lang=lang)
    for paragraph in text.body:
        _body(doc, paragraph, lang=lang)

    note_title = doc.add_paragraph()
    note_title.paragraph_format.space_before = Pt(24)
    _rule(note_title)
    _small(note_title, tr(ctx, "export.press.note.title"), grey=True, bold=True)
    _small(doc.add_paragraph(), editor_note(ctx), grey=True)
    _small(doc.add_paragraph(), tr(ctx, "export.press.note.date"), grey=True)
    _small(doc.add_paragraph(), tr(ctx, "export.press.note.draft"), grey=True)
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
