"""UI strings in zh and en, one module per area of the app; targets.i18n merges them into one table."""

from __future__ import annotations

import importlib
import pkgutil


def all_strings() -> dict[str, dict[str, str]]:
    """Every area's strings in one table; a key defined twice is a bug."""
    table: dict[str, dict[str, str]] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        strings = importlib.import_module(f"{__name__}.{module}").STRINGS
        clash = table.keys() & strings.keys()
        if clash:
            raise ValueError(f"UI strings defined twice: {sorted(clash)}")
        table.update(strings)
    return table
