"""The public disclosure (公示): `publish` writes the static site of an edition built from approved figures,
`publish --edition N` writes an earlier edition again, `publish --list` lists the editions."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import EXIT_OK, Refused, actor_of, date_arg, emit, month_arg, ready_store, say


def _text_file(path: str | None) -> str | None:
    if not path:
        return None
    p = Path(path)
    if not p.is_file():
        raise Refused("no_file", f"No such file: {path}")
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused("bad_notice", f"The notice {path} is not UTF-8 text.") from exc


def _list(args: argparse.Namespace, store) -> int:
    from services.disclosure import edition_json, editions

    found = [edition_json(e) for e in editions(store)]

    def human() -> None:
        if not found:
            print("No edition published yet.")
        for e in found:
            print(
                f"  #{e['id']:<3} {e['as_of']}  published {e['published_at']} UTC by {e['published_by']}, "
                f"window {e['window']['from']} to {e['window']['to']}, {e['issuer']}  {e['content_sha256'][:12]}"
            )

    emit(args, {"ok": True, "editions": found}, human)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from services import disclosure

    store = ready_store(args)
    if args.list:
        return _list(args, store)
    if not args.out:
        raise Refused("no_out", "Say where to write the site: --out DIR.")
    out = Path(args.out)
    if args.edition is not None:
        done = disclosure.republish(store, args.edition, out, actor=actor_of(args))
    else:
        year, month = args.as_of if args.as_of else (args.year, None)
        particulars = disclosure.particulars(
            store,
            issuer=args.issuer,
            issuer_en=args.issuer_en,
            address=args.address,
            contact=args.contact,
            phone=args.phone,
            window_from=args.window_from,
            window_to=args.window_to,
            notice_zh=_text_file(args.notice),
            notice_en=_text_file(args.notice_en),
            objections_url=args.objections_url,
        )
        done = disclosure.publish(store, out, actor=actor_of(args), particulars=particulars, year=year, as_of=month)
    doc = done.as_json()

    def human() -> None:
        e = doc["edition"]
        say(f"Edition {e['id']} ({e['as_of']}) written to {doc['out']}: {len(doc['files'])} files")
        print(", ".join(f"{k} {v}" for k, v in doc["summary"].items()) + f" of {doc['total']}")

    emit(args, doc, human)
    return EXIT_OK


def register(sub, common: argparse.ArgumentParser, writes: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "publish",
        parents=[common, writes],
        help="the public disclosure (公示): a static site of a month's progress on approved figures only",
    )
    p.add_argument("--out", metavar="DIR", help="the folder to write the site into (replaced whole)")
    p.add_argument("--as-of", type=month_arg, metavar="YYYY-MM", help="default: the headline month of approved figures")
    p.add_argument("--year", type=int)
    p.add_argument("--notice", metavar="FILE", help="the notice's text in Chinese (UTF-8; default: generated)")
    p.add_argument("--notice-en", metavar="FILE", help="the notice's text in English (default: generated)")
    p.add_argument("--window-from", type=date_arg, metavar="YYYY-MM-DD", help="the objection window's first day")
    p.add_argument("--window-to", type=date_arg, metavar="YYYY-MM-DD", help="its last day (default: 7 days in all)")
    p.add_argument("--issuer", help="the issuing body (default: $LIVELIHOOD_PUBLISH_ISSUER)")
    p.add_argument("--issuer-en", help="the issuing body in English")
    p.add_argument("--address", help="the address objections are sent to")
    p.add_argument("--contact", help="the contact person (or office)")
    p.add_argument("--phone", help="the contact telephone")
    p.add_argument("--objections-url", metavar="URL", help="the objection form (default: $LIVELIHOOD_OBJECTIONS_URL)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--edition", type=int, metavar="N", help="write edition N again, byte for byte")
    what.add_argument("--list", action="store_true", help="list the editions published")
    p.set_defaults(func=cmd_publish)
