-- name: meta_get
SELECT value FROM meta WHERE key = $key;

-- name: meta_delete
DELETE FROM meta WHERE key = $key;

-- name: meta_insert
INSERT INTO meta (key, value) VALUES ($key, $value);

-- name: audit_next_id
SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log;

-- name: audit_insert
INSERT INTO audit_log (id, occurred_at, actor, action, object, detail)
VALUES ($id, $occurred_at, $actor, $action, $object, $detail);

-- name: audit_recent
SELECT id, occurred_at AS "at", actor, action, object, detail FROM audit_log ORDER BY id DESC LIMIT $limit;
