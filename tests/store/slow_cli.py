"""`python -m targets` for the concurrency tests: start together, and optionally hold an
upload's write transaction open, so two processes really do overlap.

    python -m tests.store.slow_cli [--barrier DIR --parties N] [--hold SECONDS] [--ready FILE] -- CLI ARGS…

--hold pauses an upload once its batch, revisions and figures are written, before its audit entry and
COMMIT (inside the write transaction, under the store's write lock); --ready names a file created at
that moment, so a test can kill the process or its connection mid-commit. The pause ends after
SECONDS, or when the test removes that file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--barrier", help="a folder: start once --parties processes have arrived there")
    parser.add_argument("--parties", type=int, default=1)
    parser.add_argument("--hold", type=float, default=0.0)
    parser.add_argument("--ready")
    parser.add_argument("cli", nargs=argparse.REMAINDER)
    opts = parser.parse_args(argv)
    cli = opts.cli[1:] if opts.cli[:1] == ["--"] else opts.cli

    if opts.hold or opts.ready:
        import db.audit

        real_record = db.audit.record
        held = {"done": False}

        def record(conn, actor, action, *args, **kwargs):
            if action.startswith("figures.") and not held["done"]:  # the figures are written, not yet committed
                held["done"] = True
                ready = Path(opts.ready) if opts.ready else None
                if ready:
                    ready.touch()
                deadline = time.monotonic() + opts.hold
                while time.monotonic() < deadline and (ready is None or ready.exists()):
                    time.sleep(0.02)
            return real_record(conn, actor, action, *args, **kwargs)

        db.audit.record = record

    from targets.__main__ import main as cli_main

    if opts.barrier:  # every process has started and imported: off they go together
        barrier = Path(opts.barrier)
        (barrier / str(os.getpid())).touch()
        deadline = time.monotonic() + 60
        while len(list(barrier.iterdir())) < opts.parties and time.monotonic() < deadline:
            time.sleep(0.005)
    return cli_main(cli)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
