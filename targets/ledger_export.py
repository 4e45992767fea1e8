"""The supervision ledger as an XLSX workbook: one row per item and a sheet of progress notes.

Every text cell passes through targets.exports.safe.cell (a leading quote before = + - @, tab or CR)
and the workbook never turns strings into formulas, numbers or links, so a measure or a note typed
as "=HYPERLINK(…)" stays text wherever the file travels.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

import xlsxwriter

from targets.exports.safe import WORKBOOK_OPTIONS, cell
from targets.i18n import t
from targets.model import Plan
from targets.periods import department_label
from targets.supervision import Item, level_label, state_label, subject_name

COLUMNS = (
    ("supervision.col.id", 6),
    ("supervision.col.level", 12),
    ("supervision.col.kind", 8),
    ("supervision.col.subject", 36),
    ("supervision.col.department", 16),
    ("supervision.col.person", 10),
    ("supervision.col.deadline", 12),
    ("supervision.col.state", 8),
    ("supervision.col.overdue", 12),
    ("supervision.col.measures", 40),
    ("supervision.col.reason", 50),
    ("supervision.col.as_of", 10),
    ("supervision.col.latest_note", 40),
    ("supervision.col.closed", 20),
    ("supervision.col.evidence", 40),
)


def ledger_rows(plan: Plan, items: Iterable[Item], today: date, lang: str = "zh") -> list[list[object]]:
    """The ledger's rows as the page and the workbook show them (plain values; the workbook makes them safe)."""
    rows = []
    for i in items:
        latest = i.notes[-1] if i.notes else None
        rows.append(
            [
                i.id,
                level_label(i.level, lang),
                t(f"supervision.kind.{i.subject_kind.value}", lang),
                subject_name(plan, i.subject_kind, i.subject_code, lang),
                department_label(i.department, lang),
                i.person or "",
                i.deadline.isoformat(),
                state_label(i.state, lang),
                t("supervision.overdue_days", lang, days=i.days_overdue(today)) if i.overdue(today) else "",
                i.measures,
                i.reason(lang),
                f"{i.year}-{i.as_of:02d}",
                f"{latest.at:%Y-%m-%d} {latest.author}: {latest.text}" if latest else "",
                f"{i.closed_at:%Y-%m-%d} {i.closed_by}" if i.closed_at else "",
                i.evidence or "",
            ]
        )
    return rows


def ledger_xlsx(plan: Plan, items: Iterable[Item], today: date, lang: str = "zh") -> bytes:
    items = list(items)
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
    font = "Microsoft YaHei" if lang == "zh" else "Calibri"
    base = {"font_name": font, "font_size": 10, "valign": "top"}
    text = wb.add_format({**base, "text_wrap": True})
    head = wb.add_format({**base, "bold": True, "bg_color": "#DDE3EA", "border": 1, "text_wrap": True})
    title = wb.add_format({**base, "bold": True, "font_size": 14})
    ws = wb.add_worksheet(t("supervision.export.sheet", lang))
    ws.write_string(0, 0, cell(t("supervision.export.title", lang, year=plan.year)), title)
    ws.write_string(1, 0, cell(t("supervision.export.as_of", lang, day=today.isoformat())), text)
    for col, (key, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(3, col, cell(t(key, lang)), head)
    for r, row in enumerate(ledger_rows(plan, items, today, lang), start=4):
        for c, value in enumerate(row):
            safe = cell(value)
            if isinstance(safe, (int, float)) and not isinstance(safe, bool):
                ws.write_number(r, c, safe, text)
            else:
                ws.write_string(r, c, "" if safe is None else str(safe), text)
    ws.freeze_panes(4, 1)
    if items:
        ws.autofilter(3, 0, 3 + len(items), len(COLUMNS) - 1)
    notes = wb.add_worksheet(t("supervision.export.notes", lang))
    for col, (key, width) in enumerate(
        (("supervision.col.id", 6), ("periods.col.when", 18), ("periods.col.who", 14), ("supervision.note", 60))
    ):
        notes.set_column(col, col, width)
        notes.write_string(0, col, cell(t(key, lang)), head)
    r = 1
    for i in items:
        for n in i.notes:
            notes.write_number(r, 0, i.id, text)
            notes.write_string(r, 1, f"{n.at:%Y-%m-%d %H:%M}", text)
            notes.write_string(r, 2, cell(n.author), text)
            notes.write_string(r, 3, cell(n.text), text)
            r += 1
    wb.close()
    return out.getvalue()
