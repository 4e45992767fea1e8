"""The deputies' vote (票决): `vote record` and `vote result`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, actor_of, date_arg, emit, read_file, ready_store


def _print(doc: dict) -> None:
    print(doc["rule_text"])
    print(
        f"deputies {doc['deputies']}, present {doc['present']}, places {doc['places']}, yes must exceed {doc['threshold']:g}"
    )
    for c in doc["candidates"]:
        print(
            f"  #{c['rank']:<3} {c['number']:>3} {c['name']}: yes {c['yes']}, no {c['no']}, abstain {c['abstain']} -> {c['status']}"
        )
    if doc["tie_revote"]:
        print(f"Tied at the last place, to be voted again: {doc['tie_revote']}")


def cmd_record(args: argparse.Namespace) -> int:
    from pathlib import Path

    from services.vote import record_vote
    from targets.vote import Basis

    store = ready_store(args)
    data = read_file(args.file)
    found = record_vote(
        store,
        data,
        Path(args.file).name,
        year=args.year,
        deputies=args.deputies,
        present=args.present,
        places=args.places,
        basis=Basis(args.basis),
        held_on=args.held_on,
        actor=actor_of(args),
    )
    doc = found.as_json("en")
    emit(args, doc, lambda: _print(doc))
    return EXIT_OK


def cmd_result(args: argparse.Namespace) -> int:
    from services.vote import vote_result

    store = ready_store(args)
    found = vote_result(store, args.year)
    if found is None:
        raise Refused("no_vote", f"No vote recorded for {args.year}.")
    doc = found.as_json("en")
    emit(args, doc, lambda: _print(doc))
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    group = sub.add_parser("vote", help="the deputies' vote on the candidates (票决)")
    actions = group.add_subparsers(dest="vote_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "record",
        parents=[common, writes],
        help="record a round from a tally sheet (项目名称 or 序号, 赞成, 反对, 弃权): every candidate, or the tied ones",
    )
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--deputies", type=int, required=True, help="应到: all deputies")
    p.add_argument("--present", type=int, help="实到: deputies present (default: all)")
    p.add_argument("--places", type=int, required=True, help="the number of places (a re-vote: in all, or left)")
    p.add_argument("--basis", choices=("deputies", "present"), default="deputies", help="more than half of whom")
    p.add_argument("--held-on", type=date_arg, metavar="YYYY-MM-DD", help="the day of the vote (default: today)")
    p.set_defaults(func=cmd_record)
    p = actions.add_parser("result", parents=[common], help="each candidate's votes, rank and status")
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_result)
