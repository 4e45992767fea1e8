"""The benchmark's visitor signs in like anyone else (nobody is an administrator without a session)."""

from __future__ import annotations

BENCH_USER = "bench"
BENCH_PASSWORD = "bench-password-2024"


def bench_account(db: str) -> None:
    """Make the benchmark's admin account on a store that has none yet (set-up: the first admin)."""
    from db.store import Store
    from services import accounts
    from targets.access import Role

    store = Store(db)
    if accounts.account(store, BENCH_USER) is None:
        accounts.add_user(store, BENCH_USER, Role.ADMIN, BENCH_PASSWORD, actor=None)


def bench_session(db: str) -> str:
    """A session cookie for the benchmark's account (what the sign-in page sets)."""
    from db.store import Store
    from services import accounts, sessions

    bench_account(db)
    store = Store(db)
    return sessions.start(store, accounts.account(store, BENCH_USER).user)
