"""A page run's reads over psycopg (db.native) give what the same named SQL gives through DuckDB's extension.

Every read query of db/queries runs on a PostgreSQL database that holds the demo and accounts whose names sort
differently by bytes and by a language's collation; the database's own collation is ICU's en-US, as a server
set up with a real locale has. Rows, their order where the query orders them, and each value's Python type
must be the same both ways.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from db import native, open_store, postgres
from db.sql import queries
from services import accounts, objections, supervision
from services.demo import add_demo_accounts, build_demo
from targets.access import Role
from targets.objections import Submission

pytestmark = pytest.mark.postgres

SELECTS = {name: sql for name, sql in queries().items() if re.match(r"\s*(SELECT|WITH)\b", sql, re.IGNORECASE)}
# Names whose byte order differs from en-US's: capitals first, "-" before digits; en-US says a1 < a-2 < amy < Zoe.
ODD_NAMES = ("Zoe", "amy", "a-2", "a1")


@pytest.fixture(scope="module")
def demo_url(postgres_cluster):
    name = "native_reads_icu"
    postgres_cluster.admin(f"DROP DATABASE IF EXISTS {name}")
    postgres_cluster.admin(
        f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
    )
    url = postgres_cluster.url(name)
    store = open_store(url)
    from services.setup import init_store

    init_store(store)
    build_demo(store, actor="setup")
    add_demo_accounts(store)
    for who in ODD_NAMES:
        accounts.add_user(store, who, Role.VIEWER, "a-long-password-2024", actor="demo-admin")
    _add_objections_and_supervision(store)
    yield url
    native.close_all()
    postgres_cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _add_objections_and_supervision(store) -> None:
    """Rows the demo leaves empty, through the services as a page writes them: objections (one replied and
    published, with NULLs in the others' reply columns) and a supervision item with notes."""
    secret, nonce, at = b"native-reads-secret-0123456789", "native-reads-nonce-0123", datetime(2024, 10, 12, 2)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(objections.FROM_ENV, "2024-10-10")
        env.setenv(objections.TO_ENV, "2024-10-16")
        env.delenv(objections.YEAR_ENV, raising=False)
        receipts = [
            objections.submit(
                store,
                Submission(2024, task, text, "", ""),
                ip=f"198.51.100.{i}",
                token=objections.issue_token(secret, nonce, 2024, at=at),
                nonce=nonce,
                secret=secret,
                now=at + timedelta(minutes=i),
                today=date(2024, 10, 12),
            )
            for i, (task, text) in enumerate([("EMP-01", "加装电梯进度与公示不符"), (None, "Zoe 的意见 100%")])
        ]
    first = receipts[0].id
    objections.reply(store, first, "已核实, 进度已更新", actor="demo-admin")
    objections.publish_reply(store, first, actor="demo-admin")
    item = supervision.open_item(
        store,
        year=2024,
        kind="task",
        code="ELD-02",
        level="reminder",
        measures="加快助餐点建设",
        department="省民政厅",
        deadline=date(2024, 11, 9),
        actor="demo-admin",
    )
    for text in ("a-2 已督促", "Zoe 已回复", "amy 待核"):
        supervision.add_note(store, item.id, text, actor="demo-admin")


def _params(url: str) -> dict:
    """A value for every parameter a read query takes, taken from the demo where it names something."""
    conn = postgres.attach(url)
    try:

        def first(sql: str):
            row = conn.execute(sql).fetchone()
            return row[0] if row else None

        year = first("SELECT max(year) FROM plans")
        return {
            "year": year,
            "month": 9,
            "id": first("SELECT min(id) FROM upload_batches"),
            "batch_id": first("SELECT max(id) FROM upload_batches"),
            "item_id": 1,
            "limit": 50,
            "since": 0,
            "until": datetime(2030, 1, 1),
            "stale": datetime(2030, 1, 1),
            "code": first(f"SELECT min(code) FROM indicators WHERE year = {int(year)}"),
            "task": first(f"SELECT min(code) FROM tasks WHERE year = {int(year)}"),
            "task_code": first(f"SELECT min(code) FROM tasks WHERE year = {int(year)}"),
            "region": first("SELECT min(code) FROM regions WHERE code <> 'province'"),
            "department": "省民政厅",
            "key": "data_version",
            "name": "demo-admin",
            "account": "demo-admin",
            "recipient": "demo-admin",
            "action": "upload",
            "channel": "email",
            "reminder_key": "x",
            "ip_hash": "x",
        }
    finally:
        conn.close()


# A parameter whose name means another type in these queries.
OVERRIDES = {
    "objections_since": {"since": datetime(2000, 1, 1)},
    "objections_since_by_ip": {"since": datetime(2000, 1, 1)},
    "session_get": {"id": "no-such-session"},
}


def _typed(rows) -> list[tuple]:
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


def _ordered(sql: str) -> bool:
    """Whether the statement's outermost SELECT orders its rows (else they are compared as a multiset)."""
    return bool(re.search(r"\bORDER\s+BY\b[^()]*$", sql, re.IGNORECASE))


def test_every_read_query_gives_the_same_rows_in_the_same_order_with_the_same_types(demo_url):
    params = _params(demo_url)
    extension = postgres.attach(demo_url)
    reader = native.reader(demo_url)
    differences, rows_compared, empty = [], 0, set()
    try:
        for name, sql in sorted(SELECTS.items()):
            given = {**params, **OVERRIDES.get(name, {})}
            wanted = {p: given[p] for p in native.params_of(sql)}  # a KeyError names a parameter to add above
            through_extension = _typed(extension.execute(sql, wanted).fetchall())
            through_psycopg = _typed(reader.execute(sql, wanted).fetchall())
            if not _ordered(sql):
                through_extension.sort(key=repr)
                through_psycopg.sort(key=repr)
            rows_compared += len(through_extension)
            if not through_extension:
                empty.add(name)
            if through_extension != through_psycopg:
                differences.append((name, through_extension[:3], through_psycopg[:3]))
    finally:
        extension.close()
    assert not differences, differences
    assert rows_compared > 10_000  # the demo's figures went both ways, not only empty tables
    # …and so did objections (NULL reply columns, a published one) and the supervision ledger
    assert not empty & {"objections_of_year", "objections_published", "items_of_year", "notes_of_year", "item_get"}


def test_a_page_lists_accounts_in_byte_order_whatever_the_databases_collation(demo_url, monkeypatch):
    monkeypatch.delenv(native.ENV_VAR, raising=False)
    store = open_store(demo_url, migrate=False)
    with store.hold():  # as a page run reads them: over psycopg
        with store.connect() as conn:
            assert isinstance(conn, native.Reader)
            collation = conn.execute(
                "SELECT datlocprovider, daticulocale FROM pg_database WHERE datname = current_database()"
            ).fetchone()
        listed = [a.user.name for a in accounts.accounts(store) if a.user.name in ODD_NAMES]
    assert collation == ("i", "en-US")  # the database sorts text the en-US way…
    assert listed == sorted(ODD_NAMES) == ["Zoe", "a-2", "a1", "amy"]  # …and the list is still in byte order


def test_translate_turns_parameters_and_orders_and_leaves_string_literals_alone():
    text = frozenset({"name", "code"})
    sql = "SELECT '$kept 100%' AS s, name FROM t WHERE y = $year AND n LIKE 'a%' ORDER BY position, name DESC"
    assert native.translate(sql, text) == (
        "SELECT '$kept 100%%' AS s, name FROM t WHERE y = %(year)s AND n LIKE 'a%%' "
        'ORDER BY position, name COLLATE "C" DESC NULLS LAST'
    )
    assert native.params_of(sql) == ["year"]
    assert native.translate("SELECT x FROM t ORDER BY t.code LIMIT $limit", text) == (
        'SELECT x FROM t ORDER BY t.code COLLATE "C" LIMIT %(limit)s'
    )
    with pytest.raises(ValueError, match="only column names"):
        native.translate("SELECT x FROM t ORDER BY lower(name)", text)


def test_translate_drops_comments_and_keeps_duckdbs_null_order():
    text = frozenset({"name"})
    # A named query's body may carry comments; an apostrophe in one is no string literal, a `$x` no parameter.
    sql = "-- a batch's rows, $unused\nSELECT name FROM t WHERE y = $year ORDER BY name -- the users' names"
    wanted = 'SELECT name FROM t WHERE y = %(year)s ORDER BY name COLLATE "C"'
    assert " ".join(native.translate(sql, text).split()) == wanted
    assert native.params_of(sql) == ["year"]
    assert native.params_of("SELECT a$b FROM t /* $c */ WHERE x = $d") == ["d"]
    # DuckDB puts NULLs last whichever the direction; PostgreSQL puts them first when descending.
    assert native.translate("SELECT x FROM t ORDER BY x DESC, name NULLS FIRST", text) == (
        'SELECT x FROM t ORDER BY x DESC NULLS LAST, name COLLATE "C" NULLS FIRST'
    )
    # A column that is never NULL needs none, and keeps PostgreSQL reading its index backwards (the latest first).
    assert native.translate("SELECT x FROM t ORDER BY id DESC LIMIT $limit", text, frozenset({"id"})) == (
        "SELECT x FROM t ORDER BY id DESC LIMIT %(limit)s"
    )


def test_the_latest_rows_come_from_the_index_not_a_sort_of_the_table(store):
    if store.kind != "postgres":
        return
    from db.sql import q

    with store.hold(), store.connect() as reader:
        plan = reader.execute("EXPLAIN " + q("audit_recent"), {"limit": 50}).fetchall()
    assert not any("Sort" in line for (line,) in plan), plan


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x DESC",  # NULLs last both ways
        "SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x",
        "SELECT '100%' AS share",  # no parameters: the doubled % must still come back as one
        "SELECT x FROM (VALUES ('100%'), ('50%')) t(x) WHERE x LIKE '1%'",
    ],
)
def test_statements_without_parameters_and_with_nulls_read_the_same_both_ways(demo_url, sql):
    extension = postgres.attach(demo_url)
    try:
        assert _typed(native.reader(demo_url).execute(sql, {}).fetchall()) == _typed(extension.execute(sql).fetchall())
        assert _typed(native.reader(demo_url).execute(sql).fetchall()) == _typed(extension.execute(sql).fetchall())
    finally:
        extension.close()
