"""What every reader of figures gives: cumulative figures per (indicator, region, month), and the issues found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from targets.issues import HasIssues, Issue
from targets.model import Kind

LONG, WIDE, MATRIX = "long", "wide", "matrix"

Key = tuple[str, str, int]  # (indicator code, region code, month)
NO_HISTORY: Mapping[Key, float] = MappingProxyType({})

# Kinds whose figures add up month by month; the others are levels (a rate, a standard met, an amount each).
ADDITIVE_KINDS = frozenset({Kind.COUNT, Kind.MINIMUM})


class FigureRecord(NamedTuple):
    """One figure of the upload: the cumulative value to the end of `month`, and the cell it came from.

    A named tuple rather than a frozen dataclass: an upload makes 100,000 of them, and a frozen dataclass takes
    three times as long to build.
    """

    indicator_code: str
    region_code: str
    month: int
    value: float
    row: int
    column: str
    increment: bool = False  # the sheet gave a monthly increment that was converted to cumulative

    @property
    def key(self) -> Key:
        return (self.indicator_code, self.region_code, self.month)


class RecordColumns(tuple):
    """Figure records packed field by field, each repeated value one object: how a ParsedUpload crosses from the
    reading process (services.sandbox) at a fraction of the cost of 100,000 named tuples."""

    @classmethod
    def pack(cls, records: list[FigureRecord]) -> RecordColumns:
        if not records:
            return cls()
        seen: dict[tuple[type, object], object] = {}
        columns = []
        for column in zip(*records, strict=True):
            if isinstance(column[0], str):  # codes, regions and column names repeat: pickle writes each once
                column = tuple(seen.setdefault((str, v), v) for v in column)
            columns.append(column)
        return cls(columns)

    def unpack(self) -> list[FigureRecord]:
        return list(map(FigureRecord._make, zip(*self, strict=True))) if self else []


@dataclass
class ParsedUpload(HasIssues):
    """What an upload holds: its figures, every problem found, and how its layout was read."""

    records: list[FigureRecord]  # one per (indicator, region, month), in sheet order
    issues: list[Issue]  # errors, and the warnings of a region matrix's target and ratio columns
    layout: str  # "long", "wide" or "matrix"
    rows_read: int  # data rows below the header (blank, note and total-of-indicators rows not counted)
    header_row: int | None  # 1-based, None when no header was recognised
    sheet: str | None = None  # the workbook's sheet read (None for CSV text)
    sheet_choices: tuple[str, ...] = ()  # when several sheets hold figures and none was chosen: their names

    def __post_init__(self) -> None:
        if isinstance(self.records, RecordColumns):  # unpickled (see __reduce__)
            self.records = self.records.unpack()

    def __reduce__(self):
        """Pickled with its records packed by field (RecordColumns)."""
        fields = (self.issues, self.layout, self.rows_read, self.header_row, self.sheet, self.sheet_choices)
        return (type(self), (RecordColumns.pack(self.records), *fields))
