"""A page run's reads on PostgreSQL over psycopg 3 and a connection pool, behind the same named SQL.

Why (issue 22, figures in bench/RESULTS.md and the README): every read through DuckDB's postgres extension
passes its scanner, which binds the attached catalogue and opens a COPY for each query; the first page run
after a write makes a few dozen small reads, and over psycopg they cost a fraction of that. So Store.hold,
the connection a page run reads through, takes a pooled psycopg connection on PostgreSQL. Everything else
stays on the extension: writes, migrations and the write lock (db.postgres), the CLI's reads, copies. Set
LIVELIHOOD_PG_READS=extension to read through the extension as before.

The named SQL (db/queries) is DuckDB's dialect with `$name` parameters; the queries a page reads are also
PostgreSQL's (tests/store/test_native_reads.py runs every one of them on both). What differs is
translated here, once per statement:
- parameters: `$name` becomes psycopg's `%(name)s`, and a literal `%` is doubled;
- order: DuckDB (and so the extension, which sorts in DuckDB) orders text by its bytes, PostgreSQL by the
  database's collation (en-US puts "a-2" after "a1" and "Zoe" last, zh_CN sorts Chinese by pinyin); an ORDER BY
  on a text column gets COLLATE "C", which is the byte order.
Values come back as the same Python types (the test compares them too): no read sums integers into
PostgreSQL's `numeric`, which would come back as a Decimal.
Every pooled connection is read-only (default_transaction_read_only): a write that strayed here fails.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from typing import Any

ENV_VAR = "LIVELIHOOD_PG_READS"
POOL_SIZE = 16  # page runs of one server reading at once; more wait for a connection (POOL_WAIT_SECONDS)
POOL_WAIT_SECONDS = 10.0

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING = re.compile(r"'(?:[^']|'')*'")
_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(.+?)(?=\s+LIMIT\b|\s+OFFSET\b|\)|$)", re.IGNORECASE | re.DOTALL)
_ORDER_ITEM = re.compile(r"^\s*((?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*))(\s+(?:ASC|DESC))?\s*$", re.IGNORECASE)


def enabled() -> bool:
    """Whether page runs read PostgreSQL over psycopg (the default; LIVELIHOOD_PG_READS=extension turns it off)."""
    return os.environ.get(ENV_VAR, "native").strip().lower() != "extension"


def params_of(sql: str) -> list[str]:
    """The `$name` parameters a statement uses, outside its string literals."""
    return _PARAM.findall(_STRING.sub("''", sql))


@cache
def translate(sql: str, text_columns: frozenset[str] = frozenset()) -> str:
    """The statement as psycopg runs it on PostgreSQL (see the module docstring); `text_columns` are the names
    of the store's text columns, whose ORDER BY gets the byte order."""
    out: list[str] = []
    at = 0
    for literal in _STRING.finditer(sql):
        out.append(_code(sql[at : literal.start()], text_columns))
        out.append(literal.group(0).replace("%", "%%"))
        at = literal.end()
    out.append(_code(sql[at:], text_columns))
    return "".join(out)


def _code(part: str, text_columns: frozenset[str]) -> str:
    part = _PARAM.sub(r"%(\1)s", part.replace("%", "%%"))
    return _ORDER_BY.sub(lambda m: _ordered(m, text_columns), part)


def _ordered(match: re.Match[str], text_columns: frozenset[str]) -> str:
    items = []
    for item in match.group(1).split(","):
        found = _ORDER_ITEM.match(item)
        if found is None:
            raise ValueError(f"ORDER BY {item.strip()!r}: only column names are ordered over psycopg (db.native)")
        ref, column, direction = found.group(1), found.group(2), found.group(3) or ""
        items.append(f'{ref} COLLATE "C"{direction}' if column.lower() in text_columns else f"{ref}{direction}")
    return "ORDER BY " + ", ".join(items)


class Reader:
    """A pooled psycopg connection with the part of DuckDB's connection the repository's reads use:
    execute(sql, params) -> a cursor with fetchall, fetchone and description."""

    def __init__(self, conn: Any, text_columns: frozenset[str]):
        self.raw = conn
        self._text_columns = text_columns

    def execute(self, sql: str, params: dict | None = None) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(translate(sql, self._text_columns), params or None)
        return cursor


class _Pools:
    """One pool per store URL in this process, and the store's text columns (read once, at the first pool)."""

    def __init__(self) -> None:
        self._pools: dict[str, Any] = {}
        self._text: dict[str, frozenset[str]] = {}
        self._guard = threading.Lock()

    def take(self, url: str) -> Reader:
        pool, text = self._pool(url)
        return Reader(pool.getconn(timeout=POOL_WAIT_SECONDS), text)

    def give(self, url: str, reader: Reader) -> None:
        pool = self._pools.get(url)
        if pool is None:  # closed meanwhile
            reader.raw.close()
            return
        pool.putconn(reader.raw)

    def discard(self, url: str, reader: Reader) -> None:
        """A connection that failed: closed, then given back, so the pool replaces it."""
        with suppress(Exception):
            reader.raw.close()
        self.give(url, reader)

    def close_all(self) -> None:
        with self._guard:
            pools, self._pools, self._text = list(self._pools.values()), {}, {}
        for pool in pools:
            pool.close()

    def _pool(self, url: str) -> tuple[Any, frozenset[str]]:
        with self._guard:
            pool = self._pools.get(url)
            if pool is None:
                from psycopg_pool import ConnectionPool

                pool = ConnectionPool(
                    url,
                    min_size=1,
                    max_size=POOL_SIZE,
                    kwargs={"autocommit": True},
                    configure=_configure,
                    check=ConnectionPool.check_connection,
                    timeout=POOL_WAIT_SECONDS,
                    name="livelihood-reads",
                    open=False,
                )
                pool.open(wait=True, timeout=POOL_WAIT_SECONDS)
                try:
                    with pool.connection(timeout=POOL_WAIT_SECONDS) as conn:
                        self._text[url] = text_columns(conn)
                except BaseException:
                    pool.close()
                    raise
                self._pools[url] = pool
            return pool, self._text[url]


def text_columns(conn: Any) -> frozenset[str]:
    """The names of the store's columns that are text in every table that has one (in the schema the connection
    reads). A name that is text in one table and a number in another (sessions.id) gets no collation: COLLATE on
    a number is an error; the parity test (tests/store/test_native_reads.py) would show an order that differs."""
    rows = conn.execute(
        "SELECT lower(column_name) FROM information_schema.columns WHERE table_schema = current_schema() "
        "GROUP BY lower(column_name) "
        "HAVING bool_and(data_type IN ('text', 'character varying', 'character'))"
    ).fetchall()
    return frozenset(row[0] for row in rows)


def _configure(conn: Any) -> None:
    conn.execute("SET default_transaction_read_only = on")


_pools = _Pools()
take = _pools.take
give = _pools.give
close_all = _pools.close_all
discard = _pools.discard


def errors() -> tuple[type[BaseException], ...]:
    """What psycopg and its pool raise (for Store's handling of a lost or unreachable server)."""
    import psycopg
    import psycopg_pool

    return (psycopg.Error, psycopg_pool.PoolTimeout)


def lost(exc: BaseException, messages: Iterable[str]) -> bool:
    """Whether a psycopg error means the server went away (the connection is no good any more)."""
    import psycopg
    import psycopg_pool

    if isinstance(exc, psycopg_pool.PoolTimeout):
        return True
    if isinstance(exc, psycopg.OperationalError):
        return True
    return isinstance(exc, psycopg.Error) and any(m in str(exc).lower() for m in messages)
