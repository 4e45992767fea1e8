"""One figure corrected in place (a page's edit, or `correct` on the command line), through the same checks as an
upload: the account may correct that indicator's department, the month is not locked, the indicator and region
are known, the value is one the indicator's kind admits; and on record as a batch of its own."""

from __future__ import annotations

from dataclasses import dataclass

from db import audit
from db import figures as store_figures
from db.catalogue import load_plan, resolve_year
from db.meta import bump_data_version
from db.store import Store
from services.access import authorize, logging_denials
from services.locks import ensure_unlocked
from targets.access import Action
from targets.errors import Refusal
from targets.figure_rules import key_issues, typed_value
from targets.figures import Change, FigureKey, same_value
from targets.issues import Issue
from targets.readers import FigureRecord, check_against_history
from targets.regions import PROVINCE, match_region, region_name

CURRENT = object()  # expected_revision: whatever is stored now (the command line has no screen to be stale against)


@dataclass(frozen=True)
class Correction:
    committed: bool
    batch_id: int | None
    year: int
    key: FigureKey
    old: float | None
    new: float
    message_en: str
    message_zh: str

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en


def _refuse(issue: Issue) -> Refusal:
    return Refusal(issue.rule, issue.message_en, issue.message_zh)


def correct(
    store: Store,
    *,
    code: str,
    month: int,
    value: object,
    actor: str | None,
    year: int | None = None,
    region: str | None = None,
    reason: str | None = None,
    confirm_warnings: bool = False,
) -> Correction:
    """Correct one figure named as people name it (a region's name, a value as a sheet writes it)."""
    region_code = PROVINCE
    if region:
        region_code = match_region(region)
        if region_code is None:
            raise Refusal("unknown_region", f"Unknown region {region!r}.", f"未知地区“{region}”。")
    with store.connect() as conn:
        year = resolve_year(conn, year)
    return correct_value(
        store,
        year=year,
        key=(code, region_code, month),
        value=value,
        expected_revision=CURRENT,
        actor=actor,
        reason=reason,
        confirm_warnings=confirm_warnings,
    )


def correct_value(
    store: Store,
    *,
    year: int,
    key: FigureKey,
    value: object,
    expected_revision: int | object | None,
    actor: str | None,
    reason: str | None = None,
    confirm_warnings: bool = False,
) -> Correction:
    """Correct one figure in place, refusing if it changed since the screen that shows it was drawn. The upload's
    warnings (a fall, more than twice the target, a sudden jump) need confirming here too."""
    code, region, month = key
    with logging_denials(store), store.transaction() as conn:
        plan = load_plan(conn, resolve_year(conn, year))
        problems = key_issues(plan, [key])
        if problems:
            raise _refuse(problems[0])
        parsed = typed_value(plan, code, value)
        if isinstance(
            parsed, Issue
        ):  # a value the indicator's kind does not admit: one stable code, the rule as detail
            raise Refusal("invalid", parsed.message_en, parsed.message_zh, rule=parsed.rule)
        authorize(conn, actor, Action.CORRECT, plan=plan, indicators={code})
        ensure_unlocked(conn, year, [(code, month)], what_en="This correction", what_zh="此次更正", plan=plan)
        before = store_figures.stored(conn, year).get(key)
        now_revision = before.revision_id if before else None
        if expected_revision is not CURRENT and now_revision != expected_revision:
            raise Refusal(
                "stale",
                f"{code} / {region} / month {month} was changed since this page was loaded; reload to see the new value.",
                f"{code} / {region_name(region)} / {month}月 的数值在页面加载后已被修改，请刷新后再改。",
            )
        old = before.value if before else None
        if not confirm_warnings and not (before is not None and same_value(before.value, parsed)):
            stored_now = {k: v.value for k, v in store_figures.stored(conn, year).items()}
            record = FigureRecord(code, region, month, parsed, 0, "value")
            warned = check_against_history([record], plan, stored_now)
            if warned:
                raise Refusal(
                    "needs_confirmation",
                    " ".join(w.message_en for w in warned) + " Confirm to correct (--yes).",
                    "".join(w.message_zh for w in warned) + "确认后才能更正（--yes）。",
                    warnings=[w.as_json("en") for w in warned],
                )
        if before is not None and same_value(before.value, parsed):
            return Correction(False, None, year, key, old, parsed, "The value is unchanged.", "数值未变化。")
        change = Change(key, old, parsed, now_revision)
        batch_id = store_figures.write_batch(
            conn,
            year=year,
            kind="correction",
            actor=actor or "setup",
            changes=[change],
            rows_read=1,
            summary={"reason": reason} if reason else None,
        )
        audit.record(
            conn,
            actor or "setup",
            "figures.correct",
            f"{code}/{region}/{month}",
            {"batch": batch_id, "old": old, "new": parsed, "reason": reason},
        )
        bump_data_version(conn)
    return Correction(
        True,
        batch_id,
        year,
        key,
        old,
        parsed,
        f"Corrected {code} / {region} / month {month}: {old} → {parsed}.",
        f"已更正 {code} / {region_name(region)} / {month}月：{old} → {parsed}。",
    )
