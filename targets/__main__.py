"""The command line: `python -m targets [--db PATH|postgresql://…] COMMAND`; the one place that wires db/ to the domain.

Conventions for every command: with --json one JSON document goes to stdout and messages to
stderr; exit 0 done, 1 refused (the JSON says why), 2 bad usage. Commands that write take --as USER.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
from collections.abc import Callable
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """The command was understood but cannot be done; carries a stable code and a message."""

    def __init__(self, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


def emit(args: argparse.Namespace, document: dict[str, Any], human: Callable[[], None]) -> None:
    if args.json:
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        human()


def say(message: str) -> None:
    print(message, file=sys.stderr)


def actor_of(args: argparse.Namespace) -> str:
    return getattr(args, "as_user", None) or getpass.getuser() or "cli"


def open_db(args: argparse.Namespace):
    from db import open_store

    return open_store(args.db, migrate=False)


def ready_store(args: argparse.Namespace):
    """The store, migrated and holding the bundled catalogue (start-up work; idempotent)."""
    from db.setup import init_store

    store = open_db(args)
    init_store(store)
    return store


# --- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from db.setup import init_store

    store = open_db(args)
    report = init_store(store, actor_of(args))
    doc = {
        "ok": True,
        "db": store.display_name,
        "migrations_applied": report.migrations_applied,
        "plans_loaded": report.plans_loaded,
        "plans_refreshed": report.plans_refreshed,
        "plans_kept": report.plans_kept,
        "regions_loaded": report.regions_loaded,
        "changed": report.changed,
    }

    def human() -> None:
        if not report.changed:
            print(f"{store.display_name}: up to date, nothing to do.")
            return
        if report.migrations_applied:
            print(f"Applied migrations {report.migrations_applied}.")
        for y in report.plans_loaded:
            print(f"Loaded the {y} catalogue.")
        for y in report.plans_refreshed:
            print(f"Refreshed the bundled {y} catalogue.")
        if report.regions_loaded:
            print("Loaded the regions.")

    emit(args, doc, human)
    return EXIT_OK


def _plan(args: argparse.Namespace):
    from db.catalogue import load_plan, plan_years
    from db.setup import init_store

    store = open_db(args)
    init_store(store, actor_of(args))
    with store.connect() as conn:
        years = plan_years(conn)
        year = args.year or (max(years) if years else None)
        plan = load_plan(conn, year) if year else None
    if plan is None:
        raise Refused("no_plan", f"No plan for year {year}; plans in this database: {years}", years=years)
    return plan


def cmd_catalogue(args: argparse.Namespace) -> int:
    from targets.catalogue import catalogue_json
    from targets.numbers import format_number

    plan = _plan(args)
    doc = catalogue_json(plan)

    def human() -> None:
        print(
            f"{plan.title.zh} — {len(plan.tasks)} of {plan.declared_tasks} tasks catalogued, "
            f"{len(plan.areas)} of {plan.declared_areas} areas, {len(plan.indicators)} indicators"
        )
        for area in plan.areas:
            print(f"\n{area.code} {area.name.zh} / {area.name.en}")
            for ind in (i for i in plan.indicators if i.area_code == area.code):
                lead = f"  [{ind.lead_unit}]" if ind.lead_unit else ""
                print(
                    f"  {ind.code:<10} {ind.name.zh}: {format_number(ind.target)} {ind.unit.zh} ({ind.kind.value}){lead}"
                )

    emit(args, doc, human)
    return EXIT_OK


def _read_file(path: str) -> bytes:
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        raise Refused("no_file", f"No such file: {path}")
    return p.read_bytes()


def _refusal(exc) -> Refused:
    return Refused(exc.code, exc.message_en, **exc.extra)


IMPORT_ATTEMPTS = 3  # previews of one `import` when other writers keep changing the same figures


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from db.imports import Refusal, commit_upload, preview_upload

    store = ready_store(args)
    data = _read_file(args.file)
    # Nobody looks at this preview before it is committed: when another writer changed the same
    # figures in between (stale_preview), the file is read again against what is stored now, so
    # both uploads are in the history and the later one wins, as if they had run one after the other.
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        try:
            preview = preview_upload(store, data, Path(args.file).name, year=args.year, month=args.month)
        except Refusal as exc:
            raise _refusal(exc) from exc
        doc = preview.as_json("en")
        doc.update(committed=False, batch_id=None, dry_run=bool(args.dry_run))
        code = EXIT_OK
        if preview.rejected:
            doc["reason"] = f"rejected: {len(preview.errors)} error(s); nothing was written"
            code = EXIT_REFUSED
        elif args.dry_run:
            doc["reason"] = "dry run: nothing was written"
        else:
            try:
                result = commit_upload(store, preview, actor=actor_of(args), confirm_warnings=args.yes)
            except Refusal as exc:
                if exc.code == "stale_preview" and attempt < IMPORT_ATTEMPTS:
                    say("The stored figures changed while the file was read; reading it again.")
                    continue
                doc["reason"] = exc.message_en
                doc["refusal"] = exc.code
                code = EXIT_REFUSED
            else:
                doc.update(committed=result.committed, batch_id=result.batch_id, reason=result.message_en)
        break

    def human() -> None:
        print(
            f"{preview.filename}: {preview.rows_read} rows read ({preview.layout or 'unreadable'} layout); "
            f"new {len(preview.plan.new)}, changed {len(preview.plan.changed)}, unchanged {len(preview.plan.unchanged)}"
        )
        for issue in preview.issues:
            where = ", ".join(
                x
                for x in (f"row {issue.row}" if issue.row else "", f"column {issue.column}" if issue.column else "")
                if x
            )
            print(f"  {issue.severity.value.upper()}: {where + ': ' if where else ''}{issue.message_en}")
        for c in preview.plan.changed[:50]:
            print(f"  changed {c.key[0]} {c.key[1]} month {c.key[2]}: {c.old:g} -> {c.new:g}")
        print(doc.get("reason", ""))

    emit(args, doc, human)
    return code


def cmd_history(args: argparse.Namespace) -> int:
    from db.figures import indicator_history

    plan = _plan(args)
    if args.code not in {i.code for i in plan.indicators}:
        raise Refused("unknown_indicator", f"No indicator {args.code} in the {plan.year} plan")
    with open_db(args).connect() as conn:
        rows = indicator_history(conn, plan.year, args.code)
    doc = {"year": plan.year, "code": args.code, "revisions": rows}

    def human() -> None:
        if not rows:
            print(f"{args.code}: no figures yet.")
        for r in rows:
            old = "—" if r["previous_value"] is None else f"{r['previous_value']:g}"
            new = "removed" if r["value"] is None else f"{r['value']:g}"
            print(
                f"#{r['revision']} batch {r['batch']} ({r['batch_kind']}, {r['filename'] or '-'}) {r['recorded_at']:%Y-%m-%d %H:%M} "
                f"by {r['recorded_by']}: {r['region']} month {r['month']}: {old} -> {new}"
            )

    emit(args, doc, human)
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    from db.imports import Refusal, rollback_batch

    store = open_db(args)
    try:
        result = rollback_batch(store, args.batch, actor=actor_of(args))
    except Refusal as exc:
        raise _refusal(exc) from exc
    doc = {"ok": True, "rolled_back": args.batch, "batch_id": result.batch_id, "message": result.message_en}
    emit(args, doc, lambda: print(result.message_en))
    return EXIT_OK


def cmd_catalogue_import(args: argparse.Namespace) -> int:
    import hashlib
    from pathlib import Path

    from db.catalogue import commit_catalogue, load_plan
    from targets.readers.catalogue import import_catalogue
    from targets.sheets import SheetError, read_grid

    store = ready_store(args)
    data = _read_file(args.file)
    name = Path(args.file).name
    with store.connect() as conn:
        existing = load_plan(conn, args.year)
    try:
        rows = read_grid(data, name).rows
    except SheetError as exc:
        result_issues, result = [exc.issue], None
    else:
        result = import_catalogue(rows, year=args.year, existing=existing, filename=name)
        result_issues = result.issues
    errors = [i for i in result_issues if i.severity.value == "error"]
    warns = [i for i in result_issues if i.severity.value == "warning"]
    doc = {
        "committed": False,
        "year": args.year,
        "rows_read": result.rows_read if result else 0,
        "changes": [
            {"action": c.action, "code": c.code, "field": c.field, "old": c.old, "new": c.new}
            for c in (result.changes if result else [])
        ],
        "errors": [i.as_json("en") for i in errors],
        "warnings": [i.as_json("en") for i in warns],
    }
    code = EXIT_OK
    if errors:
        doc["reason"] = f"rejected: {len(errors)} error(s); nothing was written"
        code = EXIT_REFUSED
    elif args.dry_run:
        doc["reason"] = "dry run: nothing was written"
    elif warns and not args.yes:
        doc["reason"] = f"{len(warns)} warning(s) need confirmation (--yes)"
        code = EXIT_REFUSED
    elif not result.changes:
        doc["reason"] = "nothing to change"
    else:
        commit_catalogue(
            store,
            result.plan,
            actor=actor_of(args),
            filename=name,
            sha256=hashlib.sha256(data).hexdigest(),
            changes=result.changes,
        )
        doc.update(
            committed=True,
            reason=f"catalogue {args.year} updated: {len(result.changes)} change(s)",
            tasks=len(result.plan.tasks),
            indicators=len(result.plan.indicators),
        )

    def human() -> None:
        for i in result_issues:
            print(f"  {i.severity.value.upper()}: row {i.row}, column {i.column}: {i.message_en}")
        for c in doc["changes"]:
            print(f"  {c['action']} {c['code']} {c['field'] or ''}: {c['old']} -> {c['new']}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def _month_arg(text: str) -> tuple[int | None, int]:
    """YYYY-MM (or M) → (year or None, month)."""
    import re

    m = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2024-06")
    return (int(m.group(1)) if m.group(1) else None, int(m.group(2)))


def _date_arg(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-07-05") from exc


def cmd_status(args: argparse.Namespace) -> int:
    from db.demo import is_demo
    from db.status import load_status
    from targets.regions import match_region
    from targets.status import status_json

    store = ready_store(args)
    year, month = args.as_of if args.as_of else (args.year, None)
    region = "province"
    if args.region:
        region = match_region(args.region)
        if region is None:
            raise Refused("unknown_region", f"No region called {args.region!r}")
    try:
        view = load_status(
            store,
            year=year,
            as_of=month,
            recorded_on=args.recorded_on,
            region=region,
            approved_only=getattr(args, "approved_only", False),
        )
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    with store.connect() as conn:
        demo = is_demo(conn)
    if view.status is None:
        doc = {
            "year": view.plan.year,
            "as_of": None,
            "indicators": [],
            "tasks": [],
            "summary": {},
            "reason": "no figures yet",
        }
    else:
        doc = status_json(view.status, "en" if args.lang == "en" else "zh")
        for row in doc["indicators"]:
            row["basis"] = view.province.basis.get(row["code"]) if region == "province" else "reported"
        doc["regions"] = _regional_rows(view, region)
    doc.update(
        region=region,
        figures="approved" if view.approved_only else "latest",
        recorded_on=args.recorded_on.isoformat() if args.recorded_on else None,
        last_change=view.last_change.isoformat(timespec="seconds") if view.last_change else None,
        sample_data=demo,
    )

    def human() -> None:
        from targets.status import label

        if view.status is None:
            print("No figures yet.")
            return
        sm = doc["summary"]
        banner = "[sample data] " if demo else ""
        print(
            f"{banner}{view.plan.year} as of {doc['as_of']} ({region}): {sm.get('done', 0)} done, {sm.get('ahead', 0)} ahead, "
            f"{sm.get('on_pace', 0)} on pace, {sm.get('lagging', 0)} lagging, {sm.get('no_data', 0)} no data"
        )
        for ist in view.status.indicators:
            print(f"  {ist.code:<10} {label(ist.status, 'en'):<18} {ist.explanation('en')}")

    emit(args, doc, human)
    return EXIT_OK


def _regional_rows(view, only: str) -> list[dict]:
    """Each region's status per indicator, against its own target (status --json "regions")."""
    from targets.regions import prefectures, region_name

    rows = []
    for region in prefectures():
        if only != "province" and region.code != only:
            continue
        ps = view.regional(region.code)
        for ist in ps.indicators:
            rows.append(
                {
                    "region": region_name(region.code),
                    "region_code": region.code,
                    "code": ist.code,
                    "actual": ist.actual,
                    "target": ist.target,
                    "progress": None if ist.progress is None else round(ist.progress, 4),
                    "expected": None if ist.expected is None else round(ist.expected, 4),
                    "status": ist.status.value,
                    "severity": ist.severity.value if ist.severity else None,
                    "has_regional_target": (ist.code, region.code) in view.region_targets,
                }
            )
    return rows


