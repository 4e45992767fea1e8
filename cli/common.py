"""What every command shares: its output (one JSON document with --json, messages on stderr), the acting
account, the store, refusals as exit 1, and the argument types."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

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


IMPORT_ATTEMPTS = 3  # previews of one `import` when other writers keep changing the same figures


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
