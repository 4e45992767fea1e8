"""The alert-rule versions (预警规则) in the store; the rules themselves live in targets.rules."""

from __future__ import annotations

from db import status as stored_status
from db.audit import next_id, now
from db.sql import q, records
from targets.rules import AlertRules, RuleVersion, default_version


def versions(conn) -> list[RuleVersion]:
    """Every recorded version, oldest first (version 0, the built-in default, is not stored)."""
    return [
        RuleVersion(
            int(r["version"]),
            AlertRules(
                float(r["amber_points"]),
                float(r["red_points"]),
                float(r["ahead_points"]),
                int(r["suggest_after"]),
                int(r["list_after"]),
            ),
            int(r["from_year"]),
            int(r["from_month"]),
            r["set_by"],
            r["set_at"],
            r["reason"],
        )
        for r in records(conn, "rules_versions")
    ]


def default(conn) -> RuleVersion:
    """Version 0: the thresholds of the older settings (db.status.settings), the defaults unless changed."""
    return default_version(stored_status.settings(conn))


def insert(conn, rules: AlertRules, *, from_year: int, from_month: int, reason: str, actor: str) -> RuleVersion:
    """Record a new version inside the caller's transaction; returns it."""
    version = next_id(conn, "rules_next_version")
    at = now()
    conn.execute(
        q("rules_insert"),
        {
            "version": version,
            "from_year": from_year,
            "from_month": from_month,
            **rules.as_json(),
            "reason": reason,
            "set_by": actor,
            "set_at": at,
        },
    )
    return RuleVersion(version, rules, from_year, from_month, actor, at, reason)
