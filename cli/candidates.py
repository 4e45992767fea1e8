"""The candidate pool (征集): `candidates import` and `candidates list`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, actor_of, emit, import_arguments, preview_file, ready_store, settle_import


def cmd_import(args: argparse.Namespace) -> int:
    from services.candidates import commit_candidates, preview_candidates

    store, preview = preview_file(
        args, lambda store, data, name: preview_candidates(store, data, name, year=args.year, actor=actor_of(args))
    )
    doc = {"ok": True, "committed": False, **preview.as_json("en")}
    code = settle_import(
        args,
        preview,
        doc,
        lambda: commit_candidates(store, preview, actor=actor_of(args), confirm_warnings=args.yes),
        lambda origin: {
            "committed": True,
            "origin": origin.as_json(),
            "reason": f"{len(preview.candidates)} candidate(s) for {args.year} recorded from {origin.filename}",
        },
        confirm_here=True,
        mark_ok=True,
    )

    def human() -> None:
        for i in preview.issues:
            print(f"  {i.severity.value.upper()}: row {i.row}, column {i.column}: {i.message_en}")
        for c in preview.candidates:
            print(f"  {c.number:>3} {c.name} [{c.area}] {len(c.indicators)} indicator(s)")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def cmd_list(args: argparse.Namespace) -> int:
    from services.candidates import list_candidates, pool_json
    from targets.numbers import format_number

    store = ready_store(args)
    found = list_candidates(store, args.year)
    doc = {"ok": True, **pool_json(found, args.year)}

    def human() -> None:
        if not found:
            print(f"No candidates for {args.year}.")
        for s in found:
            c = s.candidate
            money = f", {format_number(c.investment)} 万元" if c.investment is not None else ""
            print(f"{c.number:>3} {c.name} [{c.area}] {c.proposer} ({c.proposer_kind.value}{money})")
            for i in c.indicators:
                print(f"      {i.name}: {i.stated} {i.unit}")

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    group = sub.add_parser("candidates", help="the candidate pool for next year's list (征集)")
    actions = group.add_subparsers(dest="candidates_command", metavar="ACTION", required=True)
    p = actions.add_parser("import", parents=[common, writes], help="import a candidate sheet (replaces the pool)")
    import_arguments(p, year_required=True, yes_help="commit although there are warnings (merged duplicates)")
    p.set_defaults(func=cmd_import)
    p = actions.add_parser("list", parents=[common], help="the year's candidates with their indicators")
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_list)
