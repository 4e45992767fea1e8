"""Alert rules (预警规则): `rules show` and `rules set --amber P --red P … --reason TEXT --as USER`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, actor_of, emit, month_arg, ready_store


def cmd_show(args: argparse.Namespace) -> int:
    from services.rules import judged_month, state

    store = ready_store(args)
    rules = state(store)
    year, month = judged_month(store, *(args.month or (None, None)))
    doc = rules.as_json(year, month, "en" if args.lang == "en" else "zh")

    def human() -> None:
        shown = rules.in_force(year, month) if year and month else rules.latest
        r = shown.rules
        where = f" for {year}-{month:02d}" if year and month else ""
        print(f"In force{where}: {shown.label('en')}")
        print(
            f"  amber > {r.amber_points:g} points behind, red > {r.red_points:g}, ahead >= {r.ahead_points:g}; "
            f"red {r.suggest_after} months running: supervision, {r.list_after}: public listing"
        )
        for v in reversed(rules.versions):
            print(
                f"  v{v.version} from {v.from_year}-{v.from_month:02d}: amber {v.rules.amber_points:g}, "
                f"red {v.rules.red_points:g}, ahead {v.rules.ahead_points:g}, {v.rules.suggest_after}/"
                f"{v.rules.list_after} months; {v.set_by} {v.set_at:%Y-%m-%d %H:%M} UTC: {v.reason}"
            )

    emit(args, doc, human)
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    from services.rules import preview_rules, set_rules, state

    store = ready_store(args)
    latest = state(store).latest.rules
    values = {
        "amber": args.amber,
        "red": args.red,
        "ahead": latest.ahead_points if args.ahead is None else args.ahead,
        "suggest_after": latest.suggest_after if args.suggest_after is None else args.suggest_after,
        "list_after": latest.list_after if args.list_after is None else args.list_after,
    }
    year, month = args.from_month if args.from_month else (None, None)
    preview = preview_rules(store, **values, year=year, month=month)
    version = set_rules(
        store,
        **values,
        reason=args.reason,
        actor=actor_of(args),
        from_year=year,
        from_month=month,
        source="cli",
    )
    doc = {"ok": True, "version": version.as_json("en"), "preview": preview.as_json("en")}

    def human() -> None:
        print(
            f"Saved {version.label('en')}, effective from {version.from_year}-{version.from_month:02d}; "
            f"{len(preview.changes)} of {preview.tasks} tasks change colour in the month shown."
        )

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    rules = sub.add_parser("rules", help="alert rules (预警规则): traffic-light thresholds and escalation")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    p = rules_sub.add_parser("show", parents=[common], help="the rules in force and every version on record")
    p.add_argument("--month", type=month_arg, help="which rules judge this month (YYYY-MM; default the headline)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=cmd_show)
    p = rules_sub.add_parser("set", parents=[common, writes], help="record a new version of the rules")
    p.add_argument("--amber", type=float, required=True, help="points behind beyond which a task is amber")
    p.add_argument("--red", type=float, required=True, help="points behind beyond which a task is red")
    p.add_argument("--ahead", type=float, help="points ahead from which a task is ahead (default: unchanged)")
    p.add_argument("--suggest-after", type=int, help="months running red before 督办 is suggested")
    p.add_argument("--list-after", type=int, help="months running red before 挂牌督办 is suggested")
    p.add_argument("--reason", required=True, help="why the rules change (on record)")
    p.add_argument(
        "--from-month", type=month_arg, help="YYYY-MM the version applies from (default: the headline month)"
    )
    p.set_defaults(func=cmd_set)
