"""Shared fixtures: paths to the seeds, fresh stores, the CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The seed documents the catalogue cites ship with it (targets/sources); the shared originals are
# beside the repository on developers' machines and in CI, and a test checks the copies match.
SEEDS = ROOT / "targets" / "sources"
SHARED_SEEDS = Path(os.environ.get("LIVELIHOOD_SEEDS", ROOT.parent / "shared" / "seeds"))


# --- the stores ---------------------------------------------------------------------------------
# Every test under tests/store that touches a database (through `db_target`, `store` or `cli`) runs
# once on an embedded DuckDB file and once on PostgreSQL: `pytest -m "not postgres"` leaves the
# second out. Elsewhere the store is a DuckDB file. This is the one place that says so.

BOTH_STORES = ROOT / "tests" / "store"
# A module or test marked `store_independent("why")` runs on DuckDB only: its behaviour is a rule that merely goes
# through the store (rendering, parsing, the CLI's contract), and every named query it runs on PostgreSQL is run
# there by a test that stays on both (LIVELIHOOD_QUERY_LOG below shows which). `store_dependent` on a test in
# such a module keeps that test on both.


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_kind" not in metafunc.fixturenames or BOTH_STORES not in Path(metafunc.definition.path).parents:
        return
    kinds = [pytest.param("duckdb"), pytest.param("postgres", marks=pytest.mark.postgres)]
    if metafunc.definition.get_closest_marker("postgres"):  # a test of PostgreSQL's own behaviour
        kinds = kinds[1:]
    elif metafunc.definition.get_closest_marker("store_independent") and not metafunc.definition.get_closest_marker(
        "store_dependent"
    ):  # a rule that only goes through the store: PostgreSQL's paths are run by the store's own tests
        kinds = kinds[:1]
    metafunc.parametrize("store_kind", kinds, indirect=True)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    """The store this test runs on: duckdb, or postgres (parametrised under tests/store; elsewhere duckdb)."""
    return getattr(request, "param", "duckdb")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the session (tests/postgres_cluster.py); missing PostgreSQL fails in CI."""
    from tests.postgres_cluster import Cluster, find_bindir

    if find_bindir() is None:
        message = "PostgreSQL not found (initdb, pg_ctl): run `bash scripts/setup.sh --dev` (apt package postgresql)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    cluster = Cluster.start()
    yield cluster
    cluster.stop()


def _initialised(url: str) -> None:
    from db import open_store
    from services.setup import init_store

    init_store(open_store(url, migrate=False))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.duckdb"


@pytest.fixture
def db_target(store_kind: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """This test's database: a DuckDB file path, or the URL of a new PostgreSQL database.

    A test that asks for `store` gets a copy of a database initialised once per session (as cheap
    as an empty one on PostgreSQL); any other starts empty (TEMPLATE template0).
    """
    if store_kind == "duckdb":
        return str(db_path)
    cluster = request.getfixturevalue("postgres_cluster")
    template = cluster.template("initialised", _initialised) if "store" in request.fixturenames else "template0"
    url = cluster.new_database(template)
    request.addfinalizer(lambda: cluster.drop_database(url))
    return url


@pytest.fixture
def store(db_target: str):
    """A fresh, initialised store with the bundled catalogue."""
    from db import open_store
    from services.setup import init_store

    s = open_store(db_target, migrate=False)
    init_store(s)
    return s


@pytest.fixture
def cli(db_target: str):
    """Run `python -m targets --db <this test's database> ARGS…` as a user would, in this process.

    The command runs through cli.run() with its own standard input, output and error (tests/cli_runner.py
    says why and what only a real process shows); env= (settings read at import) starts a real process.
    """
    from tests.cli_runner import in_process, in_subprocess

    def run(*args: str, db: str | None = None, stdin: str | None = None, env: dict[str, str] | None = None):
        argv = ["--db", db or db_target, *args]
        return in_subprocess(argv, stdin, env) if env else in_process(argv, stdin)

    return run


@pytest.fixture
def cli_process(db_target: str):
    """Like `cli`, in a new `python -m targets` process (for what only a process shows: exit status, streams)."""
    from tests.cli_runner import in_subprocess

    def run(*args: str, db: str | None = None, stdin: str | None = None, env: dict[str, str] | None = None):
        return in_subprocess(["--db", db or db_target, *args], stdin, env)

    return run


@pytest.fixture(autouse=True)
def _record_postgres_queries(request: pytest.FixtureRequest):
    """LIVELIHOOD_QUERY_LOG=FILE: note which named queries each PostgreSQL test runs (FILE.<worker>), to check
    that the tests kept on PostgreSQL still run every query the store tests run there (see store_independent)."""
    target = os.environ.get("LIVELIHOOD_QUERY_LOG")
    callspec = getattr(request.node, "callspec", None)
    if not target or callspec is None or callspec.params.get("store_kind") != "postgres":
        yield
        return
    import db.sql

    seen: set[str] = set()
    real = db.sql.queries

    class Recording(dict):
        def __getitem__(self, name: str) -> str:
            seen.add(name)
            return super().__getitem__(name)

    recording = Recording(real())
    db.sql.queries = lambda: recording
    try:
        yield
    finally:
        db.sql.queries = real
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(f"{target}.{worker}", "a", encoding="utf-8") as out:
            out.writelines(f"{request.node.nodeid}\t{name}\n" for name in sorted(seen))
