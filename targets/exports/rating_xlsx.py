"""The year-end rating as a workbook (XlsxWriter, as targets/exports/xlsx.py): the result per task with its grade,
the lead departments ranked, and the rule, weights and source files; text cells neutralised (safe.cell)."""

from __future__ import annotations

import io

import xlsxwriter

from targets.exports.rating_report import (
    RatingReport,
    department_text,
    grade_text,
    points_text,
    source_text,
    weights_text,
)
from targets.exports.safe import WORKBOOK_OPTIONS, cell
from targets.rating import Grade

GRADE_FILLS = {Grade.SATISFIED: "#C6EFCE", Grade.BASICALLY_SATISFIED: "#FFEB9C", Grade.DISSATISFIED: "#FFC7CE"}


def build(report: RatingReport) -> bytes:
    """The workbook as bytes."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
    wb.set_properties({"title": report.tr("year.rating.export.title", year=report.year), "author": report.issuer})
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    num = wb.add_format({"num_format": "#,##0", "border": 1, "valign": "top"})
    score = wb.add_format({"num_format": "0.0", "border": 1, "valign": "top"})
    title = wb.add_format({"bold": True, "font_size": 14})
    grades = {g: wb.add_format({"bg_color": c, "border": 1, "valign": "top"}) for g, c in GRADE_FILLS.items()}
    tr, lang = report.tr, report.lang

    ws = wb.add_worksheet(tr("year.rating.sheet.tasks"))
    ws.write(0, 0, cell(tr("year.rating.export.title", year=report.year)), title)
    ws.write(1, 0, cell(report.rule.explain(lang)))
    if report.is_demo:
        ws.write(2, 0, cell(tr("year.export.sample")))
    columns = [
        ("year.rating.col.grade", 14),
        ("year.rating.col.task", 30),
        ("year.rating.col.lead", 26),
        ("year.rating.col.satisfied", 10),
        ("year.rating.col.basically", 10),
        ("year.rating.col.dissatisfied", 10),
        ("year.rating.col.members", 10),
        ("year.rating.col.score", 10),
        ("year.rating.col.code", 12),
    ]
    top = 4
    for c, (key, width) in enumerate(columns):
        ws.write(top, c, cell(tr(key)), head)
        ws.set_column(c, c, width)
    for r, t in enumerate(report.tasks, start=top + 1):
        ws.write(r, 0, cell(grade_text(t.grade, lang)), grades.get(t.grade, wrap))
        ws.write(r, 1, cell(t.task_name), wrap)
        ws.write(r, 2, cell(department_text(t.lead_unit, lang)), wrap)
        for c, value in enumerate((t.satisfied, t.basically, t.dissatisfied, t.members), start=3):
            ws.write_number(r, c, value, num)
        if t.score is None:
            ws.write_blank(r, 7, None, score)
        else:
            ws.write_number(r, 7, round(t.score, 4), score)
        ws.write(r, 8, cell(t.task_code), wrap)
    ws.freeze_panes(top + 1, 2)
    ws.autofilter(top, 0, top + len(report.tasks), len(columns) - 1)

    ws = wb.add_worksheet(tr("year.rating.sheet.departments"))
    for c, (key, width) in enumerate(
        (
            ("year.rating.col.rank", 8),
            ("year.rating.col.lead", 30),
            ("year.rating.col.tasks", 10),
            ("year.rating.col.score", 12),
        )
    ):
        ws.write(0, c, cell(tr(key)), head)
        ws.set_column(c, c, width)
    for r, d in enumerate(report.departments, start=1):
        ws.write_number(r, 0, d.rank, num)
        ws.write(r, 1, cell(department_text(d.department, lang)), wrap)
        ws.write_number(r, 2, d.tasks, num)
        ws.write_number(r, 3, round(d.score, 4), score)
    ws.freeze_panes(1, 0)

    ws = wb.add_worksheet(tr("year.rating.sheet.rule"))
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 90)
    rows = [
        (tr("year.rating.rule"), report.rule.explain(lang)),
        (tr("year.rating.score_rule"), points_text(report)),
        (tr("year.rating.weights"), weights_text(report)),
        (tr("year.rating.rank_rule"), tr("year.rating.rank_rule.text")),
    ]
    rows += [
        (
            source_text(s.source, lang),
            tr(
                "year.rating.source_file",
                file=s.filename,
                sha=s.sha256,
                weight="—" if s.weight is None else f"{s.weight:g}",
            ),
        )
        for s in report.sources
    ]
    for r, (label, text) in enumerate(rows):
        ws.write(r, 0, cell(label), head)
        ws.write(r, 1, cell(text), wrap)
    wb.close()
    return out.getvalue()
