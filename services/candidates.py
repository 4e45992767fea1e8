"""The candidate pool for next year (征集): preview a candidate sheet, then commit it with its file on record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from db import audit
from db import year_cycle as stored
from db.meta import bump_data_version
from db.store import Store
from services import sandbox
from services.access import authorize, authorize_now, logging_denials
from targets.access import Action
from targets.candidate_edit import CandidateEdit
from targets.candidates import (
    DEFAULT_NEGATIVE_LIST,
    CandidateImport,
    NegativeEntry,
    candidate_json,
    read_candidate_sheet,
)
from targets.errors import Refusal
from targets.issues import HasIssues, Issue, error
from targets.sheets import SheetError


@dataclass
class CandidatePreview(HasIssues):
    """A candidate sheet as read: the candidates it would store, merges, and its issues; nothing written yet."""

    year: int
    filename: str
    data: bytes = field(repr=False)
    result: CandidateImport | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def candidates(self) -> list:
        return self.result.candidates if self.result else []

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "year": self.year,
            "file": self.filename,
            "rows_read": self.result.rows_read if self.result else 0,
            "candidates": [candidate_json(c) for c in self.candidates],
            "merged": [{"row": a, "into_row": b} for a, b in (self.result.merged if self.result else [])],
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
        }


def preview_candidates(
    store: Store,
    data: bytes,
    filename: str,
    *,
    year: int,
    actor: str | None,
    negative_list: tuple[NegativeEntry, ...] = DEFAULT_NEGATIVE_LIST,
) -> CandidatePreview:
    """Read a candidate sheet (in the sandbox) and check it; writes nothing."""
    authorize_now(store, actor, Action.CANDIDATES)
    preview = CandidatePreview(year, filename, data)
    try:
        preview.result = sandbox.run(read_candidate_sheet, data, filename, negative_list=negative_list)
    except SheetError as exc:
        preview.issues.append(exc.issue)
        return preview
    except sandbox.SandboxFailure as exc:
        preview.issues.append(error("unsafe_file", exc.message("zh"), exc.message("en")))
        return preview
    preview.issues.extend(preview.result.issues)
    return preview


def commit_candidates(
    store: Store, preview: CandidatePreview, *, actor: str, confirm_warnings: bool = False
) -> stored.FileRecord:
    """Replace the year's pool with the previewed candidates in one transaction; refused once a vote is recorded."""
    preview.refuse_unless_committable(confirm_warnings)
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.CANDIDATES)
        if stored.votes(conn, preview.year):
            raise Refusal(
                "vote_recorded",
                f"The deputies have voted on the {preview.year} candidates; the pool can no longer change.",
                f"{preview.year}年候选项目已经代表票决，不能再修改。",
            )
        origin = stored.save_file(
            conn, year=preview.year, kind="candidates", filename=preview.filename, content=preview.data, actor=actor
        )
        stored.replace_candidates(conn, preview.year, preview.candidates, origin)
        audit.record(
            conn,
            actor,
            "candidates.import",
            str(preview.year),
            {
                "file": preview.filename,
                "sha256": origin.sha256,
                "file_id": origin.id,
                "candidates": len(preview.candidates),
                "merged": preview.result.merged if preview.result else [],
                "warnings_confirmed": len(preview.warnings),
            },
        )
        bump_data_version(conn)
    return origin


def list_candidates(store: Store, year: int) -> list[stored.StoredCandidate]:
    with store.connect() as conn:
        return stored.candidates(conn, year)


def pool_json(found: list[stored.StoredCandidate], year: int) -> dict[str, Any]:
    return {
        "year": year,
        "count": len(found),
        "candidates": [{**candidate_json(s.candidate), "origin": s.origin.as_json()} for s in found],
    }


def candidate_years(store: Store) -> list[int]:
    """Years with a candidate pool or a vote on record (the pages offer them beside the plan years)."""
    with store.connect() as conn:
        return stored.cycle_years(conn)


def edit_candidate(store: Store, edit: CandidateEdit, *, year: int, actor: str | None) -> None:
    """Save a candidate edited on the page: one transaction, its changes old → new on the audit log; refused with
    errors, once the deputies have voted, or when someone changed the candidate since the page read it."""
    if edit.candidate is None:
        first = next(i for i in edit.issues if i.severity.value == "error")
        raise Refusal(
            "rejected",
            f"rejected: {first.message_en}; nothing was written",
            f"修改有错误：{first.message_zh}未写入任何数据。",
        )
    if not edit.changes:
        raise Refusal("unchanged", "Nothing was changed.", "没有修改任何内容。")
    number = edit.original.number
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.CANDIDATES)
        if stored.votes(conn, year):
            raise Refusal(
                "vote_recorded",
                f"The deputies have voted on the {year} candidates; the pool can no longer change.",
                f"{year}年候选项目已经代表票决，不能再修改。",
            )
        current = next((s.candidate for s in stored.candidates(conn, year) if s.candidate.number == number), None)
        if current != edit.original:
            raise Refusal(
                "stale",
                f"Candidate {number} was changed by someone else since this page read it; reload and edit again.",
                f"候选项目{number}在您打开后已被他人修改，请刷新后重新修改。",
            )
        stored.update_candidate(conn, year, edit.candidate)
        audit.record(
            conn,
            actor or "",
            "candidates.edit",
            f"{year}/{number}",
            {
                "year": year,
                "number": number,
                "name": edit.candidate.name,
                "changes": [c.as_json() for c in edit.changes],
            },
        )
        bump_data_version(conn)


def edits(store: Store, year: int, limit: int = 200) -> list[dict[str, Any]]:
    """The year's candidate edits, newest first: at (UTC), actor, number, name and the changes old → new."""
    with store.connect() as conn:
        found = audit.of_action(conn, "candidates.edit", 1000)
    return [e for e in found if e["detail"].get("year") == year][:limit]
