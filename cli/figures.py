"""Monthly figures: `import`, `correct`, `history`, `rollback`."""

from __future__ import annotations

import argparse

from cli.catalogue import plan_of
from cli.common import (
    EXIT_OK,
    Refused,
    actor_of,
    emit,
    import_arguments,
    month_arg,
    open_db,
    read_file,
    ready_store,
    refused,
    say,
    settle_import,
)


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from services.uploads import import_upload
    from targets.errors import Refusal

    store = ready_store(args)
    data = read_file(args.file)
    try:
        outcome = import_upload(
            store,
            data,
            Path(args.file).name,
            actor=actor_of(args),
            year=args.year,
            month=args.month,
            confirm_warnings=args.yes,
            dry_run=args.dry_run,
            only_own_rows=args.only_own,
            sheet=args.sheet,
            on_retry=lambda: say("The stored figures changed while the file was read; reading it again."),
        )
    except Refusal as exc:
        raise refused(exc) from exc
    preview = outcome.preview
    doc = preview.as_json("en")
    doc.update(committed=False, batch_id=None, dry_run=bool(args.dry_run))

    def committed():  # import_upload has committed already (or been refused)
        if outcome.refusal is not None:
            raise outcome.refusal
        return outcome.result

    code = settle_import(
        args,
        preview,
        doc,
        committed,
        lambda result: {"committed": result.committed, "batch_id": result.batch_id, "reason": result.message_en},
        report_refusal=True,
    )

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
    from services.history import indicator_history

    plan = plan_of(args)
    if args.code not in {i.code for i in plan.indicators}:
        raise Refused("unknown_indicator", f"No indicator {args.code} in the {plan.year} plan")
    rows = indicator_history(open_db(args), plan.year, args.code)
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
    from services.uploads import rollback_batch
    from targets.errors import Refusal

    store = open_db(args)
    try:
        result = rollback_batch(store, args.batch, actor=actor_of(args))
    except Refusal as exc:
        raise refused(exc) from exc
    doc = {"ok": True, "rolled_back": args.batch, "batch_id": result.batch_id, "message": result.message_en}
    emit(args, doc, lambda: print(result.message_en))
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    from services.corrections import correct
    from targets.errors import Refusal

    store = ready_store(args)
    year, month = args.month
    try:
        result = correct(
            store,
            year=year,
            code=args.code,
            month=month,
            region=args.region,
            value=args.value,
            actor=actor_of(args),
            reason=args.reason,
            confirm_warnings=args.yes,
        )
    except Refusal as exc:
        raise refused(exc) from exc
    doc = {
        "ok": True,
        "committed": result.committed,
        "batch_id": result.batch_id,
        "year": result.year,
        "indicator": result.key[0],
        "region": result.key[1],
        "month": result.key[2],
        "old": result.old,
        "new": result.new,
        "message": result.message_en,
    }
    emit(args, doc, lambda: print(result.message_en))
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common, writes], help="upload monthly figures from a spreadsheet (CSV, XLSX)")
    import_arguments(
        p,
        year_help="plan year (default: the latest plan)",
        month_help="month when the sheet does not say",
        dry_run_help="validate and show the changes; write nothing",
    )
    p.add_argument("--sheet", metavar="NAME", help="the workbook's sheet to read (when several hold figures)")
    p.add_argument(
        "--only-own",
        action="store_true",
        help="a reporter: leave out the rows of other departments' indicators (on record) and commit the rest",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "correct", parents=[common, writes], help="correct one figure in place (the same checks as an upload)"
    )
    p.add_argument("code", help="an indicator code, e.g. EMP-01-1")
    p.add_argument("--month", type=month_arg, metavar="YYYY-MM", required=True)
    p.add_argument("--region", help="a region (name as people write it: 长春, 延边州); default: the province")
    p.add_argument("--value", required=True, help="the value as a sheet would write it (21.3万, 98%%, 1,300)")
    p.add_argument("--reason", help="why the figure is corrected (on record)")
    p.add_argument("--yes", action="store_true", help="correct although the value draws a warning")
    p.set_defaults(func=cmd_correct)

    p = sub.add_parser("history", parents=[common], help="every revision of an indicator's figures")
    p.add_argument("code")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("rollback", parents=[common, writes], help="restore the values an upload batch replaced")
    p.add_argument("batch", type=int)
    p.set_defaults(func=cmd_rollback)
