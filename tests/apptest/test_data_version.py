"""The data-version stamp that keys every cached read: read from the database only when the data may have
changed, and never stale after a write by this or another process."""

from __future__ import annotations

import pytest

from db import Store
from db.meta import bump_data_version, data_version
from tests.apptest.conftest import TESTER
from tests.apptest.test_dashboard_pages import sheet, upload
from ui import context as ctx


def test_file_state_changes_with_a_write_and_not_with_a_read(store):
    with store.connect() as conn:
        conn.execute("SELECT 1").fetchall()
    settled = store.file_state()
    with store.connect() as conn:
        data_version(conn)
    assert store.file_state() == settled, "a read must leave the file as it was"
    with store.transaction() as conn:
        bump_data_version(conn)
    assert store.file_state() != settled


def test_postgres_has_no_file_state():
    assert Store("postgresql://tracker@localhost/livelihood").file_state() is None


@pytest.fixture
def counted(store, monkeypatch):
    """ui.context on `store`, counting how often the stamp is read from the database."""
    monkeypatch.setenv("LIVELIHOOD_DB", store.target)
    ctx.bump()
    opened = []
    real = Store.connect

    def connect(self):
        opened.append(self.target)
        return real(self)

    monkeypatch.setattr(Store, "connect", connect)
    yield opened
    ctx.bump()


def test_stamp_is_read_once_while_the_file_is_untouched(store, counted):
    first = ctx.data_version()
    reads = len(counted)
    assert reads >= 1
    for _ in range(20):
        assert ctx.data_version() == first
    assert len(counted) <= reads + 1  # at most once more: closing the first read may checkpoint the file


def test_a_write_by_another_connection_shows_at_once(store, counted):
    before = ctx.data_version()
    ctx.data_version()
    with Store(store.target).transaction() as conn:  # as a CLI import in another process would
        after = bump_data_version(conn)
    assert after != before
    assert ctx.data_version() == after  # no half-second wait, no bump() in this process


def test_stamp_is_read_again_after_the_recheck_interval(store, counted, monkeypatch):
    ctx.data_version()
    ctx.data_version()
    reads = len(counted)
    monkeypatch.setattr(ctx, "FILE_RECHECK_SECONDS", 0.0)
    ctx.data_version()
    assert len(counted) == reads + 1


def test_overview_shows_figures_written_outside_the_app_on_the_next_run(app, store):
    app.run()
    assert not app.exception
    assert len(app.metric) == 0, "no figures yet: no status cards"
    upload(store, sheet(), "sheet.csv", TESTER)  # not through the app: nothing here calls ctx.bump()
    app.run()
    assert not app.exception
    assert len(app.metric) == 5
