"""The comparable form of a label as people write it, shared by every reader and by region matching.

One normaliser, so that a header, an indicator name and a region name match the same way in a long
sheet, a region matrix, a catalogue table and a regional-target sheet.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from targets.numbers import fold

_DASHES = str.maketrans({ch: "-" for ch in "‐‑‒–—―－−~～"})
_DROP = str.maketrans({ch: None for ch in " \t\r\n*:：“”\"‘’'「」『』《》·•"})
BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_BRACKETS = str.maketrans({ch: None for ch in "()[]【】"})


def cell_text(cell: object) -> str:
    """A cell as the text a person would read in it (whole-number floats without ".0")."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def label_key(cell: object) -> str:
    """NFKC-folded, lower case, dashes unified, no spaces, quotes, colons, asterisks or middle dots."""
    return fold(cell_text(cell)).lower().translate(_DASHES).translate(_DROP)


def unbracketed(key: str) -> str:
    """A key without its bracketed parts: 累计完成(万个次) → 累计完成."""
    return BRACKETED.sub("", key)


def without_brackets(key: str) -> str:
    """A key with the bracket characters dropped but their content kept: 个(次) → 个次."""
    return key.translate(_BRACKETS)


def bracketed_parts(key: str) -> list[str]:
    """The contents of a key's brackets, in order: 累计完成(万个次) → ['万个次']."""
    return [part[1:-1] for part in BRACKETED.findall(key)]
