-- name: audit_of_action
SELECT id, occurred_at AS "at", actor, action, object, detail FROM audit_log WHERE action = $action ORDER BY id DESC LIMIT $limit;
