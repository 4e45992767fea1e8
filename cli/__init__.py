"""The command line: `python -m targets [--db PATH|postgresql://…] COMMAND`, one module per command group.

Conventions for every command: with --json one JSON document goes to stdout and messages to
stderr; exit 0 done, 1 refused (the JSON says why), 2 bad usage. Commands that write take --as USER.
Each command reads its arguments, calls the use cases in services/ and prints what they return.
"""

from __future__ import annotations

import argparse
import signal

from cli import (
    accounts,
    candidates,
    catalogue,
    cycle,
    export,
    figures,
    investment,
    milestones,
    narratives,
    objections,
    plan,
    publish,
    rating,
    region_targets,
    remind,
    rules,
    setup,
    status,
    supervision,
    trajectory,
    vote,
)
from cli.common import Refused, refuse

GROUPS = (setup, catalogue, figures, status, region_targets, accounts, export, cycle, supervision, trajectory)
GROUPS += (candidates, vote, plan, rating)
GROUPS += (publish, objections)
GROUPS += (investment, narratives, milestones, rules, remind)


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
    for group in GROUPS:
        group.register(sub, common, writes)
    return parser


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends quietly
    return run(argv)


def run(argv: list[str] | None = None) -> int:
    """One command, without touching the process's signals (the tests call this in their own process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Refused as exc:
        return refuse(args, exc.code, exc.message, **exc.extra)
    except Exception as exc:
        # The store's refusals reach the user as a reason and exit 1, never as a traceback.
        from db.store import StoreBusy, StoreUnavailable
        from targets.access import Denied
        from targets.errors import Refusal

        if isinstance(exc, StoreUnavailable):
            return refuse(args, "store_unavailable", str(exc))
        if isinstance(exc, StoreBusy):
            return refuse(args, "store_busy", str(exc))
        if isinstance(exc, Denied):
            return refuse(args, "denied", exc.message_en)
        if isinstance(exc, Refusal):
            return refuse(args, exc.code, exc.message_en, **exc.extra)
        raise
