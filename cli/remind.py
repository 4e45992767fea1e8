"""Reminders and notices: `remind run` (daily, from cron or a systemd timer) and `notices list|read`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, EXIT_USAGE, date_arg, emit, ready_store, say


def cmd_remind_run(args: argparse.Namespace) -> int:
    from services.reminders import run

    store = ready_store(args)
    report = run(store, actor=getattr(args, "as_user", None), today=args.today, dry_run=args.dry_run)
    doc = {"ok": True, **report.as_json()}

    def human() -> None:
        verb = "would send" if report.dry_run else "sent"
        for o in report.outcomes:
            where = f" <{o.address}>" if o.address and o.channel == "email" else ""
            error = f"  FAILED: {o.error}" if o.error else ""
            print(f"{o.state:<10} {o.channel:<8} {o.recipient}{where}: {o.subject}{error}")
        counted = report.count("would_send") if report.dry_run else report.count("sent")
        print(
            f"{report.today}: {verb} {counted}, failed {report.count('failed')}, "
            f"already sent {report.already}, given up {report.given_up}."
        )

    emit(args, doc, human)
    return EXIT_OK


def cmd_notices(args: argparse.Namespace) -> int:
    from services.reminders import mark_read, notices

    store = ready_store(args)
    actor = getattr(args, "as_user", None)
    if args.notices_command == "read":
        if (args.id is None) == (not args.all):
            say("notices read: give one notice ID or --all.")
            return EXIT_USAGE
        mark_read(store, actor=actor, notice_id=None if args.all else args.id)
        emit(args, {"ok": True}, lambda: print("Marked read."))
        return EXIT_OK
    found = notices(store, actor=actor, limit=args.limit)
    doc = {
        "notices": [
            {
                "id": n.id,
                "kind": n.kind,
                "department": n.department,
                "month": f"{n.year}-{n.month:02d}" if n.year and n.month else None,
                "subject": n.subject,
                "body": n.body,
                "link": n.link,
                "created_at": n.created_at.isoformat(timespec="seconds"),
                "read": n.read_at is not None,
            }
            for n in found
        ],
        "unread": sum(n.read_at is None for n in found),
    }

    def human() -> None:
        if not found:
            print("No notices.")
        for n in found:
            mark = " " if n.read_at else "*"
            print(f"{mark} #{n.id} {n.created_at:%Y-%m-%d %H:%M} {n.subject}")

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    re_ = sub.add_parser("remind", help="reminders: send what is due today (cron, daily)")
    re_sub = re_.add_subparsers(dest="remind_command", metavar="ACTION", required=True)
    p = re_sub.add_parser(
        "run", parents=[common, writes], help="send the deadline reminders, returned months and the digest (admins)"
    )
    p.add_argument("--today", type=date_arg, metavar="YYYY-MM-DD", help="run as on this day (default: today)")
    p.add_argument("--dry-run", action="store_true", help="list what would be sent; send and record nothing")
    p.set_defaults(func=cmd_remind_run)

    no = sub.add_parser("notices", help="the in-app notices of an account")
    no_sub = no.add_subparsers(dest="notices_command", metavar="ACTION", required=True)
    p = no_sub.add_parser("list", parents=[common, writes], help="the account's notices, newest first")
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(func=cmd_notices)
    p = no_sub.add_parser("read", parents=[common, writes], help="mark a notice (or --all) read")
    p.add_argument("id", type=int, nargs="?")
    p.add_argument("--all", action="store_true")
    p.set_defaults(func=cmd_notices)
