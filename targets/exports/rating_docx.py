"""The year-end rating's notice (测评结果通报) as an editable Word file, set as the press release is
(targets/exports/docx.py: 黑体 title, 楷体 dateline, 宋体 body with a two-character indent): who rated what and
when, the rule stated, the counts per grade, a table per task, the lead departments ranked, and the sources."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.shared import Pt, RGBColor

from targets.exports.docx import _body, _setup, fixed_zip_times
from targets.exports.rating_report import (
    RatingReport,
    department_text,
    grade_text,
    points_text,
    score_text,
    source_text,
    weights_text,
)
from targets.numbers import format_number
from targets.rating import Grade


def _day(report: RatingReport) -> str:
    d = report.issued_on
    return d.strftime("%d %B %Y").lstrip("0") if report.lang == "en" else f"{d.year}年{d.month}月{d.day}日"


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for c, text in enumerate(header):
        run = table.rows[0].cells[c].paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(10.5)
    for values in rows:
        cells = table.add_row().cells
        for c, text in enumerate(values):
            cells[c].paragraphs[0].add_run(text).font.size = Pt(10.5)


def build(report: RatingReport) -> bytes:
    """The notice as .docx bytes."""
    doc = Document()
    lang, tr = report.lang, report.tr
    _setup(doc, lang)
    title = tr("year.rating.notice.title", year=report.year)
    props = doc.core_properties
    props.title, props.author = title, report.issuer
    props.language = "zh-CN" if lang == "zh" else "en-GB"
    props.created = props.modified = datetime(report.issued_on.year, report.issued_on.month, report.issued_on.day)
    props.revision = 1
    if report.is_demo:
        run = doc.add_paragraph().add_run(tr("year.export.sample"))
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph(
        f"（{report.issuer}　{_day(report)}）" if lang == "zh" else f"{report.issuer}, {_day(report)}", style="Subtitle"
    )
    counts = report.counts()
    _body(
        doc,
        tr(
            "year.rating.notice.lead",
            year=report.year,
            tasks=len(report.tasks),
            members=format_number(report.members),
            weights=weights_text(report),
        ),
        lang=lang,
    )
    _body(doc, tr("year.rating.notice.rule", rule=report.rule.explain(lang), points=points_text(report)), lang=lang)
    _body(
        doc,
        tr(
            "year.rating.notice.counts",
            satisfied=counts[Grade.SATISFIED],
            basically=counts[Grade.BASICALLY_SATISFIED],
            dissatisfied=counts[Grade.DISSATISFIED],
        ),
        lang=lang,
    )
    _table(
        doc,
        [
            tr(k)
            for k in (
                "year.rating.col.task",
                "year.rating.col.lead",
                "year.rating.col.satisfied",
                "year.rating.col.basically",
                "year.rating.col.dissatisfied",
                "year.rating.col.grade",
                "year.rating.col.score",
            )
        ],
        [
            [
                t.task_name,
                department_text(t.lead_unit, lang),
                format_number(t.satisfied),
                format_number(t.basically),
                format_number(t.dissatisfied),
                grade_text(t.grade, lang),
                score_text(t.score),
            ]
            for t in report.tasks
        ],
    )
    if report.departments:
        _body(doc, tr("year.rating.notice.departments"), lang=lang)
        _table(
            doc,
            [
                tr("year.rating.col.rank"),
                tr("year.rating.col.lead"),
                tr("year.rating.col.tasks"),
                tr("year.rating.col.score"),
            ],
            [
                [str(d.rank), department_text(d.department, lang), str(d.tasks), score_text(d.score)]
                for d in report.departments
            ],
        )
        _body(doc, tr("year.rating.rank_rule.text"), lang=lang)
    sources = [
        tr("year.rating.notice.source", source=source_text(s.source, lang), file=s.filename, sha=s.sha256[:12])
        for s in report.sources
    ]
    if sources:
        note = doc.add_paragraph()
        note.paragraph_format.space_before = Pt(18)
        run = note.add_run(("；" if lang == "zh" else "; ").join(sources))
        run.font.size = Pt(10.5)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip_times(out.getvalue())
