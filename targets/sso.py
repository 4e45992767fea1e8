"""Single sign-on: mapping an identity provider's claims to a role and a department.

With Streamlit's st.login (OIDC), the signed-in person's claims (st.user) are mapped by rules
kept in `.streamlit/secrets.toml` under [livelihood.sso]:

    [livelihood.sso]
    role_claim = "groups"            # a claim holding a group name or a list of them
    department_claim = "department"  # a claim holding the department (牵头单位) of a reporter
    name_claim = "email"             # what the audit log records as the actor
    [livelihood.sso.roles]           # group → role; the highest role among the groups wins
    "tracker-admins" = "admin"
    "tracker-press" = "press"
    "tracker-reporters" = "reporter"
    "tracker-viewers" = "viewer"

Anyone the rules give no role is refused, and a reporter without a department is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from targets.access import Role, User

RANK = [Role.VIEWER, Role.REPORTER, Role.PRESS, Role.ADMIN]


class NoRole(PermissionError):
    pass


def map_claims(claims: Mapping[str, Any], rules: Mapping[str, Any]) -> User:
    """The tracker account for an identity provider's claims, or NoRole."""
    name = str(claims.get(rules.get("name_claim", "email")) or claims.get("sub") or "")
    if not name:
        raise NoRole("the identity provider gave no name or subject")
    groups = claims.get(rules.get("role_claim", "groups")) or []
    if isinstance(groups, str):
        groups = [groups]
    roles = [Role(rules.get("roles", {})[g]) for g in groups if g in rules.get("roles", {})]
    if not roles:
        raise NoRole(f"{name} is in no group that maps to a role")
    role = max(roles, key=RANK.index)
    department = claims.get(rules.get("department_claim", "department"))
    if role is Role.REPORTER and not department:
        raise NoRole(f"{name} is a reporter without a department claim")
    return User(name=name, role=role, department=str(department) if department else None)
