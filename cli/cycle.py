"""The monthly reporting cycle: `period status|submit|approve|return|lock|reopen|deadline`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, date_arg, emit, month_arg, open_db, ready_store


def year_of(args: argparse.Namespace, month: tuple[int | None, int] | None = None) -> int:
    """The plan year of a command: from YYYY-MM, else --year, else the latest plan."""
    from services.catalogue import resolve

    return resolve(open_db(args), (month[0] if month and month[0] else None) or args.year)


def cmd_period_status(args: argparse.Namespace) -> int:
    from services.cycle import cycle_rows, deadline_day, local_today
    from targets.periods import department_label, state_label

    store = ready_store(args)
    year = year_of(args, args.month)
    today = args.today or local_today(store)
    months = [args.month[1]] if args.month else None
    _, rows = cycle_rows(store, year, months, today=today)
    day = deadline_day(store)
    doc = {
        "year": year,
        "today": today.isoformat(),
        "deadline_day": day,
        "periods": [r.as_json(today) for r in rows],
        "missing": sum(r.missing for r in rows),
        "late": sum(r.late for r in rows),
        "waiting_approval": sum(r.waiting_approval for r in rows),
    }

    def human() -> None:
        if not rows:
            print(f"{year}: no month is due yet (today {today}).")
        for r in rows:
            flag = " MISSING" if r.missing else " LATE" if r.late else ""
            remark = f"  “{r.remark}”" if r.remark else ""
            print(
                f"{year}-{r.month:02d} {department_label(r.department, 'en'):<28} {state_label(r.state, 'en'):<22} "
                f"due {r.due}  reported {r.reported}/{r.indicators}{flag}{remark}"
            )

    emit(args, doc, human)
    return EXIT_OK


def cmd_period_step(args: argparse.Namespace) -> int:
    from services.cycle import step

    store = ready_store(args)
    year = year_of(args, args.month)
    result = step(
        store,
        year,
        args.month[1],
        args.period_command,
        actor=getattr(args, "as_user", None),
        departments=args.department or None,
        reason=args.reason,
    )
    doc = {"ok": True, **result.as_json("en")}

    def human() -> None:
        print(f"{args.period_command} {doc['month']}: done for {', '.join(result.done)}")
        for dept, refused in result.skipped:
            print(f"  skipped {dept}: {refused.en}")

    emit(args, doc, human)
    return EXIT_OK


def cmd_period_deadline(args: argparse.Namespace) -> int:
    from services.cycle import set_deadline_day

    store = ready_store(args)
    set_deadline_day(store, args.day, actor=getattr(args, "as_user", None))
    emit(args, {"ok": True, "deadline_day": args.day}, lambda: print(f"Figures are now due on day {args.day}."))
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    pe = sub.add_parser("period", help="the monthly reporting cycle: status, submit, approve, return, lock, reopen")
    pe_sub = pe.add_subparsers(dest="period_command", metavar="ACTION", required=True)
    p = pe_sub.add_parser("status", parents=[common], help="each department's state per month, late and missing")
    p.add_argument("--month", type=month_arg, metavar="YYYY-MM", help="one month (default: every month ended)")
    p.add_argument("--year", type=int)
    p.add_argument("--today", type=date_arg, metavar="YYYY-MM-DD", help="judge late and missing on this day")
    p.set_defaults(func=cmd_period_status)
    helps = {
        "submit": "a department submits its month (reporters: their own department)",
        "approve": "approve a submitted month, which locks it (admins)",
        "return": "return a submitted month with a comment (--reason; admins)",
        "lock": "lock a month without an approval (admins)",
        "reopen": "reopen a locked month, with a reason (--reason; admins)",
    }
    for name, text in helps.items():
        p = pe_sub.add_parser(name, parents=[common, writes], help=text)
        p.add_argument("month", type=month_arg, metavar="YYYY-MM")
        p.add_argument(
            "--department", action="append", help="a lead department (repeatable; default: every department)"
        )
        p.add_argument("--reason", help="the comment (return) or the reason (reopen)")
        p.add_argument("--year", type=int)
        p.set_defaults(func=cmd_period_step)
    p = pe_sub.add_parser("deadline", parents=[common, writes], help="the day of the next month figures are due")
    p.add_argument("day", type=int)
    p.set_defaults(func=cmd_period_deadline)
