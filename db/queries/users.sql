-- name: users_count
SELECT count(*) FROM users;

-- name: user_get
SELECT name, role, department, password_hash, disabled, failed_attempts, locked_until, created_at, created_by, last_login_at
FROM users WHERE name = $name;

-- name: users_all
SELECT name, role, department, password_hash, disabled, failed_attempts, locked_until, created_at, created_by, last_login_at
FROM users ORDER BY name;

-- name: user_insert
INSERT INTO users (name, role, department, password_hash, disabled, failed_attempts, locked_until, created_at, created_by, last_login_at)
VALUES ($name, $role, $department, $password_hash, false, 0, NULL, $created_at, $created_by, NULL);

-- name: user_set_role
UPDATE users SET role = $role, department = $department WHERE name = $name;

-- name: user_set_disabled
UPDATE users SET disabled = $disabled WHERE name = $name;

-- name: user_set_password
UPDATE users SET password_hash = $password_hash, failed_attempts = 0, locked_until = NULL WHERE name = $name;

-- name: user_login_failed
UPDATE users SET failed_attempts = $failed_attempts, locked_until = $locked_until WHERE name = $name;

-- name: user_login_ok
UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = $at WHERE name = $name;
