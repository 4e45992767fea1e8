"""Uploads of monthly figures, end to end: read, validate, preview, then commit in one transaction.

preview_upload() writes nothing. commit_upload() re-reads the stored values inside its
transaction and refuses if they moved since the preview, so what the user confirmed is what lands.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from db import audit
from db import figures as store_figures
from db.catalogue import load_plan, resolve_year
from db.meta import bump_data_version
from db.periods import locked as locked_periods
from db.region_targets import targets_map
from db.store import Store
from services import sandbox
from services.access import authorize, authorize_now, logging_denials
from services.locks import ensure_unlocked, lock_issues
from targets.access import Action, User
from targets.errors import Refusal
from targets.figures import Change, ImportPlan, plan_import, rollback_changes
from targets.issues import HasIssues, Issue, error
from targets.model import Plan
from targets.readers import check_against_history
from targets.readers.upload import read_upload
from targets.sheets import SheetError
from targets.upload_scope import RULE as SCOPE_RULE
from targets.upload_scope import own_rows_only, scope_issues

_F = TypeVar("_F", bound=Callable[..., Any])


def _cyclic_gc_paused(fn: _F) -> _F:
    """Run fn with Python's cyclic garbage collector paused (reference counting still frees everything).

    Reading, validating and writing 100,000 rows allocates millions of small objects and no cycles; the
    collector, triggered every 700 allocations to walk an ever larger heap, took about a third of an
    import's time (bench/RESULTS.md). It is turned back on when fn returns, unless it was off already: of
    two imports at once, the one that paused it first turns it back on.
    """

    @functools.wraps(fn)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused  # type: ignore[return-value]


@dataclass
class UploadPreview(HasIssues):
    """Everything the user sees before confirming: counts, issues, the changes old → new."""

    filename: str
    sha256: str
    content: bytes
    year: int
    rows_read: int = 0
    layout: str | None = None
    issues: list[Issue] = field(default_factory=list)
    plan: ImportPlan = field(default_factory=ImportPlan)
    stored_snapshot: dict = field(default_factory=dict)
    catalogue: Plan | None = None  # the plan year's catalogue the file was read against
    user: User | None = None  # the account the preview was checked for (None: not checked, as in a script)
    dropped: list[Change] = field(default_factory=list)  # other departments' rows left out (own_rows)
    sheet: str | None = None  # the workbook's sheet that was read
    sheet_choices: tuple[str, ...] = ()  # several sheets hold figures: the person chooses one of these

    @property
    def foreign(self) -> bool:
        """Rows of other departments' indicators, which this account may not submit."""
        return any(i.rule == SCOPE_RULE for i in self.issues)

    def own_rows(self) -> UploadPreview:
        """The same preview without the rows of other departments' indicators (a reporter's choice, on record),
        with their errors gone; other errors stay."""
        if self.user is None or self.catalogue is None:
            return self
        kept, dropped = own_rows_only(self.catalogue, self.user, self.plan)
        return dataclasses.replace(
            self,
            plan=kept,
            issues=[i for i in self.issues if i.rule != SCOPE_RULE],
            dropped=[*self.dropped, *dropped],
        )

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "filename": self.filename,
            "sha256": self.sha256,
            "year": self.year,
            "layout": self.layout,
            "sheet": self.sheet,
            "sheet_choices": list(self.sheet_choices),
            "rows_read": self.rows_read,
            **self.plan.counts(),
            # Any error rejects the whole file: every row read is rejected, and these rows carry the errors.
            "rejected": self.rows_read if self.errors else 0,
            "rows_with_errors": sorted({i.row for i in self.errors if i.row is not None}),
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
            "dropped": [
                {"indicator": c.key[0], "region": c.key[1], "month": c.key[2], "row": c.row} for c in self.dropped
            ],
            "changes": [
                {
                    "indicator": c.key[0],
                    "region": c.key[1],
                    "month": c.key[2],
                    "old": c.old,
                    "new": c.new,
                    "row": c.row,
                    "column": c.column,
                }
                for c in self.plan.changes
            ],
        }


