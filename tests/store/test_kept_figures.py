"""The year's figures kept in memory and brought up to date from the revisions since: always what a full read gives."""

from __future__ import annotations

from db import figures as stored_figures
from db.status import KeptFigures, current_figures, figures_as_recorded
from services import status as status_service
from services.corrections import correct_value
from services.uploads import commit_upload, preview_upload, rollback_batch
from targets.figures import province_view

MAY = (
    "指标编号,地区,月份,累计完成\nEMP-01-1,长春市,2024-05,100\nEMP-01-1,吉林市,2024-05,50\nELD-02-1,合计,2024-05,1300\n"
)
JUNE = "指标编号,地区,月份,累计完成\nEMP-01-1,长春市,2024-06,180\nEMP-01-1,吉林市,2024-05,60\n"


def upload(store, text: str, name: str) -> int:
    preview = preview_upload(store, text.encode(), name)
    result = commit_upload(store, preview, actor="alice", confirm_warnings=True)
    assert result.committed, result.message_en
    return result.batch_id


def full(store) -> dict:
    with store.connect() as conn:
        return figures_as_recorded(conn, 2024, None)


def brought_up_to_date(store, kept: KeptFigures) -> KeptFigures:
    with store.connect() as conn:
        return current_figures(conn, 2024, kept)


def test_each_write_is_applied_to_what_was_kept_and_equals_a_full_read(store):
    with store.connect() as conn:
        kept = current_figures(conn, 2024)
    assert kept.figures == {} and kept.count == 0
    upload(store, MAY, "may.csv")
    kept = brought_up_to_date(store, kept)
    assert kept.figures == full(store) and len(kept.figures) == 3
    before = kept
    june = upload(store, JUNE, "june.csv")  # one new figure, one changed
    kept = brought_up_to_date(store, kept)
    assert kept.figures == full(store)
    assert kept.figures[("EMP-01-1", "220200", 5)] == 60 and before.figures[("EMP-01-1", "220200", 5)] == 50  # a copy
    with store.connect() as conn:
        revision = stored_figures.stored(conn, 2024)[("ELD-02-1", "province", 5)].revision_id
    correct_value(
        store,
        year=2024,
        key=("ELD-02-1", "province", 5),
        value="1400",
        expected_revision=revision,
        actor="alice",
        reason="typo",
        confirm_warnings=True,
    )
    kept = brought_up_to_date(store, kept)
    assert kept.figures == full(store) and kept.figures[("ELD-02-1", "province", 5)] == 1400
    rollback_batch(store, june, actor="alice")  # removes June's new figure: a revision without a value
    kept = brought_up_to_date(store, kept)
    assert kept.figures == full(store) and ("EMP-01-1", "220100", 6) not in kept.figures


def test_nothing_written_since_returns_what_was_kept(store):
    upload(store, MAY, "may.csv")
    with store.connect() as conn:
        kept = current_figures(conn, 2024)
        assert current_figures(conn, 2024, kept) is kept


def test_a_kept_state_that_no_longer_matches_is_read_again_whole(store):
    upload(store, MAY, "may.csv")
    with store.connect() as conn:
        kept = current_figures(conn, 2024)
    # What a restored older backup looks like: this process kept more batches than the store now has.
    stale = KeptFigures({**kept.figures, ("EMP-01-1", "nowhere", 5): 1.0}, kept.revision - 1, kept.count + 1)
    assert brought_up_to_date(store, stale).figures == full(store)


def test_the_status_service_reads_figures_written_after_its_last_read(store):
    upload(store, MAY, "may.csv")
    first = status_service.load_status(store, year=2024, as_of=5)
    upload(store, JUNE, "june.csv")
    second = status_service.load_status(store, year=2024, as_of=6)
    assert first.figures == {k: v for k, v in full(store).items() if k != ("EMP-01-1", "220100", 6)} | {
        ("EMP-01-1", "220200", 5): 50
    }
    assert second.figures == full(store)
    assert second.province == province_view(second.plan, full(store))  # summed again for the changed indicator only
    rollback_batch(store, 2, actor="alice")
    third = status_service.load_status(store, year=2024, as_of=6)
    assert third.province == province_view(third.plan, full(store))


def test_the_reported_months_from_the_kept_figures_are_the_stored_ones(store):
    """The cycle and supervision count reported (indicator, month) pairs from the figures the process keeps;
    the DISTINCT query over the stored figures is the reference, after uploads and a rollback."""
    from db.catalogue import load_plan
    from db.periods import reported_months as stored_pairs

    def both() -> tuple[list, list]:
        with store.connect() as conn:
            plan = load_plan(conn, 2024)
            return status_service.reported_months(store, conn, 2024, plan), sorted(stored_pairs(conn, 2024))

    kept, stored = both()
    assert kept == stored
    upload(store, MAY, "may.csv")
    kept, stored = both()
    assert kept == stored and ("ELD-02-1", 5) in kept
    batch = upload(store, JUNE, "june.csv")
    kept, stored = both()
    assert kept == stored and ("EMP-01-1", 6) in kept
    rollback_batch(store, batch, actor="alice")
    kept, stored = both()
    assert kept == stored and ("EMP-01-1", 6) not in kept
