-- name: session_insert
INSERT INTO sessions (id, account, created_at, last_seen_at, ended_at, ended_reason)
VALUES ($id, $account, $at, $at, NULL, NULL);

-- name: session_get
SELECT id, account, created_at, last_seen_at, ended_at, ended_reason FROM sessions WHERE id = $id;

-- name: session_touch
UPDATE sessions SET last_seen_at = $at WHERE id = $id AND ended_at IS NULL;

-- name: session_end
UPDATE sessions SET ended_at = $at, ended_reason = $reason WHERE id = $id AND ended_at IS NULL;

-- name: sessions_end_account
UPDATE sessions SET ended_at = $at, ended_reason = $reason WHERE account = $account AND ended_at IS NULL;

-- name: sessions_open_count
SELECT count(*) FROM sessions WHERE account = $account AND ended_at IS NULL;
