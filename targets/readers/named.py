"""A sheet whose columns are known by name (a candidate sheet, a tally sheet, a rating sheet): its header row
found by the columns' aliases, and its cells read with the row and column every issue names.

The aliases match through targets.labels.label_key, as every other reader's headers do, and also without the
header's brackets, so that 估算投资（万元） is the column 估算投资 with the unit 万元 in its header.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from targets.issues import Issue, error
from targets.labels import bracketed_parts, cell_text, label_key, unbracketed
from targets.numbers import NotANumber, fold, parse_number
from targets.readers.cells import blank, column_label, is_note, merged_fill, rectangular, shown
from targets.sheets import Cell, Grid

HEADER_ROWS = 30  # the header is looked for among the first rows (titles and notes may come first)


@dataclass(frozen=True)
class Header:
    """The header row (0-based), each known column's index, and the header cells' text."""

    row: int
    columns: Mapping[str, int]
    cells: tuple[Cell, ...]

    def label(self, name: str) -> str:
        """The column as issues name it: 'C (赞成)'."""
        index = self.columns[name]
        return column_label(index, self.cells[index] if index < len(self.cells) else None)

    def units(self, name: str) -> list[str]:
        """The bracketed parts of the column's header: 估算投资（万元） → ['万元']."""
        index = self.columns[name]
        return bracketed_parts(label_key(self.cells[index])) if index < len(self.cells) else []


def alias_index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {label_key(alias): name for name, aliases in columns.items() for alias in aliases}


def find_named_header(
    rows: list[list[Cell]], columns: Mapping[str, tuple[str, ...]], required: tuple[tuple[str, ...], ...]
) -> Header | None:
    """The row naming the most known columns among those that name, for each group of `required`, one of it."""
    index = alias_index(columns)
    best: Header | None = None
    for r, row in enumerate(rows[:HEADER_ROWS]):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = label_key(cell)
            name = index.get(key) or index.get(unbracketed(key))
            if name is not None and name not in found:
                found[name] = c
        if all(any(n in found for n in group) for group in required) and (
            best is None or len(found) > len(best.columns)
        ):
            best = Header(r, found, tuple(row))
    return best


def missing_header(what_zh: str, what_en: str, columns_zh: str) -> Issue:
    return error(
        "no_columns",
        f"未找到{what_zh}的表头：需要以下列：{columns_zh}。",
        f"No header of {what_en} found: the sheet needs the columns {columns_zh}.",
    )


@dataclass(frozen=True)
class Row:
    """One data row below the header: its 1-based number as the spreadsheet shows it, and its cells by name."""

    line: int
    cells: tuple[Cell, ...]
    header: Header

    def cell(self, name: str) -> Cell:
        c = self.header.columns.get(name)
        return self.cells[c] if c is not None and c < len(self.cells) else None

    def text(self, name: str) -> str:
        value = self.cell(name)
        return "" if blank(value) else fold(cell_text(value))

    def column(self, name: str) -> str | None:
        return self.header.label(name) if name in self.header.columns else None


def data_rows(grid: Grid, header: Header, *, fill_down: tuple[str, ...] = ()) -> Iterator[Row]:
    """The rows below the header that hold anything, notes (注：…) left out; merged cells of the `fill_down`
    columns repeated down their block, as the user sees them."""
    rows = rectangular(grid.rows)
    fill = merged_fill(rows, grid.merged)
    filled = {header.columns[n] for n in fill_down if n in header.columns}
    for r in range(header.row + 1, len(rows)):
        cells = list(rows[r])
        for c in filled:
            if (r, c) in fill and blank(cells[c]):
                cells[c] = fill[(r, c)]
        if all(blank(v) for v in cells):
            continue
        first = next((v for v in cells if not blank(v)), None)
        if isinstance(first, str) and is_note(first) and sum(not blank(v) for v in cells) == 1:
            continue
        yield Row(r + 1, tuple(cells), header)


def count_cell(row: Row, name: str, what_zh: str, issues: list[Issue]) -> int | None:
    """A whole, non-negative count (votes, members); None with an error naming row and column otherwise."""
    value = row.cell(name)
    column = row.column(name)
    if blank(value):
        issues.append(
            error(
                "missing_count",
                f"第{row.line}行“{what_zh}”为空。",
                f"Row {row.line}: {column} is empty.",
                row=row.line,
                column=column,
            )
        )
        return None
    try:
        number = parse_number(value)
    except NotANumber:
        number = None
    if number is None or number.percent or not float(number.value).is_integer() or number.value < 0:
        issues.append(
            error(
                "bad_count",
                f"第{row.line}行“{what_zh}”应为非负整数，而不是“{shown(value)}”。",
                f"Row {row.line}: {column} must be a whole number of at least 0, not {shown(value)!r}.",
                row=row.line,
                column=column,
            )
        )
        return None
    return int(number.value)
