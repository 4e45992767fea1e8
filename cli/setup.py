"""Setting up stores: `init`, `demo`, `copy`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, actor_of, emit, open_db, ready_store, refused, say


def cmd_init(args: argparse.Namespace) -> int:
    from services.setup import init_store

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


def cmd_demo(args: argparse.Namespace) -> int:
    from services.demo import add_demo_accounts, build_demo
    from targets.errors import Refusal

    store = ready_store(args)
    try:
        result = build_demo(store, actor=actor_of(args))
    except Refusal as exc:
        raise refused(exc) from exc
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


def cmd_copy(args: argparse.Namespace) -> int:
    from db.store import Store, resolve_target
    from services.setup import copy
    from targets.errors import Refusal

    source, destination = Store(resolve_target(args.source)), Store(resolve_target(args.destination))
    say(f"Copying {source.display_name} -> {destination.display_name} …")
    try:
        report = copy(source, destination, actor=actor_of(args), force=args.force)
    except Refusal as exc:
        raise refused(exc) from exc
    doc = {"ok": True, **report.as_json()}

    def human() -> None:
        if report.replaced:
            print(f"Replaced what {report.destination} held ({sum(report.replaced.values())} rows).")
        for table, rows in report.tables.items():
            print(f"  {table:<24} {rows:>8} rows")
        print(f"Copied {len(report.tables)} tables ({doc['rows']} rows) at schema version {report.schema_version}.")

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "init", parents=[common, writes], help="create or migrate the database and load the bundled catalogue"
    )
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("demo", parents=[common, writes], help="fill this database with synthetic sample figures")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser(
        "copy",
        parents=[common, writes],
        help="copy everything from one store to another (DuckDB file or postgresql:// URL, either way)",
    )
    p.add_argument("--from", dest="source", required=True, metavar="SRC", help="DuckDB file or postgresql:// URL")
    p.add_argument("--to", dest="destination", required=True, metavar="DST", help="DuckDB file or postgresql:// URL")
    p.add_argument("--force", action="store_true", help="replace everything a non-empty destination holds")
    p.set_defaults(func=cmd_copy)
