"""Two ways to run `python -m targets --db … ARGS…` for the tests, with the same result object.

    in_process(["--db", path, "--json", "status"])      # cli.run() here: ~no start-up cost
    in_subprocess(["--db", path, "--json", "status"])   # a real process, as a user runs it

A new Python process costs about a second before the command starts (the interpreter, then DuckDB,
which imports pandas and numpy on the first query with parameters); the store tests run a few hundred
commands, so the `cli` fixture runs them in the test's own process: arguments, standard input, standard
output and standard error, the working folder and the exit code (argparse's 2, an uncaught error's
traceback and 1) are those of the real process. What only a process shows (its exit status as the shell
sees it, the streams kept apart at the file-descriptor level, settings read once at import such as
LIVELIHOOD_REGIONS) is checked by tests/store/test_cli_process.py through `in_subprocess`.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CliResult:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code = code
        self.stdout = stdout
        self.stderr = stderr

    @property
    def json(self):
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, stdout={self.stdout[:200]!r}, stderr={self.stderr[:200]!r})"


def in_subprocess(args: Sequence[str], stdin: str | None = None, env: dict[str, str] | None = None) -> CliResult:
    """`python -m targets ARGS…` in a new process (the working folder is the repository)."""
    proc = subprocess.run(
        [sys.executable, "-m", "targets", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def _exit_code(exc: SystemExit) -> int:
    # What the interpreter does with sys.exit(x): None is 0, an int is itself, anything else is printed and 1.
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def in_process(args: Sequence[str], stdin: str | None = None) -> CliResult:
    """cli.run(ARGS) in this process, its streams captured as a subprocess's would be."""
    import cli

    out, err = io.StringIO(), io.StringIO()
    # A process with no logging set up prints WARNING and above, bare, on stderr (logging.lastResort).
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    saved_stdin, saved_cwd = sys.stdin, os.getcwd()
    sys.stdin = io.StringIO(stdin or "")
    root.addHandler(handler)
    try:
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.run(list(args))
            except SystemExit as exc:
                code = _exit_code(exc)
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        root.removeHandler(handler)
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
    return CliResult(0 if code is None else code, out.getvalue(), err.getvalue())
