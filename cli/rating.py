"""The year-end satisfaction rating (满意度测评): `rating record` and `rating result`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, EXIT_USAGE, actor_of, emit, read_file, ready_store, say


def _print(doc: dict) -> None:
    print(doc["rule_text"])
    for t in doc["tasks"]:
        score = f", score {t['score']:.2f}" if t["score"] is not None else ""
        print(
            f"  {t['task']} {t['name']}: 满意 {t['satisfied']}, 基本满意 {t['basically']}, 不满意 {t['dissatisfied']}"
            f" of {t['members']} -> {t['grade']}{score}"
        )
    for d in doc["departments"]:
        print(f"  #{d['rank']} {d['department']}: {d['score']:.2f} ({d['tasks']} task(s))")


def cmd_record(args: argparse.Namespace) -> int:
    from pathlib import Path

    from services.rating import record_rating
    from targets.rating import DEPUTIES

    if args.source == DEPUTIES and args.members is None:
        say("rating record: the deputies' rating needs --members N")
        return EXIT_USAGE
    store = ready_store(args)
    data = read_file(args.file)
    found = record_rating(
        store,
        data,
        Path(args.file).name,
        year=args.year,
        members=args.members,
        source=args.source,
        weight=args.weight,
        actor=actor_of(args),
    )
    doc = found.as_json("en")
    emit(args, doc, lambda: _print(doc))
    return EXIT_OK


def cmd_result(args: argparse.Namespace) -> int:
    from services.rating import rating_result
    from targets.rating import RatingRule

    if not 0 < args.share < 1:
        say(f"rating result: --share must be a fraction between 0 and 1, not {args.share}")
        return EXIT_USAGE
    store = ready_store(args)
    doc = rating_result(store, args.year, rule=RatingRule(share=args.share, basis=args.basis)).as_json("en")
    emit(args, doc, lambda: _print(doc))
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    group = sub.add_parser("rating", help="the year-end satisfaction rating (满意度测评)")
    actions = group.add_subparsers(dest="rating_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "record",
        parents=[common, writes],
        help="record a rating sheet (任务编号 or 任务名称, 满意, 基本满意, 不满意) for the year's plan",
    )
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--members", type=int, help="the members of the rating body (required for the deputies)")
    p.add_argument("--source", default="deputies", help="deputies (default), or a survey: public, leaders, online…")
    p.add_argument("--weight", type=float, help="this source's weight in the combined score (e.g. 60)")
    p.set_defaults(func=cmd_record)
    p = actions.add_parser("result", parents=[common], help="per task the votes and the grade; departments ranked")
    p.add_argument("--year", type=int, required=True)
    p.add_argument(
        "--share", type=float, default=0.5, help="a grade needs more than this share of the basis (default 0.5: half)"
    )
    p.add_argument(
        "--basis",
        choices=("members", "cast"),
        default="members",
        help="the share of all members (default, Zhenhai's rule) or of the votes cast",
    )
    p.set_defaults(func=cmd_result)
