"""PostgreSQL through DuckDB's postgres extension, loaded offline from its PyPI package.

The package ships `postgres.duckdb_extension`, but DuckDB derives the extension's init symbol from
the file name and this build's entry point is `postgres_scanner`, so the file is copied once under
that name before LOAD.
"""

from __future__ import annotations

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
    target_dir = Path(tempfile.gettempdir()) / f"livelihood-duckdb-ext-{duckdb.__version__}"
    target_dir.mkdir(exist_ok=True)
    target = target_dir / "postgres_scanner.duckdb_extension"
    if not target.exists() or target.stat().st_size != shipped.stat().st_size:
        tmp = target.with_suffix(".tmp")
        shutil.copyfile(shipped, tmp)
        tmp.replace(target)
    return str(target)


def attach(url: str) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(":memory:", config={"allow_unsigned_extensions": "true"})
    conn.execute(f"LOAD '{extension_file()}'")
    conn.execute(f"ATTACH '{url.replace(chr(39), chr(39) * 2)}' AS store (TYPE postgres)")
    conn.execute("USE store")
    return conn
