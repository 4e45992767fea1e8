"""The supervision ledger (督办台账): `supervise suggest|open|accept|dismiss|note|close|list`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, date_arg, emit, month_arg, open_db, ready_store
from cli.cycle import year_of


def level_arg(text: str) -> str:
    from targets.supervision import Level

    names = {"提醒": Level.REMINDER, "督办": Level.SUPERVISION, "挂牌督办": Level.LISTED}
    value = names.get(text.strip()) or text.strip().lower()
    if value not in {lv.value for lv in Level}:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a level: reminder (提醒), supervision (督办), listed (挂牌督办)"
        )
    return str(value)


def cmd_supervise_suggest(args: argparse.Namespace) -> int:
    from services.supervision import suggestions

    store = ready_store(args)
    year = year_of(args, args.as_of)
    rows = suggestions(store, year, args.as_of[1])
    lang = args.lang
    doc = {
        "year": year,
        "as_of": f"{year}-{args.as_of[1]:02d}",
        "suggestions": [r.as_json(lang) for r in rows],
        "waiting": sum(r.waiting for r in rows),
    }

    def human() -> None:
        if not rows:
            print(f"No suggestion for {doc['as_of']}.")
        for r in rows:
            s = r.suggestion
            state = f" [{r.decision}]" if r.decision else f" [open item {r.item_id}]" if r.item_id else ""
            print(f"{s.key:<28} {s.level.value:<12} {s.department:<12} {s.reason(lang)}{state}")

    emit(args, doc, human)
    return EXIT_OK


def cmd_supervise_open(args: argparse.Namespace) -> int:
    from services.catalogue import require_plan
    from services.supervision import open_item
    from targets.supervision import subject_kind_of

    store = ready_store(args)
    year = year_of(args, args.as_of)
    plan = require_plan(store, year)
    kind = subject_kind_of(plan, args.code)
    if kind is None:
        raise Refused("unknown_subject", f"{args.code} is no task, indicator or department of the {year} plan")
    item = open_item(
        store,
        year=year,
        kind=kind,
        code=args.code,
        level=args.level,
        measures=args.measures,
        department=args.owner,
        person=args.person,
        deadline=args.deadline,
        actor=getattr(args, "as_user", None),
        as_of=args.as_of[1] if args.as_of else None,
        today=args.today,
    )
    today = args.today or item.opened_at.date()
    doc = {"ok": True, "item": item.as_json(today, args.lang)}
    emit(args, doc, lambda: print(f"Opened item {item.id} on {item.subject_code}: {item.reason(args.lang)}"))
    return EXIT_OK


def cmd_supervise_accept(args: argparse.Namespace) -> int:
    from services.supervision import accept

    store = ready_store(args)
    year = year_of(args, args.as_of)
    item = accept(
        store,
        year,
        args.as_of[1],
        args.key,
        actor=getattr(args, "as_user", None),
        measures=args.measures,
        deadline=args.deadline,
        department=args.owner,
        person=args.person,
        level=args.level,
        today=args.today,
    )
    doc = {"ok": True, "item": item.as_json(args.today or item.opened_at.date(), args.lang)}
    emit(args, doc, lambda: print(f"Accepted {args.key}: opened item {item.id}."))
    return EXIT_OK


def cmd_supervise_dismiss(args: argparse.Namespace) -> int:
    from services.supervision import dismiss

    store = ready_store(args)
    year = year_of(args, args.as_of)
    dismiss(store, year, args.as_of[1], args.key, actor=getattr(args, "as_user", None), reason=args.reason)
    emit(args, {"ok": True, "dismissed": args.key}, lambda: print(f"Dismissed {args.key}."))
    return EXIT_OK


def cmd_supervise_note(args: argparse.Namespace) -> int:
    from services.supervision import add_note

    item = add_note(open_db(args), args.id, args.text, actor=getattr(args, "as_user", None))
    doc = {"ok": True, "item": item.id, "notes": len(item.notes)}
    emit(args, doc, lambda: print(f"Note added to item {item.id} ({len(item.notes)} note(s))."))
    return EXIT_OK


def cmd_supervise_close(args: argparse.Namespace) -> int:
    from services.supervision import close_item

    item = close_item(open_db(args), args.id, args.evidence, actor=getattr(args, "as_user", None))
    doc = {"ok": True, "item": item.id, "state": item.state.value, "evidence": item.evidence}
    emit(args, doc, lambda: print(f"Item {item.id} closed."))
    return EXIT_OK


def cmd_supervise_list(args: argparse.Namespace) -> int:
    from services.cycle import local_today
    from services.supervision import ledger_items
    from targets.supervision import ItemState, LedgerFilter, Level, ledger

    store = ready_store(args)
    year = year_of(args)
    today = args.today or local_today(store)
    flt = LedgerFilter(
        level=Level(args.level) if args.level else None,
        department=args.department,
        state=ItemState(args.state) if args.state else None,
        overdue=args.overdue,
    )
    chosen = ledger(ledger_items(store, year), today, flt)
    doc = {"year": year, "today": today.isoformat(), "items": [i.as_json(today, args.lang) for i in chosen]}

    def human() -> None:
        if not chosen:
            print("No supervision items.")
        for i in chosen:
            flag = f" OVERDUE {i.days_overdue(today)}d" if i.overdue(today) else ""
            print(
                f"#{i.id:<4} {i.level.value:<12} {i.state.value:<7} {i.subject_code:<10} {i.department:<12} "
                f"due {i.deadline}{flag}  {i.reason(args.lang)}"
            )

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    su = sub.add_parser("supervise", help="the supervision ledger (督办台账): suggest, open, note, close, list")
    su_sub = su.add_subparsers(dest="supervise_command", metavar="ACTION", required=True)
    p = su_sub.add_parser("suggest", parents=[common], help="the suggested items for a month, with their reasons")
    p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_supervise_suggest)
    for name in ("open", "accept"):
        p = su_sub.add_parser(
            name,
            parents=[common, writes],
            help="open an item on a task, indicator or department"
            if name == "open"
            else "accept a suggestion (its key from `supervise suggest`) and open its item",
        )
        if name == "open":
            p.add_argument("code", help="a task (ELD-02), an indicator (ELD-02-1) or a department")
            p.add_argument("--level", type=level_arg, required=True, help="reminder, supervision or listed")
            p.add_argument("--owner", required=True, help="the responsible department")
            p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", help="the status month (default: latest)")
        else:
            p.add_argument("key", help="e.g. red:ELD-02")
            p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", required=True)
            p.add_argument("--level", type=level_arg, help="default: the level proposed")
            p.add_argument("--owner", help="default: the department proposed")
        p.add_argument("--measures", required=True, help="the rectification measures (整改措施)")
        p.add_argument("--deadline", type=date_arg, required=True, metavar="YYYY-MM-DD")
        p.add_argument("--person", help="the responsible person")
        p.add_argument("--year", type=int)
        p.add_argument("--today", type=date_arg, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
        p.add_argument("--lang", choices=["zh", "en"], default="zh")
        p.set_defaults(func=cmd_supervise_open if name == "open" else cmd_supervise_accept)
    p = su_sub.add_parser("dismiss", parents=[common, writes], help="dismiss a suggestion, on record")
    p.add_argument("key")
    p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", required=True)
    p.add_argument("--reason")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_supervise_dismiss)
    p = su_sub.add_parser("note", parents=[common, writes], help="add a dated progress note to an item")
    p.add_argument("id", type=int)
    p.add_argument("text")
    p.set_defaults(func=cmd_supervise_note)
    p = su_sub.add_parser("close", parents=[common, writes], help="close (销号) an item with its evidence (admins)")
    p.add_argument("id", type=int)
    p.add_argument("--evidence", required=True)
    p.set_defaults(func=cmd_supervise_close)
    p = su_sub.add_parser("list", parents=[common], help="the ledger, filtered")
    p.add_argument("--year", type=int)
    p.add_argument("--level", type=level_arg)
    p.add_argument("--department")
    p.add_argument("--state", choices=["open", "closed"])
    p.add_argument("--overdue", action="store_true", default=None, help="overdue items only")
    p.add_argument("--not-overdue", dest="overdue", action="store_false", help="items not overdue only")
    p.add_argument("--today", type=date_arg, metavar="YYYY-MM-DD", help="judge overdue on this day")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_supervise_list)
