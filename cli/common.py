"""What every command shares: its output (one JSON document with --json, messages on stderr), the acting
account, the store, refusals as exit 1, and the argument types."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """The command was understood but cannot be done; carries a stable code and a message."""

    def __init__(self, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


def emit(args: argparse.Namespace, document: dict[str, Any], human: Callable[[], None]) -> None:
    if args.json:
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        human()


def say(message: str) -> None:
    print(message, file=sys.stderr)


def actor_of(args: argparse.Namespace) -> str:
    return getattr(args, "as_user", None) or getpass.getuser() or "cli"


def open_db(args: argparse.Namespace):
    from db import open_store

    return open_store(args.db, migrate=False)


def ready_store(args: argparse.Namespace):
    """The store, migrated and holding the bundled catalogue (start-up work; idempotent)."""
    from services.setup import ready

    return ready(args.db)


def read_file(path: str) -> bytes:
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        raise Refused("no_file", f"No such file: {path}")
    return p.read_bytes()


def refused(exc) -> Refused:
    return Refused(exc.code, exc.message_en, **exc.extra)


def preview_file(args: argparse.Namespace, make: Callable[[Any, bytes, str], T]) -> tuple[Any, T]:
    """The ready store and `make(store, data, filename)` of the file an import names; a refusal is the command's."""
    from pathlib import Path

    from targets.errors import Refusal

    store = ready_store(args)
    data = read_file(args.file)
    try:
        return store, make(store, data, Path(args.file).name)
    except Refusal as exc:
        raise refused(exc) from exc


def month_arg(text: str) -> tuple[int | None, int]:
    """YYYY-MM (or M) → (year or None, month)."""
    import re

    m = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2024-06")
    return (int(m.group(1)) if m.group(1) else None, int(m.group(2)))


def date_arg(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-07-05") from exc


def password_from_stdin(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        raise Refused(
            "password_required", "Give the password on standard input with --password-stdin (never as an argument)."
        )
    line = sys.stdin.readline()
    if not line:
        raise Refused("password_required", "No password on standard input.")
    return line.rstrip("\r\n")


def refuse(args: argparse.Namespace, code: str, message: str, **extra: Any) -> int:
    """Exit 1 with the reason: in the JSON document (with --json) and on stderr."""
    if args.json:
        doc = {"ok": False, "error": {"code": code, "message": message, **extra}}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    say(f"Refused: {message}")
    return EXIT_REFUSED


def settle_import(
    args: argparse.Namespace,
    preview: Any,
    doc: dict[str, Any],
    commit: Callable[[], T],
    committed: Callable[[T], dict[str, Any]],
    *,
    confirm_here: bool = False,
    report_refusal: bool = False,
    mark_ok: bool = False,
) -> int:
    """The flow every sheet import shares, so each command keeps only what it reads and reports: errors reject the
    file, --dry-run writes nothing, warnings need --yes (checked here with `confirm_here`, else by the commit),
    otherwise commit. Fills doc's reason (and what `committed` makes of the commit's result) and returns the exit
    code; a refusal at the commit is reported in doc (`report_refusal`) or raised as the command's refusal."""
    from targets.errors import Refusal

    def refuse(reason: str) -> int:
        doc["reason"] = reason
        if mark_ok:
            doc["ok"] = False
        return EXIT_REFUSED

    if preview.errors:
        return refuse(f"rejected: {len(preview.errors)} error(s); nothing was written")
    if args.dry_run:
        doc["reason"] = "dry run: nothing was written"
        return EXIT_OK
    if confirm_here and preview.warnings and not args.yes:
        return refuse(f"{len(preview.warnings)} warning(s) need confirmation (--yes)")
    try:
        result = commit()
    except Refusal as exc:
        if not report_refusal:
            raise refused(exc) from exc
        doc["reason"], doc["refusal"] = exc.message_en, exc.code
        return EXIT_REFUSED
    doc.update(committed(result))
    return EXIT_OK


def import_revisions(
    args: argparse.Namespace, make: Callable[[Any, bytes, str], T], commit: Callable[..., int | None]
) -> tuple[T, dict[str, Any], int]:
    """An import of a sheet of revisions (regional targets, milestones) written as one batch: its preview, its
    document and the exit code; a refusal at the commit (warnings without --yes, a stale preview) is reported in
    the document."""
    store, preview = preview_file(args, make)
    doc = {**preview.as_json("en"), "committed": False, "batch_id": None}
    code = settle_import(
        args,
        preview,
        doc,
        lambda: commit(store, preview, actor=actor_of(args), confirm_warnings=args.yes),
        batch_committed,
        report_refusal=True,
    )
    return preview, doc, code


def batch_committed(batch_id: int | None, *, unchanged: str = "nothing to change") -> dict[str, Any]:
    """What an import committed as one batch adds to its document (None: nothing changed, nothing written)."""
    return {
        "committed": batch_id is not None,
        "batch_id": batch_id,
        "reason": "committed" if batch_id is not None else unchanged,
    }


def import_arguments(
    parser: argparse.ArgumentParser,
    *,
    year_required: bool = False,
    year_help: str | None = None,
    month_help: str | None = None,
    dry_run_help: str | None = None,
    yes_help: str = "commit although there are warnings",
) -> None:
    """The arguments every sheet import takes (read by preview_file and settle_import): the file, --year, --month
    where a month is asked for (`month_help`), --dry-run and --yes."""
    parser.add_argument("file")
    parser.add_argument("--year", type=int, required=year_required, help=year_help)
    if month_help is not None:
        parser.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help=month_help)
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)
    parser.add_argument("--yes", action="store_true", help=yes_help)
