-- Alert rules (预警规则): the versions, oldest first.

-- name: rules_versions
SELECT version, from_year, from_month, amber_points, red_points, ahead_points, suggest_after, list_after,
       reason, set_by, set_at
FROM alert_rules ORDER BY version;

-- name: rules_next_version
SELECT COALESCE(MAX(version), 0) + 1 FROM alert_rules;

-- name: rules_insert
INSERT INTO alert_rules (version, from_year, from_month, amber_points, red_points, ahead_points, suggest_after,
                         list_after, reason, set_by, set_at)
VALUES ($version, $from_year, $from_month, $amber_points, $red_points, $ahead_points, $suggest_after,
        $list_after, $reason, $set_by, $set_at);
