"""Finding the indicator and the region a cell names, the same way in every layout, each distinct cell once."""

from __future__ import annotations

import re

from targets.labels import label_key, unbracketed
from targets.model import Plan
from targets.readers.cells import blank
from targets.regions import match_region
from targets.sheets import Cell

_CODE_PREFIX = re.compile(r"^([a-z]{2,5}-\d{1,3}-\d{1,3})")
_CACHE_LIMIT = 10_000


class Indicators:
    """The plan's indicators by every way they are written: code, Chinese and English name, name without brackets.

    `resolve` also takes a code followed by more text (EMP-01-1 征集推送岗位) and a longer label holding exactly one
    indicator's name; `exact` takes only the code or a name, for layouts where any cell of a title row is tried.
    """

    def __init__(self, plan: Plan):
        self.index: dict[str, str] = {}
        for indicator in plan.indicators:
            for text in (indicator.code, indicator.name.zh, indicator.name.en):
                key = label_key(text)
                self.index.setdefault(key, indicator.code)
                self.index.setdefault(unbracketed(key), indicator.code)
        self.names = [(label_key(i.name.zh), i.code) for i in plan.indicators if len(label_key(i.name.zh)) >= 4]
        self.cache: dict[tuple[type, object], str | None] = {}

    def exact(self, cell: Cell) -> str | None:
        if blank(cell):
            return None
        key = label_key(cell)
        return self.index.get(key) or self.index.get(unbracketed(key))

    def resolve(self, cell: Cell) -> str | None:
        if blank(cell):
            return None
        try:
            return self.cache[(type(cell), cell)]
        except KeyError:
            found = self._lookup(label_key(cell))
            if len(self.cache) < _CACHE_LIMIT:
                self.cache[(type(cell), cell)] = found
            return found

    def _lookup(self, key: str) -> str | None:
        found = self.index.get(key) or self.index.get(unbracketed(key))
        if found:
            return found
        prefix = _CODE_PREFIX.match(key)
        if prefix and prefix.group(1) in self.index:
            return self.index[prefix.group(1)]
        within = {code for name, code in self.names if name in key}
        return within.pop() if len(within) == 1 else None


class Regions:
    """Region codes for region cells (长春, 长春市, 220100, 合计 for the province), each distinct cell matched once."""

    def __init__(self) -> None:
        self.cache: dict[tuple[type, object], str | None] = {}

    def resolve(self, cell: Cell) -> str | None:
        try:
            return self.cache[(type(cell), cell)]
        except KeyError:
            found = match_region(cell) if not blank(cell) else None
            if len(self.cache) < _CACHE_LIMIT:
                self.cache[(type(cell), cell)] = found
            return found
