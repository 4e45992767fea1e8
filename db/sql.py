"""Named SQL: every statement lives in db/queries/*.sql under a `-- name: NAME` line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

QUERY_DIR = Path(__file__).with_name("queries")
_NAME = re.compile(r"^--\s*name:\s*(\S+)\s*$", re.MULTILINE)


@cache
def queries() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(QUERY_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        parts = _NAME.split(text)
        for name, body in zip(parts[1::2], parts[2::2], strict=True):
            if name in found:
                raise ValueError(f"query {name} is defined twice ({path.name})")
            found[name] = body.strip().rstrip(";")
    return found


def q(name: str) -> str:
    """The SQL text of a named query."""
    return queries()[name]


def records(conn, name: str, params: dict | None = None) -> list[dict[str, Any]]:
    """The rows of a named query keyed by column name, so a mapper reads `row["rolls_back"]`, never `row[14]`."""
    cursor = conn.execute(q(name), params or {})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def record(conn, name: str, params: dict | None = None) -> dict[str, Any] | None:
    """The first row of a named query keyed by column name, or None."""
    found = records(conn, name, params)
    return found[0] if found else None


def as_dataclass(cls: type[T], row: dict[str, Any], **convert: Callable[[Any], Any]) -> T:
    """A stored row as the domain's dataclass whose fields are its columns, by name; `convert` turns a column
    the driver hands back in its own type (an int as a Decimal, a state as text) into the field's."""
    return cls(**{f.name: convert.get(f.name, _same)(row[f.name]) for f in fields(cls)})


def _same(value: Any) -> Any:
    return value
