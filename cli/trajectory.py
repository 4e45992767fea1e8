"""Schedules: `trajectory show [CODE]`, `trajectory set CODE S1 … S12`, `trajectory clear CODE`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, EXIT_REFUSED, actor_of, emit, ready_store, refused


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def cmd_show(args: argparse.Namespace) -> int:
    from services import trajectories
    from targets.clock import show_with_zone
    from targets.errors import Refusal

    store = ready_store(args)
    try:
        if args.code:
            found = {args.code: trajectories.schedule(store, args.code, args.year)}
            history = trajectories.history(store, args.year, args.code)
        else:
            found = {c: s for c, s in trajectories.schedules(store, args.year).items() if s.shares is not None}
            history = None
    except Refusal as exc:
        raise refused(exc) from exc
    doc: dict = {"schedules": [s.as_json() for s in found.values()]}
    if history is not None:
        doc["history"] = [
            {
                **h,
                "at": h["at"].isoformat(sep=" "),
                "old": h["old"] and list(h["old"]),
                "new": h["new"] and list(h["new"]),
            }
            for h in history
        ]

    def human() -> None:
        if not found:
            print("No indicator has its own schedule: every one follows the linear default to its deadline.")
        for s in found.values():
            how = (
                f"set by {s.updated_by}, {show_with_zone(s.updated_at, 'en')}"
                if s.shares is not None
                else f"linear default to month {s.deadline_month}"
            )
            print(f"{s.code:<10} {how}")
            print("  " + " ".join(f"{m}:{_pct(v)}" for m, v in enumerate(s.effective, start=1)))
        for h in history or []:
            print(f"  {show_with_zone(h['at'], 'en')} {h['actor']} {h['action']} ({h['source']})")

    emit(args, doc, human)
    return EXIT_OK


def _change(args: argparse.Namespace, shares: list[str] | None) -> int:
    from services.trajectories import commit_trajectory, preview_trajectory, status_effect
    from targets.errors import Refusal

    store = ready_store(args)
    actor = actor_of(args)
    try:
        preview = preview_trajectory(store, args.code, shares, year=args.year, actor=actor, source="cli")
    except Refusal as exc:
        raise refused(exc) from exc
    doc = {**preview.as_json("en"), "committed": False, "judged": None}
    judged = status_effect(store, preview)
    if judged is not None:  # the status at the headline month under the schedule in force and under this one
        doc["judged"] = {
            "month": judged.month,
            **{
                key: {"status": s.status.value, "severity": s.severity and s.severity.value, "expected": s.expected}
                for key, s in (("before", judged.before), ("after", judged.after))
            },
        }
    code = EXIT_OK
    if preview.errors:
        doc["reason"] = f"rejected: {len(preview.errors)} error(s); nothing was written"
        code = EXIT_REFUSED
    elif args.dry_run:
        doc["reason"] = "dry run: nothing was written"
    elif preview.warnings and not args.yes:
        doc["reason"] = f"{len(preview.warnings)} warning(s) need confirmation (--yes)"
        code = EXIT_REFUSED
    else:
        try:
            committed = commit_trajectory(store, preview, actor=actor, confirm_warnings=args.yes)
        except Refusal as exc:
            raise refused(exc) from exc
        doc.update(committed=committed, reason="saved" if committed else "nothing to change")

    def human() -> None:
        for i in preview.issues:  # each message names its month
            print(f"  {i.severity.value.upper()}: {i.message_en}")
        if preview.effect:
            print("  expected by month-end, before -> after:")
            for e in preview.effect:
                mark = " *" if e.changed else ""
                print(f"    {e.month:>2}: {_pct(e.before)} -> {_pct(e.after)}{mark}")
        if judged is not None:
            print(f"  judged at the end of month {judged.month}:")
            print(f"    now: {judged.before.explanation('en')}")
            print(f"    new: {judged.after.explanation('en')}")
        print(doc["reason"])

    emit(args, doc, human)
    return code


def cmd_set(args: argparse.Namespace) -> int:
    return _change(args, args.shares)


def cmd_clear(args: argparse.Namespace) -> int:
    return _change(args, None)


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    tr = sub.add_parser("trajectory", help="an indicator's schedule (序时进度曲线): 12 cumulative shares")
    tr_sub = tr.add_subparsers(dest="trajectory_command", metavar="ACTION", required=True)
    p = tr_sub.add_parser(
        "show", parents=[common], help="the schedule of CODE and its history; without CODE, every custom one"
    )
    p.add_argument("code", nargs="?", metavar="CODE")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_show)
    p = tr_sub.add_parser(
        "set", parents=[common, writes], help="set CODE's schedule: 12 cumulative shares (0.25 or 25%%), ending at 1"
    )
    p.add_argument("code", metavar="CODE")
    p.add_argument("shares", nargs="+", metavar="SHARE", help="January … December")
    p.add_argument("--year", type=int)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--yes", action="store_true", help="save although there are warnings")
    p.set_defaults(func=cmd_set)
    p = tr_sub.add_parser("clear", parents=[common, writes], help="back to the linear default to the deadline")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--year", type=int)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--yes", action="store_true", help="save although there are warnings")
    p.set_defaults(func=cmd_clear)
