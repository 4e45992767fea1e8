"""Shared fixtures: paths to the seeds, fresh stores, the CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The seed documents the catalogue cites ship with it (targets/sources); the shared originals are
# beside the repository on developers' machines and in CI, and a test checks the copies match.
SEEDS = ROOT / "targets" / "sources"
SHARED_SEEDS = Path(os.environ.get("LIVELIHOOD_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.duckdb"


@pytest.fixture
def store(db_path: Path):
    """A fresh, initialised store with the bundled catalogue."""
    from db import open_store
    from db.setup import init_store

    s = open_store(str(db_path), migrate=False)
    init_store(s)
    return s


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess[str]):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    @property
    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def cli(db_path: Path):
    """Run `python -m targets --db <tmp> ARGS…` in a subprocess, as a user would."""

    def run(
        *args: str, db: str | None = None, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> CliResult:
        cmd = [sys.executable, "-m", "targets", "--db", db or str(db_path), *args]
        proc = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, input=stdin, env={**os.environ, **(env or {})}, timeout=120
        )
        return CliResult(proc)

    return run
