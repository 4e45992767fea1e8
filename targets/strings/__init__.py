"""UI strings in zh and en, one module per area of the app, registered into targets.i18n.STRINGS."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    from targets.i18n import register

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        register(importlib.import_module(f"{__name__}.{module}").STRINGS)