@_cyclic_gc_paused
def preview_upload(
    store: Store,
    data: bytes,
    filename: str,
    *,
    year: int | None = None,
    month: int | None = None,
    actor: str | None = None,
    sheet: str | None = None,
) -> UploadPreview:
    """Read and validate an upload against the catalogue and the stored figures; write nothing. With the acting
    account, the preview runs the checks the commit runs: the account may upload (else Denied, logged), and a
    reporter's rows of other departments' indicators are errors naming row and column (own_rows drops them).

    The file's bytes are read only in a limited child process (services.sandbox): a file that would exhaust
    memory or time, or crash the reader, fails this preview with an error and harms nothing else."""
    user = authorize_now(store, actor, Action.UPLOAD) if actor is not None else None
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        current = store_figures.stored(conn, year)
        regional_targets = targets_map(conn, year)
        locked = locked_periods(conn, year)
    preview = UploadPreview(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        year=year,
        stored_snapshot=current,
        catalogue=plan,
        user=user,
    )
    previous = {k: v.value for k, v in current.items()}
    try:
        parsed = sandbox.run(
            read_upload,
            data,
            filename,
            plan,
            month=month,
            previous=previous,
            region_targets=regional_targets,
            sheet=sheet,
        )
    except SheetError as exc:
        preview.issues.append(exc.issue)
        return preview
    except sandbox.SandboxFailure as exc:
        preview.issues.append(error("unsafe_file", exc.message("zh"), exc.message("en")))
        return preview
    preview.sheet, preview.sheet_choices = parsed.sheet, parsed.sheet_choices
    preview.rows_read = parsed.rows_read
    preview.layout = parsed.layout
    preview.issues.extend(parsed.issues)
    if parsed.has_errors:
        return preview
    preview.issues.extend(check_against_history(parsed.records, plan, {k: v.value for k, v in current.items()}))
    preview.plan = plan_import(parsed.records, current)
    # Approved (locked) months refuse the file; commit_upload checks again inside its transaction.
    preview.issues.extend(lock_issues(plan, locked, preview.plan.changes))
    if user is not None:
        preview.issues.extend(scope_issues(plan, user, preview.plan.changes))
    return preview


ROLLBACK_KINDS = ("upload", "correction")  # batches of figures; regional targets and the demo are not rolled back


@dataclass
class CommitResult:
    committed: bool
    batch_id: int | None
    message_en: str
    message_zh: str


@_cyclic_gc_paused
def commit_upload(store: Store, preview: UploadPreview, *, actor: str, confirm_warnings: bool = False) -> CommitResult:
    """Commit a clean preview as one batch; errors refuse, warnings need confirmation, nothing new is a no-op."""
    preview.refuse_unless_committable(confirm_warnings)
    if preview.plan.is_empty:
        return CommitResult(
            False, None, "Nothing to change: every value is already stored.", "没有需要更改的数据：所有数值均已入库。"
        )
    changes = preview.plan.changes
    with logging_denials(store), store.transaction() as conn:
        plan = load_plan(conn, preview.year)
        authorize(conn, actor, Action.UPLOAD, plan=plan, indicators={c.key[0] for c in changes})
        ensure_unlocked(
            conn,
            preview.year,
            [(c.key[0], c.key[2]) for c in changes],
            what_en="This upload",
            what_zh="此次上传",
            plan=plan,
        )
        now_stored = store_figures.stored(conn, preview.year)
        for change in changes:
            before = now_stored.get(change.key)
            if (before.revision_id if before else None) != change.old_revision:
                raise Refusal(
                    "stale_preview",
                    "The figures changed since this preview was made; preview the file again.",
                    "预览之后数据已被修改，请重新预览该文件。",
                )
        batch_id = store_figures.write_batch(
            conn,
            year=preview.year,
            kind="upload",
            actor=actor,
            changes=changes,
            rows_read=preview.rows_read,
            unchanged=len(preview.plan.unchanged),
            filename=preview.filename,
            sha256=preview.sha256,
            content=preview.content,
            warnings_confirmed=len(preview.warnings),
            summary={
                "layout": preview.layout,
                "warnings": [w.as_json("en") for w in preview.warnings],
                **({"dropped": preview.as_json("en")["dropped"]} if preview.dropped else {}),
            },
            stored_now=now_stored,  # read above in this transaction: no need to read the year again
        )
        audit.record(
            conn,
            actor,
            "figures.upload",
            f"batch {batch_id}",
            {
                "file": preview.filename,
                "sha256": preview.sha256,
                **preview.plan.counts(),
                **({"dropped_rows": len(preview.dropped)} if preview.dropped else {}),
            },
        )
        bump_data_version(conn)
    counts = preview.plan.counts()
    return CommitResult(
        True,
        batch_id,
        f"Committed batch {batch_id}: {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged.",
        f"已提交批次 {batch_id}：新增 {counts['new']}，修改 {counts['changed']}，未变 {counts['unchanged']}。",
    )


