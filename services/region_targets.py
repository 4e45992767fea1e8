"""Targets broken down by region: importing a sheet (preview, then commit), an admin's edit of one target."""

from __future__ import annotations

from dataclasses import dataclass, field

from db import audit
from db import region_targets as stored_targets
from db.catalogue import load_plan, resolve_year
from db.meta import bump_data_version
from db.region_targets import KIND, write_targets
from db.store import Store
from services.access import authorize, authorize_now, logging_denials
from services.locks import ensure_targets_unlocked
from services.revisions import RevisionsPreview, read_sheet, write_import
from targets.access import Action
from targets.errors import Refusal
from targets.figure_rules import known_regions
from targets.model import Kind
from targets.readers.region_targets import read_region_targets
from targets.region_targets import ParsedTargets, sum_gaps
from targets.regions import PROVINCE, load_regions


def targets_map(store: Store, year: int) -> dict[tuple[str, str], float]:
    """(indicator, region) -> the region's own target."""
    with store.connect() as conn:
        return stored_targets.targets_map(conn, year)


def history(store: Store, year: int, code: str) -> list[dict]:
    with store.connect() as conn:
        return stored_targets.history(conn, year, code)


@dataclass
class TargetsPreview(RevisionsPreview):
    """Regional targets an import would write: new ones, changed ones (with the stored target)."""

    parsed: ParsedTargets = field(default_factory=ParsedTargets)

    def read_json(self) -> dict:
        return {"layout": self.parsed.layout}

    def change_json(self, new, old) -> dict:
        return {"indicator": new.indicator_code, "region": new.region_code, "old": old, "new": new.target}


def preview_targets(store: Store, data: bytes, filename: str, *, year: int | None = None) -> TargetsPreview:
    with store.connect() as conn:
        year = resolve_year(conn, year)
        plan = load_plan(conn, year)
        current = stored_targets.stored(conn, year)
    preview = TargetsPreview.of(data, filename, year)
    if not read_sheet(preview, read_region_targets, plan):
        return preview
    for t in preview.parsed.targets:
        before = current.get((t.indicator_code, t.region_code))
        if before is None:
            preview.new.append(t)
        elif abs(before.target - t.target) > 1e-9:
            preview.changed.append((t, before.target))
        else:
            preview.unchanged += 1
    return preview


def commit_targets(store: Store, preview: TargetsPreview, *, actor: str, confirm_warnings: bool = False) -> int | None:
    preview.refuse_unless_committable(confirm_warnings)
    items = [(t.indicator_code, t.region_code, t.target) for t in preview.new] + [
        (t.indicator_code, t.region_code, t.target) for t, _ in preview.changed
    ]
    if not items:
        return None
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.REGION_TARGETS)
        ensure_targets_unlocked(conn, preview.year, {code for code, _, _ in items})
        now_stored = stored_targets.stored(conn, preview.year)
        for t, old in preview.changed:
            if getattr(now_stored.get((t.indicator_code, t.region_code)), "target", None) != old:
                raise Refusal(
                    "stale_preview",
                    "The targets changed since this preview; preview again.",
                    "预览之后目标已被修改，请重新预览。",
                )
        return write_import(conn, preview, items, write_targets, actor=actor, kind=KIND, action="region_targets.import")


def set_target(
    store: Store, *, year: int, code: str, region: str, target: float | None, actor: str, expected: float | None
) -> int:
    """An admin's edit of one regional target, refused if it changed since the page was drawn."""
    if target is not None and target < 0:
        raise Refusal("invalid", "A target cannot be negative.", "目标值不能为负。")
    if region == PROVINCE or region not in known_regions():
        raise Refusal("unknown_region", f"{region} is not a region of the province.", f"{region} 不是本省的地区。")
    with logging_denials(store), store.transaction() as conn:
        authorize(conn, actor, Action.REGION_TARGETS)
        plan = load_plan(conn, year)
        if code not in {i.code for i in plan.indicators}:
            raise Refusal("unknown_indicator", f"Unknown indicator {code}.", f"未知指标 {code}。")
        if target is not None and plan.indicator(code).kind is Kind.STANDARD and target not in (0.0, 1.0):
            raise Refusal(
                "not_a_standard_target",
                f"{code} is a standard met or not; a region's target can only be 1 (met) or 0.",
                f"{code} 是达标类指标（是/否），地区目标只能是 1（达标）或 0。",
            )
        ensure_targets_unlocked(conn, year, {code}, plan=plan)
        before = stored_targets.stored(conn, year).get((code, region))
        if (before.target if before else None) != expected:
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


def preview_targets_as(
    store: Store, data: bytes, filename: str, *, year: int | None, actor: str | None
) -> TargetsPreview:
    """preview_targets for an acting account: one that may not change regional targets is refused (and logged)
    before the file is read, as at the commit."""
    authorize_now(store, actor, Action.REGION_TARGETS)
    return preview_targets(store, data, filename, year=year)


@dataclass(frozen=True)
class Breakdown:
    """An indicator's targets by region (in the regions' order) against the province's target."""

    code: str
    province_target: float
    regions: tuple[tuple[str, float], ...]  # (region code, target)

    @property
    def total(self) -> float | None:
        return sum(t for _, t in self.regions) if self.regions else None


def breakdown(store: Store, year: int) -> list[tuple[Breakdown, bool | None]]:
    """Every indicator's breakdown and whether it adds up to the province target (None: no breakdown)."""
    with store.connect() as conn:
        plan = load_plan(conn, year)
        targets = stored_targets.targets_map(conn, year)
    gaps = sum_gaps(plan, targets)
    order = {r.code: r.position for r in load_regions()}
    rows = []
    for ind in plan.indicators:
        regional = sorted(((r, t) for (c, r), t in targets.items() if c == ind.code), key=lambda x: order.get(x[0], 99))
        row = Breakdown(ind.code, ind.target, tuple(regional))
        rows.append((row, (ind.code not in gaps) if regional else None))
    return rows


def batches(store: Store, year: int) -> list[dict]:
    """Every change of the year's regional targets grouped by batch, newest first: the batch, how it was made
    (an import, an admin's edit, the demo), the file, who, when, and each target's old -> new."""
    with store.connect() as conn:
        rows = stored_targets.batches_of_year(conn, year)
    grouped: dict[int, dict] = {}
    for r in rows:
        batch = grouped.setdefault(
            r["batch"],
            {
                "batch": r["batch"],
                "kind": r["kind"],
                "filename": r["filename"],
                "sha256": r["sha256"],
                "actor": r["uploaded_by"],
                "at": r["uploaded_at"],
                "changes": [],
            },
        )
        batch["changes"].append((r["code"], r["region"], r["previous_target"], r["target"]))
    return list(grouped.values())
