"""Regional targets in the store: current values with every revision, written as batches."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from db import audit
from db.audit import now
from db.catalogue import load_plan, resolve_year
from db.errors import Refusal
from db.meta import bump_data_version
from db.periods import ensure_targets_unlocked
from db.sql import q
from db.store import Store
from db.users import authorize, logging_denials
from targets.access import Action
from targets.issues import Issue, Severity
from targets.readers.region_targets import parse_region_targets
from targets.region_targets import ParsedTargets
from targets.sheets import SheetError, read_grid

KIND = "region_targets"


def stored(conn, year: int) -> dict[tuple[str, str], tuple[float, int]]:
    return {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(q("region_targets_of_year"), {"year": year}).fetchall()}


def targets_map(conn, year: int) -> dict[tuple[str, str], float]:
    return {k: v[0] for k, v in stored(conn, year).items()}


def history(conn, year: int, code: str) -> list[dict]:
    keys = ("revision", "batch", "region", "target", "previous_target", "recorded_at", "recorded_by", "filename")
    return [
        dict(zip(keys, r, strict=True))
        for r in conn.execute(q("region_target_history"), {"year": year, "code": code}).fetchall()
    ]


@dataclass
class TargetsPreview:
    filename: str
    sha256: str
    content: bytes
    year: int
    parsed: ParsedTargets = field(default_factory=ParsedTargets)
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def issues(self) -> list[Issue]:
        return self.parsed.issues

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def as_json(self, lang: str = "en") -> dict:
        return {
            "filename": self.filename,
            "year": self.year,
            "layout": self.parsed.layout,
            "rows_read": self.parsed.rows_read,
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "errors": [i.as_json(lang) for i in self.errors],
            "warnings": [i.as_json(lang) for i in self.warnings],
            "changes": [
                {"indicator": t.indicator_code, "region": t.region_code, "old": old, "new": t.target}
                for t, old in self.changed
            ],
        }


def preview_targets(store: Store, data: bytes, filename: str, *, year: int | None = None) -> TargetsPreview:
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        current = stored(conn, year)
    preview = TargetsPreview(filename, hashlib.sha256(data).hexdigest(), data, year)
    try:
        grid = read_grid(data, filename)
    except SheetError as exc:
        preview.parsed.issues.append(exc.issue)
        return preview
    preview.parsed = parse_region_targets(grid.rows, plan)
    if preview.parsed.has_errors:
        return preview
    for t in preview.parsed.targets:
        before = current.get((t.indicator_code, t.region_code))
        if before is None:
            preview.new.append(t)
        elif abs(before[0] - t.target) > 1e-9:
            preview.changed.append((t, before[0]))
        else:
            preview.unchanged += 1
    return preview


def write_targets(
    conn,
    year: int,
    items: list[tuple[str, str, float]],
    *,
    actor: str,
    kind: str,
    filename: str | None,
    sha256: str | None,
    content: bytes | None,
) -> int:
    """Write (code, region, target) items as one batch with a revision each."""
    from db import figures as store_figures

    batch_id = store_figures.write_batch(
        conn,
        year=year,
        kind=kind,
        actor=actor,
        changes=[],
        rows_read=len(items),
        filename=filename,
        sha256=sha256,
        content=content,
    )
    current = stored(conn, year)
    rev = int(conn.execute(q("region_target_revision_next_id")).fetchone()[0])
    at = now()
    for code, region, target in items:
        before = current.get((code, region))
        conn.execute(
            q("region_target_revision_insert"),
            {
                "id": rev,
                "batch_id": batch_id,
                "year": year,
                "code": code,
                "region": region,
                "target": target,
                "previous_target": before[0] if before else None,
                "recorded_at": at,
                "recorded_by": actor,
            },
        )
        params = {"year": year, "code": code, "region": region, "target": target, "revision_id": rev}
        if target is None:
            conn.execute(q("region_target_delete"), params)
        elif before is None:
            conn.execute(q("region_target_insert"), params)
        else:
            conn.execute(q("region_target_update"), params)
        rev += 1
    return batch_id


def commit_targets(store: Store, preview: TargetsPreview, *, actor: str, confirm_warnings: bool = False) -> int | None:
    if preview.errors:
        raise Refusal(
            "rejected",
            f"The file has {len(preview.errors)} error(s); nothing was written.",
            f"文件有 {len(preview.errors)} 处错误，未写入任何数据。",
        )
    if preview.warnings and not confirm_warnings:
        raise Refusal(
            "needs_confirmation",
            f"{len(preview.warnings)} warning(s) need confirmation (--yes).",
            f"有 {len(preview.warnings)} 处警告需要确认（--yes）。",
        )
    items = [(t.indicator_code, t.region_code, t.target) for t in preview.new] + [
        (t.indicator_code, t.region_code, t.target) for t, _ in preview.changed
    ]
    if not items:
        return None
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.REGION_TARGETS)
        ensure_targets_unlocked(conn, preview.year, {code for code, _, _ in items})
        now_stored = stored(conn, preview.year)
        for t, old in preview.changed:
            if now_stored.get((t.indicator_code, t.region_code), (None,))[0] != old:
                raise Refusal(
                    "stale_preview",
                    "The targets changed since this preview; preview again.",
                    "预览之后目标已被修改，请重新预览。",
                )
        batch_id = write_targets(
            conn,
            preview.year,
            items,
            actor=actor,
            kind=KIND,
            filename=preview.filename,
            sha256=preview.sha256,
            content=preview.content,
        )
        audit.record(
            conn,
            actor,
            "region_targets.import",
            f"batch {batch_id}",
            {"file": preview.filename, "new": len(preview.new), "changed": len(preview.changed)},
        )
        bump_data_version(conn)
    return batch_id


def set_target(
    store: Store, *, year: int, code: str, region: str, target: float | None, actor: str, expected: float | None
) -> int:
    """An admin's edit of one regional target, refused if it changed since the page was drawn."""
    if target is not None and target < 0:
        raise Refusal("invalid", "A target cannot be negative.", "目标值不能为负。")
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.REGION_TARGETS)
        plan = load_plan(conn, year)
        if code not in {i.code for i in plan.indicators}:
            raise Refusal("unknown_indicator", f"Unknown indicator {code}.", f"未知指标 {code}。")
        ensure_targets_unlocked(conn, year, {code}, plan=plan)
        before = stored(conn, year).get((code, region))
        if (before[0] if before else None) != expected:
            raise Refusal(
                "stale",
                "This target changed since the page was loaded; reload.",
                "该目标在页面加载后已被修改，请刷新。",
            )
        batch_id = write_targets(
            conn,
            year,
            [(code, region, target)],
            actor=actor,
            kind="region_target_edit",
            filename=None,
            sha256=None,
            content=None,
        )
        audit.record(conn, actor, "region_targets.edit", f"{code}/{region}", {"old": expected, "new": target})
        bump_data_version(conn)
    return batch_id