def rollback_batch(store: Store, batch_id: int, *, actor: str) -> CommitResult:
    """Restore the values a batch replaced; the rollback is itself a batch, on record."""
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.ROLLBACK)
        target = store_figures.batch(conn, batch_id)
        if target is None:
            raise Refusal("no_batch", f"There is no batch {batch_id}.", f"没有批次 {batch_id}。")
        if target.rolled_back_by is not None:
            raise Refusal(
                "already_rolled_back",
                f"Batch {batch_id} was already rolled back by batch {target.rolled_back_by}.",
                f"批次 {batch_id} 已由批次 {target.rolled_back_by} 回滚。",
            )
        if target.kind == "rollback":
            raise Refusal(
                "rollback_of_rollback",
                "A rollback cannot itself be rolled back; upload the values again instead.",
                "回滚批次不能再回滚，请重新上传数据。",
            )
        if target.kind not in ROLLBACK_KINDS:
            raise Refusal(
                "not_rollbackable",
                f"Batch {batch_id} is a {target.kind} batch; only uploads and corrections of figures are rolled back.",
                f"批次 {batch_id} 不是数据上传或更正批次，不能回滚。",
            )
        current = store_figures.stored(conn, target.year)
        revs = store_figures.batch_revisions(conn, batch_id)
        ensure_unlocked(
            conn,
            target.year,
            [(r.key[0], r.key[2]) for r in revs],
            what_en=f"Rolling back batch {batch_id}",
            what_zh=f"回滚批次 {batch_id}",
        )
        later = [r for r in revs if current.get(r.key) and current[r.key].revision_id != r.id]
        if later:
            code, region, month = later[0].key
            raise Refusal(
                "changed_since",
                f"{len(later)} figure(s) of batch {batch_id} were changed again later (e.g. {code} / {region} / month {month}); roll back the later batch first.",
                f"批次 {batch_id} 中有 {len(later)} 个数值在之后又被修改（如 {code} / {region} / {month}月），请先回滚之后的批次。",
            )
        # Every revision of the batch must be seen by the filtered read that found them (docs/duckdb-kill9-repro.md):
        # a rollback never reports success without restoring what the batch changed.
        counted = store_figures.batch_revision_count(conn, batch_id)
        if counted != len(revs):
            raise Refusal(
                "integrity",
                f"Batch {batch_id} has {counted} revision(s) but only {len(revs)} could be read back; nothing was "
                "rolled back. The database needs repair (see the README's section on faults).",
                f"批次 {batch_id} 有 {counted} 条修订记录，但只读出 {len(revs)} 条；未回滚任何数据。数据库需要修复（见 README 故障一节）。",
            )
        if not revs:
            raise Refusal(
                "nothing_to_roll_back",
                f"Batch {batch_id} changed no figures; nothing was rolled back.",
                f"批次 {batch_id} 没有改动任何数值；未回滚。",
            )
        changes = rollback_changes(revs, current)
        if len(changes) != len({r.key for r in revs}):
            raise Refusal(
                "integrity",
                f"Rolling back batch {batch_id} would restore {len(changes)} of its {len({r.key for r in revs})} "
                "figure(s); nothing was rolled back.",
                f"回滚批次 {batch_id} 只能恢复其 {len({r.key for r in revs})} 个数值中的 {len(changes)} 个；未回滚任何数据。",
            )
        rb_id = store_figures.write_batch(
            conn,
            year=target.year,
            kind="rollback",
            actor=actor,
            changes=changes,
            rows_read=0,
            rolls_back=batch_id,
            stored_now=current,
        )
        store_figures.mark_rolled_back(conn, batch_id, rb_id)
        audit.record(
            conn, actor, "figures.rollback", f"batch {batch_id}", {"rollback_batch": rb_id, "restored": len(changes)}
        )
        bump_data_version(conn)
    return CommitResult(
        True,
        rb_id,
        f"Rolled back batch {batch_id} as batch {rb_id} ({len(changes)} value(s) restored).",
        f"已回滚批次 {batch_id}（回滚批次 {rb_id}，恢复 {len(changes)} 个数值）。",
    )


IMPORT_ATTEMPTS = 3  # previews of one unattended import when other writers keep changing the same figures


@dataclass
class ImportOutcome:
    """An unattended import (the command line, a script): the last preview, and the commit or the refusal."""

    preview: UploadPreview
    result: CommitResult | None = None
    refusal: Refusal | None = None
    attempts: int = 1


def import_upload(
    store: Store,
    data: bytes,
    filename: str,
    *,
    actor: str | None,
    year: int | None = None,
    month: int | None = None,
    confirm_warnings: bool = False,
    dry_run: bool = False,
    only_own_rows: bool = False,
    sheet: str | None = None,
    on_retry: Callable[[], None] | None = None,
) -> ImportOutcome:
    """Preview and commit a file nobody looks at in between: when another writer changed the same figures after
    the preview (stale_preview), the file is read again against what is stored now, so both uploads are in the
    history and the later one wins, as if they had run one after the other. A page shows its preview and commits
    it on confirmation instead (preview_upload, commit_upload)."""
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        preview = preview_upload(store, data, filename, year=year, month=month, actor=actor, sheet=sheet)
        if only_own_rows:
            preview = preview.own_rows()
        outcome = ImportOutcome(preview, attempts=attempt)
        if preview.rejected or dry_run:
            return outcome
        try:
            outcome.result = commit_upload(store, preview, actor=actor, confirm_warnings=confirm_warnings)
        except Refusal as exc:
            if exc.code == "stale_preview" and attempt < IMPORT_ATTEMPTS:
                if on_retry is not None:
                    on_retry()
                continue
            outcome.refusal = exc
        return outcome
    raise AssertionError("unreachable: the last attempt returns")
