"""Cells as the readers see them: blank or not, shown in a message, named by column, repeated down a merge."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from targets.labels import cell_text
from targets.numbers import fold
from targets.sheets import Cell, column_letter

_T = TypeVar("_T")


@dataclass(frozen=True)
class Problem:
    """A cell that cannot be read as it stands: the rule and what to tell the user (the reader adds row and column)."""

    rule: str
    zh: str
    en: str

    def in_sheet(self, sheet: str | None) -> Problem:
        """The problem naming the workbook sheet it was found in, for a unit that names its row and column only."""
        if not sheet or not self.rule.startswith("unit_"):
            return self
        return Problem(self.rule, f"工作表“{sheet}”：{self.zh}", f"Sheet '{sheet}': {self.en}")


def blank(cell: Cell) -> bool:
    if cell is None:
        return True
    return type(cell) is str and (not cell or cell.isspace())


def shown(cell: Cell) -> str:
    """A cell's text for a message, on one line and at most 60 characters."""
    text = " ".join(cell_text(cell).split())
    return text if len(text) <= 60 else text[:57] + "…"


def column_label(index: int, head: Cell = None) -> str:
    """A column as issues name it: its letter and header text, 'C (累计完成)', or the letter alone."""
    text = " ".join(cell_text(head).split())
    return f"{column_letter(index)} ({text})" if text else column_letter(index)


# Rows below the data that are notes, not figures: "注：…", "填报说明", "填表人：…", "* …".
_NOTE_ROW = re.compile(
    r"^(?:(?:注|说明|填报说明|填表说明|备注|notes?|remarks?)\s*(?:[:、.(\d]|$)"
    r"|填表人|填报人|审核人|审核|负责人|单位负责人|联系人|联系电话|制表|填报单位|填报日期|填报时间|填表日期|数据来源|[*※])"
)
_NOTE_STARTS = frozenset("注说填备审负单联制数*※＊NnRr")


def is_note(text: str) -> bool:
    """A note row's first cell; the first-character test keeps 100,000 data rows away from fold()."""
    text = text.lstrip()
    return text[:1] in _NOTE_STARTS and _NOTE_ROW.match(fold(text).lower()) is not None


def memo_map(fn: Callable[[Cell], _T], cells: list[Cell], distinct: list[_T] | None = None) -> list[_T]:
    """fn of each cell, computed once per distinct cell: a column of 100,000 rows repeats a few codes and names.

    Cells are told apart by type as well as value where types mix (1, 1.0 and True are equal keys in a dict).
    `distinct`, if given, receives each distinct result (so that a caller can tell whether any is special
    without looking at 100,000 of them).
    """
    if set(map(type, cells)) <= {str, type(None)}:
        table = {cell: fn(cell) for cell in set(cells)}
        if distinct is not None:
            distinct.extend(table.values())
        return list(map(table.__getitem__, cells))
    keys = list(zip(map(type, cells), cells, strict=True))
    typed = {key: fn(key[1]) for key in set(keys)}
    if distinct is not None:
        distinct.extend(typed.values())
    return list(map(typed.__getitem__, keys))


def rectangular(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows padded to one width (read_grid gives them so; a hand-made grid may not)."""
    widths = set(map(len, rows))
    if len(widths) <= 1:
        return rows
    width = max(widths)
    return [list(row) + [None] * (width - len(row)) for row in rows]


def merged_fill(rows: list[list[Cell]], merged: Iterable[tuple[int, int, int, int]]) -> dict[tuple[int, int], Cell]:
    """Cells below the top of a merged block take its value down its first column, as the user sees it."""
    fill: dict[tuple[int, int], Cell] = {}
    for top, left, bottom, _right in merged:
        if 0 <= top < bottom and top < len(rows) and 0 <= left < len(rows[top]):
            for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
                fill[(r, left)] = rows[top][left]
    return fill
