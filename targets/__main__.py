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
        from db.store import StoreBusy

        if isinstance(exc, StoreBusy):
            return main_refuse(args, "store_busy", str(exc))
        raise


def main_refuse(args: argparse.Namespace, code: str, message: str) -> int:
    if args.json:
        json.dump({"ok": False, "error": {"code": code, "message": message}}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    say(f"Refused: {message}")
    return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
