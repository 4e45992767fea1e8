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


class BadSsoConfig(ValueError):
    """A malformed [livelihood.sso] section; the message names the key and what is wrong."""


PROVIDER_KEYS = ("server_metadata_url", "client_id", "client_secret")
OPTIONAL_KEYS = ("redirect_uri", "scope", "role_claim", "department_claim", "name_claim")


def parse_rules(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The [livelihood.sso] section checked whole: the identity provider, the claims and the group → role map.

    Raises BadSsoConfig naming the first key that is missing, unknown or of the wrong kind, so a typo stops
    the server instead of quietly falling back to local sign-in."""
    where = "[livelihood.sso]"
    if not isinstance(raw, Mapping):
        raise BadSsoConfig(f"{where} must be a table, not {type(raw).__name__}.")
    unknown = sorted(set(raw) - {*PROVIDER_KEYS, *OPTIONAL_KEYS, "roles"})
    if unknown:
        raise BadSsoConfig(
            f"{where} has unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted({*PROVIDER_KEYS, *OPTIONAL_KEYS, 'roles'}))}."
        )
    for key in PROVIDER_KEYS:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise BadSsoConfig(f"{where} needs {key} (a non-empty string) for the identity provider.")
    if not raw["server_metadata_url"].startswith(("https://", "http://")):
        raise BadSsoConfig(f"{where} server_metadata_url must be an http(s) URL, not {raw['server_metadata_url']!r}.")
    for key in OPTIONAL_KEYS:
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise BadSsoConfig(f"{where} {key} must be a non-empty string.")
    roles = raw.get("roles")
    if not isinstance(roles, Mapping) or not roles:
        raise BadSsoConfig(f"{where} needs a [livelihood.sso.roles] table mapping groups to roles.")
    known = [r.value for r in Role]
    for group, role in roles.items():
        if role not in known:
            raise BadSsoConfig(
                f"[livelihood.sso.roles] maps {group!r} to {role!r}, which is no role; use one of {', '.join(known)}."
            )
    return {**{k: str(v).strip() for k, v in raw.items() if k != "roles"}, "roles": dict(roles)}
