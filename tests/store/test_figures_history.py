"""Uploads end to end on a real store: preview writes nothing, commit is one batch, history is complete."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import figures as stored
from db.status import figures_as_recorded
from services.corrections import correct_value
from services.uploads import commit_upload, preview_upload, rollback_batch
from targets.errors import Refusal
from targets.figures import replay

CSV_MAY = '指标编号,月份,累计完成\nEMP-01-1,2024-05,21.3万\nELD-02-1,2024-05,"１，３００"\n'.encode()
CSV_MAY_FIXED = "指标编号,月份,累计完成\nEMP-01-1,2024-05,22万\nELD-02-1,2024-05,1300\n".encode()


def snapshot(store):
    with store.connect() as conn:
        return {
            "figures": sorted(conn.execute("SELECT * FROM figures").fetchall()),
            "revisions": conn.execute("SELECT count(*) FROM figure_revisions").fetchone()[0],
            "batches": conn.execute("SELECT count(*) FROM upload_batches").fetchone()[0],
            "files": conn.execute("SELECT count(*) FROM upload_files").fetchone()[0],
        }


def upload(store, data: bytes, name: str = "may.csv", actor: str = "alice", **kw):
    preview = preview_upload(store, data, name)
    return preview, commit_upload(store, preview, actor=actor, **kw)


def test_preview_writes_nothing_and_commit_writes_one_batch_with_the_file(store):
    before = snapshot(store)
    preview = preview_upload(store, CSV_MAY, "may.csv")
    assert snapshot(store) == before
    assert preview.plan.counts() == {"new": 2, "changed": 0, "unchanged": 0}
    result = commit_upload(store, preview, actor="alice")
    assert result.committed and result.batch_id == 1
    with store.connect() as conn:
        current = stored.stored(conn, 2024)
        batch = stored.batch(conn, 1)
        assert stored.file_content(conn, 1) == CSV_MAY
    assert current[("EMP-01-1", "province", 5)].value == 213000
    assert current[("ELD-02-1", "province", 5)].value == 1300
    assert (batch.uploaded_by, batch.filename, batch.new, batch.changed) == ("alice", "may.csv", 2, 0)
    assert batch.sha256 == preview.sha256


def test_uploading_the_same_file_again_changes_nothing_and_says_so(store):
    upload(store, CSV_MAY)
    before = snapshot(store)
    preview, result = upload(store, CSV_MAY)
    assert preview.plan.counts() == {"new": 0, "changed": 0, "unchanged": 2}
    assert not result.committed and "Nothing to change" in result.message_en
    assert snapshot(store) == before


def test_a_correction_keeps_old_and_new_with_who_and_which_file(store):
    upload(store, CSV_MAY, actor="alice")
    preview, _ = upload(store, CSV_MAY_FIXED, name="may-fixed.csv", actor="bob")
    assert [(c.key, c.old, c.new) for c in preview.plan.changed] == [(("EMP-01-1", "province", 5), 213000, 220000)]
    with store.connect() as conn:
        history = stored.indicator_history(conn, 2024, "EMP-01-1")
    assert [(h["previous_value"], h["value"], h["recorded_by"], h["filename"]) for h in history] == [
        (None, 213000, "alice", "may.csv"),
        (213000, 220000, "bob", "may-fixed.csv"),
    ]


def test_rollback_restores_the_previous_values_and_is_itself_recorded(store):
    upload(store, CSV_MAY)
    _, second = upload(store, CSV_MAY_FIXED, name="fixed.csv")
    rb = rollback_batch(store, second.batch_id, actor="admin")
    with store.connect() as conn:
        current = stored.stored(conn, 2024)
        assert stored.batch(conn, second.batch_id).rolled_back_by == rb.batch_id
        assert stored.batch(conn, rb.batch_id).kind == "rollback"
    assert current[("EMP-01-1", "province", 5)].value == 213000
    with pytest.raises(Refusal) as again:
        rollback_batch(store, second.batch_id, actor="admin")
    assert again.value.code == "already_rolled_back"


def test_rolling_back_a_first_upload_removes_its_values(store):
    _, first = upload(store, CSV_MAY)
    rollback_batch(store, first.batch_id, actor="admin")
    with store.connect() as conn:
        assert stored.stored(conn, 2024) == {}


def test_a_batch_overwritten_later_cannot_be_rolled_back_silently(store):
    _, first = upload(store, CSV_MAY)
    upload(store, CSV_MAY_FIXED, name="fixed.csv")
    with pytest.raises(Refusal) as refused:
        rollback_batch(store, first.batch_id, actor="admin")
    assert refused.value.code == "changed_since"


def test_replaying_the_revisions_rebuilds_the_current_values(store):
    upload(store, CSV_MAY)
    _, second = upload(store, CSV_MAY_FIXED, name="fixed.csv")
    rollback_batch(store, second.batch_id, actor="admin")
    upload(store, "指标编号,月份,累计完成\nCUL-02-1,2024-06,900\n".encode(), name="june.csv")
    with store.connect() as conn:
        assert replay(stored.revisions(conn, 2024)) == stored.stored(conn, 2024)


def test_as_recorded_on_a_date_shows_what_the_database_held_then(store):
    from datetime import date, timedelta

    upload(store, CSV_MAY)
    with store.connect() as conn:
        today = conn.execute("SELECT max(recorded_at) FROM figure_revisions").fetchone()[0].date()
        assert figures_as_recorded(conn, 2024, today - timedelta(days=1)) == {}
        assert figures_as_recorded(conn, 2024, today)[("EMP-01-1", "province", 5)] == 213000
        assert figures_as_recorded(conn, 2024, date(2099, 1, 1)) == figures_as_recorded(conn, 2024, None)


def test_a_preview_made_before_someone_else_committed_is_refused(store):
    stale = preview_upload(store, CSV_MAY_FIXED, "fixed.csv")
    upload(store, CSV_MAY, actor="alice")
    with pytest.raises(Refusal) as refused:
        commit_upload(store, stale, actor="bob")
    assert refused.value.code == "stale_preview"


def test_warnings_need_confirmation(store):
    upload(store, "指标编号,月份,累计完成\nELD-02-1,2024-05,1000\n".encode())
    preview = preview_upload(store, "指标编号,月份,累计完成\nELD-02-1,2024-06,900\n".encode(), "june.csv")
    assert [w.rule for w in preview.warnings] == ["below_previous"]
    before = snapshot(store)
    with pytest.raises(Refusal) as refused:
        commit_upload(store, preview, actor="alice")
    assert refused.value.code == "needs_confirmation"
    assert snapshot(store) == before
    assert commit_upload(store, preview, actor="alice", confirm_warnings=True).committed


def test_in_place_correction_refuses_a_stale_screen(store):
    upload(store, CSV_MAY)
    with store.connect() as conn:
        rev = stored.stored(conn, 2024)[("ELD-02-1", "province", 5)].revision_id
    key = ("ELD-02-1", "province", 5)
    assert correct_value(store, year=2024, key=key, value=1310, expected_revision=rev, actor="alice").committed
    with pytest.raises(Refusal) as refused:
        correct_value(store, year=2024, key=key, value=1320, expected_revision=rev, actor="bob")
    assert refused.value.code == "stale"
    with pytest.raises(Refusal) as negative:
        correct_value(store, year=2024, key=("ELD-02-1", "province", 6), value=-1, expected_revision=None, actor="bob")
    assert negative.value.code == "invalid"


BAD_CELLS = st.sampled_from(["约三百", "=SUM(C2:C3)", "-5", "N/A", "12abc"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    good=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=5),
    bad=BAD_CELLS,
    where=st.integers(0, 5),
)
def test_a_file_with_any_error_leaves_the_database_unchanged(store, good, bad, where):
    upload(store, CSV_MAY)
    before = snapshot(store)
    rows = [f"CUL-02-1,2024-{m + 1:02d},{v}" for m, v in enumerate(sorted(good))]
    rows.insert(min(where, len(rows)), f"PUB-03-1,2024-07,{bad}")
    data = ("指标编号,月份,累计完成\n" + "\n".join(rows) + "\n").encode()
    preview = preview_upload(store, data, "bad.csv")
    assert preview.rejected
    with pytest.raises(Refusal):
        commit_upload(store, preview, actor="mallory", confirm_warnings=True)
    assert snapshot(store) == before


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fail_at=st.integers(min_value=1, max_value=40))
def test_an_import_interrupted_at_any_statement_leaves_nothing_half_written(store, fail_at):
    import db.figures as figures_module
    from db.sql import q as real_q

    upload(store, CSV_MAY)
    before = snapshot(store)
    rows = "\n".join(f"CUL-02-1,2024-{m:02d},{m * 100}" for m in range(1, 10))
    preview = preview_upload(
        store, ("指标编号,月份,累计完成\n" + rows + "\nEMP-01-1,2024-05,22万\n").encode(), "big.csv"
    )
    calls = {"n": 0}

    def failing_q(name: str) -> str:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise RuntimeError("power cut")
        return real_q(name)

    figures_module.q = failing_q
    try:
        try:
            commit_upload(store, preview, actor="alice")
        except RuntimeError:
            assert snapshot(store) == before
        else:
            assert calls["n"] < fail_at  # the commit finished before the failure point
    finally:
        figures_module.q = real_q
