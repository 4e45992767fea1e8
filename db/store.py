"""Opening the store: an embedded DuckDB file (the default) or PostgreSQL attached through DuckDB.

Connections are short-lived on purpose: a DuckDB file admits one writing process at a time, so
the app and the CLI each open, work and close, and a brief overlap is retried, not failed. On
PostgreSQL several servers share the database: write transactions take turns on the store's write
lock (db.postgres says how and why), and a connection that drops mid-write is rolled back by the
server and reported as StoreUnavailable. Each connection is a fresh DuckDB instance with its own view
of the catalogue, so tables another server's migration created are always seen.

A DuckDB file gets a CHECKPOINT statement (which binds every index before writing it) at two moments:
after every write transaction's COMMIT, so that no committed batch waits in the write-ahead log, and
when this process first opens a file whose log holds commits (a process was killed between a COMMIT and
its checkpoint), so that the replayed log is folded in at once. Left to the checkpoint DuckDB runs as
the last connection closes, which binds nothing, the replayed rows would be dropped from the `CREATE
INDEX` indexes and `WHERE batch_id = N` would no longer find that batch (db/integrity.py,
docs/duckdb-kill9-repro.md).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

from db import memo, native, postgres
from db.integrity import verify_store
from db.migrate import migrate as run_migrations

DEFAULT_DB = "data/tracker.duckdb"
ENV_VAR = "LIVELIHOOD_DB"
LOCK_WAIT_SECONDS = 10.0
# The write-ahead log and the one DuckDB writes while it checkpoints: either holds commits to replay at open.
LOG_SUFFIXES = (".wal", ".wal.checkpoint")

log = logging.getLogger(__name__)


class StoreBusy(RuntimeError):
    """Another process holds the database file; the message says which file and what to do."""


class StoreUnavailable(StoreBusy):
    """The database server cannot be reached, or the connection dropped; an unfinished write was rolled back."""


_CONNECTION_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection to server",
    "no connection to the server",
    "could not receive data",
    "could not send data",
    "connection refused",
)


def connection_lost(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error) and any(m in str(exc).lower() for m in _CONNECTION_LOST)


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def resolve_target(target: str | None) -> str:
    return target or os.environ.get(ENV_VAR) or DEFAULT_DB


class Store:
    """One database, named by a file path or a postgresql:// URL."""

    def __init__(self, target: str):
        self.target = target
        self.kind = "postgres" if is_postgres(target) else "duckdb"

    def __repr__(self) -> str:
        return f"Store({self.display_name!r})"

    @property
    def display_name(self) -> str:
        if self.kind == "postgres":
            # Never show a password that the URL may carry (user:password@, or ?password=).
            parts = urlsplit(self.target)
            netloc = "…@" + parts.netloc.rpartition("@")[2] if "@" in parts.netloc else parts.netloc
            query = "&".join(q for q in parts.query.split("&") if q and not q.lower().startswith("password="))
            return f"postgresql://{netloc}{parts.path}" + (f"?{query}" if query else "")
        return self.target

    def file_state(self) -> tuple | None:
        """For a DuckDB file, the size and modification time of the file and its write-ahead log: every committed
        write changes one of them, so an unchanged state means unchanged data and a reader need not open the file
        to ask. None for PostgreSQL, which has no file here (ask the database)."""
        if self.kind == "postgres":
            return None
        state = []
        for path in (self.target, self.target + ".wal"):
            try:
                info = os.stat(path)
            except OSError:
                state.append(None)
            else:
                state.append((info.st_size, info.st_mtime_ns))
        return tuple(state)

    def _detail(self, exc: BaseException) -> str:
        """An error's text without the password the URL may carry (the extension quotes the URL)."""
        return str(exc).replace(self.target, self.display_name)

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.kind == "postgres":
            try:
                return postgres.attach(self.target)
            except duckdb.Error as exc:  # unreachable, refused, wrong password: say so, never the password
                raise StoreUnavailable(
                    f"Cannot reach the database {self.display_name}. Detail: {self._detail(exc)}"
                ) from exc
        path = Path(self.target)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        key = _file_key(self)
        while True:
            # Only the first connection of this process to the file makes DuckDB open it (and replay its log);
            # the others share that instance, whose log holds this process's own commits at most.
            # Opening and closing take turns (_live_guard): a connect racing the close of the file's last
            # connection finds the instance half torn down and fails with "Unique file handle conflict".
            with _live_guard:
                first = _live.get(key, 0) == 0
                replay = first and self.has_log()
                try:
                    conn = duckdb.connect(str(path))
                except duckdb.IOException as exc:
                    if "lock" not in str(exc).lower():
                        raise
                    busy: duckdb.IOException | None = exc
                else:
                    busy = None
                    _live[key] = _live.get(key, 0) + 1
            if busy is None:
                if replay:
                    try:
                        self._fold_in_log(conn)
                    except BaseException:
                        self._close(conn)
                        raise
                return conn
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"The database file {path} is in use by another process "
                    f"(DuckDB allows one writing process). Stop that process or use a shared "
                    f"PostgreSQL store. Detail: {self._detail(busy)}"
                ) from busy
            time.sleep(0.1)

    def has_log(self) -> bool:
        """Whether the DuckDB file has a write-ahead log with something in it (DuckDB replays it at open)."""
        for suffix in LOG_SUFFIXES:
            try:
                if os.path.getsize(self.target + suffix) > 0:
                    return True
            except OSError:
                continue
        return False

    def _fold_in_log(self, conn: duckdb.DuckDBPyConnection) -> None:
        """CHECKPOINT right after the replay: it runs in a transaction, so DuckDB binds every index first and
        writes the replayed rows into it. It holds this process's write turn (a CHECKPOINT fails while another
        write transaction is open), unless this thread holds it already: transaction() is opening this
        connection. A failure is raised and _open closes the connection (nothing is lost: the log stays, and the
        next open replays it again)."""
        if getattr(_local, "writing", False):
            conn.execute("CHECKPOINT")
        else:
            with _thread_lock(self):
                conn.execute("CHECKPOINT")

    def open_kept(self) -> duckdb.DuckDBPyConnection:
        """A connection the caller keeps and closes itself, for PostgreSQL only (db.meta.StampReader): a kept
        DuckDB connection would hold the file's lock against every other process."""
        if self.kind != "postgres":
            raise ValueError("only a PostgreSQL store's connection may be kept open")
        return self._open()

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one piece of work: this thread's held one inside hold() (reads only), else a new one
        closed at the end."""
        holds: dict[str, duckdb.DuckDBPyConnection | None] | None = getattr(_local, "holds", None)
        key = _file_key(self) if holds else None
        if key is not None and key in holds and not getattr(_local, "writing", False):
            conn = holds[key]
            if conn is None:
                conn = holds[key] = self._open_reader()
                memo.held(key, conn)
            try:
                yield conn
            except Exception as exc:
                if self._lost_by(conn, exc):
                    holds[key] = None  # the next piece of work opens a new one
                    memo.end(key)
                    self._close(conn)
                    raise self._lost(exc) from exc
                raise
            return
        conn = self._open()
        try:
            yield conn
        except duckdb.Error as exc:
            if connection_lost(exc):
                raise self._lost(exc) from exc
            raise
        finally:
            self._close(conn)

    @staticmethod
    def _lost_by(conn, exc: BaseException) -> bool:
        if isinstance(conn, native.Reader):
            return native.lost(exc)
        return connection_lost(exc)

    def _lost(self, exc: BaseException) -> StoreUnavailable:
        return StoreUnavailable(f"The connection to {self.display_name} was lost. Detail: {self._detail(exc)}")

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Within the block, every read of this thread shares one connection, opened at the first read and closed
        at the end: a page run makes a dozen reads, and each new connection costs 15-35 ms on a DuckDB file (an
        ATTACH through the extension). On PostgreSQL the reads share a reader over the pool instead (db.native).
        Write transactions still open their own. Nested holds share the outer one."""
        holds: dict[str, duckdb.DuckDBPyConnection | None] = _local.__dict__.setdefault("holds", {})
        key = _file_key(self)
        if key in holds:
            yield
            return
        holds[key] = None
        try:
            yield
        finally:
            memo.end(key)
            conn = holds.pop(key, None)
            if conn is not None:
                self._put_idle(conn)

    def _open_reader(self):
        """The connection for a hold's reads: on PostgreSQL a pooled psycopg one (db.native says why), or with
        LIVELIHOOD_PG_READS=extension a kept one of the extension's; on a DuckDB file a new one."""
        if self.kind == "postgres" and native.enabled():
            try:
                return native.reader(self.target)
            except native.errors() as exc:  # unreachable, refused, wrong password
                raise StoreUnavailable(
                    f"Cannot reach the database {self.display_name}. Detail: {self._detail(exc)}"
                ) from exc
        return self._take_idle() or self._open()

    def _take_idle(self) -> duckdb.DuckDBPyConnection | None:
        """A PostgreSQL connection an earlier hold left, if one is fresh and still answers (None for a DuckDB
        file: a kept connection would hold the file's lock against the CLI and every other process)."""
        if self.kind != "postgres":
            return None
        key = _file_key(self)
        while True:
            with _idle_guard:
                idle = _idle.get(key)
                if not idle:
                    return None
                conn, since = idle.pop()
            if time.monotonic() - since <= IDLE_SECONDS:
                try:
                    conn.execute("SELECT 1").fetchall()  # the server may have closed it
                    return conn
                except duckdb.Error:
                    pass
            self._close(conn)

    def _put_idle(self, conn: duckdb.DuckDBPyConnection) -> None:
        """After a hold: a PostgreSQL connection waits for the next page run (its ATTACH costs more than the run's
        reads); a DuckDB file's connection is closed, so the file is free between runs."""
        if isinstance(conn, native.Reader):  # it holds no connection between statements
            return
        if self.kind == "postgres":
            with _idle_guard:
                idle = _idle.setdefault(_file_key(self), [])
                if len(idle) < IDLE_CONNECTIONS:
                    idle.append((conn, time.monotonic()))
                    return
        self._close(conn)

    def _close(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Close a connection; a DuckDB file's close takes its turn with the opens (see _open)."""
        if isinstance(conn, native.Reader):  # it holds no connection between statements
            return
        if self.kind != "duckdb":
            with suppress(duckdb.Error):
                conn.close()
            return
        with _live_guard:
            with suppress(duckdb.Error):
                conn.close()
            _live[_file_key(self)] -= 1

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit when the block ends, roll back on any exception.

        Writers take turns: on PostgreSQL every write transaction first takes the store's write lock
        (db.postgres); a DuckDB file admits one process, and within it one writing thread at a time.
        """
        if getattr(_local, "writing", False):
            raise RuntimeError("a write transaction inside another on the same thread would wait for itself")
        _local.writing = True
        memo.forget()  # what this run remembered may be what the write changes
        try:
            with _thread_lock(self), self.connect() as conn:
                conn.execute("BEGIN TRANSACTION")
                try:
                    if self.kind == "postgres":
                        self._lock_for_writing(conn)
                    yield conn
                except BaseException as exc:
                    # A dropped connection has rolled back on the server already; keep the first error.
                    with suppress(duckdb.Error):
                        conn.execute("ROLLBACK")
                    if connection_lost(exc):
                        raise StoreUnavailable(
                            f"The connection to {self.display_name} was lost before this write was committed; "
                            f"the database rolled it back, so none of it was stored. Try again. Detail: {self._detail(exc)}"
                        ) from exc
                    raise
                conn.execute("COMMIT")
                if self.kind == "duckdb":
                    self._checkpoint_after_commit(conn)
        finally:
            _local.writing = False
            memo.forget()

    def _checkpoint_after_commit(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Fold the commit into the file now (DuckDB would at close, but without binding the indexes, and not
        at all while another thread holds a connection). The write is committed whatever happens here: a
        failure is logged, and the next open of the file replays the log and checkpoints it."""
        try:
            conn.execute("CHECKPOINT")
        except duckdb.Error as exc:
            # Expected while another thread's write transaction is open (the app's sessions): that one's own
            # checkpoint, or the last connection's close, folds this commit in.
            level = logging.DEBUG if "other write transactions" in str(exc) else logging.WARNING
            log.log(level, "CHECKPOINT after a commit to %s failed (the commit stands): %s", self.display_name, exc)

    def _lock_for_writing(self, conn: duckdb.DuckDBPyConnection) -> None:
        try:
            postgres.lock_for_writing(conn)
        except duckdb.Error as exc:
            if not postgres.is_lock_timeout(exc):
                raise
            raise StoreBusy(
                f"Another server has been writing to {self.display_name} for more than {postgres.LOCK_WAIT_SECONDS} s; "
                f"try again shortly. Detail: {self._detail(exc)}"
            ) from exc


_local = threading.local()
_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


# PostgreSQL connections between page runs (Store.hold), per store: at most IDLE_CONNECTIONS, each used again
# within IDLE_SECONDS (after that it is closed, so a catalogue another server's migration changed is read anew).
_idle: dict[str, list[tuple[duckdb.DuckDBPyConnection, float]]] = {}
_idle_guard = threading.Lock()
IDLE_CONNECTIONS = 8
IDLE_SECONDS = 60.0

_live: dict[str, int] = {}  # connections open through Store, per DuckDB file, in this process
_live_guard = threading.Lock()


def _file_key(store: Store) -> str:
    return store.target if store.kind == "postgres" else str(Path(store.target).resolve())


def _thread_lock(store: Store) -> threading.Lock:
    """One writing thread per store in this process (Streamlit runs each session in a thread)."""
    with _thread_locks_guard:
        return _thread_locks.setdefault(_file_key(store), threading.Lock())


def open_store(target: str | None = None, *, migrate: bool = True) -> Store:
    """The store named by target (or LIVELIHOOD_DB, or the default file), migrated to the latest schema, its
    indexes checked against its tables (db.integrity: rebuilt if they miss rows, refused if that fails)."""
    store = Store(resolve_target(target))
    if migrate:
        run_migrations(store)
    verify_store(store)
    return store
