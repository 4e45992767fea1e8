"""A page run reads the signed-in account once (ui.auth.one_reading_per_run); the next run, and a sign-out within
the run, read it again."""

from __future__ import annotations

from ui import auth


def test_a_run_reads_the_account_once_and_the_next_run_again(monkeypatch):
    reads = []
    accounts = iter(["first", "second", "third"])

    def read():
        reads.append(1)
        return next(accounts)

    monkeypatch.setattr(auth, "_read_user", read)
    with auth.one_reading_per_run():
        assert [auth.current_user() for _ in range(20)] == ["first"] * 20  # the menu's can() for every page
    assert len(reads) == 1
    with auth.one_reading_per_run():
        assert auth.current_user() == "second"
    assert auth.current_user() == "third" and len(reads) == 3  # outside a run (a page alone): every call reads


def test_signing_out_within_the_run_is_seen_by_the_rest_of_the_run(monkeypatch):
    signed_in = {"yes": True}
    monkeypatch.setattr(auth, "_read_user", lambda: "account" if signed_in["yes"] else None)
    monkeypatch.setattr(auth.sessions, "end", lambda *args: signed_in.update(yes=False))
    monkeypatch.setattr(auth.ctx, "store", lambda: None)
    with auth.one_reading_per_run():
        assert auth.current_user() == "account"
        auth.sign_out()
        assert auth.current_user() is None
