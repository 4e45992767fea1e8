"""PostgreSQL through DuckDB's postgres extension, loaded offline from its PyPI package.

The same named SQL (db/queries) and migrations (db/migrations) run on both stores: DuckDB attaches
the PostgreSQL database as `store` and translates types (DOUBLE -> float8, BLOB -> bytea,
TIMESTAMP, BOOLEAN, VARCHAR) and `$name` parameters itself. Two things need PostgreSQL's own
features, reached through the extension's `postgres_execute` on the transaction's own
connection, and they live here and nowhere else:

- The write lock. Ids are assigned MAX+1 inside the writing transaction and every write ends by
  bumping the data-version stamp, so two servers writing at once must take turns: every write
  transaction starts with `pg_advisory_xact_lock(WRITE_LOCK)`, released by COMMIT or ROLLBACK (or
  by the server when the connection drops). Migrations take the same lock, so two servers
  starting at once apply each migration exactly once. The transaction-scoped form rather than a
  session lock (pg_advisory_lock): it cannot outlive the transaction that took it, on any path,
  and needs no second connection. Readers take no lock.
- The isolation level. The extension opens its transactions REPEATABLE READ, whose snapshot is
  taken by the first statement - the lock itself, before it waited - so a writer would decide on
  data older than the writer it waited for. The transaction is switched to READ COMMITTED before
  the lock: every statement after the lock sees everything committed before it, and writers are
  serialised by the lock instead of by snapshots.

The package ships `postgres.duckdb_extension`, but DuckDB derives the extension's init symbol from
the file name and this build's entry point is `postgres_scanner`, so the file is copied once under
that name before LOAD.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import duckdb


@cache
def extension_file() -> str:
    try:
        import duckdb_extension_postgres
    except ImportError as exc:  # pragma: no cover - a broken install
        raise RuntimeError("duckdb-extension-postgres is missing: pip install -r requirements.txt") from exc
    shipped = next(
        Path(duckdb_extension_postgres.__file__).parent.glob(f"extensions/v{duckdb.__version__}/*.duckdb_extension"),
        None,
    )
    if shipped is None:
        raise RuntimeError(f"duckdb-extension-postgres has no build for duckdb {duckdb.__version__}")
    # A private folder of this user's: an unsigned extension is loaded from it, so nobody else may write there.
    target_dir = Path(tempfile.gettempdir()) / f"livelihood-duckdb-ext-{duckdb.__version__}-{os.getuid()}"
    target_dir.mkdir(mode=0o700, exist_ok=True)
    info = target_dir.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        target_dir = Path(tempfile.mkdtemp(prefix="livelihood-duckdb-ext-"))
    target = target_dir / "postgres_scanner.duckdb_extension"
    if not target.exists() or target.stat().st_size != shipped.stat().st_size:
        tmp = target.with_suffix(f".{os.getpid()}.tmp")  # servers starting at once each copy their own
        shutil.copyfile(shipped, tmp)
        tmp.replace(target)
    return str(target)


def attach(url: str) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(":memory:", config={"allow_unsigned_extensions": "true"})
    conn.execute(f"LOAD '{extension_file()}'")
    conn.execute(f"ATTACH '{url.replace(chr(39), chr(39) * 2)}' AS store (TYPE postgres)")
    conn.execute("USE store")
    return conn


# One number for the whole store: any transaction that writes holds it (see the module docstring).
WRITE_LOCK = 0x4C49_5645  # "LIVE"
LOCK_WAIT_SECONDS = 30


def lock_for_writing(conn: duckdb.DuckDBPyConnection) -> None:
    """Called first in a write transaction: READ COMMITTED, then wait (bounded) for the store's write lock."""
    conn.execute(
        "CALL postgres_execute('store', "
        "'SET TRANSACTION ISOLATION LEVEL READ COMMITTED; "
        f"SET LOCAL lock_timeout = ''{LOCK_WAIT_SECONDS}s''; "
        f"SELECT pg_advisory_xact_lock({WRITE_LOCK}); "
        "SET LOCAL lock_timeout = 0')"
    )


def is_lock_timeout(exc: BaseException) -> bool:
    return "lock timeout" in str(exc).lower()
