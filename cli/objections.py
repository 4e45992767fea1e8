"""Objections to the public disclosure (异议): `objections serve` (the form service), `objections list`,
`objections reply`, `objections publish`, `objections reject` and `objections window`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, Refused, actor_of, date_arg, emit, open_db, ready_store, say


def _year(args: argparse.Namespace, store) -> int:
    from services.objections import service_year

    year = args.year or service_year(store)
    if year is None:
        raise Refused("no_plan", "There is no plan yet; give --year.")
    return year


def _print_one(o: dict) -> None:
    print(f"#{o['id']} [{o['state']}] {o['task'] or 'general'} {o['submitted_at']}")
    print(f"  {o['text']}")
    if o["name"] or o["contact"]:
        print(f"  from: {o['name'] or '—'} / {o['contact'] or '—'}")
    if o["reply"]:
        print(f"  reply ({o['replied_by']}, {o['replied_at']}): {o['reply']}")
    if o["question"]:
        print(f"  published as ({o['published_by']}, {o['published_at']}): {o['question']}")
    if o["reason"]:
        print(f"  rejected ({o['rejected_by']}, {o['rejected_at']}): {o['reason']}")


def cmd_list(args: argparse.Namespace) -> int:
    from services.objections import objections

    store = open_db(args)
    year = _year(args, store)
    found = objections(store, year, actor=actor_of(args), state=args.state, task=args.task)
    doc = {"ok": True, "year": year, "count": len(found), "objections": [o.as_json() for o in found]}

    def human() -> None:
        for o in doc["objections"]:
            _print_one(o)
        if not found:
            say(f"No objections for {year}.")

    emit(args, doc, human)
    return EXIT_OK


def _step_done(args: argparse.Namespace, objection, what: str) -> int:
    doc = {"ok": True, "objection": objection.as_json()}
    emit(args, doc, lambda: (say(f"Objection {objection.id} {what}."), _print_one(doc["objection"])))
    return EXIT_OK


def _refused_problems(exc) -> Refused:
    extra = dict(exc.extra)
    if "problems" in extra:
        extra["problems"] = [{"field": p.field, "code": p.code, "message": p.en} for p in extra["problems"]]
    return Refused(exc.code, exc.message_en, **extra)


def cmd_reply(args: argparse.Namespace) -> int:
    from services.objections import reply

    return _step_done(args, reply(open_db(args), args.id, args.text, actor=actor_of(args)), "replied to")


def cmd_publish(args: argparse.Namespace) -> int:
    from services.objections import publish_reply
    from targets.errors import Refusal

    try:
        done = publish_reply(open_db(args), args.id, args.question, actor=actor_of(args))
    except Refusal as exc:
        raise _refused_problems(exc) from exc
    return _step_done(args, done, "published")


def cmd_reject(args: argparse.Namespace) -> int:
    from services.objections import reject

    return _step_done(args, reject(open_db(args), args.id, args.reason, actor=actor_of(args)), "rejected")


def cmd_window(args: argparse.Namespace) -> int:
    from services.objections import current_window, set_window

    store = open_db(args)
    year = _year(args, store)
    if (args.opens is None) != (args.closes is None):
        raise Refused("bad_window", "Give both --from and --to, or neither to show the window.")
    if args.opens is not None:
        set_window(store, year, args.opens, args.closes, actor=actor_of(args))
    window = current_window(store, year)
    doc = {
        "ok": True,
        "year": year,
        "window": None
        if window is None
        else {"from": window.opens.isoformat(), "to": window.closes.isoformat(), "source": window.source},
    }
    emit(
        args,
        doc,
        lambda: print(
            f"{year}: no objection window (the form is closed)"
            if window is None
            else f"{year}: {window.opens} to {window.closes} ({window.source})"
        ),
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from objection_service.app import create_app

    store = ready_store(args)
    app = create_app(store.target)
    say(f"Objection form on http://{args.host}:{args.port}/ (store {store.display_name})")
    # X-Forwarded-For is read by the app itself, from LIVELIHOOD_OBJECTION_TRUSTED_PROXIES only.
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, server_header=False, log_level="info")
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    group = sub.add_parser("objections", help="objections to the public disclosure (异议): the form and the replies")
    actions = group.add_subparsers(dest="objections_command", metavar="ACTION", required=True)
    p = actions.add_parser("serve", help="run the public objection form service (uvicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8600)
    p.set_defaults(func=cmd_serve)
    p = actions.add_parser(
        "list", parents=[common, writes], help="the year's objections with names and contacts (administrators)"
    )
    p.add_argument("--year", type=int, help="default: the latest plan's year")
    p.add_argument("--state", choices=("new", "replied", "published", "rejected"))
    p.add_argument("--task", help="a task code, or '' for the general ones")
    p.set_defaults(func=cmd_list)
    p = actions.add_parser("reply", parents=[common, writes], help="record or rewrite the reply (not yet public)")
    p.add_argument("id", type=int)
    p.add_argument("text")
    p.set_defaults(func=cmd_reply)
    p = actions.add_parser(
        "publish", parents=[common, writes], help="publish the reply with the question as edited (no personal data)"
    )
    p.add_argument("id", type=int)
    p.add_argument("--question", help="the question as published (default: the text with personal data masked)")
    p.set_defaults(func=cmd_publish)
    p = actions.add_parser("reject", parents=[common, writes], help="reject an objection with the reason")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_reject)
    p = actions.add_parser(
        "window", parents=[common, writes], help="show the objection window, or set it with --from and --to"
    )
    p.add_argument("--year", type=int, help="default: the latest plan's year")
    p.add_argument("--from", dest="opens", type=date_arg, help="first day, like 2024-10-10")
    p.add_argument("--to", dest="closes", type=date_arg, help="last day, inclusive")
    p.set_defaults(func=cmd_window)
