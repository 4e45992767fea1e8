"""A page run's reads on PostgreSQL over psycopg 3 and a connection pool, behind the same named SQL.

Why (issue 22, figures in bench/RESULTS.md and the README): every read through DuckDB's postgres extension
passes its scanner, which binds the attached catalogue and opens a COPY for each query; the first page run
after a write makes a few dozen small reads, and over psycopg they cost a fraction of that. So Store.hold,
through which a page run reads, hands out a Reader over the store's pool on PostgreSQL: each statement borrows
a connection while it runs. Everything else stays on the extension: writes, migrations and the write lock
(db.postgres), the CLI's reads, copies. Set LIVELIHOOD_PG_READS=extension to read through the extension.

The named SQL (db/queries) is DuckDB's dialect with `$name` parameters; the queries a page reads are also
PostgreSQL's (tests/store/test_native_reads.py runs every one of them on both). What differs is
translated here, once per statement:
- parameters: `$name` becomes psycopg's `%(name)s`, and a literal `%` is doubled;
- order: DuckDB (and so the extension, which sorts in DuckDB) orders text by its bytes, PostgreSQL by the
  database's collation (en-US puts "a-2" after "a1" and "Zoe" last, zh_CN sorts Chinese by pinyin); an ORDER BY
  on a text column gets COLLATE "C", which is the byte order; DESC on a column that may be NULL gets NULLS LAST
  (DuckDB's default, not PostgreSQL's);
- comments are dropped first (an apostrophe or a `$name` in one is no SQL).
Values come back as the same Python types (the test compares them too): no read sums integers into
PostgreSQL's `numeric`, which would come back as a Decimal.
Every pooled connection is read-only (default_transaction_read_only): a write that strayed here fails.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

ENV_VAR = "LIVELIHOOD_PG_READS"
POOL_SIZE = 16  # statements of one server running at once; more wait for a connection (POOL_WAIT_SECONDS)
POOL_WAIT_SECONDS = 10.0

_PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_][A-Za-z0-9_]*)")  # not a `$` inside an identifier (a$b)
_STRING = re.compile(r"'(?:[^']|'')*'")
# A comment is dropped before anything else: an apostrophe, a `$name` or an ORDER BY in one is no SQL.
_STRING_OR_COMMENT = re.compile(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", re.DOTALL)
_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(.+?)(?=\s+LIMIT\b|\s+OFFSET\b|\)|$)", re.IGNORECASE | re.DOTALL)
_ORDER_ITEM = re.compile(
    r"^\s*((?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*))(\s+(?:ASC|DESC))?(\s+NULLS\s+(?:FIRST|LAST))?\s*$", re.IGNORECASE
)


def enabled() -> bool:
    """Whether page runs read PostgreSQL over psycopg (the default; LIVELIHOOD_PG_READS=extension turns it off)."""
    return os.environ.get(ENV_VAR, "native").strip().lower() != "extension"


def params_of(sql: str) -> list[str]:
    """The `$name` parameters a statement uses, outside its string literals."""
    return _PARAM.findall(_STRING.sub("''", _uncommented(sql)))


@cache
def translate(sql: str, text_columns: frozenset[str] = frozenset(), never_null: frozenset[str] = frozenset()) -> str:
    """The statement as psycopg runs it on PostgreSQL (see the module docstring); `text_columns` are the names
    of the store's text columns, whose ORDER BY gets the byte order, and `never_null` those that cannot be NULL,
    whose DESC needs no NULLS LAST (which would keep PostgreSQL from reading an index backwards)."""
    sql = _uncommented(sql)
    out: list[str] = []
    at = 0
    for literal in _STRING.finditer(sql):
        out.append(_code(sql[at : literal.start()], text_columns, never_null))
        out.append(literal.group(0).replace("%", "%%"))
        at = literal.end()
    out.append(_code(sql[at:], text_columns, never_null))
    return "".join(out)


def _uncommented(sql: str) -> str:
    return _STRING_OR_COMMENT.sub(lambda m: m.group(0) if m.group(0).startswith("'") else " ", sql)


def _code(part: str, text_columns: frozenset[str], never_null: frozenset[str]) -> str:
    part = _PARAM.sub(r"%(\1)s", part.replace("%", "%%"))
    return _ORDER_BY.sub(lambda m: _ordered(m, text_columns, never_null), part)


def _ordered(match: re.Match[str], text_columns: frozenset[str], never_null: frozenset[str]) -> str:
    items = []
    for item in match.group(1).split(","):
        found = _ORDER_ITEM.match(item)
        if found is None:
            raise ValueError(f"ORDER BY {item.strip()!r}: only column names are ordered over psycopg (db.native)")
        ref, column, direction, nulls = found.group(1), found.group(2), found.group(3) or "", found.group(4) or ""
        if direction.strip().upper() == "DESC" and not nulls and column.lower() not in never_null:
            nulls = " NULLS LAST"  # DuckDB's default either way; PostgreSQL's for DESC is NULLS FIRST
        collate = ' COLLATE "C"' if column.lower() in text_columns else ""
        items.append(f"{ref}{collate}{direction}{nulls}")
    return "ORDER BY " + ", ".join(items)


class Result:
    """A statement's rows, fetched whole (the repository's reads fetch every row anyway), with DuckDB's cursor
    API: description, fetchall, fetchone."""

    def __init__(self, description: Any, rows: list[tuple]):
        self.description = description
        self._rows = rows
        self._at = 0

    def fetchall(self) -> list[tuple]:
        rows, self._at = self._rows[self._at :], len(self._rows)
        return rows

    def fetchone(self) -> tuple | None:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]


class Reader:
    """What Store.hold hands a page run on PostgreSQL: DuckDB's connection API (execute(sql, params) -> rows)
    over the store's pool. Each statement borrows a connection only while it runs, so a server's pool is as
    busy as its queries, not as its page runs (which wait for the interpreter far longer than for PostgreSQL).
    A connection the server dropped (a restart, an idle timeout) is replaced and the read tried once more on
    another: reads change nothing, so running one twice is safe."""

    def __init__(self, pool: Any, schema: Schema):
        self._pool = pool
        self._schema = schema

    def execute(self, sql: str, params: dict | None = None) -> Result:
        import psycopg

        query = translate(sql, self._schema.text, self._schema.never_null)
        for attempt in (1, 2):
            with self._pool.connection(timeout=POOL_WAIT_SECONDS) as conn:
                try:
                    # Always a mapping, even an empty one: psycopg turns the doubled `%` back into one only when
                    # it is given parameters (with None it sends '100%%' as it stands).
                    cursor = conn.execute(query, params or {})
                    return Result(cursor.description, cursor.fetchall() if cursor.description else [])
                except psycopg.OperationalError:
                    if attempt == 2 or not conn.broken:  # the connection is fine: the statement failed
                        raise
            # A server that dropped one connection (a restart) dropped the idle ones too: test them all now, or
            # the second try takes another dead one.
            self._pool.check()
        raise AssertionError("unreachable")  # pragma: no cover


class _Pools:
    """One pool per store URL in this process, and what translate() needs of its columns (read at the first pool)."""

    def __init__(self) -> None:
        self._pools: dict[str, tuple[Any, Schema]] = {}
        self._guard = threading.Lock()

    def reader(self, url: str) -> Reader:
        """A page run's reader of the store at `url`; the first in this process opens the pool (and raises when the
        server cannot be reached within POOL_WAIT_SECONDS)."""
        with self._guard:
            found = self._pools.get(url)
            if found is None:
                found = self._pools[url] = _open_pool(url)
        return Reader(*found)

    def close_all(self) -> None:
        with self._guard:
            pools, self._pools = list(self._pools.values()), {}
        for pool, _ in pools:
            pool.close()


def _open_pool(url: str) -> tuple[Any, Schema]:
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=POOL_SIZE,
        kwargs={"autocommit": True},
        configure=_configure,
        timeout=POOL_WAIT_SECONDS,
        name="livelihood-reads",
        open=False,
    )
    try:
        pool.open(wait=True, timeout=POOL_WAIT_SECONDS)
        with pool.connection(timeout=POOL_WAIT_SECONDS) as conn:
            return pool, schema(conn)
    except BaseException:
        pool.close()
        raise


@dataclass(frozen=True)
class Schema:
    """What translate() needs to know of the store's columns, by name (in the schema the connection reads).

    text: the names that are text in every table that has one. A name that is text in one table and a number in
    another (sessions.id) gets no collation: COLLATE on a number is an error; the parity test
    (tests/store/test_native_reads.py) would show an order that differs.
    never_null: the names that are NOT NULL in every table that has one (the ids)."""

    text: frozenset[str] = frozenset()
    never_null: frozenset[str] = frozenset()


def schema(conn: Any) -> Schema:
    rows = conn.execute(
        "SELECT lower(column_name), "
        "bool_and(data_type IN ('text', 'character varying', 'character')), bool_and(is_nullable = 'NO') "
        "FROM information_schema.columns WHERE table_schema = current_schema() GROUP BY lower(column_name)"
    ).fetchall()
    return Schema(frozenset(n for n, text, _ in rows if text), frozenset(n for n, _, never in rows if never))


def _configure(conn: Any) -> None:
    conn.execute("SET default_transaction_read_only = on")


_pools = _Pools()
reader = _pools.reader
close_all = _pools.close_all


def errors() -> tuple[type[BaseException], ...]:
    """What psycopg and its pool raise (for Store's handling of a lost or unreachable server)."""
    import psycopg
    import psycopg_pool

    return (psycopg.Error, psycopg_pool.PoolTimeout)


def lost(exc: BaseException) -> bool:
    """Whether a psycopg error means the server cannot be reached (the read was tried on a second connection)."""
    import psycopg
    import psycopg_pool

    return isinstance(exc, (psycopg_pool.PoolTimeout, psycopg.OperationalError))
