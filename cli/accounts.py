"""Accounts and the audit log: `users …` and `audit`."""

from __future__ import annotations

import argparse

from cli.common import EXIT_OK, emit, open_db, password_from_stdin, ready_store, refused


def cmd_users(args: argparse.Namespace) -> int:
    from services import accounts as users
    from services.reminders import check_contact, contacts, set_contact
    from targets.access import Role
    from targets.errors import Refusal

    store = ready_store(args)
    actor = getattr(args, "as_user", None)
    action = args.users_command
    try:
        if action == "add":
            check_contact(args.email, args.lang)  # before the account is made: nothing half-written
            users.add_user(
                store, args.name, Role(args.role), password_from_stdin(args), department=args.department, actor=actor
            )
            doc = {"ok": True, "user": args.name, "role": args.role, "department": args.department}
            if args.email or args.lang:
                set_contact(store, args.name, email=args.email, lang=args.lang, actor=actor or args.name)
                doc.update(email=args.email, lang=args.lang)
        elif action == "set":
            set_contact(store, args.name, email=args.email, lang=args.lang, actor=actor)
            contact = contacts(store)[args.name]
            doc = {"ok": True, "user": args.name, "email": contact.email, "lang": contact.lang}
        elif action == "role":
            users.set_role(store, args.name, Role(args.role), department=args.department, actor=actor)
            doc = {"ok": True, "user": args.name, "role": args.role}
        elif action in ("disable", "enable"):
            users.set_disabled(store, args.name, action == "disable", actor=actor)
            doc = {"ok": True, "user": args.name, "disabled": action == "disable"}
        elif action == "password":
            users.set_password(store, args.name, password_from_stdin(args), actor=actor)
            doc = {"ok": True, "user": args.name}
        else:
            accounts = users.accounts(store)
            known = contacts(store)
            doc = {
                "users": [
                    {
                        "name": a.user.name,
                        "role": a.user.role.value,
                        "department": a.user.department,
                        "disabled": a.user.disabled,
                        "locked_until": a.locked_until,
                        "last_login_at": a.last_login_at,
                        "created_by": a.created_by,
                        "email": known[a.user.name].email if a.user.name in known else None,
                        "lang": known[a.user.name].lang if a.user.name in known else None,
                    }
                    for a in accounts
                ]
            }
    except Refusal as exc:
        raise refused(exc) from exc

    def human() -> None:
        if "users" in doc:
            for u in doc["users"]:
                flags = " (disabled)" if u["disabled"] else ""
                email = f" <{u['email']}>" if u["email"] else ""
                print(f"{u['name']:<16} {u['role']:<9} {u['department'] or '-'}{email}{flags}")
        else:
            print(f"{action}: done for {args.name}.")

    emit(args, doc, human)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from services.history import audit_log

    store = open_db(args)
    entries = audit_log(store, getattr(args, "as_user", None), args.limit)
    doc = {"entries": entries}

    def human() -> None:
        for e in entries:
            print(
                f"#{e['id']} {e['at']:%Y-%m-%d %H:%M:%S} {e['actor']:<12} {e['action']:<20} {e['object'] or ''} {e['detail'] or ''}"
            )

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    us = sub.add_parser("users", help="accounts: add, list, set, role, disable, enable, password")
    us_sub = us.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    roles = ["viewer", "reporter", "press", "admin"]
    p = us_sub.add_parser("add", parents=[common, writes], help="add an account (the first must be an admin)")
    p.add_argument("name")
    p.add_argument("--role", choices=roles, required=True)
    p.add_argument("--department", help="a reporter's lead department (牵头单位), e.g. 省民政厅")
    p.add_argument("--password-stdin", action="store_true", help="read the password from one line of standard input")
    p.add_argument("--email", help="the e-mail address reminders go to")
    p.add_argument("--lang", choices=["zh", "en"], help="the language of the account's reminders (default zh)")
    p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("set", parents=[common, writes], help="an account's e-mail address and reminder language")
    p.add_argument("name")
    p.add_argument("--email", help="the e-mail address reminders go to ('' clears it)")
    p.add_argument("--lang", choices=["zh", "en"], help="the language of the account's reminders")
    p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("list", parents=[common], help="list the accounts")
    p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("role", parents=[common, writes], help="change an account's role")
    p.add_argument("name")
    p.add_argument("role", choices=roles)
    p.add_argument("--department")
    p.set_defaults(func=cmd_users)
    for name in ("disable", "enable"):
        p = us_sub.add_parser(name, parents=[common, writes], help=f"{name} an account")
        p.add_argument("name")
        p.set_defaults(func=cmd_users)
    p = us_sub.add_parser("password", parents=[common, writes], help="set an account's password")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("audit", parents=[common, writes], help="the audit log (admins)")
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=cmd_audit)