def cmd_demo(args: argparse.Namespace) -> int:
    from db.demo import add_demo_accounts, build_demo
    from db.imports import Refusal

    store = ready_store(args)
    try:
        result = build_demo(store, actor=actor_of(args))
    except Refusal as exc:
        raise _refusal(exc) from exc
    accounts = add_demo_accounts(store)
    doc = {"ok": True, "db": store.display_name, **result, "accounts_created": accounts}
    emit(
        args,
        doc,
        lambda: print(
            f"Demo figures written to {store.display_name} ({result['figures_written']} values, to month {result['as_of_month']})."
        ),
    )
    return EXIT_OK


def cmd_region_targets_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from db.imports import Refusal
    from db.region_targets import commit_targets, preview_targets

    store = ready_store(args)
    data = _read_file(args.file)
    try:
        preview = preview_targets(store, data, Path(args.file).name, year=args.year)
    except Refusal as exc:
        raise _refusal(exc) from exc
    doc = {**preview.as_json("en"), "committed": False, "batch_id": None}
    code = EXIT_OK
    if preview.errors:
        doc["reason"] = f"rejected: {len(preview.errors)} error(s); nothing was written"
        code = EXIT_REFUSED
    elif args.dry_run:
        doc["reason"] = "dry run: nothing was written"
    else:
        try:
            batch_id = commit_targets(store, preview, actor=actor_of(args), confirm_warnings=args.yes)
        except Refusal as exc:
            doc["reason"], doc["refusal"] = exc.message_en, exc.code
            code = EXIT_REFUSED
        else:
            doc.update(
                committed=batch_id is not None,
                batch_id=batch_id,
                reason="committed" if batch_id else "nothing to change",
            )

    def human() -> None:
        print(
            f"{preview.filename}: {preview.parsed.rows_read} rows ({preview.parsed.layout or '?'}); new {len(preview.new)}, changed {len(preview.changed)}, unchanged {preview.unchanged}"
        )
        for i in preview.issues:
            where = f"row {i.row}, column {i.column}: " if i.row else ""
            print(f"  {i.severity.value.upper()}: {where}{i.message_en}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def cmd_region_targets_list(args: argparse.Namespace) -> int:
    from db.region_targets import targets_map
    from targets.region_targets import sum_gaps
    from targets.regions import load_regions, region_name

    plan = _plan(args)
    with open_db(args).connect() as conn:
        targets = targets_map(conn, plan.year)
    gaps = sum_gaps(plan, targets)
    order = {r.code: r.position for r in load_regions()}
    rows = []
    for ind in plan.indicators:
        regional = sorted(((r, t) for (c, r), t in targets.items() if c == ind.code), key=lambda x: order.get(x[0], 99))
        rows.append(
            {
                "code": ind.code,
                "province_target": ind.target,
                "broken_down": bool(regional),
                "regions": [{"region": region_name(r), "code": r, "target": t} for r, t in regional],
                "sum_of_regions": sum(t for _, t in regional) if regional else None,
                "adds_up": ind.code not in gaps if regional else None,
            }
        )
    doc = {"year": plan.year, "indicators": rows}

    def human() -> None:
        for row in rows:
            if not row["broken_down"]:
                print(f"{row['code']:<10} no regional breakdown")
                continue
            flag = (
                ""
                if row["adds_up"]
                else f"  (regions add up to {row['sum_of_regions']:g} of {row['province_target']:g})"
            )
            print(f"{row['code']:<10} " + ", ".join(f"{x['region']} {x['target']:g}" for x in row["regions"]) + flag)

    emit(args, doc, human)
    return EXIT_OK


def cmd_ranking(args: argparse.Namespace) -> int:
    from db.status import load_status
    from targets.ranking import change_arrow, laggards_sentence

    store = ready_store(args)
    year, month = args.as_of if args.as_of else (args.year, None)
    try:
        view = load_status(store, year=year, as_of=month)
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    ranking = view.ranking()
    if ranking is None:
        raise Refused("no_figures", "No figures yet: nothing to rank.")
    lang = args.lang
    doc = {
        "year": view.plan.year,
        "as_of": f"{view.plan.year}-{ranking.as_of:02d}",
        "score": "share of the region's indicators with a regional target that are done, ahead or on pace (%); ties: mean gap to schedule in points, progress capped at 100%",
        "regions": [r.as_json(lang) for r in ranking.regions],
        "lagging_by_task": {t: regs for t, regs in ranking.lagging_by_task.items()},
        "per_indicator": {
            c: [{"region": r, "gap_points": None if g is None else round(g, 2), "status": st} for r, g, st in rows]
            for c, rows in ranking.per_indicator.items()
        },
    }

    def human() -> None:
        print(f"Ranking as of {doc['as_of']}:")
        for r in ranking.regions:
            j = r.as_json(lang)
            print(
                f"  {r.rank:>2}. {j['region']:<12} score {r.score:5.1f}  {change_arrow(r.change):<3} done {r.done}, ahead {r.ahead}, on pace {r.on_pace}, lagging {r.lagging}, no data {r.no_data}"
            )
        for task in ranking.lagging_by_task:
            print("  " + laggards_sentence(view.plan, ranking, task, lang))

    emit(args, doc, human)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    import hashlib
    from pathlib import Path

    from db.demo import is_demo
    from db.exports import authorize_export, record_export
    from db.status import load_status
    from targets.exports import CHART_FORMATS, ExportContext, build, file_name
    from targets.exports.images import ChartRenderError

    if args.chart and args.format not in CHART_FORMATS:
        say(f"--chart applies to png and svg only; ignored for {args.format}")
    store = ready_store(args)
    authorize_export(store, actor_of(args))  # before any file is built or written
    year, month = args.as_of if args.as_of else (args.year, None)
    try:
        view = load_status(store, year=year, as_of=month)
    except LookupError as exc:
        raise Refused("no_plan", str(exc)) from exc
    if view.status is None or not view.figures:
        raise Refused("no_figures", f"No figures for {view.plan.year} yet: nothing to export", year=view.plan.year)
    with store.connect() as conn:
        demo = is_demo(conn)
    ctx = ExportContext.from_view(view, is_demo=demo, lang=args.lang)
    chart = args.chart if args.format in CHART_FORMATS else None
    try:
        data = build(args.format, ctx, chart=chart)
    except ChartRenderError as exc:
        raise Refused("no_renderer", str(exc)) from exc
    out = Path(args.out)
    if out.is_dir():
        out = out / file_name(args.format, ctx, chart=chart)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    as_of = f"{ctx.year}-{ctx.as_of:02d}"
    record_export(
        store,
        actor_of(args),
        args.format,
        as_of,
        sha,
        out.name,
        bytes=len(data),
        lang=args.lang,
        chart=chart,
        sample_data=demo,
        via="cli",
    )
    doc = {
        "ok": True,
        "format": args.format,
        "path": str(out),
        "bytes": len(data),
        "sha256": sha,
        "as_of": as_of,
        "sample_data": demo,
        "lang": args.lang,
        "chart": chart,
        "last_change": view.last_change.isoformat(timespec="seconds") if view.last_change else None,
        "summary": ctx.status.summary.as_json(),
    }
    banner = "[sample data] " if demo else ""
    emit(args, doc, lambda: print(f"{banner}Wrote {out} ({len(data):,} bytes, as of {as_of}, sha256 {sha[:12]}…)"))
    return EXIT_OK


def _password_from_stdin(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        raise Refused(
            "password_required", "Give the password on standard input with --password-stdin (never as an argument)."
        )
    line = sys.stdin.readline()
    if not line:
        raise Refused("password_required", "No password on standard input.")
    return line.rstrip("\r\n")


def cmd_users(args: argparse.Namespace) -> int:
    from db import users
    from db.errors import Refusal
    from targets.access import Role

    store = ready_store(args)
    actor = getattr(args, "as_user", None)
    action = args.users_command
    try:
        if action == "add":
            users.add_user(
                store, args.name, Role(args.role), _password_from_stdin(args), department=args.department, actor=actor
            )
            doc = {"ok": True, "user": args.name, "role": args.role, "department": args.department}
        elif action == "role":
            users.set_role(store, args.name, Role(args.role), department=args.department, actor=actor)
            doc = {"ok": True, "user": args.name, "role": args.role}
        elif action in ("disable", "enable"):
            users.set_disabled(store, args.name, action == "disable", actor=actor)
            doc = {"ok": True, "user": args.name, "disabled": action == "disable"}
        elif action == "password":
            users.set_password(store, args.name, _password_from_stdin(args), actor=actor)
            doc = {"ok": True, "user": args.name}
        else:
            with store.connect() as conn:
                accounts = users.all_accounts(conn)
            doc = {
                "users": [
                    {
                        "name": a.user.name,
                        "role": a.user.role.value,
                        "department": a.user.department,
                        "disabled": a.user.disabled,
                        "locked_until": a.locked_until,
                        "last_login_at": a.last_login_at,
                        "created_by": a.created_by,
                    }
                    for a in accounts
                ]
            }
    except Refusal as exc:
        raise _refusal(exc) from exc

    def human() -> None:
        if "users" in doc:
            for u in doc["users"]:
                flags = " (disabled)" if u["disabled"] else ""
                print(f"{u['name']:<16} {u['role']:<9} {u['department'] or '-'}{flags}")
        else:
            print(f"{action}: done for {args.name}.")

    emit(args, doc, human)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from db import audit
    from db.users import authorize, logging_denials
    from targets.access import Action

    store = open_db(args)
    with logging_denials(store), store.connect() as conn:
        authorize(conn, getattr(args, "as_user", None), Action.AUDIT)
        entries = audit.recent(conn, args.limit)
    doc = {"entries": entries}

    def human() -> None:
        for e in entries:
            print(
                f"#{e['id']} {e['at']:%Y-%m-%d %H:%M:%S} {e['actor']:<12} {e['action']:<20} {e['object'] or ''} {e['detail'] or ''}"
            )

    emit(args, doc, human)
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    from db.copy import copy_store
    from db.errors import Refusal
    from db.store import Store, resolve_target

    source, destination = Store(resolve_target(args.source)), Store(resolve_target(args.destination))
    say(f"Copying {source.display_name} -> {destination.display_name} …")
    try:
        report = copy_store(source, destination, actor=actor_of(args), force=args.force)
    except Refusal as exc:
        raise _refusal(exc) from exc
    doc = {"ok": True, **report.as_json()}

    def human() -> None:
        if report.replaced:
            print(f"Replaced what {report.destination} held ({sum(report.replaced.values())} rows).")
        for table, rows in report.tables.items():
            print(f"  {table:<24} {rows:>8} rows")
        print(f"Copied {len(report.tables)} tables ({doc['rows']} rows) at schema version {report.schema_version}.")

    emit(args, doc, human)
    return EXIT_OK


# --- the reporting cycle (period) and the supervision ledger (supervise) -------------------------


def _cycle_year(args: argparse.Namespace, month_arg: tuple[int | None, int] | None = None) -> int:
    """The plan year of a command: from YYYY-MM, else --year, else the latest plan."""
    from db.catalogue import resolve_year

    with open_db(args).connect() as conn:
        return resolve_year(conn, (month_arg[0] if month_arg and month_arg[0] else None) or args.year)


def cmd_period_status(args: argparse.Namespace) -> int:
    from db.periods import cycle_rows, deadline_day, local_today
    from targets.periods import department_label, state_label

    store = ready_store(args)
    year = _cycle_year(args, args.month)
    today = args.today or local_today()
    months = [args.month[1]] if args.month else None
    _, rows = cycle_rows(store, year, months, today=today)
    with store.connect() as conn:
        day = deadline_day(conn)
    doc = {
        "year": year,
        "today": today.isoformat(),
        "deadline_day": day,
        "periods": [r.as_json(today) for r in rows],
        "missing": sum(r.missing for r in rows),
        "late": sum(r.late for r in rows),
        "waiting_approval": sum(r.waiting_approval for r in rows),
    }

    def human() -> None:
        if not rows:
            print(f"{year}: no month is due yet (today {today}).")
        for r in rows:
            flag = " MISSING" if r.missing else " LATE" if r.late else ""
            remark = f"  “{r.remark}”" if r.remark else ""
            print(
                f"{year}-{r.month:02d} {department_label(r.department, 'en'):<28} {state_label(r.state, 'en'):<22} "
                f"due {r.due}  reported {r.reported}/{r.indicators}{flag}{remark}"
            )

    emit(args, doc, human)
    return EXIT_OK


def cmd_period_step(args: argparse.Namespace) -> int:
    from db.periods import step

    store = ready_store(args)
    year = _cycle_year(args, args.month)
    result = step(
        store,
        year,
        args.month[1],
        args.period_command,
        actor=getattr(args, "as_user", None),
        departments=args.department or None,
        reason=args.reason,
    )
    doc = {"ok": True, **result.as_json("en")}

    def human() -> None:
        print(f"{args.period_command} {doc['month']}: done for {', '.join(result.done)}")
        for dept, refused in result.skipped:
            print(f"  skipped {dept}: {refused.en}")

    emit(args, doc, human)
    return EXIT_OK


def cmd_period_deadline(args: argparse.Namespace) -> int:
    from db.periods import set_deadline_day

    store = ready_store(args)
    set_deadline_day(store, args.day, actor=getattr(args, "as_user", None))
    emit(args, {"ok": True, "deadline_day": args.day}, lambda: print(f"Figures are now due on day {args.day}."))
    return EXIT_OK


def _level_arg(text: str) -> str:
    from targets.supervision import Level

    names = {"提醒": Level.REMINDER, "督办": Level.SUPERVISION, "挂牌督办": Level.LISTED}
    value = names.get(text.strip()) or text.strip().lower()
    if value not in {lv.value for lv in Level}:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a level: reminder (提醒), supervision (督办), listed (挂牌督办)"
        )
    return str(value)


def cmd_supervise_suggest(args: argparse.Namespace) -> int:
    from db.supervision import suggestions

    store = ready_store(args)
    year = _cycle_year(args, args.as_of)
    rows = suggestions(store, year, args.as_of[1])
    lang = args.lang
    doc = {
        "year": year,
        "as_of": f"{year}-{args.as_of[1]:02d}",
        "suggestions": [r.as_json(lang) for r in rows],
        "waiting": sum(r.waiting for r in rows),
    }

    def human() -> None:
        if not rows:
            print(f"No suggestion for {doc['as_of']}.")
        for r in rows:
            s = r.suggestion
            state = f" [{r.decision}]" if r.decision else f" [open item {r.item_id}]" if r.item_id else ""
            print(f"{s.key:<28} {s.level.value:<12} {s.department:<12} {s.reason(lang)}{state}")

    emit(args, doc, human)
    return EXIT_OK


def cmd_supervise_open(args: argparse.Namespace) -> int:
    from db.catalogue import load_plan
    from db.supervision import open_item
    from targets.supervision import subject_kind_of

    store = ready_store(args)
    year = _cycle_year(args, args.as_of)
    with store.connect() as conn:
        plan = load_plan(conn, year)
    kind = subject_kind_of(plan, args.code)
    if kind is None:
        raise Refused("unknown_subject", f"{args.code} is no task, indicator or department of the {year} plan")
    item = open_item(
        store,
        year=year,
        kind=kind,
        code=args.code,
        level=args.level,
        measures=args.measures,
        department=args.owner,
        person=args.person,
        deadline=args.deadline,
        actor=getattr(args, "as_user", None),
        as_of=args.as_of[1] if args.as_of else None,
        today=args.today,
    )
    today = args.today or item.opened_at.date()
    doc = {"ok": True, "item": item.as_json(today, args.lang)}
    emit(args, doc, lambda: print(f"Opened item {item.id} on {item.subject_code}: {item.reason(args.lang)}"))
    return EXIT_OK


def cmd_supervise_accept(args: argparse.Namespace) -> int:
    from db.supervision import accept

    store = ready_store(args)
    year = _cycle_year(args, args.as_of)
    item = accept(
        store,
        year,
        args.as_of[1],
        args.key,
        actor=getattr(args, "as_user", None),
        measures=args.measures,
        deadline=args.deadline,
        department=args.owner,
        person=args.person,
        level=args.level,
        today=args.today,
    )
    doc = {"ok": True, "item": item.as_json(args.today or item.opened_at.date(), args.lang)}
    emit(args, doc, lambda: print(f"Accepted {args.key}: opened item {item.id}."))
    return EXIT_OK


def cmd_supervise_dismiss(args: argparse.Namespace) -> int:
    from db.supervision import dismiss

    store = ready_store(args)
    year = _cycle_year(args, args.as_of)
    dismiss(store, year, args.as_of[1], args.key, actor=getattr(args, "as_user", None), reason=args.reason)
    emit(args, {"ok": True, "dismissed": args.key}, lambda: print(f"Dismissed {args.key}."))
    return EXIT_OK


def cmd_supervise_note(args: argparse.Namespace) -> int:
    from db.supervision import add_note

    item = add_note(open_db(args), args.id, args.text, actor=getattr(args, "as_user", None))
    doc = {"ok": True, "item": item.id, "notes": len(item.notes)}
    emit(args, doc, lambda: print(f"Note added to item {item.id} ({len(item.notes)} note(s))."))
    return EXIT_OK


def cmd_supervise_close(args: argparse.Namespace) -> int:
    from db.supervision import close_item

    item = close_item(open_db(args), args.id, args.evidence, actor=getattr(args, "as_user", None))
    doc = {"ok": True, "item": item.id, "state": item.state.value, "evidence": item.evidence}
    emit(args, doc, lambda: print(f"Item {item.id} closed."))
    return EXIT_OK


def cmd_supervise_list(args: argparse.Namespace) -> int:
    from db.periods import local_today
    from db.supervision import ledger_items
    from targets.supervision import ItemState, LedgerFilter, Level, ledger

    store = ready_store(args)
    year = _cycle_year(args)
    today = args.today or local_today()
    flt = LedgerFilter(
        level=Level(args.level) if args.level else None,
        department=args.department,
        state=ItemState(args.state) if args.state else None,
        overdue=args.overdue,
    )
    chosen = ledger(ledger_items(store, year), today, flt)
    doc = {"year": year, "today": today.isoformat(), "items": [i.as_json(today, args.lang) for i in chosen]}

    def human() -> None:
        if not chosen:
            print("No supervision items.")
        for i in chosen:
            flag = f" OVERDUE {i.days_overdue(today)}d" if i.overdue(today) else ""
            print(
                f"#{i.id:<4} {i.level.value:<12} {i.state.value:<7} {i.subject_code:<10} {i.department:<12} "
                f"due {i.deadline}{flag}  {i.reason(args.lang)}"
            )

    emit(args, doc, human)
    return EXIT_OK


def _add_cycle_commands(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    """The `period` and `supervise` command groups."""
    pe = sub.add_parser("period", help="the monthly reporting cycle: status, submit, approve, return, lock, reopen")
    pe_sub = pe.add_subparsers(dest="period_command", metavar="ACTION", required=True)
    p = pe_sub.add_parser("status", parents=[common], help="each department's state per month, late and missing")
    p.add_argument("--month", type=_month_arg, metavar="YYYY-MM", help="one month (default: every month ended)")
    p.add_argument("--year", type=int)
    p.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD", help="judge late and missing on this day")
    p.set_defaults(func=cmd_period_status)
    helps = {
        "submit": "a department submits its month (reporters: their own department)",
        "approve": "approve a submitted month, which locks it (admins)",
        "return": "return a submitted month with a comment (--reason; admins)",
        "lock": "lock a month without an approval (admins)",
        "reopen": "reopen a locked month, with a reason (--reason; admins)",
    }
    for name, text in helps.items():
        p = pe_sub.add_parser(name, parents=[common, writes], help=text)
        p.add_argument("month", type=_month_arg, metavar="YYYY-MM")
        p.add_argument(
            "--department", action="append", help="a lead department (repeatable; default: every department)"
        )
        p.add_argument("--reason", help="the comment (return) or the reason (reopen)")
        p.add_argument("--year", type=int)
        p.set_defaults(func=cmd_period_step)
    p = pe_sub.add_parser("deadline", parents=[common, writes], help="the day of the next month figures are due")
    p.add_argument("day", type=int)
    p.set_defaults(func=cmd_period_deadline)

    su = sub.add_parser("supervise", help="the supervision ledger (督办台账): suggest, open, note, close, list")
    su_sub = su.add_subparsers(dest="supervise_command", metavar="ACTION", required=True)
    p = su_sub.add_parser("suggest", parents=[common], help="the suggested items for a month, with their reasons")
    p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_supervise_suggest)
    for name in ("open", "accept"):
        p = su_sub.add_parser(
            name,
            parents=[common, writes],
            help="open an item on a task, indicator or department"
            if name == "open"
            else "accept a suggestion (its key from `supervise suggest`) and open its item",
        )
        if name == "open":
            p.add_argument("code", help="a task (ELD-02), an indicator (ELD-02-1) or a department")
            p.add_argument("--level", type=_level_arg, required=True, help="reminder, supervision or listed")
            p.add_argument("--owner", required=True, help="the responsible department")
            p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM", help="the status month (default: latest)")
        else:
            p.add_argument("key", help="e.g. red:ELD-02")
            p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM", required=True)
            p.add_argument("--level", type=_level_arg, help="default: the level proposed")
            p.add_argument("--owner", help="default: the department proposed")
        p.add_argument("--measures", required=True, help="the rectification measures (整改措施)")
        p.add_argument("--deadline", type=_date_arg, required=True, metavar="YYYY-MM-DD")
        p.add_argument("--person", help="the responsible person")
        p.add_argument("--year", type=int)
        p.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
        p.add_argument("--lang", choices=["zh", "en"], default="zh")
        p.set_defaults(func=cmd_supervise_open if name == "open" else cmd_supervise_accept)
    p = su_sub.add_parser("dismiss", parents=[common, writes], help="dismiss a suggestion, on record")
    p.add_argument("key")
    p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM", required=True)
    p.add_argument("--reason")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_supervise_dismiss)
    p = su_sub.add_parser("note", parents=[common, writes], help="add a dated progress note to an item")
    p.add_argument("id", type=int)
    p.add_argument("text")
    p.set_defaults(func=cmd_supervise_note)
    p = su_sub.add_parser("close", parents=[common, writes], help="close (销号) an item with its evidence (admins)")
    p.add_argument("id", type=int)
    p.add_argument("--evidence", required=True)
    p.set_defaults(func=cmd_supervise_close)
    p = su_sub.add_parser("list", parents=[common], help="the ledger, filtered")
    p.add_argument("--year", type=int)
    p.add_argument("--level", type=_level_arg)
    p.add_argument("--department")
    p.add_argument("--state", choices=["open", "closed"])
    p.add_argument("--overdue", action="store_true", default=None, help="overdue items only")
    p.add_argument("--not-overdue", dest="overdue", action="store_false", help="items not overdue only")
    p.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD", help="judge overdue on this day")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_supervise_list)


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m targets", description="Livelihood-projects tracker")
    parser.add_argument(
        "--db", help="DuckDB file or postgresql:// URL (default: $LIVELIHOOD_DB or data/tracker.duckdb)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="one JSON document on stdout")
    writes = argparse.ArgumentParser(add_help=False)
    writes.add_argument("--as", dest="as_user", metavar="USER", help="the acting account")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "init", parents=[common, writes], help="create or migrate the database and load the bundled catalogue"
    )
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("catalogue", parents=[common], help="list the plan's areas, tasks and indicators")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_catalogue)

    p = sub.add_parser(
        "catalogue-import", parents=[common, writes], help="load or update a plan from the official task table"
    )
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--yes", action="store_true", help="commit although there are warnings")
    p.set_defaults(func=cmd_catalogue_import)

    p = sub.add_parser("import", parents=[common, writes], help="upload monthly figures from a spreadsheet (CSV, XLSX)")
    p.add_argument("file")
    p.add_argument("--year", type=int, help="plan year (default: the latest plan)")
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help="month when the sheet does not say")
    p.add_argument("--dry-run", action="store_true", help="validate and show the changes; write nothing")
    p.add_argument("--yes", action="store_true", help="commit although there are warnings")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("history", parents=[common], help="every revision of an indicator's figures")
    p.add_argument("code")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("status", parents=[common], help="progress against the schedule as of a month")
    p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM", help="default: the latest month with figures")
    p.add_argument(
        "--recorded-on", type=_date_arg, metavar="YYYY-MM-DD", help="as the database held it at the end of that day"
    )
    p.add_argument("--year", type=int)
    p.add_argument("--region", help="a region's own status (name as people write it: 长春, 延边州)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the explanations")
    p.add_argument(
        "--approved-only", action="store_true", help="only the figures of approved (locked) months, per department"
    )
    p.set_defaults(func=cmd_status)

    rt = sub.add_parser("region-targets", help="targets broken down by region (目标分解)")
    rt_sub = rt.add_subparsers(dest="rt_command", metavar="ACTION", required=True)
    p = rt_sub.add_parser(
        "import", parents=[common, writes], help="load regional targets from a spreadsheet (long or wide)"
    )
    p.add_argument("file")
    p.add_argument("--year", type=int)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--yes", action="store_true", help="commit although there are warnings")
    p.set_defaults(func=cmd_region_targets_import)
    p = rt_sub.add_parser("list", parents=[common], help="the regional targets per indicator, and whether they add up")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_region_targets_list)

    p = sub.add_parser(
        "ranking", parents=[common], help="rank the regions (晾晒) against their own targets and the schedule"
    )
    p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM")
    p.add_argument("--year", type=int)
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_ranking)

    us = sub.add_parser("users", help="accounts: add, list, role, disable, enable, password")
    us_sub = us.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    roles = ["viewer", "reporter", "press", "admin"]
    p = us_sub.add_parser("add", parents=[common, writes], help="add an account (the first must be an admin)")
    p.add_argument("name")
    p.add_argument("--role", choices=roles, required=True)
    p.add_argument("--department", help="a reporter's lead department (牵头单位), e.g. 省民政厅")
    p.add_argument("--password-stdin", action="store_true", help="read the password from one line of standard input")
    p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("list", parents=[common], help="list the accounts")
    p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("role", parents=[common, writes], help="change an account's role")
    p.add_argument("name")
    p.add_argument("role", choices=roles)
    p.add_argument("--department")
    p.set_defaults(func=cmd_users)
    for name in ("disable", "enable"):
        p = us_sub.add_parser(name, parents=[common, writes], help=f"{name} an account")
        p.add_argument("name")
        p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("password", parents=[common, writes], help="set an account's password")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("audit", parents=[common, writes], help="the audit log (admins)")
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("demo", parents=[common, writes], help="fill this database with synthetic sample figures")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "export", parents=[common, writes], help="build a press export (xlsx, csv, docx, pdf, png, svg) as of a month"
    )
    p.add_argument("--format", required=True, choices=["xlsx", "csv", "docx", "pdf", "png", "svg"])
    p.add_argument("--out", required=True, metavar="PATH", help="the file to write (or a folder for the default name)")
    p.add_argument("--as-of", type=_month_arg, metavar="YYYY-MM", help="default: the latest month with figures")
    p.add_argument("--year", type=int)
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the file")
    p.add_argument(
        "--chart",
        choices=["tasks_by_status", "progress_by_area", "indicator_progress"],
        help="which chart, for png and svg (default: tasks_by_status)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "copy",
        parents=[common, writes],
        help="copy everything from one store to another (DuckDB file or postgresql:// URL, either way)",
    )
    p.add_argument("--from", dest="source", required=True, metavar="SRC", help="DuckDB file or postgresql:// URL")
    p.add_argument("--to", dest="destination", required=True, metavar="DST", help="DuckDB file or postgresql:// URL")
    p.add_argument("--force", action="store_true", help="replace everything a non-empty destination holds")
    p.set_defaults(func=cmd_copy)

    p = sub.add_parser("rollback", parents=[common, writes], help="restore the values an upload batch replaced")
    p.add_argument("batch", type=int)
    p.set_defaults(func=cmd_rollback)
    _add_cycle_commands(sub, common, writes)
    return parser


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends quietly
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Refused as exc:
        doc = {"ok": False, "error": {"code": exc.code, "message": exc.message, **exc.extra}}
        if args.json:
            json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        say(f"Refused: {exc.message}")
        return EXIT_REFUSED
    except Exception as exc:
        # The store's refusals reach the user as a reason and exit 1, never as a traceback.
        from db.errors import Refusal
        from db.store import StoreBusy, StoreUnavailable
        from targets.access import Denied

        if isinstance(exc, StoreUnavailable):
            return main_refuse(args, "store_unavailable", str(exc))
        if isinstance(exc, StoreBusy):
            return main_refuse(args, "store_busy", str(exc))
        if isinstance(exc, Denied):
            return main_refuse(args, "denied", exc.message_en)
        if isinstance(exc, Refusal):
            return main_refuse(args, exc.code, exc.message_en)
        raise


def main_refuse(args: argparse.Namespace, code: str, message: str) -> int:
    if args.json:
        json.dump({"ok": False, "error": {"code": code, "message": message}}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    say(f"Refused: {message}")
    return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
