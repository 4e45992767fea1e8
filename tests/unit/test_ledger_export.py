"""The ledger's XLSX export: the columns the page shows, in both languages, and text that a spreadsheet can
never read as a formula (a leading quote before = + - @ tab CR; strings never turned into formulas)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from targets.catalogue import load_bundled
from targets.ledger_export import COLUMNS, ledger_xlsx
from targets.supervision import Item, ItemState, Level, Note, SubjectKind

NASTY = {
    "measures": '=HYPERLINK("http://example.com","点我")',
    "person": "+86 123",
    "note": "@SUM(A1:A9)",
    "evidence": "-2+3",
    "reason": "\t=1+1",
}


@pytest.fixture(scope="module")
def plan():
    return load_bundled(2024)


def items() -> list[Item]:
    return [
        Item(
            id=7,
            year=2024,
            subject_kind=SubjectKind.TASK,
            subject_code="ELD-02",
            level=Level.LISTED,
            as_of=6,
            reason_zh=NASTY["reason"],
            reason_en="behind",
            measures=NASTY["measures"],
            department="省民政厅",
            person=NASTY["person"],
            deadline=date(2024, 7, 31),
            state=ItemState.CLOSED,
            opened_by="boss",
            opened_at=datetime(2024, 7, 8),
            closed_by="boss",
            closed_at=datetime(2024, 8, 2),
            evidence=NASTY["evidence"],
            notes=(Note(datetime(2024, 7, 20), "mz", NASTY["note"]),),
        ),
        Item(
            id=8,
            year=2024,
            subject_kind=SubjectKind.DEPARTMENT,
            subject_code="省住建厅",
            level=Level.REMINDER,
            as_of=6,
            reason_zh="省住建厅5月、6月均未报送数据",
            reason_en="silent",
            measures="补报",
            department="省住建厅",
            person=None,
            deadline=date(2024, 7, 20),
            state=ItemState.OPEN,
            opened_by="boss",
            opened_at=datetime(2024, 7, 8),
        ),
    ]


def test_no_text_becomes_a_formula_and_triggers_get_a_leading_quote(plan):
    data = ledger_xlsx(plan, items(), date(2024, 8, 10), "zh")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(b"<f>" not in z.read(n) for n in sheets)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ledger, notes = wb.worksheets
    values = [c.value for row in ledger.iter_rows() for c in row if c.value is not None]
    values += [c.value for row in notes.iter_rows() for c in row if c.value is not None]
    for text in NASTY.values():
        assert "'" + text in values, text
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)


def test_the_workbook_has_the_ledger_columns_and_rows_in_either_language(plan):
    for lang, header, level, overdue in (
        ("zh", "整改措施", "🔔 提醒", "逾期21天"),
        ("en", "Measures", "🔔 Reminder", "21 days overdue"),
    ):
        wb = openpyxl.load_workbook(io.BytesIO(ledger_xlsx(plan, items(), date(2024, 8, 10), lang)))
        rows = list(wb.worksheets[0].iter_rows(min_row=4, values_only=True))
        assert len(rows[0]) == len(COLUMNS) and header in rows[0]
        assert [r[0] for r in rows[1:]] == [7, 8]
        assert level in rows[2] and overdue in rows[2]
