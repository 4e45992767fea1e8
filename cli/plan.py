"""`plan adopt`: the elected candidates become the year's plan."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, actor_of, emit, ready_store


def cmd_adopt(args: argparse.Namespace) -> int:
    from services.vote import adopt_plan
    from targets.catalogue import catalogue_json

    store = ready_store(args)
    plan = adopt_plan(store, year=args.year, actor=actor_of(args))
    doc = {"ok": True, "adopted": True, **catalogue_json(plan)}

    def human() -> None:
        print(f"{plan.title.zh}: {len(plan.tasks)} tasks in {len(plan.areas)} areas, {len(plan.indicators)} indicators")
        for t in plan.tasks:
            print(f"  {t.code} {t.name.zh} — {t.source.file}")

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    group = sub.add_parser("plan", help="the year's plan from the deputies' vote")
    actions = group.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "adopt", parents=[common, writes], help="adopt the elected candidates as the year's plan (refused while tied)"
    )
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_adopt)
