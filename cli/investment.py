"""Investment: `investment import`, `investment show`, `investment template`, `investment history`.

A group of its own rather than options of `import`: the figures import is keyed on indicators and regions (with
--sheet, --only-own), the investment sheet on tasks and sources; both read files the same way (targets.sheets)
and commit with the same rules (errors refuse, warnings need --yes, every write a batch on record)."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, actor_of, batch_committed, emit, import_arguments, open_db, preview_file, settle_import


def cmd_import(args: argparse.Namespace) -> int:
    from services.investment import commit_investment, preview_investment

    store, preview = preview_file(
        args,
        lambda store, data, name: preview_investment(
            store, data, name, year=args.year, month=args.month, actor=actor_of(args)
        ),
    )
    doc = preview.as_json("en")
    doc.update(committed=False, batch_id=None, dry_run=bool(args.dry_run))
    code = settle_import(
        args,
        preview,
        doc,
        lambda: commit_investment(store, preview, actor=actor_of(args), confirm_warnings=args.yes),
        lambda batch: batch_committed(batch, unchanged="nothing to change: every amount is already stored"),
    )

    def human() -> None:
        print(f"{preview.filename}: {preview.rows_read} rows read; {len(preview.changes)} to write")
        for issue in preview.issues:  # each message names its row and column
            print(f"  {issue.severity.value.upper()}: {issue.message_en}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def cmd_show(args: argparse.Namespace) -> int:
    from services.catalogue import resolve
    from services.investment import summary

    store = open_db(args)
    year = resolve(store, args.year)
    found = summary(store, year, args.month)
    doc = {"year": year, **found.as_json()}

    def human() -> None:
        p = found.province
        if not p.planned:
            print(f"{year}: no task has a planned investment.")
            return
        print(f"{year}: {p.completed or 0:,.2f} of {p.planned:,.2f} (10k yuan) completed, {p.share:.2%}")
        for code, share in found.tasks.items():
            if share.planned:
                print(f"  {code:<10} {share.completed or 0:>12,.2f} / {share.planned:>12,.2f}  {share.share:.2%}")

    emit(args, doc, human)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from services.catalogue import resolve
    from services.investment import template

    store = open_db(args)
    year = resolve(store, args.year)
    data = template(store, year, args.month, args.department)
    Path(args.out).write_bytes(data)
    emit(args, {"year": year, "month": args.month, "file": args.out}, lambda: print(f"wrote {args.out}"))
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from services.catalogue import resolve
    from services.investment import history

    store = open_db(args)
    year = resolve(store, args.year)
    rows = history(store, year, args.task)
    doc = {"year": year, "task": args.task, "revisions": rows}

    def human() -> None:
        for r in rows:
            state = "superseded" if r["superseded_by"] else "current"
            print(
                f"#{r['revision']} batch {r['batch']} ({r['filename'] or '-'}) {r['recorded_at']:%Y-%m-%d %H:%M} by "
                f"{r['recorded_by']}: month {r['month']} {r['total']:,.2f} ({state}; row {r['row']}, {r['column']})"
            )

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    group = sub.add_parser("investment", help="planned and completed investment (万元) per task")
    inner = group.add_subparsers(dest="investment_command", metavar="ACTION", required=True)

    p = inner.add_parser("import", parents=[common, writes], help="upload a sheet of completed investment")
    import_arguments(
        p,
        year_help="plan year (default: the latest plan)",
        month_help="month when the sheet does not say",
        dry_run_help="validate and show the changes; write nothing",
    )
    p.set_defaults(func=cmd_import)

    p = inner.add_parser("show", parents=[common], help="the share of the year's investment completed")
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help="as of month (default: latest)")
    p.set_defaults(func=cmd_show)

    p = inner.add_parser("template", parents=[common], help="write the monthly sheet to fill in (XLSX)")
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", required=True)
    p.add_argument("--department", help="only this lead department's tasks")
    p.add_argument("--out", required=True, help="the file to write")
    p.set_defaults(func=cmd_template)

    p = inner.add_parser("history", parents=[common], help="every revision of a task's completed investment")
    p.add_argument("task")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_history)
