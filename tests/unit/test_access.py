"""Who may do what: every role × action cell, and the reporter's department rule."""

from __future__ import annotations

import pytest

from targets.access import Action, Denied, Role, User, can, check
from targets.catalogue import load_bundled
from targets.sso import NoRole, map_claims

PLAN = load_bundled(2024)
A = Action
EXPECTED = {
    #               view upload correct rollback export catalogue region_t schedule users audit submit approve supervise note demo cand vote rating publish obj
    Role.VIEWER:   (1,   0,     0,      0,       0,     0,        0,       0,       0,    0,    0,     0,      0,        0,   0,   0,   0,    0,     0,      0),
    Role.REPORTER: (1,   1,     1,      0,       0,     0,        0,       0,       0,    0,    1,     0,      0,        1,   0,   0,   0,    0,     0,      0),
    Role.PRESS:    (1,   0,     0,      0,       1,     0,        0,       0,       0,    0,    0,     0,      0,        0,   0,   0,   0,    0,     0,      0),
    Role.ADMIN:    (1,   1,     1,      1,       1,     1,        1,       1,       1,    1,    1,     1,      1,        1,   1,   1,   1,    1,     1,      1),
}  # fmt: skip
ORDER = [A.VIEW, A.UPLOAD, A.CORRECT, A.ROLLBACK, A.EXPORT, A.CATALOGUE, A.REGION_TARGETS, A.SCHEDULE, A.USERS, A.AUDIT,
         A.PERIOD_SUBMIT, A.PERIOD_APPROVE, A.SUPERVISE, A.SUPERVISE_NOTE, A.DEMO,
         A.CANDIDATES, A.VOTE, A.RATING, A.PUBLISH, A.OBJECTIONS]  # fmt: skip


def test_the_matrix_names_every_action():
    assert set(ORDER) == set(Action)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", ORDER)
def test_role_action_matrix(role, action):
    user = User("u", role, "省民政厅" if role is Role.REPORTER else None)
    allowed = bool(EXPECTED[role][ORDER.index(action)])
    assert can(user, action) is allowed
    if not allowed:
        with pytest.raises(Denied) as exc:
            check(user, action)
        assert exc.value.message("zh") and exc.value.message("en")


def test_a_reporter_may_touch_only_their_departments_indicators():
    reporter = User("mz", Role.REPORTER, "省民政厅")
    assert can(reporter, A.UPLOAD, plan=PLAN, indicators={"ELD-02-1"})
    with pytest.raises(Denied, match="EMP-01-1"):
        check(reporter, A.UPLOAD, plan=PLAN, indicators={"ELD-02-1", "EMP-01-1"})
    assert not can(reporter, A.CORRECT, plan=PLAN, indicators={"PUB-01-1"})
    assert can(reporter, A.PERIOD_SUBMIT, department="省民政厅")
    assert not can(reporter, A.PERIOD_SUBMIT, department="省住建厅")


def test_disabled_missing_and_departmentless_accounts_are_refused():
    assert not can(User("x", Role.ADMIN, disabled=True), A.VIEW)
    assert not can(None, A.VIEW)
    assert not can(User("r", Role.REPORTER, None), A.UPLOAD, plan=PLAN, indicators={"ELD-02-1"})


RULES = {
    "role_claim": "groups",
    "department_claim": "dept",
    "name_claim": "email",
    "roles": {"t-admin": "admin", "t-rep": "reporter", "t-view": "viewer"},
}


def test_single_sign_on_claims_map_to_the_highest_role():
    user = map_claims({"email": "a@x.cn", "groups": ["t-view", "t-admin"]}, RULES)
    assert (user.name, user.role) == ("a@x.cn", Role.ADMIN)
    rep = map_claims({"email": "r@x.cn", "groups": "t-rep", "dept": "省民政厅"}, RULES)
    assert (rep.role, rep.department) == (Role.REPORTER, "省民政厅")
    with pytest.raises(NoRole):
        map_claims({"email": "n@x.cn", "groups": ["other"]}, RULES)
    with pytest.raises(NoRole):
        map_claims({"email": "r@x.cn", "groups": ["t-rep"]}, RULES)
