"""The flow every sheet import of the command line shares (cli.common.settle_import): each branch decides the
exit code and the document's reason the same way for every command."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import pytest

from cli.common import EXIT_OK, EXIT_REFUSED, Refused, batch_committed, settle_import
from targets.errors import Refusal
from targets.issues import HasIssues, Issue, error, warning


@dataclass
class Preview(HasIssues):
    issues: list[Issue] = field(default_factory=list)


def args(*, dry_run: bool = False, yes: bool = False) -> argparse.Namespace:
    return argparse.Namespace(dry_run=dry_run, yes=yes)


WARNED = Preview([warning("odd", "怪", "odd", row=2, column="B")])


def never() -> int:
    raise AssertionError("the commit must not run")


def test_errors_reject_the_file_before_a_dry_run_or_a_commit():
    doc = {"ok": True}
    bad = Preview([error("bad", "坏", "bad", row=3, column="A"), error("bad", "坏", "bad", row=4, column="A")])
    assert settle_import(args(dry_run=True, yes=True), bad, doc, never, batch_committed, mark_ok=True) == EXIT_REFUSED
    assert doc == {"ok": False, "reason": "rejected: 2 error(s); nothing was written"}


def test_a_dry_run_writes_nothing_even_with_warnings():
    doc: dict = {}
    assert settle_import(args(dry_run=True), WARNED, doc, never, batch_committed, confirm_here=True) == EXIT_OK
    assert doc == {"reason": "dry run: nothing was written"}


def test_warnings_need_yes_where_the_command_checks_them_and_then_commit():
    doc: dict = {}
    assert settle_import(args(), WARNED, doc, never, batch_committed, confirm_here=True) == EXIT_REFUSED
    assert doc == {"reason": "1 warning(s) need confirmation (--yes)"}
    doc = {}
    assert settle_import(args(yes=True), WARNED, doc, lambda: 7, batch_committed, confirm_here=True) == EXIT_OK
    assert doc == {"committed": True, "batch_id": 7, "reason": "committed"}


def test_a_refusal_at_the_commit_is_reported_in_the_document_or_raised_as_the_commands():
    def refuse() -> int:
        raise Refusal("needs_confirmation", "The file has 1 warning(s).", "文件有 1 处警告。")

    doc: dict = {}
    assert settle_import(args(), WARNED, doc, refuse, batch_committed, report_refusal=True) == EXIT_REFUSED
    assert doc == {"reason": "The file has 1 warning(s).", "refusal": "needs_confirmation"}
    with pytest.raises(Refused) as raised:
        settle_import(args(), WARNED, {}, refuse, batch_committed)
    assert raised.value.code == "needs_confirmation"


def test_a_commit_that_changes_nothing_says_so():
    doc: dict = {}
    assert settle_import(args(), Preview(), doc, lambda: None, batch_committed) == EXIT_OK
    assert doc == {"committed": False, "batch_id": None, "reason": "nothing to change"}
