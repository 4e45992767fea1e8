"""The data-version stamp read over one kept PostgreSQL connection (db.meta.StampReader): it sees every
commit made elsewhere at its next read, and a lost connection is opened again."""

from __future__ import annotations

import pytest

from db.meta import StampReader, bump_data_version, data_version
from db.store import Store


@pytest.mark.postgres
def test_kept_connection_sees_each_write_from_another_connection_at_once(store):
    reader = StampReader(store)
    try:
        with store.connect() as conn:
            assert reader.read() == data_version(conn)
        for _ in range(3):
            with Store(store.target).transaction() as conn:  # another server's write
                stamp = bump_data_version(conn)
            assert reader.read() == stamp
    finally:
        reader.close()


@pytest.mark.postgres
def test_a_lost_connection_is_opened_again(store):
    reader = StampReader(store)
    try:
        first = reader.read()
        reader._conn.close()  # as if the server had dropped it
        assert reader.read() == first
    finally:
        reader.close()


def test_a_duckdb_connection_is_never_kept(tmp_path):
    with pytest.raises(ValueError):
        Store(str(tmp_path / "x.duckdb")).open_kept()
