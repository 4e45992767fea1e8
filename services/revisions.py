"""Importing a sheet of values kept with every revision (regional targets, milestones): the preview read in the
sandbox and compared with what is stored, and the commit as one batch on record. Each import keeps only what it
reads, how it compares and who may write it."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db import audit
from db.meta import bump_data_version
from services import sandbox
from targets.issues import HasIssues, Issue, error
from targets.sheets import SheetError


@dataclass
class RevisionsPreview(HasIssues, ABC):
    """What an import would write: the new items, the changed ones as (new, what is stored), how many stand."""

    filename: str
    sha256: str
    content: bytes
    year: int
    parsed: Any = None  # the reader's result (its issues, rows_read): each import's own type
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0

    @classmethod
    def of(cls, data: bytes, filename: str, year: int):
        return cls(filename, hashlib.sha256(data).hexdigest(), data, year)

    @property
    def issues(self) -> list[Issue]:
        return self.parsed.issues

    def read_json(self) -> dict:
        """What the import says of the sheet it read, after the file and the year."""
        return {}

    @abstractmethod
    def change_json(self, new, old) -> dict:
        """One changed item in the preview's JSON: what it was and what it becomes (each import's own fields)."""

    def as_json(self, lang: str = "en") -> dict:
        return {
            "filename": self.filename,
            "year": self.year,
            **self.read_json(),
            "rows_read": self.parsed.rows_read,
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
            "changes": [self.change_json(new, old) for new, old in self.changed],
        }


def read_sheet(preview: RevisionsPreview, reader: Callable, *args: Any) -> bool:
    """Read the file into preview.parsed in a limited child process; False when it could not be read or has
    errors (then there is nothing to compare with the store)."""
    try:
        preview.parsed = sandbox.run(reader, preview.content, preview.filename, *args)
    except SheetError as exc:
        preview.parsed.issues.append(exc.issue)
        return False
    except sandbox.SandboxFailure as exc:
        preview.parsed.issues.append(error("unsafe_file", exc.message("zh"), exc.message("en")))
        return False
    return not preview.parsed.has_errors


def write_import(
    conn, preview: RevisionsPreview, items: list, write: Callable[..., int], *, actor: str, kind: str, action: str
) -> int:
    """Write the preview's items as one batch with `write` inside the caller's transaction, on record (`action`
    in the audit log) and seen by every page (the data version); the batch's id."""
    batch_id = write(
        conn,
        preview.year,
        items,
        actor=actor,
        kind=kind,
        filename=preview.filename,
        sha256=preview.sha256,
        content=preview.content,
    )
    audit.record(
        conn,
        actor,
        action,
        f"batch {batch_id}",
        {"file": preview.filename, "new": len(preview.new), "changed": len(preview.changed)},
    )
    bump_data_version(conn)
    return batch_id
