"""The [livelihood.sso] section is checked whole: a typo or a wrong kind stops start-up, naming the key."""

from __future__ import annotations

import pytest

from targets.sso import BadSsoConfig, parse_rules

GOOD = {
    "server_metadata_url": "https://id.example.gov.cn/.well-known/openid-configuration",
    "client_id": "tracker",
    "client_secret": "s3cret",
    "name_claim": "email",
    "roles": {"tracker-admins": "admin", "tracker-reporters": "reporter"},
}


def test_a_good_section_is_kept():
    assert parse_rules(GOOD) == GOOD


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"client_id": ""}, "client_id"),
        ({"client_secret": None}, "client_secret"),
        ({"server_metadata_url": "id.example.gov.cn"}, "server_metadata_url must be an http(s) URL"),
        ({"role_claim": 3}, "role_claim must be a non-empty string"),
        ({"name_clam": "email"}, "unknown key(s) name_clam"),
        ({"roles": {}}, "[livelihood.sso.roles]"),
        ({"roles": "tracker-admins"}, "[livelihood.sso.roles]"),
        ({"roles": {"tracker-admins": "superuser"}}, "'superuser', which is no role"),
    ],
)
def test_a_malformed_section_is_refused_naming_the_key(change, said):
    broken = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(BadSsoConfig) as refused:
        parse_rules(broken)
    assert said in str(refused.value)


def test_a_section_that_is_no_table_is_refused():
    with pytest.raises(BadSsoConfig, match="must be a table"):
        parse_rules("groups")
